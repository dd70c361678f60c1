import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The five suites of the real-world corpus. Their cases live in the project's own test files,
 * `policies/<suite>.test.yaml` (written by scripts/corpus-to-tests.ts), so the tests need nothing
 * outside the repository; `npm run corpus` checks the CLI against the corpus itself where a
 * contributor has it.
 */
export const CORPUS_SUITES = ["abuse-and-review", "food-delivery", "order-cancellation", "retail-returns", "travel-booking"] as const;

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
  cases: CorpusCase[];
}

let suites: CorpusSuite[] | undefined;

/** The corpus suites' cases from policies/<suite>.test.yaml, parsed once per test file (callers copy events before changing them). */
export function corpusSuites(): CorpusSuite[] {
  suites ??= CORPUS_SUITES.map((suite) => {
    const file = YAML.parse(readFileSync(`${ROOT}policies/${suite}.test.yaml`, "utf8")) as { cases: CorpusCase[] };
    return { suite, cases: file.cases };
  });
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
