// A replay worker: loads the artifacts once, then decides what it is given: batches of lines the main
// thread read (standard input), or a byte range of the file, which it reads and parses itself so the
// main thread does no per-line work.
import { parentPort, workerData } from "node:worker_threads";
import { limit, loadArtifact } from "../runtime/index.js";
import { jsonLines, type ByteRange } from "./jsonl.js";
import { KEEP, emptyStats, mergeStats, replayBatch, type ReplayPolicies } from "./replay-stats.js";

interface Setup {
  artifact: string;
  version: string;
  baseline?: { artifact: string; version: string };
  engine: "fast" | "jre";
}

const data = workerData as Setup;
const setup: ReplayPolicies = { policy: loadArtifact(data.artifact).value!, version: data.version, engine: data.engine };
if (data.baseline) setup.baseline = { policy: loadArtifact(data.baseline.artifact).value!, version: data.baseline.version };

type Message = { id: number; lines: [number, string][] } | { id: number; file: string; range: ByteRange; batchSize: number };

/** Reads, parses and decides a range of the file; line numbers count from the range's start. */
async function replayRange(id: number, file: string, range: ByteRange, batchSize: number): Promise<void> {
  const stats = emptyStats(Boolean(setup.baseline));
  let batch: [number, string][] = [];
  let read = 0;
  let lineBreaks = 0;
  for await (const line of jsonLines(file, limit("eventLineBytes"), range, (n) => (lineBreaks = n))) {
    read = line.line;
    if (line.text === undefined) {
      stats.events++;
      stats.malformedCount++;
      if (stats.malformed.length < KEEP) stats.malformed.push({ line: line.line, message: `the line is longer than ${limit("eventLineBytes")} bytes` });
      continue;
    }
    batch.push([line.line, line.text]);
    if (batch.length >= batchSize) {
      mergeStats(stats, await replayBatch(batch, setup));
      batch = [];
      parentPort!.postMessage({ id, progress: read });
    }
  }
  if (batch.length) mergeStats(stats, await replayBatch(batch, setup));
  parentPort!.postMessage({ id, stats, lineBreaks });
}

parentPort!.on("message", async (message: Message) => {
  if ("range" in message) await replayRange(message.id, message.file, message.range, message.batchSize);
  else parentPort!.postMessage({ id: message.id, stats: await replayBatch(message.lines, setup) });
});
