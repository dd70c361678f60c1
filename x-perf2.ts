import { readFileSync } from "node:fs";
import YAML from "yaml";
import { compilePolicy } from "./compiler/index.js";
import { evaluateSync, loadArtifact, validateEventShape } from "./runtime/index.js";
const policy = loadArtifact(compilePolicy(readFileSync("policies/retail-returns.policy", "utf8")).value!).value!;
const events = YAML.parse(readFileSync("../shared/corpus/retail-returns.yaml", "utf8")).cases.map((c: any) => c.event);
function time(label: string, fn: (i: number) => void, n = 50000) {
  for (let i = 0; i < 2000; i++) fn(i);
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  console.log(label.padEnd(20), ((performance.now() - t) * 1000 / n).toFixed(2), "µs");
}
time("json clone", (i) => JSON.parse(JSON.stringify(events[i % events.length])));
time("structuredClone", (i) => structuredClone(events[i % events.length]));
const clones = events.map((e: any) => JSON.parse(JSON.stringify(e)));
time("ajv validate", (i) => validateEventShape(clones[i % clones.length]));
time("evaluateSync", (i) => evaluateSync(policy, events[i % events.length], { explain: false }));
time("evaluateSync+explain", (i) => evaluateSync(policy, events[i % events.length]), 20000);
