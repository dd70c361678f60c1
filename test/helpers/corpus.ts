import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CORPUS_DIR = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));

export interface CorpusCase {
  name: string;
  event: Record<string, unknown>;
  expect: {
    outcome: string;
    refund: number;
    currency: string;
    method?: string;
    returnShipping?: string;
    keepItem?: boolean;
    actions?: string[];
    items?: Record<string, { outcome: string; refund?: number }>;
  };
}

export interface CorpusSuite {
  suite: string;
  kind: string;
  cases: CorpusCase[];
}

let suites: CorpusSuite[] | undefined;

/** The shared corpus, parsed once per test file (callers copy events before changing them). */
export function corpusSuites(): CorpusSuite[] {
  suites ??= readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => YAML.parse(readFileSync(`${CORPUS_DIR}${f}`, "utf8")) as CorpusSuite);
  return suites;
}

export function policyText(name: string): string {
  return readFileSync(`${ROOT}policies/${name}.policy`, "utf8");
}

/** Files under a folder of the project (recursively) whose names end with `ending`, relative to the root. */
export function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(`${ROOT}${dir}`, { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(path, ending) : entry.name.endsWith(ending) ? [path] : [];
  }).sort();
}
