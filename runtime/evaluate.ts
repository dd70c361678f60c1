// Evaluating one event: copy and check it (schema, then sense), pick the policy version, decide each
// requested item (first matching rule in file order) with the fast evaluator or json-rules-engine, then
// one pass in request order applies money: deductions, once-per-request charges, caps, clamping,
// request-level adjustments.

import { outcomeVariants, type ActionType, type Channel, type JreCondition, type MoneyExpr, type OfferSpec, type OutcomeSpec, type RangeTuple, type RefundMethod, type RefundTimeline, type RuleParams, type Template } from "./artifact.js";
import type { Action, Adjustment, AppliedVerdict, ConditionTrace, Decision, Deducted, ItemDecision, ItemExplanation, OutcomeSummary, RuleTrace, Timeline } from "./decision.js";
import type { Code } from "./codes.js";
import { counterfactualsOf } from "./counterfactuals.js";
import { checkCustomFields, eventShapeProblems, vocabularyProblems } from "./custom-fields.js";
import { error, type Diagnostic, type Staged } from "./diagnostic.js";
import { eventView, instantAt, itemView, type ItemView, type OrderLine, type RequestLine } from "./facts.js";
import { fieldReader } from "./fields.js";
import { readInstants, timestampProblems, timestampSlot } from "./instants.js";
import type { EvaluatedAtom, FactContext } from "./fast.js";
import type { LoadedPolicy, LoadedVersion } from "./load.js";
import { divideRounded, moneyFormatter, percentOf, roundToMultiple, type Rounding } from "./money.js";
import { OPERATORS } from "./operators.js";
import { readPath } from "./paths.js";
import { describePlainData, isPlainWhereOpen } from "./plain-data.js";
import { eventMatchesSchema } from "./validate.js";
import { DAY, HOUR, MINUTE, parseInstant } from "./time.js";
import { dateInWords, durationInWords, formatIn, instantInWords, listInWords, monthDayInWords, type Reading } from "./words.js";
import { withDefaults } from "./defaults.js";

export interface EvaluateOptions {
  /** Build the explanation (default true). Switch off where only the decision is needed. */
  explain?: boolean;
  /** Use the version in force at this instant instead of at the order's placedAt. */
  asOf?: string;
  /** Use this version (by id) whatever the order's date, as replay does. */
  version?: string;
  /**
   * Which evaluator runs the rules: "fast" (default; synchronous closures built at load) or "jre"
   * (json-rules-engine itself, the reference). Both give identical decisions and explanations.
   */
  engine?: "fast" | "jre";
  /**
   * Add the nearest changes to the event that would change each item's outcome or refund
   * (`decision.counterfactuals`). Costs a few dozen more decisions; off by default.
   */
  counterfactuals?: boolean;
}

type Json = Record<string, unknown>;

/** A problem found while computing a decision; turned into a diagnostic at the edge of evaluate(). */
class EvaluationProblem extends Error {
  constructor(readonly code: Code, message: string, readonly path?: string) {
    super(message);
  }
}

/**
 * The event's shape: plain data within the limits, then the schema, then the policy's vocabulary.
 * Nothing is copied: the event is validated and read in place, and the runtime's additions (defaults,
 * request facts) go into a view (see defaults.ts, facts.ts), so the caller's object is never changed.
 * It must not change while a decision is being made.
 */
function checkShape(input: Json, artifact: LoadedPolicy["artifact"]): Staged<Instants> {
  // Most events are fine: their plain-data check is cut to what the schema does not check (see plain-data.ts).
  if (isPlainWhereOpen(input) && eventMatchesSchema(input)) {
    // The timestamps are read here, once (the validator leaves their pattern to this): see instants.ts.
    const instants = readInstants(input);
    const timestamps = timestampProblems(input, instants);
    const vocabulary = vocabularyProblems(input, artifact);
    if (!timestamps.length && !vocabulary.length) return { value: instants, diagnostics: [] };
    return { value: undefined, diagnostics: [...timestamps, ...vocabulary] };
  }
  const plain = describePlainData(input);
  return { value: undefined, diagnostics: plain.length ? plain : eventShapeProblems(input, artifact) };
}

/**
 * Timestamps that must come in this order, [earlier, later], compared when both are present: what the
 * event reports has happened by the time of the request. A parcel delivered after the request (or
 * before it shipped) would make "within 30 days of delivery" measure a negative time and approve on
 * it, so such an event is refused rather than decided.
 */
const TIME_ORDER_PATHS: readonly (readonly [string, string])[] = [
  ["order.placedAt", "at"],
  ["order.placedAt", "order.shipping.shippedAt"],
  ["order.shipping.shippedAt", "order.shipping.deliveredAt"],
  ["order.placedAt", "order.shipping.deliveredAt"],
  ["order.shipping.shippedAt", "at"],
  ["order.shipping.deliveredAt", "at"],
  ["order.placedAt", "delivery.restaurantAcceptedAt"],
  ["delivery.restaurantAcceptedAt", "at"],
  ["order.placedAt", "delivery.courierAssignedAt"],
  ["delivery.courierAssignedAt", "at"],
  ["booking.bookedAt", "at"],
  ["subscription.periodStart", "subscription.periodEnd"],
  // A reviewer decides on a request that has been made.
  ["at", "verdict.at"],
];
/** The same pairs by the slots readInstants gives them. */
const TIME_ORDER = TIME_ORDER_PATHS.map(([earlier, later]) => [earlier, later, timestampSlot(earlier)!, timestampSlot(later)!] as const);
const EARLIER_SLOTS = TIME_ORDER.map((pair) => pair[2]);
const LATER_SLOTS = TIME_ORDER.map((pair) => pair[3]);
const PLACED_AT = timestampSlot("order.placedAt")!;
const TIME_ORDER_HINT = "an event describes the order as it stood when the request was made: the order, then shipping, then delivery, then the request";

const EVENT_TYPE_FOR_KIND = { cancellation: "cancellation.requested", return: "return.requested", refund: "refund.requested" } as const;

/** The event's timestamps by slot (see instants.ts), each parsed once; facts take them from the view. */
type Instants = readonly (number | null | undefined)[];

/** Whether the timestamps come in order (almost every event's do: one pass over numbers). */
function inOrder(instants: Instants): boolean {
  for (let i = 0; i < EARLIER_SLOTS.length; i++) {
    const a = instants[EARLIER_SLOTS[i]!];
    const b = instants[LATER_SLOTS[i]!];
    if (typeof a === "number" && typeof b === "number" && a > b) return false;
  }
  return true;
}

