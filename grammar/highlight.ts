// Syntax highlighting for editors, generated from the token vocabulary so the two cannot drift: the
// keyword list comes from the keyword tokens, literal patterns from the literal tokens.

import { Comment, DateLiteral, DateTimeLiteral, KEYWORD_WORDS, MoneyLiteral, NumberLiteral, PercentLiteral, StringLiteral, UNIT_WORDS, UnterminatedString } from "./tokens.js";

const source = (t: { PATTERN?: unknown }) => (t.PATTERN as RegExp).source;

/** Monarch's shape, spelled out so grammar/ needs no editor types. */
export interface MonarchLanguage {
  defaultToken: string;
  keywords: string[];
  units: string[];
  months: string[];
  tokenizer: { root: [RegExp, string | { cases: Record<string, string> }][] };
}

export const MONTH_WORDS = ["Jan", "January", "Feb", "February", "Mar", "March", "Apr", "April", "May", "Jun", "June", "Jul", "July", "Aug", "August", "Sep", "Sept", "September", "Oct", "October", "Nov", "November", "Dec", "December"];

export function monarchLanguage(): MonarchLanguage {
  return {
    defaultToken: "",
    keywords: [...KEYWORD_WORDS],
    units: [...UNIT_WORDS],
    months: MONTH_WORDS,
    tokenizer: {
      root: [
        [new RegExp(source(Comment)), "comment"],
        [new RegExp(source(StringLiteral)), "string"],
        [new RegExp(source(UnterminatedString)), "string.invalid"],
        [new RegExp(source(DateTimeLiteral)), "number.date"],
        [new RegExp(source(DateLiteral)), "number.date"],
        [new RegExp(source(PercentLiteral)), "number.percent"],
        [new RegExp(source(MoneyLiteral)), "number.money"],
        [new RegExp(source(NumberLiteral)), "number"],
        [/[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z][A-Za-z0-9_]*)*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/, { cases: { "@keywords": "keyword", "@units": "type", "@months": "type", "@default": "identifier" } }],
        [/<=|>=|!=|==?|[<>+\-*×/÷≤≥≠]/, "operator"],
        [/[()[\],.]/, "delimiter"],
      ],
    },
  };
}
