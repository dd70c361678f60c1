// The formatter: one canonical layout, printed from the AST, with every comment kept. Idempotent by
// construction (the output parses to the same AST and prints the same), and the formatted policy
// compiles to the same rules as the original, source positions aside (a test checks both).

import { parsePolicy, type Amount, type Clause, type Rounding, type Comment, type Condition, type MoneyExpr, type Operand, type OutcomeNode, type Path, type Setting, type TopLevel } from "../grammar/index.js";
import { error, hasErrors, type Diagnostic, type Staged } from "../runtime/index.js";
import { capDiagnostics } from "./compile.js";

const WIDTH = 100;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A printed line and the source offset of the node it prints, for placing comments. */
interface Line {
  indent: number;
  text: string;
  /** Offset where the printed node starts in the source; -1 for lines with no node of their own. */
  start: number;
  /** Source line the node starts on. */
  sourceLine: number;
  blankBefore?: boolean;
}

export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

const path = (p: Path) => p.segments.join(".");

function operand(o: Operand): string {
  switch (o.kind) {
    case "path": return path(o);
    case "number": return o.text;
    case "money": return `${o.currency} ${o.amount}`;
    case "moneySet": return o.amounts.map((m) => `${m.currency} ${m.amount}`).join(", ");
    case "percent": return o.text;
    case "text": return quote(o.value);
    case "boolean": return String(o.value);
    case "date": return o.text;
    case "monthDay": {
      const day = `${MONTHS[o.month - 1]} ${o.day}`;
      if (!o.of) return day;
      const which = o.yearOffset === 0 ? "the same year as" : o.yearOffset === -1 ? "the year before" : "the year after";
      return `${day} of ${which} ${path(o.of)}`;
    }
  }
}

const PRECEDENCE: Record<string, number> = { or: 1, and: 2, not: 3 };

function condition(c: Condition, parent = 0): string {
  // Parentheses where precedence needs them, and where the author grouped an `and`/`or` inside another.
  const wrap = (s: string, own: number) => (own < parent || ((c.kind === "and" || c.kind === "or") && c.grouped && parent > 0) ? `(${s})` : s);
  switch (c.kind) {
    case "or": return wrap(`${condition(c.left, 1)} or ${condition(c.right, 1)}`, 1);
    case "and": return wrap(`${condition(c.left, 2)} and ${condition(c.right, 2)}`, 2);
    case "not": return `not ${condition(c.operand, 3)}`;
    case "reference": return quote(c.name.value);
    case "window": {
      const comparator = c.within ? "within" : { atMost: "at most", atLeast: "at least", above: "more than", below: "less than" }[c.comparator];
      const unit = `${c.calendar ? "calendar " : ""}${c.unit}${c.amount === 1 ? "" : "s"}`;
      const direction = c.writtenOf ? "of" : c.direction;
      const shift = c.shift ? ` ${c.shift.amount < 0 ? "-" : "+"} ${Math.abs(c.shift.amount)} ${c.shift.unit}${Math.abs(c.shift.amount) === 1 ? "" : "s"}` : "";
      const duration = c.table ? `${quote(c.table.value)}${shift}` : `${c.amount} ${unit}`;
      return `${comparator} ${duration} ${direction} ${path(c.anchor)}`;
    }
    case "comparison": {
      const subject = path(c.subject);
      if (c.op === "flag") return subject;
      if (c.op === "present" || c.op === "absent") return `${subject} ${c.opText}`;
      if (c.op === "in" || c.op === "notIn") return `${subject} ${c.opText} [${(c.list ?? []).map(operand).join(", ")}]`;
      if (c.op === "between") return `${subject} between ${operand(c.value!)} and ${operand(c.upper!)}`;
      return `${subject} ${c.opText} ${operand(c.value!)}`;
    }
  }
}

/** Operands of the top-level chain of one operator, for breaking a long condition over lines. */
function chain(c: Condition, op: "or" | "and", top = true): Condition[] {
  // A group the author wrote in parentheses stays one operand.
  return c.kind === op && (top || !c.grouped) ? [...chain(c.left, op, false), ...chain(c.right, op, false)] : [c];
}

