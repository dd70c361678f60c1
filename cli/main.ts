// The `proviso` command: a thin shell over grammar/, compiler/ and runtime/. Exit codes: 0 clean,
// 1 findings (diagnostics, invalid events, failed tests), 2 usage errors or unreadable input.

import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { Command, CommanderError, Option } from "commander";
import {
  compilePolicy, compilePolicyFiles, formatPolicy, renderDiagnostics, resolveTestCases, runPolicyTests, serializeArtifact,
  type CompileOptions, type PolicyTestCase, type PolicyTestFile,
} from "../compiler/index.js";
import { evaluate, limit, loadArtifact, type Diagnostic, type LoadedPolicy } from "../runtime/index.js";
import { configFor } from "./config.js";
import { expandPaths, type ExpandOptions } from "./files.js";
import { fieldsFileFor } from "./fields-file.js";
import { UsageError, checkReadable, parseData, readEvent, readText } from "./io.js";
import { jsonLines } from "./jsonl.js";
import { formatDecision } from "./pretty.js";
import { LINT_FORMATS, github, json, lintSummary, pretty, sarif, type FileFindings, type LintFormat } from "./report.js";
import { formatTestReport, testSummary, type TestFileReport } from "./test-report.js";

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Colour as other command-line tools decide it: FORCE_COLOR (0 turns it off), then NO_COLOR, then a terminal. */
function colorOn(stream: NodeJS.WriteStream): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (process.env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && (stream.hasColors?.() ?? true);
}

/** Expands paths, telling on standard error about files named on the command line that are skipped as ignored. */
function filesFrom(paths: string[], extensions: string[], noIgnore: boolean): string[] {
  const options: ExpandOptions = { noIgnore, onIgnored: (file, by) => process.stderr.write(`proviso: ${file} is ignored by ${relative(".", by) || by}; --no-ignore checks it\n`) };
  return expandPaths(paths, extensions, options);
}

/** Appends Markdown to a summary file (GitHub's $GITHUB_STEP_SUMMARY). */
function appendSummary(file: string | undefined, markdown: string): void {
  if (file) appendFileSync(file, markdown);
}

