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
  // Most lines lie within one chunk: decoded where they are, without a copy.
  let text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)).toString("utf8");
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (text.startsWith(BOM)) text = text.slice(1);
  return text;
}

/** Bytes [start, end) of a file: a worker's share of it, starting at the beginning of a line. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The non-blank lines of a JSON Lines input ("-" is standard input), or of a range of a file (line
 * numbers then count from the range's start).
 */
export async function* jsonLines(file: string, maxLineBytes = limit("eventLineBytes"), range?: ByteRange, onEnd?: (lineBreaks: number) => void): AsyncGenerator<JsonLine> {
  if (range && range.end <= range.start) {
    onEnd?.(0);
    return;
  }
  const input = file === "-" ? process.stdin : createReadStream(file, range ? { start: range.start, end: range.end - 1 } : {});
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
  onEnd?.(line - 1);
}

/**
 * Splits a file into `parts` ranges of about equal size, each starting at the beginning of a line (so
 * each can be read on its own), and says how many line breaks each holds (to number lines across them).
 */
export async function lineRanges(file: string, size: number, parts: number): Promise<ByteRange[]> {
  const { open } = await import("node:fs/promises");
  const handle = await open(file, "r");
  try {
    const starts = [0];
    const probe = Buffer.alloc(64 * 1024);
    for (let i = 1; i < parts; i++) {
      let at = Math.max(Math.floor((size * i) / parts), starts[starts.length - 1]!);
      // The next line starts after the next line break at or after the cut.
      for (;;) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, at);
        if (!bytesRead) {
          at = size;
          break;
        }
        const newline = probe.subarray(0, bytesRead).indexOf(10);
        if (newline >= 0) {
          at += newline + 1;
          break;
        }
        at += bytesRead;
      }
      starts.push(Math.min(at, size));
    }
    return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1]! : size }));
  } finally {
    await handle.close();
  }
}
