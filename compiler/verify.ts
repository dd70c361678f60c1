// `proviso verify`: what a policy can never do, over every event the schema allows. For each rule:
// that it can fire at all (a witness event the runtime decides with it, or a proof that it never
// can); for each refund it writes, that the amount never exceeds what was paid for the units asked
// for, and never goes below zero before the runtime clamps it. A property is "proven" only by an
// argument that holds for every event (interval arithmetic over linear money expressions, with the
// rule's own conditions as bounds); it "fails" only with a counterexample event that the runtime
// decides as described; anything else is "unproven", never proven.

import { applyChanges, evaluateSync, readIndexedPath, type RefundTerms, type Artifact, type Decision, type EventChange, type JreCondition, type LoadedPolicy, type LoadedVersion, type MoneyExpr } from "../runtime/index.js";
import { findWitness, plainEvent, type Witness } from "./search.js";

type Json = Record<string, unknown>;

export type PropertyName = "fires" | "within-share" | "not-negative" | "shipping-within-paid" | "versions-disjoint";
export type Status = "proven" | "fails" | "unproven";

export interface PropertyResult {
  property: PropertyName;
  status: Status;
  version: string;
  /** The rule the property is about (absent for the policy's versions). */
  rule?: string;
  /** Which of the rule's terms, when not its own: `option "Keep it"`, `if approved` (the line is theirs). */
  terms?: string;
  line?: number;
  column?: number;
  /** Why it holds, how it fails, or what the analysis could not bound. */
  message: string;
  /** An event that shows it: the witness that a rule fires, or the counterexample of a failure. */
  event?: Json;
  /** The requested item of the event the property is about. */
  item?: string;
  /** What matters in the event: the values of the fields the rule and its refund read. */
  fields?: Record<string, unknown>;
}

export interface VerifyReport {
  policy: string;
  results: PropertyResult[];
}

// ---- linear money ------------------------------------------------------------------------------

/** A money expression as Σ coefficient × field + constant, with the rounding it may carry. */
interface Linear {
  terms: Map<string, number>;
  constant: number;
  /** Most the rounded result can differ from the exact linear value (half a minor unit per rounding). */
  slack: number;
}

function linear(e: MoneyExpr): Linear | undefined {
  if ("money" in e) return { terms: new Map(), constant: e.money, slack: 0 };
  if ("number" in e) return { terms: new Map(), constant: e.number, slack: 0 };
  if ("field" in e) return { terms: new Map([[e.field, 1]]), constant: 0, slack: 0 };
  if ("elapsed" in e) return undefined;
  const combine = (a: Linear, b: Linear, sign: number): Linear => {
    const terms = new Map(a.terms);
    for (const [k, v] of b.terms) terms.set(k, (terms.get(k) ?? 0) + sign * v);
    return { terms, constant: a.constant + sign * b.constant, slack: a.slack + b.slack };
  };
  const scale = (a: Linear, k: number, rounds: boolean): Linear => ({
    terms: new Map([...a.terms].map(([f, v]) => [f, v * k])), constant: a.constant * k, slack: a.slack * Math.abs(k) + (rounds ? 0.5 : 0),
  });
  if ("add" in e || "sub" in e) {
    const [x, y] = ("add" in e ? e.add : e.sub).map(linear);
    return x && y ? combine(x, y, "add" in e ? 1 : -1) : undefined;
  }
  if ("percent" in e) {
    const of = linear(e.percent.of);
    return of ? scale(of, e.percent.bp / 10_000, true) : undefined;
  }
  if ("mul" in e || "div" in e) {
    const [x, y] = ("mul" in e ? e.mul : e.div).map(linear);
    if (!x || !y) return undefined;
    const constantOf = (l: Linear) => (l.terms.size === 0 && l.slack === 0 ? l.constant : undefined);
    if ("mul" in e) {
      const k = constantOf(y) ?? constantOf(x);
      const other = constantOf(y) !== undefined ? x : y;
      return k === undefined ? undefined : scale(other, k, false);
    }
    const k = constantOf(y);
    return k === undefined || k === 0 ? undefined : scale(x, 1 / k, true);
  }
  return undefined;
}

type Bounds = Map<string, { lo: number; hi: number }>;

