// The canonical order event, as a JSON Schema. It is the single source of truth for field types:
// the runtime validates events with it, the compiler derives the fields a policy may name from it
// (see fields.ts), and docs list it. `x-proviso` annotates what JSON Schema cannot say: that an
// integer is money in minor units, that a string is an instant, the friendly alias of a timestamp.

import { limit } from "./limits.js";
import { INSTANT_PATTERN } from "./time.js";

const money = (doc: string) => ({ type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER, "x-proviso": { type: "money" }, description: doc });
const instant = (doc: string, alias?: string) => ({
  type: "string", pattern: INSTANT_PATTERN, maxLength: 40,
  "x-proviso": alias ? { type: "timestamp", alias } : { type: "timestamp" }, description: doc,
});
const text = (doc: string, maxLength = 200) => ({ type: "string", maxLength, description: doc });
const count = (doc: string, minimum = 0) => ({ type: "integer", minimum, maximum: 1_000_000_000, description: doc });
const flag = (doc: string) => ({ type: "boolean", default: false, description: doc });
const oneOf = (values: string[], doc: string) => ({ type: "string", enum: values, description: doc });
/** An enum a merchant may give more values of its own (in its fields file). */
const extensible = (values: string[], doc: string) => ({ ...oneOf(values, doc), "x-proviso": { extensible: true } });
const words = (doc: string) => ({ type: "array", maxItems: 100, items: { type: "string", maxLength: 100 }, default: [], description: doc });
/** A merchant's own fields: validated against the policy's declared custom fields, not here. */
const custom = { type: "object", description: "The merchant's own fields, typed by the policy's field declarations (docs/language.md#custom-fields)." };

export const EVENT_TYPES = ["cancellation.requested", "return.requested", "refund.requested"] as const;
export const REASONS = [
  "changed_mind", "damaged", "defective", "not_as_described", "wrong_item", "missing_item", "late_delivery",
  "size", "duplicate_order", "out_of_stock", "fraud_suspected", "event_cancelled", "event_postponed", "other",
];
export const ORDER_STATUSES = ["pending", "paid", "processing", "in_production", "shipped", "out_for_delivery", "delivered", "cancelled"];
export const ITEM_CONDITIONS = ["unopened", "opened", "used", "damaged"];