function fail(code: 1 | 2, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function printDiagnostics(diagnostics: readonly Diagnostic[], source: string | undefined, file: string): void {
  if (diagnostics.length) process.stderr.write(`${renderDiagnostics(diagnostics, source, { file, color: colorOn(process.stderr) })}\n`);
}

/**
 * Compile options for a policy file: its name, its fields file (see fields-file.ts), and the lint
 * levels of the nearest proviso.config.yaml.
 */
function compileOptions(file: string, fieldsFile: string | undefined, text: string): CompileOptions {
  const options: CompileOptions = { source: basename(file) };
  const config = configFor(file);
  if (config && Object.keys(config.rules).length) options.lintRules = config.rules;
  const chosen = fieldsFileFor(file, text, fieldsFile);
  if (chosen) options.customFields = parseData(readText(chosen), chosen);
  return options;
}

/** Loads a policy (.policy, compiled on the fly) or a compiled artifact (.json). */
function loadPolicy(file: string, fieldsFile?: string): LoadedPolicy {
  const text = readText(file);
  if (file.endsWith(".policy")) {
    const compiled = compilePolicy(text, compileOptions(file, fieldsFile, text));
    if (!compiled.value) {
      printDiagnostics(compiled.diagnostics, text, file);
      fail(1, `${file}: the policy has errors`);
    }
    const loaded = loadArtifact(compiled.value);
    if (!loaded.value) fail(1, `${file}: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
    return loaded.value;
  }
  const loaded = loadArtifact(text);
  if (!loaded.value) {
    printDiagnostics(loaded.diagnostics, undefined, file);
    fail(1, `${file}: the artifact was refused`);
  }
  return loaded.value;
}

function asOfOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

const fieldsOption = () => new Option("--fields <file>", "the merchant's fields file; default: the one the policy names (fields \"...\"), else <policy>.fields.json or proviso.fields.json beside it");

const program = new Command()
  .name("proviso")
  .description("Lint, format, test, compile and evaluate Proviso cancellation, return and refund policies.")
  .version(VERSION)
  .exitOverride()
  .showSuggestionAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command("lint")
  .description("report every diagnostic of .policy files (directories are searched, globs expanded)")
  .argument("[paths...]", "files, directories or globs", ["."])
  .addOption(new Option("--format <format>", "output format").choices(LINT_FORMATS).default("pretty"))
  .option("--max-warnings <n>", "exit 1 when there are more warnings than this (errors always fail; default: warnings never fail)", (v) => {
    if (!/^-?\d+$/.test(v)) throw new UsageError(`--max-warnings takes a whole number, not "${v}"`);
    return Number(v);
  })
  .option("--no-ignore", "also check files that .gitignore or the configuration's `ignore` leave out")
  .option("--summary <file>", "append a Markdown summary to this file (in GitHub Actions: \"$GITHUB_STEP_SUMMARY\")")
  .addOption(fieldsOption())
  .action((paths: string[], options: { format: LintFormat; maxWarnings?: number; fields?: string; ignore: boolean; summary?: string }) => {
    const files = filesFrom(paths, [".policy"], !options.ignore);
    if (!files.length) throw new UsageError(`no .policy files in ${paths.join(", ")}`);
    const findings: FileFindings[] = files.map((file) => {
      const source = readText(file);
      return { file: relative(".", file) || file, source, diagnostics: compilePolicy(source, { ...compileOptions(file, options.fields, source), diagnosticsOnly: true }).diagnostics };
    });
    const out = { pretty: () => pretty(findings, colorOn(process.stdout)), json: () => json(findings), sarif: () => sarif(findings, VERSION), github: () => github(findings) }[options.format]();
    process.stdout.write(out);
    appendSummary(options.summary, lintSummary(findings, VERSION));
    const all = findings.flatMap((f) => f.diagnostics);
    const errors = all.filter((d) => d.severity === "error").length;
    const warnings = all.length - errors;
    const maxWarnings = options.maxWarnings ?? -1;
    process.exitCode = errors > 0 || (maxWarnings >= 0 && warnings > maxWarnings) ? 1 : 0;
  });

program
  .command("fmt")
  .description("format .policy files in the one canonical layout (comments kept)")
  .argument("[paths...]", "files, directories or globs", ["."])
  .option("--check", "list files that are not formatted, and exit 1 if any")
  .option("--write", "rewrite files in place")
  .option("--no-ignore", "also format files that .gitignore or the configuration's `ignore` leave out")
  .option("--summary <file>", "with --check: append a Markdown summary to this file (in GitHub Actions: \"$GITHUB_STEP_SUMMARY\")")
  .action((paths: string[], options: { check?: boolean; write?: boolean; ignore: boolean; summary?: string }) => {
    if (options.check && options.write) throw new UsageError("give --check or --write, not both");
    const files = filesFrom(paths, [".policy"], !options.ignore);
    if (!files.length) throw new UsageError(`no .policy files in ${paths.join(", ")}`);
    if (!options.check && !options.write && files.length > 1) throw new UsageError("formatting several files needs --check or --write");
    const unformattedFiles: string[] = [];
    let broken = 0;
    for (const file of files) {
      const source = readText(file);
      const formatted = formatPolicy(source);
      if (!formatted.value) {
        broken++;
        printDiagnostics(formatted.diagnostics, source, file);
        continue;
      }
      if (!options.check && !options.write) process.stdout.write(formatted.value);
      else if (formatted.value !== source) {
        unformattedFiles.push(file);
        if (options.write) writeFileSync(file, formatted.value);
        else process.stdout.write(`${file}\n`);
      }
    }
    const unformatted = unformattedFiles.length;
    if (options.check && unformatted) process.stderr.write(`${unformatted} file${unformatted === 1 ? " is" : "s are"} not formatted: run proviso fmt --write\n`);
    if (options.check) {
      appendSummary(options.summary, unformatted || broken
        ? [`### proviso fmt: ❌ ${unformatted} of ${files.length} files not formatted${broken ? `, ${broken} not readable` : ""}`, "", ...unformattedFiles.map((f) => `- \`${f}\``), "", "Run `proviso fmt --write` on them.", "", ""].join("\n")
        : `### proviso fmt: ✅ ${files.length} file${files.length === 1 ? "" : "s"} formatted\n\n`);
    }
    process.exitCode = broken || (options.check && unformatted) ? 1 : 0;
  });

