#!/usr/bin/env node
// `npm run corpus`: runs the shared real-world corpus through the built CLI, for contributors who have
// the corpus checked out beside the project (../shared). The tests do not need it: the corpus cases
// are kept in policies/<suite>.test.yaml (scripts/corpus-to-tests.ts writes them).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const tool = `${root}../shared/tools/corpus-check.mjs`;
if (!existsSync(tool)) {
  console.error("npm run corpus: no ../shared/tools/corpus-check.mjs beside this checkout; the corpus cases are tested by `npm test` from policies/*.test.yaml.");
  process.exit(2);
}
const r = spawnSync(process.execPath, [tool, `${root}../shared/corpus`, `${root}policies`, "--verbose", ...process.argv.slice(2)], { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
