// `proviso verify` and `proviso test --boundaries`: on the library, every finding comes with a
// counterexample that `proviso eval` decides as described, and every witness decides with its rule;
// planted money bugs are caught, one per property; what cannot be bounded is unproven, never proven;
// boundary files pass `proviso test` and cover every rule.
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { libraryFieldsOption } from "./helpers/events.js";
import YAML from "yaml";
import { compilePolicy, verifyPolicy, type PropertyResult } from "../compiler/index.js";
import { loadArtifact } from "../runtime/index.js";
import { proviso } from "./helpers/cli.js";
import { ROOT, filesUnder } from "./helpers/corpus.js";
import { validateSarif } from "./helpers/schemas.js";

const tmp = () => mkdtempSync(join(tmpdir(), "proviso-verify-"));

interface FileReport {
  file: string;
  results: PropertyResult[];
}

/** Decides an event with the CLI and returns the decision of one item. */
function evalItem(policyFile: string, event: unknown, item: string, dir: string): { outcome: string; rule: { name: string }; refund: { amount: number; base: number; limitedBy?: string } } {
  const file = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(event));
  const r = proviso(["eval", policyFile, "--event", file, "--format", "json", "--no-explain"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).items.find((i: { id: string }) => i.id === item);
}

describe("proviso verify on the policy library", () => {
  const r = proviso(["verify", "policies", "--format", "json"]);
  const reports = JSON.parse(r.stdout) as FileReport[];

  it("proves most properties, and reports only true findings: each counterexample is decided by `proviso eval` as described", () => {
    expect(r.code).toBe(0);
    const dir = tmp();
    const failing: string[] = [];
    for (const report of reports) {
      for (const result of report.results) {
        expect(result.status, `${report.file} ${result.rule} ${result.property}`).not.toBe("unproven");
        if (result.status !== "fails") continue;
        failing.push(`${report.file.replace(/^policies\//, "")} "${result.rule}" ${result.property}`);
        const item = evalItem(report.file, result.event, result.item!, dir);
        expect(item.rule.name).toBe(result.rule);
        if (result.property === "within-share") expect(item.refund.limitedBy).toBe("refundable");
        if (result.property === "not-negative") expect(item.refund.limitedBy).toBe("zero");
      }
    }
    // The library's true findings, each explained in docs/verify.md.
    expect(failing.sort()).toEqual([
      'retail-returns.policy "Change of mind" not-negative',
      'retail-returns.policy "Gold customers" not-negative',
      'retail-returns.policy "Holiday" not-negative',
      'subscription-refunds.policy "Yearly, prorated" not-negative',
      'travel-booking.policy "Flexible, late" not-negative',
      'travel-booking.policy "Moderate, late" not-negative',
    ]);
  }, 120_000);

  it("shows for every rule an event it decides (its witness), as `proviso eval` confirms", () => {
    const dir = tmp();
    let witnesses = 0;
    for (const report of reports) {
      const shown = report.results.filter((x) => x.property === "fires" && x.status === "proven");
      // One `proviso eval --events` per policy, with every witness on its own line.
      const file = join(dir, `${witnesses}.jsonl`);
      writeFileSync(file, shown.map((x) => JSON.stringify(x.event)).join("\n"));
      const decided = proviso(["eval", report.file, "--events", file, "--format", "json", "--no-explain"]).stdout.trim().split("\n").map((l) => JSON.parse(l));
      shown.forEach((result, i) => {
        expect(decided[i].items.find((x: { id: string }) => x.id === result.item).rule.name, `${report.file} ${result.rule}`).toBe(result.rule);
        witnesses++;
      });
    }
    expect(witnesses).toBeGreaterThan(60);
  }, 120_000);
});

