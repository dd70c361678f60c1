// The checked model → the artifact: plain json-rules-engine rules, one per policy rule in file order
// (priority N − index), plus one per gated deduction. Only this file knows the rule shape.

import {
  ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, OPERATORS, artifactHash, isInCustomObject, usesFormat2,
  type Artifact, type ConditionInfo, type JreCondition, type JreRule,
} from "../runtime/index.js";
import type { CheckedAtom, CheckedCondition, CheckedPolicy } from "./model.js";

/**
 * Pushes `not` down to the atoms, replacing each negated atom by its complement operator. Every
 * operator is false on an absent value and so is its complement: `not within 30 days of delivery`
 * is then false, not true, for an order that was never delivered.
 */
export function lowerCondition(c: CheckedCondition, negate = false): CheckedCondition {
  switch (c.kind) {
    case "atom":
      return negate ? { ...c, operator: OPERATORS[c.operator]!.complement, text: `not (${c.text})` } : c;
    case "not":
      return lowerCondition(c.operand, !negate);
    case "all":
    case "any": {
      const kind = (c.kind === "all") !== negate ? "all" : "any";
      return { kind, items: c.items.map((i) => lowerCondition(i, negate)) };
    }
  }
}

interface Collector {
  facts: Set<string>;
  operators: Set<string>;
}

function toJre(c: CheckedCondition, info: Record<string, ConditionInfo>, used: Collector): JreCondition {
  if (c.kind === "all") return { all: c.items.map((i) => toJre(i, info, used)) };
  if (c.kind === "any") return { any: c.items.map((i) => toJre(i, info, used)) };
  if (c.kind === "not") return { not: toJre(c.operand, info, used) };
  return atomToJre(c as CheckedAtom, info, used);
}

function atomToJre(c: CheckedAtom, info: Record<string, ConditionInfo>, used: Collector): JreCondition {
  const name = `c${Object.keys(info).length}`;
  info[name] = c.money ? { text: c.text, range: c.range, money: true } : { text: c.text, range: c.range };
  used.facts.add(c.fact);
  used.operators.add(c.operator);
  const value = c.value as { fact?: string } | null;
  if (value && typeof value === "object" && !Array.isArray(value) && value.fact) used.facts.add(value.fact);
  const out: JreCondition = { name, fact: c.fact };
  if (c.path !== undefined) out.path = c.path;
  if (c.params !== undefined) out.params = c.params;
  out.operator = c.operator;
  out.value = c.value;
  return out;
}

function root(c: CheckedCondition | undefined, info: Record<string, ConditionInfo>, used: Collector): JreCondition {
  if (!c) return { all: [] };
  const lowered = toJre(lowerCondition(c), info, used);
  // json-rules-engine wants all/any at the top.
  return lowered.all || lowered.any ? lowered : { all: [lowered] };
}

/** Builds the artifact. Deterministic: the same policy always gives the same bytes. */
export function emitArtifact(policy: CheckedPolicy, source: string, options: { hash?: boolean } = {}): Artifact {
  const used: Collector = { facts: new Set(), operators: new Set() };
  const rules: JreRule[] = [];
  for (const version of policy.versions) {
    const count = version.rules.length;
    version.rules.forEach((rule, index) => {
      const conditions: Record<string, ConditionInfo> = {};
      const jre = root(rule.condition, conditions, used);
      rules.push({
        name: `${version.id}#${index} ${rule.name}`,
        priority: count - index + 1,
        conditions: jre,
        event: {
          type: "proviso.rule",
          params: { version: version.id, index, name: rule.name, otherwise: rule.otherwise, range: rule.range, outcome: rule.outcome, conditions },
        },
      });
    });
    for (const clause of version.clauses) {
      const conditions: Record<string, ConditionInfo> = {};
      const jre = root(clause.condition, conditions, used);
      rules.push({ name: `${version.id}#${clause.id}`, priority: 1, conditions: jre, event: { type: "proviso.clause", params: { version: version.id, clause: clause.id, conditions } } });
    }
  }
  const content = {
    format: ARTIFACT_FORMAT,
    // The lowest version that describes it: older runtimes keep loading policies without the newer constructs.
    formatVersion: policy.currencies || policy.enumValues || policy.customFields?.some((f) => !isInCustomObject(f.path)) || policy.versions.some((v) => v.rules.some((r) => usesFormat2(r.outcome))) ? ARTIFACT_FORMAT_VERSION : 1,
    policy: { name: policy.name, kind: policy.kind, currency: policy.currency, ...(policy.currencies ? { currencies: policy.currencies } : {}), timezone: policy.timezone, locale: policy.locale, source },
    versions: policy.versions.map((v) => (v.source ? { id: v.id, effectiveFrom: v.effectiveFrom, source: v.source } : { id: v.id, effectiveFrom: v.effectiveFrom })),
    facts: [...used.facts].filter((f) => f !== "event" && f !== "item").sort(),
    operators: [...used.operators].sort(),
    ...(policy.customFields ? { customFields: policy.customFields } : {}),
    ...(policy.enumValues ? { enumValues: policy.enumValues } : {}),
    rules,
  };
  // Without a hash (diagnostics only) the artifact is never handed out; the placeholder fits the schema.
  return { ...content, hash: options.hash === false ? `sha256:${"0".repeat(64)}` : artifactHash(content) } as Artifact;
}

