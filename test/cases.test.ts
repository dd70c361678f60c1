// The corpus of language cases: policy → expected diagnostics, and policy → reviewed compiled artifact.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { compilePolicy, serializeArtifact } from "../compiler/index.js";
import { ROOT } from "./helpers/corpus.js";

const DIAGNOSTICS = `${ROOT}test/cases/diagnostics/`;
const COMPILE = `${ROOT}test/cases/compile/`;

describe("diagnostics cases", () => {
  for (const file of readdirSync(DIAGNOSTICS).filter((f) => f.endsWith(".policy")).sort()) {
    it(file, () => {
      const text = readFileSync(DIAGNOSTICS + file, "utf8");
      const expected = YAML.parse(readFileSync(DIAGNOSTICS + file.replace(/\.policy$/, ".expected.yaml"), "utf8")) as string[];
      const { value, diagnostics } = compilePolicy(text);
      expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.range!.start.line}:${d.range!.start.column}`)).toEqual(expected);
      // Any error means no artifact; warnings alone still compile.
      expect(value === undefined).toBe(expected.some((e) => e.startsWith("error")));
      for (const d of diagnostics) {
        expect(d.message.length).toBeGreaterThan(10);
        expect(d.range!.end.offset).toBeLessThanOrEqual(text.length + 1);
      }
    });
  }
});

describe("compiled goldens", () => {
  for (const file of readdirSync(COMPILE).filter((f) => f.endsWith(".policy")).sort()) {
    it(`${file} compiles to its reviewed artifact, byte for byte`, () => {
      const text = readFileSync(COMPILE + file, "utf8");
      const golden = readFileSync(COMPILE + file.replace(/\.policy$/, ".artifact.json"), "utf8");
      const out = compilePolicy(text, { source: file });
      expect(out.diagnostics).toEqual([]);
      expect(serializeArtifact(out.value!)).toBe(golden);
    });
  }

  it("compiling is deterministic", () => {
    const text = readFileSync(`${ROOT}policies/retail-returns.policy`, "utf8");
    const a = serializeArtifact(compilePolicy(text, { source: "x" }).value!);
    const b = serializeArtifact(compilePolicy(text, { source: "x" }).value!);
    expect(a).toBe(b);
  });
});
