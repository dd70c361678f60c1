// The policy library in policies/: documented, lint-clean, formatted, and fully exercised by its tests.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { proviso } from "./helpers/cli.js";
import { ROOT } from "./helpers/corpus.js";

const lintRows = () => JSON.parse(proviso(["lint", "policies", "--format", "json"]).stdout) as unknown[];

describe("policy library", () => {
  const files = proviso(["fmt", "policies", "--check"]);

  it("is formatted and lint-clean", () => {
    expect(files).toMatchObject({ code: 0, stdout: "" });
    expect(lintRows()).toEqual([]);
  });

  it("has at least the policies merchants ask about most, each opening with who it is for and its choices", () => {
    const wanted = [
      "shipped-order-cancellation", "late-cancellation", "merchant-cancellation", "frequent-cancellers", "digital-goods/digital-goods",
      "final-sale", "subscription-refunds", "event-tickets", "marketplace-zh",
      "retail-returns", "order-cancellation", "travel-booking", "food-delivery", "abuse-and-review",
    ];
    for (const name of wanted) {
      const text = readFileSync(`${ROOT}policies/${name}.policy`, "utf8");
      const lines = text.split("\n");
      const opening = lines.slice(0, lines.findIndex((l) => !l.startsWith("#"))).join("\n");
      expect(opening, name).toMatch(/^# .+/);
      expect(opening, name).toContain("For:");
      expect(opening, name).toContain("Choices:");
    }
  });

  it("passes its tests, and every reachable rule decides something in them", () => {
    const r = proviso(["test", "policies", "--coverage", "--format", "json"]);
    const report = JSON.parse(r.stdout) as { failed: number; passed: number; files: { file: string; coverage: { rules: { rule: string; decided: number; unreachable: boolean }[] } }[] };
    expect(r.code).toBe(0);
    expect(report.failed).toBe(0);
    expect(report.files.length).toBeGreaterThanOrEqual(14);
    for (const f of report.files) {
      const gaps = f.coverage.rules.filter((rule) => !rule.unreachable && rule.decided === 0).map((rule) => rule.rule);
      expect(gaps, f.file).toEqual([]);
    }
  });
});

describe("coverage of an unreachable otherwise", () => {
  it("is reported as unreachable, not counted as a gap", async () => {
    const { compilePolicy, runPolicyTests } = await import("../compiler/index.js");
    const { loadArtifact } = await import("../runtime/index.js");
    const { corpusEvent } = await import("./helpers/events.js");
    const compiled = compilePolicy(`policy "All" for returns
  currency USD
rule "Everything"
  approve
    refund 100% of item
    return shipping paid by customer
otherwise
  deny "Never."`);
    expect(compiled.diagnostics.map((d) => [d.code, d.range!.start.line])).toEqual([["lint/unreachable-rule", 7]]);
    const report = await runPolicyTests(loadArtifact(compiled.value!).value!, [{ name: "one", event: corpusEvent("retail-returns", 3), expect: { outcome: "approve" } }], compiled.diagnostics);
    expect(report.coverage.rules.map((r) => [r.rule, r.decided, r.unreachable])).toEqual([["Everything", 1, false], ["otherwise", 0, true]]);
    expect(report.coverage.rulePercent).toBe(100);
  });
});
