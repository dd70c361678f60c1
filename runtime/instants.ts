// The event's timestamps, read and parsed once per decision: the sense checks need every one of them
// (to refuse impossible dates and events out of time order), and facts then take them from the view
// instead of parsing them again. Each timestamp has a slot, so a decision keeps them in a small array.

import { FIELDS } from "./fields.js";
import { compilePath } from "./paths.js";
import { parseInstant } from "./time.js";

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

/** Timestamps grouped by the object they sit in: a section the event does not have (most have no booking) costs one read. */
const GROUPS = (() => {
  const byParent = new Map<string, [key: string, slot: number][]>();
  EVENT_TIMESTAMPS.forEach((path, slot) => {
    const dot = path.lastIndexOf(".");
    const parent = dot === -1 ? "" : path.slice(0, dot);
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent)!.push([path.slice(dot + 1), slot]);
  });
  return [...byParent].map(([parent, keys]) => ({ read: parent ? compilePath(parent) : (event: unknown) => event, keys }));
})();

/**
 * The event's timestamps as instants, by slot: undefined where the event has none, null where its
 * text names no instant (an impossible date, or not the pattern). Nothing here is trusted to the
 * schema: a value that is not a string is null too.
 */
export function readInstants(event: Record<string, unknown>): (number | null | undefined)[] {
  const out: (number | null | undefined)[] = new Array(EVENT_TIMESTAMPS.length).fill(undefined);
  for (const { read, keys } of GROUPS) {
    const parent = read(event);
    if (parent === null || typeof parent !== "object") continue;
    for (const [key, slot] of keys) {
      if (!Object.prototype.hasOwnProperty.call(parent, key)) continue;
      const text = (parent as Record<string, unknown>)[key];
      if (text !== undefined) out[slot] = parseInstant(text) ?? null;
    }
  }
  return out;
}
