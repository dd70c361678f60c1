// The evaluator checks that an event is plain data within the limits by walking only the parts the
// schema leaves open (runtime/plain-data.ts). Its truth is the whole walk, describePlainData: for any
// event, a decision's refusal must name exactly the problems the whole walk finds, wherever the bad
// value sits — in an open part, a part the schema types, or a key the schema does not know.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateSync, EVENT_LIMITS } from "../runtime/index.js";
import { CLOSED_VALUES_BOUND, describePlainData } from "../runtime/plain-data.js";
import { corpusEvent, loadPolicyFile } from "./helpers/events.js";

const RUNS = Number(process.env.PROVISO_PROPERTY_RUNS ?? 300);
const policy = loadPolicyFile("policies/retail-returns.policy");

/** Where a bad value is put: open parts, typed parts, and keys nobody declared. */
const PLACES: ((e: Record<string, any>) => [Record<string, any>, string])[] = [
  (e) => [e, "giftWrap"], // a section of the merchant's own
  (e) => [(e.custom ??= {}), "x"],
  (e) => [e, "metadata"],
  (e) => [(e.metadata ??= {}), "trace"],
  (e) => [(e.order.custom ??= {}), "x"],
  (e) => [(e.order.items[0].custom ??= {}), "x"],
  (e) => [(e.customer.custom ??= {}), "x"],
  (e) => [e.order.shipping, "method"],
  (e) => [e.order.shipping, "unknownKey"],
  (e) => [e.order.items[0], "paid"],
  (e) => [e.order.items[0], "brand"],
  (e) => [e.customer, "tier"],
  (e) => [e.request.items[0], "quantity"],
  (e) => [e.request, "note"],
  (e) => [e, "reason"],
  (e) => [(e.order.tags ??= []), "0"],
];

const deep = (levels: number) => {
  let value: Record<string, unknown> = {};
  const top = value;
  for (let i = 0; i < levels; i++) value = value.x = {};
  return top;
};

/** Values that are fine, and values that are not plain data or break a limit. */
const POISONS: (() => unknown)[] = [
  () => "fine",
  () => 12,
  () => ({ nested: { list: [1, "two", null, true] } }),
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => JSON.parse('{"__proto__": {"admin": true}}'),
  () => ({ constructor: "x" }),
  () => ({ prototype: 1 }),
  () => () => 1,
  () => Symbol("s"),
  () => 10n,
  () => deep(40),
  () => deep(20),
  () => Array.from({ length: 120_000 }, (_, i) => i),
  () => Array.from({ length: 90_000 }, (_, i) => i),
  () => new Date(0),
];

describe("the plain-data check on the parts the schema leaves open", () => {
  it("reports exactly what a walk of the whole event finds, wherever the bad value is", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: PLACES.length - 1 }), fc.integer({ min: 0, max: POISONS.length - 1 }), fc.boolean(), (place, poison, cyclic) => {
        const event = corpusEvent("retail-returns");
        const [target, key] = PLACES[place]!(event);
        target[key] = cyclic ? { self: event } : POISONS[poison]!();
        const before = describePlainData(event);
        const result = evaluateSync(policy, event);
        if (before.length) {
          expect(result.value).toBeUndefined();
          expect(result.diagnostics).toEqual(before);
        } else {
          const plainCodes = ["event/too-deep", "event/too-large", "event/forbidden-key"];
          expect(result.diagnostics.filter((d) => plainCodes.includes(d.code))).toEqual([]);
        }
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
  });

  it("knows how many values the typed parts of a valid event can hold, well below the limit", () => {
    // 1,000 order lines of 16 values, 1,000 request lines of 4, 1,000 verdict amounts of 3, two
    // lists of 100 tags, and the fixed fields: about 25,000 — far from the 100,000-value limit.
    expect(CLOSED_VALUES_BOUND).toBeGreaterThan(20_000);
    expect(CLOSED_VALUES_BOUND).toBeLessThan(EVENT_LIMITS.maxNodes / 2);
  });

  it("refuses a list far longer than the schema allows before validating its entries", () => {
    const event = corpusEvent("retail-returns");
    // Counting the entries read: validating three million empty lines (five errors each) would read them all.
    let read = 0;
    event.order.items = new Proxy(Array.from({ length: 3_000_000 }, () => ({})), {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) read++;
        return Reflect.get(target, key, receiver);
      },
    });
    const result = evaluateSync(policy, event);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["event/too-large"]);
    expect(read).toBeLessThanOrEqual(EVENT_LIMITS.maxNodes);
  });

  it("a list over the schema's maximum but within the value limit gets the schema's message", () => {
    const event = corpusEvent("retail-returns");
    const line = event.request.items[0];
    event.request.items = Array.from({ length: 1001 }, () => ({ ...line }));
    const result = evaluateSync(policy, event);
    expect(result.diagnostics.map((d) => d.message)).toContain("request.items must NOT have more than 1000 items");
  });
});