describe("planted bugs, one per property", () => {
  const head = 'policy "Planted" for returns\n  currency USD\n  timezone "America/New_York"\n\n';
  const verify = (rules: string) => {
    const text = `${head}${rules}\notherwise\n  deny "No."\n`;
    const file = join(tmp(), "planted.policy");
    writeFileSync(file, text);
    const compiled = compilePolicy(text);
    expect(compiled.value, JSON.stringify(compiled.diagnostics)).toBeDefined();
    const policy = loadArtifact(compiled.value!).value!;
    const unreachable = new Set(compiled.diagnostics.filter((d) => d.code === "lint/unreachable-rule").flatMap((d) => compiled.checked!.versions[0]!.rules.filter((x) => x.range[0] === d.range!.start.line).map((x) => `1/${x.name}`)));
    return { policy, file, results: verifyPolicy(policy, { unreachable }).results };
  };
  const find = (results: PropertyResult[], rule: string, property: string) => results.find((x) => x.rule === rule && x.property === property)!;

  it("a refund of the list price, above what a discounted line was paid", () => {
    const { results, file } = verify('rule "List price"\n  approve\n    refund item.unitPrice\n    return shipping paid by customer\n');
    const r = find(results, "List price", "within-share");
    expect(r.status).toBe("fails");
    const line = (r.event!.order as { items: { paid: number; unitPrice: number }[] }).items[0]!;
    expect(line.unitPrice).toBeGreaterThan(line.paid);
    expect(evalItem(file, r.event, r.item!, tmp())).toMatchObject({ rule: { name: "List price" }, refund: { limitedBy: "refundable" } });
  });

  it("a fixed fee that can exceed a cheap item's refund", () => {
    const { results, file } = verify('rule "Fee"\n  approve\n    refund 100% of item\n      minus USD 10.00 "handling"\n    return shipping paid by customer\n');
    const r = find(results, "Fee", "not-negative");
    expect(r.status).toBe("fails");
    expect(r.message).toContain("exceed the refund");
    expect(evalItem(file, r.event, r.item!, tmp())).toMatchObject({ rule: { name: "Fee" }, refund: { amount: 0, limitedBy: "zero" } });
  });

  it("a bug inside one option, and inside the terms of an approval after review: found with the choice or the verdict in the counterexample", () => {
    const { results, file } = verify([
      'rule "Late"\n  when more than 30 days after delivery\n  approve\n    return shipping paid by customer',
      '    option "Keep it" default\n      refund 20% of item\n        minus USD 10.00 "handling"\n      customer keeps the item',
      '    option "Return it"\n      refund 100% of item\n',
      'rule "Check"\n  when request.value > USD 300.00\n  review "We check these."\n    if approved\n      refund item.unitPrice\n      return shipping paid by merchant\n',
    ].join("\n"));
    const kept = results.find((x) => x.rule === "Late" && x.terms === 'option "Keep it"' && x.property === "not-negative")!;
    expect(kept).toMatchObject({ status: "fails", line: 9 });
    expect((kept.event!.request as { choice?: string }).choice).toBe("Keep it");
    expect(evalItem(file, kept.event, kept.item!, tmp())).toMatchObject({ rule: { name: "Late" }, refund: { limitedBy: "zero" } });
    expect(results.find((x) => x.rule === "Late" && x.terms === 'option "Return it"' && x.property === "within-share")!.status).toBe("proven");
    const approved = results.find((x) => x.rule === "Check" && x.terms === "if approved" && x.property === "within-share")!;
    expect(approved).toMatchObject({ status: "fails", line: 19 });
    expect(approved.event!.verdict).toMatchObject({ outcome: "approve" });
    expect(evalItem(file, approved.event, approved.item!, tmp())).toMatchObject({ outcome: "approve", rule: { name: "Check" }, refund: { limitedBy: "refundable" } });
  });

  it("a rule that can never fire, because an earlier one always applies first", () => {
    const { results } = verify('rule "Damaged"\n  when reason is damaged\n  deny "x"\n\nrule "Damaged and opened"\n  when reason is damaged and item.condition is opened\n  deny "y"\n');
    expect(find(results, "Damaged and opened", "fires")).toMatchObject({ status: "fails", message: expect.stringContaining("lint/unreachable-rule") });
    expect(find(results, "Damaged", "fires").status).toBe("proven");
  });

  it("proves what holds: a share of the item, deductions in percent, a cap at the item", () => {
    const { results } = verify('rule "Share"\n  when reason is size\n  approve\n    refund 90% of item\n      minus 10% "restocking"\n    return shipping paid by customer\n\nrule "Capped"\n  when reason is damaged\n  approve\n    refund item.unitPrice\n      up to item\n    return shipping paid by merchant\n');
    expect(find(results, "Share", "within-share").status).toBe("proven");
    expect(find(results, "Share", "not-negative").status).toBe("proven");
    expect(find(results, "Capped", "within-share").status).toBe("proven");
  });

  it("says unproven, never proven, for what it cannot bound or reach", () => {
    const { results } = verify('rule "Odd"\n  when item.paid > item.unitPrice\n  deny "x"\n');
    expect(find(results, "Odd", "fires").status).toBe("unproven");
  });
});

