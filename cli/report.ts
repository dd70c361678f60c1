// Output formats for lint findings: pretty (code frames), json, SARIF 2.1.0 and GitHub annotations.

import { codeDocsUrl, codeHelp, codeInfo, renderDiagnostics } from "../compiler/index.js";
import type { Diagnostic } from "../runtime/index.js";

export interface FileFindings {
  file: string;
  source: string;
  diagnostics: Diagnostic[];
}

export const LINT_FORMATS = ["pretty", "json", "sarif", "github"] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export function pretty(findings: readonly FileFindings[], color: boolean): string {
  const blocks = findings.filter((f) => f.diagnostics.length).map((f) => renderDiagnostics(f.diagnostics, f.source, { file: f.file, color }));
  const errors = findings.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === "error").length, 0);
  const warnings = findings.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === "warning").length, 0);
  if (!errors && !warnings) return "";
  return `${blocks.join("\n\n")}\n\n${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} in ${findings.length} file${findings.length === 1 ? "" : "s"}\n`;
}

export function json(findings: readonly FileFindings[]): string {
  const rows = findings.flatMap((f) => f.diagnostics.map((d) => ({
    file: f.file, severity: d.severity, code: d.code, message: d.message,
    line: d.range?.start.line, column: d.range?.start.column, endLine: d.range?.end.line, endColumn: d.range?.end.column,
    ...(d.hint ? { hint: d.hint } : {}), ...(d.path !== undefined ? { path: d.path } : {}),
  })));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** SARIF 2.1.0, as GitHub code scanning and other tools read it; rules describe themselves from the code table. */
export function sarif(findings: readonly FileFindings[], version: string): string {
  const codes = [...new Set(findings.flatMap((f) => f.diagnostics.map((d) => d.code)))].sort();
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "proviso",
          version,
          semanticVersion: version,
          informationUri: "https://github.com/proviso-dev/proviso",
          rules: codes.map((code) => {
            const info = codeInfo(code);
            const help = codeHelp(code, version);
            return {
              id: code,
              name: code.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
              shortDescription: { text: info ? plainSentence(info.summary) : code },
              fullDescription: { text: help?.description ?? code },
              help: { text: help?.help ?? "", markdown: help?.helpMarkdown ?? "" },
              helpUri: codeDocsUrl(code, version),
              defaultConfiguration: { level: info?.severity ?? "error" },
              properties: { tags: [code.split("/")[0]!] },
            };
          }),
        },
      },
      columnKind: "utf16CodeUnits",
      results: findings.flatMap((f) => f.diagnostics.map((d) => ({
        ruleId: d.code,
        ruleIndex: codes.indexOf(d.code),
        level: d.severity === "error" ? "error" : "warning",
        message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file.split("\\").join("/") },
            region: d.range
              ? { startLine: d.range.start.line, startColumn: d.range.start.column, endLine: d.range.end.line, endColumn: d.range.end.column }
              : { startLine: 1, startColumn: 1 },
          },
        }],
      }))),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const plainSentence = (markdown: string) => markdown.replace(/`/g, "");

/** How many annotations of each severity GitHub shows for one step; it drops the rest without a word. */
export const GITHUB_ANNOTATIONS_PER_STEP = 10;

/**
 * GitHub Actions workflow commands: an annotation per finding, up to what GitHub shows for a step;
 * the findings beyond that are printed as plain log lines, with a notice that says so.
 */
export function github(findings: readonly FileFindings[]): string {
  const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const shown = { error: 0, warning: 0 };
  let unannotated = 0;
  const lines = findings.flatMap((f) => f.diagnostics.map((d) => {
    const text = d.hint ? `${d.message} (${d.hint})` : d.message;
    if (shown[d.severity] >= GITHUB_ANNOTATIONS_PER_STEP) {
      unannotated++;
      const at = d.range ? `:${d.range.start.line}:${d.range.start.column}` : "";
      return `${f.file}${at}: ${d.severity} ${text} [${d.code}]\n`;
    }
    shown[d.severity]++;
    const where = d.range ? `,line=${d.range.start.line},col=${d.range.start.column},endLine=${d.range.end.line},endColumn=${d.range.end.column}` : "";
    return `::${d.severity} file=${escapeProperty(f.file)}${where},title=${escapeProperty(d.code)}::${escapeData(text)}\n`;
  }));
  if (unannotated) {
    lines.push(`::notice title=proviso::${unannotated} more finding${unannotated === 1 ? " is" : "s are"} listed in the log without an annotation: GitHub shows at most ${GITHUB_ANNOTATIONS_PER_STEP} errors and ${GITHUB_ANNOTATIONS_PER_STEP} warnings per step. Use --format sarif with code scanning to see every finding on the pull request.\n`);
  }
  return lines.join("");
}

/** A Markdown summary of lint findings, for a CI job's summary page ($GITHUB_STEP_SUMMARY). */
export function lintSummary(findings: readonly FileFindings[], version: string, limit = 200): string {
  const all = findings.flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, d })));
  const errors = all.filter((x) => x.d.severity === "error").length;
  const warnings = all.length - errors;
  const out = [`### proviso lint: ${errors ? "❌" : warnings ? "⚠️" : "✅"} ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} in ${findings.length} file${findings.length === 1 ? "" : "s"}`, ""];
  if (all.length) {
    out.push("| where | severity | code | message |", "|---|---|---|---|");
    const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
    for (const { file, d } of all.slice(0, limit)) {
      out.push(`| \`${cell(file)}${d.range ? `:${d.range.start.line}:${d.range.start.column}` : ""}\` | ${d.severity} | [\`${d.code}\`](${codeDocsUrl(d.code, version)}) | ${cell(d.hint ? `${d.message} (${d.hint})` : d.message)} |`);
    }
    if (all.length > limit) out.push("", `…and ${all.length - limit} more (see the log).`);
  }
  return `${out.join("\n")}\n\n`;
}
