// policies/retail-returns.policy as a GoRules Zen decision (JDM): a first-hit decision table picks the
// rule for each item, with the same inputs the hand-written function derives (time since delivery,
// the holiday window), and glue code applies the money, as a Zen user would write it. bench/run.ts
// checks it agrees with Proviso before timing it: a peer engine, measured rather than quoted.
import { ZenEngine, type ZenDecision } from "@gorules/zen-engine";
import { localDateNumber, localParts, percentOf } from "../runtime/index.js";
import type { HandDecision, HandItem } from "./handwritten-library.js";

type Json = Record<string, any>;
const HOUR = 3_600_000;
const ZONE = "America/New_York";

const cell = (text: string) => text;
const INPUTS = ["finalSale", "reason", "hours", "paid", "tier", "holiday", "window"];
/** A row of the table: every input column has a cell (empty: any value), then the outputs. */
const rule = (id: string, cells: Record<string, string>, name: string, terms: string) => ({
  _id: id, ...Object.fromEntries(INPUTS.map((input) => [input, cells[input] ?? ""])), rule: `"${name}"`, terms: `"${terms}"`,
});

const CONTENT = {
  contentType: "application/vnd.gorules.decision",
  nodes: [
    { id: "request", type: "inputNode", name: "Request", position: { x: 0, y: 0 } },
    {
      id: "rules", type: "decisionTableNode", name: "Northloom returns", position: { x: 200, y: 0 },
      content: {
        hitPolicy: "first",
        inputs: [
          { id: "finalSale", name: "Final sale", field: "finalSale" },
          { id: "reason", name: "Reason", field: "reason" },
          { id: "hours", name: "Hours since delivery", field: "hours" },
          { id: "paid", name: "Paid", field: "paid" },
          { id: "tier", name: "Tier", field: "tier" },
          { id: "holiday", name: "Holiday window", field: "holiday" },
          { id: "window", name: "Change-of-mind window", field: "" },
        ],
        outputs: [{ id: "rule", name: "Rule", field: "rule" }, { id: "terms", name: "Terms", field: "terms" }],
        rules: [
          rule("final-sale", { finalSale: cell("true") }, "Final sale", "deny"),
          rule("our-mistake", { reason: cell('"damaged", "defective", "wrong_item", "not_as_described"'), hours: cell("<= 1440") }, "Our mistake", "full-merchant"),
          rule("returnless", { paid: cell("<= 1500"), window: cell('(hours != null and hours <= 720) or (tier == "gold" and hours != null and hours <= 1440) or holiday == true') }, "Returnless refund", "keep"),
          rule("change-of-mind", { hours: cell("<= 720") }, "Change of mind", "change-of-mind"),
          rule("gold", { tier: cell('"gold"'), hours: cell("<= 1440") }, "Gold customers", "change-of-mind"),
          rule("holiday", { holiday: cell("true") }, "Holiday", "change-of-mind"),
          rule("otherwise", {}, "otherwise", "deny"),
        ],
      },
    },
    { id: "response", type: "outputNode", name: "Response", position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: "e1", sourceId: "request", targetId: "rules", type: "edge" },
    { id: "e2", sourceId: "rules", targetId: "response", type: "edge" },
  ],
};

export function retailReturnsOnZen(): ZenDecision {
  return new ZenEngine().createDecision(CONTENT);
}

function share(line: Json, quantity: number): number {
  if (quantity >= line.quantity) return line.paid;
  return Math.floor((line.paid * quantity * 2 + line.quantity) / (2 * line.quantity));
}

/** One decision: the table once per requested item (concurrently), then the money. */
export async function decideOnZen(decision: ZenDecision, e: Json): Promise<HandDecision> {
  const at = Date.parse(e.at);
  const deliveredAt = e.order.shipping.deliveredAt;
  const hours = deliveredAt === undefined ? null : (at - Date.parse(deliveredAt)) / HOUR;
  let holiday = false;
  if (e.order.shipping.shippedAt !== undefined) {
    const shipped = Date.parse(e.order.shipping.shippedAt);
    const monthDay = localDateNumber(shipped, ZONE) % 10_000;
    holiday = monthDay >= 1101 && monthDay <= 1231 && localDateNumber(at, ZONE) <= (localParts(shipped, ZONE).year + 1) * 10_000 + 131;
  }
  const lines = new Map<string, Json>();
  for (const line of e.order.items) lines.set(line.id, line);
  const answers = await Promise.all(e.request.items.map((r: Json) => {
    const line = lines.get(r.id)!;
    return decision.evaluate({ finalSale: line.finalSale === true, reason: e.reason, hours, paid: line.paid, tier: e.customer.tier ?? null, holiday });
  }));
  let labelFeeCharged = false;
  let customer = false;
  let merchant = false;
  let offerCredit = false;
  const items: HandItem[] = e.request.items.map((r: Json, i: number) => {
    const line = lines.get(r.id)!;
    const value = share(line, r.quantity);
    const ceiling = Math.min(value, Math.max(0, line.paid - (line.refunded ?? 0)));
    const settle = (amount: number) => Math.max(0, Math.min(amount, ceiling));
    const { rule, terms } = answers[i]!.result as { rule: string; terms: string };
    if (terms === "deny") {
      if (rule === "otherwise") offerCredit = true;
      return { id: r.id, outcome: "deny", refund: 0 };
    }
    if (terms === "full-merchant") {
      merchant = true;
      return { id: r.id, outcome: "approve", refund: settle(value) };
    }
    if (terms === "keep") return { id: r.id, outcome: "approve", refund: settle(value) };
    let amount = value;
    if (r.condition === "opened" && line.category === "electronics") amount -= percentOf(value, 1500);
    if (!labelFeeCharged) {
      labelFeeCharged = true;
      amount -= 695;
    }
    customer = true;
    return { id: r.id, outcome: "approve", refund: settle(amount) };
  });
  const outcome = items.some((i) => i.outcome === "approve") ? "approve" : items.some((i) => i.outcome === "review") ? "review" : "deny";
  return {
    outcome,
    total: items.reduce((n, i) => n + i.refund, 0),
    returnShipping: customer ? "customer" : merchant ? "merchant" : "none",
    items,
    actions: offerCredit ? [{ type: "offer_store_credit" }] : [],
  };
}
