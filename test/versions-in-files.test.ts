// One policy, one file per version: compiled together, the version in force at placedAt decides.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePolicyFiles } from "../compiler/index.js";
import { evaluate, loadArtifact } from "../runtime/index.js";
import { proviso } from "./helpers/cli.js";
import { ROOT } from "./helpers/corpus.js";
import { corpusEvent } from "./helpers/events.js";

const dir = `${ROOT}test/cases/versions-in-files/`;
const files = ["2026-h1.policy", "2026-h2.policy"].map((source) => ({ source, text: readFileSync(dir + source, "utf8") }));

describe("versions in separate files", () => {
  it("compile to one artifact whose versions are named after their files", async () => {
    const { value, diagnostics } = compilePolicyFiles(files);
    expect(diagnostics).toEqual([]);
    expect(value!.versions).toEqual([
      { id: "2026-h1", effectiveFrom: "2026-01-01T06:00:00.000Z", source: "2026-h1.policy" },
      { id: "2026-h2", effectiveFrom: "2026-07-01T05:00:00.000Z", source: "2026-h2.policy" },
    ]);
    const policy = loadArtifact(value!).value!;
    const event = corpusEvent("retail-returns", 3); // placed 2026-03-29, 9 days after delivery
    const spring = await evaluate(policy, event);
    expect(spring.value!.items[0]!.rule).toMatchObject({ version: "2026-h1", source: "2026-h1.policy", line: 6 });
    expect(spring.value!.returnShipping).toBe("customer");
    const later = await evaluate(policy, event, { asOf: "2026-08-01T00:00:00Z" });
    expect(later.value!.items[0]!.rule).toMatchObject({ version: "2026-h2", source: "2026-h2.policy" });
    expect(later.value!.returnShipping).toBe("merchant");
  });

  it("must agree on the header and not overlap", () => {
    const other = { source: "other.policy", text: files[1]!.text.replace("America/Chicago", "America/Denver") };
    expect(compilePolicyFiles([files[0]!, other]).diagnostics.map((d) => [d.code, d.file])).toEqual([["policy/versions-disagree", "other.policy"]]);
    const same = { source: "again.policy", text: files[0]!.text };
    expect(compilePolicyFiles([files[0]!, same]).diagnostics.map((d) => d.code)).toEqual(["policy/duplicate-effective"]);
  });

  it("compile from the CLI", () => {
    const r = proviso(["compile", `${dir}2026-h1.policy`, `${dir}2026-h2.policy`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).versions.map((v: { id: string }) => v.id)).toEqual(["2026-h1", "2026-h2"]);
  });
});
