import { spawnSync } from "node:child_process";
import { ROOT } from "./corpus.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (npm test builds first) as a user would. */
export function proviso(args: string[], input?: string, env: Record<string, string> = {}, cwd = ROOT): CliResult {
  // Colour only when a test asks for it: the test runner's own FORCE_COLOR does not leak through.
  const { FORCE_COLOR: _runner, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [`${ROOT}bin/proviso.js`, ...args], {
    cwd, encoding: "utf8", input, env: { ...inherited, NO_COLOR: "1", ...env }, timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
