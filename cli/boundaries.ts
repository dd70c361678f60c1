// `proviso test --boundaries`: writes <policy>.boundaries.test.yaml beside a policy, with the boundary
// cases of compiler/boundaries.ts, in the test-file format `proviso test` runs.

import { existsSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import YAML from "yaml";
import { boundaryTests, compilePolicy, resolveTestCases, type CompileOptions, type PolicyTestFile } from "../compiler/index.js";
import { loadArtifact, type Diagnostic } from "../runtime/index.js";
import { readText } from "./io.js";

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/**
 * What to merge over `base` to get `event`, in the test files' merge rules (objects key by key, any
 * other value replaces, null removes); undefined when they are equal.
 */
export function patchOf(base: unknown, event: unknown): unknown {
  if (JSON.stringify(base) === JSON.stringify(event)) return undefined;
  if (!isObject(base) || !isObject(event)) return event;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) if (!(key in event)) out[key] = null;
  for (const [key, value] of Object.entries(event)) {
    const patch = patchOf(base[key], value);
    if (patch !== undefined) out[key] = patch;
  }
  return out;
}

export function writeBoundaryTests(file: string, options: CompileOptions): { target: string; cases: number; missed: string[] } | { diagnostics: Diagnostic[] } {
  const compiled = compilePolicy(readText(file), options);
  if (!compiled.value) return { diagnostics: compiled.diagnostics };
  const policy = loadArtifact(compiled.value).value!;
  const tests = file.replace(/\.policy$/, ".test.yaml");
  const seeds = existsSync(tests) ? resolveTestCases(YAML.parse(readText(tests)) as PolicyTestFile).map((c) => c.event) : [];
  const { cases, missed } = boundaryTests(policy, seeds);
  const target = file.replace(/\.policy$/, ".boundaries.test.yaml");
  const header = [
    `# Boundary tests of ${basename(file)}, written by \`proviso test --boundaries\`: for every rule an event it`,
    "# decides, and events on both sides of every threshold it uses, with the decisions the policy gives",
    "# today. Review them (is each decision what the policy should do?) and commit them; regenerate after",
    "# changing the policy and review the difference.",
  ].join("\n");
  // One base event, and each case as what differs from it: shorter to read, and to review in a diff.
  const base = cases[0]?.event ?? {};
  const written = cases.map((c) => ({ name: c.name, event: patchOf(base, c.event) ?? {}, ...(c.asOf ? { asOf: c.asOf } : {}), expect: c.expect }));
  writeFileSync(target, `${header}\n${YAML.stringify({ policy: basename(file), base, cases: written }, { lineWidth: 0 })}`);
  return { target, cases: cases.length, missed };
}
