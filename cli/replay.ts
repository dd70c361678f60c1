// `proviso replay`: what would this policy have done to a history of orders? Each worker thread reads,
// parses and decides its own share of the file (memory stays flat whatever its size), and the counts
// are merged; standard input is read here and dealt out in batches.

import { statSync } from "node:fs";
import { cpus } from "node:os";
import { Worker } from "node:worker_threads";
import { formatMoney, type Artifact } from "../runtime/index.js";
import { limit } from "../runtime/index.js";
import { UsageError } from "./io.js";
import { jsonLines, lineRanges } from "./jsonl.js";
import { KEEP, emptyStats, mergeStats, type ReplayStats } from "./replay-stats.js";

export interface ReplayOptions {
  artifact: Artifact;
  version: string;
  baseline?: { artifact: Artifact; version: string };
  engine: "fast" | "jre";
  /** Worker threads; default: one per core. */
  workers?: number;
  batchSize?: number;
  /** Called now and then with the number of lines read so far. */
  onProgress?: (lines: number) => void;
  /** Added to every line number reported: for a shard that starts at line lineOffset + 1 of the whole history. */
  lineOffset?: number;
}

export async function replayFile(file: string, options: ReplayOptions): Promise<ReplayStats> {
  const workerCount = Math.max(1, options.workers ?? cpus().length);
  const workerData = {
    artifact: JSON.stringify(options.artifact),
    version: options.version,
    engine: options.engine,
    ...(options.baseline ? { baseline: { artifact: JSON.stringify(options.baseline.artifact), version: options.baseline.version } } : {}),
  };
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL("./replay-worker.js", import.meta.url), { workerData }));
  try {
    // A file is cut into one range per worker, each read and parsed by its worker; standard input can
    // only be read in order, by this thread, and is dealt out in batches.
    return file === "-" ? await replayStream(file, options, workers) : await replayRanges(file, options, workers);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Moves the line numbers of a range's summary to the file's. */
function shiftLines(stats: ReplayStats, by: number): void {
  for (const m of stats.malformed) m.line += by;
  for (const r of stats.refused) r.line += by;
  for (const e of stats.baseline?.examples ?? []) e.line += by;
}

async function replayRanges(file: string, options: ReplayOptions, workers: Worker[]): Promise<ReplayStats> {
  const { size } = statSync(file);
  const ranges = await lineRanges(file, size, workers.length);
  const progress = ranges.map(() => 0);
  const results = await Promise.all(ranges.map((range, i) => new Promise<{ stats: ReplayStats; lineBreaks: number }>((resolve, reject) => {
    const w = workers[i]!;
    w.on("message", (m: { progress?: number; stats?: ReplayStats; lineBreaks?: number }) => {
      if (m.progress !== undefined) {
        progress[i] = m.progress;
        options.onProgress?.(progress.reduce((a, b) => a + b, 0));
      } else resolve({ stats: m.stats!, lineBreaks: m.lineBreaks! });
    });
    w.on("error", reject);
    w.postMessage({ id: i, file, range, batchSize: options.batchSize ?? 500 });
  })));
  const total = emptyStats(Boolean(options.baseline));
  let before = options.lineOffset ?? 0;
  for (const { stats, lineBreaks } of results) {
    shiftLines(stats, before);
    mergeStats(total, stats);
    before += lineBreaks;
  }
  options.onProgress?.(before - (options.lineOffset ?? 0));
  return total;
}

async function replayStream(file: string, options: ReplayOptions, workers: Worker[]): Promise<ReplayStats> {
  const batchSize = options.batchSize ?? 500;
  const total = emptyStats(Boolean(options.baseline));
  const idle: Worker[] = [...workers];
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let failure: Error | undefined;
  const pending = new Map<number, Worker>();
  for (const w of workers) {
    w.on("message", (m: { id: number; stats: ReplayStats }) => {
      mergeStats(total, m.stats);
      pending.delete(m.id);
      inFlight--;
      idle.push(w);
      waiting.shift()?.();
    });
    w.on("error", (e) => {
      failure = e;
      waiting.splice(0).forEach((f) => f());
    });
  }
  const send = async (id: number, lines: [number, string][]) => {
    // Back-pressure: never more batches in flight than workers, so memory stays flat.
    while (!idle.length && !failure) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failure) throw failure;
    const w = idle.pop()!;
    inFlight++;
    pending.set(id, w);
    w.postMessage({ id, lines });
  };

  let lineNumber = 0;
  let batch: [number, string][] = [];
  let id = 0;
  {
    const offset = options.lineOffset ?? 0;
    for await (const read of jsonLines(file)) {
      const { text } = read;
      const line = read.line + offset;
      lineNumber = read.line;
      if (text === undefined) {
        total.events++;
        total.malformedCount++;
        if (total.malformed.length < KEEP) total.malformed.push({ line, message: `the line is longer than ${limit("eventLineBytes")} bytes` });
        continue;
      }
      batch.push([line, text]);
      if (batch.length >= batchSize) {
        await send(id++, batch);
        batch = [];
        if (id % 20 === 0) options.onProgress?.(lineNumber);
      }
    }
    if (batch.length) await send(id++, batch);
    while (inFlight > 0 && !failure) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failure) throw failure;
    options.onProgress?.(lineNumber);
  }
  return total;
}