program
  .command("compile")
  .description("compile a policy to its JSON artifact; several files are versions of one policy")
  .argument("<files...>", "policy files (one policy, or one per version)")
  .option("-o, --output <file>", "write the artifact here instead of standard output")
  .addOption(fieldsOption())
  .action((files: string[], options: { output?: string; fields?: string }) => {
    const sources = files.map((file) => ({ file, text: readText(file) }));
    const { source: _first, ...shared } = compileOptions(files[0]!, options.fields, sources[0]!.text);
    const compiled = compilePolicyFiles(sources.map((s) => ({ text: s.text, source: basename(s.file) })), shared);
    for (const s of sources) printDiagnostics(compiled.diagnostics.filter((d) => d.file === basename(s.file)), s.text, s.file);
    printDiagnostics(compiled.diagnostics.filter((d) => !sources.some((s) => d.file === basename(s.file))), undefined, files.join(", "));
    if (!compiled.value) fail(1, `${files.join(", ")}: not compiled`);
    const artifact = serializeArtifact(compiled.value);
    if (options.output) writeFileSync(options.output, artifact);
    else process.stdout.write(artifact);
  });

program
  .command("eval")
  .description("decide an event (or many) against a policy or a compiled artifact")
  .argument("<policy>", ".policy file or compiled .json artifact")
  .option("--event <file>", "the event, JSON or YAML ('-' for standard input)")
  .option("--events <file>", "many events, one JSON object per line ('-' for standard input); prints one decision per line")
  .addOption(new Option("--format <format>", "output format").choices(["pretty", "json"]).default("pretty"))
  .option("--as-of <date>", "use the policy version in force at this date or date-time instead of at the order's")
  .option("--no-explain", "leave out the explanation")
  .option("--counterfactuals", "add the nearest changes to the event that would change each item's outcome or refund")
  .addOption(fieldsOption())
  .action(async (policyFile: string, options: { event?: string; events?: string; format: string; asOf?: string; explain: boolean; counterfactuals?: boolean; fields?: string }) => {
    if (!options.event === !options.events) throw new UsageError("give exactly one of --event FILE or --events FILE.jsonl");
    const policy = loadPolicy(policyFile, options.fields);
    const asOf = asOfOption(options.asOf);
    const evalOptions = { explain: options.explain, ...(asOf ? { asOf } : {}), ...(options.counterfactuals ? { counterfactuals: true } : {}) };
    const print = (decision: Parameters<typeof formatDecision>[0], event?: unknown) =>
      process.stdout.write(options.format === "json" ? `${JSON.stringify(decision)}\n` : `${formatDecision(decision, colorOn(process.stdout), event)}\n`);
    if (options.event) {
      const file = options.event;
      const event = readEvent(file);
      const result = await evaluate(policy, event, evalOptions);
      if (!result.value) {
        printDiagnostics(result.diagnostics, undefined, file === "-" ? "event" : file);
        process.exitCode = 1;
        return;
      }
      print(result.value, event);
      return;
    }
    const file = options.events!;
    if (file !== "-") checkReadable(file);
    let failed = 0;
    let seen = 0;
    const refuse = (line: number, message: string) => {
      failed++;
      process.stdout.write(`${JSON.stringify({ error: { severity: "error", code: "event/not-json", message: `line ${line}: ${message}`, line } })}\n`);
    };
    for await (const { line, text } of jsonLines(file)) {
      seen++;
      if (text === undefined) {
        refuse(line, `the line is longer than ${limit("eventLineBytes")} bytes`);
        continue;
      }
      let event: unknown;
      try {
        event = JSON.parse(text);
      } catch (e) {
        refuse(line, (e as Error).message);
        continue;
      }
      const result = await evaluate(policy, event, evalOptions);
      if (result.value) print(result.value);
      else {
        failed++;
        process.stdout.write(`${JSON.stringify({ error: { ...result.diagnostics[0], line }, errors: result.diagnostics })}\n`);
      }
    }
    if (!seen) throw new UsageError(`no events in ${file === "-" ? "standard input" : file}: give one JSON object per line`);
    process.exitCode = failed ? 1 : 0;
  });

