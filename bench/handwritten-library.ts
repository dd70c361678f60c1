// Two policies of the library written by hand in TypeScript, as a careful engineer would write them
// for one shop: the floor a general engine is measured against. They trust their input (no schema,
// no sense checks, no explanation) but compute everything a backend acts on: each item's outcome and
// refund, the total, who ships back, the actions, and the customer's messages with money formatted.
// bench/run.ts checks they agree with Proviso on every event it times.
import { formatMoney, localDateNumber, localParts, percentOf, type Decision } from "../runtime/index.js";

type Json = Record<string, any>;
const DAY = 86_400_000;

export interface HandItem {
  id: string;
  outcome: "approve" | "deny" | "review";
  refund: number;
}

export interface HandDecision {
  outcome: "approve" | "deny" | "review";
  total: number;
  returnShipping: "customer" | "merchant" | "none";
  items: HandItem[];
  actions: { type: string; message?: string }[];
}

function overall(items: HandItem[]): HandDecision["outcome"] {
  return items.some((i) => i.outcome === "approve") ? "approve" : items.some((i) => i.outcome === "review") ? "review" : "deny";
}

/** What was paid for the units asked for, rounded half-up (integers only). */
function share(line: Json, quantity: number): number {
  if (quantity >= line.quantity) return line.paid;
  return Math.floor((line.paid * quantity * 2 + line.quantity) / (2 * line.quantity));
}

/** policies/retail-returns.policy */
export function decideRetailReturns(e: Json): HandDecision {
  const ZONE = "America/New_York";
  const at = Date.parse(e.at);
  const deliveredAt = e.order.shipping.deliveredAt;
  const shippedAt = e.order.shipping.shippedAt;
  const sinceDelivery = deliveredAt === undefined ? undefined : at - Date.parse(deliveredAt);
  const within = (days: number) => sinceDelivery !== undefined && sinceDelivery <= days * DAY;
  const gold = e.customer.tier === "gold";
  let holiday = false;
  if (shippedAt !== undefined) {
    const shipped = Date.parse(shippedAt);
    const monthDay = localDateNumber(shipped, ZONE) % 10_000;
    holiday = monthDay >= 1101 && monthDay <= 1231 && localDateNumber(at, ZONE) <= (localParts(shipped, ZONE).year + 1) * 10_000 + 131;
  }
  const changeOfMindWindow = within(30) || (gold && within(60)) || holiday;
  const ourMistake = (e.reason === "damaged" || e.reason === "defective" || e.reason === "wrong_item" || e.reason === "not_as_described") && within(60);
  const lines = new Map<string, Json>();
  for (const line of e.order.items) lines.set(line.id, line);
  let labelFeeCharged = false;
  let shipsBackCustomer = false;
  let shipsBackMerchant = false;
  const offerCredit: string[] = [];
  const items: HandItem[] = e.request.items.map((r: Json) => {
    const line = lines.get(r.id)!;
    const value = share(line, r.quantity);
    const ceiling = Math.min(value, Math.max(0, line.paid - (line.refunded ?? 0)));
    const settle = (amount: number) => Math.max(0, Math.min(amount, ceiling));
    if (line.finalSale) return { id: r.id, outcome: "deny", refund: 0 };
    if (ourMistake) {
      shipsBackMerchant = true;
      return { id: r.id, outcome: "approve", refund: settle(value) };
    }
    if (line.paid <= 1500 && changeOfMindWindow) return { id: r.id, outcome: "approve", refund: settle(value) };
    if (within(30) || (gold && within(60)) || holiday) {
      // The change-of-mind terms: a restocking fee on opened electronics, the label fee on the first item.
      let amount = value;
      if (r.condition === "opened" && line.category === "electronics") amount -= percentOf(value, 1500);
      if (!labelFeeCharged) {
        labelFeeCharged = true;
        amount -= 695;
      }
      shipsBackCustomer = true;
      return { id: r.id, outcome: "approve", refund: settle(amount) };
    }
    offerCredit.push(r.id);
    return { id: r.id, outcome: "deny", refund: 0 };
  });
  const total = items.reduce((n, i) => n + i.refund, 0);
  return {
    outcome: overall(items),
    total,
    returnShipping: shipsBackCustomer ? "customer" : shipsBackMerchant ? "merchant" : "none",
    items,
    actions: offerCredit.length ? [{ type: "offer_store_credit" }] : [],
  };
}

