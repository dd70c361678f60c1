// Generated order events for property tests: a real event from a policy's tests, with its fields
// changed at random within (and sometimes beyond) what the schema allows, so every rule, window and
// money path is reached, and some events are refused.
import fc from "fast-check";
import { ORDER_STATUSES, REASONS, ITEM_CONDITIONS } from "../../runtime/index.js";

type Json = Record<string, any>;
const MINUTE = 60_000;

const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MINUTE).toISOString().replace(".000Z", "Z");
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const lineChanges = fc.record({
  paid: maybe(fc.integer({ min: 0, max: 120_000 })),
  quantity: maybe(fc.integer({ min: 1, max: 4 })),
  finalSale: maybe(fc.boolean()),
  personalized: maybe(fc.boolean()),
  perishable: maybe(fc.boolean()),
  hygieneSealed: maybe(fc.boolean()),
  giftCard: maybe(fc.boolean()),
  digital: maybe(fc.boolean()),
  category: maybe(fc.constantFrom("apparel", "electronics", "home", "food", "ebook", "ticket", "software")),
  refundedShare: maybe(fc.integer({ min: 0, max: 100 })),
  custom: maybe(fc.record({ downloaded: maybe(fc.boolean()), licenseKeyRevealed: maybe(fc.boolean()) })),
});

const changes = fc.record({
  type: maybe(fc.constantFrom("cancellation.requested", "return.requested", "refund.requested")),
  atMinutes: maybe(fc.integer({ min: -3 * 24 * 60, max: 120 * 24 * 60 })),
  initiator: maybe(fc.constantFrom("customer", "merchant", "platform")),
  reason: maybe(fc.constantFrom(...REASONS)),
  status: maybe(fc.constantFrom(...ORDER_STATUSES)),
  market: maybe(fc.constantFrom("US", "CA", "DE", "CN", "FR", "GB", "IE")),
  shippingPaid: maybe(fc.integer({ min: 0, max: 3000 })),
  interceptable: maybe(fc.boolean()),
  shippedMinutes: maybe(fc.option(fc.integer({ min: 0, max: 60 * 24 * 60 }), { nil: null })),
  deliveredMinutes: maybe(fc.option(fc.integer({ min: 0, max: 90 * 24 * 60 }), { nil: null })),
  lines: fc.array(lineChanges, { minLength: 0, maxLength: 3 }),
  requestQuantities: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
  conditions: fc.array(fc.constantFrom(...ITEM_CONDITIONS, undefined), { minLength: 3, maxLength: 3 }),
  tier: maybe(fc.constantFrom("standard", "gold", "silver")),
  tags: maybe(fc.subarray(["blocked", "vip", "serial_canceller"])),
  returns12m: maybe(fc.integer({ min: 0, max: 10 })),
  cancellations12m: maybe(fc.integer({ min: 0, max: 8 })),
  rate: maybe(fc.constantFrom("non_refundable", "strict", "moderate", "flexible")),
  nights: maybe(fc.integer({ min: 0, max: 7 })),
  checkInMinutes: maybe(fc.integer({ min: -24 * 60, max: 40 * 24 * 60 })),
  accepted: maybe(fc.boolean()),
  courier: maybe(fc.boolean()),
  eventStatus: maybe(fc.constantFrom("scheduled", "cancelled", "postponed")),
  interval: maybe(fc.constantFrom("day", "week", "month", "year")),
  // One event in eight keeps its timestamps as generated, in whatever order, to be refused; the rest
  // are brought into the order events have (order, shipping, delivery, request).
  disorder: fc.integer({ min: 0, max: 7 }),
  // A seed's customer choice and reviewer's verdict are kept one time in two: most changed events no
  // longer reach the rule they were for, and are then refused.
  keepChoice: fc.boolean(),
  keepVerdict: fc.boolean(),
});

type Changes = typeof changes extends fc.Arbitrary<infer T> ? T : never;