program
  .command("test")
  .description("run policy test files (*.test.yaml beside the policy: events and expected decision fields)")
  .argument("[paths...]", "test files, policies, directories or globs", ["."])
  .option("--coverage", "report which rules and conditions the tests exercised")
  .option("--threshold <percent>", "with --coverage: fail when rule or condition coverage is below this", (v) => {
    if (!/^\d+(\.\d+)?$/.test(v) || Number(v) > 100) throw new UsageError(`--threshold takes a percentage from 0 to 100, not "${v}"`);
    return Number(v);
  })
  .addOption(new Option("--format <format>", "output format").choices(["pretty", "json"]).default("pretty"))
  .option("--boundaries", "instead of running tests: write <policy>.boundaries.test.yaml beside each policy, with events on both sides of every threshold and the decisions they get today, to review and commit")
  .option("--no-ignore", "also run tests that .gitignore or the configuration's `ignore` leave out")
  .option("--summary <file>", "append a Markdown summary to this file (in GitHub Actions: \"$GITHUB_STEP_SUMMARY\")")
  .addOption(fieldsOption())
  .action(async (paths: string[], options: { coverage?: boolean; threshold?: number; format: string; fields?: string; ignore: boolean; summary?: string; boundaries?: boolean }) => {
    if (options.boundaries) {
      const { writeBoundaryTests } = await import("./boundaries.js");
      const policies = filesFrom(paths, [".policy"], !options.ignore);
      if (!policies.length) throw new UsageError(`no .policy files in ${paths.join(", ")}`);
      let failed = false;
      for (const file of policies) {
        const written = writeBoundaryTests(file, compileOptions(file, options.fields, readText(file)));
        if ("diagnostics" in written) {
          printDiagnostics(written.diagnostics, readText(file), file);
          failed = true;
          continue;
        }
        process.stdout.write(`${written.target}: ${written.cases} cases${written.missed.length ? `; no event found for ${written.missed.join(", ")}` : ""}\n`);
      }
      process.exitCode = failed ? 1 : 0;
      return;
    }
    const candidates = filesFrom(paths, [".test.yaml", ".test.yml", ".policy"], !options.ignore);
    const testFiles = [...new Set(candidates.map((f) => (f.endsWith(".policy") ? f.replace(/\.policy$/, ".test.yaml") : f)).filter((f) => existsSync(f)))];
    if (!testFiles.length) throw new UsageError(`no policy test files (*.test.yaml) in ${paths.join(", ")}`);
    // Group test files by the policy they test, so coverage is measured over all of a policy's tests.
    const byPolicy = new Map<string, { files: string[]; cases: PolicyTestCase[] }>();
    for (const file of testFiles) {
      const data = parseData(readText(file), file) as PolicyTestFile | null;
      if (!data || !Array.isArray(data.cases)) throw new UsageError(`${file}: a test file has \`cases:\`, a list of { name, event, expect }`);
      const policyFile = join(dirname(file), data.policy ?? basename(file).replace(/\.test\.ya?ml$/, ".policy"));
      if (!existsSync(policyFile)) throw new UsageError(`${file}: its policy ${policyFile} does not exist`);
      const group = byPolicy.get(policyFile) ?? { files: [], cases: [] };
      group.files.push(file);
      group.cases.push(...resolveTestCases(data));
      byPolicy.set(policyFile, group);
    }
    const reports: TestFileReport[] = [];
    for (const [policyFile, { files, cases }] of byPolicy) {
      const file = files.join(", ");
      const source = readText(policyFile);
      const compiled = compilePolicy(source, compileOptions(policyFile, options.fields, source));
      if (!compiled.value) {
        printDiagnostics(compiled.diagnostics, source, policyFile);
        reports.push({ file, policyFile, error: "the policy has errors" });
        continue;
      }
      const loaded = loadArtifact(compiled.value);
      reports.push({ file, policyFile, report: await runPolicyTests(loaded.value!, cases, compiled.diagnostics) });
    }
    const { text, failed } = formatTestReport(reports, { coverage: Boolean(options.coverage), threshold: options.threshold, json: options.format === "json", color: colorOn(process.stdout) });
    process.stdout.write(text);
    appendSummary(options.summary, testSummary(reports, Boolean(options.coverage)));
    process.exitCode = failed ? 1 : 0;
  });

