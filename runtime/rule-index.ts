// First match over thousands of rules without trying each: rules are indexed on a condition they
// cannot match without (a field equal to a value, a number past a threshold), so an event reaches only
// the rules whose index conditions it meets. Used when no explanation is asked for (an explanation
// lists every rule tried, in order); the decision is the same either way, which a test checks.

import type { JreCondition } from "./artifact.js";
import { compileFact, type CompiledCondition, type FactContext } from "./fast.js";

type Scalar = string | number | boolean;
const isScalar = (x: unknown): x is Scalar => typeof x === "string" || typeof x === "number" || typeof x === "boolean";

/** A rule needs the fact to be one of these values (`is`, `in`, a flag). */
interface EqualityGuard {
  kind: "equal";
  key: string;
  values: Scalar[];
}

/** A rule needs the fact past a number (`at least`, `more than`, `at most`, `less than`, windows). */
interface ThresholdGuard {
  kind: "threshold";
  key: string;
  operator: "atLeast" | "above" | "atMost" | "below";
  value: number;
}

type Guard = EqualityGuard | ThresholdGuard;

/** The fact an atom reads, as a key: atoms reading the same fact share one read per item. */
function factKey(atom: JreCondition): string {
  return JSON.stringify([atom.fact, atom.path ?? null, atom.params ?? null]);
}

/** The condition a rule cannot match without, when one of its top-level conditions is indexable. */
function guardOf(conditions: JreCondition): { guard: Guard; atom: JreCondition } | undefined {
  const candidates: { guard: Guard; atom: JreCondition }[] = [];
  for (const atom of conditions.all ?? []) {
    if (atom.fact === undefined || atom.operator === undefined) continue;
    const value = atom.value;
    if (atom.operator === "is" && isScalar(value)) candidates.push({ atom, guard: { kind: "equal", key: factKey(atom), values: [value] } });
    else if (atom.operator === "oneOf" && Array.isArray(value) && value.every(isScalar)) candidates.push({ atom, guard: { kind: "equal", key: factKey(atom), values: value as Scalar[] } });
    else if (atom.operator === "isTrue") candidates.push({ atom, guard: { kind: "equal", key: factKey(atom), values: [true] } });
    else if ((atom.operator === "atLeast" || atom.operator === "above" || atom.operator === "atMost" || atom.operator === "below") && typeof value === "number" && Number.isFinite(value)) {
      candidates.push({ atom, guard: { kind: "threshold", key: factKey(atom), operator: atom.operator, value } });
    }
  }
  // An equality narrows more than a threshold does.
  return candidates.find((c) => c.guard.kind === "equal") ?? candidates[0];
}

/**
 * The threshold rules on one fact with one operator, sorted by their threshold: the rules a number
 * passes are then a run of that list (a prefix for `at least` and `more than`, a suffix for `at most`
 * and `less than`) found by binary search, so a number that passes few thresholds costs few steps
 * however many rules there are.
 */
interface ThresholdGroup {
  key: number;
  operator: ThresholdGuard["operator"];
  values: number[];
  rules: number[];
  /** The same rules in rule order, with their thresholds: walked when a number passes many of them. */
  inOrder: { rule: number; value: number }[];
}

/** Past this many passing rules, walking them in rule order (stopping at the best match so far) costs less than sorting them. */
const SORT_AT_MOST = 32;

function passes(operator: ThresholdGuard["operator"], x: number, value: number): boolean {
  switch (operator) {
    case "atLeast": return x >= value;
    case "above": return x > value;
    case "atMost": return x <= value;
    case "below": return x < value;
  }
}

