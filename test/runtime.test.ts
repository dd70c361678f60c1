// The runtime on its own: artifacts refused when they are not exactly what the compiler wrote, events
// refused with the JSON path of the problem, versions chosen by the order's date, money exact.
import { Engine } from "json-rules-engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePath } from "../runtime/paths.js";
import {
  artifactHash, evaluate, formatMoney, loadArtifact, percentOf, toMinorUnits, readPath, divideRounded,
  instantFromLocal, localDateNumber, calendarDaysBetween, parseInstant, validateEventShape, DERIVED_FACTS, EVENT_SCHEMA, itemView,
} from "../runtime/index.js";
import { ROOT, policyText } from "./helpers/corpus.js";
import { compileText, corpusEvent, load, loadPolicyFile } from "./helpers/events.js";

const retail = () => loadPolicyFile(`${ROOT}policies/retail-returns.policy`);

describe("artifacts", () => {
  const artifact = compileText(policyText("retail-returns"));

  it("are plain json-rules-engine rules that a stock Engine accepts", () => {
    const engine = new Engine(artifact.rules as never);
    expect((engine as unknown as { rules: unknown[] }).rules.length).toBe(artifact.rules.length);
    for (const rule of artifact.rules) expect(rule.event.params.version).toBe("1");
  });

  it("load when untouched", () => {
    expect(loadArtifact(JSON.stringify(artifact)).diagnostics).toEqual([]);
  });

  it("are refused when changed after compiling", () => {
    const tampered = structuredClone(artifact);
    (tampered.rules[1]!.event.params as any).outcome.refund.amount.percent.bp = 20000;
    expect(loadArtifact(tampered).diagnostics.map((d) => d.code)).toContain("artifact/invalid");
    const subtle = structuredClone(artifact);
    (subtle.rules[1]!.event.params as any).outcome.refund.amount.percent.bp = 9000;
    expect(loadArtifact(subtle).diagnostics.map((d) => d.code)).toEqual(["artifact/hash-mismatch"]);
  });

  it("are refused when truncated, not JSON, of another format or an unknown version", () => {
    const text = JSON.stringify(artifact);
    expect(loadArtifact(text.slice(0, text.length / 2)).diagnostics[0]!.code).toBe("artifact/not-json");
    expect(loadArtifact({ hello: "world" }).diagnostics[0]!.code).toBe("artifact/not-an-artifact");
    expect(loadArtifact({ ...artifact, formatVersion: 99 }).diagnostics[0]!.code).toBe("artifact/unsupported-version");
    expect(loadArtifact(null).diagnostics[0]!.code).toBe("artifact/not-an-artifact");
  });

  it("are refused when a rule walks into prototypes or names an unknown operator, even with a matching hash", () => {
    const evil = structuredClone(artifact) as any;
    evil.rules[0].conditions.all[0].path = "__proto__.polluted";
    evil.hash = artifactHash(evil);
    expect(loadArtifact(evil).diagnostics.map((d) => d.code)).toContain("artifact/unsafe-path");
    const unknown = structuredClone(artifact) as any;
    unknown.rules[0].conditions.all[0].operator = "regexMatch";
    unknown.hash = artifactHash(unknown);
    expect(loadArtifact(unknown).diagnostics.map((d) => d.code)).toContain("artifact/unknown-operator");
    const fact = structuredClone(artifact) as any;
    fact.facts.push("wallClock");
    fact.hash = artifactHash(fact);
    expect(loadArtifact(fact).diagnostics.map((d) => d.code)).toContain("artifact/unknown-fact");
  });
});

