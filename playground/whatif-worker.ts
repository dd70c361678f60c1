// What-if on history, off the main thread: each past order (one JSON event per line) decided by the
// baseline and by the policy being edited, and what changed — outcomes that flip, refund moved, by
// rule. Progress is posted as it goes; the page cancels by terminating the worker.

import { evaluateSync, loadArtifact, type Artifact, type Decision } from "../runtime/index.js";

export interface WhatIfRequest {
  baseline: Artifact;
  candidate: Artifact;
  /** JSON Lines: one event per line (blank lines skipped). */
  text: string;
}

/** One order whose decision changed. */
export interface Changed {
  line: number;
  order: string;
  before: { outcome: string; refund: number; rule: string };
  after: { outcome: string; refund: number; rule: string };
  currency: string;
  /** The event, to load it into the editor. */
  event: string;
}

/** Where the refund moved: per rule that decides a changed item now (and the request-level remainder), per currency. */
export interface ByRule {
  rule: string;
  /** Items that changed under this rule (orders, for the request-level row). */
  orders: number;
  delta: Record<string, number>;
}

export interface WhatIfSummary {
  lines: number;
  decided: number;
  /** Lines neither policy could decide (not JSON, refused events), with the first few reasons. */
  refused: number;
  refusals: { line: number; message: string }[];
  changed: number;
  /** "approve → deny": orders. */
  flips: Record<string, number>;
  /** Refund after minus before, per currency. */
  delta: Record<string, number>;
  byRule: ByRule[];
  /** The first changed orders, in file order. */
  examples: Changed[];
  millis: number;
}

export type WhatIfReply =
  | { kind: "progress"; done: number; total: number }
  | { kind: "done"; summary: WhatIfSummary }
  | { kind: "failed"; message: string };

const SHOWN = 200;
/** The row for refund moved by request-level amounts: shipping refunded, fees and additions once per request. */
export const REQUEST_LEVEL = "shipping and once-per-request amounts";
const PROGRESS_EVERY = 2000;

function firstRule(d: Decision): string {
  return d.items[0]?.rule.name ?? "—";
}

export function whatIf(request: WhatIfRequest, progress: (done: number, total: number) => void = () => {}): WhatIfSummary {
  const started = performance.now();
  const baseline = loadArtifact(request.baseline).value;
  const candidate = loadArtifact(request.candidate).value;
  if (!baseline || !candidate) throw new Error("a policy could not be loaded");
  const lines = request.text.split(/\r?\n/);
  const summary: WhatIfSummary = { lines: 0, decided: 0, refused: 0, refusals: [], changed: 0, flips: {}, delta: {}, byRule: [], examples: [], millis: 0 };
  const byRule = new Map<string, ByRule>();
  lines.forEach((raw, index) => {
    if (index % PROGRESS_EVERY === 0) progress(index, lines.length);
    const text = raw.replace(/^\uFEFF/, "").trim();
    if (!text) return;
    summary.lines++;
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      summary.refused++;
      if (summary.refusals.length < 20) summary.refusals.push({ line: index + 1, message: "not JSON" });
      return;
    }
    const before = evaluateSync(baseline, event, { explain: false });
    const after = evaluateSync(candidate, event, { explain: false });
    if (!before.value || !after.value) {
      summary.refused++;
      const d = (before.value ? after : before).diagnostics[0];
      if (summary.refusals.length < 20) summary.refusals.push({ line: index + 1, message: d ? `${d.message} [${d.code}]` : "refused" });
      return;
    }
    summary.decided++;
    const b = before.value;
    const a = after.value;
    const itemsDiffer = a.items.some((item, i) => item.outcome !== b.items[i]?.outcome || item.refund.amount !== b.items[i]?.refund.amount);
    if (a.outcome === b.outcome && a.refund.amount === b.refund.amount && !itemsDiffer) return;
    summary.changed++;
    const currency = a.refund.currency;
    const moved = a.refund.amount - b.refund.amount;
    if (a.outcome !== b.outcome) {
      const flip = `${b.outcome} → ${a.outcome}`;
      summary.flips[flip] = (summary.flips[flip] ?? 0) + 1;
    }
    summary.delta[currency] = (summary.delta[currency] ?? 0) + moved;
    // Each changed item counts for the rule that decides it now; what the items do not account for
    // (shipping, fees once per request) goes to its own row, so the rows add up to the total.
    const add = (rule: string, amount: number) => {
      const entry = byRule.get(rule) ?? { rule, orders: 0, delta: {} };
      entry.orders++;
      entry.delta[currency] = (entry.delta[currency] ?? 0) + amount;
      byRule.set(rule, entry);
    };
    let itemsMoved = 0;
    a.items.forEach((item, i) => {
      const was = b.items[i];
      if (was && item.outcome === was.outcome && item.refund.amount === was.refund.amount) return;
      const amount = item.refund.amount - (was?.refund.amount ?? 0);
      itemsMoved += amount;
      add(item.rule.name, amount);
    });
    if (moved !== itemsMoved) add(REQUEST_LEVEL, moved - itemsMoved);
    const rule = firstRule(a);
    if (summary.examples.length < SHOWN) {
      const order = (event as { order?: { id?: unknown } }).order?.id;
      summary.examples.push({
        line: index + 1, order: typeof order === "string" ? order : `line ${index + 1}`, currency, event: text,
        before: { outcome: b.outcome, refund: b.refund.amount, rule: firstRule(b) },
        after: { outcome: a.outcome, refund: a.refund.amount, rule },
      });
    }
  });
  summary.byRule = [...byRule.values()].sort((x, y) => y.orders - x.orders);
  summary.millis = performance.now() - started;
  progress(lines.length, lines.length);
  return summary;
}

// In a worker (not when imported by a test in Node).
if (typeof self !== "undefined" && typeof (self as { postMessage?: unknown }).postMessage === "function" && typeof window === "undefined") {
  self.onmessage = (e: MessageEvent<WhatIfRequest>) => {
    const post = (reply: WhatIfReply) => (self as unknown as Worker).postMessage(reply);
    try {
      const summary = whatIf(e.data, (done, total) => post({ kind: "progress", done, total }));
      post({ kind: "done", summary });
    } catch (error) {
      post({ kind: "failed", message: (error as Error)?.message ?? String(error) });
    }
  };
}
