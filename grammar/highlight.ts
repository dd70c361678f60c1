// Syntax highlighting for editors, generated from the token vocabulary so it cannot drift from the
// lexer: one list of rules (literal patterns from the literal tokens, the keyword, unit and month
// words from the keyword tokens) gives both the Monarch language of the playground (Monaco) and the
// TextMate grammar of the VS Code extension. A test tokenises every library policy with both
// (Monaco's own Monarch tokenizer, and vscode-textmate) and checks they agree character by character.

import { Comment, DateLiteral, DateTimeLiteral, KEYWORD_WORDS, MoneyLiteral, NumberLiteral, PercentLiteral, StringLiteral, UNIT_WORDS, UnterminatedString } from "./tokens.js";

const source = (t: { PATTERN?: unknown }) => (t.PATTERN as RegExp).source;

/** What a piece of text is, for colouring: the same categories in both grammars. */
export type HighlightCategory = "comment" | "string" | "invalid" | "date" | "percent" | "money" | "number" | "keyword" | "type" | "identifier" | "operator" | "delimiter";

/** The category's Monarch token type and TextMate scope (without the `.proviso` suffix TextMate adds). */
export const HIGHLIGHT_CATEGORIES: Readonly<Record<HighlightCategory, { monarch: string; textmate: string }>> = {
  comment: { monarch: "comment", textmate: "comment.line.number-sign" },
  string: { monarch: "string", textmate: "string.quoted.double" },
  invalid: { monarch: "string.invalid", textmate: "invalid.illegal.unterminated-string" },
  date: { monarch: "number.date", textmate: "constant.numeric.date" },
  percent: { monarch: "number.percent", textmate: "constant.numeric.percent" },
  money: { monarch: "number.money", textmate: "constant.numeric.money" },
  number: { monarch: "number", textmate: "constant.numeric.decimal" },
  keyword: { monarch: "keyword", textmate: "keyword.other" },
  type: { monarch: "type", textmate: "support.type" },
  identifier: { monarch: "identifier", textmate: "variable.other" },
  operator: { monarch: "operator", textmate: "keyword.operator" },
  delimiter: { monarch: "delimiter", textmate: "punctuation.separator" },
};

export const MONTH_WORDS = ["Jan", "January", "Feb", "February", "Mar", "March", "Apr", "April", "May", "Jun", "June", "Jul", "July", "Aug", "August", "Sep", "Sept", "September", "Oct", "October", "Nov", "November", "Dec", "December"];

/** A word of the language, dotted paths included (`order.shipping.paid`, `check-in`). */
const WORD = "[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z][A-Za-z0-9_]*)*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*";

/** The rules, in the order both tokenizers try them at each position. */
const RULES: readonly { pattern: string; category: HighlightCategory | "word" }[] = [
  { pattern: source(Comment), category: "comment" },
  { pattern: source(StringLiteral), category: "string" },
  { pattern: source(UnterminatedString), category: "invalid" },
  { pattern: source(DateTimeLiteral), category: "date" },
  { pattern: source(DateLiteral), category: "date" },
  { pattern: source(PercentLiteral), category: "percent" },
  { pattern: source(MoneyLiteral), category: "money" },
  { pattern: source(NumberLiteral), category: "number" },
  // A whole word is a keyword, a unit or month, or a name: `shipping` is a keyword, `order.shipping.paid` a name.
  { pattern: WORD, category: "word" },
  { pattern: "<=|>=|!=|==?|[<>+\\-*×/÷≤≥≠]", category: "operator" },
  { pattern: "[()\\[\\],.:]", category: "delimiter" },
];

/** Comments, brackets, auto-closing quotes and what a word is, for every editor (as VS Code's language-configuration.json has them). */
export const LANGUAGE_CONFIGURATION = {
  comments: { lineComment: "#" },
  brackets: [["(", ")"], ["[", "]"]] as [string, string][],
  autoClosingPairs: [{ open: "(", close: ")" }, { open: "[", close: "]" }, { open: "\"", close: "\"", notIn: ["string", "comment"] }],
  surroundingPairs: [{ open: "(", close: ")" }, { open: "[", close: "]" }, { open: "\"", close: "\"" }],
  wordPattern: "[A-Za-z_][\\w-]*(\\.[A-Za-z_]\\w*)*|\\d+(\\.\\d+)?%?",
};

/** Monarch's shape, spelled out so grammar/ needs no editor types. */
export interface MonarchLanguage {
  defaultToken: string;
  keywords: string[];
  units: string[];
  months: string[];
  tokenizer: { root: [RegExp, string | { cases: Record<string, string> }][] };
}

export function monarchLanguage(): MonarchLanguage {
  const c = HIGHLIGHT_CATEGORIES;
  return {
    defaultToken: "",
    keywords: [...KEYWORD_WORDS],
    units: [...UNIT_WORDS],
    months: MONTH_WORDS,
    tokenizer: {
      root: RULES.map((r) => [
        new RegExp(r.pattern),
        r.category === "word" ? { cases: { "@keywords": c.keyword.monarch, "@units": c.type.monarch, "@months": c.type.monarch, "@default": c.identifier.monarch } } : c[r.category].monarch,
      ]),
    },
  };
}

/** A TextMate grammar (as VS Code reads it), with the same rules in the same order. */
export function textMateGrammar(): Record<string, unknown> {
  const scope = (category: HighlightCategory) => `${HIGHLIGHT_CATEGORIES[category].textmate}.proviso`;
  // TextMate cannot look a matched word up in a list, so each list becomes a pattern that matches only
  // a whole word (one the general word would not continue), tried before the general word: where a
  // word starts, both match and the first listed wins; inside a longer word, the general word has
  // already matched from its start, as Monarch's does.
  const whole = (words: readonly string[]) => `(?:${[...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("|")})(?![A-Za-z0-9_]|-[A-Za-z]|\\.[A-Za-z_])`;
  const patterns = RULES.flatMap((r) => r.category === "word"
    ? [
        { name: scope("keyword"), match: whole(KEYWORD_WORDS) },
        { name: scope("type"), match: whole([...UNIT_WORDS, ...MONTH_WORDS]) },
        { name: scope("identifier"), match: WORD },
      ]
    : [{ name: scope(r.category), match: r.pattern }]);
  return {
    $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    name: "Proviso",
    scopeName: "source.proviso",
    fileTypes: ["policy"],
    comment: "Generated from grammar/highlight.ts by `npm run gen`: do not edit.",
    patterns,
  };
}