/** A condition as lines: on one line when it fits, else one operand of its top `or`/`and` per line. */
function conditionLines(c: Condition, firstPrefix: string, indent: number): string[] {
  const flat = `${firstPrefix}${condition(c)}`;
  if (indent + flat.length <= WIDTH || (c.kind !== "or" && c.kind !== "and")) return [flat];
  const op = c.kind;
  const parts = chain(c, op);
  return parts.map((p, i) => (i === 0 ? `${firstPrefix}${condition(p, PRECEDENCE[op]!)}` : `${op} ${condition(p, PRECEDENCE[op]!)}`));
}

function money(e: MoneyExpr, parent = 0): string {
  switch (e.kind) {
    case "number": return e.text;
    case "money": return `${e.currency} ${e.amount}`;
    case "moneySet": return e.amounts.map((m) => `${m.currency} ${m.amount}`).join(", ");
    case "path": return path(e);
    case "elapsedUnits": {
      const span = `from ${path(e.from)} to ${path(e.to)}`;
      if (e.style === "plain") return `${e.unit}s ${span}`;
      if (e.style === "count") return `${e.count} ${e.unit}s ${span}`;
      return `${e.count} ${e.size === 1 ? "" : `${e.size}-`}${e.unit} periods ${span}`;
    }
    case "extreme": return `${e.which} of ${money(e.first)} and ${money(e.second)}`;
    case "tableRef": return quote(e.name.value);
    case "binary": {
      const own = e.op === "+" || e.op === "-" ? 1 : 2;
      // Left-associative: the right operand of - and / needs parentheses at the same level.
      const s = `${money(e.left, own)} ${e.op} ${money(e.right, own + 0.5)}`;
      return own < parent ? `(${s})` : s;
    }
  }
}

function roundingText(r: Rounding | undefined): string {
  if (!r) return "";
  return ` rounded ${r.mode === "half-up" ? "half up" : r.mode}${r.to ? ` to ${money(r.to, 3)}` : ""}`;
}

function amountText(a: Amount): string {
  if (a.kind === "rounded") return `${amountText(a.amount)}${roundingText(a.rounding)}`;
  if (a.kind === "tableShareOf") return `${quote(a.table.value)} of ${money(a.of)}`;
  return a.kind === "percentOf" ? `${a.percent.text} of ${money(a.of)}` : money(a);
}

function clauseText(c: Clause): string {
  switch (c.kind) {
    case "refund": return `refund ${amountText(c.amount)}`;
    case "timeline": return `refund within ${c.amount} ${c.business ? "business " : ""}${c.unit}${c.amount === 1 ? "" : "s"}`;
    case "replacement": return "replace the item";
    case "adjustable": return `adjustable between ${amountText(c.low)} and ${amountText(c.high)}`;
    case "deduction": {
      const amount = c.shareTable ? `${quote(c.shareTable.value)} of ${money(c.base!)}` : c.percent ? `${c.percent.text}${c.base ? ` of ${money(c.base)}` : ""}` : money(c.fixed!);
      const scope = c.scope === "first-item" ? " once per request on the first item" : c.scope === "request" ? " once per request" : "";
      return `minus ${amount}${roundingText(c.rounding)} ${quote(c.label.value)}${scope}${c.when ? ` when ${condition(c.when)}` : ""}`;
    }
    case "plusShipping": return "plus shipping";
    case "addition": return `plus ${money(c.amount)}${roundingText(c.rounding)} ${quote(c.label.value)}`;
    case "cap": return `up to ${money(c.amount)}${roundingText(c.rounding)}`;
    case "method": return c.method === "original_payment" ? "as original payment" : `as store credit${c.bonus ? ` with ${c.bonus.text} bonus` : ""}`;
    case "returnShipping": return c.payer === "elsewhere" ? "return shipping handled elsewhere" : `return shipping paid by ${c.payer}`;
    case "keepItem": return "customer keeps the item";
    case "action": {
      const words: Record<string, string> = {
        intercept_shipment: "intercept shipment", cancel_fulfillment: "cancel fulfillment", restock: "restock", notify_customer: "notify customer",
        offer_alternatives: "offer alternatives", offer_store_credit: "offer store credit", offer_return: "offer return", manual_review: "manual review",
      };
      return `${words[c.action]}${c.channel ? ` by ${c.channel}` : ""}${c.message ? ` ${quote(c.message.value)}` : ""}`;
    }
    case "message": return `message ${quote(c.text.value)}`;
    case "note": return `note ${quote(c.text.value)}`;
  }
}

