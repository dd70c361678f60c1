// A policy's own tests: events with the decision fields they must produce (partial match), and the
// coverage they give: which rules decided something, which conditions were seen true and false.
// Core, not CLI, so the playground runs the same tests in the page.

import { evaluate, type Decision, type Diagnostic, type LoadedPolicy } from "../runtime/index.js";

export interface PolicyTestCase {
  name: string;
  event: unknown;
  /** Evaluate with the version in force at this instant. */
  asOf?: string;
  /**
   * What the decision must contain. Any decision field, matched partially (objects: the keys given;
   * arrays: same length, element by element), plus the corpus shortcuts: `refund: 4305` (the
   * amount), `currency`, `method`, `actions: [types that must be present]`, and
   * `items: { L1: { outcome, refund } }`. Or `error: <code>` when the event must be refused.
   */
  expect: Record<string, unknown>;
}

export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface TestResult {
  name: string;
  passed: boolean;
  mismatches: Mismatch[];
  /** Diagnostics when the event was refused and the test did not expect it. */
  diagnostics?: Diagnostic[];
  decision?: Decision;
}

export interface RuleCoverage {
  version: string;
  rule: string;
  line: number;
  /** Items this rule decided across all tests. */
  decided: number;
  /** The lint found that the rule can never apply: reported, not counted as a gap. */
  unreachable: boolean;
}

export interface ConditionCoverage {
  version: string;
  rule: string;
  text: string;
  line: number;
  column: number;
  seenTrue: boolean;
  seenFalse: boolean;
}

export interface CoverageReport {
  rules: RuleCoverage[];
  conditions: ConditionCoverage[];
  /** Percent of reachable rules that decided at least one item. */
  rulePercent: number;
  /** Percent of condition outcomes (true and false, for each condition) seen. */
  conditionPercent: number;
}

export interface TestReport {
  results: TestResult[];
  passed: number;
  failed: number;
  coverage: CoverageReport;
}

/** A test file as written: an optional base event that every case's event is merged over. */
export interface PolicyTestFile {
  policy?: string;
  /** An event every case starts from; a case's `event` is merged over it (objects key by key, arrays replaced). */
  base?: unknown;
  cases: { name: string; event?: unknown; asOf?: string; expect?: Record<string, unknown> }[];
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** `patch` over `base`: objects merge key by key, anything else (arrays included) replaces; `null` removes a key. */
export function mergeEvent(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    if (value === null) delete out[key];
    else out[key] = mergeEvent(base[key], value);
  }
  return out;
}

/** The cases of a test file, each with its full event. */
export function resolveTestCases(file: PolicyTestFile): PolicyTestCase[] {
  return file.cases.map((c) => {
    const resolved: PolicyTestCase = { name: String(c.name), event: file.base === undefined ? c.event : mergeEvent(file.base, c.event ?? {}), expect: c.expect ?? {} };
    if (c.asOf !== undefined) resolved.asOf = c.asOf;
    return resolved;
  });
}

function partial(expected: unknown, actual: unknown, path: string, out: Mismatch[]): void {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      out.push({ path, expected, actual });
      return;
    }
    for (const [key, value] of Object.entries(expected)) partial(value, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ path, expected, actual });
      return;
    }
    expected.forEach((e, i) => partial(e, actual[i], `${path}[${i}]`, out));
    return;
  }
  if (expected !== actual) out.push({ path, expected, actual });
}