program
  .command("verify")
  .description("prove what a policy can never do: each rule can fire, no refund above what was paid or below zero; counterexamples for what can")
  .argument("[paths...]", "files, directories or globs", ["."])
  .addOption(new Option("--format <format>", "output format").choices(LINT_FORMATS).default("pretty"))
  .option("--max-warnings <n>", "exit 1 when more properties fail than this (default: failures never fail the run)", (v) => {
    if (!/^-?\d+$/.test(v)) throw new UsageError(`--max-warnings takes a whole number, not "${v}"`);
    return Number(v);
  })
  .option("--counterexamples <dir>", "write each counterexample event to this folder, to run with proviso eval")
  .option("--no-ignore", "also verify files that .gitignore or the configuration's `ignore` leave out")
  .option("--summary <file>", "append a Markdown summary to this file (in GitHub Actions: \"$GITHUB_STEP_SUMMARY\")")
  .addOption(fieldsOption())
  .action(async (paths: string[], options: { format: LintFormat; maxWarnings?: number; counterexamples?: string; ignore: boolean; summary?: string; fields?: string }) => {
    const files = filesFrom(paths, [".policy"], !options.ignore);
    if (!files.length) throw new UsageError(`no .policy files in ${paths.join(", ")}`);
    const { verifyFile } = await import("./verify.js");
    const verified = files.map((file) => verifyFile(file, compileOptions(file, options.fields, readText(file))));
    const broken = verified.filter((v) => "diagnostics" in v);
    for (const b of broken) if ("diagnostics" in b) printDiagnostics(b.diagnostics, b.source, b.file);
    const good = verified.filter((v): v is Exclude<typeof v, { diagnostics: unknown }> => !("diagnostics" in v));
    const { jsonVerify, prettyVerify, verifyDiagnostics } = await import("./verify-report.js");
    const findings: FileFindings[] = good.map((v) => ({ file: relative(".", v.file) || v.file, source: v.source, diagnostics: verifyDiagnostics(v) }));
    const out = { pretty: () => prettyVerify(good.map((v) => ({ ...v, file: relative(".", v.file) || v.file })), colorOn(process.stdout)), json: () => jsonVerify(good), sarif: () => sarif(findings, VERSION), github: () => github(findings) }[options.format]();
    process.stdout.write(out);
    appendSummary(options.summary, lintSummary(findings, VERSION).replace("### proviso lint", "### proviso verify"));
    if (options.counterexamples) {
      mkdirSync(options.counterexamples, { recursive: true });
      for (const v of good) {
        v.report.results.filter((r) => r.status === "fails" && r.event).forEach((r, i) => {
          writeFileSync(join(options.counterexamples!, `${basename(v.file, ".policy")}-${String(i + 1).padStart(2, "0")}-${r.property}.json`), `${JSON.stringify(r.event, null, 2)}\n`);
        });
      }
    }
    const failing = findings.reduce((n, f) => n + f.diagnostics.length, 0);
    const maxWarnings = options.maxWarnings ?? -1;
    process.exitCode = broken.length || (maxWarnings >= 0 && failing > maxWarnings) ? 1 : 0;
  });

