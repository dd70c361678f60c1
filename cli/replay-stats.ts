// What replay counts, per batch in a worker and merged in the main thread. Plain data, so it crosses
// the worker boundary as a structured clone.

import { evaluate, evaluateSync, type Decision, type LoadedPolicy, type Staged } from "../runtime/index.js";

export interface RuleChange {
  from: string;
  to: string;
  items: number;
  /** New refund minus baseline refund, over the items of this change. */
  delta: number;
}

export interface ChangedExample {
  line: number;
  orderId: string;
  before: { outcome: string; refund: number; rules: string[] };
  after: { outcome: string; refund: number; rules: string[] };
}

export interface ReplayStats {
  events: number;
  decided: number;
  byOutcome: Record<string, number>;
  refundTotal: number;
  /** Lines that are not JSON, by line number (the first few). */
  malformed: { line: number; message: string }[];
  malformedCount: number;
  /** Events the policy refused (invalid, wrong type, ...): count by code, and the first few. */
  refusedByCode: Record<string, number>;
  refused: { line: number; code: string; path?: string; message: string }[];
  baseline?: {
    decided: number;
    refundTotal: number;
    byOutcome: Record<string, number>;
    changed: number;
    refundDelta: number;
    byRule: RuleChange[];
    examples: ChangedExample[];
  };
}

/** Examples kept of each kind (malformed lines, refusals, changed decisions). */
export const KEEP = 5;

export function emptyStats(withBaseline: boolean): ReplayStats {
  const stats: ReplayStats = { events: 0, decided: 0, byOutcome: {}, refundTotal: 0, malformed: [], malformedCount: 0, refusedByCode: {}, refused: [] };
  if (withBaseline) stats.baseline = { decided: 0, refundTotal: 0, byOutcome: {}, changed: 0, refundDelta: 0, byRule: [], examples: [] };
  return stats;
}

const add = (record: Record<string, number>, key: string, n = 1) => {
  record[key] = (record[key] ?? 0) + n;
};

/** The first KEEP examples by line number: the same whatever order batches or shards are merged in. */
function firstByLine<T extends { line: number }>(a: readonly T[], b: readonly T[]): T[] {
  return [...a, ...b].sort((x, y) => x.line - y.line).slice(0, KEEP);
}

/**
 * Adds one summary to another. Order-independent: merging batches as workers finish them, or shards
 * run on different machines (with `--line-offset`), gives the summary of one run over everything.
 */
export function mergeStats(into: ReplayStats, from: ReplayStats): void {
  into.events += from.events;
  into.decided += from.decided;
  into.refundTotal += from.refundTotal;
  for (const [k, n] of Object.entries(from.byOutcome)) add(into.byOutcome, k, n);
  into.malformedCount += from.malformedCount;
  into.malformed = firstByLine(into.malformed, from.malformed);
  for (const [k, n] of Object.entries(from.refusedByCode)) add(into.refusedByCode, k, n);
  into.refused = firstByLine(into.refused, from.refused);
  if (into.baseline && from.baseline) {
    const b = into.baseline;
    b.decided += from.baseline.decided;
    b.refundTotal += from.baseline.refundTotal;
    for (const [k, n] of Object.entries(from.baseline.byOutcome)) add(b.byOutcome, k, n);
    b.changed += from.baseline.changed;
    b.refundDelta += from.baseline.refundDelta;
    for (const change of from.baseline.byRule) {
      const same = b.byRule.find((r) => r.from === change.from && r.to === change.to);
      if (same) {
        same.items += change.items;
        same.delta += change.delta;
      } else b.byRule.push({ ...change });
    }
    b.byRule.sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
    b.examples = firstByLine(b.examples, from.baseline.examples);
  }
}

export interface ReplayPolicies {
  policy: LoadedPolicy;
  version: string;
  baseline?: { policy: LoadedPolicy; version: string };
  engine: "fast" | "jre";
}

async function decide(policy: LoadedPolicy, event: unknown, version: string, engine: "fast" | "jre") {
  const options = { explain: false, version };
  return engine === "jre" ? evaluate(policy, event, { ...options, engine: "jre" }) : evaluateSync(policy, event, options);
}

const ruleName = (d: Decision, id: string) => {
  const item = d.items.find((i) => i.id === id);
  return item ? `${item.rule.name}` : "(absent)";
};

