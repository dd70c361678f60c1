// What the author says about lints: a configuration that sets each lint code to off, warn or error, and
// inline suppressions that acknowledge one finding with a reason:
//
//   # proviso-ignore lint/absent-unguarded: undelivered orders go to review by the rule above
//   rule "Late return"
//
// A suppression on a line of its own covers the next rule (or definition, version, otherwise) when one
// starts on the next line of code, else that line; written after code, it covers its own line. One that
// suppresses nothing is reported, so acknowledgements cannot outlive the problem they acknowledged.

import { splitLines, type PolicyFile } from "../grammar/index.js";
import { CODES, closest, error, warning, type CodeInfo, type Diagnostic, type SourceRange, type Staged } from "../runtime/index.js";

export type LintLevel = "off" | "warn" | "error";
export const LINT_LEVELS: readonly LintLevel[] = ["off", "warn", "error"];

/** Settings of the lint codes, by code; codes not named keep their default. */
export type LintRules = Readonly<Record<string, LintLevel>>;

/** Codes an author may configure or suppress: the lints that are warnings by default. */
export function isConfigurableCode(code: string): boolean {
  const info = (CODES as Record<string, CodeInfo>)[code];
  return code.startsWith("lint/") && info?.severity === "warning";
}

const CONFIGURABLE = Object.keys(CODES).filter(isConfigurableCode);

interface Suppression {
  codes: string[];
  range: SourceRange;
  /** Lines (1-based, inclusive) whose diagnostics it covers. */
  from: number;
  to: number;
  /** The codes it suppressed something of. */
  used: Set<string>;
}

const DIRECTIVE = /^\s*proviso-ignore\b(.*)$/;

