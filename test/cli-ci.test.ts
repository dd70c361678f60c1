// The CLI as CI uses it: lint formats (SARIF, GitHub, JSON), exit codes, fmt --check/--write, test
// with expected vs actual and coverage. Spawns the real command.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { proviso } from "./helpers/cli.js";
import { validateSarif } from "./helpers/schemas.js";

const tmp = () => mkdtempSync(join(tmpdir(), "proviso-ci-"));
const LINTS = "test/cases/diagnostics/lints.policy";
const BROKEN = "test/cases/diagnostics/unknown-field.policy";

describe("proviso lint", () => {
  it("writes SARIF 2.1.0 that the SARIF schema accepts, with rules described from the code table", () => {
    const r = proviso(["lint", BROKEN, LINTS, "--format", "sarif"]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toEqual([]);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("proviso");
    expect(run.tool.driver.version).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
    const first = run.results.find((x: { ruleId: string }) => x.ruleId === "name/unknown-field");
    expect(first).toMatchObject({ ruleId: "name/unknown-field", level: "error", message: { text: expect.stringContaining("item.finalSal") } });
    expect(first.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: BROKEN }, region: { startLine: 5, startColumn: 8, endLine: 5, endColumn: 21 } });
    const rule = run.tool.driver.rules[first.ruleIndex];
    expect(rule.id).toBe(first.ruleId);
    expect(rule.shortDescription.text).toBe("A field the event schema does not have.");
    expect(rule.fullDescription.text).toContain("The hint suggests the closest field.");
    expect(rule.help.text).toBe("Use the suggested name; fields are listed in language.md.");
    expect(rule.help.markdown).toContain("/docs/language.md#fields)");
    expect(rule.helpUri).toMatch(/\/docs\/errors\.md#name-unknown-field$/);
    // Every rule has its own anchor, and every anchor exists in docs/errors.md.
    const anchors = run.tool.driver.rules.map((x: { helpUri: string }) => x.helpUri.split("#")[1]);
    expect(new Set(anchors).size).toBe(anchors.length);
    for (const anchor of anchors) expect(readFileSync("docs/errors.md", "utf8")).toContain(`<a id="${anchor}">`);
    expect(run.results.filter((x: { level: string }) => x.level === "warning")).toHaveLength(4);
  });

  it("catches a SARIF log the schema refuses (the check is real)", () => {
    const log = JSON.parse(proviso(["lint", LINTS, "--format", "sarif"]).stdout);
    log.runs[0].results[0].level = "fatal";
    expect(validateSarif(log)).not.toEqual([]);
  });

  it("writes GitHub workflow annotations", () => {
    const r = proviso(["lint", BROKEN, "--format", "github"]);
    expect(r.stdout.split("\n")[0]).toBe(`::error file=${BROKEN},line=5,col=8,endLine=5,endColumn=21,title=name/unknown-field::unknown field \`item.finalSal\` (did you mean \`item.finalSale\`?)`);
    expect(r.stdout).not.toContain("::notice");
  });

  it("annotates no more than GitHub shows per step, and says where the rest are", () => {
    const dir = tmp();
    const rules = Array.from({ length: 13 }, (_, i) => `rule "R${i}"\n  when reason is damaged and order.status is ${i % 2 ? "paid" : "pending"}\n  deny\n`).join("\n");
    writeFileSync(join(dir, "many.policy"), `policy "Many" for cancellations\n  currency USD\n\n${rules}\notherwise\n  deny "No."\n`);
    const r = proviso(["lint", join(dir, "many.policy"), "--format", "github"]);
    const lines = r.stdout.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("::warning "))).toHaveLength(10);
    const plain = lines.filter((l) => !l.startsWith("::"));
    expect(plain.length).toBeGreaterThanOrEqual(3);
    expect(plain[0]).toMatch(/many\.policy:\d+:1: warning .* \[lint\/(no-customer-reason|unreachable-rule)\]$/);
    expect(lines.at(-1)).toMatch(new RegExp(`^::notice title=proviso::${plain.length} more findings are listed in the log without an annotation`));
  });

  it("points annotations and SARIF regions at the right line when lines end with a lone \\r", () => {
    const dir = tmp();
    writeFileSync(join(dir, "cr.policy"), readFileSync(BROKEN, "utf8").replace(/\n/g, "\r"));
    const annotation = proviso(["lint", join(dir, "cr.policy"), "--format", "github"]).stdout.split("\n")[0]!;
    expect(annotation).toContain(",line=5,col=8,endLine=5,endColumn=21,title=name/unknown-field::");
    const region = JSON.parse(proviso(["lint", join(dir, "cr.policy"), "--format", "sarif"]).stdout).runs[0].results[0].locations[0].physicalLocation.region;
    expect(region).toEqual({ startLine: 5, startColumn: 8, endLine: 5, endColumn: 21 });
    expect(proviso(["lint", join(dir, "cr.policy")]).stdout).toContain("  5 |   when item.finalSal\n    |        ^^^^^^^^^^^^^");
  });

  it("writes JSON rows with file, line and code", () => {
    const rows = JSON.parse(proviso(["lint", LINTS, "--format", "json"]).stdout);
    expect(rows.map((x: { code: string; line: number }) => `${x.code}@${x.line}`)).toEqual(["lint/no-customer-reason@4", "lint/unreachable-rule@8", "lint/merchant-cancel-silent@12", "lint/absent-unguarded@18"]);
    expect(rows[0].file).toBe(LINTS);
  });

  it("exits as eslint does: 1 on errors, or when warnings exceed --max-warnings; 2 on usage errors", () => {
    expect(proviso(["lint", LINTS]).code).toBe(0);
    expect(proviso(["lint", LINTS, "--max-warnings", "4"]).code).toBe(0);
    expect(proviso(["lint", LINTS, "--max-warnings", "3"]).code).toBe(1);
    expect(proviso(["lint", LINTS, "--max-warnings", "-1"]).code).toBe(0);
    expect(proviso(["lint", BROKEN]).code).toBe(1);
    expect(proviso(["lint", BROKEN, "--max-warnings", "100"]).code).toBe(1);
    expect(proviso(["lint", LINTS, "--max-warnings", "many"]).code).toBe(2);
  });

  it("colours as other tools do: FORCE_COLOR, then NO_COLOR, then a terminal", () => {
    const noTerm = { NO_COLOR: "", FORCE_COLOR: "" };
    expect(proviso(["lint", BROKEN], undefined, { NO_COLOR: "" }).stdout).not.toContain("\u001b[");
    expect(proviso(["lint", BROKEN], undefined, { ...noTerm, FORCE_COLOR: "1" }).stdout).toContain("\u001b[31;1merror");
    expect(proviso(["lint", BROKEN], undefined, { NO_COLOR: "1", FORCE_COLOR: "1" }).stdout).toContain("\u001b[");
    expect(proviso(["lint", BROKEN], undefined, { NO_COLOR: "", FORCE_COLOR: "0" }).stdout).not.toContain("\u001b[");
    expect(proviso(["lint", BROKEN], undefined, { NO_COLOR: "1" }).stdout).not.toContain("\u001b[");
  });

  it("appends a Markdown summary for the CI job page", () => {
    const summary = join(tmp(), "summary.md");
    writeFileSync(summary, "earlier step\n");
    proviso(["lint", BROKEN, LINTS, "--summary", summary]);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("earlier step\n### proviso lint: ❌ 2 errors, 4 warnings in 2 files")).toBe(true);
    expect(text).toContain("| `test/cases/diagnostics/unknown-field.policy:5:8` | error | [`name/unknown-field`](https://github.com/proviso-dev/proviso/blob/v");
  });
});

