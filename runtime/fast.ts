// The fast evaluator: the same artifact rules, run synchronously by closures built once at load.
// No eval, no new Function: a condition tree becomes a tree of small functions over the same
// operators and derived facts json-rules-engine is given. It reproduces json-rules-engine's
// semantics exactly where they matter (empty `all` and `any` are true; every condition of a rule is
// evaluated, so explanations match), which a property test checks on generated events.

import type { JreCondition } from "./artifact.js";
import { DERIVED_FACTS } from "./facts.js";
import { OPERATORS } from "./operators.js";
import { readPath } from "./paths.js";

type Json = Record<string, unknown>;

export interface FactContext {
  view: Json;
  item: Json;
}

/** One evaluated condition, shaped like json-rules-engine's evaluated condition (for explanations). */
export interface EvaluatedAtom extends JreCondition {
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

export type CompiledCondition = (ctx: FactContext, trace: EvaluatedAtom[] | undefined) => boolean;

function factReader(fact: string, params: Record<string, unknown> | undefined, path: string | undefined): (ctx: FactContext) => unknown {
  if (fact === "event") return path === undefined ? (ctx) => ctx.view : (ctx) => readPath(ctx.view, path);
  if (fact === "item") return path === undefined ? (ctx) => ctx.item : (ctx) => readPath(ctx.item, path);
  const derive = DERIVED_FACTS[fact];
  if (!derive) throw new Error(`unknown fact ${fact}`);
  const p = params ?? {};
  return path === undefined ? (ctx) => derive(ctx.view, p) : (ctx) => readPath(derive(ctx.view, p), path);
}

/** Builds the closure for a condition tree (already checked by loadArtifact). */
export function compileCondition(condition: JreCondition): CompiledCondition {
  if (condition.all || condition.any) {
    const every = Boolean(condition.all);
    const items = (condition.all ?? condition.any ?? []).map(compileCondition);
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
    const inner = compileCondition(condition.not);
    return (ctx, trace) => !inner(ctx, trace);
  }
  const test = OPERATORS[condition.operator ?? ""]!.test;
  const readFact = factReader(condition.fact!, condition.params, condition.path);
  const value = condition.value as { fact?: string; params?: Record<string, unknown>; path?: string } | undefined;
  const readValue = value !== null && typeof value === "object" && !Array.isArray(value) && typeof value.fact === "string"
    ? factReader(value.fact, value.params, value.path)
    : () => condition.value;
  return (ctx, trace) => {
    const factResult = readFact(ctx);
    const valueResult = readValue(ctx);
    const result = test(factResult, valueResult);
    if (trace) trace.push({ ...condition, factResult, valueResult, result });
    return result;
  };
}
