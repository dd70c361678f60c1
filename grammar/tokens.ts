// The token vocabulary, in the order the lexer tries it. Keywords use `longer_alt` so `paidAt` stays
// one identifier. Soft keywords (also in the Identifier category) are words the grammar uses that can
// also be field names or path segments, such as `currency` in `order.currency`.

import { createToken, Lexer, type TokenType } from "chevrotain";

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z][A-Za-z0-9_]*)*/ });

/** Display group of a token, for highlighting and completion. */
export type TokenGroup = "keyword" | "soft-keyword" | "unit" | "month" | "literal" | "operator" | "punctuation" | "comment" | "identifier";
export const TOKEN_GROUPS = new Map<TokenType, TokenGroup>();
/** The words a keyword token stands for (usually one; `fulfillment` also `fulfilment`). */
export const TOKEN_WORDS = new Map<TokenType, readonly string[]>();

function keyword(word: string, options: { soft?: boolean; pattern?: RegExp; name?: string; group?: TokenGroup; words?: string[] } = {}): TokenType {
  const token = createToken({
    name: options.name ?? word[0]!.toUpperCase() + word.slice(1),
    pattern: options.pattern ?? new RegExp(word),
    longer_alt: Identifier,
    categories: options.soft ? [Identifier] : [],
  });
  TOKEN_GROUPS.set(token, options.group ?? (options.soft ? "soft-keyword" : "keyword"));
  TOKEN_WORDS.set(token, options.words ?? [word]);
  return token;
}

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\u00a0\u3000]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: "comments" });
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n\r]|\\.)*"/ });
/** A string missing its closing quote: lexed so the error can say so and parsing can go on. */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n\r]|\\.)*/ });
export const DateTimeLiteral = createToken({ name: "DateTimeLiteral", pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})/ });
export const DateLiteral = createToken({ name: "DateLiteral", pattern: /\d{4}-\d{2}-\d{2}/ });
export const PercentLiteral = createToken({ name: "PercentLiteral", pattern: /\d+(?:\.\d+)?%/ });
/** An amount with its currency: `USD 6.95`, `JPY 500`. */
export const MoneyLiteral = createToken({ name: "MoneyLiteral", pattern: /[A-Z]{3} ?\d+(?:\.\d+)?(?![\d.])/ });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d+(?:\.\d+)?/ });

