// Loading an artifact: refuse anything that is not exactly what our compiler writes (format, version,
// schema, content hash, known facts and operators, plain paths), then build one json-rules-engine
// Engine per policy version. Loading never runs code from the artifact.

import type { Reading } from "./words.js";
import { Engine } from "json-rules-engine";
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSIONS, type Artifact, type ClauseParams, type JreCondition, type JreRule, type RuleParams } from "./artifact.js";
import { checkArtifactInvariants } from "./artifact-check.js";
import { artifactHash } from "./canonical-json.js";
import { error, type Diagnostic, type Staged } from "./diagnostic.js";
import { limit } from "./limits.js";
import { DERIVED_FACTS, isKnownFact } from "./facts.js";
import { moneyFormatter } from "./money.js";
import { compileCondition, type CompiledCondition } from "./fast.js";
import { OPERATORS, isKnownOperator } from "./operators.js";
import { isSafePath, pathResolver } from "./paths.js";
import { parseInstant } from "./time.js";
import { validateArtifactShape } from "./validate.js";
import { indexRules, type RuleIndex } from "./rule-index.js";

/** Below this many rules, trying each in turn is as fast as looking them up. */
const INDEX_FROM_RULES = 32;

export interface LoadedVersion {
  id: string;
  /** The file the version's rules were written in. */
  source: string;
  /** Formats minor units in the policy's currency and locale, for explanations. */
  money: (minor: number) => string;
  /** The policy's zone and locale: dates and times in explanations are written in them. */
  reading: Reading;
  effectiveFrom: string | null;
  effectiveFromMs: number;
  /** Decision rules in file order (index order); the last is `otherwise`. */
  rules: { name: string; params: RuleParams; conditions: JreCondition }[];
  clauses: { name: string; params: ClauseParams; conditions: JreCondition }[];
  engine: Engine;
  /** The same rules as closures, for the fast evaluator (index-aligned with `rules`). */
  fastRules: CompiledCondition[];
  /** Clause conditions by clause id, for the fast evaluator. */
  fastClauses: Map<string, CompiledCondition>;
  /** For versions with many rules: finds the first match without trying every rule (explanation off). */
  ruleIndex?: RuleIndex;
  /**
   * json-rules-engine keeps run state on the Engine (a run that finishes marks the engine finished,
   * and a run still in flight then skips its remaining rules), so runs on one engine must not
   * overlap. Each run waits for the previous one: see runExclusive in evaluate.ts.
   */
  queue: Promise<unknown>;
}

/** A checked artifact, ready to evaluate events. */
export interface LoadedPolicy {
  artifact: Artifact;
  /** Versions sorted by effectiveFrom, oldest first. */
  versions: LoadedVersion[];
}

/** Upper bound on artifact text we parse at all: larger input is refused before JSON.parse. */
export const MAX_ARTIFACT_BYTES = limit("artifactBytes");

function createEngine(rules: JreRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver });
  for (const [name, spec] of Object.entries(OPERATORS)) engine.addOperator(name, spec.test);
  for (const [name, derive] of Object.entries(DERIVED_FACTS)) {
    engine.addFact(name, async (params, almanac) => derive(await almanac.factValue("event"), params as Record<string, unknown>));
  }
  for (const rule of rules) engine.addRule(rule as never);
  return engine;
}

/** Deepest nesting of arrays and objects, found without recursion so hostile input cannot overflow the stack. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Nesting allowed in an artifact: conditions from a policy within the parser's limits stay far below. */
export const MAX_ARTIFACT_DEPTH = limit("artifactDepth");

/** Checks an artifact (parsed JSON or its text) and prepares it for evaluation. */
export function loadArtifact(input: unknown): Staged<LoadedPolicy> {
  try {
    return loadChecked(input);
  } catch (e) {
    return { value: undefined, diagnostics: [error("artifact/invalid", `the artifact could not be read: ${(e as Error)?.message ?? String(e)}`)] };
  }
}

