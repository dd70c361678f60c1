// The grammar: tokens, the Chevrotain parser and the CST → AST step. The only folder that knows Chevrotain.
export * from "./ast.js";
export { parsePolicy, PARSE_LIMITS } from "./parse.js";
export { lineStarts, offsetAt, positionAt, splitLines } from "./lines.js";
export { parser } from "./parser.js";
export { ALL_TOKENS, DURATION_UNITS, KEYWORD_WORDS, TOKEN_GROUPS, UNIT_WORDS, lexer, type DurationUnit, type TokenGroup } from "./tokens.js";
export { unquote } from "./to-ast.js";
export { contentAssist, type NextToken } from "./assist.js";
export { HIGHLIGHT_CATEGORIES, LANGUAGE_CONFIGURATION, monarchLanguage, textMateGrammar, MONTH_WORDS, type HighlightCategory, type MonarchLanguage } from "./highlight.js";
