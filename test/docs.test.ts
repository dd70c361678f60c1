// Every complete policy shown in the docs compiles, so the docs cannot drift from the language.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../compiler/index.js";
import { ROOT } from "./helpers/corpus.js";

const docs = ["README.md", ...readdirSync(`${ROOT}docs`).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

describe("policies in the docs", () => {
  for (const doc of docs) {
    const text = readFileSync(`${ROOT}${doc}`, "utf8");
    const blocks = [...text.matchAll(/```proviso\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^\s*(#.*\n\s*)*policy /.test(b));
    blocks.forEach((block, i) => {
      it(`${doc} example ${i + 1} compiles cleanly`, () => {
        const out = compilePolicy(block);
        expect(out.diagnostics.map((d) => `${d.code} ${d.range?.start.line}:${d.range?.start.column} ${d.message}`)).toEqual([]);
        expect(out.value).toBeDefined();
      });
    });
  }
});
