// bench/ten-rules.policy written by hand in TypeScript: the practical lower bound for the decision
// logic alone (no validation, no explanation). The benchmark checks it agrees with Proviso.
import { localDateNumber, localParts, percentOf } from "../runtime/index.js";

type Json = Record<string, any>;
const DAY = 86_400_000;
const ZONE = "America/New_York";

export interface HandDecision {
  outcome: "approve" | "deny" | "review";
  total: number;
  items: { id: string; outcome: "approve" | "deny" | "review"; refund: number }[];
}

export function decideByHand(e: Json): HandDecision {
  const at = Date.parse(e.at);
  const delivered = e.order.shipping.deliveredAt ? Date.parse(e.order.shipping.deliveredAt) : undefined;
  const shipped = e.order.shipping.shippedAt ? Date.parse(e.order.shipping.shippedAt) : undefined;
  const within = (days: number) => delivered !== undefined && at - delivered <= days * DAY;
  const lines = new Map<string, Json>(e.order.items.map((l: Json) => [l.id, l]));
  const share = (l: Json, q: number) => (q >= l.quantity ? l.paid : Math.round((l.paid * q) / l.quantity));
  const requestValue = e.request.items.reduce((n: number, r: Json) => n + share(lines.get(r.id)!, r.quantity), 0);
  let holiday = false;
  if (shipped !== undefined) {
    const md = localDateNumber(shipped, ZONE) % 10_000;
    holiday = md >= 1101 && md <= 1231 && localDateNumber(at, ZONE) <= (localParts(shipped, ZONE).year + 1) * 10_000 + 131;
  }
  let labelCharged = false;
  const items = e.request.items.map((r: Json) => {
    const line = lines.get(r.id)!;
    const value = share(line, r.quantity);
    const refundable = line.paid - (line.refunded ?? 0);
    const approve = (amount: number) => ({ id: r.id, outcome: "approve" as const, refund: Math.max(0, Math.min(amount, refundable)) });
    const no = (outcome: "deny" | "review") => ({ id: r.id, outcome, refund: 0 });
    if ((e.customer.tags ?? []).includes("blocked")) return no("deny");
    if ((e.customer.stats?.returns12m ?? 0) >= 8) return no("review");
    if (line.finalSale) return no("deny");
    if (["damaged", "defective", "wrong_item", "not_as_described"].includes(e.reason) && within(60)) return approve(value);
    if (requestValue > 100_000) return no("review");
    if (line.paid <= 1500 && within(30)) return approve(value);
    if (line.category === "electronics" && within(15)) return approve(value - (r.condition === "opened" ? percentOf(value, 1500) : 0));
    if (e.customer.tier === "gold" && within(60)) return approve(value);
    if (holiday) return approve(value);
    if (within(30) && line.category !== "electronics") {
      const fee = labelCharged ? 0 : 695;
      labelCharged = true;
      return approve(value - fee);
    }
    return no("deny");
  });
  const total = Math.max(0, items.reduce((n: number, i: { refund: number }) => n + i.refund, 0));
  const outcome = items.some((i: { outcome: string }) => i.outcome === "approve") ? "approve" : items.some((i: { outcome: string }) => i.outcome === "review") ? "review" : "deny";
  return { outcome, total, items };
}
