// Verifying one policy file for `proviso verify`: compile it, find the rules the linter proves
// unreachable, take its tests' events as extra starting points, and run the verifier.

import { existsSync } from "node:fs";
import YAML from "yaml";
import { compilePolicy, plainEvent, resolveTestCases, verifyPolicy, type CompileOptions, type PolicyTestFile } from "../compiler/index.js";
import { loadArtifact, type Diagnostic } from "../runtime/index.js";
import { readText } from "./io.js";
import type { VerifiedFile } from "./verify-report.js";

export function verifyFile(file: string, options: CompileOptions): VerifiedFile | { file: string; source: string; diagnostics: Diagnostic[] } {
  const source = readText(file);
  const compiled = compilePolicy(source, options);
  if (!compiled.value) return { file, source, diagnostics: compiled.diagnostics };
  const policy = loadArtifact(compiled.value).value!;
  const unreachable = new Set<string>();
  for (const d of compiled.diagnostics.filter((x) => x.code === "lint/unreachable-rule")) {
    for (const version of compiled.checked?.versions ?? []) {
      const rule = version.rules.find((r) => r.range[0] === d.range?.start.line);
      if (rule) unreachable.add(`${version.id}/${rule.name}`);
    }
  }
  const tests = file.replace(/\.policy$/, ".test.yaml");
  let seeds: unknown[] = [];
  if (existsSync(tests)) {
    try {
      seeds = resolveTestCases(YAML.parse(readText(tests)) as PolicyTestFile).map((c) => c.event);
    } catch {
      seeds = [];
    }
  }
  return { file, source, report: verifyPolicy(policy, { seeds, unreachable }), plain: plainEvent(policy.artifact) };
}