program
  .command("replay")
  .description("decide a history of orders with a policy version, and compare with a baseline policy; or merge the summaries of shards")
  .argument("[policy]", ".policy file or compiled .json artifact")
  .option("--events <file>", "the events, one JSON object per line (streamed; '-' for standard input)")
  .option("--baseline <policy>", "the policy to compare with (.policy or artifact)")
  .option("--policy-version <id>", "the version of the policy to apply to every event (default: the latest)")
  .option("--baseline-version <id>", "the version of the baseline to apply (default: its latest)")
  .addOption(new Option("--engine <engine>", "evaluator").choices(["fast", "jre"]).default("fast"))
  .addOption(new Option("--format <format>", "output format").choices(["pretty", "json", "markdown"]).default("pretty"))
  .option("--workers <n>", "worker threads (default: one per core)", (v) => {
    if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--workers takes a positive whole number, not "${v}"`);
    return Number(v);
  })
  .option("--line-offset <n>", "for a shard of a larger history: the number of lines before it, so reported line numbers are the history's", (v) => {
    if (!/^\d+$/.test(v)) throw new UsageError(`--line-offset takes a whole number, not "${v}"`);
    return Number(v);
  })
  .option("--merge <summaries...>", "merge the --format json summaries of shards into one, as if one run had read them all")
  .addOption(fieldsOption())
  .action(async (policyFile: string | undefined, options: { events?: string; baseline?: string; policyVersion?: string; baselineVersion?: string; engine: "fast" | "jre"; format: string; workers?: number; lineOffset?: number; merge?: string[]; fields?: string }) => {
    const { replayFile, replayReport, mergeSummaries } = await import("./replay.js");
    if (options.merge) {
      if (policyFile || options.events) throw new UsageError("--merge takes only summaries: no policy, no --events");
      const merged = mergeSummaries(options.merge.map((file) => ({ file, summary: parseData(readText(file), file) })));
      if (options.format === "json") process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
      else {
        process.stdout.write(replayReport({
          stats: merged, currency: merged.currency, policy: merged.policy, version: merged.version, engine: merged.engine, seconds: merged.seconds,
          ...(merged.baseline?.policy ? { baseline: { policy: merged.baseline.policy, version: merged.baseline.version! } } : {}),
        }, options.format === "markdown"));
      }
      process.exitCode = merged.malformedCount || Object.keys(merged.refusedByCode).length ? 1 : 0;
      return;
    }
    if (!policyFile || !options.events) throw new UsageError("give a policy and --events FILE.jsonl (or --merge SUMMARY.json...)");
    // `-` reads standard input (`zcat history.jsonl.gz | proviso replay ... --events -`).
    if (options.events !== "-") checkReadable(options.events);
    const policy = loadPolicy(policyFile, options.fields);
    const pickVersion = (p: LoadedPolicy, wanted: string | undefined, flag: string) => {
      const id = wanted ?? p.versions[p.versions.length - 1]!.id;
      if (!p.versions.some((v) => v.id === id)) throw new UsageError(`${flag}: no version "${id}" (there are ${p.versions.map((v) => `"${v.id}"`).join(", ")})`);
      return id;
    };
    const version = pickVersion(policy, options.policyVersion, "--policy-version");
    const baseline = options.baseline ? loadPolicy(options.baseline, options.fields) : undefined;
    const baselineVersion = baseline ? pickVersion(baseline, options.baselineVersion, "--baseline-version") : undefined;
    const started = performance.now();
    const tty = Boolean(process.stderr.isTTY);
    const stats = await replayFile(options.events, {
      artifact: policy.artifact,
      version,
      engine: options.engine,
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.lineOffset ? { lineOffset: options.lineOffset } : {}),
      ...(baseline && baselineVersion ? { baseline: { artifact: baseline.artifact, version: baselineVersion } } : {}),
      onProgress: (lines) => {
        if (!tty) return;
        const rate = lines / Math.max((performance.now() - started) / 1000, 1e-6);
        process.stderr.write(`\r${"█".repeat(Math.min(30, Math.floor(Math.log10(lines + 1) * 5)))} ${lines.toLocaleString("en-US")} lines, ${Math.round(rate).toLocaleString("en-US")}/s   `);
      },
    });
    if (tty) process.stderr.write("\n");
    const seconds = (performance.now() - started) / 1000;
    const currency = policy.artifact.policy.currency;
    if (options.format === "json") {
      process.stdout.write(`${JSON.stringify({ policy: policy.artifact.policy.name, hash: policy.artifact.hash, version, currency, ...(baseline ? { baseline: { ...stats.baseline, policy: baseline.artifact.policy.name, hash: baseline.artifact.hash, version: baselineVersion } } : {}), engine: options.engine, seconds, appliesVersionToEveryEvent: true, ...withoutBaseline(stats) }, null, 2)}\n`);
    } else {
      process.stdout.write(replayReport({
        stats, currency, policy: policy.artifact.policy.name, version, engine: options.engine, seconds,
        ...(baseline ? { baseline: { policy: baseline.artifact.policy.name, version: baselineVersion! } } : {}),
      }, options.format === "markdown"));
    }
    process.exitCode = stats.malformedCount || Object.keys(stats.refusedByCode).length ? 1 : 0;
  });

/** A replay summary's counts without the baseline section (which the JSON output names and hashes separately). */
function withoutBaseline<T extends { baseline?: unknown }>(stats: T): Omit<T, "baseline"> {
  const { baseline: _baseline, ...rest } = stats;
  return rest;
}

const positiveInt = (flag: string) => (v: string) => {
  if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`${flag} takes a positive whole number, not "${v}"`);
  return Number(v);
};

program
  .command("serve")
  .description("serve decisions over HTTP for every policy (or compiled artifact) in a folder; reloads changed files")
  .argument("[dir]", "folder of .policy files and compiled .json artifacts", ".")
  .option("--port <port>", "port to listen on (0: any free port); default PROVISO_PORT, PORT or 8080", (v) => {
    if (!/^\d+$/.test(v) || Number(v) > 65_535) throw new UsageError(`--port takes a port number, not "${v}"`);
    return Number(v);
  })
  .option("--host <host>", "address to listen on; default PROVISO_HOST or 127.0.0.1 (only this machine)")
  .option("--body-limit <bytes>", "largest request body", positiveInt("--body-limit"), 10 * 1024 * 1024)
  .option("--max-batch <n>", "most events in one batch request", positiveInt("--max-batch"), 1000)
  .option("--request-timeout <ms>", "time to receive a request, and to decide a batch", positiveInt("--request-timeout"), 30_000)
  .option("--max-concurrency <n>", "requests handled at once; more are answered 503 with Retry-After", positiveInt("--max-concurrency"), 256)
  .option("--no-watch", "do not reload changed files (SIGHUP still reloads)")
  .addOption(new Option("--log-level <level>", "log level").choices(["fatal", "error", "warn", "info", "debug"]).default("info"))
  .action(async (dir: string, options: { port?: number; host?: string; bodyLimit: number; maxBatch: number; requestTimeout: number; maxConcurrency: number; watch: boolean; logLevel: string }) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder`);
    const envPort = process.env.PROVISO_PORT ?? process.env.PORT;
    if (options.port === undefined && envPort !== undefined && !/^\d+$/.test(envPort)) throw new UsageError(`PROVISO_PORT/PORT is not a port number: "${envPort}"`);
    const token = process.env.PROVISO_TOKEN;
    if (token !== undefined && token.length < 16) throw new UsageError("PROVISO_TOKEN must be at least 16 characters");
    const { startServer } = await import("./serve.js");
    const { app, store, drain: drainService } = await startServer({
      dir, host: options.host ?? process.env.PROVISO_HOST ?? "127.0.0.1", port: options.port ?? (envPort !== undefined ? Number(envPort) : 8080),
      bodyLimit: options.bodyLimit, maxBatch: options.maxBatch, requestTimeout: options.requestTimeout, maxConcurrency: options.maxConcurrency,
      watch: options.watch, logLevel: options.logLevel, version: VERSION, ...(token !== undefined ? { token } : {}),
    });
    process.on("SIGHUP", () => {
      app.log.info("SIGHUP: reloading every policy");
      store.loadAll();
    });
    let closing = false;
    const drain = (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, "draining: finishing requests in flight, refusing new ones");
      drainService().then(() => {
        app.log.info("stopped");
        process.exit(0);
      }, () => process.exit(1));
    };
    process.on("SIGTERM", () => drain("SIGTERM"));
    process.on("SIGINT", () => drain("SIGINT"));
  });

