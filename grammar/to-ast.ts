// CST → AST. Tolerant of partial trees from error recovery: a node whose essential parts are missing
// is dropped (its syntax error has already been reported), so later stages see only complete nodes.

import type { CstElement, CstNode, IToken } from "chevrotain";
import type { SourceRange } from "../runtime/index.js";
import type * as A from "./ast.js";
import type { DurationUnit } from "./tokens.js";

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement | undefined): e is IToken {
  return e !== undefined && "image" in e;
}

function tok(node: CstNode, name: string, i = 0): IToken | undefined {
  const e = node.children[name]?.[i];
  return isToken(e) && !e.isInsertedInRecovery && e.image !== undefined ? e : undefined;
}

function sub(node: CstNode, name: string, i = 0): CstNode | undefined {
  const e = node.children[name]?.[i];
  return e && !isToken(e) ? e : undefined;
}

function subs(node: CstNode, name: string): CstNode[] {
  return (node.children[name] ?? []).filter((e): e is CstNode => !isToken(e));
}

function has(node: CstNode, name: string): boolean {
  return tok(node, name) !== undefined;
}

export function tokenRange(t: IToken): SourceRange {
  return {
    start: { line: t.startLine ?? 1, column: t.startColumn ?? 1, offset: t.startOffset },
    end: { line: t.endLine ?? t.startLine ?? 1, column: (t.endColumn ?? t.startColumn ?? 1) + 1, offset: (t.endOffset ?? t.startOffset) + 1 },
  };
}

