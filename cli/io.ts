// Reading inputs for the CLI: files or stdin, JSON or YAML, with size limits and clear errors.

import { readFileSync, statSync } from "node:fs";
import YAML from "yaml";
import { limit } from "../runtime/index.js";

export const MAX_INPUT_BYTES = limit("inputBytes");

export class UsageError extends Error {}

/** Refuses, as a usage error naming the file, what cannot be read as a file: missing, a folder. */
export function checkReadable(file: string): number {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (stats.isDirectory()) throw new UsageError(`cannot read ${file}: it is a folder, not a file`);
  return stats.size;
}

export function readText(file: string): string {
  if (file === "-") {
    try {
      return readFileSync(0, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read standard input: ${(e as Error).message}`);
    }
  }
  const size = checkReadable(file);
  if (size > MAX_INPUT_BYTES) throw new UsageError(`${file} is larger than ${MAX_INPUT_BYTES} bytes`);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * One event, JSON or YAML, from a file or standard input. Input that is not a JSON object or YAML
 * mapping (empty, a bare word, a list) is a usage error naming where it came from, exit 2: it is not
 * an event at all, as opposed to an event the policy refuses.
 */
export function readEvent(file: string): Record<string, unknown> {
  const where = file === "-" ? "standard input" : file;
  const text = readText(file);
  if (!text.trim()) throw new UsageError(`${where} is empty: give one event as JSON or YAML`);
  const data = parseData(text, where);
  if (data === null || typeof data !== "object") throw new UsageError(`${where}: not an event (a JSON object or YAML mapping), but ${data === null ? "nothing" : `a ${typeof data}`}`);
  if (Array.isArray(data)) throw new UsageError(`${where}: a list, not one event; decide many with --events FILE.jsonl (one JSON object per line)`);
  return data as Record<string, unknown>;
}

/** Parses JSON, or YAML when it is not JSON; errors name the file and position. */
export function parseData(text: string, file: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file}: not valid JSON: ${(e as Error).message}`);
    }
  }
  try {
    return YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON or YAML: ${(e as Error).message.split("\n")[0]}`);
  }
}
