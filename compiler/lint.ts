// Lints over the checked model: rules that can never apply, and merchant practice. All warnings.

import { warning, type Diagnostic, type OutcomeSpec, type PolicyKind, type RangeTuple, type SourceRange, type Template } from "../runtime/index.js";
import { lowerCondition } from "./emit.js";
import type { CheckedAtom, CheckedCondition, CheckedPolicy, CheckedRule } from "./model.js";

function range(t: RangeTuple): SourceRange {
  return { start: { line: t[0], column: t[1], offset: 0 }, end: { line: t[2], column: t[3], offset: 0 } };
}

type Term = CheckedAtom[];
const MAX_TERMS = 64;

/** Disjunctive normal form of a lowered condition, or undefined when it would be too large. */
function dnf(c: CheckedCondition): Term[] | undefined {
  if (c.kind === "atom") return [[c]];
  if (c.kind === "not") return undefined;
  if (c.kind === "any") {
    const out: Term[] = [];
    for (const i of c.items) {
      const d = dnf(i);
      if (!d) return undefined;
      out.push(...d);
      if (out.length > MAX_TERMS) return undefined;
    }
    return out;
  }
  let out: Term[] = [[]];
  for (const i of c.items) {
    const d = dnf(i);
    if (!d) return undefined;
    const next: Term[] = [];
    for (const a of out) for (const b of d) next.push([...a, ...b]);
    if (next.length > MAX_TERMS) return undefined;
    out = next;
  }
  return out;
}

const subjects = new WeakMap<CheckedAtom, string>();

/** What an atom talks about (fact, path, params), as a string; computed once per atom. */
function subject(a: CheckedAtom): string {
  let s = subjects.get(a);
  if (s === undefined) {
    s = JSON.stringify([a.fact, a.path ?? null, a.params ?? null]);
    subjects.set(a, s);
  }
  return s;
}

/** Equal values of two conditions: scalars, or lists of scalars in the same order (as JSON would compare them). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** Whether atom `a` being true guarantees atom `b` is true. */
function implies(a: CheckedAtom, b: CheckedAtom): boolean {
  if (subject(a) !== subject(b)) return false;
  const av = a.value;
  const bv = b.value;
  if (a.operator === b.operator && sameValue(av, bv)) return true;
  const num = (x: unknown): x is number => typeof x === "number";
  if (a.operator === "is" && b.operator === "oneOf" && Array.isArray(bv)) return bv.includes(av);
  if (a.operator === "oneOf" && b.operator === "oneOf" && Array.isArray(av) && Array.isArray(bv)) return av.every((x) => bv.includes(x));
  if (a.operator === "oneOf" && b.operator === "is" && Array.isArray(av)) return av.length === 1 && av[0] === bv;
  if (!num(av) || !num(bv)) return false;
  const upper = (op: string) => op === "atMost" || op === "below";
  const lower = (op: string) => op === "atLeast" || op === "above";
  if (upper(a.operator) && upper(b.operator)) return av < bv || (av === bv && (a.operator === "below" || b.operator === "atMost"));
  if (lower(a.operator) && lower(b.operator)) return av > bv || (av === bv && (a.operator === "above" || b.operator === "atLeast"));
  return false;
}

/** Whether `later` can only be true when `earlier` is (so `earlier` always wins). */
function shadowedBy(later: Term[], earlier: Term[]): boolean {
  return later.every((term) => earlier.some((e) => e.every((needed) => term.some((have) => implies(have, needed)))));
}

/** Work allowed to the unreachable-rule check per policy version, in implication tests. */
const UNREACHABLE_BUDGET = 300_000;

/**
 * The numbers of several ascending lists, ascending and each once, produced as they are asked for: the
 * search below usually stops at the first rule that shadows, long before the end.
 */
function* inOrder(lists: readonly (readonly number[])[]): Generator<number> {
  const at = lists.map(() => 0);
  let last = -1;
  for (;;) {
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      if (at[i]! < lists[i]!.length && (pick === -1 || lists[i]![at[i]!]! < lists[pick]![at[pick]!]!)) pick = i;
    }
    if (pick === -1) return;
    const next = lists[pick]![at[pick]!++]!;
    if (next !== last) yield (last = next);
  }
}

