// Solving one condition of a rule for the event: what change to the event makes it true (or false)?
// Conditions are comparisons over typed fields, durations, money and calendar dates, so the answer is
// exact: the threshold itself, the last second inside a window and the first outside, a value of an
// enum inside or outside a list. Used for counterfactual explanations ("approved if requested by …"),
// and by the compiler's verifier and boundary tests. Every answer is only a candidate: callers decide
// the changed event again, and keep what the runtime confirms.

import type { CustomField, JreCondition } from "./artifact.js";
import { FIELD_BY_PATH } from "./fields.js";
import { isForbiddenKey, readPath } from "./paths.js";
import { DAY, instantFromLocal, localParts, parseInstant } from "./time.js";

type Json = Record<string, unknown>;

/** One change to an event: a value set at a path (`order.items[0].paid`), or the path removed. */
export interface EventChange {
  path: string;
  value?: unknown;
  remove?: true;
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$/;

/** A copy of the event with the changes made. Paths that cannot be followed are left alone. */
export function applyChanges(event: unknown, changes: readonly EventChange[]): Json {
  const copy = structuredClone(event) as Json;
  for (const change of changes) {
    const segments = change.path.split(".");
    let node: unknown = copy;
    for (let i = 0; i < segments.length; i++) {
      const m = SEGMENT.exec(segments[i]!);
      if (!m || isForbiddenKey(m[1]!) || node === null || typeof node !== "object") break;
      const last = i === segments.length - 1;
      const holder = node as Json;
      if (m[2] === undefined) {
        if (last) {
          if (change.remove) delete holder[m[1]!];
          else holder[m[1]!] = change.value;
          break;
        }
        if (holder[m[1]!] === undefined || holder[m[1]!] === null || typeof holder[m[1]!] !== "object") holder[m[1]!] = {};
        node = holder[m[1]!];
      } else {
        const list = holder[m[1]!];
        if (!Array.isArray(list)) break;
        const index = Number(m[2]);
        if (last) {
          if (change.remove) list.splice(index, 1);
          else list[index] = change.value;
          break;
        }
        node = list[index];
      }
    }
  }
  return copy;
}

/** Reads a path written with indexes (`order.items[0].paid`). */
export function readIndexedPath(event: unknown, path: string): unknown {
  let node: unknown = event;
  for (const segment of path.split(".")) {
    const m = SEGMENT.exec(segment);
    if (!m || node === null || typeof node !== "object") return undefined;
    node = readPath(node, m[1]!);
    if (m[2] !== undefined) node = Array.isArray(node) ? node[Number(m[2])] : undefined;
  }
  return node;
}

export interface SolveContext {
  event: Json;
  /** The requested line whose decision is being changed. */
  itemId: string;
  /** The merchant's custom fields (for the values of custom enums). */
  customFields?: readonly CustomField[];
  /**
   * Also offer removing an optional field (or the optional section it is required in) to make a
   * comparison not hold. Searches want every way; explanations for people only changes of values.
   */
  allowAbsent?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** Where a language path lives in the event, for the item being decided. */
function targetOf(path: string, ctx: SolveContext): { path: string; derived?: "value" | "refundable" | "requestedQuantity" } | undefined {
  const order = ctx.event.order as { items?: { id: string }[] } | undefined;
  const request = ctx.event.request as { items?: { id: string }[] } | undefined;
  const line = order?.items?.findIndex((l) => l.id === ctx.itemId) ?? -1;
  const asked = request?.items?.findIndex((r) => r.id === ctx.itemId) ?? -1;
  if (path === "request.value" || path === "request.quantity") {
    // Aggregates of the lines asked for: solved when one line is asked for, through that line.
    if ((request?.items?.length ?? 0) !== 1) return undefined;
    return path === "request.value" ? targetOf("item.value", ctx) : targetOf("item.requestedQuantity", ctx);
  }
  if (!path.startsWith("item.")) return path.startsWith("request.") && path !== "request.note" ? undefined : { path };
  const field = path.slice(5);
  if (field === "value" || field === "refundable") return line < 0 ? undefined : { path: `order.items[${line}].paid`, derived: field };
  if (field === "requestedQuantity") return asked < 0 ? undefined : { path: `request.items[${asked}].quantity`, derived: "requestedQuantity" };
  if (field === "condition") return asked < 0 ? undefined : { path: `request.items[${asked}].condition` };
  return line < 0 ? undefined : { path: `order.items[${line}].${field}` };
}

/** The values an enum field can take: the schema's, or the merchant's custom field's. */
function domainOf(path: string, ctx: SolveContext): readonly string[] | undefined {
  const custom = ctx.customFields?.find((f) => f.path === path);
  return custom?.values ?? FIELD_BY_PATH.get(path)?.values;
}

/** Country codes, for the one string field with a pattern that is compared with values. */
const COUNTRIES = ["US", "CA", "GB", "DE", "FR", "CN", "JP", "AU"];

/** A value other than the given ones, for a field of this kind. */
function otherThan(path: string, avoid: readonly unknown[], ctx: SolveContext, sample: unknown): unknown {
  const domain = domainOf(path, ctx);
  if (domain) return domain.find((v) => !avoid.includes(v));
  if ([...avoid, sample].some((v) => typeof v === "string" && /^[A-Z]{2}$/.test(v))) return COUNTRIES.find((c) => !avoid.includes(c));
  if (typeof sample === "number" || typeof avoid[0] === "number") {
    const numbers = avoid.filter((v): v is number => typeof v === "number");
    return numbers.length ? Math.max(...numbers) + 1 : 0;
  }
  if (typeof sample === "boolean" || typeof avoid[0] === "boolean") return !(avoid[0] ?? sample);
  let candidate = "other";
  while (avoid.includes(candidate)) candidate += "_";
  return candidate;
}

/** Numbers that make `fact op threshold` come out as wanted, nearest to the threshold first. */
function numbersFor(operator: string, threshold: number, want: boolean, step: number): number[] {
  const truth: Record<string, number> = { below: threshold - step, atMost: threshold, above: threshold + step, atLeast: threshold };
  const falsity: Record<string, number> = { below: threshold, atMost: threshold + step, above: threshold, atLeast: threshold - step };
  const value = (want ? truth : falsity)[operator];
  return value === undefined ? [] : [value];
}

/** Changes that make a money or count field of the item (or the event) take a value. */
function setNumber(path: string, value: number, ctx: SolveContext): EventChange[] | undefined {
  if (!Number.isInteger(value) || value < 0 || !Number.isSafeInteger(value)) return undefined;
  const target = targetOf(path, ctx);
  if (!target) return undefined;
  if (target.derived === "value") {
    // The share paid for the units asked for: ask for the whole line and make what was paid the value.
    const asked = targetOf("item.requestedQuantity", ctx);
    const quantity = readIndexedPath(ctx.event, target.path.replace(/\.paid$/, ".quantity"));
    return [{ path: target.path, value }, ...(asked && typeof quantity === "number" ? [{ path: asked.path, value: quantity }] : [])];
  }
  if (target.derived === "refundable") {
    const paid = readIndexedPath(ctx.event, target.path);
    const refunded = typeof paid === "number" ? paid - value : -1;
    return refunded >= 0 ? [{ path: target.path.replace(/\.paid$/, ".refunded"), value: refunded }] : [{ path: target.path, value }, { path: target.path.replace(/\.paid$/, ".refunded"), value: 0 }];
  }
  if (target.derived === "requestedQuantity" && value < 1) return undefined;
  return [{ path: target.path, value }];
}

/** Changes that make a field comparison come out as wanted. */
function solveField(atom: JreCondition, want: boolean, ctx: SolveContext): EventChange[][] {
  const path = `${atom.fact === "item" ? "item." : ""}${atom.path}`;
  const target = targetOf(path, ctx);
  if (!target) return [];
  const current = target.derived ? undefined : readIndexedPath(ctx.event, target.path);
  const value = atom.value;
  const optional = FIELD_BY_PATH.get(path)?.optional !== false && !target.derived;
  // An optional field that is absent makes a comparison neither true nor false, so the rule does not
  // apply: removing it (or the optional section it is required in) is another way to make it not hold.
  const parent = target.path.includes(".") && !/^(order|customer|request)$/.test(target.path.slice(0, target.path.lastIndexOf("."))) ? target.path.slice(0, target.path.lastIndexOf(".")) : undefined;
  const absentAlternatives: EventChange[][] = ctx.allowAbsent && optional && !/\[\d+\]/.test(target.path) ? [[{ path: target.path, remove: true }], ...(parent ? [[{ path: parent, remove: true as const }]] : [])] : [];
  const set = (v: unknown, orAbsent = false): EventChange[][] => [...(v === undefined ? [] : [[{ path: target.path, value: v }]]), ...(orAbsent ? absentAlternatives : [])];
  const op = atom.operator!;
  // Complements flip the wanted result, so each pair is solved once.
  const positive: Record<string, string> = { isNot: "is", noneOf: "oneOf", lacks: "has", isFalse: "isTrue", absent: "present", notBetween: "between", atLeast: "below", atMost: "above" };
  if (positive[op]) return solveField({ ...atom, operator: positive[op] }, !want, ctx);
  switch (op) {
    case "is":
      return set(want ? value : otherThan(path, [value], ctx, current), !want);
    case "oneOf": {
      const list = Array.isArray(value) ? value : [];
      return set(want ? (list.includes(current) ? undefined : list[0]) : otherThan(path, list, ctx, current), !want);
    }
    case "has": {
      const list = Array.isArray(current) ? current : [];
      return set(want ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));
    }
    case "isTrue":
      return set(want);
    case "present":
      if (want) return current === undefined ? set(otherThan(path, [], ctx, undefined)) : [];
      return absentAlternatives;
    case "below":
    case "above": {
      if (typeof value !== "number") return [];
      return numbersFor(op, value, want, 1).map((n) => setNumber(path, n, ctx)).filter((c): c is EventChange[] => c !== undefined);
    }
    case "between": {
      if (!Array.isArray(value) || typeof value[0] !== "number" || typeof value[1] !== "number") return [];
      const [lo, hi] = value as [number, number];
      const candidates = want ? [lo, hi] : [lo - 1, hi + 1];
      return candidates.map((n) => setNumber(path, n, ctx)).filter((c): c is EventChange[] => c !== undefined);
    }
    default:
      return [];
  }
}

/** The instant at the local noon of a yyyymmdd date (or yyyy + mmdd), in the zone. */
function localNoon(dateNumber: number, zone: string): number {
  const year = Math.floor(dateNumber / 10_000);
  const month = Math.floor(dateNumber / 100) % 100;
  const day = dateNumber % 100;
  return instantFromLocal({ year, month, day, hour: 12, minute: 0, second: 0 }, zone);
}

/** yyyymmdd of a date moved by whole days. */
function addDays(dateNumber: number, days: number): number {
  const utc = Date.UTC(Math.floor(dateNumber / 10_000), (Math.floor(dateNumber / 100) % 100) - 1, dateNumber % 100) + days * DAY;
  const d = new Date(utc);
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** Dates (yyyymmdd) that make `date op threshold` come out as wanted: the threshold and the day either side. */
function dayTargets(operator: string, threshold: unknown, want: boolean): number[] {
  if (operator === "between") {
    if (!Array.isArray(threshold) || typeof threshold[0] !== "number" || typeof threshold[1] !== "number") return [];
    const [lo, hi] = threshold as [number, number];
    // A range of month-days that wraps the new year (Dec 15 .. Jan 15) is inside either end.
    return want ? [lo, hi] : lo <= hi ? [addDays(lo, -1), addDays(hi, 1)] : [addDays(hi, 1)];
  }
  if (typeof threshold !== "number") return [];
  if (operator === "is") return [want ? threshold : addDays(threshold, 1)];
  if (operator === "below") return [want ? addDays(threshold, -1) : threshold];
  if (operator === "above") return [want ? addDays(threshold, 1) : threshold];
  return [];
}

const timestampAt = (event: Json, path: unknown) => (typeof path === "string" ? parseInstant(readPath(event, path)) : undefined);

/**
 * Candidate changes to the event that make one atom of a rule's conditions evaluate to `want`. Each
 * candidate is a complete set of changes; several are given when there is more than one knob (the
 * request's time, or the timestamp it is measured from).
 */
export function solveCondition(atom: JreCondition, want: boolean, ctx: SolveContext): EventChange[][] {
  if (atom.fact === undefined || atom.operator === undefined) return [];
  const value = atom.value as unknown;
  // Comparisons of two fields with each other are not solved: the verifier reports them as unproven.
  if (value !== null && typeof value === "object" && !Array.isArray(value) && atom.fact !== "localDate") return [];
  const p = atom.params ?? {};
  if (atom.fact === "event" || atom.fact === "item") return atom.path === undefined ? [] : solveField(atom, want, ctx);
  const positive: Record<string, string> = { atLeast: "below", atMost: "above", notBetween: "between", isNot: "is" };
  if (positive[atom.operator]) return solveCondition({ ...atom, operator: positive[atom.operator] }, !want, ctx);
  const op = atom.operator;
  const zone = String(p.zone ?? "UTC");
  switch (atom.fact) {
    case "elapsed": {
      if (typeof value !== "number") return [];
      const from = timestampAt(ctx.event, p.from);
      const toPath = String(p.to ?? "at");
      const to = timestampAt(ctx.event, toPath);
      if (from === undefined || to === undefined) return [];
      // Elapsed time is measured in whole seconds of the timestamps: the nearest instants either side.
      return numbersFor(op, value, want, 1000).flatMap((elapsed) => [
        [{ path: toPath, value: iso(from + elapsed) }],
        [{ path: String(p.from), value: iso(to - elapsed) }],
      ]);
    }
    case "instant": {
      if (typeof value !== "number") return [];
      return numbersFor(op, value, want, 1000).map((ms) => [{ path: String(p.of), value: iso(ms) }]);
    }
    case "localDate": {
      let threshold: unknown = value;
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        // Compared with an anchor date ("Jan 31 of the year after shipment"): solve against its date now.
        const anchor = value as { fact?: string; params?: Record<string, unknown> };
        const anchorOf = timestampAt(ctx.event, anchor.params?.of);
        if (anchor.fact !== "anchorDate" || anchorOf === undefined) return [];
        const year = localParts(anchorOf, String(anchor.params?.zone ?? zone)).year + Number(anchor.params?.years ?? 0);
        threshold = year * 10_000 + Number(anchor.params?.month) * 100 + Number(anchor.params?.day);
      }
      return dayTargets(op, threshold, want).map((d) => [{ path: String(p.of), value: iso(localNoon(d, zone)) }]);
    }
    case "localMonthDay": {
      const of = timestampAt(ctx.event, p.of);
      if (of === undefined) return [];
      // Month and day in the timestamp's own year.
      const year = localParts(of, zone).year * 10_000;
      const inYear = Array.isArray(value) ? value.map((v) => year + Number(v)) : typeof value === "number" ? year + value : value;
      return dayTargets(op, inYear, want).map((d) => [{ path: String(p.of), value: iso(localNoon(year + (d % 10_000), zone)) }]);
    }
    case "calendarDays": {
      if (typeof value !== "number") return [];
      const from = timestampAt(ctx.event, p.from);
      const toPath = String(p.to ?? "at");
      if (from === undefined) return [];
      const start = localParts(from, zone);
      const startDate = start.year * 10_000 + start.month * 100 + start.day;
      return numbersFor(op, value, want, 1).map((days) => [{ path: toPath, value: iso(localNoon(addDays(startDate, days), zone)) }]);
    }
    default:
      return [];
  }
}