function loadChecked(input: unknown): Staged<LoadedPolicy> {
  let data = input;
  if (typeof input === "string") {
    if (input.length > MAX_ARTIFACT_BYTES) {
      return { value: undefined, diagnostics: [error("artifact/too-large", `the artifact is larger than ${MAX_ARTIFACT_BYTES} bytes`)] };
    }
    try {
      data = JSON.parse(input);
    } catch (e) {
      return { value: undefined, diagnostics: [error("artifact/not-json", `the artifact is not JSON: ${(e as Error).message}`)] };
    }
  }
  const record = data as Partial<Artifact> | null;
  if (!record || typeof record !== "object" || record.format !== ARTIFACT_FORMAT) {
    return { value: undefined, diagnostics: [error("artifact/not-an-artifact", `this is not a Proviso artifact (no "format": "${ARTIFACT_FORMAT}")`, { path: "format" })] };
  }
  if (!ARTIFACT_FORMAT_VERSIONS.includes(record.formatVersion as number)) {
    return {
      value: undefined,
      diagnostics: [error("artifact/unsupported-version", `artifact format version ${JSON.stringify(record.formatVersion)} is not supported by this runtime (it reads versions ${ARTIFACT_FORMAT_VERSIONS.join(" and ")}); recompile the policy`, { path: "formatVersion" })],
    };
  }
  if (nestingDepth(record, MAX_ARTIFACT_DEPTH) > MAX_ARTIFACT_DEPTH) {
    return { value: undefined, diagnostics: [error("artifact/too-deep", `the artifact nests deeper than ${MAX_ARTIFACT_DEPTH} levels`)] };
  }
  const shape = validateArtifactShape(record);
  if (shape.length) return { value: undefined, diagnostics: shape };
  const artifact = record as Artifact;
  if (artifactHash(artifact as unknown as Record<string, unknown>) !== artifact.hash) {
    return { value: undefined, diagnostics: [error("artifact/hash-mismatch", "the artifact's content does not match its hash: it was changed after compiling or is damaged", { path: "hash" })] };
  }

  const diagnostics: Diagnostic[] = [];
  for (const fact of artifact.facts) if (!isKnownFact(fact)) diagnostics.push(error("artifact/unknown-fact", `the artifact needs fact "${fact}", which this runtime does not provide`, { path: "facts" }));
  for (const op of artifact.operators) if (!isKnownOperator(op)) diagnostics.push(error("artifact/unknown-operator", `the artifact needs operator "${op}", which this runtime does not provide`, { path: "operators" }));
  diagnostics.push(...checkArtifactInvariants(artifact, limit("conditionDepth")));
  (artifact.customFields ?? []).forEach((f, i) => {
    if (!isSafePath(f.path)) diagnostics.push(error("artifact/unsafe-path", `customFields[${i}].path is not a plain dotted path`, { path: `customFields[${i}].path` }));
  });

  // Nothing is built from rules that failed a check.
  if (diagnostics.length) return { value: undefined, diagnostics };
  const versions: LoadedVersion[] = [];
  for (const info of artifact.versions) {
    const effectiveFromMs = info.effectiveFrom === null ? Number.NEGATIVE_INFINITY : parseInstant(info.effectiveFrom);
    if (effectiveFromMs === undefined) {
      diagnostics.push(error("artifact/invalid", `version "${info.id}" has an invalid effectiveFrom`, { path: "versions" }));
      continue;
    }
    const own = artifact.rules.filter((r) => r.event.params.version === info.id);
    const rules = own
      .filter((r): r is JreRule & { event: { type: "proviso.rule"; params: RuleParams } } => r.event.type === "proviso.rule")
      .map((r) => ({ name: r.name, params: r.event.params, conditions: r.conditions }))
      .sort((a, b) => a.params.index - b.params.index);
    const clauses = own
      .filter((r): r is JreRule & { event: { type: "proviso.clause"; params: ClauseParams } } => r.event.type === "proviso.clause")
      .map((r) => ({ name: r.name, params: r.event.params, conditions: r.conditions }));
    if (!rules.length || !rules[rules.length - 1]!.params.otherwise) {
      diagnostics.push(error("artifact/invalid", `version "${info.id}" has no otherwise rule`, { path: "rules" }));
      continue;
    }
    if (rules.some((r) => !r.params.outcome)) {
      diagnostics.push(error("artifact/invalid", `version "${info.id}" has a rule without an outcome`, { path: "rules" }));
      continue;
    }
    const { currency, locale } = artifact.policy;
    // Conditions on the event alone are numbered across the version's rules and clauses: a decision remembers their results.
    const slots = new Map<string, number>();
    versions.push({ id: info.id, source: info.source ?? artifact.policy.source, money: moneyFormatter(currency, locale), reading: { timezone: artifact.policy.timezone, locale }, effectiveFrom: info.effectiveFrom, effectiveFromMs, rules, clauses, engine: createEngine(own), queue: Promise.resolve(),
      fastRules: rules.map((r) => compileCondition(r.conditions, slots)),
      fastClauses: new Map(clauses.map((c) => [c.params.clause, compileCondition(c.conditions, slots)])),
      ...(rules.length >= INDEX_FROM_RULES ? { ruleIndex: indexRules(rules.map((r) => r.conditions)) } : {}),
    });
  }
  if (diagnostics.length) return { value: undefined, diagnostics };
  versions.sort((a, b) => a.effectiveFromMs - b.effectiveFromMs);
  return { value: { artifact, versions }, diagnostics: [] };
}