/** policies/order-cancellation.policy */
export function decideOrderCancellation(e: Json): HandDecision {
  const status: string = e.order.status;
  const at = Date.parse(e.at);
  const shippedAt = e.order.shipping.shippedAt;
  const inTransit = status === "shipped" || status === "out_for_delivery";
  const lostParcel = inTransit && shippedAt !== undefined && at - Date.parse(shippedAt) > 30 * DAY;
  const outOfStock = e.initiator === "merchant" && e.reason === "out_of_stock";
  const notShipped = status === "pending" || status === "paid" || status === "processing";
  const lines = new Map<string, Json>();
  for (const line of e.order.items) lines.set(line.id, line);
  let rule = "";
  let refundsShipping = false;
  let interceptFee = false;
  const items: HandItem[] = e.request.items.map((r: Json) => {
    const line = lines.get(r.id)!;
    const value = share(line, r.quantity);
    const refund = Math.max(0, Math.min(value, line.paid - (line.refunded ?? 0)));
    const decide = (name: string, outcome: HandItem["outcome"], amount = 0): HandItem => {
      rule ||= name;
      return { id: r.id, outcome, refund: amount };
    };
    if (status === "delivered") return decide("delivered", "deny");
    if (outOfStock) {
      refundsShipping = true;
      return decide("out-of-stock", "approve", refund);
    }
    if (notShipped) {
      refundsShipping = true;
      return decide("not-shipped", "approve", refund);
    }
    if (status === "in_production" && line.personalized) return decide("made-to-order", "deny");
    if (lostParcel) return decide("lost", "review");
    if (inTransit && e.order.shipping.interceptable) {
      interceptFee = true;
      return decide("intercept", "approve", refund);
    }
    if (inTransit) return decide("in-transit", "deny");
    return decide("otherwise", "deny");
  });
  let total = items.reduce((n, i) => n + i.refund, 0);
  if (refundsShipping) total += Math.max(0, e.order.shipping.paid - (e.order.shipping.refunded ?? 0));
  if (interceptFee) total = Math.max(0, total - 1000);
  const money = formatMoney(total, "USD", "en-US");
  const actions: HandDecision["actions"] = [];
  // Every item of one of these orders is decided by the same rule (the rules read the order, and
  // only `personalized` differs per line): the actions of that rule.
  if (rule === "out-of-stock") actions.push({ type: "notify_customer", message: `Hi ${e.customer.firstName ?? ""}, we're sorry: part of order ${e.order.id} is out of stock. We've refunded ${money} and suggest some alternatives.` }, { type: "offer_alternatives" });
  if (rule === "not-shipped") actions.push({ type: "cancel_fulfillment" }, { type: "restock" }, { type: "notify_customer", message: `Your order ${e.order.id} is cancelled and ${money} is on its way back to you.` });
  if (rule === "lost") actions.push({ type: "manual_review" });
  if (rule === "intercept") actions.push({ type: "intercept_shipment" }, { type: "notify_customer", message: `We're stopping order ${e.order.id} with the carrier; ${money} will be refunded.` });
  if (rule === "in-transit") actions.push({ type: "offer_alternatives" });
  return { outcome: overall(items), total, returnShipping: "none", items, actions };
}

/** Whether Proviso's decision says what the hand-written one does: outcomes, money, shipping, actions and their messages. */
export function agreesWithHand(d: Decision | undefined, h: HandDecision): boolean {
  if (!d) return false;
  if (d.outcome !== h.outcome || d.refund.amount !== h.total || d.returnShipping !== h.returnShipping) return false;
  if (d.items.length !== h.items.length || d.items.some((item, i) => item.outcome !== h.items[i]!.outcome || item.refund.amount !== h.items[i]!.refund)) return false;
  const actions = d.actions.map((a) => (a.message === undefined ? { type: a.type } : { type: a.type, message: a.message }));
  return JSON.stringify(actions) === JSON.stringify(h.actions);
}
