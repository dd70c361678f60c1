// Our own syntax tree: a discriminated union with `kind` and `range` on every node. Nothing after
// grammar/ sees Chevrotain.

import type { SourceRange } from "../runtime/index.js";
import type { DurationUnit } from "./tokens.js";

export interface Node<K extends string> {
  kind: K;
  range: SourceRange;
}

export interface Text extends Node<"text"> {
  /** The string's value, escapes resolved, quotes removed. */
  value: string;
}

export interface Word extends Node<"word"> {
  name: string;
}

export interface PolicyFile extends Node<"policyFile"> {
  header?: Header;
  items: TopLevel[];
  comments: Comment[];
}

export interface Comment extends Node<"comment"> {
  text: string;
}

export interface Header extends Node<"header"> {
  name: Text;
  policyKind: Word;
  settings: Setting[];
}

export type Setting =
  /** `currency USD, EUR, JPY`: the first, and the others a policy decides orders in. */
  | (Node<"currency"> & { code: Word; others: Word[] })
  | (Node<"timezone"> & { zone: Text })
  | (Node<"locale"> & { locale: Text })
  /** `fields "rental.fields.json"`: the fields file this policy is written against. */
  | (Node<"fields"> & { file: Text })
  | EffectiveFrom;

export interface EffectiveFrom extends Node<"effective"> {
  date: DateValue;
}

export type TopLevel = ConditionDefinition | TermsDefinition | TableDefinition | VersionLine | Rule | Otherwise;

/** `define table "return window" by item.category as electronics: 14 days, otherwise: 30 days`. */
export interface TableDefinition extends Node<"tableDefinition"> {
  name: Text;
  key: Path;
  rows: TableRow[];
}

export interface TableRow extends Node<"tableRow"> {
  /** The key value; absent for the `otherwise` row. */
  key?: { value: string; quoted: boolean; range: SourceRange };
  value: TableValue;
}

export type TableValue = (Node<"duration"> & { amount: number; unit: DurationUnit }) | PercentValue | MoneyExpr;

export interface ConditionDefinition extends Node<"conditionDefinition"> {
  name: Text;
  condition: Condition;
}

export interface TermsDefinition extends Node<"termsDefinition"> {
  name: Text;
  clauses: Clause[];
}

export interface VersionLine extends Node<"version"> {
  name: Text;
  effective?: EffectiveFrom;
}

export interface Rule extends Node<"rule"> {
  name: Text;
  when?: Condition;
  outcome: OutcomeNode;
}

export interface Otherwise extends Node<"otherwise"> {
  outcome: OutcomeNode;
}

export interface OutcomeNode extends Node<"outcome"> {
  decision: "approve" | "deny" | "review";
  reason?: Text;
  terms?: Text;
  clauses: Clause[];
  /** `option "..."`: choices offered to the customer (an approve's). */
  offers: Offer[];
  /** `if approved` / `if declined`: what a reviewer's verdict leads to (a review's). */
  branches: VerdictBranch[];
}

/** One of the choices an approval offers the customer; its clauses refine the outcome's own. */
export interface Offer extends Node<"offer"> {
  label: Text;
  isDefault: boolean;
  terms?: Text;
  clauses: Clause[];
}

/** What follows when a reviewer approves or declines an item in review. */
export interface VerdictBranch extends Node<"verdictBranch"> {
  verdict: "approved" | "declined";
  reason?: Text;
  terms?: Text;
  clauses: Clause[];
}

export type Clause =
  | (Node<"refund"> & { amount: Amount })
  | Timeline
  | Node<"replacement">
  | (Node<"adjustable"> & { low: Amount; high: Amount })
  | Deduction
  | Node<"plusShipping">
  | Addition
  | (Node<"cap"> & { amount: MoneyExpr; rounding?: Rounding })
  | (Node<"method"> & { method: "original_payment" | "store_credit"; bonus?: PercentValue })
  | (Node<"returnShipping"> & { payer: "customer" | "merchant" | "elsewhere" })
  | Node<"keepItem">
  | ActionClause
  | (Node<"message"> & { text: Text })
  | (Node<"note"> & { text: Text });

export interface ActionClause extends Node<"action"> {
  action: "intercept_shipment" | "cancel_fulfillment" | "restock" | "notify_customer" | "offer_alternatives" | "offer_store_credit" | "offer_return" | "manual_review";
  message?: Text;
  /** `notify customer by email`: how the customer is told. */
  channel?: "email" | "sms" | "phone";
}

/** `refund within 5 business days`: when the money reaches the customer. */
export interface Timeline extends Node<"timeline"> {
  amount: number;
  unit: DurationUnit;
  business: boolean;
}

/** `plus USD 5.00 "goodwill"`: an amount added once to the request's refund. */
export interface Addition extends Node<"addition"> {
  amount: MoneyExpr;
  rounding?: Rounding;
  label: Text;
}

/** `rounded down`, `rounded half up to USD 0.05`: how an amount's divisions and shares round, and to what. */
export interface Rounding extends Node<"rounding"> {
  mode: "up" | "down" | "half-up";
  to?: MoneyExpr;
}

