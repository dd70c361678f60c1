// A decision in words, for the people who read it (merchant operations, not programmers): durations,
// dates and times in the policy's zone and locale, lists, actions, refund methods, and what lowered an
// amount. One set of wordings, used by the explanation, the CLI's card and the playground's.

import type { ActionType, RefundMethod } from "./artifact.js";
import { durationParts } from "./time.js";

/** Where and how a decision is read: the policy's zone and locale. */
export interface Reading {
  timezone: string;
  locale: string;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "9 days 21 hours", "30 days", "2 hours 5 minutes", "45 seconds". */
export function durationInWords(ms: number): string {
  // An explanation says the same duration in several rules (within 30, 60 days of delivery, per item).
  if (ms === lastDuration.ms) return lastDuration.text;
  const text = durationText(ms);
  lastDuration = { ms, text };
  return text;
}

let lastDuration = { ms: Number.NaN, text: "" };

function durationText(ms: number): string {
  const { days, hours, minutes, seconds } = durationParts(ms);
  // Explanations say one of these per time condition: built as one string, without a list.
  let text = days ? plural(days, "day") : "";
  if (hours) text = text ? `${text} ${plural(hours, "hour")}` : plural(hours, "hour");
  // Minutes matter within a day; beyond it they are noise.
  if (minutes && !days) text = text ? `${text} ${plural(minutes, "minute")}` : plural(minutes, "minute");
  if (!text) text = seconds ? plural(seconds, "second") : "0 minutes";
  return ms < 0 ? `−${text}` : text;
}

type Style = "instant" | "date" | "monthDay" | "longDate" | "longDateTime";

const STYLES: Record<Style, (zone: string) => Intl.DateTimeFormatOptions> = {
  instant: (zone) => ({ dateStyle: "medium", timeStyle: "short", timeZone: zone }),
  // Local dates are written as UTC midnights: no zone moves them.
  date: () => ({ dateStyle: "medium", timeZone: "UTC" }),
  monthDay: () => ({ month: "short", day: "numeric", timeZone: "UTC" }),
  longDate: (zone) => ({ dateStyle: "long", timeZone: zone }),
  longDateTime: (zone) => ({ dateStyle: "long", timeStyle: "short", timeZone: zone }),
};

interface Formatter {
  format: (ms: number) => string;
  /** What it said for an instant: the same dates come back event after event (bounded). */
  said: Map<number, string>;
}

/**
 * Formatters per locale and zone, and style: building an Intl formatter costs far more than using it,
 * and explanations format on every event. (Bounded: one entry per locale and zone policies use.)
 */
const formatters = new Map<string, Partial<Record<Style, Formatter>>>();

let lastReading: { reading?: Reading; locale: string; timezone: string; byStyle: Partial<Record<Style, Formatter>> } = { locale: "", timezone: "", byStyle: {} };

/** An instant in one of the styles, in the reading's zone and locale. */
export function formatIn(reading: Reading, style: Style, ms: number): string {
  let byStyle: Partial<Record<Style, Formatter>> | undefined;
  // An explanation formats many values in one reading (a version's): the last one is kept at hand.
  if (reading === lastReading.reading && reading.locale === lastReading.locale && reading.timezone === lastReading.timezone) byStyle = lastReading.byStyle;
  else {
    const name = `${reading.locale} ${reading.timezone}`;
    byStyle = formatters.get(name);
    if (!byStyle) {
      if (formatters.size >= 1000) formatters.clear();
      formatters.set(name, (byStyle = {}));
    }
    lastReading = { reading, locale: reading.locale, timezone: reading.timezone, byStyle };
  }
  let formatter = byStyle[style];
  if (!formatter) {
    let intl: Intl.DateTimeFormat | undefined;
    try {
      intl = new Intl.DateTimeFormat(reading.locale, STYLES[style](reading.timezone));
    } catch {
      intl = undefined;
    }
    formatter = byStyle[style] = { format: intl ? (t) => intl.format(t) : (t) => new Date(t).toISOString(), said: new Map() };
  }
  let said = formatter.said.get(ms);
  if (said === undefined) {
    said = formatter.format(ms);
    if (formatter.said.size >= 10_000) formatter.said.clear();
    formatter.said.set(ms, said);
  }
  return said;
}

/** An instant in the policy's zone: "Apr 3, 2026, 5:00 PM". */
export function instantInWords(ms: number, reading: Reading): string {
  return formatIn(reading, "instant", ms);
}

/** A local date written as yyyymmdd: "Dec 20, 2025". */
export function dateInWords(yyyymmdd: number, reading: Reading): string {
  const y = Math.floor(yyyymmdd / 10_000);
  const m = Math.floor(yyyymmdd / 100) % 100;
  const d = yyyymmdd % 100;
  return formatIn(reading, "date", Date.UTC(y, m - 1, d));
}

/** A day of the year written as mmdd: "Mar 31". */
export function monthDayInWords(mmdd: number, reading: Reading): string {
  return formatIn(reading, "monthDay", Date.UTC(2000, Math.floor(mmdd / 100) - 1, mmdd % 100));
}

/** "damaged", "damaged or defective", "damaged, defective or wrong_item". */
export function listInWords(values: readonly string[], last = "or"): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} ${last} ${values[values.length - 1]}`;
}

const ACTIONS: Record<ActionType, string> = {
  intercept_shipment: "intercept the parcel",
  cancel_fulfillment: "cancel the fulfilment",
  restock: "restock",
  notify_customer: "notify the customer",
  manual_review: "send to a person for review",
  offer_alternatives: "offer alternatives",
  offer_store_credit: "offer store credit",
  offer_return: "offer a return",
  send_replacement: "send a replacement",
};

/** What an action asks someone to do: "intercept the parcel". */
export function actionInWords(type: string): string {
  return ACTIONS[type as ActionType] ?? type.replace(/_/g, " ");
}

/** How a refund is paid: "to the original payment", "as store credit"; nothing refunded has no method. */
export function methodInWords(method: RefundMethod | "mixed" | null): string {
  if (method === "mixed") return "partly to the original payment, partly as store credit";
  return method === "store_credit" ? "as store credit" : method === "original_payment" ? "to the original payment" : "nothing refunded";
}

/** What lowered an item's refund below what its rule wrote. */
export function limitInWords(limitedBy: "cap" | "refundable" | "zero" | undefined): string | undefined {
  if (limitedBy === "cap") return "lowered to the rule's cap";
  if (limitedBy === "refundable") return "lowered to what was paid for it and is not yet refunded";
  if (limitedBy === "zero") return "the deductions were more than the refund: nothing is refunded";
  return undefined;
}

/** An item by its id, with its SKU or name beside it when the order gives one. */
export function itemInWords(id: string, line?: { sku?: unknown; name?: unknown }): string {
  const label = typeof line?.name === "string" ? line.name : typeof line?.sku === "string" ? line.sku : undefined;
  return label && label !== id ? `${id} (${label})` : id;
}

/** The order's lines by id, from an event of any shape (for their SKU or name beside the id). */
export function orderLinesById(event: unknown): Map<string, { sku?: unknown; name?: unknown }> {
  const items = (event as { order?: { items?: unknown } } | null | undefined)?.order?.items;
  return new Map(Array.isArray(items) ? items.filter((l) => l && typeof l === "object" && typeof l.id === "string").map((l) => [l.id as string, l]) : []);
}
