import type { Code } from "./codes.js";

/** A position in policy text: 1-based line and column, 0-based character offset. */
export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}

/** A span of policy text; `end` is exclusive. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

export type Severity = "error" | "warning";

/**
 * The one diagnostic type of the project. Compiler diagnostics carry a `range` in the policy text;
 * event and artifact diagnostics carry a `path` in the JSON input instead.
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable, documented code such as `syntax/unexpected-token`; see docs/errors.md. */
  code: string;
  message: string;
  range?: SourceRange;
  /** JSON path of the offending value, e.g. `order.items[0].paid`. */
  path?: string;
  /** A short suggestion, e.g. a did-you-mean. */
  hint?: string;
  /** The file the range is in, when a stage reads several. */
  file?: string;
}

/** What every stage returns: a value (absent when the input could not be used) and what it found. */
export interface Staged<T> {
  value: T | undefined;
  diagnostics: Diagnostic[];
}

export function error(code: Code, message: string, where: { range?: SourceRange; path?: string; hint?: string; file?: string } = {}): Diagnostic {
  return { severity: "error", code, message, ...where };
}

export function warning(code: Code, message: string, where: { range?: SourceRange; path?: string; hint?: string; file?: string } = {}): Diagnostic {
  return { severity: "warning", code, message, ...where };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest candidate within a distance that scales with the word, or undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
