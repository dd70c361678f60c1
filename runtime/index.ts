// The runtime: what a backend imports to evaluate events against compiled artifacts. It must not
// import grammar/ or compiler/, and has no node: imports, so it also runs in the browser.

export * from "./artifact.js";
export { CODES, type Code, type CodeInfo } from "./codes.js";
export { LIMITS, limit, type Limit, type LimitName } from "./limits.js";
export { checkCustomFields, eventShapeProblems, isInCustomObject, isReservedSectionName } from "./custom-fields.js";
export { canonicalJson, artifactHash } from "./canonical-json.js";
export type { Decision, ItemDecision, Action, Adjustment, ConditionTrace, RuleTrace, ItemExplanation, RuleRef, Deducted, Timeline, Bounds, AppliedVerdict, OutcomeSummary, OptionSummary } from "./decision.js";
export { error, warning, hasErrors, closest, editDistance, type Diagnostic, type SourcePosition, type SourceRange, type Severity, type Staged } from "./diagnostic.js";
export { EVENT_SCHEMA, EVENT_TYPES, REASONS, ORDER_STATUSES, ITEM_CONDITIONS } from "./event-schema.js";
export { ARTIFACT_SCHEMA } from "./artifact-schema.js";
export { DECISION_SCHEMA } from "./decision-schema.js";
export { counterfactualsOf, type Counterfactual } from "./counterfactuals.js";
export { applyChanges, readIndexedPath, solveCondition, type EventChange, type SolveContext } from "./solve.js";
export { evaluate, evaluateSync, evaluateMoney, type EvaluateOptions } from "./evaluate.js";
export { EVENT_LIMITS } from "./plain-data.js";
export { compileCondition, type CompiledCondition, type EvaluatedAtom, type FactContext } from "./fast.js";
export { DERIVED_FACTS, isKnownFact, eventView, itemView } from "./facts.js";
export { EXTENSIBLE_ENUM_PATHS, FIELDS, FIELD_BY_PATH, TIMESTAMP_ALIASES, ROOTS, type FieldSpec, type FieldType } from "./fields.js";
export { loadArtifact, MAX_ARTIFACT_BYTES, MAX_ARTIFACT_DEPTH, type LoadedPolicy, type LoadedVersion } from "./load.js";
export { currencyExponent, isCurrency, toMinorUnits, percentOf, divideRounded, formatMoney, BASIS_POINTS_PER_WHOLE } from "./money.js";
export { OPERATORS, isKnownOperator, type OperatorSpec } from "./operators.js";
export { isSafePath, readPath, pathResolver, isForbiddenKey } from "./paths.js";
export { DAY, HOUR, MINUTE, parseInstant, isTimeZone, instantFromLocal, localParts, localDateNumber, dateNumber, calendarDaysBetween, formatDuration } from "./time.js";
export { validateEventShape, validateArtifactShape, pointerToPath } from "./validate.js";
export { withDefaults } from "./defaults.js";
export { actionInWords, dateInWords, durationInWords, instantInWords, itemInWords, limitInWords, listInWords, methodInWords, monthDayInWords, orderLinesById, type Reading } from "./words.js";
