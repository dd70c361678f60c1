// The fast evaluator against json-rules-engine, the reference: on every policy of policies/ and
// thousands of generated events, the same decision (outcome, money, actions, deciding rules,
// explanation with every condition) or the same refusal.
import { readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { libraryFieldsOption } from "./helpers/events.js";
import YAML from "yaml";
import { compilePolicy, resolveTestCases, type PolicyTestFile } from "../compiler/index.js";
import { evaluate, loadArtifact } from "../runtime/index.js";
import { eventsFrom } from "./helpers/arbitrary-events.js";
import { ROOT, filesUnder } from "./helpers/corpus.js";
import { checkDecision } from "./helpers/schemas.js";

const RUNS = Number(process.env.PROVISO_PROPERTY_RUNS ?? 2000);

describe("fast evaluator = json-rules-engine", () => {
  for (const file of filesUnder("policies", ".policy").map((f) => join(ROOT, f))) {
    const name = file.slice(ROOT.length);
    it(`${name}: ${RUNS} generated events`, async () => {
      const compiled = compilePolicy(readFileSync(file, "utf8"), { source: name, ...libraryFieldsOption(file) });
      const policy = loadArtifact(compiled.value!).value!;
      // Every test file of the policy seeds the generator: `x.test.yaml` and any `x.<topic>.test.yaml`.
      const base = basename(file, ".policy");
      const testFiles = readdirSync(dirname(file)).filter((f) => f === `${base}.test.yaml` || (f.startsWith(`${base}.`) && f.endsWith(".test.yaml")));
      const seeds = testFiles.flatMap((f) => resolveTestCases(YAML.parse(readFileSync(join(dirname(file), f), "utf8")) as PolicyTestFile).map((c) => c.event));
      let decided = 0;
      await fc.assert(
        fc.asyncProperty(eventsFrom(seeds), async (event) => {
          const reference = await evaluate(policy, event, { engine: "jre" });
          const fast = await evaluate(policy, event, { engine: "fast" });
          expect(fast).toEqual(reference);
          // Without the explanation the fast evaluator remembers conditions on the event alone across
          // the request's items: the same decision, less its explanation.
          const quick = await evaluate(policy, event, { engine: "fast", explain: false });
          const { explanation: _explanation, ...unexplained } = reference.value ?? {};
          expect(quick).toEqual(reference.value ? { ...reference, value: unexplained } : reference);
          if (reference.value) {
            decided++;
            expect(checkDecision(reference.value)).toEqual([]);
          }
        }),
        { numRuns: RUNS, seed: 20261122 },
      );
      // The generator must reach decisions, not only refusals.
      expect(decided).toBeGreaterThan(RUNS / 4);
    }, 120_000);
  }
});
