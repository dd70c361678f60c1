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

function passes(guard: ThresholdGuard, x: unknown): boolean {
  if (typeof x !== "number" || !Number.isFinite(x)) return false;
  switch (guard.operator) {
    case "atLeast": return x >= guard.value;
    case "above": return x > guard.value;
    case "atMost": return x <= guard.value;
    case "below": return x < guard.value;
  }
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
  const thresholds: { rule: number; key: number; guard: ThresholdGuard }[] = [];
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
      thresholds.push({ rule, key, guard });
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
      for (const t of thresholds) {
        if (t.rule >= best) break;
        if (passes(t.guard, values[t.key]) && rules[t.rule]!(ctx, undefined)) best = t.rule;
      }
      scan(unguarded);
      return best;
    },
  };
}