/** How many of the sorted values are below x (strictly, or also equal to it). */
function countBelow(values: readonly number[], x: number, orEqual: boolean): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (orEqual ? values[mid]! <= x : values[mid]! < x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The rules of a group whose threshold x passes, in rule order; undefined when they are too many to sort. */
function passing(group: ThresholdGroup, x: number): number[] | undefined {
  const { values, rules, operator } = group;
  const [from, to] = operator === "atLeast" ? [0, countBelow(values, x, true)] // v <= x
    : operator === "above" ? [0, countBelow(values, x, false)] // v < x
      : operator === "atMost" ? [countBelow(values, x, false), values.length] // v >= x
        : [countBelow(values, x, true), values.length]; // below: v > x
  return to - from > SORT_AT_MOST ? undefined : rules.slice(from, to).sort((a, b) => a - b);
}

export interface RuleIndex {
  /** The first rule (by index) whose conditions hold, trying only rules the event can match. */
  firstMatch(ctx: FactContext, rules: readonly CompiledCondition[]): number;
}

/** Builds an index over a version's rules (in order; the last is `otherwise`). */
export function indexRules(conditions: readonly JreCondition[]): RuleIndex {
  const readers = new Map<string, (ctx: FactContext) => unknown>();
  const unguarded: number[] = [];
  const equal = new Map<string, Map<Scalar, number[]>>();
  const thresholdGroups = new Map<string, { key: number; operator: ThresholdGuard["operator"]; entries: { value: number; rule: number }[] }>();
  const keyIds = new Map<string, number>();
  const keyOf = (key: string, atom: JreCondition) => {
    if (!readers.has(key)) readers.set(key, compileFact(atom));
    let id = keyIds.get(key);
    if (id === undefined) keyIds.set(key, (id = keyIds.size));
    return id;
  };
  conditions.forEach((c, rule) => {
    const found = guardOf(c);
    if (!found) {
      unguarded.push(rule);
      return;
    }
    const { guard, atom } = found;
    const key = keyOf(guard.key, atom);
    if (guard.kind === "threshold") {
      const name = `${key} ${guard.operator}`;
      let group = thresholdGroups.get(name);
      if (!group) thresholdGroups.set(name, (group = { key, operator: guard.operator, entries: [] }));
      group.entries.push({ value: guard.value, rule });
      return;
    }
    let byValue = equal.get(guard.key);
    if (!byValue) equal.set(guard.key, (byValue = new Map()));
    for (const v of new Set(guard.values)) {
      const list = byValue.get(v) ?? [];
      list.push(rule);
      byValue.set(v, list);
    }
  });
  const keyReaders = [...keyIds.entries()].sort((a, b) => a[1] - b[1]).map(([key]) => readers.get(key)!);
  const equalKeys = [...equal.entries()].map(([key, byValue]) => ({ id: keyIds.get(key)!, byValue }));
  const thresholds: ThresholdGroup[] = [...thresholdGroups.values()].map(({ key, operator, entries }) => {
    const sorted = [...entries].sort((a, b) => a.value - b.value || a.rule - b.rule);
    return { key, operator, values: sorted.map((e) => e.value), rules: sorted.map((e) => e.rule), inOrder: [...entries].sort((a, b) => a.rule - b.rule) };
  });
  return {
    firstMatch(ctx, rules) {
      const values = keyReaders.map((read) => read(ctx));
      let best = Number.POSITIVE_INFINITY;
      // Each list is in rule order: its first match is its answer, and no list needs to go past the best so far.
      const scan = (list: readonly number[]) => {
        for (let i = 0; i < list.length; i++) {
          const rule = list[i]!;
          if (rule >= best) return;
          if (rules[rule]!(ctx, undefined)) {
            best = rule;
            return;
          }
        }
      };
      for (const { id, byValue } of equalKeys) {
        const v = values[id];
        if (isScalar(v)) {
          const list = byValue.get(v);
          if (list) scan(list);
        }
      }
      for (const group of thresholds) {
        const x = values[group.key];
        if (typeof x !== "number" || !Number.isFinite(x)) continue;
        const few = passing(group, x);
        if (few) {
          scan(few);
          continue;
        }
        for (const { rule, value } of group.inOrder) {
          if (rule >= best) break;
          if (passes(group.operator, x, value) && rules[rule]!(ctx, undefined)) {
            best = rule;
            break;
          }
        }
      }
      scan(unguarded);
      return best;
    },
  };
}