/** The timestamps out of order, each told once, at the one to look at. */
function timeOrderProblems(event: Json, instants: Instants): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const [earlier, later, earlierSlot, laterSlot] of TIME_ORDER) {
    const a = instants[earlierSlot];
    const b = instants[laterSlot];
    if (typeof a !== "number" || typeof b !== "number" || a <= b) continue;
    // A request dated before its order is the one finding: everything else is then measured from it.
    if (reported.has("at") && (earlier === "at" || later === "at")) continue;
    // The path names the timestamp to look at: the request's own time and the order's are the anchors.
    const path = later === "at" && earlier !== "order.placedAt" ? earlier : later;
    // One finding per timestamp: the first rule it breaks is the one to fix.
    if (reported.has(path)) continue;
    reported.add(path);
    const message = later === "at" && earlier === "order.placedAt"
      ? "the request (at) is earlier than the order (order.placedAt)"
      : later === "at" ? `${earlier} (${readPath(event, earlier)}) is after the request (at ${readPath(event, "at")})`
        : `${later} (${readPath(event, later)}) is earlier than ${earlier} (${readPath(event, earlier)})`;
    out.push(error("event/time-order", message, { path, hint: TIME_ORDER_HINT }));
  }
  return out;
}


/**
 * Checks that go beyond the schema: ids, quantities, time order, currency, event type. Its value: the
 * order lines by id, read on the way.
 */
function checkSense(event: Json, policy: LoadedPolicy, instants: Instants): Staged<Map<string, OrderLine>> {
  const out: Diagnostic[] = [];
  const { kind, currency, currencies } = policy.artifact.policy;
  const order = event.order as Json & { items: OrderLine[]; shipping: Json };
  const request = event.request as { items: RequestLine[] };
  if (((order.shipping.refunded as number | undefined) ?? 0) > (order.shipping.paid as number)) {
    out.push(error("event/refunded-exceeds-paid", "the order has more shipping refunded than paid", { path: "order.shipping.refunded" }));
  }
  if (event.type !== EVENT_TYPE_FOR_KIND[kind]) {
    out.push(error("event/wrong-type", `a ${kind} policy decides ${EVENT_TYPE_FOR_KIND[kind]} events, not ${String(event.type)}`, { path: "type" }));
  }
  if (currencies ? !currencies.includes(order.currency as string) : order.currency !== currency) {
    out.push(error("event/currency-mismatch", `the order is in ${String(order.currency)} but the policy is written in ${(currencies ?? [currency]).join(", ")}`, { path: "order.currency" }));
  }
  if (!inOrder(instants)) out.push(...timeOrderProblems(event, instants));
  const status = order.status as string;
  if (status === "delivered" && order.shipping.deliveredAt === undefined) {
    out.push(error("event/missing-timestamp", "the order is delivered but order.shipping.deliveredAt is missing", { path: "order.shipping.deliveredAt" }));
  }
  if ((status === "shipped" || status === "out_for_delivery" || status === "delivered") && order.shipping.shippedAt === undefined) {
    out.push(error("event/missing-timestamp", `the order is ${status} but order.shipping.shippedAt is missing`, { path: "order.shipping.shippedAt" }));
  }
  const lines = new Map<string, OrderLine>();
  for (let i = 0; i < order.items.length; i++) {
    const line = order.items[i]!;
    if (lines.has(line.id)) out.push(error("event/duplicate-item", `order line id "${line.id}" appears twice`, { path: `order.items[${i}].id` }));
    lines.set(line.id, line);
    if ((line.refunded ?? 0) > line.paid) out.push(error("event/refunded-exceeds-paid", `line "${line.id}" has more refunded than paid`, { path: `order.items[${i}].refunded` }));
  }
  for (let i = 0; i < request.items.length; i++) {
    const r = request.items[i]!;
    const line = lines.get(r.id);
    // Requests name a handful of lines: looking back costs less than a set.
    for (let j = 0; j < i; j++) {
      if (request.items[j]!.id === r.id) {
        out.push(error("event/duplicate-item", `the request names item "${r.id}" twice`, { path: `request.items[${i}].id` }));
        break;
      }
    }
    if (!line) out.push(error("event/unknown-item", `the request names item "${r.id}", which is not a line of the order`, { path: `request.items[${i}].id` }));
    else if (r.quantity > line.quantity) {
      out.push(error("event/quantity-exceeds-order", `the request asks for ${r.quantity} of item "${r.id}" but ${line.quantity} were ordered`, { path: `request.items[${i}].quantity` }));
    }
  }
  return out.length ? { value: undefined, diagnostics: out } : { value: lines, diagnostics: out };
}

function chooseVersion(policy: LoadedPolicy, instant: number): LoadedVersion | undefined {
  let chosen: LoadedVersion | undefined;
  for (const v of policy.versions) if (v.effectiveFromMs <= instant) chosen = v;
  return chosen;
}

// ---- money ---------------------------------------------------------------------------------------

interface MoneyContext {
  view: Json;
  item: ItemView;
  where: string;
}

/**
 * A field as rules see it (with the schema's default), from the item view for `item.*`. Readers are
 * kept by the whole path as templates and amounts name it: one lookup per read.
 */
const fieldReaders = new Map<string, (view: Json, item: Json) => unknown>();

function readField(path: string, view: Json, item: Json): unknown {
  let read = fieldReaders.get(path);
  if (!read) {
    if (path.startsWith("item.")) {
      const fromItem = fieldReader(path.slice(5), true);
      read = (_view, itemView) => fromItem(itemView);
    } else {
      const fromView = fieldReader(path);
      read = (eventView) => fromView(eventView);
    }
    fieldReaders.set(path, read);
  }
  return read(view, item);
}

function fieldNumber(path: string, ctx: MoneyContext): number {
  const value = readField(path, ctx.view, ctx.item);
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new EvaluationProblem("eval/absent-value", `${ctx.where} needs ${path}, which this event does not have`, path);
  }
  return value;
}

function safe(n: number, ctx: MoneyContext): number {
  return checked(n, ctx.where);
}

/** Every sum of money goes through here: beyond 2^53 − 1 an amount is refused, never rounded. */
function checked(n: number, where: string): number {
  if (!Number.isSafeInteger(n)) throw new EvaluationProblem("eval/overflow", `${where}: an amount is beyond 2^53 − 1 minor units and cannot be computed exactly`);
  return n;
}

/** The value of a table's row whose key is the field's value (as text), or undefined for `otherwise`. */
function tableRow<T>(field: string, rows: readonly [string, T][], ctx: MoneyContext): T | undefined {
  const value = readField(field, ctx.view, ctx.item);
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return undefined;
  const key = String(value);
  for (const [k, v] of rows) if (k === key) return v;
  return undefined;
}

/**
 * Evaluates a money expression in integers. Every division and every percentage rounds where it
 * stands, half-up unless a `round` around it says otherwise; sums are checked to stay exact.
 */