function clauseLines(clauses: Clause[], indent: number, out: Line[]): void {
  clauses.forEach((c, i) => {
    // A cap on shipping or on an addition stays on its line: `plus shipping up to USD 5.00`.
    const before = clauses[i - 1];
    if (c.kind === "cap" && (before?.kind === "plusShipping" || before?.kind === "addition")) {
      out[out.length - 1]!.text += ` ${clauseText(c)}`;
      return;
    }
    const extra = c.kind === "deduction" ? 2 : 0;
    out.push({ indent: indent + extra, text: clauseText(c), start: c.range.start.offset, sourceLine: c.range.start.line });
  });
}

function outcomeLines(o: OutcomeNode, indent: number, out: Line[]): void {
  const head = `${o.decision}${o.reason ? ` ${quote(o.reason.value)}` : ""}${o.terms ? ` with ${quote(o.terms.value)}` : ""}`;
  out.push({ indent, text: head, start: o.range.start.offset, sourceLine: o.range.start.line });
  clauseLines(o.clauses, indent + 2, out);
  for (const offer of o.offers) {
    const text = `option ${quote(offer.label.value)}${offer.isDefault ? " default" : ""}${offer.terms ? ` with ${quote(offer.terms.value)}` : ""}`;
    out.push({ indent: indent + 2, text, start: offer.range.start.offset, sourceLine: offer.range.start.line });
    clauseLines(offer.clauses, indent + 4, out);
  }
  for (const branch of o.branches) {
    const text = `if ${branch.verdict}${branch.reason ? ` ${quote(branch.reason.value)}` : ""}${branch.terms ? ` with ${quote(branch.terms.value)}` : ""}`;
    out.push({ indent: indent + 2, text, start: branch.range.start.offset, sourceLine: branch.range.start.line });
    clauseLines(branch.clauses, indent + 4, out);
  }
}

function settingText(s: Setting): string {
  switch (s.kind) {
    case "currency": return `currency ${[s.code, ...s.others].map((c) => c.name).join(", ")}`;
    case "timezone": return `timezone ${quote(s.zone.value)}`;
    case "locale": return `locale ${quote(s.locale.value)}`;
    case "fields": return `fields ${quote(s.file.value)}`;
    case "effective": return `effective from ${s.date.text}`;
  }
}

function itemLines(item: TopLevel, out: Line[]): void {
  const first = out.length;
  const at = (t: { range: { start: { offset: number; line: number } } }) => ({ start: t.range.start.offset, sourceLine: t.range.start.line });
  switch (item.kind) {
    case "version":
      out.push({ indent: 0, text: `version ${quote(item.name.value)}${item.effective ? ` effective from ${item.effective.date.text}` : ""}`, ...at(item) });
      break;
    case "conditionDefinition": {
      out.push({ indent: 0, text: `define ${quote(item.name.value)} as`, ...at(item) });
      for (const text of conditionLines(item.condition, "", 2)) out.push({ indent: 2, text, start: -1, sourceLine: -1 });
      break;
    }
    case "termsDefinition":
      out.push({ indent: 0, text: `define terms ${quote(item.name.value)} as`, ...at(item) });
      clauseLines(item.clauses, 2, out);
      break;
    case "tableDefinition": {
      out.push({ indent: 0, text: `define table ${quote(item.name.value)} by ${path(item.key)} as`, ...at(item) });
      item.rows.forEach((row, i) => {
        const key = row.key ? (row.key.quoted || !/^[A-Za-z_][A-Za-z0-9_-]*$|^\d+$/.test(row.key.value) ? quote(row.key.value) : row.key.value) : "otherwise";
        const v = row.value;
        const value = v.kind === "duration" ? `${v.amount} ${v.unit}${v.amount === 1 ? "" : "s"}` : v.kind === "percent" ? v.text : money(v);
        out.push({ indent: 2, text: `${key}: ${value}${i < item.rows.length - 1 ? "," : ""}`, start: row.range.start.offset, sourceLine: row.range.start.line });
      });
      break;
    }
    case "rule": {
      out.push({ indent: 0, text: `rule ${quote(item.name.value)}`, ...at(item) });
      if (item.when) {
        const lines = conditionLines(item.when, "when ", 2);
        lines.forEach((text, i) => out.push(i === 0
          ? { indent: 2, text, start: item.when!.range.start.offset, sourceLine: item.when!.range.start.line }
          : { indent: 4, text, start: -1, sourceLine: -1 }));
      }
      outcomeLines(item.outcome, 2, out);
      break;
    }
    case "otherwise":
      out.push({ indent: 0, text: "otherwise", ...at(item) });
      outcomeLines(item.outcome, 2, out);
      break;
  }
  out[first]!.blankBefore = true;
}

