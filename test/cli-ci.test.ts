// The CLI as CI uses it: lint formats (SARIF, GitHub, JSON), exit codes, fmt --check/--write, test
// with expected vs actual and coverage. Spawns the real command.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { proviso } from "./helpers/cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "proviso-ci-"));
const LINTS = "test/cases/diagnostics/lints.policy";
const BROKEN = "test/cases/diagnostics/unknown-field.policy";

describe("proviso lint", () => {
  it("writes SARIF 2.1.0 with rules, levels and regions", () => {
    const r = proviso(["lint", BROKEN, LINTS, "--format", "sarif"]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif/);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("proviso");
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toContain("name/unknown-field");
    const first = run.results.find((x: { ruleId: string }) => x.ruleId === "name/unknown-field");
    expect(first).toMatchObject({ ruleId: "name/unknown-field", level: "error", message: { text: expect.stringContaining("item.finalSal") } });
    expect(first.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: BROKEN }, region: { startLine: 5, startColumn: 8, endLine: 5, endColumn: 21 } });
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe(first.ruleId);
    expect(run.tool.driver.rules[first.ruleIndex].shortDescription.text).toBe("A field the event schema does not have.");
    expect(run.results.filter((x: { level: string }) => x.level === "warning")).toHaveLength(4);
  });

  it("writes GitHub workflow annotations", () => {
    const r = proviso(["lint", BROKEN, "--format", "github"]);
    expect(r.stdout.split("\n")[0]).toBe(`::error file=${BROKEN},line=5,col=8,endLine=5,endColumn=21,title=name/unknown-field::unknown field \`item.finalSal\` (did you mean \`item.finalSale\`?)`);
  });

  it("writes JSON rows with file, line and code", () => {
    const rows = JSON.parse(proviso(["lint", LINTS, "--format", "json"]).stdout);
    expect(rows.map((x: { code: string; line: number }) => `${x.code}@${x.line}`)).toEqual(["lint/no-customer-reason@4", "lint/unreachable-rule@8", "lint/merchant-cancel-silent@12", "lint/absent-unguarded@18"]);
    expect(rows[0].file).toBe(LINTS);
  });

  it("fails on warnings unless --max-warnings allows them; errors always fail", () => {
    expect(proviso(["lint", LINTS]).code).toBe(1);
    expect(proviso(["lint", LINTS, "--max-warnings", "4"]).code).toBe(0);
    expect(proviso(["lint", LINTS, "--max-warnings", "3"]).code).toBe(1);
    expect(proviso(["lint", BROKEN, "--max-warnings", "100"]).code).toBe(1);
    expect(proviso(["lint", LINTS, "--max-warnings", "many"]).code).toBe(2);
  });

  it("colours only on a terminal and never with NO_COLOR", () => {
    expect(proviso(["lint", BROKEN]).stdout).not.toContain("\u001b[");
    expect(proviso(["lint", BROKEN], undefined, { NO_COLOR: "", FORCE_COLOR: "1" }).stdout).not.toContain("\u001b[");
  });

  it("expands quoted globs and directories", () => {
    const rows = JSON.parse(proviso(["lint", "test/cases/**/unknown-*.policy", "--format", "json"]).stdout);
    expect([...new Set(rows.map((x: { file: string }) => x.file))]).toEqual([BROKEN]);
    expect(proviso(["lint", "no/such/dir"]).code).toBe(2);
  });
});