export const LessEqual = createToken({ name: "LessEqual", pattern: /<=|≤/ });
export const GreaterEqual = createToken({ name: "GreaterEqual", pattern: />=|≥/ });
export const NotEqual = createToken({ name: "NotEqual", pattern: /!=|≠/ });
export const Equal = createToken({ name: "Equal", pattern: /==?/ });
export const Less = createToken({ name: "Less", pattern: /</ });
export const Greater = createToken({ name: "Greater", pattern: />/ });
export const PlusSign = createToken({ name: "PlusSign", pattern: /\+/ });
export const MinusSign = createToken({ name: "MinusSign", pattern: /-/ });
export const Times = createToken({ name: "Times", pattern: /[*×]/ });
export const Divide = createToken({ name: "Divide", pattern: /[/÷]/ });
export const LParen = createToken({ name: "LParen", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", pattern: /\)/ });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", pattern: /]/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const Dot = createToken({ name: "Dot", pattern: /\./ });

// Structure
export const Policy = keyword("policy");
export const For = keyword("for");
export const Effective = keyword("effective");
export const From = keyword("from");
export const Version = keyword("version");
export const Rule = keyword("rule");
export const When = keyword("when");
export const Otherwise = keyword("otherwise");
export const Define = keyword("define");
export const Terms = keyword("terms");
export const As = keyword("as");
export const With = keyword("with");
// Settings (soft: `order.currency` is a field)
export const Currency = keyword("currency", { soft: true });
export const Timezone = keyword("timezone", { soft: true });
export const Locale = keyword("locale", { soft: true });
export const FieldsWord = keyword("fields", { soft: true, name: "FieldsWord" });
// Outcomes
export const Approve = keyword("approve");
export const Deny = keyword("deny");
export const Review = keyword("review");
// Conditions
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const In = keyword("in");
export const Is = keyword("is");
export const Present = keyword("present");
export const Absent = keyword("absent");
export const Contains = keyword("contains");
export const Between = keyword("between");
export const Within = keyword("within");
export const More = keyword("more");
export const LessWord = keyword("less", { name: "LessWord" });
export const Than = keyword("than");
export const At = keyword("at", { soft: true });
export const Least = keyword("least");
export const Most = keyword("most");
export const Of = keyword("of");
export const After = keyword("after");
export const Before = keyword("before");
export const On = keyword("on");
export const The = keyword("the");
export const Year = keyword("year", { soft: true });
export const Same = keyword("same");
export const Calendar = keyword("calendar");
export const True = keyword("true", { group: "literal" });
export const False = keyword("false", { group: "literal" });
// Money and outcome clauses
export const Refund = keyword("refund", { soft: true });
export const Minus = keyword("minus");
export const Plus = keyword("plus");
export const Once = keyword("once");
export const Per = keyword("per");
export const Request = keyword("request", { soft: true });
export const First = keyword("first");
export const Item = keyword("item", { soft: true });
export const Up = keyword("up");
export const To = keyword("to");
export const Store = keyword("store");
export const Credit = keyword("credit");
export const Bonus = keyword("bonus");
export const Original = keyword("original");
export const Payment = keyword("payment");
export const Return = keyword("return", { soft: true });
export const Shipping = keyword("shipping", { soft: true });
export const Paid = keyword("paid", { soft: true });
export const By = keyword("by");
export const Customer = keyword("customer", { soft: true });
export const Merchant = keyword("merchant", { soft: true });
export const Keeps = keyword("keeps");
export const Intercept = keyword("intercept");
export const Shipment = keyword("shipment", { soft: true });
export const Cancel = keyword("cancel");
export const Fulfillment = keyword("fulfillment", { pattern: /fulfil{1,2}ment/, words: ["fulfillment", "fulfilment"] });
export const Restock = keyword("restock");
export const Notify = keyword("notify");
export const Offer = keyword("offer");
export const Alternatives = keyword("alternatives");
export const Manual = keyword("manual");
export const Message = keyword("message", { soft: true });
export const Note = keyword("note", { soft: true });
// Choices for the customer, a reviewer's verdict, and telling the customer (soft: all can be values and names too)
export const OptionWord = keyword("option", { soft: true, name: "OptionWord" });
export const Default = keyword("default", { soft: true });
export const If = keyword("if", { soft: true });
export const Approved = keyword("approved", { soft: true });
export const Declined = keyword("declined", { soft: true });
export const Adjustable = keyword("adjustable", { soft: true });
export const Replace = keyword("replace", { soft: true });
export const Business = keyword("business", { soft: true });
export const Email = keyword("email", { soft: true });
export const Sms = keyword("sms", { soft: true });
export const Phone = keyword("phone", { soft: true });
// Amounts: the smaller or larger of two, rounding, counted periods; request-level additions
export const Smaller = keyword("smaller", { soft: true });
export const Larger = keyword("larger", { soft: true });
export const Rounded = keyword("rounded", { soft: true });
export const Down = keyword("down", { soft: true });
export const Half = keyword("half", { soft: true });
export const Started = keyword("started", { soft: true });
export const Whole = keyword("whole", { soft: true });
export const Periods = keyword("periods", { soft: true, words: ["periods", "period"], pattern: /periods?/ });
// Tables of values by a field
export const Table = keyword("table", { soft: true });
// Saying what the policy leaves to others
export const Handled = keyword("handled", { soft: true });
export const Elsewhere = keyword("elsewhere", { soft: true });

/** Duration units: singular and plural. */
/**
 * Duration units and their length in milliseconds: the one table the lexer, the checker, highlighting
 * and completion read. A duration is elapsed time, so a day is always 24 hours.
 */
export const DURATION_UNITS = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;
/** Every way a unit may be written: singular and plural. */
export const UNIT_WORDS: readonly string[] = Object.keys(DURATION_UNITS).flatMap((u) => [u, `${u}s`]);

// Units and months are also Identifiers, so they can be enum values and field names (`interval is day`).
export const Unit = createToken({ name: "Unit", pattern: new RegExp(`(?:${Object.keys(DURATION_UNITS).map((u) => `${u}s?`).join("|")})(?![A-Za-z0-9_-])`), categories: [Identifier] });
TOKEN_GROUPS.set(Unit, "unit");
/** Month names for month/day dates: `Nov 1`, `December 31`. */
export const Month = createToken({
  name: "Month",
  pattern: /(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z0-9_-])/,
  categories: [Identifier],
});
TOKEN_GROUPS.set(Month, "month");

for (const t of [StringLiteral, UnterminatedString, DateTimeLiteral, DateLiteral, PercentLiteral, MoneyLiteral, NumberLiteral]) TOKEN_GROUPS.set(t, "literal");
for (const t of [LessEqual, GreaterEqual, NotEqual, Equal, Less, Greater, PlusSign, MinusSign, Times, Divide]) TOKEN_GROUPS.set(t, "operator");
for (const t of [LParen, RParen, LBracket, RBracket, Comma, Colon, Dot]) TOKEN_GROUPS.set(t, "punctuation");
TOKEN_GROUPS.set(Comment, "comment");
TOKEN_GROUPS.set(Identifier, "identifier");

const KEYWORDS = [...TOKEN_GROUPS.entries()].filter(([, g]) => g === "keyword" || g === "soft-keyword" || g === "literal").map(([t]) => t)
  .filter((t) => t === True || t === False || TOKEN_GROUPS.get(t) !== "literal")
  // Longest first, so `in` does not take the start of `intercept`.
  .sort((a, b) => String((b.PATTERN as RegExp).source).length - String((a.PATTERN as RegExp).source).length);

/** Every token, in lexing order: literals before identifiers, keywords before Identifier. */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, Comment, StringLiteral, UnterminatedString, DateTimeLiteral, DateLiteral, PercentLiteral, MoneyLiteral, NumberLiteral,
  LessEqual, GreaterEqual, NotEqual, Equal, Less, Greater, PlusSign, MinusSign, Times, Divide,
  LParen, RParen, LBracket, RBracket, Comma, Colon, Dot,
  Unit, Month, ...KEYWORDS, Identifier,
];

/** The keyword words, for highlighting and completion (generated from the tokens, so they cannot drift). */
export const KEYWORD_WORDS: readonly string[] = KEYWORDS.flatMap((t) => TOKEN_WORDS.get(t) ?? []);

export const lexer = new Lexer(ALL_TOKENS, { ensureOptimizations: false, positionTracking: "full" });
