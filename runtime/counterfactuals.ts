// Counterfactual explanations: for each decided item, the nearest changes to the event that would
// have changed its outcome or its refund — "approved if requested by Apr 3, 17:00 (2 days earlier)",
// "full refund if the item were unopened", "approved if the reason were damaged". Each condition the
// decision turned on (the false ones of the rules tried before the deciding rule, the true ones of the
// deciding rule and of its deductions) is solved exactly for the opposite result; every candidate
// event is decided again, and only what the runtime confirms is reported, with what it decides.

import { instantInWords } from "./words.js";
import type { JreCondition, OutcomeSpec, RefundTerms } from "./artifact.js";
import type { Decision, ItemDecision } from "./decision.js";
import { FIELD_BY_PATH } from "./fields.js";
import type { LoadedPolicy, LoadedVersion } from "./load.js";
import { formatMoney } from "./money.js";
import { applyChanges, readIndexedPath, solveCondition, type EventChange } from "./solve.js";
import { DAY, durationParts, parseInstant } from "./time.js";

export interface Counterfactual {
  /** The requested item whose decision the change alters. */
  item: string;
  /** The changes to the event, each with the value it had. */
  changes: { path: string; from?: unknown; to?: unknown; removed?: true }[];
  /** The condition whose result the change flips. */
  condition: { rule: string; line: number; text: string; was: boolean };
  /** What the item would have been decided with the change. */
  then: { outcome: ItemDecision["outcome"]; refund: number; rule: string };
  /** The change and its effect, in words. */
  text: string;
}

type Decide = (event: unknown) => Decision | undefined;

const MAX_PER_ITEM = 5;

/** The atoms of a condition tree, by name. */
function atomsByName(condition: JreCondition, out = new Map<string, JreCondition>()): Map<string, JreCondition> {
  for (const child of condition.all ?? condition.any ?? []) atomsByName(child, out);
  if (condition.not) atomsByName(condition.not, out);
  if (condition.fact !== undefined && condition.name !== undefined) out.set(condition.name, condition);
  return out;
}