describe("proviso verify as CI runs it", () => {
  it("exits as lint does, and writes SARIF the schema accepts, GitHub annotations and counterexample files", () => {
    const dir = tmp();
    expect(proviso(["verify", "policies/travel-booking.policy"]).code).toBe(0);
    expect(proviso(["verify", "policies/travel-booking.policy", "--max-warnings", "0"]).code).toBe(1);
    expect(proviso(["verify", "policies/final-sale.policy", "--max-warnings", "0"]).code).toBe(0);
    const log = JSON.parse(proviso(["verify", "policies/travel-booking.policy", "--format", "sarif"]).stdout);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(["verify/refund-below-zero", "verify/refund-below-zero"]);
    const annotations = proviso(["verify", "policies/travel-booking.policy", "--format", "github"]).stdout;
    expect(annotations).toMatch(/^::warning file=policies\/travel-booking\.policy,line=38,.*title=verify\/refund-below-zero::rule "Moderate, late" the refund it writes goes below zero/m);
    proviso(["verify", "policies/travel-booking.policy", "--counterexamples", dir]);
    const written = readdirSync(dir);
    expect(written).toEqual(["travel-booking-01-not-negative.json", "travel-booking-02-not-negative.json"]);
    const item = evalItem("policies/travel-booking.policy", JSON.parse(readFileSync(join(dir, written[0]!), "utf8")), "L1", dir);
    expect(item).toMatchObject({ rule: { name: "Moderate, late" }, refund: { amount: 0, limitedBy: "zero" } });
    expect(proviso(["verify", "policies/retail-returns.policy"]).stdout).toMatch(/✗ not-negative: its deductions \(\$6\.95\) exceed the refund \(\$5\.00\)[^\n]*\n\s+counterexample: .*item\.paid = 1501, item\.quantity = 3, item\.requestedQuantity = 1/);
  });
});

describe("proviso test --boundaries", () => {
  it("writes, for every library policy, boundary tests that pass and decide with every reachable rule", () => {
    const dir = tmp();
    cpSync(join(ROOT, "policies"), dir, { recursive: true });
    const written = proviso(["test", "--boundaries", dir]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).not.toContain("no event found");
    const files = written.stdout.trim().split("\n").map((l) => l.split(":")[0]!);
    expect(files).toHaveLength(filesUnder("policies", ".policy").length);
    const run = proviso(["test", ...files, "--coverage", "--format", "json"]);
    const report = JSON.parse(run.stdout) as { failed: number; files: { file: string; coverage: { rulePercent: number; conditionPercent: number } }[] };
    expect(run.code).toBe(0);
    expect(report.failed).toBe(0);
    for (const f of report.files) {
      expect(f.coverage.rulePercent, f.file).toBe(100);
      expect(f.coverage.conditionPercent, f.file).toBeGreaterThanOrEqual(85);
    }
    // Both sides of the 30-day window: the last second inside and the first outside.
    const retail = YAML.parse(readFileSync(join(dir, "retail-returns.boundaries.test.yaml"), "utf8")) as { cases: { name: string }[] };
    const window = retail.cases.map((c) => c.name).filter((n) => n.startsWith('"Change of mind": within 30 days of delivery'));
    expect(window.some((n) => n.includes("— holds"))).toBe(true);
    expect(window.some((n) => n.includes("— does not hold"))).toBe(true);
  }, 120_000);
});

describe("what verify proves holds on every event tried", () => {
  it("no generated event breaks a proven property: no proven rule's refund is lowered to the share paid, or floored at zero", async () => {
    const fc = (await import("fast-check")).default;
    const { eventsFrom } = await import("./helpers/arbitrary-events.js");
    const { resolveTestCases } = await import("../compiler/index.js");
    const { evaluateSync } = await import("../runtime/index.js");
    let decided = 0;
    for (const file of filesUnder("policies", ".policy").map((f) => join(ROOT, f))) {
      const policy = loadArtifact(compilePolicy(readFileSync(file, "utf8"), libraryFieldsOption(file)).value!).value!;
      const seeds = resolveTestCases(YAML.parse(readFileSync(file.replace(/\.policy$/, ".test.yaml"), "utf8"))).map((c) => c.event);
      const proven = new Set(verifyPolicy(policy, { seeds }).results.filter((r) => r.status === "proven").map((r) => `${r.rule}|${r.property}`));
      fc.assert(fc.property(eventsFrom(seeds), (event) => {
        const decision = evaluateSync(policy, event, { explain: false }).value;
        if (!decision) return;
        for (const item of decision.items) {
          decided++;
          const line = (event.order.items as { id: string; refunded?: number }[]).find((l) => l.id === item.id)!;
          if (proven.has(`${item.rule.name}|within-share`) && !line.refunded) expect(item.refund.limitedBy, `${file} ${item.rule.name}`).not.toBe("refundable");
          if (proven.has(`${item.rule.name}|not-negative`)) expect(item.refund.limitedBy, `${file} ${item.rule.name}`).not.toBe("zero");
        }
      }), { numRuns: 300, seed: 20261201 });
    }
    expect(decided).toBeGreaterThan(1000);
  }, 120_000);
});