/** Compares a decision with what a test expects; returns what differs. */
export function matchDecision(expect: Record<string, unknown>, decision: Decision): Mismatch[] {
  const out: Mismatch[] = [];
  const rest: Record<string, unknown> = { ...expect };
  if (typeof rest.refund === "number") {
    partial(rest.refund, decision.refund.amount, "refund.amount", out);
    delete rest.refund;
  }
  if ("currency" in rest) {
    partial(rest.currency, decision.refund.currency, "refund.currency", out);
    delete rest.currency;
  }
  if ("method" in rest) {
    // The corpus leaves method out when nothing is refunded.
    if (decision.refund.amount > 0 || rest.method !== undefined) partial(rest.method, decision.refund.method, "refund.method", out);
    delete rest.method;
  }
  if (Array.isArray(rest.actions) && rest.actions.every((a) => typeof a === "string")) {
    const types = decision.actions.map((a) => a.type);
    for (const want of rest.actions as string[]) if (!types.includes(want as never)) out.push({ path: "actions", expected: `contains ${want}`, actual: types });
    delete rest.actions;
  }
  if (rest.items && typeof rest.items === "object" && !Array.isArray(rest.items)) {
    for (const [id, want] of Object.entries(rest.items as Record<string, Record<string, unknown>>)) {
      const item = decision.items.find((i) => i.id === id);
      if (!item) {
        out.push({ path: `items.${id}`, expected: want, actual: undefined });
        continue;
      }
      const { refund, ...others } = want ?? {};
      if (typeof refund === "number") partial(refund, item.refund.amount, `items.${id}.refund.amount`, out);
      else if (refund !== undefined) partial(refund, item.refund, `items.${id}.refund`, out);
      partial(others, item, `items.${id}`, out);
    }
    delete rest.items;
  }
  partial(rest, decision, "", out);
  return out;
}

/** Runs a policy's tests and measures what they cover. */
export async function runPolicyTests(policy: LoadedPolicy, cases: readonly PolicyTestCase[], lint: readonly Diagnostic[] = []): Promise<TestReport> {
  const decidedBy = new Map<string, number>();
  const seen = new Map<string, { t: boolean; f: boolean }>();
  const results: TestResult[] = [];
  for (const c of cases) {
    const wanted = c.expect ?? {};
    const { value: decision, diagnostics } = await evaluate(policy, c.event, c.asOf ? { asOf: c.asOf } : {});
    if (!decision) {
      const passed = typeof wanted.error === "string" && diagnostics.some((d) => d.code === wanted.error);
      results.push({ name: c.name, passed, mismatches: passed ? [] : [{ path: "error", expected: wanted.error ?? "a decision", actual: diagnostics.map((d) => d.code).join(", ") }], diagnostics });
      continue;
    }
    const mismatches = "error" in wanted ? [{ path: "error", expected: wanted.error, actual: "a decision" }] : matchDecision(wanted, decision);
    results.push({ name: c.name, passed: mismatches.length === 0, mismatches, decision });
    for (const item of decision.items) decidedBy.set(`${item.rule.version}#${item.rule.line}`, (decidedBy.get(`${item.rule.version}#${item.rule.line}`) ?? 0) + 1);
    for (const item of decision.explanation?.items ?? []) {
      for (const rule of item.rules) {
        for (const condition of rule.conditions) {
          const key = `${item.version}#${rule.line}#${condition.name}`;
          const s = seen.get(key) ?? { t: false, f: false };
          if (condition.result) s.t = true;
          else if (!condition.absent) s.f = true;
          seen.set(key, s);
        }
      }
    }
  }
  const unreachableLines = new Set(lint.filter((d) => d.code === "lint/unreachable-rule").map((d) => d.range?.start.line));
  const rules: RuleCoverage[] = [];
  const conditions: ConditionCoverage[] = [];
  for (const version of policy.versions) {
    for (const rule of version.rules) {
      const line = rule.params.range[0];
      rules.push({ version: version.id, rule: rule.params.name, line, decided: decidedBy.get(`${version.id}#${line}`) ?? 0, unreachable: unreachableLines.has(line) });
      for (const [name, info] of Object.entries(rule.params.conditions)) {
        const s = seen.get(`${version.id}#${line}#${name}`) ?? { t: false, f: false };
        conditions.push({ version: version.id, rule: rule.params.name, text: info.text, line: info.range[0], column: info.range[1], seenTrue: s.t, seenFalse: s.f });
      }
    }
  }
  const reachable = rules.filter((r) => !r.unreachable);
  const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.floor((part / whole) * 1000) / 10);
  const outcomesSeen = conditions.reduce((n, c) => n + (c.seenTrue ? 1 : 0) + (c.seenFalse ? 1 : 0), 0);
  return {
    results,
    passed: results.filter((r) => r.passed).length,
    failed: results.filter((r) => !r.passed).length,
    coverage: {
      rules,
      conditions,
      rulePercent: percent(reachable.filter((r) => r.decided > 0).length, reachable.length),
      conditionPercent: percent(outcomesSeen, conditions.length * 2),
    },
  };
}
