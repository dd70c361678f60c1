// Counterfactual explanations, checked by deciding again: on generated events for every library
// policy, applying each suggested change to the event (with a path setter written here, not the
// runtime's) changes that item's decision exactly as the counterfactual says.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { libraryFieldsOption } from "./helpers/events.js";
import YAML from "yaml";
import { compilePolicy, resolveTestCases, type PolicyTestFile } from "../compiler/index.js";
import { evaluateSync, loadArtifact } from "../runtime/index.js";
import { eventsFrom } from "./helpers/arbitrary-events.js";
import { ROOT, corpusSuites, filesUnder } from "./helpers/corpus.js";
import { checkDecision } from "./helpers/schemas.js";

/** Sets `a.b[2].c` in a copy of the data (or removes it). */
function changed(event: unknown, changes: { path: string; to?: unknown; removed?: true }[]): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(event));
  for (const { path, to, removed } of changes) {
    const keys = path.split(".").flatMap((part) => {
      const m = /^(\w+)\[(\d+)\]$/.exec(part);
      return m ? [m[1]!, Number(m[2])] : [part];
    });
    let node = copy;
    for (const key of keys.slice(0, -1)) node = node[key] ??= {};
    const last = keys[keys.length - 1]!;
    if (removed) delete node[last];
    else node[last] = to;
  }
  return copy;
}

describe("counterfactual explanations", () => {
  for (const file of filesUnder("policies", ".policy").map((f) => join(ROOT, f))) {
    it(`${file.slice(ROOT.length)}: each suggested change changes the decision as stated`, () => {
      const policy = loadArtifact(compilePolicy(readFileSync(file, "utf8"), libraryFieldsOption(file)).value!).value!;
      const seeds = resolveTestCases(YAML.parse(readFileSync(file.replace(/\.policy$/, ".test.yaml"), "utf8")) as PolicyTestFile).map((c) => c.event);
      let checked = 0;
      fc.assert(fc.property(eventsFrom(seeds), (event) => {
        const result = evaluateSync(policy, event, { counterfactuals: true, explain: false });
        if (!result.value) return;
        const decision = result.value;
        expect(checkDecision(decision)).toEqual([]);
        expect(decision.explanation).toBeUndefined();
        for (const cf of decision.counterfactuals ?? []) {
          const before = decision.items.find((i) => i.id === cf.item)!;
          const after = evaluateSync(policy, changed(event, cf.changes), { version: decision.policy.version, explain: false }).value!;
          const now = after.items.find((i) => i.id === cf.item)!;
          expect({ outcome: now.outcome, refund: now.refund.amount, rule: now.rule.name }).toEqual(cf.then);
          expect(now.outcome !== before.outcome || now.refund.amount !== before.refund.amount).toBe(true);
          for (const change of cf.changes) expect(JSON.stringify(change.from), cf.text).not.toBe(JSON.stringify(change.to));
          checked++;
        }
      }), { numRuns: 120, seed: 20261201 });
      expect(checked).toBeGreaterThan(0);
    }, 120_000);
  }

  it("gives the request time that would have been inside a window, to the second", () => {
    const suite = corpusSuites().find((s) => s.suite === "retail-returns")!;
    const late = suite.cases.find((c) => c.name.startsWith("damaged item reported 60 days and 1 hour"))!;
    const policy = loadArtifact(compilePolicy(readFileSync(join(ROOT, "policies/retail-returns.policy"), "utf8")).value!).value!;
    const decision = evaluateSync(policy, late.event, { counterfactuals: true }).value!;
    expect(decision.outcome).toBe("deny");
    const byTime = decision.counterfactuals!.find((c) => c.changes.length === 1 && c.changes[0]!.path === "at")!;
    const delivered = Date.parse(String((late.event as any).order.shipping.deliveredAt));
    expect(Date.parse(String(byTime.changes[0]!.to)) - delivered).toBe(60 * 24 * 3600 * 1000);
    expect(byTime).toMatchObject({ then: { outcome: "approve", rule: "Our mistake" }, condition: { rule: "Our mistake", was: false } });
    expect(byTime.text).toMatch(/^approve with a refund of \$89\.99 \(rule "Our mistake"\) if requested by .* \(1 hour earlier\)$/);
    expect(decision.counterfactuals![0]).toBe(byTime);
  });
});
