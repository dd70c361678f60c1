// The pipeline: parse → check → lint → emit. Pure; never throws on user input.

import { lineStarts, offsetAt, parsePolicy, type PolicyFile } from "../grammar/index.js";
import { error, limit, validateArtifactShape, warning, type Artifact, type Diagnostic, type Staged } from "../runtime/index.js";
import { checkPolicy, type CheckOptions } from "./check.js";
import { emitArtifact } from "./emit.js";
import { readCustomFields } from "./custom-fields.js";
import { lintPolicy } from "./lint.js";
import { applyLintSettings, type LintRules } from "./lint-settings.js";
import type { CheckedPolicy } from "./model.js";

export interface CompileOutput extends Staged<Artifact> {
  ast?: PolicyFile;
  checked?: CheckedPolicy;
}

/** Recomputes offsets from line and column (lints carry only lines and columns). */
function withOffsets(diagnostics: Diagnostic[], text: string): Diagnostic[] {
  const starts = lineStarts(text);
  const offset = (line: number, column: number) => offsetAt(starts, text.length, line, column);
  return diagnostics.map((d) => (d.range
    ? { ...d, range: { start: { ...d.range.start, offset: offset(d.range.start.line, d.range.start.column) }, end: { ...d.range.end, offset: offset(d.range.end.line, d.range.end.column) } } }
    : d));
}

/**
 * Emits the artifact and checks it against the artifact schema the runtime loads it with: every limit
 * a policy can reach is checked at its source first, so a refusal here is a gap in those checks,
 * reported rather than handing out an artifact that every `eval` would refuse.
 */
function emitLoadable(checked: CheckedPolicy, source: string, hash = true): Staged<Artifact> {
  const recorded = source.length > limit("sourceCharacters") ? `${source.slice(0, limit("sourceCharacters") - 1)}…` : source;
  const artifact = emitArtifact(checked, recorded, { hash });
  const refused = validateArtifactShape(artifact);
  if (!refused.length) return { value: artifact, diagnostics: [] };
  return { value: undefined, diagnostics: refused.slice(0, 5).map((d) => error("internal/compiler", `the compiled artifact would be refused at ${d.path}: ${d.message}`)) };
}

/**
 * At most `diagnosticsPerFile` diagnostics, then one that says how many more there are: a file of
 * thousands of mistakes gets a readable report (and a bounded one, in the CLI and the editor) instead
 * of a flood. The closing one is an error when an error was left out, so nothing passes by omission.
 */
export function capDiagnostics(diagnostics: Diagnostic[], omittedErrors = 0): Diagnostic[] {
  const max = limit("diagnosticsPerFile");
  if (diagnostics.length <= max) return diagnostics;
  const rest = diagnostics.slice(max);
  const errors = rest.filter((d) => d.severity === "error").length + omittedErrors;
  const warnings = rest.length + omittedErrors - errors;
  const where = rest[0]!.range ? { range: rest[0]!.range } : {};
  const note = (errors ? error : warning)("limit/too-many-diagnostics", `and ${errors + warnings} more (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}) not listed: fix the ones above first`, where);
  return [...diagnostics.slice(0, max), note];
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.code}|${d.range?.start.line}:${d.range?.start.column}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out.sort((a, b) => (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) || (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0));
}

/** Compiles policy text to an artifact; `value` is set only when there is no error. */
export interface CompileOptions {
  /** Name of the policy file, recorded in the artifact and in decisions. */
  source?: string;
  /** The merchant's custom fields: a JSON Schema of the event's `custom` sections (docs/language.md#custom-fields). */
  customFields?: unknown;
  /** The level of lint codes, from the project configuration; inline `# proviso-ignore` comments apply whatever this says. */
  lintRules?: LintRules;
  /**
   * Only the diagnostics (`lint`, the editor): the artifact is still built and checked, so what
   * compiling would report is reported, but not hashed, and `value` stays undefined.
   */
  diagnosticsOnly?: boolean;
}

export function compilePolicy(text: string, compileOptions: CompileOptions = {}): CompileOutput {
  try {
    const options: CheckOptions = compileOptions.source ? { source: compileOptions.source } : {};
    if (compileOptions.customFields !== undefined) {
      const fields = readCustomFields(compileOptions.customFields);
      if (!fields.value) return { value: undefined, diagnostics: fields.diagnostics };
      options.customFields = fields.value;
    }
    const parsed = parsePolicy(text);
    if (!parsed.value) return { value: undefined, diagnostics: capDiagnostics(dedupe(parsed.diagnostics), parsed.omitted) };
    const checked = checkPolicy(parsed.value, text, options);
    const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
    if (checked.value) diagnostics.push(...lintPolicy(checked.value));
    const settled = applyLintSettings(dedupe(diagnostics), parsed.value, text, compileOptions.lintRules);
    const clean = !settled.some((d) => d.severity === "error");
    const emitted = clean && checked.value ? emitLoadable(checked.value, options.source ?? "policy", !compileOptions.diagnosticsOnly) : undefined;
    const out: CompileOutput = {
      value: compileOptions.diagnosticsOnly ? undefined : emitted?.value,
      diagnostics: capDiagnostics(withOffsets([...settled, ...(emitted?.diagnostics ?? [])], text), parsed.omitted),
      ast: parsed.value,
    };
    if (checked.value) out.checked = checked.value;
    return out;
  } catch (e) {
    // A bug of ours, not the author's: still a diagnostic, never a crash of the caller.
    return { value: undefined, diagnostics: [error("internal/compiler", `internal compiler error: ${(e as Error)?.message ?? String(e)}`)] };
  }
}

