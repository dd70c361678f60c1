// The names of a policy and where they are used, for editors: named conditions (`define "x" as`,
// used as `"x"` in conditions) and named terms (`define terms "t" as`, used as `approve with "t"`),
// and an outline of the policy (header, versions, definitions, rules, otherwise). Pure, over our AST.

import type * as A from "../grammar/index.js";
import type { SourceRange } from "../runtime/index.js";

export type NameKind = "condition" | "terms";

export interface NameSite {
  name: string;
  kind: NameKind;
  /** The quoted text, quotes included. */
  range: SourceRange;
  /** Whether this is the definition (else a use). */
  definition: boolean;
}

export interface OutlineEntry {
  kind: "policy" | "version" | "condition" | "terms" | "rule" | "otherwise";
  name: string;
  /** The whole item. */
  range: SourceRange;
  /** Where its name is written (the item's start for `otherwise`). */
  selection: SourceRange;
  children: OutlineEntry[];
}

/** Every node below a value, depth first (our AST is plain objects with a `kind`). */
function* nodes(value: unknown): Generator<{ kind: string; range?: SourceRange } & Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const v of value) yield* nodes(v);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const node = value as { kind?: unknown } & Record<string, unknown>;
  if (typeof node.kind === "string") yield node as { kind: string } & Record<string, unknown>;
  for (const [key, child] of Object.entries(node)) if (key !== "range") yield* nodes(child);
}

/** Where each named condition and named terms is defined and used. */
export function nameSites(file: A.PolicyFile): NameSite[] {
  const out: NameSite[] = [];
  for (const item of file.items) {
    if (item.kind === "conditionDefinition") out.push({ name: item.name.value, kind: "condition", range: item.name.range, definition: true });
    if (item.kind === "termsDefinition") out.push({ name: item.name.value, kind: "terms", range: item.name.range, definition: true });
  }
  for (const node of nodes(file.items)) {
    if (node.kind === "reference") {
      const name = node.name as A.Text;
      out.push({ name: name.value, kind: "condition", range: name.range, definition: false });
    } else if (node.kind === "outcome" && node.terms) {
      const terms = node.terms as A.Text;
      out.push({ name: terms.value, kind: "terms", range: terms.range, definition: false });
    }
  }
  return out;
}

/** The name at an offset, with every site of it (definition first, when there is one). */
export function sitesOfNameAt(file: A.PolicyFile, offset: number): NameSite[] | undefined {
  const all = nameSites(file);
  const here = all.find((s) => offset >= s.range.start.offset && offset <= s.range.end.offset);
  if (!here) return undefined;
  return all.filter((s) => s.name === here.name && s.kind === here.kind).sort((a, b) => Number(b.definition) - Number(a.definition) || a.range.start.offset - b.range.start.offset);
}

/** The policy as an outline: versions hold their rules; definitions and rules sit at the top otherwise. */
export function outline(file: A.PolicyFile): OutlineEntry[] {
  const top: OutlineEntry[] = [];
  if (file.header) top.push({ kind: "policy", name: file.header.name.value, range: file.header.range, selection: file.header.name.range, children: [] });
  let version: OutlineEntry | undefined;
  for (const item of file.items) {
    const into = version?.children ?? top;
    if (item.kind === "version") {
      version = { kind: "version", name: item.name.value, range: item.range, selection: item.name.range, children: [] };
      top.push(version);
    } else if (item.kind === "conditionDefinition") top.push({ kind: "condition", name: item.name.value, range: item.range, selection: item.name.range, children: [] });
    else if (item.kind === "termsDefinition") top.push({ kind: "terms", name: item.name.value, range: item.range, selection: item.name.range, children: [] });
    else if (item.kind === "rule") into.push({ kind: "rule", name: item.name.value, range: item.range, selection: item.name.range, children: [] });
    else into.push({ kind: "otherwise", name: "otherwise", range: item.range, selection: item.range, children: [] });
  }
  // A version's range is its line; stretch it over its rules, so editors fold and outline it whole.
  for (const entry of top) {
    const last = entry.children[entry.children.length - 1];
    if (entry.kind === "version" && last) entry.range = { start: entry.range.start, end: last.range.end };
  }
  return top;
}
