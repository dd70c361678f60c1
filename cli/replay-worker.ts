// A replay worker: loads the artifacts once, then decides the batches of lines the main thread sends.
import { parentPort, workerData } from "node:worker_threads";
import { loadArtifact } from "../runtime/index.js";
import { replayBatch, type ReplayPolicies } from "./replay-stats.js";

interface Setup {
  artifact: string;
  version: string;
  baseline?: { artifact: string; version: string };
  engine: "fast" | "jre";
}

const data = workerData as Setup;
const setup: ReplayPolicies = { policy: loadArtifact(data.artifact).value!, version: data.version, engine: data.engine };
if (data.baseline) setup.baseline = { policy: loadArtifact(data.baseline.artifact).value!, version: data.baseline.version };

parentPort!.on("message", async (batch: { id: number; lines: [number, string][] }) => {
  parentPort!.postMessage({ id: batch.id, stats: await replayBatch(batch.lines, setup) });
});
