// The event's timestamps, read and parsed once per decision: the sense checks need every one of them
// (to refuse impossible dates and events out of time order), and facts then take them from the view
// instead of parsing them again. Each timestamp has a slot, so a decision keeps them in a small array.

import { error, type Diagnostic } from "./diagnostic.js";
import { FIELDS } from "./fields.js";
import { readTimestamps } from "./generated/readers.js";
import { hasInstantShape, parseInstant } from "./time.js";

/** Every timestamp of the event, by path, `at` and `order.placedAt` first (item fields have none). */
export const EVENT_TIMESTAMPS: readonly string[] = [
  "at",
  "order.placedAt",
  ...FIELDS.filter((f) => f.type === "timestamp" && f.path !== "at" && f.path !== "order.placedAt" && !f.path.startsWith("item.")).map((f) => f.path),
  // Not a field rules read, but a timestamp all the same.
  "verdict.at",
];

const SLOTS = new Map(EVENT_TIMESTAMPS.map((path, slot) => [path, slot]));

/** The slot of a timestamp's path in what readInstants gives; undefined for a path that is not an event timestamp. */
export function timestampSlot(path: string): number | undefined {
  return SLOTS.get(path);
}

const parseOrNull = (text: unknown) => parseInstant(text) ?? null;

/**
 * The event's timestamps as instants, by slot: undefined where the event has none, null where its
 * text names no instant (an impossible date, or not the pattern). Nothing here is trusted to the
 * schema: a value that is not a string is null too. The reading is written out from EVENT_TIMESTAMPS
 * at build time (runtime/generated/readers.ts, `npm run gen`): a loop over path readers cost as
 * much as the parsing.
 */
export function readInstants(event: Record<string, unknown>): (number | null | undefined)[] {
  return readTimestamps(event, parseOrNull);
}

const asWritten = (text: unknown) => text;

/**
 * What is wrong with the event's timestamps, given what readInstants read: a text that is not the
 * pattern (told as the schema tells a pattern), or a date that does not exist (Feb 30). A value that
 * is not a string is the schema's to report.
 */
export function timestampProblems(event: Record<string, unknown>, instants: readonly (number | null | undefined)[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!instants.includes(null)) return out;
  const texts = readTimestamps(event, asWritten);
  for (let slot = 0; slot < instants.length; slot++) {
    const text = texts[slot];
    if (instants[slot] !== null || typeof text !== "string") continue;
    const path = EVENT_TIMESTAMPS[slot]!;
    out.push(hasInstantShape(text)
      ? error("event/invalid", `${path} is not a valid date-time`, { path })
      : error("event/invalid", `${path} has the wrong format (expected an ISO-8601 date-time with offset, e.g. 2026-03-10T15:00:00Z)`, { path }));
  }
  return out;
}
