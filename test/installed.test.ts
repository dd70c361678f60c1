// What a user installs, tested by installing it: the packed tarball in a fresh folder (ESM, CommonJS,
// TypeScript, the CLI), the GitHub Action's steps run as a runner would run them, and the pre-commit
// hooks installed by pre-commit itself.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { ROOT } from "./helpers/corpus.js";

const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
const work = mkdtempSync(join(tmpdir(), "proviso-installed-"));
const app = join(work, "app");

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const { FORCE_COLOR: _runner, ...env } = process.env;
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 240_000, ...options, env: { ...env, NO_COLOR: "1", ...(options.env ?? {}) } });
  return { code: r.status ?? -1, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") };
}

let tarball = "";
let packedFiles: string[] = [];

beforeAll(() => {
  // `npm pack` builds through `prepack`; with `foreground-scripts=false` (.npmrc) it prints only JSON here.
  const packed = run("npm", ["pack", "--pack-destination", work, "--json"], { cwd: ROOT });
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, info.filename);
  packedFiles = info.files.map((f) => f.path);
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "a-backend", private: true, type: "module" }));
  const installed = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], { cwd: app });
  expect(installed.code, installed.stderr).toBe(0);
  // A compiled artifact and an event, made with the installed CLI from the example the package ships.
  const compiled = run(join(app, "node_modules/.bin/proviso"), ["compile", "node_modules/proviso/policies/retail-returns.policy", "-o", "artifact.json"], { cwd: app });
  expect(compiled.code, compiled.stderr).toBe(0);
  cpSync(join(app, "node_modules/proviso/examples/events/retail-opened-electronics.json"), join(app, "event.json"));
}, 300_000);

