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

  it("gives the same summary whatever the number of workers, each reading its own share of the file, and from standard input", () => {
    // Lines of every kind at every place, CRLF endings and a last line without a break: ranges are cut
    // at line starts, line numbers continue across them.
    const mixed = join(dir, "mixed.jsonl");
    const many = Array.from({ length: 40 }, (_, i) => (i % 9 === 4 ? "{broken" : i % 11 === 7 ? "" : JSON.stringify(suite.cases[i % suite.cases.length]!.event)));
    writeFileSync(mixed, `${many.join("\r\n")}\r\n${JSON.stringify(suite.cases[1]!.event)}`);
    const run = (workers: string, input?: string) => {
      const r = proviso(["replay", wider, "--events", input === undefined ? mixed : "-", "--baseline", "policies/retail-returns.policy", "--format", "json", "--workers", workers], input);
      const { seconds: _seconds, ...summary } = JSON.parse(r.stdout);
      return summary;
    };
    const one = run("1");
    expect(one.events).toBe(40 - 3 + 1); // three blank lines skipped, the last line without a break counted
    expect(one.malformed.map((m: { line: number }) => m.line)).toEqual([5, 14, 23, 32]);
    for (const workers of ["2", "3", "7", "64"]) expect(run(workers)).toEqual(one);
    expect(run("2", readFileSync(mixed, "utf8"))).toEqual(one);
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

describe("proviso replay --merge", () => {
  it("merges the summaries of shards into the summary of one run over the whole history", () => {
    const all = readFileSync(events, "utf8").split("\n");
    const cut = 9;
    const first = join(dir, "shard-1.jsonl");
    const second = join(dir, "shard-2.jsonl");
    writeFileSync(first, `${all.slice(0, cut).join("\n")}\n`);
    writeFileSync(second, all.slice(cut).join("\n"));
    const run = (args: string[]) => {
      const r = proviso(["replay", wider, "--baseline", "policies/retail-returns.policy", "--format", "json", ...args]);
      const { seconds: _s, ...rest } = JSON.parse(r.stdout);
      return { code: r.code, summary: rest, text: r.stdout };
    };
    const whole = run(["--events", events, "--workers", "2"]);
    const a = run(["--events", first, "--workers", "1"]);
    const b = run(["--events", second, "--line-offset", String(cut)]);
    writeFileSync(join(dir, "a.json"), a.text);
    writeFileSync(join(dir, "b.json"), b.text);
    const merged = proviso(["replay", "--merge", join(dir, "b.json"), join(dir, "a.json"), "--format", "json"]);
    const { seconds: _s, ...mergedSummary } = JSON.parse(merged.stdout);
    expect(mergedSummary).toEqual(whole.summary);
    // The shards' line numbers are the history's: the malformed and refused lines of the second shard.
    expect(mergedSummary.malformed).toEqual([{ line: 15, message: expect.any(String) }]);
    expect(merged.code).toBe(whole.code);
    expect(proviso(["replay", "--merge", join(dir, "a.json"), "--format", "markdown"]).stdout).toContain("### Against the baseline");
  });

  it("refuses to merge summaries made with another policy, version or baseline, and anything that is not a summary", () => {
    const own = proviso(["replay", "policies/retail-returns.policy", "--events", events, "--format", "json"]).stdout;
    const other = proviso(["replay", wider, "--events", events, "--format", "json"]).stdout;
    writeFileSync(join(dir, "own.json"), own);
    writeFileSync(join(dir, "other.json"), other);
    writeFileSync(join(dir, "junk.json"), "{}");
    expect(proviso(["replay", "--merge", join(dir, "own.json"), join(dir, "other.json")])).toMatchObject({ code: 2, stderr: expect.stringContaining("another policy, version, baseline or engine") });
    expect(proviso(["replay", "--merge", join(dir, "junk.json")])).toMatchObject({ code: 2, stderr: expect.stringContaining("is not a replay summary") });
    expect(proviso(["replay", "policies/retail-returns.policy", "--merge", join(dir, "own.json")]).code).toBe(2);
  });
});