describe("events", () => {
  const policy = retail();
  const codes = async (event: unknown) => (await evaluate(policy, event)).diagnostics.map((d) => `${d.code} ${d.path}`);

  it("name the JSON path of a schema problem", async () => {
    const event = corpusEvent("retail-returns");
    delete event.order.items[0].paid;
    event.order.shipping.deliverdAt = event.order.shipping.deliveredAt;
    event.reason = "bored";
    expect(await codes(event)).toEqual(expect.arrayContaining([
      "event/invalid order.items[0].paid",
      "event/invalid order.shipping.deliverdAt",
      "event/invalid reason",
    ]));
  });

  it("never take a timestamp from a polluted prototype", async () => {
    const event = corpusEvent("retail-returns");
    delete event.order.shipping.deliveredAt;
    event.order.status = "shipped";
    const before = await evaluate(policy, event);
    // Not enumerable, so the schema's check of unknown keys does not see it (an enumerable one makes
    // every object of the event carry an unknown field, and the event is refused): only readers can.
    Object.defineProperty(Object.prototype, "deliveredAt", { value: "2026-03-01T00:00:00Z", enumerable: false, configurable: true });
    try {
      expect(await evaluate(policy, event)).toEqual(before);
      expect(before.value?.items[0]!.outcome).toBeDefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).deliveredAt;
    }
  });

  it("say which timestamp is not the pattern and which names no date, beside the schema's other problems", async () => {
    const messages = async (event: unknown) => (await evaluate(policy, event)).diagnostics.map((d) => `${d.path}: ${d.message}`);
    const wrongShape = corpusEvent("retail-returns");
    wrongShape.order.shipping.deliveredAt = "2026-03-10 15:00:00Z";
    const expected = "order.shipping.deliveredAt: order.shipping.deliveredAt has the wrong format (expected an ISO-8601 date-time with offset, e.g. 2026-03-10T15:00:00Z)";
    expect(await messages(wrongShape)).toEqual([expected]);
    const noSuchDay = corpusEvent("retail-returns");
    noSuchDay.at = "2026-02-30T10:00:00Z";
    expect(await messages(noSuchDay)).toEqual(["at: at is not a valid date-time"]);
    // With another problem of the schema, both are told, the schema's first, as validateEventShape tells them.
    wrongShape.order.items[0].paid = -1;
    const both = await messages(wrongShape);
    expect(both).toEqual(["order.items[0].paid: order.items[0].paid must be >= 0", expected]);
    expect(validateEventShape(wrongShape).map((d) => `${d.path}: ${d.message}`)).toEqual(both);
    // A timestamp that is not text at all is the schema's to report, once.
    const notText = corpusEvent("retail-returns");
    notText.at = 20260310;
    expect(await messages(notText)).toEqual(["at: at must be string"]);
  });

  it("are checked for sense beyond the schema", async () => {
    const unknown = corpusEvent("retail-returns");
    unknown.request.items.push({ id: "L9", quantity: 1 });
    expect(await codes(unknown)).toEqual(["event/unknown-item request.items[1].id"]);
    const duplicate = corpusEvent("retail-returns");
    duplicate.request.items.push({ ...duplicate.request.items[0] });
    expect(await codes(duplicate)).toEqual(["event/duplicate-item request.items[1].id"]);
    const tooMany = corpusEvent("retail-returns");
    tooMany.request.items[0].quantity = 2;
    expect(await codes(tooMany)).toEqual(["event/quantity-exceeds-order request.items[0].quantity"]);
    const early = corpusEvent("retail-returns");
    early.at = "2026-02-01T00:00:00Z";
    expect(await codes(early)).toEqual(["event/time-order at"]);
    // What the event says had happened by the request must have happened in order, and before it.
    const deliveredLater = corpusEvent("retail-returns");
    deliveredLater.order.shipping.deliveredAt = "2026-05-01T00:00:00Z";
    expect(await codes(deliveredLater)).toEqual(["event/time-order order.shipping.deliveredAt"]);
    const deliveredFirst = corpusEvent("retail-returns");
    deliveredFirst.order.shipping.deliveredAt = "2026-03-01T00:00:00Z";
    expect(await codes(deliveredFirst)).toEqual(["event/time-order order.shipping.deliveredAt"]);
    const shippedBeforeOrder = corpusEvent("retail-returns");
    shippedBeforeOrder.order.shipping.shippedAt = "2026-02-01T00:00:00Z";
    expect(await codes(shippedBeforeOrder)).toEqual(["event/time-order order.shipping.shippedAt"]);
    const wrongType = corpusEvent("retail-returns");
    wrongType.type = "cancellation.requested";
    expect(await codes(wrongType)).toEqual(["event/wrong-type type"]);
    const currency = corpusEvent("retail-returns");
    currency.order.currency = "EUR";
    expect(await codes(currency)).toEqual(["event/currency-mismatch order.currency"]);
    const undelivered = corpusEvent("retail-returns");
    delete undelivered.order.shipping.deliveredAt;
    expect(await codes(undelivered)).toEqual(["event/missing-timestamp order.shipping.deliveredAt"]);
  });

  it("refuse prototype keys and non-objects without throwing", async () => {
    const polluted = JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(corpusEvent("retail-returns")).slice(1)}`);
    expect(await codes(polluted)).toEqual(["event/forbidden-key __proto__"]);
    expect(({} as any).admin).toBeUndefined();
    for (const bad of [null, 42, "text", [], undefined]) expect((await evaluate(policy, bad)).diagnostics[0]!.code).toBe("event/invalid");
    let deep: any = {};
    const top = deep;
    for (let i = 0; i < 100; i++) deep = deep.x = {};
    expect((await evaluate(policy, top)).diagnostics[0]!.code).toBe("event/too-deep");
  });

  it("leave the caller's object untouched, and read the schema's defaults where it leaves fields out, with both evaluators", async () => {
    const event = corpusEvent("retail-returns");
    delete event.order.items[0].refunded;
    delete event.order.items[0].finalSale;
    delete event.order.shipping.refunded;
    delete event.customer.stats;
    Object.freeze(event.order.items[0]);
    const before = JSON.stringify(event);
    const fast = await evaluate(policy, event);
    const reference = await evaluate(policy, event, { engine: "jre" });
    expect(JSON.stringify(event)).toBe(before);
    expect(fast).toEqual(reference);
    // `item.finalSale` left out is false (its default), so "Final sale" does not apply and says so.
    const finalSale = fast.value!.explanation!.items[0]!.rules[0]!;
    expect(finalSale).toMatchObject({ rule: "Final sale", matched: false, conditions: [{ actual: false, result: false }] });
  });

  it("refuse an artifact whose rule reads a path that is not a field of the event", () => {
    const artifact = structuredClone(compileText(policyText("retail-returns"))) as any;
    const rule = artifact.rules.find((r: any) => r.event.params.name === "Final sale");
    rule.conditions.all[0].path = "customer";
    const { hash: _hash, ...content } = artifact;
    const edited = { ...content, hash: artifactHash(content) };
    const loaded = loadArtifact(edited);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["artifact/invalid"]);
    expect(loaded.diagnostics[0]!.message).toContain('"item.customer" is not a field of the event');
  });
});

describe("decisions", () => {
  it("carry policy version, hash, the deciding rule's line, and an explanation that can be switched off", async () => {
    const policy = retail();
    const event = corpusEvent("retail-returns", 3);
    const { value } = await evaluate(policy, event);
    expect(value!.policy).toMatchObject({ name: "Northloom returns", version: "1", hash: policy.artifact.hash, chosenBy: "placedAt" });
    expect(value!.items[0]!.rule).toMatchObject({ name: "Change of mind", source: "test.policy", line: 42 });
    expect(value!.items[0]!.refund.deductions).toEqual([{ label: "restocking fee", amount: 1349 }, { label: "return label fee", amount: 695 }]);
    const rules = value!.explanation!.items[0]!.rules;
    expect(rules.map((r) => [r.rule, r.matched])).toEqual([["Final sale", false], ["Our mistake", false], ["Returnless refund", false], ["Change of mind", true]]);
    const window = rules[3]!.conditions[0]!;
    expect(window).toMatchObject({ text: "within 30 days of delivery", line: 43, result: true, actualText: "9 days 21 hours", expected: "at most 30 days" });
    const money = rules[2]!.conditions[0]!;
    expect(money).toMatchObject({ text: "item.paid <= USD 15.00", actual: 8990, actualText: "$89.90", expected: "at most $15.00", result: false });
    // In words for a person: lists, dates in the policy's zone, and the conditions the rule did not need.
    const ourMistake = rules[1]!.conditions;
    expect(ourMistake[0]).toMatchObject({ actualText: "changed_mind", expected: "one of damaged, defective, wrong_item or not_as_described", result: false });
    expect(ourMistake[1]).toMatchObject({ text: "within 60 days of delivery", skipped: true });
    const holiday = rules[2]!.conditions.find((c) => c.text.startsWith("shipment between"))!;
    expect(holiday).toMatchObject({ actualText: "Mar 31", expected: "between Nov 1 and Dec 31", skipped: true });
    expect(rules[3]!.conditions.some((c) => c.skipped)).toBe(false);
    const quiet = await evaluate(policy, event, { explain: false });
    expect(quiet.value!.explanation).toBeUndefined();
    expect({ ...value!, explanation: undefined }).toEqual({ ...quiet.value!, explanation: undefined });
  });

  it("mark a condition over an absent field as absent, and never fire a negated one", async () => {
    const policy = load(`policy "Absent" for cancellations
  currency USD
rule "Late and undelivered"
  when not within 10 days of delivery
  approve
    refund 100% of item
otherwise
  deny "No."`);
    const event = corpusEvent("order-cancellation", 3);
    const { value } = await evaluate(policy, event);
    expect(value!.outcome).toBe("deny");
    const trace = value!.explanation!.items[0]!.rules[0]!.conditions[0]!;
    expect(trace).toMatchObject({ result: false, absent: true, actualText: "absent" });
  });

  it("choose the version in force when the order was placed, or as of a given date", async () => {
    const policy = load(`policy "Versions" for returns
  currency USD
  timezone "America/New_York"
version "old" effective from 2026-01-01
rule "Anything"
  approve
    refund 50% of item
    return shipping paid by customer
otherwise
  deny "No."
version "new" effective from 2026-03-01
rule "Anything"
  approve
    refund 100% of item
    return shipping paid by customer
otherwise
  deny "No."`);
    const event = corpusEvent("retail-returns", 3); // placed 2026-03-29, item paid 8990
    expect((await evaluate(policy, event)).value!.refund.amount).toBe(8990);
    const older = await evaluate(policy, event, { asOf: "2026-02-15T00:00:00Z" });
    expect(older.value!.refund.amount).toBe(4495);
    expect(older.value!.policy).toMatchObject({ version: "old", chosenBy: "asOf" });
    event.order.placedAt = "2026-03-01T04:59:59Z"; // Feb 28 23:59:59 in New York: still the old version
    expect((await evaluate(policy, event)).value!.policy.version).toBe("old");
    event.order.placedAt = "2025-12-31T10:00:00Z";
    event.order.shipping.shippedAt = "2026-01-02T10:00:00Z";
    event.order.shipping.deliveredAt = "2026-01-05T10:00:00Z";
    event.at = "2026-01-10T10:00:00Z";
    expect((await evaluate(policy, event)).diagnostics.map((d) => d.code)).toEqual(["policy/no-version-in-force"]);
  });

  it("refund a partial quantity's share, cap at what is still refundable, and add request-level money once", async () => {
    const policy = load(`policy "Partial" for returns
  currency USD
rule "Everything"
  approve
    refund 100% of item
      minus USD 1.00 "handling"
      minus USD 3.00 "label" once per request
    plus shipping
    as store credit with 10% bonus
    return shipping paid by customer
otherwise
  deny "No."`);
    const event = corpusEvent("retail-returns", 6); // L1: 2 units, paid 1500, shipping 499
    event.request.items[0].quantity = 1;
    event.order.items[0].refunded = 300;
    const { value } = await evaluate(policy, event);
    // share 750 − 100 handling = 650 (below refundable 1200); + 499 shipping − 300 label + 10% of 650
    expect(value!.items[0]!.refund).toMatchObject({ base: 750, amount: 650, method: "store_credit" });
    expect(value!.refund.breakdown.adjustments.map((a) => [a.kind, a.amount])).toEqual([["shipping", 499], ["fee", -300], ["bonus", 65]]);
    expect(value!.refund.amount).toBe(650 + 499 - 300 + 65);
    event.order.items[0].refunded = 1000;
    const capped = await evaluate(policy, event);
    expect(capped.value!.items[0]!.refund).toMatchObject({ amount: 500, limitedBy: "refundable" });
  });

  it("never refund more than the share of the line asked for, whatever the amount says", async () => {
    const policy = load(`policy "Whole line" for returns
  currency USD
rule "Everything"
  approve
    refund item.paid + USD 5.00
    return shipping paid by customer
otherwise
  deny "No."`);
    const event = corpusEvent("retail-returns", 6); // L1: 2 units for 1500
    event.request.items[0].quantity = 1;
    const { value } = await evaluate(policy, event);
    expect(value!.items[0]!.refund).toMatchObject({ base: 2000, amount: 750, limitedBy: "refundable" });
  });

  it("report an amount that needs a missing field instead of guessing", async () => {
    const policy = load(`policy "Nights" for cancellations
  currency USD
rule "Stay"
  approve
    refund (booking.nights - 1) * booking.nightlyRate
otherwise
  deny "No."`);
    const { diagnostics } = await evaluate(policy, corpusEvent("order-cancellation"));
    expect(diagnostics.map((d) => d.code)).toEqual(["eval/absent-value"]);
  });
});

describe("money and time", () => {
  it("round percentages half-up to the minor unit, in integers", () => {
    expect(percentOf(8990, 1500)).toBe(1349);
    expect(percentOf(19999, 1500)).toBe(3000);
    expect(percentOf(37035, 5000)).toBe(18518);
    expect(percentOf(1299, 5000)).toBe(650);
    expect(percentOf(9_007_199_254_740_991, 10_000)).toBe(9_007_199_254_740_991);
    expect(divideRounded(7n, 2n)).toBe(4);
    expect(divideRounded(-7n, 2n)).toBe(-4);
  });

  it("convert major units by the currency's exponent", () => {
    expect(toMinorUnits("6.95", "USD")).toBe(695);
    expect(toMinorUnits("500", "JPY")).toBe(500);
    expect(toMinorUnits("5.5", "JPY")).toBeUndefined();
    expect(toMinorUnits("1.234", "KWD")).toBe(1234);
    expect(formatMoney(6946, "USD", "en-US")).toBe("$69.46");
    expect(formatMoney(1500, "JPY", "ja-JP")).toBe("￥1,500");
  });

  it("read calendar dates in the policy's zone, across daylight saving", () => {
    expect(localDateNumber(parseInstant("2025-11-01T03:30:00Z")!, "America/New_York")).toBe(20251031);
    expect(localDateNumber(parseInstant("2025-11-01T04:30:00Z")!, "America/New_York")).toBe(20251101);
    expect(new Date(instantFromLocal({ year: 2026, month: 3, day: 8, hour: 12, minute: 0, second: 0 }, "America/New_York")).toISOString()).toBe("2026-03-08T16:00:00.000Z");
    expect(calendarDaysBetween(20260228, 20260301)).toBe(1);
    expect(parseInstant("2026-02-30T00:00:00Z")).toBeUndefined();
    expect(parseInstant("2026-03-10T15:00:00")).toBeUndefined();
  });

  it("follow only own properties of plain paths", () => {
    expect(readPath({ a: { b: 1 } }, "a.b")).toBe(1);
    expect(readPath({}, "constructor")).toBeUndefined();
    expect(readPath({ a: {} }, "a.__proto__")).toBeUndefined();
    expect(readPath({ a: 1 }, "a.toString")).toBeUndefined();
  });

  it("an item view has every field an order line may have, and what the request adds", () => {
    const line = corpusEvent("retail-returns").order.items[0];
    const lineFields = Object.keys(EVENT_SCHEMA.properties.order.properties.items.items.properties);
    const view = itemView(line, { id: line.id, quantity: 1 });
    expect(Object.keys(view)).toEqual([...lineFields, "requestedQuantity", "value", "refundable", "condition"]);
    for (const key of lineFields) expect(view[key]).toBe(line[key]);
  });

  it("derived facts of an event that is not there are absent, not an error (json-rules-engine given no event fact)", async () => {
    for (const fact of ["elapsed", "instant", "localDate", "calendarDays"] as const) {
      expect(DERIVED_FACTS[fact]!(undefined as never, { from: "order.shipping.deliveredAt", of: "at", zone: "UTC" })).toBeUndefined();
    }
    const version = retail().versions[0]!;
    await expect(version.engine.run({ item: {} })).resolves.toBeDefined();
  });

  it("compiled readers of any length answer as a walk of own properties does", () => {
    const keys = ["a", "b", "c", "toString", "valueOf", "constructor", "__proto__", "length", "0"];
    const truth = (data: unknown, path: string) => path.split(".").reduce<unknown>((v, k) =>
      v !== null && typeof v === "object" && !["__proto__", "prototype", "constructor"].includes(k) && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined, data);
    const data = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, fc.constant(null), fc.integer(), fc.string(), fc.array(tie("value"), { maxLength: 2 }), fc.dictionary(fc.constantFrom(...keys), tie("value"), { maxKeys: 4 })),
    })).value;
    fc.assert(fc.property(data, fc.array(fc.constantFrom(...keys), { minLength: 1, maxLength: 5 }), (value, segments) => {
      const path = segments.join(".");
      expect(compilePath(path)(value)).toBe(truth(value, path));
      expect(readPath(value, path)).toBe(truth(value, path));
    }), { numRuns: 3000, seed: 20261202 });
    // What a polluted prototype would offer at every step is never read.
    const inherited = Object.create({ a: { b: { c: { d: 1 } } }, b: { c: { d: 2 } }, c: { d: 3 } }) as Record<string, unknown>;
    const nested = { a: inherited, x: { a: inherited } };
    for (const path of ["a", "a.b", "a.b.c", "a.b.c.d", "x.a.b", "x.a.b.c", "x.a.c.d", "a.c.d"]) {
      expect(compilePath(path)(nested)).toBe(truth(nested, path));
      expect(compilePath(path)(inherited)).toBeUndefined();
    }
  });
});

describe("elapsed units in amounts", () => {
  it("prorate a subscription by whole days left in the period", async () => {
    const policy = load(`policy "Prorated" for refunds
  currency USD
rule "Prorate"
  approve
    refund subscription.price * days from request to period-end / days from period-start to period-end
otherwise
  deny "No."`);
    const event = corpusEvent("retail-returns", 3);
    event.type = "refund.requested";
    event.subscription = { interval: "month", price: 3000, periodStart: "2026-04-01T00:00:00Z", periodEnd: "2026-05-01T00:00:00Z" };
    event.at = "2026-04-12T14:00:00Z"; // 18 whole days left of 30
    const { value, diagnostics } = await evaluate(policy, event);
    expect(diagnostics).toEqual([]);
    expect(value!.refund.amount).toBe(1800);
  });
});

describe("concurrency", () => {
  it("gives the same decisions when evaluations on one loaded policy overlap", async () => {
    // json-rules-engine keeps run state on the Engine: a run that finishes while another is under
    // way made the other skip its remaining rules (here: the restocking-fee clause, so 24304 instead
    // of 20554). Start a second evaluation at every point of a first one.
    const policy = retail();
    const alone = (await evaluate(policy, corpusEvent("retail-returns", 13))).value!.refund.amount;
    expect(alone).toBe(20554);
    for (let delay = 0; delay < 60; delay++) {
      const first = evaluate(policy, corpusEvent("retail-returns", 0));
      for (let i = 0; i < delay; i++) await Promise.resolve();
      const [, second] = await Promise.all([first, evaluate(policy, corpusEvent("retail-returns", 13))]);
      expect(second.value?.refund.amount, `second evaluation started ${delay} microtasks in`).toBe(alone);
    }
    const events = Array.from({ length: 14 }, (_, i) => corpusEvent("retail-returns", i));
    const all = await Promise.all(events.map((e) => evaluate(policy, e)));
    expect(all.map((r) => r.value!.refund.amount)).toEqual([0, 12999, 0, 6946, 26753, 3505, 1500, 6247, 4305, 0, 24720, 8105, 0, 20554]);
  });
});

describe("shipping refunded earlier", () => {
  it("is not refunded again by `plus shipping`, and more refunded than paid is refused", async () => {
    const policy = loadPolicyFile(`${ROOT}policies/order-cancellation.policy`);
    const event = corpusEvent("order-cancellation", 0); // 4500 + 2500 items, shipping 599
    expect((await evaluate(policy, event)).value!.refund.amount).toBe(7599);
    event.order.shipping.refunded = 200;
    expect((await evaluate(policy, event)).value!.refund.amount).toBe(7399);
    event.order.shipping.refunded = 599;
    const none = (await evaluate(policy, event)).value!;
    expect(none.refund.amount).toBe(7000);
    expect(none.refund.breakdown.adjustments).toEqual([]);
    event.order.shipping.refunded = 600;
    expect((await evaluate(policy, event)).diagnostics.map((d) => [d.code, d.path])).toEqual([["event/refunded-exceeds-paid", "order.shipping.refunded"]]);
  });
});