/** Bounds on fields from the rule's own conditions: every atom of its top-level `all` must hold. */
function boundsFrom(condition: JreCondition | undefined): Bounds {
  const bounds: Bounds = new Map();
  const atoms = condition?.all ?? (condition?.fact !== undefined ? [condition] : []);
  for (const atom of atoms) {
    if ((atom.fact !== "item" && atom.fact !== "event") || atom.path === undefined || typeof atom.value !== "number") continue;
    const field = atom.fact === "item" ? `item.${atom.path}` : atom.path;
    const b = bounds.get(field) ?? { lo: 0, hi: Number.MAX_SAFE_INTEGER };
    const v = atom.value;
    if (atom.operator === "atLeast") b.lo = Math.max(b.lo, v);
    if (atom.operator === "above") b.lo = Math.max(b.lo, v + 1);
    if (atom.operator === "atMost") b.hi = Math.min(b.hi, v);
    if (atom.operator === "below") b.hi = Math.min(b.hi, v - 1);
    if (atom.operator === "is") {
      b.lo = Math.max(b.lo, v);
      b.hi = Math.min(b.hi, v);
    }
    bounds.set(field, b);
  }
  return bounds;
}

/** The largest (or smallest) value of a linear form over fields within bounds (every field ≥ 0). */
function extreme(l: Linear, bounds: Bounds, largest: boolean): number {
  let total = l.constant;
  for (const [field, c] of l.terms) {
    if (c === 0) continue;
    const b = bounds.get(field) ?? { lo: 0, hi: Number.POSITIVE_INFINITY };
    total += c * ((c > 0) === largest ? b.hi : b.lo);
  }
  return largest ? total + l.slack : total - l.slack;
}

const minus = (a: Linear, b: Linear): Linear => {
  const terms = new Map(a.terms);
  for (const [k, v] of b.terms) terms.set(k, (terms.get(k) ?? 0) - v);
  return { terms, constant: a.constant - b.constant, slack: a.slack + b.slack };
};

// ---- the properties ----------------------------------------------------------------------------

const where = (rule: LoadedVersion["rules"][number]) => ({ rule: rule.params.name, line: rule.params.range[0], column: rule.params.range[1] });

/** The values of the fields a rule reads (conditions and refund), in the event, by the policy's names. */
function fieldsRead(rule: LoadedVersion["rules"][number], event: Json, itemId: string): Record<string, unknown> {
  const paths = new Set<string>();
  const text = JSON.stringify([rule.conditions, rule.params.outcome.refund ?? null]);
  for (const m of text.matchAll(/"fact":"item","path":"(\w+)"/g)) paths.add(`item.${m[1]}`);
  for (const m of text.matchAll(/"fact":"event","path":"([\w.]+)"/g)) paths.add(m[1]!);
  for (const m of text.matchAll(/"(?:of|from|to|field)":"([\w.]+)"/g)) paths.add(m[1]!);
  if (rule.params.outcome.refund) for (const p of ["item.paid", "item.quantity", "item.requestedQuantity"]) paths.add(p);
  const order = event.order as { items: { id: string }[] };
  const request = event.request as { items: { id: string }[] };
  const line = order.items.findIndex((l) => l.id === itemId);
  const asked = request.items.findIndex((r) => r.id === itemId);
  const out: Record<string, unknown> = {};
  for (const path of [...paths].sort()) {
    let where = path;
    if (path === "item.requestedQuantity") where = `request.items[${asked}].quantity`;
    else if (path === "item.condition") where = `request.items[${asked}].condition`;
    else if (path === "item.value" || path === "item.refundable") continue;
    else if (path.startsWith("item.")) where = `order.items[${line}].${path.slice(5)}`;
    else if (path.startsWith("request.")) continue;
    out[path] = readIndexedPath(event, where);
  }
  return out;
}

function money(policy: LoadedPolicy, minor: number): string {
  return policy.versions[0]!.money(minor);
}

/** The item's line in a witness event, and whether nothing was refunded on it before. */
function lineOf(w: Witness): { quantity: number; paid: number; refunded: number } | undefined {
  const items = (w.event.order as { items: { id: string; quantity: number; paid: number; refunded?: number }[] }).items;
  const line = items.find((l) => l.id === w.itemId);
  return line ? { quantity: line.quantity, paid: line.paid, refunded: line.refunded ?? 0 } : undefined;
}

const itemOf = (d: Decision, id: string) => d.items.find((i) => i.id === id)!;

interface RuleContext {
  policy: LoadedPolicy;
  version: LoadedVersion;
  index: number;
  seeds: Json[];
  unreachable: ReadonlySet<string>;
  /** Whether a field may hold a negative number: the merchant's own fields unless typed money (the schema keeps built-in amounts and counts at zero or more). */
  mayBeNegative: (field: string) => boolean;
}

