// tokenize → parse → toAst, returning every syntax problem as a Diagnostic. Never throws on input.

import type { IToken, TokenType } from "chevrotain";
import { error, limit, type Diagnostic, type SourceRange, type Staged } from "../runtime/index.js";
import type { PolicyFile } from "./ast.js";
import { parser, TooManySyntaxErrors } from "./parser.js";
import { lineStarts, positionAt } from "./lines.js";
import { toAst, tokenRange } from "./to-ast.js";
import * as T from "./tokens.js";

/** Limits on policy text, checked before parsing so hostile input cannot exhaust the stack or memory. */
export const PARSE_LIMITS = Object.freeze({
  maxLength: limit("policyCharacters"),
  maxNesting: limit("nesting"),
  maxTokens: limit("policyTokens"),
  maxOperators: limit("operatorsPerRule"),
  maxRules: limit("rulesPerFile"),
  maxStringLength: limit("textCharacters"),
});

const TOP_LEVEL = new Set<TokenType>([T.Policy, T.Rule, T.Define, T.Version, T.Otherwise]);
const OPERATORS = new Set<TokenType>([T.And, T.Or, T.PlusSign, T.MinusSign, T.Times, T.Divide]);

/** Limits that protect the parser and later stages from input built to exhaust the stack. */
function checkShape(tokens: readonly IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let depth = 0;
  let notRun = 0;
  let operators = 0;
  let rules = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (TOP_LEVEL.has(type)) {
      operators = 0;
      if (type === T.Rule && ++rules > PARSE_LIMITS.maxRules) {
        out.push(error("limit/too-many-rules", `the policy has more than ${PARSE_LIMITS.maxRules} rules`, { range: tokenRange(t) }));
        break;
      }
    }
    if (type === T.LParen || type === T.LBracket) depth++;
    else if (type === T.RParen || type === T.RBracket) depth = Math.max(0, depth - 1);
    if (type === T.Not) notRun++;
    else if (type !== T.LParen) notRun = 0;
    if (depth + notRun > PARSE_LIMITS.maxNesting) {
      out.push(error("limit/too-deep", `parentheses and \`not\` nest deeper than ${PARSE_LIMITS.maxNesting} levels`, { range: tokenRange(t), hint: 'name parts of the condition with `define "..." as`' }));
      break;
    }
    if (OPERATORS.has(type) && ++operators > PARSE_LIMITS.maxOperators) {
      out.push(error("limit/too-complex", `this rule has more than ${PARSE_LIMITS.maxOperators} operators (and, or, +, -, *, /)`, { range: tokenRange(t), hint: "split it into several rules or named conditions" }));
      break;
    }
  }
  return out;
}

/** A range of `length` characters from `offset`, on the offset's line (positions by binary search: linear overall). */
function pointRange(starts: readonly number[], offset: number, length: number): SourceRange {
  const start = positionAt(starts, offset);
  return { start, end: { line: start.line, column: start.column + length, offset: offset + length } };
}

/**
 * Parses policy text into our AST, reporting every syntax error — up to the limit of diagnostics per
 * file: lexer errors beyond it are only counted (`omitted`), so a file of garbage costs no more than
 * the report shown for it.
 */
export function parsePolicy(text: string): Staged<PolicyFile> & { tokens: IToken[]; omitted?: number } {
  const diagnostics: Diagnostic[] = [];
  if (text.length > PARSE_LIMITS.maxLength) {
    return { value: undefined, tokens: [], diagnostics: [error("limit/file-too-large", `the policy is ${text.length} characters long; the limit is ${PARSE_LIMITS.maxLength}`, { range: pointRange([0], 0, 0) })] };
  }
  const starts = lineStarts(text);
  const lexed = T.lexer.tokenize(text);
  const listed = limit("diagnosticsPerFile") + 1;
  const omitted = Math.max(0, lexed.errors.length - listed);
  for (const e of omitted ? lexed.errors.slice(0, listed) : lexed.errors) {
    const range = pointRange(starts, e.offset, Math.max(1, e.length));
    const found = text.slice(e.offset, e.offset + Math.min(e.length, 20));
    diagnostics.push(error("syntax/unknown-character", `unexpected character \`${found}\``, { range }));
  }
  const tokens = lexed.tokens;
  for (const t of tokens) {
    if (t.tokenType === T.UnterminatedString) {
      diagnostics.push(error("syntax/unterminated-string", "this text has no closing quote", { range: tokenRange(t), hint: 'end it with " on the same line' }));
      // Parse on as if the quote were there, so one missing quote does not bury the rest.
      t.tokenType = T.StringLiteral;
      t.tokenTypeIdx = T.StringLiteral.tokenTypeIdx!;
    }
  }
  if (tokens.length > PARSE_LIMITS.maxTokens) {
    return { value: undefined, tokens: [], diagnostics: [error("limit/file-too-large", `the policy has more than ${PARSE_LIMITS.maxTokens} words and symbols`, { range: pointRange(starts, 0, 0) })] };
  }
  const shape = checkShape(tokens);
  if (shape.length) return { value: undefined, tokens, diagnostics: [...diagnostics, ...shape] };
  for (const t of tokens) {
    if (t.tokenType === T.StringLiteral && t.image.length > PARSE_LIMITS.maxStringLength + 2) {
      diagnostics.push(error("limit/string-too-long", `this text is ${t.image.length - 2} characters long; the limit is ${PARSE_LIMITS.maxStringLength}`, { range: tokenRange(t) }));
    }
  }
  parser.input = tokens;
  parser.maxErrors = limit("diagnosticsPerFile");
  let cst: ReturnType<typeof parser.policyFile> | undefined;
  try {
    cst = parser.policyFile();
  } catch (e) {
    if (!(e instanceof TooManySyntaxErrors)) throw e;
  }
  for (const e of parser.errors) {
    const t = e.token;
    const atEnd = t.tokenType.name === "EOF" || Number.isNaN(t.startOffset);
    const range = atEnd ? pointRange(starts, text.length, 0) : tokenRange(t);
    diagnostics.push(error(atEnd ? "syntax/unexpected-end" : "syntax/unexpected-token", e.message, { range }));
  }
  const comments = (lexed.groups.comments ?? []) as IToken[];
  // Stopped at the error limit: every error found is reported, but there is no tree to check.
  const counted = omitted ? { omitted } : {};
  if (!cst) return { value: undefined, tokens, diagnostics, ...counted };
  return { value: toAst(cst, comments), tokens, diagnostics, ...counted };
}
