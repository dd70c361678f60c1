// Reading inputs for the CLI: files or stdin, JSON or YAML, with size limits and clear errors.

import { readFileSync, statSync } from "node:fs";
import YAML from "yaml";
import { limit } from "../runtime/index.js";

export const MAX_INPUT_BYTES = limit("inputBytes");

export class UsageError extends Error {}

export function readText(file: string): string {
  if (file === "-") return readFileSync(0, "utf8");
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (size > MAX_INPUT_BYTES) throw new UsageError(`${file} is larger than ${MAX_INPUT_BYTES} bytes`);
  return readFileSync(file, "utf8");
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
