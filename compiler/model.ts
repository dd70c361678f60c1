// The checked model: the policy with every name resolved, every value typed and converted to the
// runtime's units (minor units, milliseconds, basis points). emit.ts turns it into rules.

import type { CustomField, OutcomeSpec, PolicyKind, RangeTuple } from "../runtime/index.js";

/** A condition with meaning fixed: atoms already name a fact, an operator and a value. */
export type CheckedCondition =
  | { kind: "all" | "any"; items: CheckedCondition[] }
  | { kind: "not"; operand: CheckedCondition }
  | CheckedAtom;

export interface CheckedAtom {
  kind: "atom";
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
  operator: string;
  value: unknown;
  /** Source text of the atom, for explanations. */
  text: string;
  range: RangeTuple;
  /** Language paths the atom reads; used by lints. */
  reads: string[];
  /** The ones an event may lack. */
  mayBeAbsent: string[];
  /** Every value the subject can take, when it is an enum (for exhaustiveness in lints). */
  domain?: readonly string[];
  /** The subject is money (explanations format the values). */
  money?: true;
}

export interface CheckedClause {
  id: string;
  condition: CheckedCondition;
}

export interface CheckedRule {
  name: string;
  otherwise: boolean;
  range: RangeTuple;
  condition?: CheckedCondition;
  outcome: OutcomeSpec;
}

export interface CheckedVersion {
  id: string;
  effectiveFrom: string | null;
  /** Set when the policy spans several files. */
  source?: string;
  rules: CheckedRule[];
  clauses: CheckedClause[];
}

export interface CheckedPolicy {
  name: string;
  kind: PolicyKind;
  currency: string;
  /** All the policy's currencies when it has more than one (the first is `currency`). */
  currencies?: string[];
  timezone: string;
  locale: string;
  versions: CheckedVersion[];
  customFields?: CustomField[];
  /** More values for built-in enum fields, by path (only the merchant's own). */
  enumValues?: Record<string, string[]>;
}