function unreachable(rules: CheckedRule[], out: Diagnostic[]): void {
  // An earlier rule can only win over a later one if one of its terms talks about nothing the later
  // rule does not: so earlier rules are indexed by the subjects of each of their terms, and a later
  // rule is tested only against those whose term subjects are a subset of its own. Without the index
  // the check is quadratic in the number of rules (a 10,000-rule policy took 90 s).
  const seen: { rule: CheckedRule; terms: Term[] }[] = [];
  const byKey = new Map<string, number[]>();
  const keyOf = (names: Iterable<string>) => [...new Set(names)].sort().join("\u0001");
  let budget = UNREACHABLE_BUDGET;
  // Rules whose whole condition is one enum field taking some values: together they may cover every
  // value of a field no event lacks, and then nothing after them can apply.
  const covered = new Map<string, { values: Set<string>; domain: readonly string[] }>();
  let exhausted: { field: string; rule: CheckedRule } | undefined;
  rules.forEach((rule) => {
    if (exhausted) {
      const what = rule.otherwise ? "`otherwise`" : `rule "${rule.name}"`;
      out.push(warning("lint/unreachable-rule", `${what} can never apply: the rules above already decide every value of \`${exhausted.field}\` (the last of them is "${exhausted.rule.name}")`, { range: range(rule.range) }));
      return;
    }
    const terms = rule.condition ? dnf(lowerCondition(rule.condition)) : [[]];
    if (!terms) return;
    const only = terms.length === 1 && terms[0]!.length === 1 ? terms[0]![0]! : undefined;
    if (only?.domain && only.mayBeAbsent.length === 0 && (only.operator === "is" || only.operator === "oneOf") && only.path) {
      const entry = covered.get(only.path) ?? { values: new Set<string>(), domain: only.domain };
      for (const v of Array.isArray(only.value) ? only.value : [only.value]) entry.values.add(String(v));
      covered.set(only.path, entry);
      if (entry.domain.every((v) => entry.values.has(v))) exhausted = { field: only.path, rule };
    }
    // Out of budget: the pairwise check stops for the rest of the version (the enum cover above goes on).
    if (budget < 0) return;
    const mine = [...new Set(terms.flatMap((t) => t.map(subject)))].sort();
    let candidates: Iterable<number>;
    if (mine.length <= 12) {
      const lists: number[][] = [];
      for (let mask = 0; mask < 1 << mine.length; mask++) {
        const list = byKey.get(keyOf(mine.filter((_, i) => mask & (1 << i))));
        if (list) lists.push(list);
      }
      candidates = inOrder(lists);
    } else candidates = seen.map((_, i) => i);
    for (const c of candidates) {
      const earlier = seen[c]!;
      budget -= terms.length * earlier.terms.length;
      if (budget < 0) return;
      if (shadowedBy(terms, earlier.terms)) {
        const what = rule.otherwise ? "`otherwise`" : `rule "${rule.name}"`;
        out.push(warning("lint/unreachable-rule", `${what} can never apply: rule "${earlier.rule.name}" above it always applies first`, { range: range(rule.range) }));
        break;
      }
    }
    seen.push({ rule, terms });
    for (const term of terms) {
      const key = keyOf(term.map(subject));
      const list = byKey.get(key) ?? [];
      if (list[list.length - 1] !== seen.length - 1) list.push(seen.length - 1);
      byKey.set(key, list);
    }
  });
}

function atoms(c: CheckedCondition | undefined, negated = false, out: { atom: CheckedAtom; negated: boolean }[] = []): { atom: CheckedAtom; negated: boolean }[] {
  if (!c) return out;
  if (c.kind === "atom") out.push({ atom: c, negated: negated || c.operator === "isNot" || c.operator === "noneOf" || c.operator === "lacks" });
  else if (c.kind === "not") atoms(c.operand, !negated, out);
  else for (const i of c.items) atoms(i, negated, out);
  return out;
}

