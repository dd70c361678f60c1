// The CLI as the core issue needs it: eval (one event, JSONL), compile and lint, spawned for real.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { corpusSuites } from "./helpers/corpus.js";
import { proviso } from "./helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "proviso-cli-"));

describe("proviso eval", () => {
  it("prints one JSON decision per JSONL line, in order, matching the corpus", () => {
    const suite = corpusSuites().find((s) => s.suite === "order-cancellation")!;
    const file = join(dir, "events.jsonl");
    writeFileSync(file, `${suite.cases.map((c) => JSON.stringify(c.event)).join("\n")}\n`);
    const r = proviso(["eval", "policies/order-cancellation.policy", "--events", file, "--format", "json"]);
    expect(r.code).toBe(0);
    const decisions = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(decisions.map((d) => [d.outcome, d.refund.amount])).toEqual(suite.cases.map((c) => [c.expect.outcome, c.expect.refund]));
  });

  it("reports a bad line with its number and goes on", () => {
    const suite = corpusSuites().find((s) => s.suite === "food-delivery")!;
    const file = join(dir, "mixed.jsonl");
    writeFileSync(file, [JSON.stringify(suite.cases[0]!.event), "{not json", JSON.stringify({ ...suite.cases[0]!.event, reason: "bored" }), JSON.stringify(suite.cases[1]!.event)].join("\n"));
    const r = proviso(["eval", "policies/food-delivery.policy", "--events", file, "--format", "json"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].outcome).toBe("approve");
    expect(lines[1].error).toMatchObject({ code: "event/not-json", line: 2 });
    expect(lines[2].error).toMatchObject({ code: "event/invalid", path: "reason", line: 3 });
    expect(lines[3].outcome).toBe("approve");
  });

  it("reads a YAML event and prints a readable card with the deciding rule and why", () => {
    const file = join(dir, "event.yaml");
    writeFileSync(file, YAML.stringify(corpusSuites().find((s) => s.suite === "retail-returns")!.cases[3]!.event));
    const r = proviso(["eval", "policies/retail-returns.policy", "--event", file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("APPROVE");
    expect(r.stdout).toContain('rule "Change of mind" (retail-returns.policy:42)');
    expect(r.stdout).toContain("within 30 days of delivery");
  });

  it("exits 1 with the JSON path of an invalid event, and no stack trace", () => {
    const file = join(dir, "bad.json");
    const event = structuredClone(corpusSuites()[0]!.cases[0]!.event) as any;
    event.order.items[0].paid = -5;
    writeFileSync(file, JSON.stringify(event));
    const r = proviso(["eval", "policies/abuse-and-review.policy", "--event", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("order.items[0].paid");
    expect(r.stderr).toContain("[event/invalid]");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 on usage errors and unreadable input", () => {
    expect(proviso(["eval", "policies/retail-returns.policy"]).code).toBe(2);
    expect(proviso(["eval", "policies/retail-returns.policy", "--event", join(dir, "missing.json")]).code).toBe(2);
    expect(proviso(["frobnicate"]).code).toBe(2);
  });

  it("evaluates a compiled artifact the same as its policy, and refuses a tampered one", () => {
    const artifact = join(dir, "retail.json");
    expect(proviso(["compile", "policies/retail-returns.policy", "-o", artifact]).code).toBe(0);
    const event = join(dir, "retail-event.json");
    writeFileSync(event, JSON.stringify(corpusSuites().find((s) => s.suite === "retail-returns")!.cases[4]!.event));
    const fromArtifact = proviso(["eval", artifact, "--event", event, "--format", "json"]);
    const fromPolicy = proviso(["eval", "policies/retail-returns.policy", "--event", event, "--format", "json"]);
    expect(JSON.parse(fromArtifact.stdout).refund.amount).toBe(26753);
    expect(JSON.parse(fromArtifact.stdout)).toEqual(JSON.parse(fromPolicy.stdout));
    writeFileSync(artifact, readFileSync(artifact, "utf8").replace('"bp": 1500', '"bp": 1000'));
    const refused = proviso(["eval", artifact, "--event", event]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("artifact/hash-mismatch");
  });
});

describe("proviso compile and lint", () => {
  it("compile prints the same artifact twice", () => {
    const a = proviso(["compile", "policies/travel-booking.policy"]);
    const b = proviso(["compile", "policies/travel-booking.policy"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).format).toBe("proviso-artifact");
  });

  it("lint shows file:line:col and a caret, and exits 1", () => {
    const r = proviso(["lint", "test/cases/diagnostics/unknown-field.policy"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("test/cases/diagnostics/unknown-field.policy:5:8: error unknown field `item.finalSal` [name/unknown-field]");
    expect(r.stdout).toContain("^^^^^^^^^^^^^");
    expect(r.stdout).toContain("did you mean `item.finalSale`?");
    expect(r.stdout).toContain("2 errors, 0 warnings in 1 file");
  });

  it("lint is quiet and exits 0 on the example policies", () => {
    const r = proviso(["lint", "policies"]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("proviso eval options and demo", () => {
  it("--no-explain leaves the explanation out", () => {
    const event = corpusSuites().find((s) => s.suite === "abuse-and-review")!.cases[2]!.event;
    const withIt = JSON.parse(proviso(["eval", "policies/abuse-and-review.policy", "--event", "-", "--format", "json"], JSON.stringify(event)).stdout);
    const without = JSON.parse(proviso(["eval", "policies/abuse-and-review.policy", "--event", "-", "--format", "json", "--no-explain"], JSON.stringify(event)).stdout);
    expect(withIt.explanation.items[0].rules.length).toBe(5);
    expect(without.explanation).toBeUndefined();
    expect({ ...without, explanation: undefined }).toEqual({ ...withIt, explanation: undefined });
  });

  it("demo compiles an example and shows a decision", () => {
    const r = proviso(["demo"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Compiled policies/retail-returns.policy");
    expect(r.stdout).toContain("APPROVE  refund $69.46");
  });
});

describe("proviso eval input and versions", () => {
  it("reads the event from standard input with --event -", () => {
    const event = corpusSuites().find((s) => s.suite === "travel-booking")!.cases[4]!.event;
    const r = proviso(["eval", "policies/travel-booking.policy", "--event", "-", "--format", "json"], JSON.stringify(event));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).refund.amount).toBe(18518);
  });

  it("--as-of picks the version in force at that date", () => {
    const dir = mkdtempSync(join(tmpdir(), "proviso-asof-"));
    const artifact = join(dir, "split.json");
    expect(proviso(["compile", "test/cases/versions-in-files/2026-h1.policy", "test/cases/versions-in-files/2026-h2.policy", "-o", artifact]).code).toBe(0);
    const event = join(dir, "event.json");
    writeFileSync(event, JSON.stringify(corpusSuites().find((s) => s.suite === "retail-returns")!.cases[3]!.event));
    const byOrder = JSON.parse(proviso(["eval", artifact, "--event", event, "--format", "json"]).stdout);
    const asOf = JSON.parse(proviso(["eval", artifact, "--event", event, "--format", "json", "--as-of", "2026-09-01"]).stdout);
    expect([byOrder.policy.version, byOrder.returnShipping]).toEqual(["2026-h1", "customer"]);
    expect([asOf.policy.version, asOf.policy.chosenBy, asOf.returnShipping]).toEqual(["2026-h2", "asOf", "merchant"]);
  });
});

describe("reading inputs: edges", () => {
  const retail = corpusSuites().find((s) => s.suite === "retail-returns")!;
  const event = (i: number) => JSON.stringify(retail.cases[i]!.event);

  it("streams --events: a file larger than the whole-file limit is decided line by line, and an over-long line is reported by its number", () => {
    const file = join(dir, "big.jsonl");
    const blob = "x".repeat(9 * 1024 * 1024);
    const padded = (i: number) => JSON.stringify({ ...retail.cases[i]!.event, metadata: { blob } });
    writeFileSync(file, [0, 1, 2, 3, 4, 5].map(padded).join("\n") + "\n" + JSON.stringify({ ...retail.cases[0]!.event, metadata: { blob: `${blob}${blob}` } }) + "\n" + event(3) + "\n");
    const r = proviso(["eval", "policies/retail-returns.policy", "--events", file, "--format", "json", "--no-explain"]);
    const rows = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(8);
    expect(rows.slice(0, 6).map((d) => d.outcome)).toEqual(retail.cases.slice(0, 6).map((c) => c.expect.outcome));
    expect(rows[6].error).toMatchObject({ code: "event/not-json", line: 7, message: expect.stringContaining("longer than 10485760 bytes") });
    expect(rows[7].outcome).toBe(retail.cases[3]!.expect.outcome);
    expect(r.code).toBe(1);
  }, 60_000);

  it("reads a line that starts with a byte-order mark the same way in eval and replay", () => {
    const file = join(dir, "bom.jsonl");
    writeFileSync(file, `\uFEFF${event(3)}\r\n\uFEFF${event(4)}\r\n`);
    const evaluated = proviso(["eval", "policies/retail-returns.policy", "--events", file, "--format", "json"]);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout.trim().split("\n").map((l) => JSON.parse(l).outcome)).toEqual([retail.cases[3]!.expect.outcome, retail.cases[4]!.expect.outcome]);
    const replayed = JSON.parse(proviso(["replay", "policies/retail-returns.policy", "--events", file, "--format", "json"]).stdout);
    expect(replayed).toMatchObject({ events: 2, decided: 2, malformedCount: 0 });
  });

  it("says so and exits 2 when there is no event at all: empty standard input, an empty file, a bare word, a list", () => {
    expect(proviso(["eval", "policies/retail-returns.policy", "--events", "-"], "")).toMatchObject({ code: 2, stderr: expect.stringContaining("no events in standard input") });
    expect(proviso(["eval", "policies/retail-returns.policy", "--events", "-"], "\n\n  \n")).toMatchObject({ code: 2 });
    expect(proviso(["eval", "policies/retail-returns.policy", "--event", "-"], "")).toMatchObject({ code: 2, stderr: expect.stringContaining("standard input is empty") });
    const word = join(dir, "word.txt");
    writeFileSync(word, "hello there\n");
    expect(proviso(["eval", "policies/retail-returns.policy", "--event", word])).toMatchObject({ code: 2, stderr: expect.stringContaining("not an event (a JSON object or YAML mapping), but a string") });
    const list = join(dir, "list.json");
    writeFileSync(list, `[${event(3)}]`);
    expect(proviso(["eval", "policies/retail-returns.policy", "--event", list])).toMatchObject({ code: 2, stderr: expect.stringContaining("a list, not one event") });
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    expect(proviso(["eval", "policies/retail-returns.policy", "--event", broken])).toMatchObject({ code: 2, stderr: expect.stringContaining("broken.json: not valid JSON") });
  });

  it("names the folder when given a folder where a file belongs", () => {
    for (const args of [["eval", "policies/retail-returns.policy", "--event", "policies"], ["eval", "policies/retail-returns.policy", "--events", "policies"], ["compile", "policies"], ["eval", "policies", "--event", "x.json"]]) {
      const r = proviso(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain("cannot read policies: it is a folder, not a file");
      expect(r.stderr).not.toContain("EISDIR");
    }
  });
});
