// The pipeline: parse → check → lint → emit. Pure; never throws on user input.

import { parsePolicy, type PolicyFile } from "../grammar/index.js";
import { error, type Artifact, type Diagnostic, type Staged } from "../runtime/index.js";
import { checkPolicy, type CheckOptions } from "./check.js";
import { emitArtifact } from "./emit.js";
import { readCustomFields } from "./custom-fields.js";
import { lintPolicy } from "./lint.js";
import type { CheckedPolicy } from "./model.js";

export interface CompileOutput extends Staged<Artifact> {
  ast?: PolicyFile;
  checked?: CheckedPolicy;
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
    if (!parsed.value) return { value: undefined, diagnostics: dedupe(parsed.diagnostics) };
    const checked = checkPolicy(parsed.value, text, options);
    const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
    if (checked.value) diagnostics.push(...lintPolicy(checked.value));
    const clean = !diagnostics.some((d) => d.severity === "error");
    const out: CompileOutput = {
      value: clean && checked.value ? emitArtifact(checked.value, options.source ?? "policy") : undefined,
      diagnostics: dedupe(diagnostics),
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