export function evaluateMoney(expr: MoneyExpr, ctx: MoneyContext, mode: Rounding = "half-up"): number {
  if ("money" in expr) return expr.money;
  if ("moneyIn" in expr) {
    // Present for every policy currency (the checker and the loader see to it), and the order is in one.
    const currency = String((ctx.view.order as { currency?: unknown }).currency);
    const amount = expr.moneyIn[currency];
    if (amount === undefined) throw new EvaluationProblem("eval/absent-value", `${ctx.where} has no amount in ${currency}`, "order.currency");
    return amount;
  }
  if ("number" in expr) return expr.number;
  if ("field" in expr) return fieldNumber(expr.field, ctx);
  if ("add" in expr) return safe(evaluateMoney(expr.add[0], ctx, mode) + evaluateMoney(expr.add[1], ctx, mode), ctx);
  if ("sub" in expr) return safe(evaluateMoney(expr.sub[0], ctx, mode) - evaluateMoney(expr.sub[1], ctx, mode), ctx);
  if ("mul" in expr) return safe(evaluateMoney(expr.mul[0], ctx, mode) * evaluateMoney(expr.mul[1], ctx, mode), ctx);
  if ("div" in expr) {
    const divisor = evaluateMoney(expr.div[1], ctx, mode);
    if (divisor === 0) throw new EvaluationProblem("eval/division-by-zero", `${ctx.where} divides by zero`);
    return divideRounded(BigInt(evaluateMoney(expr.div[0], ctx, mode)), BigInt(divisor), mode);
  }
  if ("min" in expr) return Math.min(evaluateMoney(expr.min[0], ctx, mode), evaluateMoney(expr.min[1], ctx, mode));
  if ("max" in expr) return Math.max(evaluateMoney(expr.max[0], ctx, mode), evaluateMoney(expr.max[1], ctx, mode));
  if ("round" in expr) {
    const value = evaluateMoney(expr.round.of, ctx, expr.round.mode);
    if (!expr.round.to) return value;
    const unit = evaluateMoney(expr.round.to, ctx, expr.round.mode);
    if (unit <= 0) throw new EvaluationProblem("eval/division-by-zero", `${ctx.where} rounds to a multiple of ${unit}`);
    return safe(roundToMultiple(value, unit, expr.round.mode), ctx);
  }
  if ("table" in expr) {
    const t = expr.table;
    return evaluateMoney(tableRow(t.field, t.rows, ctx) ?? t.otherwise, ctx, mode);
  }
  if ("tableShare" in expr) {
    const t = expr.tableShare;
    return safe(percentOf(evaluateMoney(t.of, ctx, mode), tableRow(t.field, t.rows, ctx) ?? t.otherwise, mode), ctx);
  }
  if ("elapsed" in expr) {
    const from = instantAt(ctx.view, expr.elapsed.from);
    const to = instantAt(ctx.view, expr.elapsed.to);
    if (from === undefined) throw new EvaluationProblem("eval/absent-value", `${ctx.where} needs ${expr.elapsed.from}, which this event does not have`, expr.elapsed.from);
    if (to === undefined) throw new EvaluationProblem("eval/absent-value", `${ctx.where} needs ${expr.elapsed.to}, which this event does not have`, expr.elapsed.to);
    // Whole periods are counted down; started ones up (a period begun counts, none begun is zero).
    return (expr.elapsed.started ? Math.ceil((to - from) / expr.elapsed.unit) : Math.floor((to - from) / expr.elapsed.unit)) + 0;
  }
  return safe(percentOf(evaluateMoney(expr.percent.of, ctx, mode), expr.percent.bp, mode), ctx);
}

// ---- explanation ---------------------------------------------------------------------------------