describe("the npm package", () => {
  it("holds what runs, and no tests, sources or playground", () => {
    for (const wanted of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "bin/proviso.js", "dist/runtime/index.js", "dist/runtime/index.d.ts", "dist/cli/main.js", "docs/schemas/event.json", "docs/schemas/decision.json", "docs/schemas/artifact.json"]) {
      expect(packedFiles, wanted).toContain(wanted);
    }
    const unwanted = packedFiles.filter((f) => /^(test|bench|playground|scripts|grammar|compiler|runtime|cli|dist-playground)\//.test(f) || /\.map$/.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")));
    expect(unwanted).toEqual([]);
    expect(JSON.parse(readFileSync(join(app, "node_modules/proviso/package.json"), "utf8"))).toMatchObject({ license: "Apache-2.0", version: PACKAGE.version });
    expect((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { private?: boolean }).private).toBeUndefined();
  });

  it("decides an event from ESM: import \"proviso/runtime\"", () => {
    writeFileSync(join(app, "esm.mjs"), `import { readFileSync } from "node:fs";
import { loadArtifact, evaluateSync } from "proviso/runtime";
const policy = loadArtifact(readFileSync("artifact.json", "utf8")).value;
const decision = evaluateSync(policy, JSON.parse(readFileSync("event.json", "utf8"))).value;
console.log(JSON.stringify([decision.outcome, decision.refund.amount, decision.refund.currency]));
`);
    const r = run("node", ["esm.mjs"], { cwd: app });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toEqual(["approve", 6946, "USD"]);
  });

  it("decides an event from CommonJS: require(\"proviso/runtime\")", () => {
    writeFileSync(join(app, "cjs.cjs"), `const { readFileSync } = require("node:fs");
const { loadArtifact, evaluate } = require("proviso/runtime");
const policy = loadArtifact(readFileSync("artifact.json", "utf8")).value;
evaluate(policy, JSON.parse(readFileSync("event.json", "utf8"))).then(({ value }) => console.log(JSON.stringify([value.outcome, value.refund.amount])));
`);
    const r = run("node", ["cjs.cjs"], { cwd: app });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toEqual(["approve", 6946]);
  });

  it("gives TypeScript its types under nodenext and bundler resolution (and they are real types, not any)", () => {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    writeFileSync(join(app, "good.mts"), `import { loadArtifact, type Decision } from "proviso/runtime";
import { compilePolicy } from "proviso/compiler";
const loaded = loadArtifact("{}");
export const count: number = loaded.diagnostics.length;
export const outcome: Decision["outcome"] | undefined = loaded.value ? undefined : "deny";
export const refused: boolean = compilePolicy("").value === undefined;
`);
    writeFileSync(join(app, "bad.mts"), `import { loadArtifact } from "proviso/runtime";
export const count: string = loadArtifact("{}").diagnostics.length;
`);
    const check = (file: string, module: string, resolution: string) => {
      writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module, moduleResolution: resolution, target: "es2022", types: [], skipLibCheck: false }, files: [file] }));
      return run("node", [tsc, "-p", "tsconfig.json"], { cwd: app });
    };
    expect(check("good.mts", "nodenext", "nodenext")).toMatchObject({ code: 0, stdout: "" });
    expect(check("good.mts", "esnext", "bundler")).toMatchObject({ code: 0, stdout: "" });
    expect(check("bad.mts", "nodenext", "nodenext").stdout).toContain("Type 'number' is not assignable to type 'string'");
  });

  it("runs the CLI with npx: --version from package.json, lint and demo", () => {
    expect(run("npx", ["--no-install", "proviso", "--version"], { cwd: app }).stdout.trim()).toBe(PACKAGE.version);
    writeFileSync(join(app, "typo.policy"), readFileSync(join(app, "node_modules/proviso/policies/retail-returns.policy"), "utf8").replace("item.finalSale", "item.finalSal"));
    const lint = run("npx", ["--no-install", "proviso", "lint", "typo.policy"], { cwd: app });
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain("error unknown field `item.finalSal` [name/unknown-field]");
    const demo = run("npx", ["--no-install", "proviso", "demo"], { cwd: app });
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain("APPROVE  refund $69.46");
  });

  it("serves decisions over HTTP from the installed package", async () => {
    const { spawn } = await import("node:child_process");
    const dir = mkdtempSync(join(tmpdir(), "proviso-installed-serve-"));
    cpSync(join(app, "artifact.json"), join(dir, "retail-returns.json"));
    const child = spawn(join(app, "node_modules/.bin/proviso"), ["serve", dir, "--port", "0"], { cwd: app, stdio: ["ignore", "pipe", "inherit"] });
    try {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
      let url: string | undefined;
      for (let i = 0; i < 200 && !url; i++) {
        url = out.split("\n").filter((l) => l.includes('"msg":"listening"')).map((l) => JSON.parse(l).url as string)[0];
        await new Promise((r) => setTimeout(r, 50));
      }
      const response = await fetch(`${url}/v1/policies/retail-returns/decide`, { method: "POST", headers: { "content-type": "application/json" }, body: readFileSync(join(app, "event.json"), "utf8") });
      expect(response.status).toBe(200);
      expect((await response.json()).refund.amount).toBe(6946);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("ships the JSON Schemas as package exports", () => {
    const r = run("node", ["--input-type=module", "-e", `import { createRequire } from "node:module"; const require = createRequire(process.cwd() + "/"); console.log(require("proviso/schemas/event.json").$id, require("proviso/package.json").version);`], { cwd: app });
    expect(r.stdout.trim()).toBe(`https://proviso.dev/schemas/event.json ${PACKAGE.version}`);
  });
});

// ---- the GitHub Action, step by step as the runner runs a composite action ------------------------

interface ActionStep {
  id?: string;
  name: string;
  if?: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}

/** The few expressions action.yml uses; anything else fails the test rather than being guessed. */
function expression(text: string, inputs: Record<string, string>, outcomes: Record<string, string>): string | boolean {
  const inner = text.trim().replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, "$1");
  const term = (t: string): string | boolean => {
    t = t.trim();
    let m: RegExpMatchArray | null;
    if (t === "!cancelled()") return true;
    if ((m = t.match(/^inputs\.([\w-]+)$/))) return inputs[m[1]!] ?? "";
    if ((m = t.match(/^steps\.([\w-]+)\.outcome$/))) return outcomes[m[1]!] ?? "";
    if ((m = t.match(/^'([^']*)'$/))) return m[1]!;
    if ((m = t.match(/^(.+?)\s*==\s*(.+)$/))) return term(m[1]!) === term(m[2]!);
    throw new Error(`action.yml uses an expression this test does not know: ${t}`);
  };
  const parts = inner.split("&&");
  return parts.length === 1 ? term(parts[0]!) : parts.every((p) => term(p) === true);
}

function runAction(workspace: string, given: Record<string, string>) {
  const action = YAML.parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, { default: string }>; runs: { steps: ActionStep[] } };
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default]));
  const runner = mkdtempSync(join(tmpdir(), "proviso-runner-"));
  const githubEnv = join(runner, "env");
  const summary = join(runner, "summary.md");
  writeFileSync(githubEnv, "");
  writeFileSync(summary, "");
  const outcomes: Record<string, string> = {};
  const steps: { name: string; outcome: string; stdout: string; stderr: string }[] = [];
  for (const step of action.runs.steps) {
    if (step.if !== undefined && expression(step.if, inputs, outcomes) !== true) {
      steps.push({ name: step.name, outcome: "skipped", stdout: "", stderr: "" });
      if (step.id) outcomes[step.id] = "skipped";
      continue;
    }
    expect(step.shell).toBe("bash");
    const fromEarlierSteps = Object.fromEntries(readFileSync(githubEnv, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, String(expression(v, inputs, outcomes))]));
    const script = join(runner, "step.sh");
    writeFileSync(script, step.run);
    const r = run("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: workspace,
      env: { GITHUB_ACTION_PATH: ROOT, GITHUB_ENV: githubEnv, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: runner, GITHUB_ACTIONS: "true", ...fromEarlierSteps, ...stepEnv },
    });
    const outcome = r.code === 0 ? "success" : "failure";
    if (step.id) outcomes[step.id] = outcome;
    steps.push({ name: step.name, outcome, stdout: r.stdout, stderr: r.stderr });
  }
  return { steps, summary: readFileSync(summary, "utf8") };
}