function firesProperty(ctx: RuleContext): { result: PropertyResult; witness?: Witness } {
  const rule = ctx.version.rules[ctx.index]!;
  const witness = findWitness(ctx.policy, ctx.version, ctx.index, ctx.seeds);
  const base = { property: "fires" as const, version: ctx.version.id, ...where(rule) };
  if (witness) return { result: { ...base, status: "proven", message: `decides item ${witness.itemId} of the event shown`, event: witness.event, item: witness.itemId, fields: fieldsRead(rule, witness.event, witness.itemId) }, witness };
  if (ctx.unreachable.has(`${ctx.version.id}/${rule.params.name}`)) {
    return { result: { ...base, status: "fails", message: `can never decide an item: an earlier rule always applies first (lint/unreachable-rule)` } };
  }
  return { result: { ...base, status: "unproven", message: "no event deciding it was found, and no proof that none exists" } };
}

/** Refund terms a rule can apply, and how to make an event reach them (a choice, a verdict). */
interface RefundVariant {
  terms: RefundTerms;
  /** Which terms, when not the rule's own: `option "Keep it"`, `if approved`. */
  label?: string;
  line?: number;
  column?: number;
  steer?: (event: Json) => Json;
}

/** A verdict dated after any request, so it is never refused for coming too early. */
const VERIFY_VERDICT = { outcome: "approve", by: "proviso verify", at: "9999-12-31T23:59:59Z" };

function refundVariants(rule: LoadedVersion["rules"][number]): RefundVariant[] {
  const o = rule.params.outcome;
  if (o.options) {
    return o.options.filter((x) => x.outcome.refund).map((x) => ({
      terms: x.outcome.refund!, label: `option "${x.label}"`, line: x.range[0], column: x.range[1],
      steer: (e: Json) => ({ ...e, request: { ...(e.request as Json), choice: x.label } }),
    }));
  }
  const out: RefundVariant[] = [];
  if (o.decision === "approve" && o.refund) out.push({ terms: o.refund });
  const approved = o.ifApproved;
  if (approved?.outcome.refund) out.push({ terms: approved.outcome.refund, label: "if approved", line: approved.range[0], column: approved.range[1], steer: (e: Json) => ({ ...e, verdict: VERIFY_VERDICT }) });
  return out;
}

function refundProperties(ctx: RuleContext, witness: Witness | undefined): PropertyResult[] {
  const rule = ctx.version.rules[ctx.index]!;
  return refundVariants(rule).flatMap((variant) => {
    if (!variant.steer || !witness) return variantProperties(ctx, witness, variant);
    // The rule's witness, steered to these terms (the rule still decides it).
    const event = variant.steer(witness.event);
    const decision = evaluateSync(ctx.policy, event, { version: ctx.version.id }).value;
    const steered = decision?.items.some((i) => i.id === witness.itemId && i.rule.name === rule.params.name) ? { event, itemId: witness.itemId, decision } : undefined;
    return variantProperties(ctx, steered, variant);
  });
}