/** Places comments: trailing on the printed line whose node starts on the comment's line, else above the next node. */
function placeComments(lines: Line[], comments: Comment[]): string[] {
  const leading = new Map<number, Comment[]>();
  const trailing = new Map<number, Comment[]>();
  const tail: Comment[] = [];
  for (const c of comments) {
    const offset = c.range.start.offset;
    let owner = -1;
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = lines[i]!;
      if (l.start >= 0 && l.sourceLine === c.range.start.line && l.start < offset) {
        owner = i;
        break;
      }
    }
    if (owner >= 0) {
      trailing.set(owner, [...(trailing.get(owner) ?? []), c]);
      continue;
    }
    const next = lines.findIndex((l) => l.start >= 0 && l.start > offset);
    if (next === -1) tail.push(c);
    else leading.set(next, [...(leading.get(next) ?? []), c]);
  }
  const out: string[] = [];
  lines.forEach((l, i) => {
    const before = leading.get(i) ?? [];
    // A comment block right above a top-level item starts the item's paragraph.
    if (l.blankBefore && out.length) out.push("");
    // Comment blocks keep the single blank lines that separate them from each other and from the node.
    before.forEach((c, j) => {
      if (j > 0 && c.range.start.line - before[j - 1]!.range.start.line > 1) out.push("");
      out.push(`${" ".repeat(l.indent)}#${c.text.trimEnd()}`);
    });
    if (before.length && l.sourceLine - before[before.length - 1]!.range.start.line > 1) out.push("");
    const after = trailing.get(i);
    out.push(`${" ".repeat(l.indent)}${l.text}${after ? after.map((c) => `  #${c.text.trimEnd()}`).join("") : ""}`);
  });
  tail.forEach((c, j) => {
    if (j === 0 || c.range.start.line - tail[j - 1]!.range.start.line > 1) out.push("");
    out.push(`#${c.text.trimEnd()}`);
  });
  while (out[0] === "") out.shift();
  return out;
}

/** Formats policy text. Refuses (with the syntax diagnostics) text that does not parse cleanly. */
export function formatPolicy(text: string): Staged<string> {
  const parsed = parsePolicy(text);
  const syntax: Diagnostic[] = parsed.diagnostics.filter((d) => d.severity === "error");
  if (!parsed.value || hasErrors(syntax)) {
    return { value: undefined, diagnostics: syntax.length ? capDiagnostics(syntax, parsed.omitted) : [error("syntax/unexpected-token", "the policy cannot be read")] };
  }
  const file = parsed.value;
  const lines: Line[] = [];
  if (file.header) {
    const h = file.header;
    lines.push({ indent: 0, text: `policy ${quote(h.name.value)} for ${h.policyKind.name}`, start: h.range.start.offset, sourceLine: h.range.start.line, blankBefore: true });
    for (const s of h.settings) lines.push({ indent: 2, text: settingText(s), start: s.range.start.offset, sourceLine: s.range.start.line });
  }
  for (const item of file.items) itemLines(item, lines);
  return { value: `${placeComments(lines, file.comments).join("\n")}\n`, diagnostics: [] };
}