interface EvaluatedCondition extends JreCondition {
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

/** A fact's value for people: durations in days and hours, dates and times in the policy's zone and locale, lists in words. */
function showFactValue(fact: string | undefined, value: unknown, reading: Reading): string {
  if (value === undefined || value === null) return "absent";
  if (typeof value === "number") {
    if (fact === "elapsed") return durationInWords(value);
    if (fact === "instant") return instantInWords(value, reading);
    if (fact === "localDate" || fact === "anchorDate") return dateInWords(value, reading);
    if (fact === "localMonthDay") return monthDayInWords(value, reading);
    if (fact === "calendarDays") return `${value} calendar day${value === 1 ? "" : "s"}`;
    return String(value);
  }
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.length ? listInWords(value, "and") : "none";
  return JSON.stringify(value);
}

/**
 * Marks the conditions a rule did not need: within `all`, those after the first false; within `any`,
 * those after the first true (the evaluators look at them all, so the explanation can show them, greyed).
 */
function markSkipped(tree: JreCondition, traces: ConditionTrace[]): ConditionTrace[] {
  // Traces follow the tree's atoms depth first: walked with a cursor, not looked up.
  let cursor = 0;
  const leaf = (name: string): ConditionTrace | undefined => {
    const next = traces[cursor];
    if (next?.name === name) {
      cursor++;
      return next;
    }
    return traces.find((t) => t.name === name);
  };
  const walk = (c: JreCondition, needed: boolean): boolean => {
    if (c.all) {
      let value = true;
      for (const child of c.all) value = walk(child, needed && value) && value;
      return value;
    }
    if (c.any) {
      let value = false;
      for (const child of c.any) value = walk(child, needed && !value) || value;
      return value;
    }
    if (c.not) return !walk(c.not, needed);
    if (c.name === undefined) return false;
    const trace = leaf(c.name);
    if (trace && !needed) trace.skipped = true;
    return trace?.result === true;
  };
  walk(tree, true);
  return traces;
}

/** The evaluated atoms of a json-rules-engine condition tree, depth first, as the fast evaluator lists them. */
function evaluatedAtoms(condition: EvaluatedCondition, out: EvaluatedCondition[] = []): EvaluatedCondition[] {
  for (const child of condition.all ?? condition.any ?? []) evaluatedAtoms(child, out);
  if (condition.not) evaluatedAtoms(condition.not, out);
  if (condition.fact !== undefined) out.push(condition);
  return out;
}

/** What an explanation says of a condition that does not depend on the event: its source and what it wants. */
interface StaticTrace {
  text: string;
  line: number;
  column: number;
  /** Undefined when what it wants is another fact's value (then written per event). */
  expected?: string;
}

/** Per condition (by its source info, the same object for both evaluators). */
const staticTraces = new WeakMap<object, StaticTrace>();

const UNARY_OPERATORS = new Set(["present", "absent", "isTrue", "isFalse"]);

function expectedText(condition: EvaluatedCondition, valueIsFact: boolean, showValue: (fact: string | undefined, value: unknown) => string): string {
  // "wanted gold", "wanted not gold", "wanted true": the operator's "is" goes without saying.
  const op = OPERATORS[condition.operator ?? ""];
  const said = (op?.text ?? condition.operator ?? "").replace(/^is( |$)/, "");
  if (UNARY_OPERATORS.has(condition.operator ?? "")) return said;
  const expectedValue = valueIsFact ? condition.valueResult : condition.value;
  const expectedFact = valueIsFact ? (condition.value as { fact: string }).fact : condition.fact;
  const text = Array.isArray(expectedValue) && condition.operator !== "between" && condition.operator !== "notBetween"
    ? listInWords(expectedValue.map((v) => showValue(expectedFact, v)), condition.operator === "has" || condition.operator === "lacks" ? "and" : "or")
    : Array.isArray(expectedValue) ? `${showValue(expectedFact, expectedValue[0])} and ${showValue(expectedFact, expectedValue[1])}` : showValue(expectedFact, expectedValue);
  return said ? `${said} ${text}` : text;
}

/** The canonical explanation of evaluated atoms: the same whichever evaluator produced them. */
function traceAtoms(atoms: readonly EvaluatedCondition[], info: RuleParams["conditions"], money: (minor: number) => string, reading: Reading): ConditionTrace[] {
  const out: ConditionTrace[] = [];
  // How values are shown: amounts in the policy's money, everything else in words.
  const showOther = (fact: string | undefined, value: unknown) => showFactValue(fact, value, reading);
  const showMoney = (fact: string | undefined, value: unknown) => (typeof value === "number" ? money(value) : showOther(fact, value));
  for (const condition of atoms) {
    if (condition.name === undefined) continue;
    const source = info[condition.name];
    const showValue = source?.money ? showMoney : showOther;
    const valueIsFact = condition.value !== null && typeof condition.value === "object" && !Array.isArray(condition.value);
    // The source text and what the condition wants are the same on every event: worked out once.
    let fixed = source && staticTraces.get(source);
    if (!fixed) {
      fixed = { text: source?.text ?? condition.name, line: source?.range[0] ?? 0, column: source?.range[1] ?? 0 };
      if (!valueIsFact) fixed.expected = expectedText(condition, false, showValue);
      if (source) staticTraces.set(source, fixed);
    }
    const trace: ConditionTrace = {
      name: condition.name,
      text: fixed.text,
      line: fixed.line,
      column: fixed.column,
      actualText: showValue(condition.fact, condition.factResult),
      expected: fixed.expected ?? expectedText(condition, valueIsFact, showValue),
      result: condition.result === true,
    };
    if (condition.factResult !== undefined) trace.actual = condition.factResult;
    const absent = condition.operator !== "present" && condition.operator !== "absent" && (condition.factResult === undefined || condition.factResult === null || (valueIsFact && (condition.valueResult === undefined || condition.valueResult === null)));
    if (absent) trace.absent = true;
    out.push(trace);
  }
  return out;
}

// ---- templates -----------------------------------------------------------------------------------

interface RenderContext {
  view: Json;
  item: ItemView;
  itemRefund: number;
  total: number;
  timeline: string;
  money: (minor: number) => string;
  /** The version's zone and locale (one object per version: formatters are found by it). */
  reading: Reading;
}

function render(template: Template, ctx: RenderContext): string {
  let out = "";
  for (const part of template) {
    if ("text" in part) out += part.text;
    else if ("refund" in part) out += part.refund === "timeline" ? ctx.timeline : ctx.money(part.refund === "item" ? ctx.itemRefund : ctx.total);
    else {
      const value = readField(part.field, ctx.view, ctx.item);
      if (value === undefined || value === null) continue;
      if (part.format === "money" && typeof value === "number") out += ctx.money(value);
      else if ((part.format === "date" || part.format === "datetime") && typeof value === "string") {
        const ms = parseInstant(value);
        out += ms === undefined ? value : formatInstant(ms, part.format, ctx);
      } else out += String(value);
    }
  }
  return out;
}

function formatInstant(ms: number, format: "date" | "datetime", ctx: RenderContext): string {
  return formatIn(ctx.reading, format === "date" ? "longDate" : "longDateTime", ms);
}

// ---- evaluation ----------------------------------------------------------------------------------

interface ItemRun {
  line: OrderLine;
  request: RequestLine;
  view: ItemView;
  rule: { name: string; params: RuleParams };
  clauses: Set<string>;
  explanation?: ItemExplanation;
}

/** Runs the version's engine once no other run on it is in flight (see LoadedVersion.queue). */
function runExclusive(version: LoadedVersion, facts: Record<string, unknown>) {
  const run = version.queue.then(() => version.engine.run(facts));
  version.queue = run.catch(() => undefined);
  return run;
}

async function decideItem(version: LoadedVersion, view: Json, line: OrderLine, request: RequestLine, explain: boolean, money: (minor: number) => string): Promise<ItemRun> {
  const item = itemView(line, request);
  const run = await runExclusive(version, { event: view, item });
  const matched = new Set<string>();
  const clauses = new Set<string>();
  for (const result of run.results) {
    const params = (result.event as { params?: { clause?: string } }).params;
    if (result.event?.type === "proviso.clause" && params?.clause) clauses.add(params.clause);
    else if (result.name !== undefined) matched.add(String(result.name));
  }
  const decider = version.rules.find((r) => matched.has(r.name));
  if (!decider) throw new EvaluationProblem("eval/no-rule-matched", `no rule of version "${version.id}" matched item "${line.id}"`);
  const out: ItemRun = { line, request, view: item, rule: decider, clauses };
  if (explain) {
    const byName = new Map([...run.results, ...run.failureResults].map((r) => [String(r.name), r]));
    const rules: RuleTrace[] = [];
    for (const rule of version.rules) {
      if (rule.params.index > decider.params.index) break;
      const evaluated = byName.get(rule.name);
      const conditions = evaluated ? markSkipped(rule.conditions, traceAtoms(evaluatedAtoms(evaluated.conditions as unknown as EvaluatedCondition), rule.params.conditions, money, version.reading)) : [];
      rules.push({ rule: rule.params.name, line: rule.params.range[0], matched: matched.has(rule.name), conditions });
    }
    out.explanation = { id: line.id, version: version.id, rules };
  }
  return out;
}

/** Most items meet no conditional deduction: they share this set, which nothing adds to. */
const NO_CLAUSES: Set<string> = new Set();

/** The fast evaluator's decideItem: rules in file order, stopping at the first that matches. */
function decideItemFast(version: LoadedVersion, view: Json, line: OrderLine, request: RequestLine, explain: boolean, facts: Map<number, unknown>, memo: (boolean | undefined)[], money: (minor: number) => string): ItemRun {
  const item = itemView(line, request);
  const ctx: FactContext = { view, item, facts, memo };
  const rules: RuleTrace[] | undefined = explain ? [] : undefined;
  // Without an explanation, a large version goes straight to the rules the event can match.
  const from = !explain && version.ruleIndex ? version.ruleIndex.firstMatch(ctx, version.fastRules) : 0;
  for (let i = from; i < version.rules.length; i++) {
    const rule = version.rules[i]!;
    const atoms: EvaluatedAtom[] | undefined = explain ? [] : undefined;
    const matched = version.fastRules[i]!(ctx, atoms);
    if (atoms) rules!.push({ rule: rule.params.name, line: rule.params.range[0], matched, conditions: markSkipped(rule.conditions, traceAtoms(atoms, rule.params.conditions, money, version.reading)) });
    if (!matched) continue;
    let clauses: Set<string> = NO_CLAUSES;
    const outcome = rule.params.outcome;
    // Every outcome a choice or a verdict may lead to: the one in effect is settled later.
    for (const variant of outcome.options || outcome.ifApproved || outcome.ifDeclined ? outcomeVariants(outcome) : [outcome]) {
      for (const d of variant.refund?.deductions ?? []) {
        if (d.when !== undefined && version.fastClauses.get(d.when)?.(ctx, undefined)) {
          if (clauses === NO_CLAUSES) clauses = new Set();
          clauses.add(d.when);
        }
      }
    }
    const out: ItemRun = { line, request, view: item, rule, clauses };
    if (rules) out.explanation = { id: line.id, version: version.id, rules };
    return out;
  }
  throw new EvaluationProblem("eval/no-rule-matched", `no rule of version "${version.id}" matched item "${line.id}"`);
}

interface Tally {
  money: (minor: number) => string;
  /** Made when first needed: most requests have no such charges. */
  firstItemCharges?: Set<string>;
  requestFees?: Map<string, Adjustment>;
  /** `plus ... "label"`: added once per request, by label. */
  additions?: Map<string, Adjustment>;
  shipping?: Adjustment;
  /** Store-credit refunds that earn the bonus, and the bonus rate (the first approval's). */
  creditForBonus: number;
  bonusBp?: number;
}

/** A reviewer's amount for an item, and where in the event it was written. */
interface ReviewerAmount {
  amount: number;
  path: string;
}

function itemMoney(run: ItemRun, outcome: OutcomeSpec, view: Json, tally: Tally, shippingPaid: number, adjustment: ReviewerAmount | undefined): ItemDecision["refund"] {
  const terms = outcome.refund;
  if (outcome.decision !== "approve" || !terms) return { amount: 0, method: null, base: 0, deductions: [] };
  const ctx: MoneyContext = { view, item: run.view, where: `rule "${run.rule.params.name}"` };
  const base = evaluateMoney(terms.amount, ctx);
  const deductions: Deducted[] = [];
  for (const d of terms.deductions) {
    if (d.when !== undefined && !run.clauses.has(d.when)) continue;
    const amount = evaluateMoney(d.amount, { ...ctx, where: `the deduction "${d.label}"` });
    if (d.scope === "item") deductions.push({ label: d.label, amount });
    else if (d.scope === "first-item") {
      tally.firstItemCharges ??= new Set();
      if (tally.firstItemCharges.has(d.label)) continue;
      tally.firstItemCharges.add(d.label);
      deductions.push({ label: d.label, amount });
    } else if (!(tally.requestFees ??= new Map()).has(d.label)) {
      tally.requestFees.set(d.label, { kind: "fee", label: d.label, amount: -amount, method: terms.method });
    }
  }
  let amount = deductions.reduce((sum, d) => checked(sum - d.amount, `rule "${run.rule.params.name}"`), base);
  let limitedBy: ItemDecision["refund"]["limitedBy"];
  if (terms.cap) {
    const cap = evaluateMoney(terms.cap, { ...ctx, where: "the cap" });
    if (amount > cap) {
      amount = cap;
      limitedBy = "cap";
    }
  }
  // Never more than the share of the line asked for, nor more than is still refundable on it: a
  // policy that says `refund 100% of item.paid` for one of two units refunds one unit.
  const ceiling = Math.min(run.view.value, run.view.refundable);
  if (amount > ceiling) {
    amount = ceiling;
    limitedBy = "refundable";
  }
  if (amount < 0) {
    amount = 0;
    limitedBy = "zero";
  }
  let bounds: { low: number; high: number } | undefined;
  if (terms.adjustable) {
    // Bounds obey the same limits as any refund: never above what can be refunded, never below zero.
    const low = evaluateMoney(terms.adjustable.low, { ...ctx, where: "the lower bound of `adjustable between`" });
    const high = evaluateMoney(terms.adjustable.high, { ...ctx, where: "the upper bound of `adjustable between`" });
    const top = Math.max(0, Math.min(high, ceiling));
    bounds = { low: Math.min(Math.max(0, low), top), high: top };
  }
  let adjusted = false;
  if (adjustment) {
    const b = bounds ?? { low: amount, high: amount };
    if (adjustment.amount < b.low || adjustment.amount > b.high) {
      const money = tally.money;
      const message = bounds
        ? `the reviewer's amount for item "${run.line.id}" (${money(adjustment.amount)}) is outside what rule "${run.rule.params.name}" allows: ${money(b.low)} to ${money(b.high)}`
        : `rule "${run.rule.params.name}" allows no adjustment of item "${run.line.id}" (its refund is ${money(amount)}); the reviewer gave ${money(adjustment.amount)}`;
      throw new EvaluationProblem("event/verdict-out-of-bounds", message, adjustment.path);
    }
    amount = adjustment.amount;
    adjusted = true;
    limitedBy = undefined;
  }
  if (terms.plusShipping && !tally.shipping) {
    // `plus shipping up to ...`: the cap is on the shipping, never on the item.
    const cap = terms.shippingCap ? evaluateMoney(terms.shippingCap, { ...ctx, where: "the shipping cap" }) : Number.POSITIVE_INFINITY;
    tally.shipping = { kind: "shipping", label: "shipping", amount: Math.max(0, Math.min(shippingPaid, cap)), method: terms.method };
  }
  for (const a of terms.additions ?? []) {
    tally.additions ??= new Map();
    if (tally.additions.has(a.label)) continue;
    const where = { ...ctx, where: `"${a.label}"` };
    const amount = evaluateMoney(a.amount, where);
    const cap = a.cap ? evaluateMoney(a.cap, { ...ctx, where: `the cap of "${a.label}"` }) : Number.POSITIVE_INFINITY;
    tally.additions.set(a.label, { kind: "addition", label: a.label, amount: Math.max(0, Math.min(amount, cap)), method: terms.method });
  }
  if (terms.bonusBp && terms.method === "store_credit") {
    tally.bonusBp ??= terms.bonusBp;
    tally.creditForBonus = checked(tally.creditForBonus + amount, "the store-credit bonus");
  }
  // One rule for the item and the request: the method says how money is paid, so nothing paid has none.
  const refund: ItemDecision["refund"] = { amount, method: amount > 0 ? terms.method : null, base, deductions };
  if (limitedBy) refund.limitedBy = limitedBy;
  if (bounds) refund.bounds = bounds;
  if (adjusted) refund.adjusted = true;
  return refund;
}

function asDiagnostics(e: unknown): Staged<Decision> {
  if (e instanceof EvaluationProblem) return { value: undefined, diagnostics: [error(e.code, e.message, e.path ? { path: e.path } : {})] };
  return { value: undefined, diagnostics: [error("eval/internal", `internal error while evaluating: ${(e as Error)?.message ?? String(e)}`)] };
}

/** Decides an event against a loaded policy. Never throws on bad input: problems come back as diagnostics. */
export async function evaluate(policy: LoadedPolicy, input: unknown, options: EvaluateOptions = {}): Promise<Staged<Decision>> {
  if (options.engine !== "jre") return evaluateSync(policy, input, options);
  try {
    const prepared = prepare(policy, input, options);
    if ("diagnostics" in prepared) return prepared;
    const runs: ItemRun[] = [];
    for (const request of prepared.requestLines) runs.push(await decideItem(prepared.version, prepared.view, prepared.lines.get(request.id)!, request, prepared.explain, prepared.money));
    return withCounterfactuals(policy, prepared.version, input, assemble(policy, prepared, runs, options), options);
  } catch (e) {
    return asDiagnostics(e);
  }
}

/** Adds the counterfactuals when asked; they are found with the fast evaluator (the same decisions). */
function withCounterfactuals(policy: LoadedPolicy, version: LoadedVersion, input: unknown, result: Staged<Decision>, options: EvaluateOptions): Staged<Decision> {
  if (!options.counterfactuals || !result.value) return result;
  const decision = result.value;
  const explained = decision.explanation ? decision : evaluateSync(policy, input, { ...options, explain: true, counterfactuals: false, engine: "fast" }).value!;
  const decide = (event: unknown) => evaluateSync(policy, event, { version: version.id, explain: false }).value;
  decision.counterfactuals = counterfactualsOf(policy, version, input as Record<string, unknown>, explained, decide);
  return result;
}

/** The fast evaluator, synchronously: for bulk work (replay) and latency-sensitive services. */
export function evaluateSync(policy: LoadedPolicy, input: unknown, options: EvaluateOptions = {}): Staged<Decision> {
  try {
    const prepared = prepare(policy, input, options);
    if ("diagnostics" in prepared) return prepared;
    // Derived facts (times since delivery, local dates) are worked out once per decision, for every item and rule,
    // and so are the results of conditions on the event alone.
    const facts = new Map<number, unknown>();
    const memo: (boolean | undefined)[] = [];
    const runs: ItemRun[] = [];
    for (const request of prepared.requestLines) runs.push(decideItemFast(prepared.version, prepared.view, prepared.lines.get(request.id)!, request, prepared.explain, facts, memo, prepared.money));
    return withCounterfactuals(policy, prepared.version, input, assemble(policy, prepared, runs, options), options);
  } catch (e) {
    return asDiagnostics(e);
  }
}

interface Prepared {
  event: Json;
  view: Json;
  version: LoadedVersion;
  lines: Map<string, OrderLine>;
  requestLines: RequestLine[];
  order: Json & { items: OrderLine[]; shipping: { paid: number; refunded?: number } };
  explain: boolean;
  /** The order's currency (one of the policy's), in which every amount is shown. */
  currency: string;
  money: (minor: number) => string;
}

/** Everything before rules run: checks, version choice, views. */
function prepare(policy: LoadedPolicy, input: unknown, options: EvaluateOptions): Prepared | { value: undefined; diagnostics: Diagnostic[] } {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { value: undefined, diagnostics: [error("event/invalid", "an event must be a JSON object", { path: "" })] };
  }
  // The schema's problems and the vocabulary's (values and sections the policy adds) are told together.
  const shape = checkShape(input as Json, policy.artifact);
  if (!shape.value) return { value: undefined, diagnostics: shape.diagnostics };
  const instants = shape.value;
  // Read in place. The fast evaluator's readers supply the schema's defaults as they read; for
  // json-rules-engine, which reads paths itself, they are put in a view (shallow copies where missing).
  const event = options.engine === "jre" ? withDefaults(input as Json) : (input as Json);
  const custom = checkCustomFields(event, policy.artifact.customFields ?? []);
  if (custom.length) return { value: undefined, diagnostics: custom };
  const sense = checkSense(event, policy, instants);
  if (!sense.value) return { value: undefined, diagnostics: sense.diagnostics };
  const lines = sense.value;

