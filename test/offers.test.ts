// Options, verdicts and what the customer is told. The figures a decision lists for each option and
// for each verdict must be exactly the decision the runtime gives once the choice or the verdict is
// in the event (checked on generated events, with both evaluators), and the money is checked against
// a hand computation; a reviewer's amount is accepted exactly within the bounds the policy sets.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { resolveTestCases, type PolicyTestFile } from "../compiler/index.js";
import { artifactHash, evaluate, evaluateSync, loadArtifact, type Artifact, type Decision, type LoadedPolicy, type OutcomeSummary } from "../runtime/index.js";
import { eventsFrom } from "./helpers/arbitrary-events.js";
import { proviso } from "./helpers/cli.js";
import { ROOT } from "./helpers/corpus.js";
import { compileText, loadPolicyFile } from "./helpers/events.js";
import { checkDecision } from "./helpers/schemas.js";

type Json = Record<string, any>;
const RUNS = Math.max(200, Math.floor(Number(process.env.PROVISO_PROPERTY_RUNS ?? 2000) / 4));

function seedsOf(...files: string[]): unknown[] {
  return files.flatMap((f) => resolveTestCases(YAML.parse(readFileSync(`${ROOT}policies/${f}`, "utf8")) as PolicyTestFile).map((c) => c.event));
}

/** Half-up rounding of a × b ÷ c in integers, as a person would do it on paper (BigInt, no floats). */
function halfUp(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b) * 2n + BigInt(c);
  return Number(n / (2n * BigInt(c)));
}

/** What was paid for the units asked for, and what may still be refunded: computed from the event alone. */
function lineMoney(event: Json, id: string): { value: number; refundable: number } {
  const line = event.order.items.find((l: Json) => l.id === id);
  const asked = event.request.items.find((r: Json) => r.id === id).quantity;
  return { value: halfUp(line.paid, asked, line.quantity), refundable: line.paid - (line.refunded ?? 0) };
}

/** The parts of a decision an option or a proposal summarizes. */
function summaryOf(d: Decision): OutcomeSummary {
  const refund: OutcomeSummary["refund"] = {
    amount: d.refund.amount, formatted: d.refund.formatted, method: d.refund.method, byMethod: d.refund.byMethod,
    items: d.items.map((i) => (i.refund.bounds ? { id: i.id, amount: i.refund.amount, bounds: i.refund.bounds } : { id: i.id, amount: i.refund.amount })),
  };
  if (d.refund.timeline) refund.timeline = d.refund.timeline;
  return {
    outcome: d.outcome, refund, returnShipping: d.returnShipping, keepItem: d.keepItem,
    replacement: d.items.some((i) => i.replacement === true), actions: d.actions, messages: d.messages,
  };
}

function withChoice(event: Json, label: string): Json {
  return { ...event, request: { ...event.request, choice: label } };
}

function withVerdict(event: Json, outcome: "approve" | "decline", amounts?: { id: string; amount: number }[]): Json {
  const at = new Date(Date.parse(event.at) + 3_600_000).toISOString();
  return { ...event, verdict: { outcome, by: "reviewer@shop.example", at, ...(amounts ? { amounts } : {}) } };
}

