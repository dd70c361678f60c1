// The decision the runtime returns. docs/decision.md documents every field; the JSON Schema in
// decision-schema.ts is published as docs/schemas/decision.json.

import type { ActionType, Outcome, PolicyKind, RefundMethod, ShippingPayer } from "./artifact.js";
import type { Counterfactual } from "./counterfactuals.js";

export interface RuleRef {
  name: string;
  version: string;
  /** True for the `otherwise` clause. */
  otherwise: boolean;
  source: string;
  line: number;
  column: number;
}

export interface Deducted {
  label: string;
  amount: number;
}

export interface ItemDecision {
  id: string;
  outcome: Outcome;
  rule: RuleRef;
  refund: {
    amount: number;
    method: RefundMethod | null;
    /** The refund before deductions. */
    base: number;
    deductions: Deducted[];
    /** Set when a cap, the share of the line asked for or what is still refundable on it lowered the amount. */
    limitedBy?: "cap" | "refundable" | "zero";
  };
  returnShipping: ShippingPayer | "none";
  keepItem: boolean;
  terms?: string;
  /** Customer-facing reason of a deny or review. */
  reason?: string;
  message?: string;
}

export interface Adjustment {
  kind: "shipping" | "fee" | "bonus";
  label: string;
  /** Positive adds to the refund, negative takes from it. */
  amount: number;
  method: RefundMethod;
}

export interface Action {
  type: ActionType;
  /** The requested items the action is for. */
  items: string[];
  message?: string;
}

export interface ConditionTrace {
  name: string;
  text: string;
  line: number;
  column: number;
  /** The value the condition looked at, as JSON (undefined when absent). */
  actual?: unknown;
  /** The same value for people: "44d 19h 0m", "2025-12-20". */
  actualText: string;
  /** What the condition wanted: "at most 60d 0h 0m". */
  expected: string;
  result: boolean;
  /** The value was absent: the condition was neither true nor false. */
  absent?: true;
}

export interface RuleTrace {
  rule: string;
  line: number;
  matched: boolean;
  conditions: ConditionTrace[];
}

export interface ItemExplanation {
  id: string;
  version: string;
  /** The rules tried, in order, up to and including the one that decided. */
  rules: RuleTrace[];
}

export interface Decision {
  outcome: Outcome;
  policy: {
    name: string;
    kind: PolicyKind;
    version: string;
    effectiveFrom: string | null;
    /** How the version was chosen: by the order's placedAt, an explicit as-of date, or named (replay). */
    chosenBy: "placedAt" | "asOf" | "version";
    hash: string;
  };
  refund: {
    amount: number;
    currency: string;
    /** null when nothing is refunded; "mixed" when items use different methods. */
    method: RefundMethod | "mixed" | null;
    formatted: string;
    byMethod: Partial<Record<RefundMethod, number>>;
    breakdown: {
      items: { id: string; base: number; deductions: Deducted[]; amount: number }[];
      adjustments: Adjustment[];
    };
  };
  returnShipping: ShippingPayer | "none";
  keepItem: boolean;
  actions: Action[];
  items: ItemDecision[];
  /** Items sent to review: refund nothing for these until a person decides. */
  review: { items: string[] };
  /** Customer-facing texts, rendered, without repeats. */
  messages: string[];
  /** Internal notes of the deciding rules. */
  notes: string[];
  explanation?: { items: ItemExplanation[] };
  /** With the `counterfactuals` option: the nearest changes to the event that would change an item's outcome or refund. */
  counterfactuals?: Counterfactual[];
}
