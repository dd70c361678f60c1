// proviso replay: streams a history, applies one version to every event, compares with a baseline,
// reports malformed lines by number without stopping; the same counts from both evaluators.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusSuites } from "./helpers/corpus.js";
import { proviso } from "./helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "proviso-replay-"));
const suite = corpusSuites().find((s) => s.suite === "retail-returns")!;
const events = join(dir, "events.jsonl");
const lines = [...suite.cases.map((c) => JSON.stringify(c.event)), "{not json", "", JSON.stringify({ ...suite.cases[0]!.event, reason: "bored" })];
writeFileSync(events, `${lines.join("\n")}\n`);
const wider = join(dir, "wider.policy");
writeFileSync(wider, readFileSync("policies/retail-returns.policy", "utf8").replace("  when within 30 days of delivery\n", "  when within 45 days of delivery\n"));

describe("proviso replay", () => {
  it("counts decisions by outcome and the refund total, skipping and reporting bad lines", () => {
    const r = proviso(["replay", "policies/retail-returns.policy", "--events", events, "--format", "json", "--workers", "2"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s.events).toBe(16);
    expect(s.decided).toBe(14);
    const expected = suite.cases.reduce((n, c) => n + c.expect.refund, 0);
    expect(s.refundTotal).toBe(expected);
    expect(s.byOutcome).toEqual({ deny: 4, approve: 10 });
    expect(s.malformed).toEqual([{ line: 15, message: expect.any(String) }]);
    expect(s.refused).toEqual([{ line: 17, code: "event/invalid", path: "reason", message: expect.any(String) }]);
    expect(s.appliesVersionToEveryEvent).toBe(true);
  });

  it("compares with a baseline: changed decisions, refund delta, by rule, examples", () => {
    const r = proviso(["replay", wider, "--events", events, "--baseline", "policies/retail-returns.policy", "--format", "json"]);
    const b = JSON.parse(r.stdout).baseline;
    // Widening the window to 45 days approves "one second past 30 days" (4305) and moves gold and holiday items to Change of mind.
    expect(b.refundDelta).toBe(4305);
    expect(b.changed).toBe(3); // R-1010 (otherwise), R-1011 (gold, 44 days), R-1012 (holiday, 39 days)
    expect(b.byRule).toEqual(expect.arrayContaining([{ from: "otherwise", to: "Change of mind", items: 1, delta: 4305 }]));
    expect(b.examples[0]).toMatchObject({ orderId: "R-1010", before: { outcome: "deny", refund: 0 }, after: { outcome: "approve", refund: 4305 } });
  });

  it("gives the same counts with json-rules-engine and with one worker", () => {
    const fast = JSON.parse(proviso(["replay", wider, "--events", events, "--baseline", "policies/retail-returns.policy", "--format", "json"]).stdout);
    const jre = JSON.parse(proviso(["replay", wider, "--events", events, "--baseline", "policies/retail-returns.policy", "--format", "json", "--engine", "jre", "--workers", "1"]).stdout);
    const strip = (s: Record<string, unknown>) => ({ ...s, engine: undefined, seconds: undefined });
    expect(strip(jre)).toEqual(strip(fast));
  });

  it("writes a markdown summary for a pull request that says the version applies to every event", () => {
    const r = proviso(["replay", wider, "--events", events, "--baseline", "policies/retail-returns.policy", "--format", "markdown"]);
    expect(r.stdout).toContain("### Replay of 16 events against Northloom returns");
    expect(r.stdout).toContain("whatever its order date");
    expect(r.stdout).toContain("| outcome | decisions | share |");
    expect(r.stdout).toContain("| otherwise → Change of mind | 1 | +$43.05 |");
    expect(r.stdout).toContain("Malformed lines skipped: 1 (line 15)");
  });

  it("refuses an unknown version and a missing file as usage errors", () => {
    expect(proviso(["replay", wider, "--events", events, "--policy-version", "2031"]).code).toBe(2);
    expect(proviso(["replay", wider, "--events", join(dir, "nope.jsonl")]).code).toBe(2);
  });
});