/** Decides one batch of lines (with their line numbers) and counts what happened. */
export async function replayBatch(lines: readonly [number, string][], setup: ReplayPolicies): Promise<ReplayStats> {
  const stats = emptyStats(Boolean(setup.baseline));
  if (setup.engine === "fast") {
    // The fast evaluator is synchronous: no promise per event.
    for (const [lineNumber, text] of lines) countLine(stats, lineNumber, text, setup, (policy, event, version) => evaluateSync(policy, event, { explain: false, version }));
    return stats;
  }
  for (const [lineNumber, text] of lines) {
    const parsed = parseLine(stats, lineNumber, text);
    if (parsed === undefined) continue;
    const now = await decide(setup.policy, parsed.event, setup.version, setup.engine);
    const before = setup.baseline && now.value ? await decide(setup.baseline.policy, parsed.event, setup.baseline.version, setup.engine) : undefined;
    count(stats, lineNumber, parsed.event, now, before, setup);
  }
  return stats;
}

type Decide = (policy: LoadedPolicy, event: unknown, version: string) => Staged<Decision>;

function countLine(stats: ReplayStats, lineNumber: number, text: string, setup: ReplayPolicies, decideNow: Decide): void {
  const parsed = parseLine(stats, lineNumber, text);
  if (parsed === undefined) return;
  const now = decideNow(setup.policy, parsed.event, setup.version);
  const before = setup.baseline && now.value ? decideNow(setup.baseline.policy, parsed.event, setup.baseline.version) : undefined;
  count(stats, lineNumber, parsed.event, now, before, setup);
}

/** The line's event, or undefined (counted as malformed) when it is not JSON. */
function parseLine(stats: ReplayStats, lineNumber: number, text: string): { event: unknown } | undefined {
  stats.events++;
  try {
    return { event: JSON.parse(text) };
  } catch (e) {
    stats.malformedCount++;
    if (stats.malformed.length < KEEP) stats.malformed.push({ line: lineNumber, message: (e as Error).message });
    return undefined;
  }
}

/** Counts one decided (or refused) event, and how it differs from the baseline's decision. */
function count(stats: ReplayStats, lineNumber: number, event: unknown, result: Staged<Decision>, baseline: Staged<Decision> | undefined, setup: ReplayPolicies): void {
  if (!result.value) {
    const d = result.diagnostics[0]!;
    add(stats.refusedByCode, d.code);
    if (stats.refused.length < KEEP) stats.refused.push(d.path !== undefined ? { line: lineNumber, code: d.code, path: d.path, message: d.message } : { line: lineNumber, code: d.code, message: d.message });
    return;
  }
  const now = result.value;
  stats.decided++;
  add(stats.byOutcome, now.outcome);
  stats.refundTotal += now.refund.amount;
  if (!setup.baseline || !stats.baseline) return;
  const before = baseline?.value;
  if (!before) return;
  const b = stats.baseline;
  b.decided++;
  add(b.byOutcome, before.outcome);
  b.refundTotal += before.refund.amount;
  const changedItems = now.items.filter((item) => {
    const old = before.items.find((i) => i.id === item.id);
    return !old || old.outcome !== item.outcome || old.refund.amount !== item.refund.amount || old.rule.name !== item.rule.name;
  });
  const changed = before.outcome !== now.outcome || before.refund.amount !== now.refund.amount || changedItems.length > 0;
  if (!changed) return;
  b.changed++;
  b.refundDelta += now.refund.amount - before.refund.amount;
  for (const item of changedItems) {
    const old = before.items.find((i) => i.id === item.id);
    const from = ruleName(before, item.id);
    const to = item.rule.name;
    const delta = item.refund.amount - (old?.refund.amount ?? 0);
    const same = b.byRule.find((r) => r.from === from && r.to === to);
    if (same) {
      same.items++;
      same.delta += delta;
    } else b.byRule.push({ from, to, items: 1, delta });
  }
  if (b.examples.length < KEEP) {
    const orderId = String((event as { order?: { id?: unknown } }).order?.id ?? "?");
    b.examples.push({
      line: lineNumber,
      orderId,
      before: { outcome: before.outcome, refund: before.refund.amount, rules: before.items.map((i) => i.rule.name) },
      after: { outcome: now.outcome, refund: now.refund.amount, rules: now.items.map((i) => i.rule.name) },
    });
  }
}
