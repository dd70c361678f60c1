// A seeded generator of realistic return events: a few lines per order, real-looking prices,
// delivered some days before the request, customers with histories.

const CATEGORIES = ["apparel", "apparel", "apparel", "electronics", "home", "beauty", "outdoor", "toys", "books"];
const REASONS = ["changed_mind", "changed_mind", "size", "size", "damaged", "defective", "wrong_item", "not_as_described", "other"];
const CONDITIONS = ["unopened", "unopened", "opened", "used", "damaged"];
const DAY = 86_400_000;

export function eventGenerator(seed = 42): () => Record<string, unknown> {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  let n = 0;
  return () => {
    n++;
    const placed = Date.UTC(2025, 0, 1) + int(0, 700) * DAY + int(0, 86_399) * 1000;
    const shipped = placed + int(1, 3) * DAY;
    const delivered = shipped + int(1, 5) * DAY;
    const at = delivered + int(0, 80) * DAY + int(0, 86_399) * 1000;
    const lines = int(1, 3);
    const items = Array.from({ length: lines }, (_, i) => {
      const quantity = random() < 0.85 ? 1 : int(2, 3);
      const unitPrice = pick([999, 1299, 1499, 2499, 3999, 4999, 7999, 12999, 24999, 59999]);
      const paid = Math.round(unitPrice * quantity * (random() < 0.3 ? 0.8 : 1));
      return {
        id: `L${i + 1}`, sku: `SKU-${int(1000, 9999)}`, category: pick(CATEGORIES), quantity, unitPrice, paid,
        finalSale: random() < 0.08, personalized: random() < 0.03, perishable: false, digital: false, hygieneSealed: random() < 0.05, giftCard: false,
        brand: pick(["acme", "northloom", "pulsar"]), refunded: 0,
      };
    });
    const requested = items.slice(0, int(1, lines));
    const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
    return {
      type: "return.requested",
      at: iso(at),
      initiator: "customer",
      reason: pick(REASONS),
      order: {
        id: `B-${n}`, placedAt: iso(placed), currency: "USD", status: "delivered", market: "US", channel: pick(["web", "app"]), tags: [],
        shipping: { paid: pick([0, 499, 599, 999]), method: "standard", carrier: "ups", interceptable: false, shippedAt: iso(shipped), deliveredAt: iso(delivered) },
        items,
      },
      customer: {
        id: `C-${int(1, 50_000)}`, email: "someone@example.test", firstName: pick(["Ana", "Ben", "Chen", "Dara"]), tier: random() < 0.15 ? "gold" : "standard",
        tags: random() < 0.02 ? ["blocked"] : [],
        stats: { orders12m: int(0, 30), returns12m: int(0, 10), cancellations12m: int(0, 3), keepItems12m: 0 },
      },
      request: { items: requested.map((l) => ({ id: l.id, quantity: l.quantity, condition: pick(CONDITIONS) })) },
    };
  };
}

const STATUSES = ["pending", "paid", "processing", "processing", "in_production", "shipped", "shipped", "out_for_delivery", "delivered", "cancelled"];

/** Cancellation requests for an order in any state: not shipped, in production, in transit, delivered. */
export function cancellationGenerator(seed = 42): () => Record<string, unknown> {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
  let n = 0;
  return () => {
    n++;
    const status = pick(STATUSES);
    const placed = Date.UTC(2025, 0, 1) + int(0, 700) * DAY + int(0, 86_399) * 1000;
    const shipped = status === "shipped" || status === "out_for_delivery" || status === "delivered" ? placed + int(1, 3) * DAY : undefined;
    const delivered = status === "delivered" ? shipped! + int(1, 5) * DAY : undefined;
    const at = (delivered ?? shipped ?? placed) + int(0, 40) * DAY + int(0, 86_399) * 1000;
    const merchant = random() < 0.15;
    const lines = int(1, 3);
    const items = Array.from({ length: lines }, (_, i) => {
      const quantity = random() < 0.85 ? 1 : int(2, 3);
      const unitPrice = pick([999, 1499, 2499, 3999, 7999, 12999, 24999]);
      return {
        id: `L${i + 1}`, sku: `SKU-${int(1000, 9999)}`, category: pick(CATEGORIES), quantity, unitPrice, paid: Math.round(unitPrice * quantity * (random() < 0.3 ? 0.8 : 1)),
        finalSale: false, personalized: random() < 0.2, perishable: false, digital: false, hygieneSealed: false, giftCard: false, refunded: 0,
      };
    });
    const requested = items.slice(0, int(1, lines));
    const shipping: Record<string, unknown> = { paid: pick([0, 499, 999]), refunded: 0, method: "standard", carrier: "ups", interceptable: random() < 0.5 };
    if (shipped !== undefined) shipping.shippedAt = iso(shipped);
    if (delivered !== undefined) shipping.deliveredAt = iso(delivered);
    return {
      type: "cancellation.requested",
      at: iso(at),
      initiator: merchant ? "merchant" : "customer",
      reason: merchant ? pick(["out_of_stock", "out_of_stock", "other"]) : pick(["changed_mind", "duplicate_order", "late_delivery", "other"]),
      order: { id: `H-${n}`, placedAt: iso(placed), currency: "USD", status, market: "US", channel: "web", tags: [], shipping, items },
      customer: { id: `C-${int(1, 50_000)}`, firstName: pick(["Ana", "Ben", "Chen", "Dara"]), tier: "standard", tags: [], stats: { orders12m: int(0, 30), returns12m: 0, cancellations12m: int(0, 3), keepItems12m: 0 } },
      request: { items: requested.map((l) => ({ id: l.id, quantity: random() < 0.8 ? l.quantity : 1 })) },
    };
  };
}