/** How far a change moves a time: its two largest units ("20 days 3 hours"). */
function describeSpan(ms: number): string {
  const { days, hours, minutes, seconds } = durationParts(ms);
  const parts = ([[days, "day"], [hours, "hour"], [minutes, "minute"], [seconds, "second"]] as const).filter(([n]) => n).map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`);
  return parts.slice(0, 2).join(" ") || "a moment";
}

/** A path of the event as the policy names it: `order.items[0].finalSale` is `item.finalSale`. */
function languagePath(path: string): string {
  if (/^request\.items\[\d+\]\.quantity$/.test(path)) return "item.requestedQuantity";
  return path.replace(/^(order|request)\.items\[\d+\]\./, "item.");
}

/** The change in words, in the policy's zone, locale and currency. */
function describeChange(change: { path: string; from?: unknown; to?: unknown; removed?: true }, policy: LoadedPolicy, currency: string): string {
  const { timezone, locale } = policy.artifact.policy;
  const label = languagePath(change.path);
  const field = FIELD_BY_PATH.get(label);
  if (change.removed) return `if ${label} were absent`;
  const to = parseInstant(change.to);
  if (to !== undefined) {
    const when = instantInWords(to, { timezone, locale });
    const from = parseInstant(change.from);
    const shift = from === undefined ? "" : ` (${describeSpan(to - from)} ${to < from ? "earlier" : "later"})`;
    return change.path === "at" ? `if requested ${to < (from ?? to) ? "by" : "on"} ${when}${shift}` : `if ${label} were ${when}${shift}`;
  }
  if (typeof change.to === "number" && (field?.type === "money" || /\.(paid|refunded|unitPrice)$/.test(change.path))) return `if ${label} were ${formatMoney(change.to, currency, locale)}`;
  if (Array.isArray(change.to)) return `if ${label} were [${change.to.join(", ")}]`;
  return `if ${label} were ${String(change.to)}`;
}

function outcomeText(item: ItemDecision, policy: LoadedPolicy, currency: string): string {
  const { locale } = policy.artifact.policy;
  return item.outcome === "approve" ? `approve with a refund of ${formatMoney(item.refund.amount, currency, locale)}` : item.outcome;
}

/**
 * The counterfactuals of a decision: for each item, up to five changes that alter its outcome or
 * refund, the outcome-changing ones first and, among those, the smallest changes first. `decide`
 * decides an event with the same version, without explanation or counterfactuals.
 */
export function counterfactualsOf(policy: LoadedPolicy, version: LoadedVersion, event: Record<string, unknown>, decision: Decision, decide: Decide): Counterfactual[] {
  const out: Counterfactual[] = [];
  const explanation = decision.explanation?.items ?? [];
  for (const item of decision.items) {
    const traced = explanation.find((e) => e.id === item.id);
    if (!traced) continue;
    const deciderIndex = version.rules.findIndex((r) => r.params.name === item.rule.name);
    const candidates: { atom: JreCondition; want: boolean; rule: string; line: number; text: string }[] = [];
    traced.rules.forEach((trace, i) => {
      const rule = version.rules[i];
      if (!rule) return;
      const atoms = atomsByName(rule.conditions);
      for (const c of trace.conditions) {
        const atom = atoms.get(c.name);
        if (!atom) continue;
        // Before the deciding rule, a false condition made that rule miss; in the deciding rule, a true one made it apply.
        if (i < deciderIndex && !c.result) candidates.push({ atom, want: true, rule: trace.rule, line: c.line, text: c.text });
        if (i === deciderIndex && c.result) candidates.push({ atom, want: false, rule: trace.rule, line: c.line, text: c.text });
      }
    });
    // The deciding rule's gated deductions: each either applied or did not.
    const decider = version.rules[deciderIndex];
    const terms = decider ? effectiveTerms(decider.params.outcome, item) : undefined;
    for (const d of terms?.deductions ?? []) {
      const clause = d.when !== undefined ? version.clauses.find((c) => c.params.clause === d.when) : undefined;
      if (!clause) continue;
      const applied = item.refund.deductions.some((x) => x.label === d.label);
      for (const [name, atom] of atomsByName(clause.conditions)) {
        const info = clause.params.conditions[name];
        candidates.push({ atom, want: !applied, rule: `${item.rule.name} (${d.label})`, line: info?.range[0] ?? 0, text: info?.text ?? name });
      }
    }

    const found: (Counterfactual & { size: number; changesOutcome: boolean })[] = [];
    const seen = new Set<string>();
    for (const c of candidates) {
      for (const changes of solveCondition(c.atom, c.want, { event, itemId: item.id, customFields: policy.artifact.customFields ?? [] })) {
        const changed = decide(applyChanges(event, changes));
        const now = changed?.items.find((i) => i.id === item.id);
        if (!now || (now.outcome === item.outcome && now.refund.amount === item.refund.amount)) continue;
        const key = `${now.outcome}|${now.refund.amount}|${now.rule.name}|${changes.map((ch) => ch.path).join(",")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // A change that sets a value the event already has is no change: leave it out of what is said.
        const described: Counterfactual["changes"] = changes.flatMap((ch: EventChange) => {
          const before = readIndexedPath(event, ch.path);
          if (!ch.remove && JSON.stringify(before) === JSON.stringify(ch.value)) return [];
          return [ch.remove ? { path: ch.path, from: before, removed: true as const } : { path: ch.path, ...(before !== undefined ? { from: before } : {}), to: ch.value }];
        });
        if (!described.length) continue;
        // How big a change is: time moved, or one step for anything else; the request's own time is the easiest to change.
        const size = described.reduce((n, ch) => {
          const a = parseInstant(ch.from);
          const b = parseInstant(ch.to);
          return n + (a !== undefined && b !== undefined ? Math.abs(b - a) / DAY + (ch.path === "at" ? 0 : 1) : 1);
        }, 0);
        found.push({
          item: item.id,
          changes: described,
          condition: { rule: c.rule, line: c.line, text: c.text, was: !c.want },
          then: { outcome: now.outcome, refund: now.refund.amount, rule: now.rule.name },
          text: `${decision.items.length > 1 ? `item ${item.id}: ` : ""}${outcomeText(now, policy, decision.refund.currency)} (rule "${now.rule.name}") ${described.map((ch) => describeChange(ch, policy, decision.refund.currency)).join(" and ")}`,
          size,
          changesOutcome: now.outcome !== item.outcome,
        });
      }
    }
    found.sort((a, b) => Number(b.changesOutcome) - Number(a.changesOutcome) || a.size - b.size);
    for (const { size: _size, changesOutcome: _c, ...counterfactual } of found.slice(0, MAX_PER_ITEM)) out.push(counterfactual);
  }
  return out;
}

/** The refund terms an item was decided under: its rule's own, its option's, or its verdict's. */
function effectiveTerms(outcome: OutcomeSpec, item: ItemDecision): RefundTerms | undefined {
  if (item.option !== undefined) return outcome.options?.find((o) => o.label === item.option)?.outcome.refund;
  if (item.verdict) return item.verdict.outcome === "approve" ? outcome.ifApproved?.outcome.refund : undefined;
  return outcome.refund;
}