function absentUnderNot(condition: CheckedCondition | undefined, out: Diagnostic[], what = "the rule does not apply"): void {
  const all = atoms(condition);
  const guarded = new Set(all.filter((a) => !a.negated && (a.atom.operator === "present" || a.atom.operator === "absent")).flatMap((a) => a.atom.reads));
  for (const { atom, negated } of all) {
    if (!negated || atom.operator === "present" || atom.operator === "absent") continue;
    const risky = atom.mayBeAbsent.filter((p) => !guarded.has(p));
    if (risky.length) {
      out.push(warning("lint/absent-unguarded", `\`${risky[0]}\` may be absent; then \`${atom.text}\` is neither true nor false and ${what}`, {
        range: range(atom.range),
        hint: `say what an absent value means: \`${risky[0]} is present and ...\` or \`${risky[0]} is absent or ...\``,
      }));
    }
  }
}

function mentionsMerchantCancel(rule: CheckedRule): boolean {
  return atoms(rule.condition).some(({ atom, negated }) => {
    if (negated) return false;
    const values = Array.isArray(atom.value) ? atom.value : [atom.value];
    return (atom.path === "initiator" && values.includes("merchant")) || (atom.path === "reason" && values.includes("out_of_stock"));
  });
}

/** No text for the customer: none written, or only blanks (`deny ""`). */
function isBlank(t: Template | undefined): boolean {
  return !t || t.every((part) => "text" in part && !part.text.trim());
}

/** Merchant-practice and reachability lints. */
export function lintPolicy(policy: CheckedPolicy): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const version of policy.versions) {
    unreachable(version.rules, out);
    // A deduction's condition counts too: there an unknown value silently waives the fee.
    for (const clause of version.clauses) absentUnderNot(clause.condition, out, "the deduction is not charged");
    for (const rule of version.rules) {
      const o = rule.outcome;
      const where = { range: range(rule.range) };
      absentUnderNot(rule.condition, out);
      if (o.decision !== "approve" && isBlank(o.reason) && isBlank(o.message)) {
        out.push(warning("lint/no-customer-reason", `${rule.otherwise ? "`otherwise`" : `rule "${rule.name}"`} ${o.decision === "deny" ? "denies" : "sends to review"} without a reason for the customer`, { ...where, hint: `write it after the outcome: ${o.decision} "..."` }));
      }
      // With options, each option is an approval of its own; after a review, the approval's terms are.
      const approvals = o.options ? o.options.map((x) => ({ spec: x.outcome, what: `option "${x.label}" of rule "${rule.name}"`, at: x.range })) : o.decision === "approve" ? [{ spec: o, what: `rule "${rule.name}"`, at: rule.range }] : [];
      if (o.ifApproved) approvals.push({ spec: o.ifApproved.outcome, what: `\`if approved\` of rule "${rule.name}"`, at: o.ifApproved.range });
      for (const a of approvals) {
        if (policy.kind === ("return" as PolicyKind) && !a.spec.keepItem && !a.spec.returnShipping) {
          out.push(warning("lint/return-shipping-unstated", `${a.what} approves a return without saying who pays return shipping`, { range: range(a.at), hint: "add `return shipping paid by customer` (or merchant), or `customer keeps the item`" }));
        }
      }
      if (o.ifDeclined && isBlank(o.ifDeclined.outcome.reason) && isBlank(o.ifDeclined.outcome.message)) {
        out.push(warning("lint/no-customer-reason", `\`if declined\` of rule "${rule.name}" denies without a reason for the customer`, { range: range(o.ifDeclined.range), hint: 'write it after the verdict: if declined "..."' }));
      }
      const tells = (spec: OutcomeSpec) => spec.actions.some((a) => a.type === "notify_customer" || a.type === "offer_alternatives");
      if (policy.kind === "cancellation" && mentionsMerchantCancel(rule) && !(o.options ? o.options.every((x) => tells(x.outcome)) : tells(o))) {
        out.push(warning("lint/merchant-cancel-silent", `rule "${rule.name}" cancels on the merchant's side but neither notifies the customer nor offers alternatives`, { ...where, hint: "add `notify customer` and `offer alternatives`" }));
      }
    }
  }
  return out;
}