  const order = event.order as Json & { items: OrderLine[]; shipping: { paid: number; refunded?: number } };
  const requestLines = (event.request as { items: RequestLine[] }).items;
  let versionInstant = instants[PLACED_AT]!;
  if (options.asOf !== undefined) {
    const asOf = parseInstant(options.asOf);
    if (asOf === undefined) return { value: undefined, diagnostics: [error("eval/invalid-as-of", `as-of "${options.asOf}" is not an ISO-8601 date-time with offset`)] };
    versionInstant = asOf;
  }
  const version = options.version !== undefined ? policy.versions.find((v) => v.id === options.version) : chooseVersion(policy, versionInstant);
  if (!version && options.version !== undefined) {
    return { value: undefined, diagnostics: [error("eval/unknown-version", `the policy has no version "${options.version}" (it has ${policy.versions.map((v) => `"${v.id}"`).join(", ")})`)] };
  }
  if (!version) {
    const first = policy.versions[0]?.effectiveFrom;
    return {
      value: undefined,
      diagnostics: [error("policy/no-version-in-force", `no version of policy "${policy.artifact.policy.name}" was in force at ${options.asOf ?? String(order.placedAt)} (the first takes effect ${first})`, { path: options.asOf ? undefined : "order.placedAt" })],
    };
  }

