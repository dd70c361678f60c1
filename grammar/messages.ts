import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { TOKEN_WORDS } from "./tokens.js";

const FRIENDLY: Record<string, string> = {
  Identifier: "a name",
  StringLiteral: "a quoted text",
  NumberLiteral: "a number",
  MoneyLiteral: "an amount such as USD 6.95",
  PercentLiteral: "a percentage such as 15%",
  DateLiteral: "a date such as 2026-01-31",
  DateTimeLiteral: "a date-time such as 2026-01-31T00:00:00Z",
  Unit: "a unit (seconds, minutes, hours, days, weeks)",
  Month: "a month such as Nov",
  LParen: "(",
  RParen: ")",
  LBracket: "[",
  RBracket: "]",
};

function describeType(t: TokenType): string {
  if (FRIENDLY[t.name]) return FRIENDLY[t.name]!;
  if (t.name === "EOF") return "the end of the item";
  const word = TOKEN_WORDS.get(t)?.[0];
  return word ? `\`${word}\`` : t.name;
}

function describeToken(t: IToken): string {
  if (t.tokenType.name === "EOF") return "the end of the file";
  return `\`${t.image.length > 30 ? `${t.image.slice(0, 30)}…` : t.image}\``;
}

function expectedList(paths: TokenType[][]): string {
  const words = [...new Set(paths.map((p) => (p[0] ? describeType(p[0]) : "")).filter(Boolean))];
  if (words.length <= 1) return words[0] ?? "something else";
  if (words.length > 6) return `${words.slice(0, 6).join(", ")}, …`;
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

/** What a merchant reads when a line does not continue what comes before it (the parser "expected the end"). */
function endOfItem(actual: IToken): string {
  return `${describeToken(actual)} does not continue the rule above: a clause belongs under \`approve\`, \`deny\` or \`review\`, and a new item starts with \`rule\`, \`define\`, \`version\` or \`otherwise\``;
}

/** A unit where an amount goes on: say how time is counted in an amount. */
function unitInAmount(actual: IToken): string | undefined {
  return actual.tokenType.name === "Unit" ? ` (to count time in an amount, write \`${actual.image.endsWith("s") ? actual.image : `${actual.image}s`} from purchase to request\`, or \`started 30-day periods from ...\`)` : undefined;
}

/** Plain-language syntax messages: what was expected, in the policy's own words. */
export const ERROR_MESSAGES: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => (expected.name === "EOF" ? endOfItem(actual) + (unitInAmount(actual) ?? "") : `expected ${describeType(expected)} but found ${describeToken(actual)}${unitInAmount(actual) ?? ""}`),
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeToken(firstRedundant)}: expected \`rule\`, \`define\`, \`version\` or \`otherwise\``,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) => `expected ${expectedList(expectedPathsPerAlt.flat())} but found ${describeToken(actual[0]!)}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) => `expected ${expectedList(expectedIterationPaths)} but found ${describeToken(actual[0]!)}`,
};

