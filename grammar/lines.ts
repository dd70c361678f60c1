// The one definition of a line: a line ends at "\r\n", "\n" or a lone "\r" — as the lexer counts lines
// (Chevrotain's line terminators), as editors show them, and as SARIF defines them. Positions,
// offsets, code frames, GitHub annotations and SARIF regions all come from here, so a caret is never
// a line off.

import type { SourcePosition } from "../runtime/index.js";

/** Splits text into its lines, without the line breaks. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The offsets at which the lines of a text start, in order (the first is 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Line and column (1-based) of an offset, by binary search over the line starts. */
export function positionAt(starts: readonly number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
}

/** The offset of a line and column (1-based), clamped to the text. */
export function offsetAt(starts: readonly number[], textLength: number, line: number, column: number): number {
  const start = starts[Math.min(Math.max(line, 1), starts.length) - 1] ?? 0;
  return Math.min(textLength, start + column - 1);
}