/** What `replay --format json` prints: the counts, and what they were counted with. */
export interface ReplaySummary extends Omit<ReplayStats, "baseline"> {
  policy: string;
  hash: string;
  version: string;
  currency: string;
  engine: "fast" | "jre";
  /** Seconds the run took; merged summaries add them up (machine time, not wall time). */
  seconds: number;
  appliesVersionToEveryEvent: true;
  baseline?: NonNullable<ReplayStats["baseline"]> & { policy: string; hash: string; version: string };
}

/**
 * Merges the JSON summaries of shards of one history (each replayed with the same policy, version,
 * baseline and engine, and `--line-offset` for the line numbers) into the summary one run over the
 * whole history gives.
 */
export function mergeSummaries(inputs: readonly { file: string; summary: unknown }[]): ReplaySummary {
  const summaries = inputs.map(({ file, summary }) => {
    const s = summary as Partial<ReplaySummary> | null;
    if (!s || typeof s !== "object" || typeof s.policy !== "string" || typeof s.hash !== "string" || typeof s.events !== "number" || s.appliesVersionToEveryEvent !== true) {
      throw new UsageError(`${file} is not a replay summary (made by proviso replay --format json)`);
    }
    return { file, s: s as ReplaySummary };
  });
  if (!summaries.length) throw new UsageError("--merge needs at least one summary");
  const first = summaries[0]!.s;
  const key = (s: ReplaySummary) => JSON.stringify([s.hash, s.version, s.engine, s.baseline?.hash ?? null, s.baseline?.version ?? null]);
  for (const { file, s } of summaries) {
    if (key(s) !== key(first)) throw new UsageError(`${file} was replayed with another policy, version, baseline or engine than ${summaries[0]!.file}: summaries merge only when all of these are the same`);
  }
  const total = emptyStats(Boolean(first.baseline));
  let seconds = 0;
  for (const { s } of summaries) {
    const { policy: _p, hash: _h, version: _v, currency: _c, engine: _e, seconds: sec, appliesVersionToEveryEvent: _a, ...counts } = s;
    mergeStats(total, counts as ReplayStats);
    seconds += sec;
  }
  const { baseline, ...rest } = total;
  return {
    policy: first.policy, hash: first.hash, version: first.version, currency: first.currency, engine: first.engine, seconds, appliesVersionToEveryEvent: true,
    ...rest,
    ...(baseline && first.baseline ? { baseline: { ...baseline, policy: first.baseline.policy, hash: first.baseline.hash, version: first.baseline.version } } : {}),
  };
}

