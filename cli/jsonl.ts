// The one reader of JSON Lines, for `eval --events` and `replay`: streamed from a file or standard
// input in chunks (memory stays flat whatever the file's size), split at "\n" (a "\r" before it is
// dropped), a byte-order mark at the start of a line dropped, blank lines skipped, and a line longer
// than the limit reported by its number instead of being held in memory.

import { createReadStream } from "node:fs";
import { limit } from "../runtime/index.js";

export interface JsonLine {
  /** 1-based line number in the input. */
  line: number;
  /** The line's text; absent when the line was too long to read. */
  text?: string;
}

const BOM = "\uFEFF";

function decode(parts: Buffer[], size: number): string {
  let text = Buffer.concat(parts, size).toString("utf8");
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (text.startsWith(BOM)) text = text.slice(1);
  return text;
}

/** The non-blank lines of a JSON Lines input ("-" is standard input). */
export async function* jsonLines(file: string, maxLineBytes = limit("eventLineBytes")): AsyncGenerator<JsonLine> {
  const input = file === "-" ? process.stdin : createReadStream(file);
  let parts: Buffer[] = [];
  let size = 0;
  let line = 1;
  let tooLong = false;
  const finish = (): JsonLine | undefined => {
    const out: JsonLine | undefined = tooLong ? { line } : size ? { line, text: decode(parts, size) } : undefined;
    parts = [];
    size = 0;
    tooLong = false;
    return out && (out.text === undefined || out.text.trim()) ? out : undefined;
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      const end = newline < 0 ? chunk.length : newline;
      if (!tooLong) {
        if (size + end - start > maxLineBytes) {
          tooLong = true;
          parts = [];
          size = 0;
        } else if (end > start) {
          parts.push(chunk.subarray(start, end));
          size += end - start;
        }
      }
      if (newline < 0) break;
      const done = finish();
      if (done) yield done;
      line++;
      start = newline + 1;
    }
  }
  const last = finish();
  if (last) yield last;
}