describe("the GitHub Action", () => {
  const workspace = () => {
    const dir = mkdtempSync(join(tmpdir(), "proviso-workspace-"));
    mkdirSync(join(dir, "policies"));
    cpSync(join(ROOT, "policies/final-sale.policy"), join(dir, "policies/final-sale.policy"));
    cpSync(join(ROOT, "policies/final-sale.test.yaml"), join(dir, "policies/final-sale.test.yaml"));
    return dir;
  };

  it("installs the packed package and passes a clean repository, with a job summary", () => {
    const result = runAction(workspace(), { package: tarball, paths: "policies" });
    expect(result.steps.map((s) => [s.name, s.outcome])).toEqual([["Install Proviso", "success"], ["proviso lint", "success"], ["proviso fmt --check", "success"], ["proviso test", "success"]]);
    expect(result.steps[0]!.stdout).toContain(`Installed ${PACKAGE.version} from ${tarball}`);
    expect(result.summary).toContain("### proviso lint: ✅ 0 errors, 0 warnings in 1 file");
    expect(result.summary).toContain("### proviso fmt: ✅ 1 file formatted");
    expect(result.summary).toMatch(/### proviso test: ✅ \d+ passed, 0 failed/);
  });

  it("annotates a broken policy, fails, and still runs the other checks", () => {
    const dir = workspace();
    writeFileSync(join(dir, "policies/final-sale.policy"), readFileSync(join(dir, "policies/final-sale.policy"), "utf8").replace("item.finalSale", "item.finalSal"));
    const result = runAction(dir, { package: tarball, paths: "policies", "coverage-threshold": "100" });
    expect(result.steps.map((s) => s.outcome)).toEqual(["success", "failure", "success", "failure"]);
    expect(result.steps[1]!.stdout).toMatch(/^::error file=policies\/final-sale\.policy,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=name\/unknown-field::unknown field `item\.finalSal`/m);
    expect(result.summary).toContain("### proviso lint: ❌ 1 error");
  });

  it("never runs an input as shell code", () => {
    const dir = workspace();
    const result = runAction(dir, { package: tarball, paths: "policies $(touch pwned) `touch pwned2`", "max-warnings": "0; touch pwned3", test: "false", "check-format": "false" });
    for (const f of ["pwned", "pwned2", "pwned3"]) expect(existsSync(join(dir, f)), f).toBe(false);
    expect(result.steps[1]!.outcome).toBe("failure");
    expect(result.steps[1]!.stderr).toMatch(/--max-warnings takes a whole number|cannot read \$\(touch/);
  });
});

// ---- pre-commit, installing the hooks from this checkout ----------------------------------------

const PRE_COMMIT = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;
if (!PRE_COMMIT && process.env.CI === "true") throw new Error("pre-commit is required under CI=true (.ci/run installs Debian's pre-commit)");

describe.skipIf(!PRE_COMMIT)("pre-commit hooks", () => {
  const home = join(work, "pre-commit-home");
  const repo = join(work, "repo");

  beforeAll(() => {
    mkdirSync(repo);
    run("git", ["init", "-q"], { cwd: repo });
    cpSync(join(ROOT, "policies/final-sale.policy"), join(repo, "good.policy"));
    writeFileSync(join(repo, "bad.policy"), readFileSync(join(repo, "good.policy"), "utf8").replace("item.finalSale", "item.finalSal"));
    writeFileSync(join(repo, "messy.policy"), readFileSync(join(ROOT, "test/cases/format/messy.policy"), "utf8"));
    run("git", ["add", "."], { cwd: repo });
  });

  const tryRepo = (hook: string, files: string[]) => run("pre-commit", ["try-repo", ROOT, hook, "--files", ...files], { cwd: repo, env: { PRE_COMMIT_HOME: home } });

  it("install with pre-commit itself, and proviso-lint fails on a broken policy and passes a clean one", () => {
    const broken = tryRepo("proviso-lint", ["bad.policy", "good.policy"]);
    expect(broken.code, broken.stdout + broken.stderr).toBe(1);
    expect(broken.stdout).toContain("bad.policy:20:8: error unknown field `item.finalSal` [name/unknown-field]");
    const clean = tryRepo("proviso-lint", ["good.policy"]);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/proviso lint\.+Passed/);
  }, 300_000);

  it("proviso-fmt rewrites an unformatted policy", () => {
    const r = tryRepo("proviso-fmt", ["messy.policy", "good.policy"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("files were modified by this hook");
    expect(readFileSync(join(repo, "messy.policy"), "utf8")).toBe(readFileSync(join(ROOT, "test/cases/format/messy.formatted.policy"), "utf8"));
  }, 300_000);
});
