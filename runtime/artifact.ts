// The compiled artifact: policy metadata and plain json-rules-engine rules. Everything the runtime
// needs is data; nothing in it is ever executed as code.

export const ARTIFACT_FORMAT = "proviso-artifact";
/** Bumped on any change a runtime must understand; a runtime refuses versions it does not know. */
export const ARTIFACT_FORMAT_VERSION = 2;
/**
 * Format versions this runtime reads. The compiler writes the lowest version that can describe an
 * artifact, so runtimes that predate a construct still load every policy that does not use it:
 * 2 adds offers, verdict branches, adjustable bounds, replacements, refund timelines, channels,
 * shipping caps, additions, min/max, rounding, counted periods and return shipping handled elsewhere.
 */
export const ARTIFACT_FORMAT_VERSIONS: readonly number[] = [1, 2];

export type PolicyKind = "cancellation" | "return" | "refund";
export type Outcome = "approve" | "deny" | "review";
export type RefundMethod = "original_payment" | "store_credit";
/** Who pays return shipping; `elsewhere`: the policy says it is not its business. */
export type ShippingPayer = "customer" | "merchant" | "elsewhere";

export const ACTION_TYPES = [
  "intercept_shipment", "cancel_fulfillment", "restock", "notify_customer", "manual_review",
  "offer_alternatives", "offer_store_credit", "offer_return", "send_replacement",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** [line, column, endLine, endColumn], 1-based, end exclusive: compact for rule params. */
export type RangeTuple = [number, number, number, number];

/** A data-only money expression, interpreted by the runtime in integers. */
export type MoneyExpr =
  | { money: number }
  /** A fixed amount per currency: the one in the order's currency applies. */
  | { moneyIn: Record<string, number> }
  | { number: number }
  | { field: string }
  | { add: [MoneyExpr, MoneyExpr] }
  | { sub: [MoneyExpr, MoneyExpr] }
  | { mul: [MoneyExpr, MoneyExpr] }
  | { div: [MoneyExpr, MoneyExpr] }
  | { percent: { bp: number; of: MoneyExpr } }
  /** The smaller (min) or larger (max) of two amounts. */
  | { min: [MoneyExpr, MoneyExpr] }
  | { max: [MoneyExpr, MoneyExpr] }
  /** `of` with its divisions and percentages rounded `mode` (instead of half-up), then to a multiple of `to`. */
  | { round: { mode: RoundingMode; of: MoneyExpr; to?: MoneyExpr } }
  /** The value of a table for the event: the row whose key is the field's value, else `otherwise`. */
  | { table: { field: string; rows: [string, MoneyExpr][]; otherwise: MoneyExpr } }
  /** A percentage (basis points) from a table, of an amount. */
  | { tableShare: { field: string; rows: [string, number][]; otherwise: number; of: MoneyExpr } }
  /** Whole `unit` milliseconds from one timestamp to another, rounded down (a count); `started`: rounded up. */
  | { elapsed: { from: string; to: string; unit: number; started?: true } };

export type RoundingMode = "up" | "down" | "half-up";

/** A message with `{field}` placeholders already parsed. */
export type TemplatePart = { text: string } | { field: string; format: "money" | "date" | "datetime" | "text" } | { refund: "item" | "total" | "timeline" };
export type Template = TemplatePart[];

export interface Deduction {
  label: string;
  amount: MoneyExpr;
  /** item: on each item; first-item: once per request, on the first approved item carrying it; request: once per request, on the total. */
  scope: "item" | "first-item" | "request";
  /** Id of the clause rule whose conditions gate this deduction. */
  when?: string;
  range: RangeTuple;
}

export interface RefundTerms {
  amount: MoneyExpr;
  deductions: Deduction[];
  plusShipping: boolean;
  cap?: MoneyExpr;
  method: RefundMethod;
  /** Store-credit bonus in basis points, paid once per request on the store-credit total. */
  bonusBp?: number;
  /** `adjustable between`: the per-item amounts a reviewer may settle on instead (an `if approved` only). */
  adjustable?: { low: MoneyExpr; high: MoneyExpr };
  /** `plus shipping up to ...`: at most this much shipping is refunded. */
  shippingCap?: MoneyExpr;
  /** `plus USD 5.00 "goodwill"`: amounts added once to the request's refund. */
  additions?: Addition[];
}

export interface Addition {
  label: string;
  amount: MoneyExpr;
  cap?: MoneyExpr;
  range: RangeTuple;
}

export const CHANNELS = ["email", "sms", "phone"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ActionSpec {
  type: ActionType;
  message?: Template;
  /** How the customer is told (notify_customer). */
  channel?: Channel;
}

/** `refund within 5 business days`: when the refund reaches the customer. */
export interface RefundTimeline {
  amount: number;
  unit: "second" | "minute" | "hour" | "day" | "week";
  /** Counted in business days (days only). */
  business: boolean;
}

/** One of the choices an approval offers: its terms, complete (the outcome's own clauses merged in). */
export interface OfferSpec {
  label: string;
  default: boolean;
  range: RangeTuple;
  outcome: OutcomeSpec;
}

/** What a reviewer's verdict leads to: an approve (if approved) or a deny (if declined), complete. */
export interface BranchSpec {
  range: RangeTuple;
  outcome: OutcomeSpec;
}

export interface OutcomeSpec {
  decision: Outcome;
  /** Customer-facing reason of a deny or review. */
  reason?: Template;
  terms?: string;
  refund?: RefundTerms;
  returnShipping?: ShippingPayer;
  keepItem: boolean;
  actions: ActionSpec[];
  message?: Template;
  /** Internal note for the merchant's records. */
  note?: string;
  /** When the refund reaches the customer. */
  timeline?: RefundTimeline;
  /** `replace the item`: a replacement is sent (with or without a refund). */
  replacement?: true;
  /** An approve's choices for the customer; the decision follows the chosen one (or the default). */
  options?: OfferSpec[];
  /** A review's terms once a reviewer approves, and what a decline says. */
  ifApproved?: BranchSpec;
  ifDeclined?: BranchSpec;
}

/** The outcome and every outcome a choice or a verdict can lead to from it (for clause sets and checks). */
export function outcomeVariants(outcome: OutcomeSpec): OutcomeSpec[] {
  const out = [outcome];
  for (const o of outcome.options ?? []) out.push(o.outcome);
  if (outcome.ifApproved) out.push(outcome.ifApproved.outcome);
  if (outcome.ifDeclined) out.push(outcome.ifDeclined.outcome);
  return out;
}

/** Whether an outcome needs format version 2 (see ARTIFACT_FORMAT_VERSIONS). */
export function usesFormat2(outcome: OutcomeSpec): boolean {
  if (outcome.options || outcome.ifApproved || outcome.ifDeclined || outcome.timeline || outcome.replacement) return true;
  const templates = [outcome.reason, outcome.message, ...outcome.actions.map((a) => a.message)];
  if (templates.some((t) => t?.some((p) => "refund" in p && p.refund === "timeline"))) return true;
  if (outcome.returnShipping === "elsewhere" || outcome.refund?.shippingCap || outcome.refund?.additions) return true;
  if (outcome.refund && [outcome.refund.amount, outcome.refund.cap, ...outcome.refund.deductions.map((d) => d.amount)].some((e) => e && usesNewMoney(e))) return true;
  return outcome.actions.some((a) => a.channel !== undefined || a.type === "send_replacement") || outcome.refund?.adjustable !== undefined;
}

/** Whether a money expression uses what format 1 has not: min, max, rounding, started periods, tables. */
function usesNewMoney(e: MoneyExpr): boolean {
  return JSON.stringify(e).search(/"(min|max|round|started|table|tableShare|moneyIn)":/) >= 0;
}
export interface ConditionInfo {
  text: string;
  range: RangeTuple;
  /** The values compared are money: explanations show them formatted in the policy's currency. */
  money?: true;
}

export interface RuleParams {
  version: string;
  /** Position in the version's rule list; the lowest matching index decides. */
  index: number;
  name: string;
  otherwise: boolean;
  range: RangeTuple;
  outcome: OutcomeSpec;
  /** Source text and range of every named condition in the rule, by condition name. */
  conditions: Record<string, ConditionInfo>;
}

export interface ClauseParams {
  version: string;
  clause: string;
  conditions: Record<string, ConditionInfo>;
}

export interface JreCondition {
  all?: JreCondition[];
  any?: JreCondition[];
  not?: JreCondition;
  name?: string;
  fact?: string;
  path?: string;
  params?: Record<string, unknown>;
  operator?: string;
  value?: unknown;
}

export interface JreRule {
  name: string;
  priority: number;
  conditions: JreCondition;
  event: { type: "proviso.rule"; params: RuleParams } | { type: "proviso.clause"; params: ClauseParams };
}

export interface VersionInfo {
  id: string;
  /** ISO instant from which the version governs orders placed; null = always. */
  effectiveFrom: string | null;
  /** The file the version was written in, when a policy spans several files. */
  source?: string;
}

/** A merchant's own typed field, declared at compile time and checked in every event. */
export interface CustomField {
  path: string;
  type: "money" | "integer" | "number" | "string" | "enum" | "boolean" | "timestamp" | "list";
  optional: boolean;
  values?: readonly string[];
}

export interface Artifact {
  format: typeof ARTIFACT_FORMAT;
  formatVersion: number;
  policy: {
    name: string;
    kind: PolicyKind;
    currency: string;
    /** Every currency the policy decides orders in, when more than one (the first is `currency`). */
    currencies?: string[];
    timezone: string;
    locale: string;
    source: string;
  };
  versions: VersionInfo[];
  /** Derived facts and operators the rules use; loading fails on any the runtime does not know. */
  facts: string[];
  operators: string[];
  /** Custom fields the policy was compiled against (absent when none): `custom` sections and sections of the merchant's own. */
  customFields?: CustomField[];
  /** The merchant's own values for built-in enum fields, by path (`reason`, `item.condition`, ...). */
  enumValues?: Record<string, string[]>;
  rules: JreRule[];
  /** `sha256:` + hex digest of the canonical JSON of everything above. */
  hash: string;
}
