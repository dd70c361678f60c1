// The fast evaluator: the same artifact rules, run synchronously by closures built once at load.
// No eval, no new Function: a condition tree becomes a tree of small functions over the same
// operators and derived facts json-rules-engine is given. It reproduces json-rules-engine's
// semantics exactly where they matter (empty `all` and `any` are true; every condition of a rule is
// evaluated, so explanations match), which a property test checks on generated events.

import type { JreCondition } from "./artifact.js";
import { DERIVED_FACTS } from "./facts.js";
import { OPERATORS } from "./operators.js";
import { fieldReader } from "./fields.js";
import { compilePath } from "./paths.js";

type Json = Record<string, unknown>;

export interface FactContext {
  view: Json;
  item: Json;
  /**
   * Derived facts already computed in this decision, by fact key (see factKey): they read only the
   * event, so every item and every rule of one decision shares them. Absent: nothing is remembered.
   */
  facts?: Map<number, unknown>;
  /**
   * Results of conditions on the event alone (not the item), by slot (see compileCondition's
   * `slots`): the same for every item of one decision, so the second item's rules do not test them
   * again. Absent: nothing is remembered.
   */
  memo?: (boolean | undefined)[];
}

/** One evaluated condition, shaped like json-rules-engine's evaluated condition (for explanations). */
export interface EvaluatedAtom extends JreCondition {
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

export type CompiledCondition = (ctx: FactContext, trace: EvaluatedAtom[] | undefined) => boolean;

const factKeys = new Map<string, number>();

/** The same number for the same derived fact and parameters, in every rule of every loaded policy. */
function factKey(fact: string, params: Record<string, unknown>): number {
  const text = `${fact}${JSON.stringify(params)}`;
  let key = factKeys.get(text);
  if (key === undefined) factKeys.set(text, (key = factKeys.size));
  return key;
}

function factReader(fact: string, params: Record<string, unknown> | undefined, path: string | undefined): (ctx: FactContext) => unknown {
  if (fact === "event") {
    if (path === undefined) return (ctx) => ctx.view;
    const read = fieldReader(path);
    return (ctx) => read(ctx.view);
  }
  if (fact === "item") {
    if (path === undefined) return (ctx) => ctx.item;
    const read = fieldReader(path, true);
    return (ctx) => read(ctx.item);
  }
  const derive = DERIVED_FACTS[fact];
  if (!derive) throw new Error(`unknown fact ${fact}`);
  const p = params ?? {};
  const key = factKey(fact, p);
  const value = (ctx: FactContext): unknown => {
    const facts = ctx.facts;
    if (!facts) return derive(ctx.view, p);
    // One lookup when the fact is known (an absent one, undefined, is looked for twice).
    const known = facts.get(key);
    if (known !== undefined || facts.has(key)) return known;
    const result = derive(ctx.view, p);
    facts.set(key, result);
    return result;
  };
  if (path === undefined) return value;
  const read = compilePath(path);
  return (ctx) => read(value(ctx));
}

/** Reads the fact an atom tests (with its path), as the atom's own closure does. */
export function compileFact(atom: JreCondition): (ctx: FactContext) => unknown {
  return factReader(atom.fact!, atom.params, atom.path);
}

/**
 * Builds the closure for a condition tree (already checked by loadArtifact). `slots`, one per version:
 * numbers the conditions on the event alone, so a decision can remember their results (FactContext.memo).
 */
export function compileCondition(condition: JreCondition, slots?: Map<string, number>): CompiledCondition {
  if (condition.all || condition.any) {
    const every = Boolean(condition.all);
    const items = (condition.all ?? condition.any ?? []).map((c) => compileCondition(c, slots));
    // json-rules-engine: an empty list is true for `all` and for `any` alike.
    if (!items.length) return () => true;
    return (ctx, trace) => {
      if (trace) {
        // Explaining: evaluate every condition, as json-rules-engine does, so each has a result.
        let result = every;
        for (const item of items) {
          const r = item(ctx, trace);
          result = every ? result && r : result || r;
        }
        return result;
      }
      if (every) {
        for (const item of items) if (!item(ctx, undefined)) return false;
        return true;
      }
      for (const item of items) if (item(ctx, undefined)) return true;
      return false;
    };
  }
  if (condition.not) {
    const inner = compileCondition(condition.not, slots);
    return (ctx, trace) => !inner(ctx, trace);
  }
  const test = OPERATORS[condition.operator ?? ""]!.test;
  const readFact = factReader(condition.fact!, condition.params, condition.path);
  const value = condition.value as { fact?: string; params?: Record<string, unknown>; path?: string } | undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value) || typeof value.fact !== "string") {
    // The common case, a value written in the policy: no reader to call for it.
    const constant = condition.value;
    const evaluate: CompiledCondition = (ctx, trace) => {
      const factResult = readFact(ctx);
      const result = test(factResult, constant);
      if (trace) trace.push({ name: condition.name, fact: condition.fact, operator: condition.operator, value: condition.value, factResult, valueResult: constant, result });
      return result;
    };
    if (!slots || condition.fact === "item") return evaluate;
    // The event alone decides it: remembered for the decision's other items (not when explaining,
    // where every condition reports what it read).
    const key = JSON.stringify([condition.fact, condition.path ?? null, condition.params ?? null, condition.operator, constant]);
    let slot = slots.get(key);
    if (slot === undefined) slots.set(key, (slot = slots.size));
    const at = slot;
    return (ctx, trace) => {
      const memo = ctx.memo;
      if (!memo || trace) return evaluate(ctx, trace);
      const known = memo[at];
      // Tested here, not through `evaluate`: a call fewer on the path every decision takes.
      return known !== undefined ? known : (memo[at] = test(readFact(ctx), constant));
    };
  }
  const readValue = factReader(value.fact, value.params, value.path);
  return (ctx, trace) => {
    const factResult = readFact(ctx);
    const valueResult = readValue(ctx);
    const result = test(factResult, valueResult);
    // A fixed shape, not a spread of the condition: explaining pushes one of these per condition.
    if (trace) trace.push({ name: condition.name, fact: condition.fact, operator: condition.operator, value: condition.value, factResult, valueResult, result });
    return result;
  };
}
