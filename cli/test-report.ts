// How `proviso test` reports: each case with expected vs actual on failure, coverage, and a closing
// "N passed, N failed" line.

import type { TestReport } from "../compiler/index.js";

export interface TestFileReport {
  file: string;
  policyFile: string;
  report?: TestReport;
  error?: string;
}

export interface ReportOptions {
  coverage: boolean;
  threshold: number | undefined;
  json: boolean;
  color: boolean;
}

const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));

export function formatTestReport(files: readonly TestFileReport[], options: ReportOptions): { text: string; failed: boolean } {
  const paint = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  let passed = 0;
  let failed = 0;
  let belowThreshold = false;
  const lines: string[] = [];
  for (const f of files) {
    if (!f.report) {
      failed++;
      lines.push(`${paint("31", "✗")} ${f.file}: ${f.error}`);
      continue;
    }
    const r = f.report;
    passed += r.passed;
    failed += r.failed;
    lines.push(`${f.file} (${f.policyFile})`);
    for (const result of r.results) {
      if (result.passed) {
        lines.push(`  ${paint("32", "✓")} ${result.name}`);
        continue;
      }
      lines.push(`  ${paint("31", "✗")} ${result.name}`);
      for (const m of result.mismatches) lines.push(`      ${m.path || "decision"}: expected ${show(m.expected)}, got ${show(m.actual)}`);
      for (const d of result.diagnostics ?? []) lines.push(`      ${d.code}${d.path ? ` at ${d.path}` : ""}: ${d.message}`);
    }
    if (options.coverage) {
      const c = r.coverage;
      const threshold = options.threshold;
      const low = threshold !== undefined && (c.rulePercent < threshold || c.conditionPercent < threshold);
      belowThreshold ||= low;
      lines.push(`  coverage: rules ${c.rulePercent}%, conditions ${c.conditionPercent}% (each seen true and false)${low ? paint("31", ` — below ${threshold}%`) : ""}`);
      for (const rule of c.rules) {
        const mark = rule.unreachable ? "unreachable (lint/unreachable-rule), not counted" : rule.decided ? `decided ${rule.decided} item${rule.decided === 1 ? "" : "s"}` : paint("31", "never decided");
        lines.push(`    line ${String(rule.line).padStart(3)} ${rule.version === "1" ? "" : `[${rule.version}] `}"${rule.rule}": ${mark}`);
      }
      for (const cond of c.conditions.filter((x) => !x.seenTrue || !x.seenFalse)) {
        const missing = [!cond.seenTrue && "true", !cond.seenFalse && "false"].filter(Boolean).join(" or ");
        lines.push(`    ${paint("33", "○")} rule "${cond.rule}", line ${cond.line}:${cond.column}: "${cond.text}" never seen ${missing}`);
      }
    }
    lines.push("");
  }
  if (options.json) {
    const text = `${JSON.stringify({ passed, failed, belowThreshold, files: files.map((f) => ({ file: f.file, policy: f.policyFile, error: f.error, results: f.report?.results.map(({ decision: _d, ...rest }) => rest), coverage: options.coverage ? f.report?.coverage : undefined })) }, null, 2)}\n`;
    return { text, failed: failed > 0 || belowThreshold };
  }
  lines.push(`${passed} passed, ${failed} failed`);
  return { text: `${lines.join("\n")}\n`, failed: failed > 0 || belowThreshold };
}

/** A Markdown summary of a test run, for a CI job's summary page ($GITHUB_STEP_SUMMARY). */
export function testSummary(files: readonly TestFileReport[], coverage: boolean): string {
  let passed = 0;
  let failed = 0;
  const rows: string[] = [];
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  for (const f of files) {
    if (!f.report) {
      failed++;
      rows.push(`| \`${cell(f.file)}\` | — | — | ${cell(f.error ?? "")} |`);
      continue;
    }
    passed += f.report.passed;
    failed += f.report.failed;
    const c = f.report.coverage;
    const failures = f.report.results.filter((r) => !r.passed).map((r) => r.name);
    rows.push(`| \`${cell(f.file)}\` | ${f.report.passed} | ${f.report.failed} | ${coverage ? `rules ${c.rulePercent}%, conditions ${c.conditionPercent}%` : ""}${failures.length ? `${coverage ? "; " : ""}failed: ${cell(failures.join(", "))}` : ""} |`);
  }
  return [`### proviso test: ${failed ? "❌" : "✅"} ${passed} passed, ${failed} failed`, "", "| tests | passed | failed | notes |", "|---|---|---|---|", ...rows, "", ""].join("\n");
}
