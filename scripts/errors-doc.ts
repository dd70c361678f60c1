// docs/errors.md's catalogue, generated from the one code table (runtime/codes.ts): the text between
// the `<!-- codes -->` markers is rewritten by `npm run gen`, and a test fails when it is out of date.
import { codeAnchor } from "../compiler/code-docs.js";
import { CODES, type CodeInfo } from "../runtime/index.js";

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

/** The page with its catalogue replaced by the current one. */
export function withCatalogue(page: string): string {
  const start = page.indexOf("<!-- codes -->");
  const end = page.indexOf("<!-- /codes -->");
  if (start < 0 || end < start) throw new Error("docs/errors.md lacks the <!-- codes --> ... <!-- /codes --> markers");
  return `${page.slice(0, start)}<!-- codes -->\n\n${errorsCatalogue()}\n<!-- /codes -->${page.slice(end + "<!-- /codes -->".length)}`;
}
