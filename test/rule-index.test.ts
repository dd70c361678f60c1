// Large versions find the first matching rule through an index of what each rule needs (a field's
// value, a number past a threshold) when no explanation is asked for. The decision must be the one
// trying every rule in order gives (the explanation's own path, and json-rules-engine's).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatedPolicy } from "../bench/policies.js";
import { eventGenerator } from "../bench/events.js";
import { evaluate, evaluateSync, type Decision } from "../runtime/index.js";
import { load } from "./helpers/events.js";

type Json = Record<string, any>;

const withoutExplanation = (d: Decision | undefined) => {
  if (!d) return d;
  const { explanation: _explanation, ...rest } = d;
  return rest;
};

describe("the rule index of a large version", () => {
  const policy = load(generatedPolicy(2000));
  const seeds = (() => {
    const next = eventGenerator(3);
    return Array.from({ length: 200 }, () => next() as Json);
  })();
  // Changes that reach rules of every kind, and none (otherwise): categories and reasons no rule names,
  // tiers, return counts, missing delivery, requested units.
  const variant = fc.record({
    seed: fc.integer({ min: 0, max: seeds.length - 1 }),
    category: fc.option(fc.constantFrom("apparel", "electronics", "software", "toys"), { nil: undefined }),
    reason: fc.option(fc.constantFrom("other", "damaged", "size", "late_delivery"), { nil: undefined }),
    tier: fc.option(fc.constantFrom("gold", "standard"), { nil: undefined }),
    returns12m: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
    undelivered: fc.boolean(),
    finalSale: fc.boolean(),
  }).map((v) => {
    const e = structuredClone(seeds[v.seed]!);
    if (v.reason) e.reason = v.reason;
    if (v.tier) e.customer.tier = v.tier;
    if (v.returns12m !== undefined) e.customer.stats.returns12m = v.returns12m;
    for (const line of e.order.items) {
      if (v.category) line.category = v.category;
      line.finalSale = v.finalSale;
    }
    if (v.undelivered) {
      delete e.order.shipping.deliveredAt;
      e.order.status = "shipped";
    }
    return e;
  });

  it("decides as trying every rule in order does, on events reaching every kind of rule and none", () => {
    let otherwise = 0;
    fc.assert(
      fc.property(variant, (event) => {
        const indexed = evaluateSync(policy, event, { explain: false });
        const inOrder = evaluateSync(policy, event);
        expect(indexed.diagnostics).toEqual(inOrder.diagnostics);
        expect(indexed.value).toEqual(withoutExplanation(inOrder.value));
        if (indexed.value?.items.some((i) => i.rule.otherwise)) otherwise++;
      }),
      { numRuns: 1500, seed: 20261203 },
    );
    expect(otherwise).toBeGreaterThan(20);
  });

  it("and as json-rules-engine does", async () => {
    await fc.assert(
      fc.asyncProperty(variant, async (event) => {
        const indexed = evaluateSync(policy, event, { explain: false });
        const reference = await evaluate(policy, event, { explain: false, engine: "jre" });
        expect(indexed).toEqual(reference);
      }),
      { numRuns: 60, seed: 20261204 },
    );
  }, 60_000);

  it("finds threshold rules of every comparison, whether a number passes a few of them or most", () => {
    // For each comparison, a policy whose rules have that threshold as their only indexable condition.
    const comparisons = [
      (n: number) => `customer.stats.returns12m >= ${20 + (n % 60)}`,
      (n: number) => `customer.stats.orders12m > ${20 + (n % 60)}`,
      (n: number) => `item.paid <= USD ${20 + (n % 60)}.00`,
      (n: number) => `customer.stats.cancellations12m < ${20 + (n % 60)}`,
    ];
    const event = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      returns: fc.integer({ min: 0, max: 100 }),
      orders: fc.integer({ min: 0, max: 100 }),
      cancellations: fc.integer({ min: 0, max: 100 }),
      // Whole dollars often: a threshold's boundary is where an index goes wrong.
      paid: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 90 }).map((dollars) => dollars * 100)),
      tier: fc.constantFrom("t0", "t1", "t2", "t3", "t4", "gold"),
    }).map((v) => {
      const e = structuredClone(seeds[v.seed]!);
      e.customer.stats = { returns12m: v.returns, orders12m: v.orders, cancellations12m: v.cancellations };
      e.customer.tier = v.tier;
      for (const line of e.order.items) line.paid = v.paid;
      return e;
    });
    for (const comparison of comparisons) {
      const rules = Array.from({ length: 200 }, (_, i) => `rule "T${i}"\n  when ${comparison(i * 37 + 11)} and customer.tier is not "t${i % 5}"\n  review "T${i}"\n`);
      const thresholds = load(`policy "Thresholds" for returns\n  currency USD\n\n${rules.join("\n")}\notherwise\n  deny "No."\n`);
      let otherwise = 0;
      fc.assert(
        fc.property(event, (e) => {
          const indexed = evaluateSync(thresholds, e, { explain: false });
          const inOrder = evaluateSync(thresholds, e);
          expect(indexed.diagnostics).toEqual(inOrder.diagnostics);
          expect(indexed.value).toEqual(withoutExplanation(inOrder.value));
          if (indexed.value?.items.some((i) => i.rule.otherwise)) otherwise++;
        }),
        { numRuns: 400, seed: 20261205 },
      );
      expect(otherwise).toBeGreaterThan(2);
    }
  });
});
