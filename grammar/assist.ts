// What may come next at a point of a policy, from Chevrotain's content assist: the basis of keyword
// completion. Kept in grammar/ so nothing else needs to know Chevrotain.

import type { IToken } from "chevrotain";
import { parser } from "./parser.js";
import { StringLiteral, TOKEN_GROUPS, TOKEN_WORDS, type TokenGroup } from "./tokens.js";

export interface NextToken {
  /** The keyword as written, or the token's name for names and literals. */
  word: string;
  group: TokenGroup | "string";
}

/** Tokens the grammar allows after `preceding` (which should start at a top-level item). */
export function contentAssist(preceding: IToken[]): NextToken[] {
  let paths;
  try {
    paths = parser.computeContentAssist("policyFile", preceding);
  } catch {
    return [];
  }
  const out = new Map<string, NextToken>();
  for (const p of paths) {
    const t = p.nextTokenType;
    const group: NextToken["group"] = t === StringLiteral ? "string" : TOKEN_GROUPS.get(t) ?? "identifier";
    const word = TOKEN_WORDS.get(t)?.[0] ?? t.name;
    out.set(`${group}:${word}`, { word, group });
  }
  return [...out.values()];
}