export interface Deduction extends Node<"deduction"> {
  /** A percentage of `base` (default: the item), or a fixed amount. */
  percent?: PercentValue;
  /** `minus "restocking share" of item "fee"`: the percentage from a table. */
  shareTable?: Text;
  base?: MoneyExpr;
  fixed?: MoneyExpr;
  label: Text;
  scope: "item" | "first-item" | "request";
  when?: Condition;
  rounding?: Rounding;
}

export type PercentOf = Node<"percentOf"> & { percent: PercentValue; of: MoneyExpr };
/** `refund "refund share" of item`: a percentage from a table. */
export type TableShareOf = Node<"tableShareOf"> & { table: Text; of: MoneyExpr };
/** An amount with its own rounding: `50% of item rounded down`. */
export type RoundedAmount = Node<"rounded"> & { amount: PercentOf | TableShareOf | MoneyExpr; rounding: Rounding };
export type Amount = PercentOf | TableShareOf | MoneyExpr | RoundedAmount;

export type MoneyExpr =
  | NumberValue
  | MoneyValue
  | Path
  | ElapsedUnits
  | (Node<"extreme"> & { which: "smaller" | "larger"; first: MoneyExpr; second: MoneyExpr })
  /** `USD 6.95, EUR 5.95, JPY 900`: an amount given in each of the policy's currencies. */
  | MoneySet
  /** `"restocking fee"` in an amount: the value of a table for the event. */
  | (Node<"tableRef"> & { name: Text })
  | (Node<"binary"> & { op: "+" | "-" | "*" | "/"; left: MoneyExpr; right: MoneyExpr });

/**
 * `days from request to period-end` (whole units between two timestamps, rounded down),
 * `started 30-day periods from period-start to request` (every period begun counts).
 */
export interface ElapsedUnits extends Node<"elapsedUnits"> {
  unit: DurationUnit;
  /** Units per period: 30 in `30-day periods`. */
  size: number;
  count: "whole" | "started";
  /** How it was written, for the formatter: `days from`, `whole weeks from`, `started 30-day periods from`. */
  style: "plain" | "count" | "periods";
  from: Path;
  to: Path;
}

export type Condition =
  /** `grouped`: the author wrote it in parentheses (kept by the formatter, for the reader). */
  | (Node<"and"> & { left: Condition; right: Condition; grouped?: true })
  | (Node<"or"> & { left: Condition; right: Condition; grouped?: true })
  | (Node<"not"> & { operand: Condition })
  | (Node<"reference"> & { name: Text })
  | Window
  | Comparison;

export interface Window extends Node<"window"> {
  comparator: "atMost" | "above" | "below" | "atLeast";
  /** `within "return window" of delivery`: the duration comes from a table (amount and unit unused). */
  table?: Text;
  /** `"return window" + 7 days`. */
  shift?: { amount: number; unit: DurationUnit };
  /** `within` reads as `at most`; kept for messages and formatting. */
  within: boolean;
  amount: number;
  unit: DurationUnit;
  calendar: boolean;
  direction: "after" | "before";
  /** Written `of` (same as after). */
  writtenOf: boolean;
  anchor: Path;
}

export type ComparisonOp =
  | "flag" | "is" | "isNot" | "present" | "absent" | "atLeast" | "atMost" | "above" | "below"
  | "in" | "notIn" | "contains" | "between" | "before" | "after" | "onOrBefore" | "onOrAfter";

export interface Comparison extends Node<"comparison"> {
  subject: Path;
  op: ComparisonOp;
  /** How the operator was written, for messages and the formatter: "is at least", ">=". */
  opText: string;
  value?: Operand;
  upper?: Operand;
  list?: Operand[];
}

export type Operand =
  | Path
  | NumberValue
  | MoneyValue
  | MoneySet
  | PercentValue
  | Text
  | (Node<"boolean"> & { value: boolean })
  | DateValue
  | MonthDay;

export interface Path extends Node<"path"> {
  segments: string[];
}

export interface NumberValue extends Node<"number"> {
  text: string;
  value: number;
}

export interface MoneyValue extends Node<"money"> {
  currency: string;
  /** The amount as written, in major units: "6.95". */
  amount: string;
}

export interface MoneySet extends Node<"moneySet"> {
  amounts: MoneyValue[];
}

export interface PercentValue extends Node<"percent"> {
  text: string;
  /** Basis points when the percentage has at most two decimals, else undefined. */
  bp: number | undefined;
}

export interface DateValue extends Node<"date"> {
  text: string;
  /** A calendar date (read in the policy's zone) or an instant with offset. */
  precision: "date" | "instant";
}

export interface MonthDay extends Node<"monthDay"> {
  month: number;
  day: number;
  /** "of the year after X": 1; "of the year before X": -1; "of the same year as X": 0. */
  yearOffset?: number;
  of?: Path;
}

export function pathText(path: Path): string {
  return path.segments.join(".");
}