describe("options for the customer", () => {
  const late = loadPolicyFile("policies/late-cancellation.policy");
  const outOfStock = loadPolicyFile("policies/merchant-cancellation.policy");

  // Steers generated events toward the rule that offers options, which a random reason rarely reaches.
  const outOfStockEvent = (e: Json): Json => ({ ...e, initiator: "merchant", reason: "out_of_stock" });
  for (const [name, policy, seeds, steer] of [
    ["late-cancellation", late, seedsOf("late-cancellation.test.yaml"), (e: Json) => e],
    ["merchant-cancellation", outOfStock, seedsOf("merchant-cancellation.test.yaml"), outOfStockEvent],
  ] as [string, LoadedPolicy, unknown[], (e: Json) => Json][]) {
    it(`${name}: each option lists exactly the decision for that choice, by both evaluators`, async () => {
      let offered = 0;
      await fc.assert(
        fc.asyncProperty(eventsFrom(seeds), async (generated) => {
          // The decision without a choice is the reference: it lists the options and follows the default.
          const { choice: _ignored, ...request } = generated.request;
          const event = steer({ ...generated, request });
          const decided = evaluateSync(policy, event).value;
          if (!decided?.options) return;
          offered++;
          expect(checkDecision(decided)).toEqual([]);
          expect(decided.options.filter((o) => o.chosen)).toHaveLength(1);
          expect(decided.choice).toEqual({ option: decided.options.find((o) => o.default)!.label, by: "default" });
          for (const option of decided.options) {
            const chosen = await evaluate(policy, withChoice(event, option.label), { engine: "jre" });
            expect(chosen.diagnostics).toEqual([]);
            expect(evaluateSync(policy, withChoice(event, option.label))).toEqual(chosen);
            const { label, default: isDefault, chosen: _chosen, ...summary } = option;
            expect(summaryOf(chosen.value!)).toEqual(summary);
            expect(chosen.value!.choice).toEqual({ option: label, by: "customer" });
            // The options listed do not depend on which one was chosen.
            expect(chosen.value!.options!.map((o) => [o.label, o.default, o.refund.amount])).toEqual(decided.options.map((o) => [o.label, o.default, o.refund.amount]));
            if (isDefault) expect(summaryOf(decided)).toEqual(summary);
          }
        }),
        { numRuns: RUNS, seed: 20261201 },
      );
      expect(offered).toBeGreaterThan(RUNS / 20);
    }, 120_000);
  }

  it("late-cancellation: each option's money is the hand computation (30% kept, 100% returned, 110% as credit)", () => {
    const seeds = seedsOf("late-cancellation.test.yaml");
    let checked = 0;
    fc.assert(
      fc.property(eventsFrom(seeds), (event) => {
        const decided = evaluateSync(late, event).value;
        if (!decided?.options) return;
        for (const item of decided.items) {
          if (item.option === undefined) continue;
          checked++;
          const { value, refundable } = lineMoney(event, item.id);
          const ceiling = Math.min(value, refundable);
          const itemIn = (label: string) => decided.options!.find((o) => o.label === label)!.refund.items.find((i) => i.id === item.id)!.amount;
          expect(itemIn("Keep it with 30% back")).toBe(Math.min(halfUp(value, 30, 100), ceiling));
          expect(itemIn("Return it for a full refund")).toBe(ceiling);
          expect(itemIn("Store credit with a 10% bonus")).toBe(ceiling);
        }
        const credit = decided.options.find((o) => o.label === "Store credit with a 10% bonus")!;
        const credited = credit.refund.items.reduce((sum, i) => sum + i.amount, 0);
        // Items decided by other rules keep their own terms; the bonus is 10% of the store-credit items.
        if (decided.items.every((i) => i.option !== undefined)) expect(credit.refund.amount).toBe(credited + halfUp(credited, 10, 100));
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
    expect(checked).toBeGreaterThan(0);
  });

  it("refuses a choice no rule offers, and names the ones it does", () => {
    const event = seedsOf("late-cancellation.test.yaml")[0] as Json;
    const refused = evaluateSync(late, withChoice(event, "Keep it for free"));
    expect(refused.value).toBeUndefined();
    expect(refused.diagnostics[0]).toMatchObject({ code: "event/unknown-choice", path: "request.choice" });
    expect(refused.diagnostics[0]!.message).toContain('"Keep it with 30% back"');
    // A request decided by a rule without options has no choice to make.
    const notShipped = { ...event, at: "2026-02-28T12:00:00Z", order: { ...event.order, status: "processing", shipping: { paid: 500 } } };
    expect(evaluateSync(late, notShipped).value!.options).toBeUndefined();
    expect(evaluateSync(late, withChoice(notShipped, "Keep it with 30% back")).diagnostics[0]!.code).toBe("event/unknown-choice");
  });

  it("with items decided by rules that offer different options, a choice applies where it is offered", () => {
    const policy = compileAndLoad(`policy "Two offers" for returns
  currency USD

rule "Electronics"
  when item.category is electronics
  approve
    return shipping paid by customer
    option "Refund" default
      refund 100% of item
    option "Credit"
      refund 100% of item
      as store credit with 20% bonus

rule "Others"
  approve
    return shipping paid by customer
    option "Refund"
      refund 90% of item
    option "Exchange" default
      replace the item

otherwise
  deny "No."
`);
    const event = twoLineReturn("electronics", "apparel");
    const d = evaluateSync(policy, event).value!;
    expect(d.options!.map((o) => [o.label, o.default, o.refund.amount])).toEqual([["Refund", true, 10000 + 4500], ["Credit", false, 12000], ["Exchange", true, 10000]]);
    expect(d.items.map((i) => i.option)).toEqual(["Refund", "Exchange"]);
    const credit = evaluateSync(policy, withChoice(event, "Credit")).value!;
    expect(credit.items.map((i) => [i.option, i.refund.amount])).toEqual([["Credit", 10000], ["Exchange", 0]]);
    expect(credit.refund.amount).toBe(12000);
  });
});

function compileAndLoad(text: string): LoadedPolicy {
  return loadArtifact(compileText(text)).value!;
}

function twoLineReturn(first: string, second: string): Json {
  return {
    type: "return.requested", at: "2026-03-10T12:00:00Z", initiator: "customer", reason: "changed_mind",
    order: {
      id: "R-1", placedAt: "2026-03-01T10:00:00Z", currency: "USD", status: "delivered", market: "US",
      shipping: { paid: 0, shippedAt: "2026-03-02T10:00:00Z", deliveredAt: "2026-03-04T10:00:00Z" },
      items: [
        { id: "L1", category: first, quantity: 1, unitPrice: 10000, paid: 10000 },
        { id: "L2", category: second, quantity: 1, unitPrice: 5000, paid: 5000 },
      ],
    },
    customer: { id: "C-1" },
    request: { items: [{ id: "L1", quantity: 1 }, { id: "L2", quantity: 1 }] },
  };
}

describe("reviews and verdicts", () => {
  const reviewed = loadPolicyFile("policies/abuse-and-review.policy");
  const seeds = seedsOf("abuse-and-review.verdicts.test.yaml", "abuse-and-review.test.yaml").filter((e) => !(e as Json).verdict);

  it("what a verdict is proposed to decide is the decision once the verdict comes, by both evaluators", async () => {
    let pending = 0;
    await fc.assert(
      fc.asyncProperty(eventsFrom(seeds), async (event) => {
        const decided = evaluateSync(reviewed, event).value;
        if (!decided?.proposed) return;
        pending++;
        expect(decided.review.items.length).toBeGreaterThan(0);
        for (const outcome of ["approve", "decline"] as const) {
          const proposal = decided.proposed[outcome];
          const after = await evaluate(reviewed, withVerdict(event, outcome), { engine: "jre" });
          expect(evaluateSync(reviewed, withVerdict(event, outcome))).toEqual(after);
          if (!proposal) {
            // Only a review that states no terms for an approval has no proposal, and its approval is refused.
            expect(after.diagnostics.map((d) => d.code)).toEqual(["event/verdict-without-terms"]);
            continue;
          }
          expect(after.diagnostics).toEqual([]);
          expect(summaryOf(after.value!)).toEqual(proposal);
          expect(after.value!.review.items).toEqual([]);
          expect(after.value!.proposed).toBeUndefined();
          expect(after.value!.verdict).toMatchObject({ outcome, by: "reviewer@shop.example" });
          expect(checkDecision(after.value!)).toEqual([]);
        }
      }),
      { numRuns: RUNS, seed: 20261203 },
    );
    expect(pending).toBeGreaterThan(RUNS / 20);
  }, 120_000);

  it("accepts a reviewer's amount exactly within the bounds (half of the line to all that is refundable), and refuses one outside", () => {
    let adjusted = 0;
    fc.assert(
      fc.property(eventsFrom(seeds), fc.integer({ min: -2, max: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), (event, edge, share) => {
        const decided = evaluateSync(reviewed, event).value;
        const proposal = decided?.proposed?.approve;
        if (!proposal) return;
        const target = proposal.refund.items.find((i) => i.bounds);
        if (!target) return;
        const { value, refundable } = lineMoney(event, target.id);
        const high = Math.min(value, refundable);
        const low = Math.min(halfUp(value, 50, 100), high);
        expect(target.bounds).toEqual({ low, high });
        // An amount inside, at an edge, or one minor unit beyond either edge.
        const amount = edge === 0 ? low + Math.floor((high - low) * share) : edge === -1 ? low - 1 : edge === -2 ? low : edge === 1 ? high : high + 1;
        // Below zero is not an amount at all: the event schema refuses it before any bound is looked at.
        if (amount < 0) return;
        const after = evaluateSync(reviewed, withVerdict(event, "approve", [{ id: target.id, amount }]));
        if (amount < low || amount > high) {
          expect(after.diagnostics.map((d) => [d.code, d.path])).toEqual([["event/verdict-out-of-bounds", "verdict.amounts[0].amount"]]);
          return;
        }
        adjusted++;
        const item = after.value!.items.find((i) => i.id === target.id)!;
        expect(item.refund).toMatchObject({ amount, adjusted: true, bounds: { low, high } });
        const others = proposal.refund.items.filter((i) => i.id !== target.id).reduce((s, i) => s + i.amount, 0);
        expect(after.value!.refund.amount).toBe(others + amount);
        expect(after.value!.explanation!.items.find((i) => i.id === target.id)!.verdict).toMatchObject({ amount });
      }),
      { numRuns: RUNS, seed: 20261204 },
    );
    expect(adjusted).toBeGreaterThan(0);
  });

  it("refuses amounts in a decline, twice for one item, or for an item not in review", () => {
    const event = seedsOf("abuse-and-review.verdicts.test.yaml")[0] as Json;
    const code = (e: Json) => evaluateSync(reviewed, e).diagnostics.map((d) => [d.code, d.path]);
    expect(code(withVerdict(event, "decline", [{ id: "L1", amount: 100 }]))).toEqual([["event/verdict-out-of-bounds", "verdict.amounts[0].amount"]]);
    expect(code(withVerdict(event, "approve", [{ id: "L1", amount: 20000 }, { id: "L1", amount: 20000 }]))).toEqual([["event/verdict-without-review", "verdict.amounts[1].id"]]);
    expect(code(withVerdict(event, "approve", [{ id: "L9", amount: 1 }]))).toEqual([["event/verdict-without-review", "verdict.amounts[0].id"]]);
    // A verdict is data the schema checks like any other field.
    expect(code({ ...event, verdict: { outcome: "maybe", by: "x", at: event.at } })[0]![0]).toBe("event/invalid");
  });

  it("a decline without `if declined` denies with no text; an approval of a review with no terms is refused", () => {
    const policy = compileAndLoad(`policy "Bare review" for returns
  currency USD

rule "Check"
  when request.value > USD 100.00
  review "We check these."

otherwise
  approve
    refund 100% of item
    return shipping paid by customer
`);
    const event = twoLineReturn("home", "home");
    const pendingDecision = evaluateSync(policy, event).value!;
    expect(pendingDecision.proposed!.approve).toBeUndefined();
    expect(pendingDecision.proposed!.decline).toMatchObject({ outcome: "deny", refund: { amount: 0 }, messages: [] });
    const declined = evaluateSync(policy, withVerdict(event, "decline")).value!;
    expect(declined.items.map((i) => [i.outcome, i.reason])).toEqual([["deny", undefined], ["deny", undefined]]);
    expect(declined.explanation!.items[0]!.verdict).toMatchObject({ outcome: "decline", line: 4 });
    expect(evaluateSync(policy, withVerdict(event, "approve")).diagnostics[0]!.code).toBe("event/verdict-without-terms");
  });
});

describe("telling the customer", () => {
  it("renders the timeline, the tracking number and the status, and gives each notice its channel", () => {
    const policy = compileAndLoad(`policy "Notices" for cancellations
  currency USD

rule "Shipped"
  when order.status is shipped
  approve
    refund 100% of item
    refund within 48 hours
    intercept shipment
    notify customer by sms "Parcel {order.shipping.trackingNumber} ({order.status}) is being stopped; {refund.total} arrives {refund.timeline}."
    notify customer by email "Receipt: {refund.total}."

rule "Expensive"
  when item.paid > USD 500.00
  approve
    refund 100% of item
    refund within 2 weeks
    notify customer by phone "Calling about order {order.id}."

otherwise
  approve
    refund 100% of item
    refund within 1 business day
`);
    const event: Json = {
      type: "cancellation.requested", at: "2026-03-03T12:00:00Z", initiator: "customer", reason: "changed_mind",
      order: {
        id: "N-1", placedAt: "2026-03-01T10:00:00Z", currency: "USD", status: "shipped", market: "US",
        shipping: { paid: 0, trackingNumber: "1Z42", shippedAt: "2026-03-02T10:00:00Z" },
        items: [{ id: "L1", category: "home", quantity: 1, unitPrice: 2500, paid: 2500 }],
      },
      customer: { id: "C-1" },
      request: { items: [{ id: "L1", quantity: 1 }] },
    };
    const d = evaluateSync(policy, event).value!;
    expect(d.actions).toEqual([
      { type: "intercept_shipment", items: ["L1"] },
      { type: "notify_customer", items: ["L1"], channel: "sms", message: "Parcel 1Z42 (shipped) is being stopped; $25.00 arrives within 48 hours." },
      { type: "notify_customer", items: ["L1"], channel: "email", message: "Receipt: $25.00." },
    ]);
    expect(d.refund.timeline).toEqual({ amount: 48, unit: "hour", business: false, text: "within 48 hours" });
    // Without a tracking number the placeholder renders as nothing, never as "undefined".
    const untracked = { ...event, order: { ...event.order, shipping: { paid: 0, shippedAt: "2026-03-02T10:00:00Z" } } };
    expect(evaluateSync(policy, untracked).value!.actions[1]!.message).toBe("Parcel  (shipped) is being stopped; $25.00 arrives within 48 hours.");
    // The request's timeline is the longest of the items refunded: 2 weeks over 1 business day.
    const two = {
      ...event,
      order: { ...event.order, status: "paid", shipping: { paid: 0 }, items: [...event.order.items, { id: "L2", category: "tv", quantity: 1, unitPrice: 90000, paid: 90000 }] },
      request: { items: [{ id: "L1", quantity: 1 }, { id: "L2", quantity: 1 }] },
    };
    const both = evaluateSync(policy, two).value!;
    expect(both.items.map((i) => i.timeline?.text)).toEqual(["within 1 business day", "within 2 weeks"]);
    expect(both.refund.timeline!.text).toBe("within 2 weeks");
    expect(both.actions).toEqual([{ type: "notify_customer", items: ["L2"], channel: "phone", message: "Calling about order N-1." }]);
  });
});

describe("artifact format 2", () => {
  const plain = compileText(readFileSync(`${ROOT}policies/retail-returns.policy`, "utf8"));
  const offers = compileText(readFileSync(`${ROOT}policies/late-cancellation.policy`, "utf8"));
  const rehash = (a: Json): Json => {
    const { hash: _hash, ...content } = a;
    return { ...content, hash: artifactHash(content) };
  };

  it("is written only for policies that use options, verdicts, bounds, replacements, timelines or channels", () => {
    expect(plain.formatVersion).toBe(1);
    expect(offers.formatVersion).toBe(2);
    expect(loadArtifact(plain).diagnostics).toEqual([]);
    expect(loadArtifact(offers).diagnostics).toEqual([]);
  });

  it("refuses a version-1 artifact that carries version-2 constructs, and a version it does not know", () => {
    const claimsOne = rehash({ ...structuredClone(offers), formatVersion: 1 });
    expect(loadArtifact(claimsOne as Artifact).diagnostics.map((d) => d.code)).toEqual(["artifact/invalid"]);
    const three = rehash({ ...structuredClone(plain), formatVersion: 3 });
    expect(loadArtifact(three as Artifact).diagnostics.map((d) => d.code)).toEqual(["artifact/unsupported-version"]);
  });

  it("refuses options and verdict branches where the evaluators could not follow them", () => {
    const edit = (change: (outcome: Json) => void): string[] => {
      const a = structuredClone(offers) as Json;
      const rule = a.rules.find((r: Json) => r.event.params.outcome?.options);
      change(rule.event.params.outcome);
      return [...new Set(loadArtifact(rehash(a) as Artifact).diagnostics.map((d) => d.code))];
    };
    expect(edit((o) => { o.options[1].default = true; })).toEqual(["artifact/invalid"]);
    expect(edit((o) => { o.options[1].label = o.options[0].label; })).toEqual(["artifact/invalid"]);
    expect(edit((o) => { o.decision = "deny"; })).toEqual(["artifact/invalid"]);
    expect(edit((o) => { o.options[0].outcome.options = [o.options[1]]; })).toEqual(["artifact/invalid"]);
    expect(edit((o) => { o.ifApproved = { range: [1, 1, 1, 2], outcome: o.options[0].outcome }; })).toEqual(["artifact/invalid"]);
    expect(edit((o) => { o.options[0].outcome.refund.adjustable = { low: { money: 0 }, high: { money: 1 } }; })).toEqual(["artifact/invalid"]);
  });
});

describe("proviso eval shows options and proposals", () => {
  it("lists each option with its money and marks the one in effect; a review shows what each verdict gives", () => {
    const event = JSON.stringify(seedsOf("late-cancellation.test.yaml")[0]);
    const late = proviso(["eval", "policies/late-cancellation.policy", "--event", "-", "--no-explain"], event);
    expect(late.code).toBe(0);
    expect(late.stdout).toContain("options (none chosen yet; the default applies):");
    expect(late.stdout).toContain("▸ “Return it for a full refund” (default): approve, $60.00 to the original payment, return shipping paid by customer, within 5 business days");
    expect(late.stdout).toContain("  “Keep it with 30% back”: approve, $18.00 to the original payment, keeps the items, within 5 business days");
    expect(late.stdout).toContain("notify the customer by email: L1 (CHAIR-OAK) — “Send CHAIR-OAK back");
    const review = JSON.stringify(seedsOf("abuse-and-review.verdicts.test.yaml")[0]);
    const held = proviso(["eval", "policies/abuse-and-review.policy", "--event", "-"], review);
    expect(held.stdout).toContain("approves: approve, $500.01 to the original payment, return shipping paid by merchant, within 5 business days; adjustable: L1 $150.00–$300.00, L2 $100.01–$200.01");
    expect(held.stdout).toContain("declines: deny, $0.00 — “We can't accept this return");
    const verdict = { ...JSON.parse(review), verdict: { outcome: "approve", by: "ana", at: "2026-06-13T09:30:00Z", amounts: [{ id: "L1", amount: 18000 }] } };
    const done = proviso(["eval", "policies/abuse-and-review.policy", "--event", "-"], JSON.stringify(verdict));
    expect(done.stdout).toContain("reviewed: approved by ana at 2026-06-13T09:30:00Z");
    expect(done.stdout).toContain("▸ line 24 approved by ana at 2026-06-13T09:30:00Z, amount set to $180.00");
  });
});