function apply(seed: Json, c: Changes): Json {
  const e: Json = structuredClone(seed);
  const placedAt: string = e.order.placedAt;
  if (c.type) e.type = c.type;
  if (c.atMinutes !== undefined) e.at = shift(placedAt, c.atMinutes);
  if (c.initiator) e.initiator = c.initiator;
  if (c.reason) e.reason = c.reason;
  if (c.status) e.order.status = c.status;
  if (c.market) e.order.market = c.market;
  if (c.shippingPaid !== undefined) e.order.shipping.paid = c.shippingPaid;
  if (c.interceptable !== undefined) e.order.shipping.interceptable = c.interceptable;
  if (c.shippedMinutes !== undefined) {
    if (c.shippedMinutes === null) delete e.order.shipping.shippedAt;
    else e.order.shipping.shippedAt = shift(placedAt, c.shippedMinutes);
  }
  if (c.deliveredMinutes !== undefined) {
    if (c.deliveredMinutes === null) delete e.order.shipping.deliveredAt;
    else e.order.shipping.deliveredAt = shift(placedAt, c.deliveredMinutes);
  }
  c.lines.forEach((l, i) => {
    const line = e.order.items[i] ?? (e.order.items[i] = { ...e.order.items[0], id: `G${i}` });
    if (l.paid !== undefined) line.paid = l.paid;
    if (l.quantity !== undefined) line.quantity = l.quantity;
    for (const flag of ["finalSale", "personalized", "perishable", "hygieneSealed", "giftCard", "digital"] as const) if (l[flag] !== undefined) line[flag] = l[flag];
    if (l.category) line.category = l.category;
    if (l.refundedShare !== undefined) line.refunded = Math.floor(((line.paid ?? 0) * l.refundedShare) / 100);
    if (l.custom) line.custom = Object.fromEntries(Object.entries(l.custom).filter(([, v]) => v !== undefined));
  });
  e.request.items = e.order.items.slice(0, c.requestQuantities.length)
    .map((line: Json, i: number) => ({ id: line.id, quantity: Math.min(c.requestQuantities[i]!, line.quantity) || 1, ...(c.conditions[i] ? { condition: c.conditions[i] } : {}) }));
  if (c.tier) e.customer.tier = c.tier;
  if (c.tags) e.customer.tags = c.tags;
  if (c.returns12m !== undefined || c.cancellations12m !== undefined) {
    e.customer.stats = { ...e.customer.stats, ...(c.returns12m !== undefined ? { returns12m: c.returns12m } : {}), ...(c.cancellations12m !== undefined ? { cancellations12m: c.cancellations12m } : {}) };
  }
  if (e.booking) {
    if (c.rate) e.booking.rate = c.rate;
    if (c.nights !== undefined) e.booking.nights = c.nights;
    if (c.checkInMinutes !== undefined) e.booking.checkIn = shift(e.at, c.checkInMinutes);
  }
  if (e.delivery) {
    if (c.accepted !== undefined) { if (c.accepted) e.delivery.restaurantAcceptedAt = shift(placedAt, 2); else delete e.delivery.restaurantAcceptedAt; }
    if (c.courier !== undefined) { if (c.courier) e.delivery.courierAssignedAt = shift(placedAt, 15); else delete e.delivery.courierAssignedAt; }
  }
  if (e.ticket && c.eventStatus) e.ticket.eventStatus = c.eventStatus;
  if (e.subscription && c.interval) e.subscription.interval = c.interval;
  if (!c.keepChoice) delete e.request.choice;
  if (!c.keepVerdict) delete e.verdict;
  if (c.disorder !== 0) inOrder(e);
  return e;
}

/** Moves what happened before the request to no later than it, and delivery to no earlier than shipping. */
function inOrder(e: Json): void {
  const at = Date.parse(e.at);
  if (at < Date.parse(e.order.placedAt)) return;
  const notAfterRequest = (holder: Json | undefined, key: string) => {
    if (holder?.[key] !== undefined && Date.parse(holder[key]) > at) holder[key] = e.at;
  };
  notAfterRequest(e.order.shipping, "shippedAt");
  notAfterRequest(e.order.shipping, "deliveredAt");
  notAfterRequest(e.delivery, "restaurantAcceptedAt");
  notAfterRequest(e.delivery, "courierAssignedAt");
  // A reviewer decides after the request.
  if (e.verdict?.at !== undefined && Date.parse(e.verdict.at) < at) e.verdict.at = shift(e.at, 60);
  const { shippedAt, deliveredAt } = e.order.shipping;
  if (shippedAt !== undefined && deliveredAt !== undefined && Date.parse(deliveredAt) < Date.parse(shippedAt)) e.order.shipping.deliveredAt = shippedAt;
}

/** Events derived from the given seed events. */
export function eventsFrom(seeds: readonly unknown[]): fc.Arbitrary<Json> {
  return fc.tuple(fc.constantFrom(...seeds), changes).map(([seed, c]) => apply(seed as Json, c));
}
