// What the runtime derives from an event before rules run: the per-item view (order line merged with
// its request line), request-level aggregates, and parameterised facts over timestamps. All pure.

import { divideRounded } from "./money.js";
import { timestampSlot } from "./instants.js";
import { pathReader } from "./paths.js";
import { calendarDaysBetween, dateNumber, localDateNumber, localParts, parseInstant } from "./time.js";

type Json = Record<string, unknown>;

export interface OrderLine extends Json {
  id: string;
  quantity: number;
  paid: number;
  refunded: number;
}

export interface RequestLine extends Json {
  id: string;
  quantity: number;
  condition?: string;
}

/** The item as rules see it: `item.*` in the language. */
export interface ItemView extends Json {
  id: string;
  paid: number;
  value: number;
  refundable: number;
  requestedQuantity: number;
}

/** Share of the line's paid amount for the units asked for, rounded half-up. */
export function requestedValue(line: OrderLine, requestedQuantity: number): number {
  if (requestedQuantity >= line.quantity) return line.paid;
  return divideRounded(BigInt(line.paid) * BigInt(requestedQuantity), BigInt(line.quantity));
}

/**
 * The item as rules see it, for an order line the schema has accepted. Written as one literal of
 * every field a line may have (the schema closes lines; a test checks this list against it), in one
 * order: every item view then has the same shape, which V8 reads fastest, and making one costs a
 * seventh of copying the line. A field the line leaves out is there as undefined, which every reader
 * takes as absent.
 */
export function itemView(line: OrderLine, requestLine: RequestLine): ItemView {
  return {
    id: line.id,
    sku: line.sku,
    category: line.category,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    paid: line.paid,
    finalSale: line.finalSale,
    personalized: line.personalized,
    perishable: line.perishable,
    digital: line.digital,
    hygieneSealed: line.hygieneSealed,
    giftCard: line.giftCard,
    brand: line.brand,
    refunded: line.refunded,
    custom: line.custom,
    requestedQuantity: requestLine.quantity,
    value: requestedValue(line, requestLine.quantity),
    refundable: Math.max(0, line.paid - (line.refunded ?? 0)),
    condition: requestLine.condition,
  };
}

/** Where a view keeps the event's timestamps already read, by slot (instants.ts): each is parsed once per decision. */
const INSTANTS = Symbol("instants");
type Known = { [INSTANTS]?: readonly (number | null | undefined)[] };

/**
 * The event as rules see it: request aggregates added under `request`. A new object (the request
 * copied with them); the event given is not changed. `instants`: its timestamps as the shape check
 * read them, by slot (instants.ts), so facts need not read them again.
 */
export function eventView(event: Json, lines: ReadonlyMap<string, OrderLine>, instants?: readonly (number | null | undefined)[]): Json {
  const request = event.request as { items: RequestLine[] } & Json;
  const asked = request.items;
  let quantity = 0;
  let value = 0;
  for (let i = 0; i < asked.length; i++) {
    const r = asked[i]!;
    quantity += r.quantity;
    value += requestedValue(lines.get(r.id)!, r.quantity);
  }
  // The whole order: every line asked for in full (lines are few; ids are unique on both sides).
  let wholeOrder = asked.length >= lines.size;
  if (wholeOrder) {
    for (const line of lines.values()) {
      let full = false;
      for (let i = 0; i < asked.length && !full; i++) full = asked[i]!.id === line.id && asked[i]!.quantity >= line.quantity;
      if (!full) {
        wholeOrder = false;
        break;
      }
    }
  }
  // Object.assign, not spread syntax, where properties are added: a spread given new properties
  // afterwards is many times slower in V8. The event's copy only has `request` replaced: a spread
  // copies it fastest. The timestamps go with the derived request, the view's one object of its own.
  const derived = Object.assign({}, request) as Json;
  derived.itemCount = request.items.length;
  derived.quantity = quantity;
  derived.value = value;
  derived.wholeOrder = wholeOrder;
  if (instants) (derived as Known)[INSTANTS] = instants;
  const view = { ...event };
  view.request = derived;
  return view;
}

/** The instant a timestamp of the event names (the view's if read already); undefined when absent. */
export function instantAt(view: Json, path: unknown): number | undefined {
  if (typeof path !== "string") return undefined;
  const known = ((view as Json | undefined)?.request as Known | undefined)?.[INSTANTS];
  const slot = known && timestampSlot(path);
  // Every event timestamp was read with the view (a null there was refused before rules run).
  if (slot !== undefined) return known![slot] ?? undefined;
  return parseInstant(pathReader(path)(view));
}

type Params = Record<string, unknown>;

/** Parameterised facts the emitted rules use; the artifact lists the ones it needs. */
export const DERIVED_FACTS: Readonly<Record<string, (view: Json, params: Params) => number | undefined>> = {
  /** Milliseconds from one timestamp to another (`to` defaults to the request's `at`). */
  elapsed(view, p) {
    const from = instantAt(view, p.from);
    const to = instantAt(view, p.to ?? "at");
    return from === undefined || to === undefined ? undefined : to - from;
  },
  /** A timestamp as epoch milliseconds, so instants with different offsets compare correctly. */
  instant(view, p) {
    return instantAt(view, p.of);
  },
  /** The local calendar date of a timestamp in the policy's zone, as yyyymmdd. */
  localDate(view, p) {
    const ms = instantAt(view, p.of);
    return ms === undefined ? undefined : localDateNumber(ms, String(p.zone));
  },
  /** The local month and day of a timestamp, as mmdd, for ranges that repeat every year. */
  localMonthDay(view, p) {
    const ms = instantAt(view, p.of);
    return ms === undefined ? undefined : localDateNumber(ms, String(p.zone)) % 10_000;
  },
  /** A fixed month/day in the year of a timestamp plus `years`, as yyyymmdd ("Jan 31 of the year after shipment"). */
  anchorDate(view, p) {
    const ms = instantAt(view, p.of);
    if (ms === undefined) return undefined;
    return dateNumber(localParts(ms, String(p.zone)).year + Number(p.years ?? 0), Number(p.month), Number(p.day));
  },
  /** A fixed amount in the order's currency, from one given per currency (`USD 15.00, EUR 14.00`). */
  amountIn(view, p) {
    const currency = (view.order as { currency?: unknown } | undefined)?.currency;
    const amounts = p.amounts as Record<string, number> | undefined;
    return typeof currency === "string" && amounts && Object.prototype.hasOwnProperty.call(amounts, currency) ? amounts[currency] : undefined;
  },
  /** Whole calendar days between the local dates of two timestamps. */
  calendarDays(view, p) {
    const from = instantAt(view, p.from);
    const to = instantAt(view, p.to ?? "at");
    if (from === undefined || to === undefined) return undefined;
    const zone = String(p.zone);
    return calendarDaysBetween(localDateNumber(from, zone), localDateNumber(to, zone));
  },
};

export function isKnownFact(name: string): boolean {
  return name === "event" || name === "item" || Object.prototype.hasOwnProperty.call(DERIVED_FACTS, name);
}