export const EVENT_SCHEMA = {
  $id: "https://proviso.dev/schemas/event.json",
  title: "Proviso order event",
  type: "object",
  additionalProperties: false,
  required: ["type", "at", "initiator", "reason", "order", "customer", "request"],
  properties: {
    type: oneOf([...EVENT_TYPES], "What is asked for."),
    at: instant("When the request was made; every duration is measured to this instant.", "request"),
    initiator: oneOf(["customer", "merchant", "platform"], "Who made the request."),
    reason: extensible(REASONS, "Why the request was made."),
    order: {
      type: "object",
      additionalProperties: false,
      required: ["id", "placedAt", "currency", "status", "market", "shipping", "items"],
      properties: {
        id: text("The order's id."),
        placedAt: instant("When the order was placed; also picks the policy version in force.", "purchase"),
        currency: { type: "string", pattern: "^[A-Z]{3}$", description: "ISO 4217 code of every amount in the event." },
        status: extensible(ORDER_STATUSES, "Where the order is in its life."),
        market: { type: "string", pattern: "^[A-Z]{2}$", description: "The buyer's country, ISO 3166-1 alpha-2." },
        channel: text("Where the order was placed (web, app, ...)."),
        tags: words("The order's tags."),
        shipping: {
          type: "object",
          additionalProperties: false,
          required: ["paid"],
          properties: {
            paid: money("Shipping paid by the customer on the order."),
            refunded: { ...money("Shipping already refunded on the order: `plus shipping` refunds only the rest."), default: 0 },
            method: text("Shipping method (standard, express, ...)."),
            carrier: text("Carrier."),
            trackingNumber: text("The carrier's tracking number, for messages."),
            interceptable: flag("Whether the carrier can still stop the parcel."),
            shippedAt: instant("When the parcel left.", "shipment"),
            deliveredAt: instant("When the parcel was delivered.", "delivery"),
          },
        },
        items: {
          type: "array",
          minItems: 1,
          maxItems: limit("eventLines"),
          items: {
            type: "object",
            additionalProperties: false,
            required: ["id", "category", "quantity", "unitPrice", "paid"],
            properties: {
              id: text("The line's id."),
              sku: text("Stock-keeping unit."),
              category: text("The product category."),
              quantity: count("Units ordered.", 1),
              unitPrice: money("List price of one unit."),
              paid: money("What was paid for the whole line, after discounts."),
              finalSale: flag("Sold as final sale."),
              personalized: flag("Made to the customer's order."),
              perishable: flag("Perishable goods."),
              digital: flag("Digital goods."),
              hygieneSealed: flag("Sealed for hygiene reasons."),
              giftCard: flag("A gift card."),
              brand: text("Brand."),
              refunded: { ...money("Already refunded on this line."), default: 0 },
              custom,
            },
          },
        },
        custom,
      },
    },
    customer: {
      type: "object",
      additionalProperties: false,
      required: ["id"],
      properties: {
        id: text("The customer's id."),
        email: text("Email address."),
        firstName: text("First name, for messages."),
        lastName: text("Last name, for messages."),
        tier: text("Loyalty tier (standard, gold, ...)."),
        tags: words("The customer's tags."),
        stats: {
          type: "object",
          additionalProperties: false,
          properties: {
            orders12m: { ...count("Orders in the last 12 months."), default: 0 },
            returns12m: { ...count("Returns in the last 12 months."), default: 0 },
            cancellations12m: { ...count("Cancellations in the last 12 months."), default: 0 },
            keepItems12m: { ...count("Returnless refunds in the last 12 months."), default: 0 },
          },
          default: {},
        },
        custom,
      },
    },
    request: {
      type: "object",
      additionalProperties: false,
      required: ["items"],
      properties: {
        items: {
          type: "array",
          minItems: 1,
          maxItems: limit("eventLines"),
          items: {
            type: "object",
            additionalProperties: false,
            required: ["id", "quantity"],
            properties: {
              id: text("The order line asked for."),
              quantity: count("Units asked for.", 1),
              condition: extensible(ITEM_CONDITIONS, "The state of the goods, as the customer reports it."),
            },
          },
        },
        note: text("The customer's own words.", 2000),
        choice: text("The option the customer chose, by its label in the decision's `options`; without it the default option applies."),
      },
    },
    verdict: {
      type: "object",
      additionalProperties: false,
      required: ["outcome", "by", "at"],
      description: "A reviewer's verdict on the items a decision sent to review: deciding the event again applies it.",
      properties: {
        outcome: oneOf(["approve", "decline"], "What the reviewer decided."),
        by: text("Who decided (an agent's id or email)."),
        at: instant("When the reviewer decided."),
        note: text("The reviewer's own words, for the records.", 2000),
        amounts: {
          type: "array",
          maxItems: limit("eventLines"),
          description: "Amounts the reviewer settled on instead of the proposed ones, per item, within the rule's bounds.",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["id", "amount"],
            properties: { id: text("The requested item."), amount: money("The item's refund, in minor units.") },
          },
        },
      },
    },
    booking: {
      type: "object",
      additionalProperties: false,
      required: ["checkIn", "nights", "nightlyRate", "rate"],
      properties: {
        checkIn: instant("Check-in time.", "check-in"),
        nights: count("Nights booked."),
        nightlyRate: money("Price of one night."),
        rate: extensible(["non_refundable", "strict", "moderate", "flexible"], "The booked rate's cancellation terms."),
        bookedAt: instant("When the stay was booked.", "booking"),
      },
    },
    delivery: {
      type: "object",
      additionalProperties: false,
      properties: {
        restaurantAcceptedAt: instant("When the restaurant accepted the order.", "acceptance"),
        courierAssignedAt: instant("When a courier was assigned.", "courier-assignment"),
      },
    },
    ticket: {
      type: "object",
      additionalProperties: false,
      required: ["eventStartsAt", "eventStatus"],
      properties: {
        eventStartsAt: instant("When the event starts.", "event-start"),
        eventStatus: extensible(["scheduled", "cancelled", "postponed"], "Whether the event goes ahead."),
        faceValue: money("Face value of the ticket."),
        fees: money("Booking fees paid on the ticket."),
        rescheduledTo: instant("New start of a postponed event."),
      },
    },
    subscription: {
      type: "object",
      additionalProperties: false,
      required: ["interval", "price", "periodStart", "periodEnd"],
      properties: {
        interval: extensible(["day", "week", "month", "year"], "Billing interval."),
        price: money("Price of one period."),
        periodStart: instant("Start of the current paid period.", "period-start"),
        periodEnd: instant("End of the current paid period.", "period-end"),
      },
    },
    custom,
    metadata: { type: "object", description: "Anything the caller wants to carry along; never read by a policy." },
  },
} as const;

/** What code written from the schema reads of a node of it (runtime/plain-data.ts, scripts/open-parts-source.ts). */
export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  maxItems?: number;
}

/**
 * The event's top-level keys, as a prototype-free object (`EVENT_ROOT_KEYS[key] === true`): looked up
 * for every top-level key of every event, it costs less than a Set. Any other key is a section of the
 * merchant's own.
 */
export const EVENT_ROOT_KEYS: Readonly<Record<string, true>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, true>, Object.fromEntries(Object.keys(EVENT_SCHEMA.properties).map((key) => [key, true as const]))),
);
