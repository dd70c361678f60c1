// Where each diagnostic code is documented, and its texts in the forms tools want: SARIF rules, editor
// links, the generated catalogue in docs/errors.md. Everything comes from the one code table.

import { CODES, type Code, type CodeInfo } from "../runtime/index.js";

/** The repository's address; docs links point into it at the release's tag. */
export const REPOSITORY_URL = "https://github.com/proviso-dev/proviso";

/** The anchor of a code's entry in docs/errors.md: `lint/unreachable-rule` → `lint-unreachable-rule`. */
export function codeAnchor(code: string): string {
  return code.replace(/[^a-z0-9-]/g, "-");
}

/** The address of a code's entry in docs/errors.md, at the given release (or main). */
export function codeDocsUrl(code: string, version?: string): string {
  return `${REPOSITORY_URL}/blob/${version ? `v${version}` : "main"}/docs/errors.md#${codeAnchor(code)}`;
}

export function codeInfo(code: string): CodeInfo | undefined {
  return (CODES as Record<string, CodeInfo>)[code];
}

/** Markdown links relative to docs/ made absolute, for text read outside the repository. */
function absoluteLinks(markdown: string, version?: string): string {
  return markdown.replace(/\]\((?!https?:)([^)]+)\)/g, (_, target: string) => `](${REPOSITORY_URL}/blob/${version ? `v${version}` : "main"}/docs/${target})`);
}

/** Markdown as plain text: links keep their words, backticks go. */
export function plainText(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\([^)]+\)/g, "$1").replace(/`/g, "");
}

/** A code's full description and help, as Markdown with absolute links and as plain text. */
export function codeHelp(code: Code | string, version?: string): { description: string; help: string; helpMarkdown: string } | undefined {
  const info = codeInfo(code);
  if (!info) return undefined;
  const description = [info.summary, info.more].filter(Boolean).join(" ");
  const fix = info.fix ?? "See the message.";
  return {
    description: plainText(description),
    help: plainText(fix),
    helpMarkdown: `${absoluteLinks(description, version)}\n\n**What to do:** ${absoluteLinks(fix, version)}\n\n[\`${code}\` in the error catalogue](${codeDocsUrl(code, version)})`,
  };
}