describe("proviso fmt", () => {
  it("--check lists unformatted files and exits 1; --write fixes them; then --check is clean", () => {
    const dir = tmp();
    cpSync("test/cases/format/messy.policy", join(dir, "messy.policy"));
    cpSync("policies/retail-returns.policy", join(dir, "retail.policy"));
    const check = proviso(["fmt", dir, "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout.trim()).toBe(join(dir, "messy.policy"));
    expect(proviso(["fmt", dir, "--write"]).code).toBe(0);
    expect(readFileSync(join(dir, "messy.policy"), "utf8")).toBe(readFileSync("test/cases/format/messy.formatted.policy", "utf8"));
    expect(proviso(["fmt", dir, "--check"])).toMatchObject({ code: 0, stdout: "" });
  });

  it("prints one file formatted, and refuses a file that does not parse", () => {
    expect(proviso(["fmt", "test/cases/format/messy.policy"]).stdout).toBe(readFileSync("test/cases/format/messy.formatted.policy", "utf8"));
    const r = proviso(["fmt", "test/cases/diagnostics/syntax-recovery.policy", "--check"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("syntax-recovery.policy:6:3");
  });
});

describe("proviso test", () => {
  it("passes the example policies' tests with every reachable rule covered where the tests reach it", () => {
    const r = proviso(["test", "policies/retail-returns.test.yaml", "--coverage", "--threshold", "90"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("14 passed, 0 failed");
    expect(r.stdout).toContain("coverage: rules 100%");
  });

  it("shows expected vs actual for a failing case and exits 1", () => {
    const dir = tmp();
    cpSync("policies/abuse-and-review.policy", join(dir, "abuse.policy"));
    const tests = YAML.parse(readFileSync("policies/abuse-and-review.test.yaml", "utf8"));
    tests.policy = "abuse.policy";
    tests.cases[2].expect.refund = 7000;
    tests.cases[3].expect = { outcome: "approve", items: { L1: { outcome: "approve", refund: 30000 } } };
    writeFileSync(join(dir, "abuse.test.yaml"), YAML.stringify(tests));
    const r = proviso(["test", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("refund.amount: expected 7000, got 7999");
    expect(r.stdout).toContain('outcome: expected "approve", got "review"');
    expect(r.stdout).toContain("items.L1.refund.amount: expected 30000, got 0");
    expect(r.stdout).toContain("6 passed, 2 failed");
  });

  it("fails below the coverage threshold, naming what was never seen", () => {
    const dir = tmp();
    cpSync("policies/food-delivery.policy", join(dir, "food.policy"));
    const tests = YAML.parse(readFileSync("policies/food-delivery.test.yaml", "utf8"));
    writeFileSync(join(dir, "food.test.yaml"), YAML.stringify({ cases: tests.cases.slice(0, 2) }));
    const r = proviso(["test", dir, "--coverage", "--threshold", "80"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"Late delivery": never decided');
    expect(r.stdout).toMatch(/coverage: rules 40%, conditions [\d.]+% .*below 80%/);
    expect(proviso(["test", dir, "--coverage"]).code).toBe(0);
  });

  it("can expect an event to be refused", () => {
    const dir = tmp();
    cpSync("policies/abuse-and-review.policy", join(dir, "abuse.policy"));
    const tests = YAML.parse(readFileSync("policies/abuse-and-review.test.yaml", "utf8"));
    const event = tests.cases[0].event;
    event.order.currency = "EUR";
    writeFileSync(join(dir, "abuse.test.yaml"), YAML.stringify({ cases: [{ name: "euro order", event, expect: { error: "event/currency-mismatch" } }] }));
    expect(proviso(["test", dir])).toMatchObject({ code: 0, stdout: expect.stringContaining("1 passed, 0 failed") });
  });
});

describe("every command", () => {
  for (const command of ["lint", "fmt", "compile", "eval", "test", "demo"]) {
    it(`${command} has --help`, () => {
      const r = proviso([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: proviso ${command}`);
    });
  }
});

describe("CI integrations", () => {
  it("the GitHub Action runs lint, fmt and test from its own checkout", () => {
    const action = YAML.parse(readFileSync("action.yml", "utf8"));
    expect(action.runs.using).toBe("composite");
    const commands = action.runs.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    for (const sub of ["lint", "fmt", "test"]) expect(commands).toContain(`bin/proviso.js" ${sub} `);
    expect(commands).toContain("--format github");
    expect(Object.keys(action.inputs)).toEqual(["paths", "max-warnings", "check-format", "test", "coverage-threshold"]);
  });

  it("the pre-commit hooks call commands that exist", () => {
    const hooks = YAML.parse(readFileSync(".pre-commit-hooks.yaml", "utf8")) as { id: string; entry: string }[];
    expect(hooks.map((h) => h.id)).toEqual(["proviso-lint", "proviso-fmt", "proviso-test"]);
    for (const hook of hooks) {
      const [bin, command, ...flags] = hook.entry.split(" ");
      expect(bin).toBe("proviso");
      const help = proviso([command!, "--help"]);
      expect(help.code).toBe(0);
      for (const flag of flags) expect(help.stdout).toContain(flag);
    }
  });
});

describe("proviso test across several files", () => {
  it("measures a policy's coverage over all of its test files", () => {
    const dir = mkdtempSync(join(tmpdir(), "proviso-multi-"));
    cpSync("policies/food-delivery.policy", join(dir, "food.policy"));
    const tests = YAML.parse(readFileSync("policies/food-delivery.test.yaml", "utf8"));
    writeFileSync(join(dir, "early.test.yaml"), YAML.stringify({ policy: "food.policy", cases: tests.cases.slice(0, 3) }));
    writeFileSync(join(dir, "late.test.yaml"), YAML.stringify({ policy: "food.policy", cases: tests.cases.slice(3) }));
    const alone = proviso(["test", join(dir, "early.test.yaml"), "--coverage", "--threshold", "100"]);
    expect(alone.code).toBe(1);
    const both = proviso(["test", dir, "--coverage", "--threshold", "80"]);
    expect(both.stdout).toContain("coverage: rules 100%");
    expect(both.stdout).toContain("8 passed, 0 failed");
    expect(both.code).toBe(0);
  });
});
