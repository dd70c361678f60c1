#!/usr/bin/env node
// The installed entry point. The CLI is TypeScript built to dist/ (`npm pack` builds it; in a checkout,
// `npm run build:lib`, which `npm start` and `npm test` run first).
import { existsSync } from "node:fs";

if (!existsSync(new URL("../dist/cli/main.js", import.meta.url))) {
  process.stderr.write("proviso: dist/cli/main.js is missing; in a checkout, run `npm run build:lib` first\n");
  process.exit(2);
}
await import("../dist/cli/main.js");
