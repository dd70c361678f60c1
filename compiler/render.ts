// The one renderer of diagnostics, shared by the CLI and the playground: a location line and a code
// frame with a caret under the problem.

import type { Diagnostic } from "../runtime/index.js";

export interface RenderOptions {
  /** File name shown before the position. */
  file?: string;
  /** ANSI colours (the CLI decides: TTY and no NO_COLOR). */
  color?: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function renderDiagnostic(d: Diagnostic, source: string | undefined, options: RenderOptions = {}): string {
  const color = options.color ?? false;
  const where = d.range ? `${options.file ?? "policy"}:${d.range.start.line}:${d.range.start.column}` : d.path !== undefined ? `${options.file ?? "event"}${d.path ? ` at ${d.path}` : ""}` : options.file ?? "";
  const severity = paint(color, d.severity === "error" ? "31;1" : "33;1", d.severity);
  const lines = [`${where}: ${severity} ${d.message} ${paint(color, "2", `[${d.code}]`)}`];
  if (d.range && source !== undefined) {
    const all = source.split("\n");
    const lineText = (all[d.range.start.line - 1] ?? "").replace(/\r$/, "").replace(/\t/g, " ");
    const gutter = String(d.range.start.line);
    const width = d.range.end.line === d.range.start.line ? Math.max(1, d.range.end.column - d.range.start.column) : Math.max(1, lineText.length - d.range.start.column + 1);
    lines.push(`  ${paint(color, "2", gutter)} | ${lineText}`);
    lines.push(`  ${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, d.range.start.column - 1))}${paint(color, d.severity === "error" ? "31" : "33", "^".repeat(Math.min(width, 200)))}`);
  }
  if (d.hint) lines.push(`  ${paint(color, "36", "hint:")} ${d.hint}`);
  return lines.join("\n");
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string | undefined, options: RenderOptions = {}): string {
  return diagnostics.map((d) => renderDiagnostic(d, source, options)).join("\n\n");
}
