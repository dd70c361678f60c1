// The compiled artifact: policy metadata and plain json-rules-engine rules. Everything the runtime
// needs is data; nothing in it is ever executed as code.

export const ARTIFACT_FORMAT = "proviso-artifact";
/** Bumped on any change a runtime must understand; a runtime refuses versions it does not know. */
export const ARTIFACT_FORMAT_VERSION = 1;

export type PolicyKind = "cancellation" | "return" | "refund";
export type Outcome = "approve" | "deny" | "review";
export type RefundMethod = "original_payment" | "store_credit";
export type ShippingPayer = "customer" | "merchant";

export const ACTION_TYPES = [
  "intercept_shipment", "cancel_fulfillment", "restock", "notify_customer", "manual_review",
  "offer_alternatives", "offer_store_credit", "offer_return",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** [line, column, endLine, endColumn], 1-based, end exclusive: compact for rule params. */
export type RangeTuple = [number, number, number, number];

/** A data-only money expression, interpreted by the runtime in integers. */
export type MoneyExpr =
  | { money: number }
  | { number: number }
  | { field: string }
  | { add: [MoneyExpr, MoneyExpr] }
  | { sub: [MoneyExpr, MoneyExpr] }
  | { mul: [MoneyExpr, MoneyExpr] }
  | { div: [MoneyExpr, MoneyExpr] }
  | { percent: { bp: number; of: MoneyExpr } }
  /** Whole `unit` milliseconds from one timestamp to another, rounded down (a count). */
  | { elapsed: { from: string; to: string; unit: number } };

/** A message with `{field}` placeholders already parsed. */
export type TemplatePart = { text: string } | { field: string; format: "money" | "date" | "datetime" | "text" } | { refund: "item" | "total" };
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
}

export interface ActionSpec {
  type: ActionType;
  message?: Template;
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
    timezone: string;
    locale: string;
    source: string;
  };
  versions: VersionInfo[];
  /** Derived facts and operators the rules use; loading fails on any the runtime does not know. */
  facts: string[];
  operators: string[];
  /** Custom fields the policy was compiled against (absent when none). */
  customFields?: CustomField[];
  rules: JreRule[];
  /** `sha256:` + hex digest of the canonical JSON of everything above. */
  hash: string;
}
