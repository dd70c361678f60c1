// The example policies of policies/, their test files (sample events) and custom fields, bundled at
// build time so the playground works offline.

import YAML from "yaml";
import { resolveTestCases, type PolicyTestCase, type PolicyTestFile } from "../compiler/policy-tests.js";

const policies = import.meta.glob("../policies/**/*.policy", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const tests = import.meta.glob("../policies/**/*.test.yaml", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const fields = import.meta.glob("../policies/**/proviso.fields.json", { import: "default", eager: true }) as Record<string, unknown>;

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
    const folderFields = fields[path.replace(/[^/]+$/, "proviso.fields.json")];
    if (folderFields !== undefined) example.fields = folderFields;
    return example;
  })
  .sort((a, b) => a.name.localeCompare(b.name));
