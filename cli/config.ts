// The project configuration, `proviso.config.yaml`: the nearest one found upward from a policy file
// (as eslint and prettier find theirs) sets the level of lint codes and the files to leave out.
// Configurations do not cascade: the nearest one is the whole configuration for the files below it.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ignore, { type Ignore } from "ignore";
import YAML from "yaml";
import { readProjectConfig, renderDiagnostics, type ProjectConfig } from "../compiler/index.js";
import { error } from "../runtime/index.js";
import { UsageError } from "./io.js";

export const CONFIG_FILE = "proviso.config.yaml";

export interface LoadedConfig extends ProjectConfig {
  file: string;
  dir: string;
  /** The `ignore` patterns, relative to `dir`; absent when there are none. */
  ignorer?: Ignore;
}

const byDir = new Map<string, LoadedConfig | null>();

function load(file: string): LoadedConfig {
  const text = readFileSync(file, "utf8");
  let data: unknown;
  try {
    data = YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    const line = (e as { linePos?: [{ line: number; col: number }] }).linePos?.[0];
    const where = line ? { range: { start: { line: line.line, column: line.col, offset: 0 }, end: { line: line.line, column: line.col + 1, offset: 0 } } } : {};
    throw new UsageError(renderDiagnostics([error("config/invalid", `not valid YAML: ${(e as Error).message.split("\n")[0]}`, where)], text, { file }));
  }
  const read = readProjectConfig(data);
  if (!read.value) throw new UsageError(renderDiagnostics(read.diagnostics, undefined, { file }));
  const dir = dirname(file);
  return { ...read.value, file, dir, ...(read.value.ignore.length ? { ignorer: ignore().add(read.value.ignore) } : {}) };
}

/** The configuration that applies to a file, if any. Throws a UsageError when it is invalid. */
export function configFor(file: string): LoadedConfig | undefined {
  const seen: string[] = [];
  let found: LoadedConfig | null = null;
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    const cached = byDir.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    seen.push(dir);
    const file = join(dir, CONFIG_FILE);
    if (existsSync(file)) {
      found = load(file);
      break;
    }
    if (dirname(dir) === dir) break;
  }
  for (const dir of seen) byDir.set(dir, found);
  return found ?? undefined;
}
