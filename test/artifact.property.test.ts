// Altered artifacts, with their hash recomputed (as anyone who edits one can): the loader must refuse
// every one that breaks an invariant an evaluator relies on. For every artifact it accepts, the fast
// evaluator and json-rules-engine give identical decisions (or the same diagnostics), and neither
// ever reports `eval/internal`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { libraryFieldsOption } from "./helpers/events.js";
import YAML from "yaml";
import { compilePolicy, resolveTestCases, type PolicyTestFile } from "../compiler/index.js";
import { artifactHash, evaluate, loadArtifact, type Artifact } from "../runtime/index.js";
import { ROOT, filesUnder } from "./helpers/corpus.js";

const SEED = 20261201;

const LIBRARY = filesUnder("policies", ".policy").map((f) => join(ROOT, f)).map((file) => {
  const artifact = compilePolicy(readFileSync(file, "utf8"), libraryFieldsOption(file)).value!;
  const events = resolveTestCases(YAML.parse(readFileSync(file.replace(/\.policy$/, ".test.yaml"), "utf8")) as PolicyTestFile).map((c) => c.event).slice(0, 6);
  return { name: file.slice(ROOT.length), artifact, events };
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside the artifact (not its hash). */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length) out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (!(prefix.length === 0 && k === "hash")) paths(v, [...prefix, k], out);
  return out;
}

const REPLACEMENTS: Json[] = [null, 0, -1, 1, 2.5, 1e300, "", "x", "Not/AZone", "1", "c0", "#1", true, false, [], {}, [1, 2], [2, 1], ["x"], { fact: "event" }, "2026-01-01T00:00:00Z", "proviso.rule", "proviso.clause", "otherwise"];

const alteration = fc.record({
  kind: fc.constantFrom("delete", "replace", "copy", "duplicate", "swap"),
  target: fc.nat(),
  other: fc.nat(),
  replacement: fc.constantFrom(...REPLACEMENTS),
});

function alter(original: Artifact, changes: { kind: string; target: number; other: number; replacement: Json }[]): Artifact {
  const a = structuredClone(original) as unknown as { [k: string]: Json };
  for (const change of changes) {
    const all = paths(a);
    const path = all[change.target % all.length]!;
    const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as never)[k], a) as { [k: string]: Json } | Json[];
    const key = path[path.length - 1]!;
    const other = all[change.other % all.length]!.reduce<Json>((node, k) => (node as never)[k], a);
    if (change.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key as string];
    } else if (change.kind === "replace") (parent as never as Record<string, Json>)[key] = structuredClone(change.replacement);
    else if (change.kind === "copy") (parent as never as Record<string, Json>)[key] = structuredClone(other);
    else if (change.kind === "duplicate" && Array.isArray(parent)) parent.splice(Number(key), 0, structuredClone(parent[Number(key)]!));
    else if (change.kind === "swap" && Array.isArray(parent) && parent.length > 1) {
      const j = change.other % parent.length;
      [parent[Number(key)], parent[j]] = [parent[j]!, parent[Number(key)]!];
    }
  }
  const { hash: _old, ...content } = a;
  return { ...content, hash: artifactHash(content) } as unknown as Artifact;
}

describe("altered artifacts with a recomputed hash", () => {
  for (const { name, artifact, events } of LIBRARY) {
    it(`${name}: refused, or decided identically by both evaluators and never with eval/internal`, async () => {
      let accepted = 0;
      await fc.assert(fc.asyncProperty(fc.array(alteration, { minLength: 1, maxLength: 3 }), fc.boolean(), async (changes, explain) => {
        const altered = alter(artifact, changes);
        const loaded = loadArtifact(altered);
        if (!loaded.value) {
          expect(loaded.diagnostics.length).toBeGreaterThan(0);
          for (const d of loaded.diagnostics) expect(d.code).toMatch(/^artifact\//);
          return;
        }
        accepted++;
        for (const event of events) {
          const fast = await evaluate(loaded.value, event, { explain });
          const jre = await evaluate(loaded.value, event, { explain, engine: "jre" });
          expect(fast.diagnostics.map((d) => d.code)).not.toContain("eval/internal");
          expect(jre.diagnostics.map((d) => d.code)).not.toContain("eval/internal");
          expect(jre).toEqual(fast);
        }
      }), { numRuns: 400, seed: SEED });
      expect(accepted).toBeGreaterThan(0);
    }, 120_000);
  }

  it("reproduces the reported cases: duplicate rule indexes, a missing range, an invalid zone", () => {
    const base = LIBRARY.find((p) => p.name.endsWith("retail-returns.policy"))!.artifact;
    const rehash = (a: Artifact): Artifact => {
      const { hash: _h, ...content } = a;
      return { ...content, hash: artifactHash(content as never) } as Artifact;
    };
    const duplicateIndex = structuredClone(base);
    (duplicateIndex.rules[1]!.event.params as { index: number }).index = (duplicateIndex.rules[0]!.event.params as { index: number }).index;
    expect(loadArtifact(rehash(duplicateIndex)).diagnostics.map((d) => [d.code, d.message])).toContainEqual(["artifact/invalid", 'version "1": rule indexes must be 0, 1, 2, ... each once']);
    const noRange = structuredClone(base);
    delete (noRange.rules[0]!.event.params as { range?: unknown }).range;
    expect(loadArtifact(rehash(noRange)).diagnostics.map((d) => [d.code, d.path])).toEqual([["artifact/invalid", "rules[0].event.params"]]);
    const badZone = structuredClone(base);
    badZone.policy.timezone = "Mars/Olympus_Mons";
    expect(loadArtifact(rehash(badZone)).diagnostics.map((d) => [d.code, d.path])).toEqual([["artifact/invalid", "policy.timezone"]]);
  });
});
