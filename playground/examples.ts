// The example policies of policies/, their test files (sample events) and custom fields, bundled at
// build time so the playground works offline.

import YAML from "yaml";
import { declaredFieldsFile } from "../compiler/custom-fields.js";
import { resolveTestCases, type PolicyTestCase, type PolicyTestFile } from "../compiler/policy-tests.js";

const policies = import.meta.glob("../policies/**/*.policy", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const tests = import.meta.glob("../policies/**/*.test.yaml", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const fields = import.meta.glob("../policies/**/*.json", { import: "default", eager: true }) as Record<string, unknown>;

/** The fields file of a policy, found as the CLI finds it: named in the header, else <name>.fields.json, else the folder's. */
function fieldsFor(path: string, text: string): unknown {
  const folder = path.replace(/[^/]+$/, "");
  const declared = declaredFieldsFile(text);
  if (declared !== undefined) return fields[normalize(folder + declared)];
  return fields[path.replace(/\.policy$/, ".fields.json")] ?? fields[`${folder}proviso.fields.json`];
}

/** Resolves `.` and `..` in a relative path of the bundle. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === ".") continue;
    if (part === ".." && out.length && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

export interface Example {
  name: string;
  title: string;
  text: string;
  fields?: unknown;
  cases: PolicyTestCase[];
}

export const EXAMPLES: Example[] = Object.entries(policies)
  .map(([path, text]) => {
    const name = path.replace(/^\.\.\/policies\//, "").replace(/\.policy$/, "");
    const title = /policy\s+"([^"]+)"/.exec(text)?.[1] ?? name;
    const testText = tests[path.replace(/\.policy$/, ".test.yaml")];
    const example: Example = { name, title, text, cases: testText ? resolveTestCases(YAML.parse(testText) as PolicyTestFile) : [] };
    const chosen = fieldsFor(path, text);
    if (chosen !== undefined) example.fields = chosen;
    return example;
  })
  .sort((a, b) => a.name.localeCompare(b.name));
