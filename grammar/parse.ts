// tokenize → parse → toAst, returning every syntax problem as a Diagnostic. Never throws on input.

import type { IToken } from "chevrotain";
import { error, type Diagnostic, type SourceRange, type Staged } from "../runtime/index.js";
import type { PolicyFile } from "./ast.js";
import { parser } from "./parser.js";
import { toAst, tokenRange } from "./to-ast.js";
import * as T from "./tokens.js";

/** Limits on policy text, checked before parsing so hostile input cannot exhaust the stack or memory. */
export const PARSE_LIMITS = Object.freeze({
  /** Characters in one policy file. */
  maxLength: 1_000_000,
  /** Open parentheses and brackets at once. */
  maxNesting: 64,
  /** Tokens in one file. */
  maxTokens: 200_000,
});

function pointRange(text: string, offset: number, length: number): SourceRange {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  const column = offset - lineStart + 1;
  return { start: { line, column, offset }, end: { line, column: column + length, offset: offset + length } };
}

function endRange(text: string): SourceRange {
  return pointRange(text, text.length, 0);
}

/** Parses policy text into our AST, reporting every syntax error. */
export function parsePolicy(text: string): Staged<PolicyFile> & { tokens: IToken[] } {
  const diagnostics: Diagnostic[] = [];
  if (text.length > PARSE_LIMITS.maxLength) {
    return { value: undefined, tokens: [], diagnostics: [error("limit/file-too-large", `the policy is ${text.length} characters long; the limit is ${PARSE_LIMITS.maxLength}`, { range: pointRange(text, 0, 0) })] };
  }
  const lexed = T.lexer.tokenize(text);
  for (const e of lexed.errors) {
    const range = pointRange(text, e.offset, Math.max(1, e.length));
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
    return { value: undefined, tokens: [], diagnostics: [error("limit/file-too-large", `the policy has more than ${PARSE_LIMITS.maxTokens} words and symbols`, { range: pointRange(text, 0, 0) })] };
  }
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LParen || t.tokenType === T.LBracket) {
      if (++depth > PARSE_LIMITS.maxNesting) {
        return { value: undefined, tokens, diagnostics: [...diagnostics, error("limit/too-deep", `parentheses nest deeper than ${PARSE_LIMITS.maxNesting} levels`, { range: tokenRange(t) })] };
      }
    } else if (t.tokenType === T.RParen || t.tokenType === T.RBracket) depth = Math.max(0, depth - 1);
  }
  parser.input = tokens;
  const cst = parser.policyFile();
  for (const e of parser.errors) {
    const t = e.token;
    const atEnd = t.tokenType.name === "EOF" || Number.isNaN(t.startOffset);
    const range = atEnd ? endRange(text) : tokenRange(t);
    diagnostics.push(error(atEnd ? "syntax/unexpected-end" : "syntax/unexpected-token", e.message, { range }));
  }
  const comments = (lexed.groups.comments ?? []) as IToken[];
  return { value: toAst(cst, comments), tokens, diagnostics };
}