describe("finding files", () => {
  const tree = () => {
    const dir = tmp();
    mkdirSync(join(dir, ".git"));
    mkdirSync(join(dir, "eu"));
    mkdirSync(join(dir, "us"));
    mkdirSync(join(dir, "drafts"));
    for (const f of ["eu/returns.policy", "eu/cancel.policy", "us/returns.policy", "us/returns-2.policy", "drafts/idea.policy", "generated.policy"]) cpSync("policies/final-sale.policy", join(dir, f));
    writeFileSync(join(dir, ".gitignore"), "generated.policy\n");
    writeFileSync(join(dir, "us", ".gitignore"), "returns-2.policy\n");
    return dir;
  };
  const filesOf = (dir: string, args: string[], env: Record<string, string> = {}) => {
    const r = proviso(["lint", ...args, "--format", "json"], undefined, env, dir);
    return { ...r, files: [...new Set((JSON.parse(r.stdout || "[]") as { file: string }[]).map((x) => x.file))].sort() };
  };
  // final-sale.policy is lint-clean: make each copy report one finding so the JSON lists the file.
  const withFinding = (dir: string) => {
    for (const f of ["eu/returns.policy", "eu/cancel.policy", "us/returns.policy", "us/returns-2.policy", "drafts/idea.policy", "generated.policy"]) {
      writeFileSync(join(dir, f), readFileSync(join(dir, f), "utf8").replace(/\notherwise\n  deny "[^"]*"/, "\notherwise\n  deny"));
    }
    return dir;
  };

  it("searches folders and leaves out what .gitignore files ignore, at every level", () => {
    const dir = withFinding(tree());
    expect(filesOf(dir, ["."]).files).toEqual(["drafts/idea.policy", "eu/cancel.policy", "eu/returns.policy", "us/returns.policy"]);
    expect(filesOf(dir, [".", "--no-ignore"]).files).toEqual(["drafts/idea.policy", "eu/cancel.policy", "eu/returns.policy", "generated.policy", "us/returns-2.policy", "us/returns.policy"]);
  });

  it("expands braces, classes and ! negations", () => {
    const dir = withFinding(tree());
    expect(filesOf(dir, ["{eu,us}/returns.policy"]).files).toEqual(["eu/returns.policy", "us/returns.policy"]);
    expect(filesOf(dir, ["[de]*/*.policy"]).files).toEqual(["drafts/idea.policy", "eu/cancel.policy", "eu/returns.policy"]);
    expect(filesOf(dir, [".", "!drafts", "!**/cancel.policy"]).files).toEqual(["eu/returns.policy", "us/returns.policy"]);
  });

  it("skips an ignored file named on the command line, and says so", () => {
    const dir = withFinding(tree());
    const r = filesOf(dir, ["generated.policy", "eu/returns.policy"]);
    expect(r.files).toEqual(["eu/returns.policy"]);
    expect(r.stderr).toContain("generated.policy is ignored by .gitignore; --no-ignore checks it");
  });
});

describe("configuration and inline suppressions", () => {
  it("sets lint codes to off, warn or error from the nearest proviso.config.yaml, and ignores its paths", () => {
    const dir = tmp();
    mkdirSync(join(dir, "strict"));
    mkdirSync(join(dir, "old"));
    cpSync(LINTS, join(dir, "lints.policy"));
    cpSync(LINTS, join(dir, "strict", "lints.policy"));
    cpSync(LINTS, join(dir, "old", "lints.policy"));
    writeFileSync(join(dir, "proviso.config.yaml"), "rules:\n  lint/no-customer-reason: off\n  lint/unreachable-rule: warn\nignore:\n  - old/\n");
    writeFileSync(join(dir, "strict", "proviso.config.yaml"), "rules:\n  lint/absent-unguarded: error\n");
    const r = proviso(["lint", dir, "--format", "json"]);
    const rows = JSON.parse(r.stdout) as { file: string; code: string; severity: string }[];
    const top = rows.filter((x) => x.file.endsWith(`${dir.split("/").at(-1)}/lints.policy`)).map((x) => `${x.code}:${x.severity}`);
    expect(top).toEqual(["lint/unreachable-rule:warning", "lint/merchant-cancel-silent:warning", "lint/absent-unguarded:warning"]);
    // The nearest configuration is the whole configuration: strict/ does not inherit `off`.
    const strict = rows.filter((x) => x.file.endsWith("strict/lints.policy")).map((x) => `${x.code}:${x.severity}`);
    expect(strict).toEqual(["lint/no-customer-reason:warning", "lint/unreachable-rule:warning", "lint/merchant-cancel-silent:warning", "lint/absent-unguarded:error"]);
    expect(rows.some((x) => x.file.includes("old"))).toBe(false);
    expect(r.code).toBe(1);
    // A level raised to error stops compiling too.
    expect(proviso(["compile", join(dir, "strict", "lints.policy")]).code).toBe(1);
    expect(proviso(["compile", join(dir, "lints.policy")]).code).toBe(0);
  });

  it("refuses a configuration it cannot follow, with the setting's path, exit 2", () => {
    const dir = tmp();
    cpSync(LINTS, join(dir, "lints.policy"));
    writeFileSync(join(dir, "proviso.config.yaml"), "rules:\n  lint/unreachable-rules: off\n  name/unknown-field: off\n  lint/absent-unguarded: loud\nignores: []\n");
    const r = proviso(["lint", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("at rules.lint/unreachable-rules: error `lint/unreachable-rules` is not a lint code [config/invalid]");
    expect(r.stderr).toContain("did you mean `lint/unreachable-rule`?");
    expect(r.stderr).toContain("`name/unknown-field` cannot be configured");
    expect(r.stderr).toContain('`lint/absent-unguarded` is set to "loud"');
    expect(r.stderr).toContain("unknown setting `ignores`");
    writeFileSync(join(dir, "proviso.config.yaml"), "rules: [\n");
    expect(proviso(["lint", dir])).toMatchObject({ code: 2, stderr: expect.stringContaining("not valid YAML") });
  });

  it("honours `# proviso-ignore code: reason` and reports one that suppresses nothing", () => {
    const dir = tmp();
    const text = readFileSync(LINTS, "utf8")
      .replace('rule "Delivered"\n', '# proviso-ignore lint/no-customer-reason: the storefront shows the reason\nrule "Delivered"\n')
      .replace('otherwise\n', '# proviso-ignore lint/unreachable-rule: kept for the next version\notherwise\n');
    writeFileSync(join(dir, "lints.policy"), text);
    const rows = JSON.parse(proviso(["lint", join(dir, "lints.policy"), "--format", "json"]).stdout) as { code: string; line: number }[];
    expect(rows.map((x) => `${x.code}@${x.line}`)).toEqual(["lint/unreachable-rule@9", "lint/merchant-cancel-silent@13", "lint/absent-unguarded@19", "lint/unused-suppression@22"]);
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
  for (const command of ["lint", "fmt", "compile", "eval", "test", "replay", "serve", "demo"]) {
    it(`${command} has --help`, () => {
      const r = proviso([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: proviso ${command}`);
    });
  }
});

describe("CI integrations", () => {
  it("the GitHub Action passes inputs through the environment and leaves the job's Node.js alone", () => {
    const action = YAML.parse(readFileSync("action.yml", "utf8"));
    expect(action.runs.using).toBe("composite");
    for (const step of action.runs.steps as { run?: string; uses?: string }[]) {
      expect(step.run ?? "", "inputs are never pasted into a script").not.toContain("${{");
      expect(step.uses, "no actions/setup-node").toBeUndefined();
    }
    expect(Object.keys(action.inputs)).toEqual(["paths", "max-warnings", "check-format", "test", "coverage-threshold", "package"]);
  });

  it("the pre-commit hooks call commands that exist", () => {
    const hooks = YAML.parse(readFileSync(".pre-commit-hooks.yaml", "utf8")) as { id: string; entry: string }[];
    expect(hooks.map((h) => h.id)).toEqual(["proviso-lint", "proviso-fmt", "proviso-test"]);
    for (const hook of hooks) {
      const [bin, command, ...flags] = hook.entry.split(" ");
      expect(bin).toBe("proviso");
      const help = proviso([command!, "--help"]);
      expect(help.code).toBe(0);
      for (const flag of flags.filter((f) => f.startsWith("--"))) expect(help.stdout).toContain(flag);
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
