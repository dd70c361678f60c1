// The formatter: a reviewed golden, idempotence, comments kept, and the same rules after formatting.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy, formatPolicy } from "../compiler/index.js";
import { parsePolicy } from "../grammar/index.js";
import { withoutPositions } from "./helpers/artifacts.js";
import { ROOT, filesUnder } from "./helpers/corpus.js";

const samples = [...filesUnder("policies", ".policy"), ...filesUnder("test/cases", ".policy")].filter((f) => parsePolicy(readFileSync(join(ROOT, f), "utf8")).diagnostics.every((d) => d.severity !== "error"));

describe("proviso fmt", () => {
  it("lays out a messy policy as reviewed", () => {
    const out = formatPolicy(readFileSync(`${ROOT}test/cases/format/messy.policy`, "utf8"));
    expect(out.value).toBe(readFileSync(`${ROOT}test/cases/format/messy.formatted.policy`, "utf8"));
  });

  it("leaves the example policies as they are (they are formatted)", () => {
    for (const f of filesUnder("policies", ".policy")) {
      const text = readFileSync(join(ROOT, f), "utf8");
      expect(formatPolicy(text).value, f).toBe(text);
    }
  });

  for (const file of samples) {
    it(`${file}: idempotent, comments kept, same rules`, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const once = formatPolicy(text).value!;
      expect(formatPolicy(once).value).toBe(once);
      const comments = (t: string) => parsePolicy(t).value!.comments.map((c) => c.text.trim());
      expect(comments(once)).toEqual(comments(text));
      const before = compilePolicy(text);
      const after = compilePolicy(once);
      expect(after.diagnostics.map((d) => d.code)).toEqual(before.diagnostics.map((d) => d.code));
      if (before.value) expect(withoutPositions(after.value!)).toEqual(withoutPositions(before.value));
    });
  }

  it("refuses text with syntax errors instead of guessing", () => {
    const out = formatPolicy('policy "x" for returns\nrule "a" when item.paid > deny');
    expect(out.value).toBeUndefined();
    expect(out.diagnostics[0]!.code).toBe("syntax/unexpected-token");
  });
});
