// Output formats for lint findings: pretty (code frames), json, SARIF 2.1.0 and GitHub annotations.

import { renderDiagnostics } from "../compiler/index.js";
import { CODES, type Diagnostic } from "../runtime/index.js";

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

/** SARIF 2.1.0, as GitHub code scanning and other tools read it. */
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
          informationUri: "https://github.com/proviso-dev/proviso/blob/main/docs/errors.md",
          rules: codes.map((code) => ({
            id: code,
            name: code.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
            shortDescription: { text: (CODES as Record<string, { summary: string }>)[code]?.summary ?? code },
            defaultConfiguration: { level: (CODES as Record<string, { severity: string }>)[code]?.severity ?? "error" },
            helpUri: "https://github.com/proviso-dev/proviso/blob/main/docs/errors.md",
          })),
        },
      },
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

/** GitHub Actions workflow commands: one annotation per finding. */
export function github(findings: readonly FileFindings[]): string {
  const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return findings.flatMap((f) => f.diagnostics.map((d) => {
    const where = d.range ? `,line=${d.range.start.line},col=${d.range.start.column},endLine=${d.range.end.line},endColumn=${d.range.end.column}` : "";
    return `::${d.severity === "error" ? "error" : "warning"} file=${escapeProperty(f.file)}${where},title=${escapeProperty(d.code)}::${escapeData(d.hint ? `${d.message} (${d.hint})` : d.message)}\n`;
  })).join("");
}