function nodeRange(n: CstNode): SourceRange {
  const l = n.location;
  if (!l || Number.isNaN(l.startOffset)) return { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  return {
    start: { line: l.startLine ?? 1, column: l.startColumn ?? 1, offset: l.startOffset },
    end: { line: l.endLine ?? l.startLine ?? 1, column: (l.endColumn ?? l.startColumn ?? 1) + 1, offset: (l.endOffset ?? l.startOffset) + 1 },
  };
}

export function span(a: SourceRange, b: SourceRange): SourceRange {
  return { start: a.start, end: b.end };
}

/** Resolves the escapes of a string token: \" \\ \n \t \{ \}. */
export function unquote(image: string): string {
  const inner = image.endsWith('"') && image.length >= 2 ? image.slice(1, -1) : image.slice(1);
  return inner.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

function text(t: IToken | undefined): A.Text | undefined {
  return t ? { kind: "text", value: unquote(t.image), range: tokenRange(t) } : undefined;
}

function firstToken(node: CstNode): IToken | undefined {
  const all: IToken[] = [];
  for (const list of Object.values(node.children as Children)) for (const e of list ?? []) if (isToken(e) && !e.isInsertedInRecovery) all.push(e);
  return all.sort((a, b) => a.startOffset - b.startOffset)[0];
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export function toAst(cst: CstNode, comments: IToken[]): A.PolicyFile {
  const items: A.TopLevel[] = [];
  const order: { offset: number; item: A.TopLevel }[] = [];
  for (const name of ["definition", "versionLine", "rule", "otherwise"]) {
    for (const n of subs(cst, name)) {
      const item = name === "definition" ? definition(n) : name === "versionLine" ? versionLine(n) : name === "rule" ? rule(n) : otherwise(n);
      if (item) order.push({ offset: item.range.start.offset, item });
    }
  }
  order.sort((a, b) => a.offset - b.offset).forEach((o) => items.push(o.item));
  const headerNode = sub(cst, "header");
  const file: A.PolicyFile = {
    kind: "policyFile",
    range: nodeRange(cst),
    items,
    comments: comments.map((c) => ({ kind: "comment", text: c.image.slice(1), range: tokenRange(c) })),
  };
  const h = headerNode && header(headerNode);
  if (h) file.header = h;
  return file;
}

function header(n: CstNode): A.Header | undefined {
  const name = text(tok(n, "StringLiteral"));
  const kind = tok(n, "kind");
  if (!name || !kind) return undefined;
  const settings: A.Setting[] = [];
  for (const s of subs(n, "setting")) {
    const range = nodeRange(s);
    const code = tok(s, "code");
    const word = (t: IToken): A.Word => ({ kind: "word", name: t.image, range: tokenRange(t) });
    if (has(s, "Currency") && code) settings.push({ kind: "currency", code: word(code), others: (s.children.code ?? []).filter(isToken).slice(1).filter((t) => !t.isInsertedInRecovery).map(word), range });
    else if (has(s, "Timezone") && tok(s, "StringLiteral")) settings.push({ kind: "timezone", zone: text(tok(s, "StringLiteral"))!, range });
    else if (has(s, "Locale") && tok(s, "StringLiteral")) settings.push({ kind: "locale", locale: text(tok(s, "StringLiteral"))!, range });
    else if (has(s, "FieldsWord") && tok(s, "fieldsFile")) settings.push({ kind: "fields", file: text(tok(s, "fieldsFile"))!, range });
    else {
      const e = sub(s, "effectiveFrom");
      const eff = e && effectiveFrom(e);
      if (eff) settings.push(eff);
    }
  }
  return { kind: "header", name, policyKind: { kind: "word", name: kind.image, range: tokenRange(kind) }, settings, range: nodeRange(n) };
}

function dateValue(t: IToken): A.DateValue {
  return { kind: "date", text: t.image, precision: t.tokenType.name === "DateTimeLiteral" ? "instant" : "date", range: tokenRange(t) };
}

function effectiveFrom(n: CstNode): A.EffectiveFrom | undefined {
  const t = tok(n, "DateLiteral") ?? tok(n, "DateTimeLiteral");
  return t ? { kind: "effective", date: dateValue(t), range: nodeRange(n) } : undefined;
}

function versionLine(n: CstNode): A.VersionLine | undefined {
  const name = text(tok(n, "StringLiteral"));
  if (!name) return undefined;
  const v: A.VersionLine = { kind: "version", name, range: nodeRange(n) };
  const e = sub(n, "effectiveFrom");
  const eff = e && effectiveFrom(e);
  if (eff) v.effective = eff;
  return v;
}

function definition(n: CstNode): A.ConditionDefinition | A.TermsDefinition | A.TableDefinition | undefined {
  const tableName = text(tok(n, "tableName"));
  if (tableName) {
    const k = sub(n, "key");
    const key = k && path(k);
    const rows = subs(n, "tableRow").map(tableRow);
    if (!key || !rows.length || rows.some((r) => !r)) return undefined;
    return { kind: "tableDefinition", name: tableName, key, rows: rows as A.TableRow[], range: nodeRange(n) };
  }
  const termsName = text(tok(n, "termsName"));
  if (termsName) return { kind: "termsDefinition", name: termsName, clauses: subs(n, "clause").map(clause).filter((c): c is A.Clause => !!c), range: nodeRange(n) };
  const name = text(tok(n, "conditionName"));
  const c = sub(n, "condition");
  const cond = c && condition(c);
  return name && cond ? { kind: "conditionDefinition", name, condition: cond, range: nodeRange(n) } : undefined;
}

function rule(n: CstNode): A.Rule | undefined {
  const name = text(tok(n, "StringLiteral"));
  const o = sub(n, "outcome");
  const out = o && outcome(o);
  if (!name || !out) return undefined;
  const r: A.Rule = { kind: "rule", name, outcome: out, range: nodeRange(n) };
  const c = sub(n, "condition");
  if (c) {
    const cond = condition(c);
    if (!cond) return undefined;
    r.when = cond;
  }
  return r;
}

function otherwise(n: CstNode): A.Otherwise | undefined {
  const o = sub(n, "outcome");
  const out = o && outcome(o);
  return out ? { kind: "otherwise", outcome: out, range: nodeRange(n) } : undefined;
}

function outcome(n: CstNode): A.OutcomeNode | undefined {
  const decision = has(n, "Approve") ? "approve" : has(n, "Deny") ? "deny" : has(n, "Review") ? "review" : undefined;
  if (!decision) return undefined;
  const o: A.OutcomeNode = {
    kind: "outcome", decision, clauses: clauses(n),
    offers: subs(n, "offer").map(offer).filter((x): x is A.Offer => !!x),
    branches: subs(n, "verdictBranch").map(verdictBranch).filter((x): x is A.VerdictBranch => !!x),
    range: nodeRange(n),
  };
  const reason = text(tok(n, "reason"));
  const terms = text(tok(n, "terms"));
  if (reason) o.reason = reason;
  if (terms) o.terms = terms;
  return o;
}

function clauses(n: CstNode): A.Clause[] {
  return subs(n, "clause").map(clause).filter((c): c is A.Clause => !!c);
}

function tableRow(n: CstNode): A.TableRow | undefined {
  const range = nodeRange(n);
  const k = tok(n, "key");
  let key: A.TableRow["key"];
  if (k) key = { value: k.tokenType.name === "StringLiteral" ? unquote(k.image) : k.image, quoted: k.tokenType.name === "StringLiteral", range: tokenRange(k) };
  else if (!has(n, "Otherwise")) return undefined;
  let value: A.TableValue | undefined;
  const count = tok(n, "count");
  const unit = tok(n, "Unit");
  const p = tok(n, "PercentLiteral");
  const m = sub(n, "moneyExpr");
  if (count && unit) value = { kind: "duration", amount: Number(count.image), unit: unitOf(unit.image), range: span(tokenRange(count), tokenRange(unit)) };
  else if (p) value = percent(p);
  else if (m) value = moneyExpr(m);
  if (!value) return undefined;
  return key ? { kind: "tableRow", key, value, range } : { kind: "tableRow", value, range };
}

function offer(n: CstNode): A.Offer | undefined {
  const label = text(tok(n, "label"));
  if (!label) return undefined;
  const o: A.Offer = { kind: "offer", label, isDefault: has(n, "Default"), clauses: clauses(n), range: nodeRange(n) };
  const terms = text(tok(n, "terms"));
  if (terms) o.terms = terms;
  return o;
}

function verdictBranch(n: CstNode): A.VerdictBranch | undefined {
  const verdict = has(n, "Approved") ? "approved" : has(n, "Declined") ? "declined" : undefined;
  if (!verdict) return undefined;
  const b: A.VerdictBranch = { kind: "verdictBranch", verdict, clauses: clauses(n), range: nodeRange(n) };
  const reason = text(tok(n, "reason"));
  const terms = text(tok(n, "terms"));
  if (reason) b.reason = reason;
  if (terms) b.terms = terms;
  return b;
}

function clause(n: CstNode): A.Clause | undefined {
  const range = nodeRange(n);
  if (has(n, "Refund")) {
    const tl = sub(n, "timeline");
    if (tl) {
      const count = tok(tl, "NumberLiteral");
      const unit = tok(tl, "Unit");
      if (!count || !unit) return undefined;
      return { kind: "timeline", amount: Number(count.image), unit: unitOf(unit.image), business: has(tl, "Business"), range };
    }
    const a = sub(n, "amount");
    const amt = a && amount(a);
    return amt ? { kind: "refund", amount: amt, range } : undefined;
  }
  const d = sub(n, "deduction");
  if (d) return deduction(d);
  if (has(n, "Plus")) {
    if (has(n, "Shipping")) return { kind: "plusShipping", range };
    const m = sub(n, "addition");
    const expr = m && moneyExpr(m);
    const label = text(tok(n, "additionLabel"));
    if (!expr || !label) return undefined;
    const a: A.Addition = { kind: "addition", amount: expr, label, range };
    const r = sub(n, "rounding");
    if (r) a.rounding = rounding(r);
    return a;
  }
  if (has(n, "Up")) {
    const m = sub(n, "moneyExpr");
    const expr = m && moneyExpr(m);
    if (!expr) return undefined;
    const cap: A.Clause & { kind: "cap" } = { kind: "cap", amount: expr, range };
    const r = sub(n, "rounding");
    if (r) cap.rounding = rounding(r);
    return cap;
  }
  const m = sub(n, "method");
  if (m) {
    if (has(m, "Original")) return { kind: "method", method: "original_payment", range };
    const p = tok(m, "PercentLiteral");
    return p ? { kind: "method", method: "store_credit", bonus: percent(p), range } : { kind: "method", method: "store_credit", range };
  }
  if (has(n, "Return")) {
    if (has(n, "Customer")) return { kind: "returnShipping", payer: "customer", range };
    if (has(n, "Merchant")) return { kind: "returnShipping", payer: "merchant", range };
    if (has(n, "Elsewhere")) return { kind: "returnShipping", payer: "elsewhere", range };
    return undefined;
  }
  if (has(n, "Keeps")) return { kind: "keepItem", range };
  if (has(n, "Replace")) return has(n, "Item") ? { kind: "replacement", range } : undefined;
  if (has(n, "Adjustable")) {
    const low = sub(n, "low");
    const high = sub(n, "high");
    const lo = low && amount(low);
    const hi = high && amount(high);
    return lo && hi ? { kind: "adjustable", low: lo, high: hi, range } : undefined;
  }
  const a = sub(n, "action");
  if (a) return action(a);
  const t = text(tok(n, "StringLiteral"));
  if (has(n, "Message") && t) return { kind: "message", text: t, range };
  const t2 = text(tok(n, "StringLiteral", 0) ?? tok(n, "StringLiteral", 1));
  if (has(n, "Note") && t2) return { kind: "note", text: t2, range };
  return undefined;
}

function action(n: CstNode): A.ActionClause | undefined {
  const range = nodeRange(n);
  const act = (action: A.ActionClause["action"]): A.ActionClause => ({ kind: "action", action, range });
  if (has(n, "Intercept")) return act("intercept_shipment");
  if (has(n, "Cancel")) return act("cancel_fulfillment");
  if (has(n, "Restock")) return act("restock");
  if (has(n, "Notify")) {
    const a = act("notify_customer");
    const message = text(tok(n, "StringLiteral"));
    if (message) a.message = message;
    const channel = has(n, "Email") ? "email" : has(n, "Sms") ? "sms" : has(n, "Phone") ? "phone" : undefined;
    if (channel) a.channel = channel;
    return a;
  }
  if (has(n, "Offer")) {
    if (has(n, "Alternatives")) return act("offer_alternatives");
    if (has(n, "Credit")) return act("offer_store_credit");
    if (has(n, "Return")) return act("offer_return");
    return undefined;
  }
  if (has(n, "Manual")) return act("manual_review");
  return undefined;
}

function percent(t: IToken): A.PercentValue {
  const digits = t.image.slice(0, -1);
  const [whole, frac = ""] = digits.split(".");
  const bp = frac.length <= 2 ? Number(whole) * 100 + Number(frac.padEnd(2, "0")) : undefined;
  return { kind: "percent", text: t.image, bp, range: tokenRange(t) };
}

function amount(n: CstNode): A.Amount | undefined {
  const m = sub(n, "moneyExpr");
  const expr = m && moneyExpr(m);
  if (!expr) return undefined;
  const p = tok(n, "PercentLiteral");
  const share = text(tok(n, "shareTable"));
  const value: A.PercentOf | A.TableShareOf | A.MoneyExpr = p ? { kind: "percentOf", percent: percent(p), of: expr, range: nodeRange(n) }
    : share ? { kind: "tableShareOf", table: share, of: expr, range: nodeRange(n) } : expr;
  const r = sub(n, "rounding");
  return r ? { kind: "rounded", amount: value, rounding: rounding(r), range: nodeRange(n) } : value;
}

function deduction(n: CstNode): A.Deduction | undefined {
  const label = text(tok(n, "label"));
  if (!label) return undefined;
  const scope = has(n, "Once") ? (has(n, "First") ? "first-item" : "request") : "item";
  const d: A.Deduction = { kind: "deduction", label, scope, range: nodeRange(n) };
  const p = tok(n, "PercentLiteral");
  const share = text(tok(n, "shareTable"));
  if (share) {
    d.shareTable = share;
    const b = sub(n, "base");
    const base = b && moneyExpr(b);
    if (!base) return undefined;
    d.base = base;
  } else if (p) {
    d.percent = percent(p);
    const b = sub(n, "base");
    if (b) {
      const base = moneyExpr(b);
      if (!base) return undefined;
      d.base = base;
    }
  } else {
    const f = sub(n, "fixed");
    const fixed = f && moneyExpr(f);
    if (!fixed) return undefined;
    d.fixed = fixed;
  }
  const c = sub(n, "condition");
  if (c) {
    const cond = condition(c);
    if (!cond) return undefined;
    d.when = cond;
  }
  const r = sub(n, "rounding");
  if (r) d.rounding = rounding(r);
  return d;
}

// ---- money ---------------------------------------------------------------------------------------

function moneyExpr(n: CstNode): A.MoneyExpr | undefined {
  return binaryChain(n, "product", product, ["PlusSign", "MinusSign"]);
}

function product(n: CstNode): A.MoneyExpr | undefined {
  return binaryChain(n, "factor", factor, ["Times", "Divide"]);
}

function binaryChain(n: CstNode, child: string, build: (n: CstNode) => A.MoneyExpr | undefined, opNames: string[]): A.MoneyExpr | undefined {
  const operands = subs(n, child).map(build);
  if (!operands.length || operands.some((o) => !o)) return undefined;
  const ops = opNames.flatMap((name) => (n.children[name] ?? []).filter(isToken)).sort((a, b) => a.startOffset - b.startOffset);
  let left = operands[0]!;
  ops.forEach((op, i) => {
    const right = operands[i + 1];
    if (!right) return;
    const symbol = op.tokenType.name === "PlusSign" ? "+" : op.tokenType.name === "MinusSign" ? "-" : op.tokenType.name === "Times" ? "*" : "/";
    left = { kind: "binary", op: symbol, left, right, range: span(left.range, right.range) };
  });
  return left;
}

/** A compared value: an operand, or an amount in several currencies. */
function valueOperand(n: CstNode): A.Operand | undefined {
  const set = moneySet(n);
  if (set) return set;
  const o = sub(n, "operand");
  return o ? operand(o) : operand(n);
}

/** `USD 6.95, EUR 5.95`: two or more amounts in a row; a single one is a plain amount. */
function moneySet(n: CstNode): A.MoneySet | undefined {
  const amounts = (n.children.MoneyLiteral ?? []).filter(isToken).filter((t) => !t.isInsertedInRecovery);
  return amounts.length > 1 ? { kind: "moneySet", amounts: amounts.map(moneyValue), range: span(tokenRange(amounts[0]!), tokenRange(amounts[amounts.length - 1]!)) } : undefined;
}

function factor(n: CstNode): A.MoneyExpr | undefined {
  const set = moneySet(n);
  if (set) return set;
  const table = text(tok(n, "table"));
  if (table) return { kind: "tableRef", name: table, range: table.range };
  const num = tok(n, "NumberLiteral");
  if (num) return numberValue(num);
  const money = tok(n, "MoneyLiteral");
  if (money) return moneyValue(money);
  const p = sub(n, "path");
  if (p) return path(p);
  const inner = sub(n, "moneyExpr");
  if (inner) return moneyExpr(inner);
  const first = sub(n, "first");
  const second = sub(n, "second");
  if (first || second) {
    const a = first && moneyExpr(first);
    const b = second && moneyExpr(second);
    return a && b ? { kind: "extreme", which: has(n, "Smaller") ? "smaller" : "larger", first: a, second: b, range: nodeRange(n) } : undefined;
  }
  const unit = tok(n, "Unit");
  const from = sub(n, "from");
  const to = sub(n, "to");
  const fromPath = from && path(from);
  const toPath = to && path(to);
  if (!unit || !fromPath || !toPath) return undefined;
  const counted = has(n, "Started") || has(n, "Whole");
  const size = tok(n, "size");
  return {
    kind: "elapsedUnits", unit: unitOf(unit.image), size: size ? Number(size.image) : 1, count: has(n, "Started") ? "started" : "whole",
    style: !counted ? "plain" : size || has(n, "Periods") ? "periods" : "count", from: fromPath, to: toPath, range: nodeRange(n),
  };
}

function rounding(n: CstNode): A.Rounding {
  const mode = has(n, "Down") ? "down" : has(n, "Half") ? "half-up" : "up";
  const r: A.Rounding = { kind: "rounding", mode, range: nodeRange(n) };
  const unit = sub(n, "unit");
  const to = unit && factor(unit);
  if (to) r.to = to;
  return r;
}

function numberValue(t: IToken): A.NumberValue {
  return { kind: "number", text: t.image, value: Number(t.image), range: tokenRange(t) };
}

function moneyValue(t: IToken): A.MoneyValue {
  const currency = t.image.slice(0, 3);
  return { kind: "money", currency, amount: t.image.slice(3).trim(), range: tokenRange(t) };
}

function path(n: CstNode): A.Path | undefined {
  const ids = (n.children.Identifier ?? []).filter(isToken).filter((t) => !t.isInsertedInRecovery);
  if (!ids.length) return undefined;
  // Soft keywords are Identifier tokens by category, but the CST files them under their own names.
  const all: IToken[] = [];
  for (const [key, list] of Object.entries(n.children as Children)) if (key !== "Dot") for (const e of list ?? []) if (isToken(e) && !e.isInsertedInRecovery) all.push(e);
  all.sort((a, b) => a.startOffset - b.startOffset);
  return { kind: "path", segments: all.map((t) => t.image), range: nodeRange(n) };
}

// ---- conditions ----------------------------------------------------------------------------------

function condition(n: CstNode): A.Condition | undefined {
  const parts = subs(n, "conjunction").map(conjunction);
  if (!parts.length || parts.some((p) => !p)) return undefined;
  return (parts as A.Condition[]).reduce((left, right) => ({ kind: "or", left, right, range: span(left.range, right.range) }));
}

function conjunction(n: CstNode): A.Condition | undefined {
  const parts = subs(n, "negation").map(negation);
  if (!parts.length || parts.some((p) => !p)) return undefined;
  return (parts as A.Condition[]).reduce((left, right) => ({ kind: "and", left, right, range: span(left.range, right.range) }));
}

function negation(n: CstNode): A.Condition | undefined {
  const inner = sub(n, "negation");
  if (inner) {
    const operand = negation(inner);
    return operand ? { kind: "not", operand, range: nodeRange(n) } : undefined;
  }
  const a = sub(n, "atom");
  return a && atom(a);
}

function atom(n: CstNode): A.Condition | undefined {
  const inner = sub(n, "condition");
  if (inner) {
    const c = condition(inner);
    // Parentheses widen the node's range to include them, so errors and the formatter see them.
    if (!c) return undefined;
    return c.kind === "and" || c.kind === "or" ? { ...c, grouped: true, range: nodeRange(n) } : { ...c, range: nodeRange(n) };
  }
  const ref = text(tok(n, "reference"));
  if (ref) return { kind: "reference", name: ref, range: nodeRange(n) };
  const w = sub(n, "window");
  if (w) return windowNode(w);
  const c = sub(n, "comparison");
  return c && comparison(c);
}

/** `days` → `day`: the unit a written unit word stands for. */
const unitOf = (word: string) => word.replace(/s$/, "") as DurationUnit;

function windowNode(n: CstNode): A.Window | undefined {
  const d = sub(n, "duration");
  const table = d && text(tok(d, "table"));
  const num = d && tok(d, "NumberLiteral");
  const unit = d && tok(d, "Unit");
  const p = sub(n, "path");
  const anchor = p && path(p);
  if (!d || (!table && (!num || !unit)) || !anchor) return undefined;
  const comparator = has(n, "Within") ? "atMost" : has(n, "More") ? "above" : has(n, "LessWord") ? "below" : has(n, "Least") ? "atLeast" : "atMost";
  const w: A.Window = {
    kind: "window",
    comparator,
    within: has(n, "Within"),
    amount: num ? Number(num.image) : 0,
    unit: unit ? unitOf(unit.image) : "day",
    calendar: has(d, "Calendar"),
    direction: has(n, "Before") ? "before" : "after",
    writtenOf: has(n, "Of"),
    anchor,
    range: nodeRange(n),
  };
  if (table) {
    w.table = table;
    const shift = tok(d, "shift");
    const shiftUnit = tok(d, "shiftUnit");
    if (shift && shiftUnit) w.shift = { amount: (has(d, "MinusSign") ? -1 : 1) * Number(shift.image), unit: unitOf(shiftUnit.image) };
  }
  return w;
}

function comparison(n: CstNode): A.Comparison | undefined {
  const s = sub(n, "subject");
  const subject = s && path(s);
  if (!subject) return undefined;
  const range = nodeRange(n);
  const c = sub(n, "comparator");
  if (!c) return { kind: "comparison", subject, op: "flag", opText: "", range };
  const value = sub(c, "value");
  const v = value && valueOperand(value);
  const make = (op: A.ComparisonOp, opText: string): A.Comparison | undefined => {
    const out: A.Comparison = { kind: "comparison", subject, op, opText, range };
    if (op === "present" || op === "absent") return out;
    if (op === "in" || op === "notIn") {
      const l = sub(c, "list");
      if (!l) return undefined;
      const items = subs(l, "operand").map(operand);
      if (items.some((i) => !i)) return undefined;
      out.list = items as A.Operand[];
      return out;
    }
    if (!v) return undefined;
    out.value = v;
    if (op === "between") {
      const u = sub(c, "upper");
      const upper = u && operand(u);
      if (!upper) return undefined;
      out.upper = upper;
    }
    return out;
  };
  if (has(c, "Is")) {
    if (has(c, "Least")) return make("atLeast", "is at least");
    if (has(c, "Most")) return make("atMost", "is at most");
    if (has(c, "More")) return make("above", "is more than");
    if (has(c, "LessWord")) return make("below", "is less than");
    const negated = has(c, "Not");
    if (has(c, "Present")) return make(negated ? "absent" : "present", negated ? "is not present" : "is present");
    if (has(c, "Absent")) return make(negated ? "present" : "absent", negated ? "is not absent" : "is absent");
    return make(negated ? "isNot" : "is", negated ? "is not" : "is");
  }
  if (has(c, "In")) return has(c, "Not") ? make("notIn", "not in") : make("in", "in");
  if (has(c, "Contains")) return make("contains", "contains");
  if (has(c, "Between")) return make("between", "between");
  if (has(c, "On")) return has(c, "Before") ? make("onOrBefore", "on or before") : make("onOrAfter", "on or after");
  if (has(c, "Before")) return make("before", "before");
  if (has(c, "After")) return make("after", "after");
  const symbols: [string, A.ComparisonOp][] = [["LessEqual", "atMost"], ["GreaterEqual", "atLeast"], ["NotEqual", "isNot"], ["Equal", "is"], ["Less", "below"], ["Greater", "above"]];
  for (const [token, op] of symbols) {
    const t = tok(c, token);
    if (t) return make(op, t.image);
  }
  return undefined;
}

function operand(n: CstNode): A.Operand | undefined {
  const md = sub(n, "monthDay");
  if (md) return monthDay(md);
  const p = sub(n, "path");
  if (p) return path(p);
  const t = firstToken(n);
  if (!t) return undefined;
  switch (t.tokenType.name) {
    case "NumberLiteral": return numberValue(t);
    case "MoneyLiteral": return moneyValue(t);
    case "PercentLiteral": return percent(t);
    case "StringLiteral": return text(t);
    case "True": return { kind: "boolean", value: true, range: tokenRange(t) };
    case "False": return { kind: "boolean", value: false, range: tokenRange(t) };
    case "DateLiteral":
    case "DateTimeLiteral": return dateValue(t);
    default: return undefined;
  }
}

function monthDay(n: CstNode): A.MonthDay | undefined {
  const m = tok(n, "Month");
  const d = tok(n, "NumberLiteral");
  if (!m || !d) return undefined;
  const out: A.MonthDay = { kind: "monthDay", month: MONTHS.indexOf(m.image.slice(0, 3).toLowerCase()) + 1, day: Number(d.image), range: nodeRange(n) };
  const p = sub(n, "path");
  if (has(n, "Of")) {
    const of = p && path(p);
    if (!of) return undefined;
    out.of = of;
    out.yearOffset = has(n, "Same") ? 0 : has(n, "Before") ? -1 : 1;
  }
  return out;
}