/** The artifact as text: stable key order, two-space indent, trailing newline. */
export function serializeArtifact(artifact: Artifact): string {
  return `${JSON.stringify(artifact, null, 2)}\n`;
}

export interface PolicySource {
  text: string;
  /** File name: recorded per version, and the id of a file's single unnamed version. */
  source: string;
}

/**
 * Compiles one policy written across several files (typically one file per version) into one
 * artifact. Every file must have the same header (name, kind, currency, time zone, locale); a file
 * without `version` lines is one version named after the file. Diagnostics carry their `file`.
 */
export function compilePolicyFiles(files: readonly PolicySource[], options: Omit<CompileOptions, "source"> = {}): Staged<Artifact> {
  if (files.length === 1) {
    const out = compilePolicy(files[0]!.text, { ...options, source: files[0]!.source });
    return { value: out.value, diagnostics: out.diagnostics.map((d) => ({ ...d, file: files[0]!.source })) };
  }
  const diagnostics: Diagnostic[] = [];
  const parts: { file: PolicySource; checked: CheckedPolicy }[] = [];
  for (const file of files) {
    const out = compilePolicy(file.text, { ...options, source: file.source });
    diagnostics.push(...out.diagnostics.map((d) => ({ ...d, file: file.source })));
    if (out.checked) parts.push({ file, checked: out.checked });
  }
  if (diagnostics.some((d) => d.severity === "error") || !parts.length) return { value: undefined, diagnostics };
  const first = parts[0]!.checked;
  const headerOf = (c: CheckedPolicy) => JSON.stringify([c.name, c.kind, c.currency, c.timezone, c.locale]);
  for (const { file, checked } of parts.slice(1)) {
    if (headerOf(checked) !== headerOf(first)) {
      diagnostics.push(error("policy/versions-disagree", `${file.source} does not have the same policy name, kind, currency, time zone and locale as ${parts[0]!.file.source}`, { file: file.source }));
    }
  }
  const versions = parts.flatMap(({ file, checked }) => {
    const single = checked.versions.length === 1 && checked.versions[0]!.id === "1" && !/\bversion\s+"/.test(file.text);
    return checked.versions.map((v) => ({ ...v, id: single ? file.source.replace(/\.policy$/, "") : v.id, source: file.source }));
  });
  for (const v of versions) {
    if (v.id.length > limit("nameCharacters")) diagnostics.push(error("limit/name-too-long", `the version named after the file ${v.source} has a name longer than ${limit("nameCharacters")} characters`, { file: v.source, hint: "rename the file, or name the version with a `version \"...\"` line" }));
  }
  if (versions.length > limit("versionsPerPolicy")) diagnostics.push(error("limit/too-complex", `the policy has ${versions.length} versions; the limit is ${limit("versionsPerPolicy")}`));
  const ruleCount = versions.reduce((n, v) => n + v.rules.length + v.clauses.length, 0);
  if (ruleCount > limit("rulesPerArtifact")) diagnostics.push(error("limit/too-many-rules", `the versions have ${ruleCount} rules and gated deductions together; the limit is ${limit("rulesPerArtifact")}`));
  const ids = new Set<string>();
  const starts = new Map<string | null, string>();
  for (const v of versions) {
    if (ids.has(v.id)) diagnostics.push(error("name/duplicate-version", `version "${v.id}" is defined in more than one file`, { file: v.source }));
    ids.add(v.id);
    const same = starts.get(v.effectiveFrom);
    if (same !== undefined) {
      diagnostics.push(v.effectiveFrom === null
        ? error("policy/missing-effective", `only one version may go without \`effective from\` (${same} and ${v.id} both do)`, { file: v.source })
        : error("policy/duplicate-effective", `versions "${same}" and "${v.id}" take effect at the same time`, { file: v.source }));
    }
    starts.set(v.effectiveFrom, v.id);
  }
  if (diagnostics.some((d) => d.severity === "error")) return { value: undefined, diagnostics };
  versions.sort((a, b) => (a.effectiveFrom ?? "").localeCompare(b.effectiveFrom ?? ""));
  const merged: CheckedPolicy = { ...first, versions };
  const customFields = parts.find((p) => p.checked.customFields)?.checked.customFields;
  if (customFields) merged.customFields = customFields;
  const enumValues = parts.find((p) => p.checked.enumValues)?.checked.enumValues;
  if (enumValues) merged.enumValues = enumValues;
  const emitted = emitLoadable(merged, files.map((f) => f.source).join(", "));
  return { value: emitted.value, diagnostics: [...diagnostics, ...emitted.diagnostics] };
}