function variantProperties(ctx: RuleContext, witness: Witness | undefined, variant: RefundVariant): PropertyResult[] {
  const rule = ctx.version.rules[ctx.index]!;
  const { terms } = variant;
  const out: PropertyResult[] = [];
  const bounds = boundsFrom(rule.conditions);
  const amount = linear(terms.amount);
  const itemDeductions = terms.deductions.filter((d) => d.scope !== "request");
  const deductionForms = itemDeductions.map((d) => linear(d.amount));
  const base: Omit<PropertyResult, "property" | "status" | "message"> = { version: ctx.version.id, ...where(rule) };
  if (variant.label) {
    base.terms = variant.label;
    if (variant.line !== undefined) base.line = variant.line;
    if (variant.column !== undefined) base.column = variant.column;
  }
  const value: Linear = { terms: new Map([["item.value", 1]]), constant: 0, slack: 0 };
  // Counterexamples are looked for from a witness of the rule, with nothing refunded on the line
  // before (earlier refunds are subtracted by design: that clamp is not what is checked here): first
  // by moving the money the refund reads (a small line, a partial quantity, large other amounts),
  // then by searching the rule's own conditions.
  const counterexample = (accept: (w: Witness) => boolean) => {
    const fresh = (w: Witness) => (lineOf(w)?.refunded ?? 1) === 0 && accept(w);
    if (witness) {
      const probed = probeMoney(ctx, witness, [terms.amount, ...itemDeductions.map((d) => d.amount), ...(terms.cap ? [terms.cap] : [])], fresh);
      if (probed) return probed;
    }
    const seeds = witness ? [witness.event, ...ctx.seeds] : ctx.seeds;
    return findWitness(ctx.policy, ctx.version, ctx.index, seeds, variant.steer ? { budget: 600, accept: fresh, steer: variant.steer } : { budget: 600, accept: fresh });
  };

  // The amount written, at most what was paid for the units asked for.
  {
    const fixed = itemDeductions.filter((d) => d.when === undefined);
    const fixedForms = fixed.map((d) => linear(d.amount));
    const written = amount && fixedForms.every((l) => l) ? fixedForms.reduce<Linear>((acc, l) => minus(acc, l!), amount) : undefined;
    const cap = terms.cap ? linear(terms.cap) : undefined;
    const proof = (l: Linear | undefined) => l !== undefined && extreme(minus(l, value), bounds, true) < 1;
    // Deductions that are never negative only lower the refund: the amount alone bounding it is enough.
    const deductionsLower = itemDeductions.every((d) => nonNegative(d.amount, ctx.mayBeNegative));
    if (proof(written) || proof(cap) || (deductionsLower && proof(amount))) {
      out.push({ ...base, property: "within-share", status: "proven", message: "the refund it writes is never more than what was paid for the units asked for" });
    } else {
      const found = counterexample((w) => itemOf(w.decision, w.itemId).refund.limitedBy === "refundable");
      if (found) {
        const item = itemOf(found.decision, found.itemId);
        const line = lineOf(found)!;
        out.push({
          ...base, property: "within-share", status: "fails", event: found.event, item: found.itemId, fields: fieldsRead(rule, found.event, found.itemId),
          message: `writes a refund above what was paid for the units asked for, and the runtime lowers it to ${money(ctx.policy, item.refund.amount)} without a word: with ${line.quantity === 1 ? "one unit" : `${line.quantity} units`} paid ${money(ctx.policy, line.paid)}, the rule's refund is ${money(ctx.policy, item.refund.base)}${item.refund.deductions.length ? " before deductions" : ""}`,
        });
      } else out.push({ ...base, property: "within-share", status: "unproven", message: amount ? "the bounds of the refund's fields could not show it (no counterexample was found either)" : "the refund multiplies or measures fields the analysis cannot bound (no counterexample was found either)" });
    }
  }

  // Never below zero before the runtime floors it at zero.
  if (itemDeductions.length || !amount || extreme(amount, bounds, false) <= -1) {
    const all = amount && deductionForms.every((l) => l) ? deductionForms.reduce<Linear>((acc, l) => minus(acc, l!), amount) : undefined;
    // Amounts are whole minor units, so anything above -1 (after the rounding slack) is at least 0.
    // One share of a field less a smaller share of the same field rounds to at least zero (rounding is monotonic).
    const sharesOf = (e: MoneyExpr) => ("percent" in e && "field" in e.percent.of ? { field: e.percent.of.field, bp: e.percent.bp } : "field" in e ? { field: e.field, bp: 10_000 } : undefined);
    const share = sharesOf(terms.amount);
    // …and so does one less the smaller of anything and such a share (`minus smaller of deposit and item`).
    const boundedByShare = (d: MoneyExpr): boolean => {
      const s = sharesOf(d);
      if (s) return share !== undefined && s.field === share.field && s.bp <= share.bp;
      return "min" in d && d.min.some(boundedByShare);
    };
    const monotonic = share !== undefined && itemDeductions.length === 1 && boundedByShare(itemDeductions[0]!.amount) && itemDeductions.every((d) => nonNegative(d.amount, ctx.mayBeNegative));
    if ((all && extreme(all, bounds, false) > -1) || (!itemDeductions.length && nonNegative(terms.amount, ctx.mayBeNegative)) || monotonic) {
      out.push({ ...base, property: "not-negative", status: "proven", message: "its deductions never take the refund below zero" });
    } else {
      const found = counterexample((w) => itemOf(w.decision, w.itemId).refund.limitedBy === "zero");
      if (found) {
        const item = itemOf(found.decision, found.itemId);
        const taken = item.refund.deductions.reduce((n, d) => n + d.amount, 0);
        out.push({
          ...base, property: "not-negative", status: "fails", event: found.event, item: found.itemId, fields: fieldsRead(rule, found.event, found.itemId),
          message: taken > 0 && item.refund.base >= 0
            ? `its deductions (${money(ctx.policy, taken)}) exceed the refund (${money(ctx.policy, item.refund.base)}): the runtime refunds nothing rather than a negative amount`
            : `the refund it writes goes below zero (${money(ctx.policy, item.refund.base - taken)}): the runtime refunds nothing rather than a negative amount`,
        });
      } else out.push({ ...base, property: "not-negative", status: "unproven", message: "the deductions could not be bounded against the refund (no counterexample was found either)" });
    }
  }

  if (terms.plusShipping) {
    out.push({ ...base, property: "shipping-within-paid", status: "proven", message: "`plus shipping` adds the order's shipping less what earlier requests refunded of it, once per request: never more than was paid" });
  }
  return out;
}

