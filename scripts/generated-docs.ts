// Parts of docs/ generated from the project's one tables: the error catalogue of docs/errors.md from the
// code table (runtime/codes.ts), and the limits of docs/security.md from the limits table
// (runtime/limits.ts). `npm run gen` rewrites the text between each page's markers; a test fails when
// a page is out of date.
import { codeAnchor } from "../compiler/code-docs.js";
import { CODES, LIMITS, type CodeInfo } from "../runtime/index.js";

/** The groups of codes, in the order the catalogue lists them, with a heading each. */
const GROUPS: [prefix: string, heading: string][] = [
  ["syntax", "the text cannot be read"],
  ["limit", "the input is too big or too deep"],
  ["policy", "the policy's header and versions"],
  ["name", "names that do not resolve"],
  ["type", "values that do not fit"],
  ["lint", "the policy compiles but probably does not say what was meant"],
  ["config", "the configuration file"],
  ["event", "the event cannot be decided (HTTP 4xx territory)"],
  ["eval", "the decision could not be computed"],
  ["artifact", "a compiled artifact is refused at load"],
  ["fields", "the merchant's custom-fields schema"],
  ["verify", "what `proviso verify` finds a policy can do"],
  ["serve", "the decision service (`proviso serve`)"],
  ["internal", "a bug in Proviso"],
];

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function errorsCatalogue(): string {
  const entries = Object.entries(CODES) as [string, CodeInfo][];
  const out: string[] = [];
  for (const [prefix, heading] of GROUPS) {
    const group = entries.filter(([code]) => code.startsWith(`${prefix}/`));
    if (!group.length) continue;
    out.push(`## ${prefix} — ${heading}`, "", "| code | severity | what it means | what to do |", "|---|---|---|---|");
    for (const [code, info] of group) {
      out.push(`| <a id="${codeAnchor(code)}"></a>\`${code}\` | ${info.severity} | ${cell([info.summary, info.more].filter(Boolean).join(" "))} | ${cell(info.fix ?? "—")} |`);
    }
    out.push("");
  }
  const listed = new Set(GROUPS.map(([p]) => p));
  const orphan = entries.find(([code]) => !listed.has(code.split("/")[0]!));
  if (orphan) throw new Error(`code ${orphan[0]} has no group in scripts/errors-doc.ts`);
  return out.join("\n");
}

export function limitsTable(): string {
  const rows = Object.entries(LIMITS).map(([name, l]) => `| ${l.what} | ${l.value.toLocaleString("en-US")} | \`${name}\` |`);
  return ["| what | at most | name in `LIMITS` |", "|---|---:|---|", ...rows, ""].join("\n");
}

function replaceBetween(page: string, marker: string, body: string): string {
  const open = `<!-- ${marker} -->`;
  const close = `<!-- /${marker} -->`;
  const start = page.indexOf(open);
  const end = page.indexOf(close);
  if (start < 0 || end < start) throw new Error(`the page lacks the ${open} ... ${close} markers`);
  return `${page.slice(0, start)}${open}\n\n${body}\n${close}${page.slice(end + close.length)}`;
}

/** docs/errors.md with its catalogue replaced by the current one. */
export const withCatalogue = (page: string): string => replaceBetween(page, "codes", errorsCatalogue());

/** docs/security.md with its limits replaced by the current ones. */
export const withLimits = (page: string): string => replaceBetween(page, "limits", limitsTable());