program
  .command("lsp")
  .description("a Language Server Protocol server on standard input and output, for editors (docs/editors.md)")
  .option("--stdio", "talk over standard input and output (the default and only transport; accepted for editors that pass it)")
  .action(async () => {
    const { startLanguageServer } = await import("./lsp.js");
    startLanguageServer(VERSION);
  });

program
  .command("demo")
  .description("a short tour: compile an example policy and decide one of its sample events")
  .action(async () => {
    const root = new URL("../../", import.meta.url);
    const text = readFileSync(new URL("policies/retail-returns.policy", root), "utf8");
    const compiled = compilePolicy(text, { source: "retail-returns.policy" });
    if (!compiled.value) fail(1, renderDiagnostics(compiled.diagnostics, text));
    process.stdout.write(`Compiled policies/retail-returns.policy: ${compiled.value.rules.length} json-rules-engine rules, ${compiled.value.hash.slice(0, 19)}…\n\n`);
    const event = parseData(readFileSync(new URL("examples/events/retail-opened-electronics.json", root), "utf8"), "example event");
    const result = await evaluate(loadArtifact(compiled.value).value!, event);
    process.stdout.write(`${formatDecision(result.value!, colorOn(process.stdout), event)}\n\nTry it yourself:\n  npx proviso eval policies/retail-returns.policy --event examples/events/retail-opened-electronics.json\n  npx proviso lint policies\n  npx proviso test policies --coverage\n  npx proviso compile policies/order-cancellation.policy\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UsageError) fail(2, `proviso: ${e.message}`);
  fail(2, `proviso: ${(e as Error)?.message ?? String(e)}`);
}
