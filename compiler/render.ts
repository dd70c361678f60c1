// The one renderer of diagnostics, shared by the CLI and the playground: a location line and a code
// frame with a caret under the problem.

import { splitLines } from "../grammar/index.js";
import type { Diagnostic } from "../runtime/index.js";

export interface RenderOptions {
  /** File name shown before the position. */
  file?: string;
  /** ANSI colours (the CLI decides: TTY and no NO_COLOR). */
  color?: boolean;
}

/** Characters of a long source line shown before the problem, and at most in all. */
const FRAME_CONTEXT = 60;
const FRAME_WIDTH = 160;

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function renderDiagnostic(d: Diagnostic, source: string | undefined, options: RenderOptions = {}): string {
  return renderOne(d, source === undefined ? undefined : splitLines(source), options);
}

/** Renders with the source already split into lines: the text is split once for all its diagnostics. */
function renderOne(d: Diagnostic, lines: readonly string[] | undefined, options: RenderOptions): string {
  const color = options.color ?? false;
  const where = d.range ? `${options.file ?? "policy"}:${d.range.start.line}:${d.range.start.column}` : d.path !== undefined ? `${options.file ?? "event"}${d.path ? ` at ${d.path}` : ""}` : options.file ?? "";
  const severity = paint(color, d.severity === "error" ? "31;1" : "33;1", d.severity);
  const out = [`${where}: ${severity} ${d.message} ${paint(color, "2", `[${d.code}]`)}`];
  if (d.range && lines !== undefined) {
    const full = (lines[d.range.start.line - 1] ?? "").replace(/\t/g, " ");
    // A long line is shown as a window around the problem, so one huge line cannot make every frame huge.
    const from = Math.max(0, d.range.start.column - 1 - FRAME_CONTEXT);
    const shown = full.slice(from, d.range.start.column - 1 + FRAME_WIDTH);
    const lineText = `${from > 0 ? "…" : ""}${shown}${from + shown.length < full.length ? "…" : ""}`;
    const caretAt = d.range.start.column - 1 - from + (from > 0 ? 1 : 0);
    const gutter = String(d.range.start.line);
    const width = d.range.end.line === d.range.start.line ? Math.max(1, d.range.end.column - d.range.start.column) : Math.max(1, full.length - d.range.start.column + 1);
    out.push(`  ${paint(color, "2", gutter)} | ${lineText}`);
    out.push(`  ${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, caretAt))}${paint(color, d.severity === "error" ? "31" : "33", "^".repeat(Math.min(width, FRAME_WIDTH)))}`);
  }
  if (d.hint) out.push(`  ${paint(color, "36", "hint:")} ${d.hint}`);
  return out.join("\n");
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string | undefined, options: RenderOptions = {}): string {
  const lines = source === undefined ? undefined : splitLines(source);
  return diagnostics.map((d) => renderOne(d, lines, options)).join("\n\n");
}
