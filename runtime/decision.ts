// The decision the runtime returns. docs/decision.md documents every field; the JSON Schema in
// decision-schema.ts is published as docs/schemas/decision.json.

import type { ActionType, Channel, Outcome, PolicyKind, RefundMethod, RefundTimeline, ShippingPayer } from "./artifact.js";
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

/** When the refund reaches the customer, as the policy says it: `within 5 business days`. */
export interface Timeline extends RefundTimeline {
  /** The same in words (English): "within 5 business days". */
  text: string;
}

/** The least and most a reviewer may settle on for an item, in minor units. */
export interface Bounds {
  low: number;
  high: number;
}

/** A reviewer's verdict as the decision applied it. */
export interface AppliedVerdict {
  outcome: "approve" | "decline";
  by: string;
  at: string;
  note?: string;
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
    /** What a reviewer may settle on instead of `amount` (an approval after review whose rule is adjustable). */
    bounds?: Bounds;
    /** The reviewer settled on this amount instead of the computed one. */
    adjusted?: true;
  };
  returnShipping: ShippingPayer | "none";
  keepItem: boolean;
  /** A replacement is sent. */
  replacement?: true;
  timeline?: Timeline;
  terms?: string;
  /** The option in effect: the customer's choice, or the default. */
  option?: string;
  /** The reviewer's verdict that decided this item. */
  verdict?: AppliedVerdict;
  /** Customer-facing reason of a deny or review. */
  reason?: string;
  message?: string;
}

/** What a choice or a verdict would decide: the money and what happens, computed as the decision itself is. */
export interface OutcomeSummary {
  outcome: Outcome;
  refund: {
    amount: number;
    formatted: string;
    method: RefundMethod | "mixed" | null;
    byMethod: Partial<Record<RefundMethod, number>>;
    items: { id: string; amount: number; bounds?: Bounds }[];
    timeline?: Timeline;
  };
  returnShipping: ShippingPayer | "none";
  keepItem: boolean;
  replacement: boolean;
  actions: Action[];
  messages: string[];
}

/** One option offered to the customer, with what choosing it decides. */
export interface OptionSummary extends OutcomeSummary {
  label: string;
  /** What a customer who does not choose gets. */
  default: boolean;
  /** The option this decision is for. */
  chosen: boolean;
}

export interface Adjustment {
  kind: "shipping" | "fee" | "bonus" | "addition";
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
  /** How to tell the customer (notify_customer): email, sms or phone. */
  channel?: Channel;
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
  /** Not needed to decide the rule: an earlier condition already settled its `and` (false) or `or` (true). */
  skipped?: true;
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
  /** The option that set the item's terms, and where the policy states it. */
  option?: { label: string; chosenBy: "customer" | "default"; line: number };
  /** The reviewer's verdict that decided the item, and the line of the terms it applied. */
  verdict?: AppliedVerdict & { line: number; amount?: number };
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
    /** When the refund reaches the customer: the longest timeline of the items refunded. */
    timeline?: Timeline;
  };
  returnShipping: ShippingPayer | "none";
  keepItem: boolean;
  actions: Action[];
  items: ItemDecision[];
  /** Items sent to review: refund nothing for these until a person decides. */
  review: { items: string[] };
  /** The options offered to the customer, each with what choosing it decides (when a deciding rule offers any). */
  options?: OptionSummary[];
  /** Whose choice the decision follows: the customer's (`request.choice`) or the default. */
  choice?: { option: string; by: "customer" | "default" };
  /** Items in review and no verdict yet: what the reviewer's approval and decline would decide. */
  proposed?: { approve?: OutcomeSummary; decline: OutcomeSummary };
  /** The reviewer's verdict this decision applied (from the event's `verdict`). */
  verdict?: AppliedVerdict;
  /** Customer-facing texts, rendered, without repeats. */
  messages: string[];
  /** Internal notes of the deciding rules. */
  notes: string[];
  explanation?: { items: ItemExplanation[] };
  /** With the `counterfactuals` option: the nearest changes to the event that would change an item's outcome or refund. */
  counterfactuals?: Counterfactual[];
}
