// How `proviso verify` reports: every property of every rule (pretty, JSON), and the failures as
// diagnostics with codes for the formats CI reads (SARIF, GitHub annotations), as `lint` does.

import type { PropertyResult, VerifyReport } from "../compiler/index.js";
import { warning, type Code, type Diagnostic } from "../runtime/index.js";

export interface VerifiedFile {
  file: string;
  source: string;
  report: VerifyReport;
  /** The plain event the searches start from, to show a counterexample by what differs from it. */
  plain: Record<string, unknown>;
}

const CODE_OF: Partial<Record<PropertyResult["property"], Code>> = {
  fires: "verify/rule-never-fires",
  "within-share": "verify/refund-above-share",
  "not-negative": "verify/refund-below-zero",
};

/** The failed properties as diagnostics at their rules. */
export function verifyDiagnostics(f: VerifiedFile): Diagnostic[] {
  return f.report.results.filter((r) => r.status === "fails" && CODE_OF[r.property] && r.line !== undefined).map((r) => {
    const line = r.line!;
    const column = r.column ?? 1;
    return warning(CODE_OF[r.property]!, `rule "${r.rule}"${r.terms ? ` (${r.terms})` : ""} ${r.message}`, {
      range: { start: { line, column, offset: 0 }, end: { line, column: column + 4, offset: 0 } },
      ...(r.fields ? { hint: `counterexample: ${describeFields(r.fields)}` } : {}),
    });
  });
}

/** The fields that matter in a counterexample, as `path = value`. */
export function describeFields(fields: Record<string, unknown>): string {
  return Object.entries(fields).map(([k, v]) => `${k} = ${v === undefined ? "absent" : JSON.stringify(v)}`).join(", ");
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.some((v) => v !== null && typeof v === "object")) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else out.set(prefix, value);
  return out;
}

/** An event as the fields where it differs from the plain event. */
export function describeEvent(event: Record<string, unknown>, plain: Record<string, unknown>): string {
  const a = flatten(event, "", new Map());
  const b = flatten(plain, "", new Map());
  const changed = [...a].filter(([k, v]) => JSON.stringify(b.get(k)) !== JSON.stringify(v)).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  const removed = [...b.keys()].filter((k) => !a.has(k)).map((k) => `no ${k}`);
  return [...changed, ...removed].join(", ") || "the plain event";
}

export function prettyVerify(files: readonly VerifiedFile[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const mark = { proven: paint("32", "✓"), fails: paint("31", "✗"), unproven: paint("33", "?") };
  const out: string[] = [];
  for (const f of files) {
    const counts = { proven: 0, fails: 0, unproven: 0 };
    for (const r of f.report.results) counts[r.status]++;
    out.push(`${f.file} — "${f.report.policy}": ${counts.proven} proven, ${counts.fails} failing, ${counts.unproven} unproven`);
    let last = "";
    for (const r of f.report.results) {
      const heading = r.rule === undefined ? "the policy" : `line ${r.line} "${r.rule}"${r.terms ? `, ${r.terms}` : ""}${f.report.results.some((x) => x.version !== r.version && x.rule !== undefined) ? ` (version ${r.version})` : ""}`;
      if (heading !== last) out.push(`  ${heading}`);
      last = heading;
      out.push(`    ${mark[r.status]} ${r.property}: ${r.message}`);
      if (r.status === "fails" && r.fields) out.push(`        counterexample: ${describeFields(r.fields)} (--counterexamples DIR writes the whole event)`);
    }
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

export function jsonVerify(files: readonly VerifiedFile[]): string {
  return `${JSON.stringify(files.map((f) => ({ file: f.file, policy: f.report.policy, results: f.report.results })), null, 2)}\n`;
}
