// The `proviso` command: a thin shell over grammar/, compiler/ and runtime/. Exit codes: 0 clean,
// 1 findings (diagnostics, invalid events), 2 usage errors or unreadable input.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Command, CommanderError } from "commander";
import { compilePolicy, compilePolicyFiles, renderDiagnostics, serializeArtifact, type CompileOptions } from "../compiler/index.js";
import { evaluate, loadArtifact, type Diagnostic, type LoadedPolicy } from "../runtime/index.js";
import { formatDecision } from "./pretty.js";
import { UsageError, parseData, readText } from "./io.js";

const color = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

function fail(code: 1 | 2, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function printDiagnostics(diagnostics: readonly Diagnostic[], source: string | undefined, file: string): void {
  if (diagnostics.length) process.stderr.write(`${renderDiagnostics(diagnostics, source, { file, color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR })}\n`);
}

/** Compile options for a policy file: its name, and custom fields from --fields or proviso.fields.json beside it. */
function compileOptions(file: string, fieldsFile?: string): CompileOptions {
  const options: CompileOptions = { source: basename(file) };
  const beside = join(dirname(file), "proviso.fields.json");
  const chosen = fieldsFile ?? (existsSync(beside) ? beside : undefined);
  if (chosen) options.customFields = parseData(readText(chosen), chosen);
  return options;
}

/** Loads a policy (.policy, compiled on the fly) or a compiled artifact (.json). */
function loadPolicy(file: string, fieldsFile?: string): LoadedPolicy {
  const text = readText(file);
  if (file.endsWith(".policy")) {
    const compiled = compilePolicy(text, compileOptions(file, fieldsFile));
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

const program = new Command()
  .name("proviso")
  .description("Compile, check and evaluate Proviso cancellation, return and refund policies.")
  .version("0.1.0")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command("lint")
  .description("report every diagnostic of the given .policy files")
  .argument("<files...>", "policy files")
  .option("--format <format>", "pretty or json", "pretty")
  .option("--fields <file>", "the merchant's custom fields (JSON Schema); default: proviso.fields.json beside each policy")
  .action((files: string[], options: { format: string; fields?: string }) => {
    let errors = 0;
    const all: { file: string; diagnostics: Diagnostic[] }[] = [];
    for (const file of files) {
      const text = readText(file);
      const { diagnostics } = compilePolicy(text, compileOptions(file, options.fields));
      errors += diagnostics.length;
      all.push({ file, diagnostics });
      if (options.format === "pretty") printDiagnostics(diagnostics, text, file);
    }
    if (options.format === "json") process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    process.exitCode = errors ? 1 : 0;
  });

program
  .command("compile")
  .description("compile a policy to its JSON artifact; several files are versions of one policy")
  .argument("<files...>", "policy files (one policy, or one per version)")
  .option("-o, --output <file>", "write the artifact here instead of standard output")
  .option("--fields <file>", "the merchant's custom fields (JSON Schema); default: proviso.fields.json beside the policy")
  .action((files: string[], options: { output?: string; fields?: string }) => {
    const sources = files.map((file) => ({ file, text: readText(file) }));
    const { customFields } = compileOptions(files[0]!, options.fields);
    const compiled = compilePolicyFiles(sources.map((s) => ({ text: s.text, source: basename(s.file) })), customFields === undefined ? {} : { customFields });
    for (const s of sources) printDiagnostics(compiled.diagnostics.filter((d) => d.file === basename(s.file)), s.text, s.file);
    printDiagnostics(compiled.diagnostics.filter((d) => !sources.some((s) => d.file === basename(s.file))), undefined, files.join(", "));
    if (!compiled.value) fail(1, `${files.join(", ")}: not compiled`);
    const json = serializeArtifact(compiled.value);
    if (options.output) writeFileSync(options.output, json);
    else process.stdout.write(json);
  });

program
  .command("eval")
  .description("decide an event (or many) against a policy or artifact")
  .argument("<policy>", ".policy file or compiled .json artifact")
  .option("--event <file>", "the event, JSON or YAML ('-' for standard input)")
  .option("--events <file>", "many events, one JSON object per line; prints one decision per line")
  .option("--format <format>", "pretty or json", "pretty")
  .option("--as-of <date>", "use the policy version in force at this date-time instead of at the order's")
  .option("--no-explain", "leave out the explanation")
  .option("--fields <file>", "the merchant's custom fields (JSON Schema); default: proviso.fields.json beside the policy")
  .action(async (policyFile: string, options: { event?: string; events?: string; format: string; asOf?: string; explain: boolean; fields?: string }) => {
    if (!options.event === !options.events) throw new UsageError("give exactly one of --event FILE or --events FILE.jsonl");
    if (options.format !== "pretty" && options.format !== "json") throw new UsageError(`unknown format "${options.format}" (pretty or json)`);
    const policy = loadPolicy(policyFile, options.fields);
    const evalOptions = { explain: options.explain, ...(options.asOf ? { asOf: options.asOf.length === 10 ? `${options.asOf}T00:00:00Z` : options.asOf } : {}) };
    if (options.event) {
      const file = options.event;
      const event = parseData(readText(file), file);
      const result = await evaluate(policy, event, evalOptions);
      if (!result.value) {
        printDiagnostics(result.diagnostics, undefined, file);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(options.format === "json" ? `${JSON.stringify(result.value)}\n` : `${formatDecision(result.value, color())}\n`);
      return;
    }
    const lines = readText(options.events!).split("\n");
    let failed = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch (e) {
        failed++;
        const problem = { error: { code: "event/not-json", message: `line ${i + 1}: ${(e as Error).message}`, line: i + 1 } };
        process.stdout.write(`${JSON.stringify(problem)}\n`);
        continue;
      }
      const result = await evaluate(policy, event, evalOptions);
      if (result.value) process.stdout.write(options.format === "json" ? `${JSON.stringify(result.value)}\n` : `${formatDecision(result.value, color())}\n\n`);
      else {
        failed++;
        process.stdout.write(`${JSON.stringify({ error: { ...result.diagnostics[0], line: i + 1 }, errors: result.diagnostics })}\n`);
      }
    }
    process.exitCode = failed ? 1 : 0;
  });

program
  .command("demo")
  .description("a short tour: compile an example policy and decide one of its sample events")
  .action(async () => {
    const root = new URL("../../", import.meta.url);
    const file = new URL("policies/retail-returns.policy", root);
    const text = readFileSync(file, "utf8");
    const compiled = compilePolicy(text, { source: "retail-returns.policy" });
    if (!compiled.value) fail(1, renderDiagnostics(compiled.diagnostics, text));
    process.stdout.write(`Compiled policies/retail-returns.policy: ${compiled.value.rules.length} json-rules-engine rules, ${compiled.value.hash.slice(0, 19)}…\n\n`);
    const event = parseData(readFileSync(new URL("examples/events/retail-opened-electronics.json", root), "utf8"), "example event");
    const loaded = loadArtifact(compiled.value);
    const result = await evaluate(loaded.value!, event);
    process.stdout.write(`${formatDecision(result.value!, color())}\n\nTry it yourself:\n  npx proviso eval policies/retail-returns.policy --event examples/events/retail-opened-electronics.json\n  npx proviso lint policies/*.policy\n  npx proviso compile policies/order-cancellation.policy\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UsageError) fail(2, `proviso: ${e.message}`);
  fail(2, `proviso: ${(e as Error)?.message ?? String(e)}`);
}