function money(n: number, currency: string): string {
  return formatMoney(n, currency, "en-US");
}

const percent = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : "0%");

export interface ReplayReportInput {
  stats: ReplayStats;
  currency: string;
  policy: string;
  version: string;
  baseline?: { policy: string; version: string };
  engine: string;
  seconds: number;
}

/** The summary as text (pretty) or as a pull-request comment (markdown). */
export function replayReport(r: ReplayReportInput, markdown: boolean): string {
  const s = r.stats;
  const out: string[] = [];
  const h = (t: string) => out.push(markdown ? `### ${t}` : `${t}`);
  const row = (cells: string[]) => out.push(markdown ? `| ${cells.join(" | ")} |` : `  ${cells.join("  ")}`);
  h(`Replay of ${s.events.toLocaleString("en-US")} events against ${r.policy}`);
  out.push(`${markdown ? "" : ""}Every event is decided by version **${r.version}**${r.baseline ? ` (baseline: ${r.baseline.policy}, version **${r.baseline.version}**)` : ""}, whatever its order date: this answers "what would this version do". Engine: ${r.engine}; ${r.seconds.toFixed(1)} s (${Math.round(s.events / Math.max(r.seconds, 1e-9)).toLocaleString("en-US")} events/s).`.replace(/\*\*/g, markdown ? "**" : ""));
  out.push("");
  if (markdown) out.push("| outcome | decisions | share |", "|---|---:|---:|");
  for (const outcome of ["approve", "review", "deny"]) row([outcome, (s.byOutcome[outcome] ?? 0).toLocaleString("en-US"), percent(s.byOutcome[outcome] ?? 0, s.decided)]);
  out.push("");
  out.push(`Refund total: ${money(s.refundTotal, r.currency)} over ${s.decided.toLocaleString("en-US")} decisions.`);
  if (s.malformedCount) out.push(`Malformed lines skipped: ${s.malformedCount} (${s.malformed.map((m) => `line ${m.line}`).join(", ")}${s.malformedCount > s.malformed.length ? ", …" : ""}).`);
  const refused = Object.entries(s.refusedByCode);
  if (refused.length) out.push(`Events refused: ${refused.map(([code, n]) => `${code} ×${n}`).join(", ")} (first: ${s.refused.map((x) => `line ${x.line}${x.path ? ` ${x.path}` : ""}`).join(", ")}).`);
  const b = s.baseline;
  if (b) {
    out.push("");
    h("Against the baseline");
    out.push(`Changed decisions: ${b.changed.toLocaleString("en-US")} of ${b.decided.toLocaleString("en-US")} (${percent(b.changed, b.decided)}). Refund delta: ${b.refundDelta >= 0 ? "+" : "−"}${money(Math.abs(b.refundDelta), r.currency)} (baseline ${money(b.refundTotal, r.currency)} → ${money(s.refundTotal, r.currency)}).`);
    if (b.byRule.length) {
      out.push("");
      if (markdown) out.push("| item decided by (baseline → new) | items | refund delta |", "|---|---:|---:|");
      for (const c of [...b.byRule].sort((x, y) => y.items - x.items).slice(0, 15)) row([`${c.from} → ${c.to}`, c.items.toLocaleString("en-US"), `${c.delta >= 0 ? "+" : "−"}${money(Math.abs(c.delta), r.currency)}`]);
    }
    if (b.examples.length) {
      out.push("", markdown ? "Examples:" : "Examples:");
      for (const e of b.examples) out.push(`${markdown ? "- " : "  "}line ${e.line}, order ${e.orderId}: ${e.before.outcome} ${money(e.before.refund, r.currency)} (${e.before.rules.join(", ")}) → ${e.after.outcome} ${money(e.after.refund, r.currency)} (${e.after.rules.join(", ")})`);
    }
  }
  return `${out.join("\n")}\n`;
}