/** Whether an expression is never negative, whatever the event: sums, products and shares of amounts and counts (which the schema keeps at zero or more). */
function nonNegative(e: MoneyExpr, mayBeNegative: (field: string) => boolean): boolean {
  const each = (x: MoneyExpr) => nonNegative(x, mayBeNegative);
  if ("money" in e) return e.money >= 0;
  if ("moneyIn" in e) return Object.values(e.moneyIn).every((m) => m >= 0);
  if ("number" in e) return e.number >= 0;
  if ("field" in e) return !mayBeNegative(e.field);
  if ("percent" in e) return e.percent.bp >= 0 && each(e.percent.of);
  if ("add" in e) return e.add.every(each);
  if ("mul" in e) return e.mul.every(each);
  if ("div" in e) return e.div.every(each);
  if ("min" in e) return e.min.every(each);
  if ("max" in e) return e.max.some(each);
  if ("round" in e) return each(e.round.of);
  if ("table" in e) return e.table.rows.every(([, v]) => each(v)) && each(e.table.otherwise);
  if ("tableShare" in e) return e.tableShare.rows.every(([, bp]) => bp >= 0) && e.tableShare.otherwise >= 0 && each(e.tableShare.of);
  return false;
}

/** The fields, constants and spans of time a money expression reads. */
function moneyParts(e: MoneyExpr, fields = new Set<string>(), constants = new Set<number>(), spans: { from: string; to: string }[] = []): { fields: Set<string>; constants: Set<number>; spans: { from: string; to: string }[] } {
  if ("field" in e) fields.add(e.field);
  else if ("elapsed" in e) spans.push({ from: e.elapsed.from, to: e.elapsed.to });
  else if ("money" in e) constants.add(e.money);
  else if ("percent" in e) moneyParts(e.percent.of, fields, constants, spans);
  else if ("add" in e || "sub" in e || "mul" in e || "div" in e) for (const x of "add" in e ? e.add : "sub" in e ? e.sub : "mul" in e ? e.mul : e.div) moneyParts(x, fields, constants, spans);
  return { fields, constants, spans };
}

/**
 * Variations of a witness event on the money a refund reads: the line's paid amount made small (and
 * just around each fixed amount), a partial quantity asked for, the other amounts and counts made
 * large. The first variation the rule still decides and `accept` takes is returned.
 */
