// Every case of the five real-world corpus suites (kept in policies/<suite>.test.yaml), through the
// policy in policies/ (compile → load → evaluate), with both evaluators and the money invariants.
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../compiler/index.js";
import { evaluate, loadArtifact } from "../runtime/index.js";
import { corpusSuites, policyText } from "./helpers/corpus.js";
import { checkDecision } from "./helpers/schemas.js";

const suites = corpusSuites();

const KINDS: Record<string, string> = { "abuse-and-review": "return", "food-delivery": "cancellation", "order-cancellation": "cancellation", "retail-returns": "return", "travel-booking": "cancellation" };

describe("real-world corpus", () => {
  it("has the five suites the project promises to express, each with its cases", () => {
    expect(suites.map((s) => s.suite)).toEqual(Object.keys(KINDS));
    for (const suite of suites) expect(suite.cases.length, suite.suite).toBeGreaterThanOrEqual(8);
  });

  for (const suite of suites) {
    describe(suite.suite, () => {
      const compiled = compilePolicy(policyText(suite.suite), { source: `${suite.suite}.policy` });

      it("compiles without errors or warnings", () => {
        expect(compiled.diagnostics).toEqual([]);
        expect(compiled.value?.policy.kind).toBe(KINDS[suite.suite]);
      });

      const loaded = compiled.value && loadArtifact(JSON.parse(JSON.stringify(compiled.value)));
      for (const c of suite.cases) {
        it(c.name, async () => {
          const { value: decision, diagnostics } = await evaluate(loaded!.value!, c.event);
          expect(diagnostics).toEqual([]);
          // The fast evaluator (the default) and json-rules-engine (the reference) agree exactly.
          expect(await evaluate(loaded!.value!, c.event, { engine: "jre" })).toEqual({ value: decision, diagnostics });
          expect(checkDecision(decision)).toEqual([]);
          const e = c.expect;
          expect(decision!.outcome).toBe(e.outcome);
          expect(decision!.refund.amount).toBe(e.refund);
          // The project's own cases beside the corpus ones may leave the currency out.
          if (e.currency !== undefined) expect(decision!.refund.currency).toBe(e.currency);
          if (e.refund) expect(decision!.refund.method).toBe(e.method);
          else expect(decision!.refund.method).toBeNull();
          if (e.returnShipping) expect(decision!.returnShipping).toBe(e.returnShipping);
          if (e.keepItem !== undefined) expect(decision!.keepItem).toBe(e.keepItem);
          const actionTypes = decision!.actions.map((a) => a.type);
          for (const action of e.actions ?? []) expect(actionTypes).toContain(action);
          for (const [id, want] of Object.entries(e.items ?? {})) {
            const item = decision!.items.find((i) => i.id === id)!;
            expect(item.outcome).toBe(want.outcome);
            if (want.refund !== undefined) expect(item.refund.amount).toBe(want.refund);
          }
          // Money invariants hold on every corpus decision.
          const items = decision!.items.reduce((s, i) => s + i.refund.amount, 0);
          const adjustments = decision!.refund.breakdown.adjustments.reduce((s, a) => s + a.amount, 0);
          expect(decision!.refund.amount).toBe(Math.max(0, items + adjustments));
          expect(decision!.review.items).toEqual(decision!.items.filter((i) => i.outcome === "review").map((i) => i.id));
        });
      }
    });
  }
});