  const view = eventView(event, lines, instants);
  // request.value sums the lines asked for; rules compare it, so it must be exact too.
  checked((view.request as { value: number }).value, "request.value");
  const currency = order.currency as string;
  const money = currency === policy.artifact.policy.currency ? version.money : moneyFormatter(currency, policy.artifact.policy.locale);
  return { event, view, version, lines, requestLines, order, explain: options.explain !== false, currency, money };
}

// ---- choices and verdicts ------------------------------------------------------------------------

/** The reviewer's verdict as the event carries it. */
interface Verdict {
  outcome: "approve" | "decline";
  by: string;
  at: string;
  note?: string;
  amounts?: { id: string; amount: number }[];
}

/** What steers an item beyond its rule: the customer's choice among options, a reviewer's verdict. */
interface Selection {
  choice?: string;
  verdict?: Verdict;
}

/** A decline whose rule says nothing more: no refund, no reason beyond the review's outcome. */
const DECLINED: OutcomeSpec = { decision: "deny", keepItem: false, actions: [] };

interface Effective {
  outcome: OutcomeSpec;
  option?: OfferSpec;
  /** The verdict applied, and the range of the terms it led to (the rule's, for a bare decline). */
  verdict?: { range: RangeTuple };
}

/** The outcome in effect for an item: its rule's own, the chosen (or default) option's, or a verdict's. */
function effectiveOutcome(run: ItemRun, selection: Selection): Effective {
  const spec = run.rule.params.outcome;
  if (spec.options) {
    const chosen = spec.options.find((o) => o.label === selection.choice) ?? spec.options.find((o) => o.default) ?? spec.options[0]!;
    return { outcome: chosen.outcome, option: chosen };
  }
  if (spec.decision !== "review" || !selection.verdict) return { outcome: spec };
  if (selection.verdict.outcome === "approve") {
    if (!spec.ifApproved) {
      throw new EvaluationProblem("event/verdict-without-terms", `the reviewer approved item "${run.line.id}", but rule "${run.rule.params.name}" does not say what an approval gives (it has no \`if approved\`)`, "verdict.outcome");
    }
    return { outcome: spec.ifApproved.outcome, verdict: { range: spec.ifApproved.range } };
  }
  return { outcome: spec.ifDeclined?.outcome ?? DECLINED, verdict: { range: spec.ifDeclined?.range ?? run.rule.params.range } };
}