function probeMoney(ctx: RuleContext, witness: Witness, exprs: readonly MoneyExpr[], accept: (w: Witness) => boolean): Witness | undefined {
  const parts = { fields: new Set<string>(), constants: new Set<number>(), spans: [] as { from: string; to: string }[] };
  for (const e of exprs) moneyParts(e, parts.fields, parts.constants, parts.spans);
  const items = (witness.event.order as { items: { id: string }[] }).items;
  const line = items.findIndex((l) => l.id === witness.itemId);
  const asked = (witness.event.request as { items: { id: string }[] }).items.findIndex((r) => r.id === witness.itemId);
  if (line < 0 || asked < 0) return undefined;
  // Thresholds the version's conditions put on money (`item.paid <= USD 15.00`): probes land either side.
  const thresholds = new Set<number>();
  for (const rule of ctx.version.rules) {
    for (const m of JSON.stringify(rule.conditions).matchAll(/"path":"(?:request\.)?(?:paid|value|refundable|unitPrice)","operator":"\w+","value":(\d+)/g)) thresholds.add(Number(m[1]));
  }
  const paidValues = [...new Set([1, 99, 100, 1000, ...[...parts.constants, ...thresholds].flatMap((c) => [c - 1, c, c + 1])])].filter((v) => v >= 0);
  const quantities: [number, number][] = [[1, 1], [2, 1], [3, 1], [4, 1], [10, 1], [100, 1]];
  // Other amounts the refund reads: the event's own (a nightly rate) and the line's (its list price).
  const derived = new Set(["item.value", "item.refundable", "item.paid", "item.quantity", "item.requestedQuantity", "item.refunded"]);
  const others = [...parts.fields].filter((f) => !derived.has(f)).map((f) => (f.startsWith("item.") ? `order.items[${line}].${f.slice(5)}` : f));
  const probes: EventChange[][] = [];
  for (const paid of paidValues) {
    for (const [quantity, wanted] of quantities) {
      const base: EventChange[] = [
        { path: `order.items[${line}].paid`, value: paid }, { path: `order.items[${line}].quantity`, value: quantity },
        { path: `order.items[${line}].refunded`, value: 0 }, { path: `request.items[${asked}].quantity`, value: wanted },
      ];
      probes.push(base);
      // Other amounts the refund reads (a booking's nightly rate, a ticket's face value), made large.
      // Other amounts and counts the refund reads (a booking's nights and nightly rate, a ticket's face
      // value): every combination of none, one and many, for up to three of them.
      const levels = (f: string) => [0, 1, f.endsWith("nights") || f.endsWith("Quantity") ? 10 : 100_000];
      let combinations: EventChange[][] = [[]];
      for (const f of others.slice(0, 3)) combinations = combinations.flatMap((c) => levels(f).map((v) => [...c, { path: f, value: v }]));
      for (const c of combinations) if (c.length) probes.push([...base, ...c]);
    }
  }
  // Spans of time the refund counts (`days from request to period-end`): run backwards, and empty.
  for (const span of parts.spans) {
    const from = Date.parse(String(readIndexedPath(witness.event, span.from)));
    const to = Date.parse(String(readIndexedPath(witness.event, span.to)));
    if (Number.isNaN(from) || Number.isNaN(to)) continue;
    const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
    probes.push([{ path: span.to, value: iso(from - 2 * 86_400_000) }], [{ path: span.from, value: iso(to + 2 * 86_400_000) }], [{ path: span.to, value: iso(from) }]);
  }
  for (const changes of probes) {
    const event = applyChanges(witness.event, changes);
    const decision = evaluateSync(ctx.policy, event, { version: ctx.version.id }).value;
    if (!decision) continue;
    const item = decision.items.find((i) => i.id === witness.itemId);
    const w = { event, itemId: witness.itemId, decision };
    if (item?.rule.name === ctx.version.rules[ctx.index]!.params.name && accept(w)) return w;
  }
  return undefined;
}

function versionsProperty(policy: LoadedPolicy): PropertyResult {
  const spans = policy.versions.map((v, i) => {
    const next = policy.versions[i + 1];
    return `"${v.id}" from ${v.effectiveFrom ?? "the beginning"}${next ? ` until ${next.effectiveFrom}` : " on"}`;
  });
  return { property: "versions-disjoint", status: "proven", version: policy.versions.map((v) => v.id).join(", "), message: `exactly one version is in force at any instant: ${spans.join("; ")}` };
}

export interface VerifyOptions {
  /** Events to start searches from, besides a plain one built for the policy (for instance its tests' events). */
  seeds?: unknown[];
  /** Rules the linter proves can never apply, as `version/rule name`. */
  unreachable?: ReadonlySet<string>;
}

/** Verifies every rule of every version of a loaded policy. */
export function verifyPolicy(policy: LoadedPolicy, options: VerifyOptions = {}): VerifyReport {
  const seeds = [plainEvent(policy.artifact as Artifact), ...((options.seeds ?? []) as Json[])];
  const results: PropertyResult[] = [];
  const signed = new Set((policy.artifact.customFields ?? []).filter((f) => f.type !== "money").map((f) => f.path));
  const mayBeNegative = (field: string) => signed.has(field);
  for (const version of policy.versions) {
    version.rules.forEach((_, index) => {
      const ctx: RuleContext = { policy, version, index, seeds, unreachable: options.unreachable ?? new Set(), mayBeNegative };
      const fires = firesProperty(ctx);
      results.push(fires.result);
      results.push(...refundProperties(ctx, fires.witness));
    });
  }
  results.push(versionsProperty(policy));
  return { policy: policy.artifact.policy.name, results };
}
