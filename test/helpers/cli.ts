import { spawnSync } from "node:child_process";
import { ROOT } from "./corpus.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (npm test builds first) as a user would. */
export function proviso(args: string[], input?: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [`${ROOT}bin/proviso.js`, ...args], {
    cwd: ROOT, encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