/** Reads the suppression comments of a parsed policy; malformed ones come back as diagnostics. */
function readSuppressions(file: PolicyFile, source: string): { suppressions: Suppression[]; diagnostics: Diagnostic[] } {
  const suppressions: Suppression[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = splitLines(source);
  const itemByLine = new Map(file.items.map((item) => [item.range.start.line, item.range.end.line]));
  for (const comment of file.comments) {
    const m = DIRECTIVE.exec(comment.text);
    if (!m) continue;
    const where = { range: comment.range };
    const body = m[1]!;
    const colon = body.indexOf(":");
    const codes = (colon < 0 ? body : body.slice(0, colon)).split(",").map((c) => c.trim()).filter(Boolean);
    const reason = colon < 0 ? "" : body.slice(colon + 1).trim();
    if (!codes.length) {
      diagnostics.push(warning("lint/invalid-suppression", "this `proviso-ignore` names no code", { ...where, hint: "# proviso-ignore lint/<code>: <why it is right here>" }));
      continue;
    }
    const bad = codes.find((c) => !isConfigurableCode(c));
    if (bad) {
      const known = (CODES as Record<string, CodeInfo>)[bad];
      const suggestion = known ? undefined : closest(bad, CONFIGURABLE);
      diagnostics.push(warning("lint/invalid-suppression", known ? `\`${bad}\` cannot be suppressed: only lint warnings can` : `\`${bad}\` is not a lint code`, suggestion ? { ...where, hint: `did you mean \`${suggestion}\`?` } : where));
      continue;
    }
    if (!reason) {
      diagnostics.push(warning("lint/invalid-suppression", "a `proviso-ignore` needs a reason after `:`", { ...where, hint: `# proviso-ignore ${codes.join(", ")}: <why it is right here>` }));
      continue;
    }
    const line = comment.range.start.line;
    const before = (lines[line - 1] ?? "").slice(0, comment.range.start.column - 1);
    let from = line;
    let to = line;
    if (!before.trim()) {
      let next = line + 1;
      while (next <= lines.length && /^\s*(#.*)?$/.test(lines[next - 1]!)) next++;
      from = next;
      to = itemByLine.get(next) ?? next;
    }
    suppressions.push({ codes, range: comment.range, from, to, used: new Set() });
  }
  return { suppressions, diagnostics };
}

/**
 * Applies inline suppressions, then the configured level of each lint code. Suppressions that
 * suppress nothing are reported as `lint/unused-suppression`.
 */
export function applyLintSettings(diagnostics: readonly Diagnostic[], file: PolicyFile | undefined, source: string, rules: LintRules = {}): Diagnostic[] {
  const read = file ? readSuppressions(file, source) : { suppressions: [], diagnostics: [] };
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const line = d.range?.start.line;
    const by = line === undefined ? undefined : read.suppressions.find((s) => s.codes.includes(d.code) && line >= s.from && line <= s.to);
    if (by) by.used.add(d.code);
    else kept.push(d);
  }
  kept.push(...read.diagnostics);
  for (const s of read.suppressions) {
    const unused = s.codes.filter((c) => !s.used.has(c));
    if (unused.length) {
      const all = unused.length === s.codes.length;
      kept.push(warning("lint/unused-suppression", `nothing here is reported as ${unused.map((c) => `\`${c}\``).join(" or ")}: remove ${all ? "this `proviso-ignore`" : "it from this `proviso-ignore`"}`, { range: s.range }));
    }
  }
  const out: Diagnostic[] = [];
  for (const d of kept) {
    const level = isConfigurableCode(d.code) ? rules[d.code] : undefined;
    if (level === "off") continue;
    out.push(level === undefined ? d : { ...d, severity: level === "error" ? "error" : "warning" });
  }
  return out.sort((a, b) => (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) || (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0));
}

/** The project configuration (`proviso.config.yaml`), as read and checked. */
export interface ProjectConfig {
  /** Level of each lint code that is not left at its default. */
  rules: LintRules;
  /** Patterns (gitignore syntax, relative to the configuration file) of files not to check. */
  ignore: string[];
}

/** Checks configuration data (already parsed from YAML or JSON); problems are `config/invalid` with a path. */
export function readProjectConfig(data: unknown): Staged<ProjectConfig> {
  const diagnostics: Diagnostic[] = [];
  const config: ProjectConfig = { rules: {}, ignore: [] };
  if (data === null || data === undefined) return { value: config, diagnostics };
  if (typeof data !== "object" || Array.isArray(data)) return { value: undefined, diagnostics: [error("config/invalid", "the configuration must be a mapping with `rules` and `ignore`", { path: "" })] };
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === "rules") {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        diagnostics.push(error("config/invalid", "`rules` maps lint codes to off, warn or error", { path: "rules" }));
        continue;
      }
      const rules: Record<string, LintLevel> = {};
      for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
        if (!isConfigurableCode(code)) {
          const known = (CODES as Record<string, CodeInfo>)[code];
          const suggestion = known ? undefined : closest(code, CONFIGURABLE);
          diagnostics.push(error("config/invalid", known ? `\`${code}\` cannot be configured: only lint warnings can (errors always stop compiling)` : `\`${code}\` is not a lint code`, suggestion ? { path: `rules.${code}`, hint: `did you mean \`${suggestion}\`?` } : { path: `rules.${code}` }));
        } else if (!LINT_LEVELS.includes(level as LintLevel)) {
          diagnostics.push(error("config/invalid", `\`${code}\` is set to ${JSON.stringify(level)}; use off, warn or error`, { path: `rules.${code}` }));
        } else rules[code] = level as LintLevel;
      }
      config.rules = rules;
    } else if (key === "ignore") {
      if (!Array.isArray(value) || value.some((p) => typeof p !== "string" || !p.trim())) diagnostics.push(error("config/invalid", "`ignore` is a list of file patterns", { path: "ignore" }));
      else config.ignore = value as string[];
    } else {
      const suggestion = closest(key, ["rules", "ignore"]);
      diagnostics.push(error("config/invalid", `unknown setting \`${key}\``, suggestion ? { path: key, hint: `did you mean \`${suggestion}\`?` } : { path: key }));
    }
  }
  return diagnostics.length ? { value: undefined, diagnostics } : { value: config, diagnostics };
}