const UNIT_MINUTES: Record<RefundTimeline["unit"], number> = { second: 1 / 60, minute: 1, hour: HOUR / MINUTE, day: DAY / MINUTE, week: (7 * DAY) / MINUTE };

function timelineOf(t: RefundTimeline): Timeline {
  return { ...t, text: `within ${t.amount} ${t.business ? "business " : ""}${t.unit}${t.amount === 1 ? "" : "s"}` };
}

/** For picking the longest timeline: a business day is at least a day, and five of them span a week. */
function timelineLength(t: RefundTimeline): number {
  return t.amount * UNIT_MINUTES[t.unit] * (t.business ? 1.4 : 1);
}

/** Checks the choice and the verdict against what the rules decided: both must fit, or nothing is decided. */
function checkSelection(runs: ItemRun[], selection: Selection): void {
  if (selection.choice !== undefined) {
    const offered = new Set(runs.flatMap((r) => r.rule.params.outcome.options?.map((o) => o.label) ?? []));
    if (!offered.has(selection.choice)) {
      const list = [...offered].map((l) => `"${l}"`).join(", ");
      throw new EvaluationProblem("event/unknown-choice", `the customer chose "${selection.choice}", but ${offered.size ? `the options are ${list}` : "no rule deciding this request offers options"}`, "request.choice");
    }
  }
  const verdict = selection.verdict;
  if (!verdict) return;
  const inReview = new Set(runs.filter((r) => r.rule.params.outcome.decision === "review").map((r) => r.line.id));
  if (!inReview.size) throw new EvaluationProblem("event/verdict-without-review", "the event carries a reviewer's verdict, but no requested item is in review", "verdict");
  const seen = new Set<string>();
  verdict.amounts?.forEach((a, i) => {
    if (!inReview.has(a.id) || seen.has(a.id)) {
      throw new EvaluationProblem("event/verdict-without-review", seen.has(a.id) ? `the verdict gives item "${a.id}" two amounts` : `the verdict gives an amount for item "${a.id}", which is not in review`, `verdict.amounts[${i}].id`);
    }
    seen.add(a.id);
    if (verdict.outcome !== "approve") throw new EvaluationProblem("event/verdict-out-of-bounds", "a declined review refunds nothing: the verdict's amounts belong to an approval", `verdict.amounts[${i}].amount`);
  });
}

/** Everything that follows from the rules' results under one selection: money, actions, texts. */
interface Settled {
  effective: Effective[];
  items: ItemDecision[];
  adjustments: Adjustment[];
  byMethod: Partial<Record<RefundMethod, number>>;
  total: number;
  timeline?: Timeline;
  actions: Action[];
  messages: string[];
  notes: string[];
}

/** Money in request order, then messages, reasons and actions (they may quote the refund). */
function settle(prepared: Prepared, runs: ItemRun[], selection: Selection): Settled {
  const { view, version, order } = prepared;
  const { money } = prepared;
  const tally: Tally = { money, creditForBonus: 0 };
  const effective = runs.map((run) => effectiveOutcome(run, selection));
  const items: ItemDecision[] = runs.map((run, i) => {
    const { outcome, option, verdict } = effective[i]!;
    const amountAt = verdict ? selection.verdict!.amounts?.findIndex((a) => a.id === run.line.id) ?? -1 : -1;
    const adjustment = amountAt >= 0 ? { amount: selection.verdict!.amounts![amountAt]!.amount, path: `verdict.amounts[${amountAt}].amount` } : undefined;
    // Shipping refunded earlier (by another request) is not refunded again.
    const refund = itemMoney(run, outcome, view, tally, Math.max(0, order.shipping.paid - (order.shipping.refunded ?? 0)), adjustment);
    const keepItem = outcome.decision === "approve" && outcome.keepItem;
    const decided: ItemDecision = {
      id: run.line.id,
      outcome: outcome.decision,
      rule: {
        name: run.rule.params.name, version: version.id, otherwise: run.rule.params.otherwise,
        source: version.source, line: run.rule.params.range[0], column: run.rule.params.range[1],
      },
      refund,
      returnShipping: outcome.decision === "approve" && !keepItem && outcome.returnShipping ? outcome.returnShipping : "none",
      keepItem,
    };
    if (outcome.decision === "approve" && outcome.replacement) decided.replacement = true;
    if (outcome.decision === "approve" && outcome.timeline) decided.timeline = timelineOf(outcome.timeline);
    if (outcome.terms) decided.terms = outcome.terms;
    if (option) decided.option = option.label;
    if (verdict) decided.verdict = appliedVerdict(selection.verdict!);
    return decided;
  });

  const adjustments: Adjustment[] = [];
  if (tally.shipping && tally.shipping.amount > 0) adjustments.push(tally.shipping);
  if (tally.requestFees) for (const fee of tally.requestFees.values()) adjustments.push(fee);
  if (tally.additions) for (const a of tally.additions.values()) if (a.amount > 0) adjustments.push(a);
  if (tally.bonusBp && tally.creditForBonus > 0) adjustments.push({ kind: "bonus", label: "store credit bonus", amount: percentOf(tally.creditForBonus, tally.bonusBp), method: "store_credit" });

  const sums: Partial<Record<RefundMethod, number>> = {};
  for (const item of items) if (item.refund.method && item.outcome === "approve") sums[item.refund.method] = checked((sums[item.refund.method] ?? 0) + item.refund.amount, "the refund total");
  for (const a of adjustments) sums[a.method] = checked((sums[a.method] ?? 0) + a.amount, "the refund total");
  // Only the methods that pay something (a method whose fees ate its refunds pays nothing).
  const byMethod: Partial<Record<RefundMethod, number>> = {};
  let total = 0;
  for (const m in sums) {
    const sum = sums[m as RefundMethod]!;
    if (sum <= 0) continue;
    byMethod[m as RefundMethod] = sum;
    total = checked(total + sum, "the refund total");
  }
  // The customer is told the latest the money can take: the longest timeline of the items refunded.
  let timeline: Timeline | undefined;
  for (const item of items) {
    if (item.timeline && (item.refund.amount > 0 || item.replacement) && (!timeline || timelineLength(item.timeline) > timelineLength(timeline))) timeline = item.timeline;
  }

  const actions: Action[] = [];
  const addAction = (type: ActionType, itemId: string, message?: string, channel?: Channel) => {
    const same = actions.find((a) => a.type === type && a.message === message && a.channel === channel);
    if (same) {
      if (!same.items.includes(itemId)) same.items.push(itemId);
      return;
    }
    const action: Action = { type, items: [itemId] };
    if (message !== undefined) action.message = message;
    if (channel !== undefined) action.channel = channel;
    actions.push(action);
  };
  const messages: string[] = [];
  const notes: string[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    const item = items[i]!;
    const { outcome } = effective[i]!;
    const itemTimeline = item.timeline ?? timeline;
    const ctx: RenderContext = { view, item: run.view, itemRefund: item.refund.amount, total, timeline: itemTimeline?.text ?? "", money, reading: version.reading };
    if (outcome.reason) item.reason = render(outcome.reason, ctx);
    if (outcome.message) item.message = render(outcome.message, ctx);
    if (item.reason && !messages.includes(item.reason)) messages.push(item.reason);
    if (item.message && !messages.includes(item.message)) messages.push(item.message);
    for (const action of outcome.actions) addAction(action.type, item.id, action.message ? render(action.message, ctx) : undefined, action.channel);
    if (outcome.decision === "review" && !outcome.actions.some((a) => a.type === "manual_review")) addAction("manual_review", item.id);
    if (outcome.note && !notes.includes(outcome.note)) notes.push(outcome.note);
  }
  const out: Settled = { effective, items, adjustments, byMethod, total, actions, messages, notes };
  if (timeline) out.timeline = timeline;
  return out;
}

