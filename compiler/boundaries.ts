// Boundary tests: for every rule, an event it decides, and around every threshold it (and each of its
// deductions) uses, events on both sides — the last second inside a window and the first outside, in
// the policy's zone for calendar bounds; an amount at a limit and just past it; one event per value of
// an enum it tests — each with the decision the policy gives today, for the author to review and
// commit as a test file. Events come from the witness search and the runtime's exact solver.

import { applyChanges, evaluateSync, FIELD_BY_PATH, solveCondition, type Decision, type JreCondition, type LoadedPolicy } from "../runtime/index.js";
import { findWitness, keepInOrder, plainEvent } from "./search.js";

type Json = Record<string, unknown>;

export interface BoundaryCase {
  name: string;
  event: Json;
  /** Set when the policy has several versions: a moment the version is in force. */
  asOf?: string;
  expect: Record<string, unknown>;
}

export interface BoundaryTests {
  cases: BoundaryCase[];
  /** Rules no event was found for (or that the linter proves unreachable). */
  missed: string[];
}

function atomsOf(condition: JreCondition, out: JreCondition[] = []): JreCondition[] {
  for (const child of condition.all ?? condition.any ?? []) atomsOf(child, out);
  if (condition.not) atomsOf(condition.not, out);
  if (condition.fact !== undefined) out.push(condition);
  return out;
}

function expectationOf(decision: Decision): Record<string, unknown> {
  return {
    outcome: decision.outcome,
    refund: decision.refund.amount,
    items: Object.fromEntries(decision.items.map((i) => [i.id, { outcome: i.outcome, refund: i.refund.amount, rule: { name: i.rule.name } }])),
  };
}

/** Boundary test cases for every rule of every version of a policy. */
export function boundaryTests(policy: LoadedPolicy, seeds: readonly unknown[] = []): BoundaryTests {
  const cases: BoundaryCase[] = [];
  const missed: string[] = [];
  const seen = new Set<string>();
  const starts = [plainEvent(policy.artifact), ...(seeds as Json[])];
  const several = policy.versions.length > 1;
  for (const version of policy.versions) {
    const asOf = several ? { asOf: version.effectiveFrom ?? "1970-01-01T00:00:00Z" } : {};
    const prefix = several ? `[${version.id}] ` : "";
    const add = (name: string, event: Json) => {
      const key = JSON.stringify(event);
      if (seen.has(key)) return;
      const decision = evaluateSync(policy, event, { version: version.id, explain: false }).value;
      if (!decision) return;
      seen.add(key);
      cases.push({ name: `${prefix}${name}`, event, ...asOf, expect: expectationOf(decision) });
    };
    version.rules.forEach((rule, index) => {
      const witness = findWitness(policy, version, index, starts);
      const name = rule.params.otherwise ? "otherwise" : `"${rule.params.name}"`;
      if (!witness) {
        missed.push(`${prefix}${name}`);
        return;
      }
      add(`${name} decides`, witness.event);
      const clauses = (rule.params.outcome.refund?.deductions ?? []).flatMap((d) => {
        const clause = d.when !== undefined ? version.clauses.find((c) => c.params.clause === d.when) : undefined;
        return clause ? [{ conditions: clause.conditions, info: clause.params.conditions, label: d.label }] : [];
      });
      const groups = [{ conditions: rule.conditions, info: rule.params.conditions, label: "" }, ...clauses];
      for (const group of groups) {
        for (const atom of atomsOf(group.conditions)) {
          const text = group.info[atom.name ?? ""]?.text ?? atom.name ?? "condition";
          const where = `${name}${group.label ? ` (${group.label})` : ""}: ${text}`;
          // A presence test's other side is the field's absence; elsewhere only values change.
          const ctx = { event: witness.event, itemId: witness.itemId, customFields: policy.artifact.customFields ?? [], allowAbsent: atom.operator === "present" || atom.operator === "absent" };
          for (const want of [true, false]) {
            for (const changes of solveCondition(atom, want, ctx)) {
              const event = keepInOrder(applyChanges(witness.event, changes), changes);
              const shown = changes.map((c) => `${c.path} ${c.remove ? "absent" : `= ${JSON.stringify(c.value)}`}`).join(", ");
              add(`${where} — ${want ? "holds" : "does not hold"} (${shown})`, event);
            }
          }
          // One event per value of an enum the condition tests.
          const path = atom.fact === "event" ? atom.path : atom.fact === "item" ? `item.${atom.path}` : undefined;
          const domain = path ? (policy.artifact.customFields?.find((f) => f.path === path)?.values ?? FIELD_BY_PATH.get(path)?.values) : undefined;
          if (domain && (atom.operator === "is" || atom.operator === "isNot" || atom.operator === "oneOf" || atom.operator === "noneOf")) {
            for (const value of domain) {
              for (const changes of solveCondition({ ...atom, operator: "is", value }, true, ctx)) add(`${where} — ${path} = ${value}`, keepInOrder(applyChanges(witness.event, changes), changes));
            }
          }
        }
      }
    });
  }
  return { cases, missed };
}