function appliedVerdict(v: Verdict): AppliedVerdict {
  const out: AppliedVerdict = { outcome: v.outcome, by: v.by, at: v.at };
  if (v.note !== undefined) out.note = v.note;
  return out;
}

function refundMethod(byMethod: Partial<Record<RefundMethod, number>>): RefundMethod | "mixed" | null {
  const methods = Object.keys(byMethod) as RefundMethod[];
  return methods.length === 0 ? null : methods.length === 1 ? methods[0]! : "mixed";
}

function overallOutcome(items: ItemDecision[]): Decision["outcome"] {
  return items.some((i) => i.outcome === "approve") ? "approve" : items.some((i) => i.outcome === "review") ? "review" : "deny";
}

/** Who pays for the items shipped back: the customer if any item is theirs to send, then the merchant, then elsewhere. */
const SHIPPING_PRECEDENCE: Record<Decision["returnShipping"], number> = { none: 0, elsewhere: 1, merchant: 2, customer: 3 };

function overallShipping(items: ItemDecision[]): Decision["returnShipping"] {
  let who: Decision["returnShipping"] = "none";
  for (const i of items) {
    if (i.outcome === "approve" && !i.keepItem && SHIPPING_PRECEDENCE[i.returnShipping] > SHIPPING_PRECEDENCE[who]) who = i.returnShipping;
  }
  return who;
}

/** What a selection decides, in the shape backends show a customer or a reviewer. */
function summarize(settled: Settled, money: (minor: number) => string): OutcomeSummary {
  const refund: OutcomeSummary["refund"] = {
    amount: settled.total,
    formatted: money(settled.total),
    method: refundMethod(settled.byMethod),
    byMethod: settled.byMethod,
    items: settled.items.map((i) => (i.refund.bounds ? { id: i.id, amount: i.refund.amount, bounds: i.refund.bounds } : { id: i.id, amount: i.refund.amount })),
  };
  if (settled.timeline) refund.timeline = settled.timeline;
  return {
    outcome: overallOutcome(settled.items),
    refund,
    returnShipping: overallShipping(settled.items),
    keepItem: settled.items.every((i) => i.keepItem),
    replacement: settled.items.some((i) => i.replacement),
    actions: settled.actions,
    messages: settled.messages,
  };
}

/** Everything after rules ran: the selection checked and settled, the alternatives computed, the decision. */
function assemble(policy: LoadedPolicy, prepared: Prepared, runs: ItemRun[], options: EvaluateOptions): Staged<Decision> {
  const { version, explain, event } = prepared;
  const { name, kind } = policy.artifact.policy;
  const { currency } = prepared;
  const selection: Selection = {};
  const choice = (event.request as { choice?: string }).choice;
  if (choice !== undefined) selection.choice = choice;
  if (event.verdict !== undefined) selection.verdict = event.verdict as Verdict;
  checkSelection(runs, selection);
  const settled = settle(prepared, runs, selection);
  const { items } = settled;

  const decision: Decision = {
    outcome: overallOutcome(items),
    policy: { name, kind, version: version.id, effectiveFrom: version.effectiveFrom, chosenBy: options.version !== undefined ? "version" : options.asOf !== undefined ? "asOf" : "placedAt", hash: policy.artifact.hash },
    refund: {
      amount: settled.total,
      currency,
      method: refundMethod(settled.byMethod),
      formatted: prepared.money(settled.total),
      byMethod: settled.byMethod,
      breakdown: {
        items: items.map((i) => ({ id: i.id, base: i.refund.base, deductions: i.refund.deductions, amount: i.refund.amount })),
        adjustments: settled.adjustments,
      },
    },
    returnShipping: overallShipping(items),
    keepItem: items.every((i) => i.keepItem),
    actions: settled.actions,
    items,
    review: { items: items.filter((i) => i.outcome === "review").map((i) => i.id) },
    messages: settled.messages,
    notes: settled.notes,
  };
  if (settled.timeline) decision.refund.timeline = settled.timeline;

  // The options, each decided as if the customer had chosen it: no arithmetic is left to the caller.
  const labels: string[] = [];
  const defaults = new Set<string>();
  for (const run of runs) {
    for (const o of run.rule.params.outcome.options ?? []) {
      if (!labels.includes(o.label)) labels.push(o.label);
      if (o.default) defaults.add(o.label);
    }
  }
  if (labels.length) {
    decision.options = labels.map((label) => {
      const summary = label === selection.choice ? summarize(settled, prepared.money) : summarize(settle(prepared, runs, { ...selection, choice: label }), prepared.money);
      return { label, default: defaults.has(label), chosen: selection.choice === undefined ? defaults.has(label) : label === selection.choice, ...summary };
    });
    decision.choice = selection.choice !== undefined ? { option: selection.choice, by: "customer" } : { option: labels.find((l) => defaults.has(l))!, by: "default" };
  }
  // Items await a reviewer: what each verdict would decide (an approval only where every rule states its terms).
  if (decision.review.items.length && !selection.verdict) {
    const verdict = (outcome: Verdict["outcome"]): Verdict => ({ outcome, by: "", at: "" });
    const reviewed = runs.filter((r) => r.rule.params.outcome.decision === "review");
    const decline = summarize(settle(prepared, runs, { ...selection, verdict: verdict("decline") }), prepared.money);
    decision.proposed = reviewed.every((r) => r.rule.params.outcome.ifApproved)
      ? { approve: summarize(settle(prepared, runs, { ...selection, verdict: verdict("approve") }), prepared.money), decline }
      : { decline };
  }
  if (selection.verdict) decision.verdict = appliedVerdict(selection.verdict);

  if (explain) {
    decision.explanation = {
      items: runs.map((r, i) => {
        const explained = { ...r.explanation! };
        const { option, verdict } = settled.effective[i]!;
        if (option) explained.option = { label: option.label, chosenBy: selection.choice === option.label ? "customer" : "default", line: option.range[0] };
        if (verdict) {
          const amount = selection.verdict!.amounts?.find((a) => a.id === r.line.id)?.amount;
          explained.verdict = { ...appliedVerdict(selection.verdict!), line: verdict.range[0], ...(amount === undefined ? {} : { amount }) };
        }
        return explained;
      }),
    };
  }
  return { value: decision, diagnostics: [] };
}
