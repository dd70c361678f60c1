// Name and type checks against the event's field table, producing the checked model. Every problem is
// a diagnostic with a stable code and a range; checking goes on past errors to report them all.

import type * as A from "../grammar/index.js";
import { DURATION_UNITS, pathText } from "../grammar/index.js";
import {
  FIELD_BY_PATH, ROOTS, TIMESTAMP_ALIASES, closest, currencyExponent, dateNumber, error, instantFromLocal,
  isCurrency, isTimeZone, limit, parseInstant, toMinorUnits, warning,
  type ActionSpec, type Addition as RefundAddition, type Deduction, type Diagnostic, type RoundingMode, type FieldSpec, type MoneyExpr, type OutcomeSpec, type PolicyKind, type RangeTuple,
  type Code, type RefundTerms, type RefundTimeline, type SourceRange, type Staged, type Template, type TemplatePart,
} from "../runtime/index.js";
import type { CheckedAtom, CheckedClause, CheckedCondition, CheckedPolicy, CheckedRule, CheckedVersion } from "./model.js";

const KINDS: Record<string, PolicyKind> = {
  returns: "return", return: "return", cancellations: "cancellation", cancellation: "cancellation", refunds: "refund", refund: "refund",
};

export function toTuple(r: SourceRange): RangeTuple {
  return [r.start.line, r.start.column, r.end.line, r.end.column];
}

interface Context {
  source: string;
  diagnostics: Diagnostic[];
  currency: string;
  /** Every currency the policy decides orders in (the first is `currency`). */
  currencies: string[];
  timezone: string;
  timezoneGiven: boolean;
  conditions: Map<string, A.ConditionDefinition>;
  terms: Map<string, A.TermsDefinition>;
  /** Tables by name, with what they hold (checked once, where they are defined). */
  tables: Map<string, CheckedTable>;
  /** Tables defined with mistakes that leave them unusable (already reported). */
  brokenTables: Set<string>;
  /** A short id per terms definition, for the clauses (gated deductions) its outcome adds. */
  termsIds: Map<string, string>;
  /** Condition names being expanded, to catch a definition that refers to itself. */
  expanding: string[];
  /** Clauses (gated deductions) of the version being checked. */
  clauses: Map<string, CheckedClause>;
  usesCalendar: boolean;
  /** The event's fields plus the merchant's custom ones. */
  fields: ReadonlyMap<string, FieldSpec>;
}

function err(ctx: Context, code: Code, message: string, range: SourceRange, hint?: string): void {
  ctx.diagnostics.push(error(code, message, hint ? { range, hint } : { range }));
}

/** A name the artifact records (the policy's, a rule's, ...) must fit its schema: checked here, not refused at load. */
function checkName(ctx: Context, name: A.Text, what: string): void {
  const max = limit("nameCharacters");
  if (name.value.length > max) err(ctx, "limit/name-too-long", `this ${what} is ${name.value.length} characters long; the limit is ${max}`, name.range, "shorten it; a longer explanation belongs in a message or a comment");
}

function textOf(ctx: Context, range: SourceRange): string {
  return ctx.source.slice(range.start.offset, range.end.offset).replace(/\s+/g, " ");
}

// ---- fields --------------------------------------------------------------------------------------

function resolveField(ctx: Context, path: A.Path, report = true): FieldSpec | undefined {
  const text = pathText(path);
  const alias = path.segments.length === 1 ? TIMESTAMP_ALIASES.get(text) : undefined;
  if (alias) return alias;
  const field = ctx.fields.get(text);
  if (field) return field;
  if (report) {
    const root = path.segments[0]!;
    let hint: string | undefined;
    if (!ROOTS.includes(root) && !TIMESTAMP_ALIASES.has(root)) {
      const suggestion = closest(text, [...ctx.fields.keys()]) ?? closest(root, [...ROOTS, ...TIMESTAMP_ALIASES.keys()]);
      hint = suggestion ? `did you mean \`${suggestion}\`?` : `a field starts with one of: ${ROOTS.join(", ")}`;
      const shipping = ctx.fields.get(`order.${text}`);
      if (shipping) hint = `did you mean \`${shipping.path}\`?`;
    } else {
      const suggestion = closest(text, [...ctx.fields.keys()].filter((p) => p.startsWith(`${root}.`)));
      if (suggestion) hint = `did you mean \`${suggestion}\`?`;
    }
    if (/-/.test(text)) hint = `${hint ? `${hint} ` : ""}(write subtraction with spaces: \`a - b\`)`;
    err(ctx, "name/unknown-field", `unknown field \`${text}\``, path.range, hint);
  }
  return undefined;
}

function factOf(field: FieldSpec): { fact: string; path: string } {
  return field.path.startsWith("item.") ? { fact: "item", path: field.path.slice(5) } : { fact: "event", path: field.path };
}

// ---- values --------------------------------------------------------------------------------------

function money(ctx: Context, m: A.MoneyValue, inSet = false): number | undefined {
  if (!isCurrency(m.currency)) {
    err(ctx, "type/unknown-currency", `\`${m.currency}\` is not an ISO 4217 currency code`, m.range);
    return undefined;
  }
  if (!ctx.currencies.includes(m.currency)) {
    err(ctx, "type/currency-mismatch", `this amount is in ${m.currency} but the policy's ${ctx.currencies.length > 1 ? `currencies are ${ctx.currencies.join(", ")}` : `currency is ${ctx.currency}`}`, m.range);
    return undefined;
  }
  if (!inSet && ctx.currencies.length > 1) {
    err(ctx, "type/missing-currency-amount", `a fixed amount in a policy of ${ctx.currencies.join(", ")} gives a value in each: ${ctx.currencies.map((c) => `${c} ...`).join(", ")}`, m.range, "percentages and amounts from the event apply in the order's own currency; only fixed amounts need one per currency");
    return undefined;
  }
  const minor = toMinorUnits(m.amount, m.currency);
  if (minor === undefined) {
    err(ctx, "type/money-precision", `${m.currency} has ${currencyExponent(m.currency)} decimal places; \`${m.amount}\` has more`, m.range);
  }
  return minor;
}

/** `USD 6.95, EUR 5.95, JPY 900`: one amount per policy currency, each exactly once. */
function moneySet(ctx: Context, set: A.MoneySet): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  let ok = true;
  for (const m of set.amounts) {
    if (m.currency in out) {
      err(ctx, "type/currency-mismatch", `this list already has an amount in ${m.currency}`, m.range);
      ok = false;
      continue;
    }
    const minor = money(ctx, m, true);
    if (minor === undefined) ok = false;
    else out[m.currency] = minor;
  }
  const missing = ctx.currencies.filter((c) => !(c in out));
  if (ok && missing.length) {
    err(ctx, "type/missing-currency-amount", `this amount has no value in ${missing.join(", ")}, a currency of the policy`, set.range);
    ok = false;
  }
  return ok ? out : undefined;
}

function percent(ctx: Context, p: A.PercentValue, allowOver100 = false): number | undefined {
  if (p.bp === undefined) {
    err(ctx, "type/percent-precision", `percentages may have at most two decimals (\`${p.text}\`)`, p.range);
    return undefined;
  }
  if (p.bp > 10_000 && !allowOver100) {
    err(ctx, "type/percent-over-100", `a percentage of an amount cannot be more than 100% (\`${p.text}\`)`, p.range);
    return undefined;
  }
  return p.bp;
}

function describeType(f: FieldSpec): string {
  switch (f.type) {
    case "money": return "an amount of money";
    case "timestamp": return "a date-time";
    case "enum": return `one of ${f.values!.join(", ")}`;
    case "boolean": return "true or false";
    case "list": return "a list of words";
    case "integer":
    case "number": return "a number";
    default: return "a text";
  }
}

/** A bare word on the right of `is` / `in` against an enum or text field is a value, not a field. */
function symbolOf(operand: A.Operand): string | undefined {
  if (operand.kind === "path" && operand.segments.length === 1) return operand.segments[0];
  if (operand.kind === "text") return operand.value;
  return undefined;
}

interface Scalar {
  value: unknown;
}

/** Converts an operand to a value comparable with `field` (equality and ordering). */
function scalarFor(ctx: Context, field: FieldSpec, operand: A.Operand): Scalar | undefined {
  const mismatch = () => {
    err(ctx, "type/mismatch", `\`${field.path}\` is ${describeType(field)}; \`${textOf(ctx, operand.range)}\` is not`, operand.range);
    return undefined;
  };
  switch (field.type) {
    case "enum": {
      const s = symbolOf(operand);
      if (s === undefined) return mismatch();
      if (!field.values!.includes(s)) {
        const suggestion = closest(s, field.values!);
        err(ctx, "type/unknown-value", `\`${s}\` is not a value of \`${field.path}\` (${field.values!.join(", ")})`, operand.range, suggestion ? `did you mean \`${suggestion}\`?` : undefined);
        return undefined;
      }
      return { value: s };
    }
    case "string":
    case "list": {
      const s = symbolOf(operand);
      return s === undefined ? mismatch() : { value: s };
    }
    case "boolean":
      return operand.kind === "boolean" ? { value: operand.value } : mismatch();
    case "integer":
    case "number":
      if (operand.kind === "number") return { value: operand.value };
      if (operand.kind === "money") {
        err(ctx, "type/mismatch", `\`${field.path}\` is a count, not money; write a plain number`, operand.range);
        return undefined;
      }
      return mismatch();
    case "money":
      if (operand.kind === "money") {
        const m = money(ctx, operand);
        return m === undefined ? undefined : { value: m };
      }
      if (operand.kind === "moneySet") {
        // Compared in the order's currency: the value is a fact the runtime reads for each event.
        const amounts = moneySet(ctx, operand);
        return amounts && { value: { fact: "amountIn", params: { amounts } } };
      }
      if (operand.kind === "number") {
        err(ctx, "type/money-needs-currency", `\`${field.path}\` is money; write the amount with its currency`, operand.range, `a bare number is ambiguous: \`${ctx.currency} ${operand.text}\` means ${operand.text} whole units; amounts in minor units read \`${ctx.currency} ${(operand.value / 10 ** currencyExponent(ctx.currency)).toFixed(currencyExponent(ctx.currency))}\``);
        return undefined;
      }
      return mismatch();
    default:
      return mismatch();
  }
}

// ---- conditions ----------------------------------------------------------------------------------

function atom(ctx: Context, node: A.Node<string>, fields: FieldSpec[], parts: Omit<CheckedAtom, "kind" | "text" | "range" | "reads" | "mayBeAbsent" | "domain" | "money">): CheckedAtom {
  const out: CheckedAtom = { kind: "atom", ...parts, text: textOf(ctx, node.range), range: toTuple(node.range), reads: fields.map((f) => f.path), mayBeAbsent: fields.filter((f) => f.optional).map((f) => f.path) };
  if (fields.length === 1 && fields[0]!.values) out.domain = fields[0]!.values;
  if (fields[0]?.type === "money" && parts.fact !== "elapsed" && parts.fact !== "calendarDays") out.money = true;
  return out;
}

function timestampFact(ctx: Context, field: FieldSpec, fact: "instant" | "localDate" | "localMonthDay"): { fact: string; params: Record<string, unknown> } {
  if (fact !== "instant") ctx.usesCalendar = true;
  return fact === "instant" ? { fact, params: { of: field.path } } : { fact, params: { of: field.path, zone: ctx.timezone } };
}

function dateValueOf(ctx: Context, d: A.DateValue): { kind: "date"; value: number } | { kind: "instant"; value: number } | undefined {
  if (d.precision === "instant") {
    const ms = parseInstant(d.text);
    if (ms === undefined) err(ctx, "type/invalid-date", `\`${d.text}\` is not a valid date-time`, d.range);
    return ms === undefined ? undefined : { kind: "instant", value: ms };
  }
  const [y, m, day] = d.text.split("-").map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, m - 1, day));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== day) {
    err(ctx, "type/invalid-date", `\`${d.text}\` is not a calendar date`, d.range);
    return undefined;
  }
  ctx.usesCalendar = true;
  return { kind: "date", value: dateNumber(y, m, day) };
}

function monthDayNumber(ctx: Context, md: A.MonthDay): number | undefined {
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][md.month - 1] ?? 0;
  if (md.day < 1 || md.day > days || !Number.isInteger(md.day)) {
    err(ctx, "type/invalid-date", `there is no day ${md.day} in that month`, md.range);
    return undefined;
  }
  return md.month * 100 + md.day;
}

const ORDERING = { before: "below", onOrBefore: "atMost", after: "above", onOrAfter: "atLeast" } as const;

function comparison(ctx: Context, c: A.Comparison): CheckedCondition | undefined {
  const field = resolveField(ctx, c.subject);
  if (!field) return undefined;
  const base = factOf(field);
  const op = c.op;
  if (op === "flag") {
    if (field.type !== "boolean") {
      err(ctx, "type/not-a-flag", `\`${field.path}\` is ${describeType(field)}, not true/false; compare it with something (e.g. \`is\`)`, c.range);
      return undefined;
    }
    return atom(ctx, c, [field], { ...base, operator: "isTrue", value: true });
  }
  if (op === "present" || op === "absent") {
    return atom(ctx, c, [field], { ...base, operator: op, value: null });
  }
  if (op === "in" || op === "notIn") {
    if (field.type === "boolean" || field.type === "timestamp" || field.type === "list") {
      err(ctx, "type/mismatch", `\`in [...]\` needs a field with words or numbers; \`${field.path}\` is ${describeType(field)}`, c.range);
      return undefined;
    }
    const values: unknown[] = [];
    for (const item of c.list ?? []) {
      const s = scalarFor(ctx, field, item);
      if (!s) return undefined;
      values.push(s.value);
    }
    return atom(ctx, c, [field], { ...base, operator: op === "in" ? "oneOf" : "noneOf", value: values });
  }
  if (op === "contains") {
    if (field.type !== "list") {
      err(ctx, "type/mismatch", `\`contains\` needs a list field such as \`customer.tags\`; \`${field.path}\` is ${describeType(field)}`, c.range);
      return undefined;
    }
    const s = scalarFor(ctx, field, c.value!);
    return s && atom(ctx, c, [field], { ...base, operator: "has", value: s.value });
  }

  // Comparisons against another field: `item.paid > order.shipping.paid`.
  const other = c.value?.kind === "path" && (c.value.segments.length > 1 || field.type === "timestamp") ? resolveField(ctx, c.value, field.type !== "enum" && field.type !== "string") : undefined;

  if (field.type === "timestamp") {
    const opName: string = op in ORDERING ? ORDERING[op as keyof typeof ORDERING] : op;
    if (other) {
      if (other.type !== "timestamp") {
        err(ctx, "type/mismatch", `\`${field.path}\` is a date-time; \`${other.path}\` is not`, c.value!.range);
        return undefined;
      }
      return atom(ctx, c, [field, other], { ...timestampFact(ctx, field, "instant"), operator: opName, value: { fact: "instant", params: { of: other.path } } });
    }
    const v = c.value;
    if (!v) return undefined;
    if (op === "between") {
      const u = c.upper!;
      if (v.kind === "monthDay" && u.kind === "monthDay" && !v.of && !u.of) {
        const lo = monthDayNumber(ctx, v);
        const hi = monthDayNumber(ctx, u);
        if (lo === undefined || hi === undefined) return undefined;
        return atom(ctx, c, [field], { ...timestampFact(ctx, field, "localMonthDay"), operator: "between", value: [lo, hi] });
      }
      if (v.kind === "date" && u.kind === "date" && v.precision === "date" && u.precision === "date") {
        const lo = dateValueOf(ctx, v);
        const hi = dateValueOf(ctx, u);
        if (!lo || !hi) return undefined;
        return atom(ctx, c, [field], { ...timestampFact(ctx, field, "localDate"), operator: "between", value: [lo.value, hi.value] });
      }
      err(ctx, "type/mismatch", "a date-time is between two dates (`2026-11-01 and 2026-12-31`) or two days of the year (`Nov 1 and Dec 31`)", c.range);
      return undefined;
    }
    if (v.kind === "monthDay") {
      if (!v.of) {
        err(ctx, "type/month-day-needs-year", `\`${textOf(ctx, v.range)}\` needs a year: write a date such as 2026-01-31, or \`${textOf(ctx, v.range)} of the year after shipment\``, v.range);
        return undefined;
      }
      const anchor = resolveField(ctx, v.of);
      const md = monthDayNumber(ctx, v);
      if (!anchor || md === undefined) return undefined;
      if (anchor.type !== "timestamp") {
        err(ctx, "type/mismatch", `\`${anchor.path}\` is not a date-time`, v.of.range);
        return undefined;
      }
      if (!(op in ORDERING)) {
        err(ctx, "type/mismatch", "compare a date with `before`, `after`, `on or before` or `on or after`", c.range);
        return undefined;
      }
      ctx.usesCalendar = true;
      return atom(ctx, c, [field, anchor], {
        ...timestampFact(ctx, field, "localDate"), operator: opName,
        value: { fact: "anchorDate", params: { of: anchor.path, zone: ctx.timezone, years: v.yearOffset ?? 0, month: v.month, day: v.day } },
      });
    }
    if (v.kind === "date") {
      const d = dateValueOf(ctx, v);
      if (!d) return undefined;
      if (!["below", "atMost", "above", "atLeast", "is", "isNot"].includes(opName)) {
        err(ctx, "type/mismatch", `\`${c.opText}\` does not apply to a date-time`, c.range);
        return undefined;
      }
      return atom(ctx, c, [field], { ...timestampFact(ctx, field, d.kind === "date" ? "localDate" : "instant"), operator: opName, value: d.value });
    }
    err(ctx, "type/mismatch", `\`${field.path}\` is a date-time; compare it with a date such as 2026-01-31, another date-time field, or use \`within 30 days of ${field.alias ?? field.path}\``, v.range);
    return undefined;
  }

  if (op === "before" || op === "after" || op === "onOrBefore" || op === "onOrAfter") {
    err(ctx, "type/mismatch", `\`${c.opText}\` compares dates; \`${field.path}\` is ${describeType(field)}`, c.range);
    return undefined;
  }
  const ordered = field.type === "integer" || field.type === "number" || field.type === "money";
  if ((op === "atLeast" || op === "atMost" || op === "above" || op === "below" || op === "between") && !ordered) {
    err(ctx, "type/mismatch", `\`${c.opText}\` needs a number or money; \`${field.path}\` is ${describeType(field)}`, c.range);
    return undefined;
  }
  if (other) {
    const compatible = other.type === field.type || (ordered && (other.type === "integer" || other.type === "number") && field.type !== "money");
    if (!compatible) {
      err(ctx, "type/mismatch", `\`${field.path}\` is ${describeType(field)} but \`${other.path}\` is ${describeType(other)}`, c.value!.range);
      return undefined;
    }
    return atom(ctx, c, [field, other], { ...base, operator: op, value: factOf(other) });
  }
  const first = scalarFor(ctx, field, c.value!);
  if (!first) return undefined;
  if (op === "between") {
    const second = scalarFor(ctx, field, c.upper!);
    return second && atom(ctx, c, [field], { ...base, operator: "between", value: [first.value, second.value] });
  }
  if (field.type === "boolean") return atom(ctx, c, [field], { ...base, operator: (op === "is") === first.value ? "isTrue" : "isFalse", value: true });
  return atom(ctx, c, [field], { ...base, operator: op, value: first.value });
}

// ---- tables --------------------------------------------------------------------------------------

/** A table as the checker keeps it: its key field, and each row's value of one kind. */
interface CheckedTable {
  name: string;
  key: FieldSpec;
  kind: "duration" | "percent" | "money" | "number";
  /** Rows by key, in the written order, and the `otherwise` row's value. */
  rows: [string, TableCell][];
  otherwise: TableCell;
}

/** One value of a table: milliseconds, basis points, or an amount. */
type TableCell = { ms: number } | { bp: number } | { expr: MoneyExpr; type: "money" | "number" };

function checkTable(ctx: Context, t: A.TableDefinition): CheckedTable | undefined {
  const key = resolveField(ctx, t.key);
  if (!key) return undefined;
  if (key.type !== "enum" && key.type !== "string" && key.type !== "integer" && key.type !== "boolean") {
    err(ctx, "type/mismatch", `a table is looked up by a field of values (an enum, a text, a count); \`${pathText(t.key)}\` is ${describeType(key)}`, t.key.range);
    return undefined;
  }
  const kindOf = (v: A.TableValue): CheckedTable["kind"] => (v.kind === "duration" ? "duration" : v.kind === "percent" ? "percent" : "money");
  const kind = kindOf(t.rows[0]!.value);
  const rows: [string, TableCell][] = [];
  let otherwise: TableCell | undefined;
  let sawOtherwise = false;
  for (const row of t.rows) {
    if (!row.key) sawOtherwise = true;
    if (kindOf(row.value) !== kind) {
      err(ctx, "type/mismatch", `every value of a table is of one kind: this table holds ${kind === "duration" ? "durations" : kind === "percent" ? "percentages" : "amounts"}`, row.value.range);
      continue;
    }
    // A key is checked even when its value is wrong: both mistakes are reported at once.
    if (row.key && key.values && !key.values.includes(row.key.value)) {
      const suggestion = closest(row.key.value, key.values);
      err(ctx, "type/unknown-value", `\`${row.key.value}\` is not a value of \`${key.path}\``, row.key.range, suggestion ? `did you mean \`${suggestion}\`?` : `one of ${key.values.join(", ")}`);
    }
    let cell: TableCell | undefined;
    if (row.value.kind === "duration") {
      if (!Number.isInteger(row.value.amount) || row.value.amount < 0) err(ctx, "type/invalid-duration", "a duration is a whole number of units", row.value.range);
      else cell = { ms: row.value.amount * DURATION_UNITS[row.value.unit] };
    } else if (row.value.kind === "percent") {
      const bp = percent(ctx, row.value);
      if (bp !== undefined) cell = { bp };
    } else {
      const typed = moneyExpr(ctx, row.value);
      if (typed) cell = { expr: typed.expr, type: typed.type };
    }
    if (!cell) continue;
    if (!row.key) {
      if (otherwise) err(ctx, "type/duplicate-clause", "this table already has an `otherwise` row", row.range);
      otherwise = cell;
      continue;
    }
    if (rows.some(([k]) => k === row.key!.value)) err(ctx, "type/duplicate-clause", `this table already has a row for ${row.key.value}`, row.key.range);
    else rows.push([row.key.value, cell]);
  }
  if (!sawOtherwise) err(ctx, "type/incomplete-table", `table "${t.name.value}" needs an \`otherwise\` row: the value for every other ${key.path} (and when the event has none)`, t.range);
  if (!otherwise) return undefined;
  // Kept even with a wrong row, which is reported: its uses are then checked, not reported again as unknown.
  return { name: t.name.value, key, kind, rows, otherwise };
}

/** The table a name refers to, if it holds what is wanted there. */
function tableOf(ctx: Context, name: A.Text, want: CheckedTable["kind"][]): CheckedTable | undefined {
  const table = ctx.tables.get(name.value);
  if (!table && ctx.brokenTables.has(name.value)) return undefined;
  if (!table) {
    const suggestion = closest(name.value, [...ctx.tables.keys(), ...ctx.brokenTables]);
    err(ctx, "name/unknown-table", `no table is defined as "${name.value}"`, name.range, suggestion ? `did you mean "${suggestion}"?` : 'define it with `define table "name" by field as value: ..., otherwise: ...`');
    return undefined;
  }
  if (!want.includes(table.kind)) {
    err(ctx, "type/mismatch", `table "${name.value}" holds ${table.kind === "duration" ? "durations" : table.kind === "percent" ? "percentages" : "amounts"}, not what is needed here`, name.range);
    return undefined;
  }
  return table;
}

/** `within "return window" of delivery`: one window per row, each for the rows' key (absent counts as `otherwise`). */
function tableWindow(ctx: Context, w: A.Window, table: CheckedTable): CheckedCondition | undefined {
  const shift = w.shift ? w.shift.amount * DURATION_UNITS[w.shift.unit] : 0;
  const keyFact = factOf(table.key);
  const windowFor = (cell: TableCell) => windowCondition(ctx, { ...w, table: undefined, shift: undefined, amount: 0, unit: "day" } as A.Window, ("ms" in cell ? cell.ms : 0) + shift);
  const keys = table.rows.map(([k]) => keyValue(table.key, k));
  const items: CheckedCondition[] = [];
  for (const [k, cell] of table.rows) {
    const inner = windowFor(cell);
    if (!inner) return undefined;
    items.push({ kind: "all", items: [atom(ctx, w, [table.key], { ...keyFact, operator: "is", value: keyValue(table.key, k) }), inner] });
  }
  const inner = windowFor(table.otherwise);
  if (!inner) return undefined;
  const other: CheckedCondition = {
    kind: "any",
    items: [atom(ctx, w, [table.key], { ...keyFact, operator: "absent", value: null }), atom(ctx, w, [table.key], { ...keyFact, operator: "noneOf", value: keys })],
  };
  items.push({ kind: "all", items: [other, inner] });
  return { kind: "any", items };
}

/** A table key as the field holds it: a count or a flag as a number or boolean, else the text. */
function keyValue(field: FieldSpec, key: string): string | number | boolean {
  if (field.type === "integer") return Number(key);
  if (field.type === "boolean") return key === "true";
  return key;
}

/** A money table as an amount: the row for the event's (or item's) value. */
function tableAmount(table: CheckedTable): MoneyExpr {
  const cell = (c: TableCell): MoneyExpr => ("expr" in c ? c.expr : "bp" in c ? { number: c.bp } : { number: c.ms });
  return { table: { field: table.key.path, rows: table.rows.map(([k, c]) => [k, cell(c)]), otherwise: cell(table.otherwise) } };
}

function windowCondition(ctx: Context, w: A.Window, fromTable?: number): CheckedCondition | undefined {
  if (w.table && fromTable === undefined) {
    const table = tableOf(ctx, w.table, ["duration"]);
    return table && tableWindow(ctx, w, table);
  }
  const anchor = resolveField(ctx, w.anchor);
  if (!anchor) return undefined;
  if (anchor.type !== "timestamp") {
    err(ctx, "type/mismatch", `\`${pathText(w.anchor)}\` is ${describeType(anchor)}, not a date-time`, w.anchor.range);
    return undefined;
  }
  if (!Number.isInteger(w.amount) || w.amount < 0) {
    err(ctx, "type/invalid-duration", "a duration is a whole number of minutes, hours, days or weeks", w.range);
    return undefined;
  }
  const [from, to] = w.direction === "after" ? [anchor.path, "at"] : ["at", anchor.path];
  if (w.calendar) {
    if (fromTable !== undefined) {
      err(ctx, "type/invalid-duration", "a table's durations are elapsed time, not calendar days", w.range);
      return undefined;
    }
    if (w.unit !== "day" && w.unit !== "week") {
      err(ctx, "type/invalid-duration", "calendar durations count days or weeks", w.range);
      return undefined;
    }
    ctx.usesCalendar = true;
    return atom(ctx, w, [anchor], { fact: "calendarDays", params: { from, to, zone: ctx.timezone }, operator: w.comparator, value: w.amount * (w.unit === "week" ? 7 : 1) });
  }
  return atom(ctx, w, [anchor], { fact: "elapsed", params: { from, to }, operator: w.comparator, value: fromTable ?? w.amount * DURATION_UNITS[w.unit] });
}

function condition(ctx: Context, c: A.Condition): CheckedCondition | undefined {
  switch (c.kind) {
    case "and":
    case "or": {
      const left = condition(ctx, c.left);
      const right = condition(ctx, c.right);
      if (!left || !right) return undefined;
      const kind = c.kind === "and" ? "all" : "any";
      const flat = (x: CheckedCondition) => (x.kind === kind ? x.items : [x]);
      return { kind, items: [...flat(left), ...flat(right)] };
    }
    case "not": {
      const operand = condition(ctx, c.operand);
      return operand && { kind: "not", operand };
    }
    case "reference": {
      const def = ctx.conditions.get(c.name.value);
      if (!def) {
        const suggestion = closest(c.name.value, ctx.conditions.keys());
        err(ctx, "name/unknown-condition", `no condition is defined as "${c.name.value}"`, c.range, suggestion ? `did you mean "${suggestion}"?` : 'define it with `define "name" as <condition>`');
        return undefined;
      }
      if (ctx.expanding.includes(c.name.value)) {
        err(ctx, "name/cyclic-definition", `"${c.name.value}" is defined in terms of itself`, c.range);
        return undefined;
      }
      if (ctx.expanding.length >= limit("definitionDepth")) {
        err(ctx, "limit/too-deep", `named conditions refer to each other more than ${limit("definitionDepth")} levels deep`, c.range);
        return undefined;
      }
      ctx.expanding.push(c.name.value);
      const out = condition(ctx, def.condition);
      ctx.expanding.pop();
      return out;
    }
    case "window":
      return windowCondition(ctx, c);
    case "comparison":
      return comparison(ctx, c);
  }
}

// ---- money ---------------------------------------------------------------------------------------

type Typed = { expr: MoneyExpr; type: "money" | "number" };

function moneyExpr(ctx: Context, e: A.MoneyExpr): Typed | undefined {
  switch (e.kind) {
    case "number":
      if (!Number.isInteger(e.value)) {
        err(ctx, "type/fractional-number", `\`${e.text}\`: use whole numbers in amounts (for a share, use a percentage: \`50% of ...\`)`, e.range);
        return undefined;
      }
      return { expr: { number: e.value }, type: "number" };
    case "money": {
      const m = money(ctx, e);
      return m === undefined ? undefined : { expr: { money: m }, type: "money" };
    }
    case "moneySet": {
      const amounts = moneySet(ctx, e);
      return amounts && { expr: { moneyIn: amounts }, type: "money" };
    }
    case "path": {
      const name = pathText(e);
      if (name === "item") return { expr: { field: "item.value" }, type: "money" };
      const field = resolveField(ctx, e);
      if (!field) return undefined;
      if (field.type === "money") return { expr: { field: field.path }, type: "money" };
      if (field.type === "integer" || field.type === "number") return { expr: { field: field.path }, type: "number" };
      err(ctx, "type/not-a-number", `\`${name}\` is ${describeType(field)}; an amount needs money or a number`, e.range);
      return undefined;
    }
    case "elapsedUnits": {
      const from = resolveField(ctx, e.from);
      const to = resolveField(ctx, e.to);
      if (!from || !to) return undefined;
      for (const [f, p] of [[from, e.from], [to, e.to]] as const) {
        if (f.type !== "timestamp") {
          err(ctx, "type/mismatch", `\`${pathText(p)}\` is ${describeType(f)}, not a date-time`, p.range);
          return undefined;
        }
      }
      if (!Number.isSafeInteger(e.size) || e.size < 1) {
        err(ctx, "type/invalid-duration", `a period is a whole number of ${e.unit}s, at least 1`, e.range);
        return undefined;
      }
      const elapsed: { from: string; to: string; unit: number; started?: true } = { from: from.path, to: to.path, unit: DURATION_UNITS[e.unit] * e.size };
      if (e.count === "started") elapsed.started = true;
      return { expr: { elapsed }, type: "number" };
    }
    case "tableRef": {
      const table = tableOf(ctx, e.name, ["money", "percent"]);
      if (!table) return undefined;
      if (table.kind === "percent") {
        err(ctx, "type/mismatch", `table "${e.name.value}" holds percentages: write \`"${e.name.value}" of item\``, e.range);
        return undefined;
      }
      const types = new Set([...table.rows.map(([, c]) => c), table.otherwise].map((c) => ("expr" in c ? c.type : "number")));
      if (types.size > 1) {
        err(ctx, "type/money-plus-number", `table "${e.name.value}" mixes money and plain numbers`, e.range);
        return undefined;
      }
      return { expr: tableAmount(table), type: types.has("money") ? "money" : "number" };
    }
    case "extreme": {
      const first = moneyExpr(ctx, e.first);
      const second = moneyExpr(ctx, e.second);
      if (!first || !second) return undefined;
      if (first.type !== second.type) {
        err(ctx, "type/money-plus-number", `the ${e.which} of money and a plain number: compare like with like`, e.range);
        return undefined;
      }
      const pair: [MoneyExpr, MoneyExpr] = [first.expr, second.expr];
      return { expr: e.which === "smaller" ? { min: pair } : { max: pair }, type: first.type };
    }
    case "binary": {
      const left = moneyExpr(ctx, e.left);
      const right = moneyExpr(ctx, e.right);
      if (!left || !right) return undefined;
      const pair: [MoneyExpr, MoneyExpr] = [left.expr, right.expr];
      if (e.op === "+" || e.op === "-") {
        if (left.type !== right.type) {
          err(ctx, "type/money-plus-number", "cannot add or subtract money and a plain number; write the number as money (e.g. USD 5.00)", e.range);
          return undefined;
        }
        return { expr: e.op === "+" ? { add: pair } : { sub: pair }, type: left.type };
      }
      if (e.op === "*") {
        if (left.type === "money" && right.type === "money") {
          err(ctx, "type/money-times-money", "cannot multiply money by money", e.range);
          return undefined;
        }
        return { expr: { mul: pair }, type: left.type === "money" || right.type === "money" ? "money" : "number" };
      }
      if (right.type === "money") {
        err(ctx, "type/divide-by-money", "divide money by a number, not by money", e.range);
        return undefined;
      }
      return { expr: { div: pair }, type: left.type };
    }
  }
}

function moneyAmount(ctx: Context, e: A.MoneyExpr): MoneyExpr | undefined {
  const typed = moneyExpr(ctx, e);
  if (typed && typed.type !== "money") {
    err(ctx, "type/not-money", `\`${textOf(ctx, e.range)}\` is a plain number, not money; use a money field, \`item\`, or an amount such as ${ctx.currency} 5.00`, e.range);
    return undefined;
  }
  return typed?.expr;
}

// ---- templates -----------------------------------------------------------------------------------

function template(ctx: Context, t: A.Text): Template | undefined {
  const parts: TemplatePart[] = [];
  const raw = t.value;
  let ok = true;
  let textBuffer = "";
  const flush = () => {
    if (textBuffer) parts.push({ text: textBuffer });
    textBuffer = "";
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === "{" && raw[i + 1] === "{") { textBuffer += "{"; i++; continue; }
    if (ch === "}" && raw[i + 1] === "}") { textBuffer += "}"; i++; continue; }
    if (ch !== "{") { textBuffer += ch; continue; }
    const end = raw.indexOf("}", i);
    const name = end === -1 ? "" : raw.slice(i + 1, end).trim();
    // The string token starts with a quote, so character i of the value is at column + 1 + i.
    const column = t.range.start.column + 1 + i;
    const range: SourceRange = { start: { ...t.range.start, column, offset: t.range.start.offset + 1 + i }, end: { ...t.range.start, column: column + (end === -1 ? 1 : end - i + 1), offset: t.range.start.offset + 2 + (end === -1 ? i : end) } };
    if (end === -1) {
      err(ctx, "syntax/unclosed-placeholder", "this `{` has no closing `}` (write `{{` for a brace)", range);
      ok = false;
      break;
    }
    flush();
    if (name === "refund" || name === "refund.item") parts.push({ refund: "item" });
    else if (name === "refund.total") parts.push({ refund: "total" });
    else if (name === "refund.timeline") parts.push({ refund: "timeline" });
    else {
      const path: A.Path = { kind: "path", segments: name.split("."), range };
      const field = /^[A-Za-z_][\w-]*(\.[A-Za-z_]\w*)*$/.test(name) ? resolveField(ctx, path) : undefined;
      if (!field && !/^[A-Za-z_][\w-]*(\.[A-Za-z_]\w*)*$/.test(name)) err(ctx, "name/unknown-field", `\`{${name}}\` is not a field`, range);
      if (!field) ok = false;
      else parts.push({ field: field.path, format: field.type === "money" ? "money" : field.type === "timestamp" ? "date" : "text" });
    }
    i = end;
  }
  flush();
  if (ok && parts.length > limit("messageParts")) {
    err(ctx, "limit/too-complex", `this text has ${parts.length} parts (texts and placeholders); the limit is ${limit("messageParts")}`, t.range, "split it, or use fewer placeholders");
    return undefined;
  }
  return ok ? parts : undefined;
}

// ---- outcomes ------------------------------------------------------------------------------------

interface Assembled {
  refund?: { amount: MoneyExpr; range: SourceRange };
  deductions: Deduction[];
  plusShipping: boolean;
  cap?: MoneyExpr;
  method?: { method: "original_payment" | "store_credit"; bonusBp?: number };
  returnShipping?: "customer" | "merchant" | "elsewhere";
  keepItem: boolean;
  replacement: boolean;
  actions: ActionSpec[];
  message?: Template;
  note?: string;
  timeline?: RefundTimeline;
  adjustable?: { low: MoneyExpr; high: MoneyExpr; range: SourceRange };
  shippingCap?: MoneyExpr;
  additions: RefundAddition[];
  moneyClauses: SourceRange[];
}

const nothingAssembled = (): Assembled => ({ deductions: [], plusShipping: false, keepItem: false, replacement: false, actions: [], additions: [], moneyClauses: [] });

function refundAmount(ctx: Context, a: A.Amount): MoneyExpr | undefined {
  if (a.kind === "rounded") return rounded(ctx, a.rounding, refundAmount(ctx, a.amount));
  if (a.kind === "tableShareOf") {
    const table = tableOf(ctx, a.table, ["percent"]);
    const of = moneyAmount(ctx, a.of);
    if (!table || !of) return undefined;
    const bp = (c: TableCell) => ("bp" in c ? c.bp : 0);
    return { tableShare: { field: table.key.path, rows: table.rows.map(([k, c]) => [k, bp(c)]), otherwise: bp(table.otherwise), of } };
  }
  if (a.kind !== "percentOf") return moneyAmount(ctx, a);
  const bp = percent(ctx, a.percent);
  const of = moneyAmount(ctx, a.of);
  return bp === undefined || !of ? undefined : { percent: { bp, of } };
}

/** An amount with its rounding (`rounded down to USD 1.00`), or as it is without one. */
function rounded(ctx: Context, r: A.Rounding | undefined, expr: MoneyExpr | undefined): MoneyExpr | undefined {
  if (!r || !expr) return expr;
  const out: { mode: RoundingMode; of: MoneyExpr; to?: MoneyExpr } = { mode: r.mode, of: expr };
  if (r.to) {
    const to = moneyAmount(ctx, r.to);
    if (!to) return undefined;
    if ("money" in to && to.money <= 0) {
      err(ctx, "type/invalid-rounding", "an amount is rounded to a multiple of a positive amount, such as USD 1.00", r.to.range);
      return undefined;
    }
    out.to = to;
  }
  return { round: out };
}

function assembleClauses(ctx: Context, clauses: A.Clause[], owner: string): Assembled {
  const into = nothingAssembled();
  const seen = new Map<string, SourceRange>();
  const once = (kind: string, range: SourceRange) => {
    const before = seen.get(kind);
    if (before) err(ctx, "type/duplicate-clause", `this outcome already has a \`${kind}\` clause (line ${before.start.line})`, range);
    seen.set(kind, range);
  };
  // `up to` caps the clause it follows: the refund (its deductions between), `plus shipping`, or an addition.
  let capTarget: "refund" | "shipping" | RefundAddition | "none" | undefined;
  clauses.forEach((c, index) => {
    if (c.kind !== "cap" && c.kind !== "deduction") capTarget = c.kind === "refund" ? "refund" : c.kind === "plusShipping" ? "shipping" : c.kind === "addition" ? capTarget : "none";
    switch (c.kind) {
      case "refund": {
        once("refund", c.range);
        into.moneyClauses.push(c.range);
        const amount = refundAmount(ctx, c.amount);
        if (amount) into.refund = { amount, range: c.range };
        break;
      }
      case "adjustable": {
        once("adjustable between", c.range);
        into.moneyClauses.push(c.range);
        const low = refundAmount(ctx, c.low);
        const high = refundAmount(ctx, c.high);
        if (low && high) into.adjustable = { low, high, range: c.range };
        break;
      }
      case "timeline": {
        once("refund within", c.range);
        if (!Number.isSafeInteger(c.amount) || c.amount < 1) err(ctx, "type/invalid-duration", "a refund timeline is a whole number of at least 1", c.range);
        else if (c.business && c.unit !== "day") err(ctx, "type/invalid-duration", "`business` counts days: write `within 5 business days`", c.range);
        else into.timeline = { amount: c.amount, unit: c.unit, business: c.business };
        break;
      }
      case "replacement":
        once("replace the item", c.range);
        into.replacement = true;
        break;
      case "deduction": {
        into.moneyClauses.push(c.range);
        let amount: MoneyExpr | undefined;
        if (c.shareTable && c.base) amount = refundAmount(ctx, { kind: "tableShareOf", table: c.shareTable, of: c.base, range: c.range });
        else if (c.percent) {
          const bp = percent(ctx, c.percent);
          const of = c.base ? moneyAmount(ctx, c.base) : ({ field: "item.value" } as MoneyExpr);
          if (bp !== undefined && of) amount = { percent: { bp, of } };
        } else if (c.fixed) amount = moneyAmount(ctx, c.fixed);
        amount = rounded(ctx, c.rounding, amount);
        if (!amount) break;
        checkName(ctx, c.label, "label");
        const d: Deduction = { label: c.label.value, amount, scope: c.scope, range: toTuple(c.range) };
        if (c.when) {
          const cond = condition(ctx, c.when);
          if (!cond) break;
          const id = `${owner}#${index}`;
          ctx.clauses.set(id, { id, condition: cond });
          d.when = id;
        }
        into.deductions.push(d);
        break;
      }
      case "plusShipping":
        once("plus shipping", c.range);
        into.moneyClauses.push(c.range);
        into.plusShipping = true;
        break;
      case "addition": {
        into.moneyClauses.push(c.range);
        checkName(ctx, c.label, "label");
        const amount = rounded(ctx, c.rounding, moneyAmount(ctx, c.amount));
        if (into.additions.some((a) => a.label === c.label.value)) err(ctx, "type/duplicate-clause", `this outcome already adds "${c.label.value}"`, c.label.range);
        else if (amount) {
          const addition: RefundAddition = { label: c.label.value, amount, range: toTuple(c.range) };
          into.additions.push(addition);
          capTarget = addition;
        } else capTarget = "none";
        break;
      }
      case "cap": {
        into.moneyClauses.push(c.range);
        const cap = rounded(ctx, c.rounding, moneyAmount(ctx, c.amount));
        // At the start of a rule's clauses (refining named terms), `up to` caps the refund, as it always did.
        const target = capTarget ?? "refund";
        if (target === "none") {
          err(ctx, "type/misplaced-clause", "`up to` caps what it follows: write it right after `refund ...`, `plus shipping` or `plus ... \"label\"`", c.range);
          break;
        }
        if (target === "refund") {
          once("up to", c.range);
          if (cap) into.cap = cap;
        } else if (target === "shipping") {
          once("plus shipping up to", c.range);
          if (cap) into.shippingCap = cap;
        } else if (target.cap) err(ctx, "type/duplicate-clause", `"${target.label}" already has a cap`, c.range);
        else if (cap) target.cap = cap;
        break;
      }
      case "method": {
        once("as", c.range);
        into.moneyClauses.push(c.range);
        const m: Assembled["method"] = { method: c.method };
        if (c.bonus) {
          const bp = percent(ctx, c.bonus);
          if (bp !== undefined) m.bonusBp = bp;
        }
        into.method = m;
        break;
      }
      case "returnShipping":
        once("return shipping", c.range);
        into.returnShipping = c.payer;
        break;
      case "keepItem":
        into.keepItem = true;
        break;
      case "action": {
        const a: ActionSpec = { type: c.action };
        if (c.message) {
          const t = template(ctx, c.message);
          if (t) a.message = t;
        }
        if (c.channel) a.channel = c.channel;
        if (!into.actions.some((x) => sameAction(x, a))) into.actions.push(a);
        break;
      }
      case "message": {
        once("message", c.range);
        const t = template(ctx, c.text);
        if (t) into.message = t;
        break;
      }
      case "note":
        once("note", c.range);
        into.note = c.text.value;
        break;
    }
  });
  return into;
}

function sameAction(a: ActionSpec, b: ActionSpec): boolean {
  return a.type === b.type && a.channel === b.channel && JSON.stringify(a.message) === JSON.stringify(b.message);
}

/**
 * One layer of clauses refining another: terms, then the outcome's own clauses, then an option's. A
 * single-valued clause in the later layer replaces the earlier one; deductions and actions add up.
 */
function refine(base: Assembled, own: Assembled): Assembled {
  const singles = Object.fromEntries(Object.entries(own).filter(([k, v]) => v !== undefined && !["deductions", "actions", "additions", "moneyClauses", "plusShipping", "keepItem", "replacement"].includes(k)));
  return {
    ...base,
    ...singles,
    deductions: [...base.deductions, ...own.deductions],
    additions: [...base.additions.filter((a) => !own.additions.some((b) => b.label === a.label)), ...own.additions],
    actions: [...base.actions, ...own.actions.filter((a) => !base.actions.some((b) => sameAction(a, b)))],
    plusShipping: base.plusShipping || own.plusShipping,
    keepItem: base.keepItem || own.keepItem,
    replacement: base.replacement || own.replacement,
    moneyClauses: [...base.moneyClauses, ...own.moneyClauses],
  };
}

/** The clauses of `with "terms"`, assembled (once per use: their gated deductions get the terms' own id). */
function termsLayer(ctx: Context, name: A.Text | undefined): Assembled {
  if (!name) return nothingAssembled();
  const terms = ctx.terms.get(name.value);
  if (!terms) {
    const suggestion = closest(name.value, ctx.terms.keys());
    err(ctx, "name/unknown-terms", `no terms are defined as "${name.value}"`, name.range, suggestion ? `did you mean "${suggestion}"?` : 'define them with `define terms "name" as ...`');
    return nothingAssembled();
  }
  // The terms' own mistakes are reported once, where they are defined.
  const diagnostics = ctx.diagnostics;
  ctx.diagnostics = [];
  const layer = assembleClauses(ctx, terms.clauses, ctx.termsIds.get(name.value)!);
  ctx.diagnostics = diagnostics;
  return layer;
}

/** Where an outcome stands: which clauses it may hold. */
type Place = "outcome" | "option" | "approved" | "declined" | "terms";

function specOf(ctx: Context, decision: OutcomeSpec["decision"], merged: Assembled, own: Assembled, range: SourceRange, place: Place): OutcomeSpec {
  if (merged.deductions.length > limit("deductionsPerRefund")) err(ctx, "limit/too-complex", `this outcome has ${merged.deductions.length} deductions; the limit is ${limit("deductionsPerRefund")}`, range);
  if (merged.actions.length > limit("actionsPerOutcome")) err(ctx, "limit/too-complex", `this outcome has ${merged.actions.length} actions; the limit is ${limit("actionsPerOutcome")}`, range);
  const spec: OutcomeSpec = { decision, keepItem: merged.keepItem, actions: merged.actions };
  if (merged.adjustable && place !== "approved" && place !== "terms") {
    err(ctx, "type/misplaced-clause", "only a reviewer adjusts an amount: `adjustable between` belongs under `if approved`", merged.adjustable.range);
  }
  if (decision !== "approve") {
    const what = place === "declined" ? "a declined review" : `a ${decision}`;
    for (const r of own.moneyClauses) err(ctx, "type/refund-not-allowed", `${what} refunds nothing; money clauses belong to an approve${decision === "review" ? " (for a review: under `if approved`)" : ""}`, r);
  } else if (merged.refund) {
    const refund: RefundTerms = { amount: merged.refund.amount, deductions: merged.deductions, plusShipping: merged.plusShipping, method: merged.method?.method ?? "original_payment" };
    if (merged.cap) refund.cap = merged.cap;
    if (merged.method?.bonusBp !== undefined) refund.bonusBp = merged.method.bonusBp;
    if (merged.adjustable && (place === "approved" || place === "terms")) refund.adjustable = { low: merged.adjustable.low, high: merged.adjustable.high };
    if (merged.shippingCap) refund.shippingCap = merged.shippingCap;
    if (merged.additions.length) refund.additions = merged.additions;
    spec.refund = refund;
  } else if (merged.deductions.length || merged.plusShipping || merged.cap || merged.method || merged.adjustable || merged.additions.length) {
    err(ctx, "type/missing-refund", "deductions, shipping, caps, methods and bounds apply to a refund: add `refund ...`", merged.moneyClauses[0] ?? range);
  }
  if (merged.timeline) spec.timeline = merged.timeline;
  if (merged.replacement) {
    if (decision === "approve") {
      spec.replacement = true;
      if (!spec.actions.some((a) => a.type === "send_replacement")) spec.actions = [...spec.actions, { type: "send_replacement" }];
    }
  }
  if (merged.returnShipping) spec.returnShipping = merged.returnShipping;
  if (merged.message) spec.message = merged.message;
  if (merged.note) spec.note = merged.note;
  return spec;
}

function reasonOf(ctx: Context, spec: OutcomeSpec, reason: A.Text | undefined): void {
  if (!reason) return;
  if (spec.decision === "approve") err(ctx, "type/reason-on-approve", "a text right after `approve` has no meaning; use `message \"...\"` for the customer", reason.range);
  else {
    const t = template(ctx, reason);
    if (t) spec.reason = t;
  }
}

function outcome(ctx: Context, o: A.OutcomeNode, owner: string, place: Place = "outcome"): OutcomeSpec {
  const own = assembleClauses(ctx, o.clauses, owner);
  const merged = refine(termsLayer(ctx, o.terms), own);
  const spec = specOf(ctx, o.decision, merged, own, o.range, place);
  if (own.replacement && o.decision !== "approve") err(ctx, "type/misplaced-clause", `a ${o.decision} sends nothing: \`replace the item\` belongs to an approve`, o.clauses.find((c) => c.kind === "replacement")!.range);
  reasonOf(ctx, spec, o.reason);
  if (o.terms) spec.terms = o.terms.value;

  if (o.offers.length && o.decision !== "approve") {
    err(ctx, "type/misplaced-clause", `options are choices offered with an approval; a ${o.decision} offers none${o.decision === "review" ? " (a review states what an approval gives under `if approved`)" : ""}`, o.offers[0]!.range);
  } else if (o.offers.length) {
    if (o.offers.length > limit("optionsPerOutcome")) err(ctx, "limit/too-complex", `this approval offers ${o.offers.length} options; the limit is ${limit("optionsPerOutcome")}`, o.offers[limit("optionsPerOutcome")]!.range);
    const labels = new Map<string, SourceRange>();
    let defaultAt: SourceRange | undefined;
    spec.options = o.offers.map((offer, k) => {
      checkName(ctx, offer.label, "option label");
      const before = labels.get(offer.label.value);
      if (before) err(ctx, "name/duplicate-option", `this outcome already offers "${offer.label.value}" (line ${before.start.line})`, offer.label.range);
      labels.set(offer.label.value, offer.label.range);
      if (offer.isDefault && defaultAt) err(ctx, "type/duplicate-clause", `only one option is the default (line ${defaultAt.start.line} is already)`, offer.range);
      if (offer.isDefault) defaultAt ??= offer.range;
      const layer = assembleClauses(ctx, offer.clauses, `${owner}/o${k}`);
      const optionSpec = specOf(ctx, "approve", refine(refine(merged, termsLayer(ctx, offer.terms)), layer), layer, offer.range, "option");
      if (offer.terms) optionSpec.terms = offer.terms.value;
      else if (spec.terms) optionSpec.terms = spec.terms;
      return { label: offer.label.value, default: false, range: toTuple(offer.range), outcome: optionSpec };
    });
    // Without a `default`, the first option is the one a customer who does not choose gets.
    const chosen = spec.options.find((_, k) => o.offers[k]!.isDefault) ?? spec.options[0]!;
    chosen.default = true;
  }

  const seen = new Map<string, SourceRange>();
  for (const [k, branch] of o.branches.entries()) {
    if (o.decision !== "review") {
      err(ctx, "type/misplaced-clause", `\`if ${branch.verdict}\` follows a reviewer's verdict; only a review has one`, branch.range);
      continue;
    }
    const before = seen.get(branch.verdict);
    if (before) err(ctx, "type/duplicate-clause", `this review already says what happens \`if ${branch.verdict}\` (line ${before.start.line})`, branch.range);
    seen.set(branch.verdict, branch.range);
    const decision = branch.verdict === "approved" ? "approve" : "deny";
    const layer = assembleClauses(ctx, branch.clauses, `${owner}/v${k}`);
    // A branch stands alone: the review's own clauses (a "we are looking at it" notice) are for the wait.
    const branchSpec = specOf(ctx, decision, refine(termsLayer(ctx, branch.terms), layer), layer, branch.range, branch.verdict);
    if (layer.replacement && decision !== "approve") err(ctx, "type/misplaced-clause", "a declined review sends nothing: `replace the item` belongs under `if approved`", branch.clauses.find((c) => c.kind === "replacement")!.range);
    reasonOf(ctx, branchSpec, branch.reason);
    if (branch.terms) branchSpec.terms = branch.terms.value;
    const b = { range: toTuple(branch.range), outcome: branchSpec };
    if (decision === "approve") spec.ifApproved = b;
    else spec.ifDeclined = b;
  }
  return spec;
}

// ---- the policy ----------------------------------------------------------------------------------

export interface CheckOptions {
  /** Name of the policy file, recorded in the artifact and in decisions. */
  source?: string;
  /** The merchant's custom fields (see custom-fields.ts), already read. */
  customFields?: readonly FieldSpec[];
}

/** Checks a parsed policy against the field table. */
export function checkPolicy(file: A.PolicyFile, text: string, options: CheckOptions = {}): Staged<CheckedPolicy> {
  const diagnostics: Diagnostic[] = [];
  const start: SourceRange = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  const header = file.header;
  if (!header) {
    diagnostics.push(error("policy/missing-header", 'a policy starts with `policy "Name" for returns` (or cancellations, refunds)', { range: file.items[0]?.range ?? start }));
    return { value: undefined, diagnostics };
  }
  const kind = KINDS[header.policyKind.name];
  if (!kind) diagnostics.push(error("policy/unknown-kind", `\`${header.policyKind.name}\` is not a policy kind: write returns, cancellations or refunds`, { range: header.policyKind.range }));
  const settings = new Map<string, A.Setting>();
  for (const s of header.settings) {
    if (settings.has(s.kind)) diagnostics.push(error("policy/duplicate-setting", `the policy already sets its ${s.kind}`, { range: s.range }));
    settings.set(s.kind, s);
  }
  const currencySetting = settings.get("currency") as (A.Setting & { kind: "currency" }) | undefined;
  const currency = currencySetting?.code.name ?? "";
  const currencies: string[] = [];
  if (!currencySetting) diagnostics.push(error("policy/missing-currency", "the policy must say its currency, e.g. `currency USD`", { range: header.range }));
  else {
    for (const code of [currencySetting.code, ...currencySetting.others]) {
      if (!isCurrency(code.name)) diagnostics.push(error("type/unknown-currency", `\`${code.name}\` is not an ISO 4217 currency code`, { range: code.range }));
      else if (currencies.includes(code.name)) diagnostics.push(error("policy/duplicate-setting", `${code.name} is already a currency of the policy`, { range: code.range }));
      else currencies.push(code.name);
    }
  }
  const zoneSetting = settings.get("timezone") as (A.Setting & { kind: "timezone" }) | undefined;
  const timezone = zoneSetting?.zone.value ?? "UTC";
  if (zoneSetting && !isTimeZone(timezone)) diagnostics.push(error("type/unknown-timezone", `"${timezone}" is not an IANA time zone such as "America/New_York"`, { range: zoneSetting.zone.range }));
  const localeSetting = settings.get("locale") as (A.Setting & { kind: "locale" }) | undefined;
  const locale = localeSetting?.locale.value ?? "en-US";
  if (localeSetting) {
    try {
      new Intl.NumberFormat(locale);
    } catch {
      diagnostics.push(error("type/unknown-locale", `"${locale}" is not a locale such as "en-US" or "zh-CN"`, { range: localeSetting.locale.range }));
    }
  }

  const ctx: Context = {
    source: text, diagnostics, currency, currencies, timezone, timezoneGiven: !!zoneSetting,
    conditions: new Map(), terms: new Map(), tables: new Map(), brokenTables: new Set(), termsIds: new Map(), expanding: [], clauses: new Map(), usesCalendar: false,
    fields: options.customFields?.length ? new Map([...FIELD_BY_PATH, ...options.customFields.map((f) => [f.path, f] as const)]) : FIELD_BY_PATH,
  };
  checkName(ctx, header.name, "policy name");
  const fieldsSetting = settings.get("fields") as (A.Setting & { kind: "fields" }) | undefined;
  if (fieldsSetting && !options.customFields) {
    err(ctx, "fields/not-found", `this policy is written against the fields in "${fieldsSetting.file.value}", which were not found`, fieldsSetting.file.range, "the path is relative to the policy's folder; from code, pass the file's content as customFields");
  }
  for (const item of file.items) {
    if (item.kind === "tableDefinition") {
      checkName(ctx, item.name, "table's name");
      if (ctx.tables.has(item.name.value) || ctx.conditions.has(item.name.value) || ctx.terms.has(item.name.value)) err(ctx, "name/duplicate-definition", `"${item.name.value}" is already defined`, item.name.range);
      else {
        const table = checkTable(ctx, item);
        // A table with mistakes (reported) is still known by name, so its uses are not reported as unknown.
        if (table) ctx.tables.set(item.name.value, table);
        else ctx.brokenTables.add(item.name.value);
      }
    }
    if (item.kind === "conditionDefinition" || item.kind === "termsDefinition") {
      checkName(ctx, item.name, item.kind === "conditionDefinition" ? "definition's name" : "terms' name");
      const table: Map<string, A.ConditionDefinition | A.TermsDefinition> = item.kind === "conditionDefinition" ? ctx.conditions : ctx.terms;
      if (table.has(item.name.value)) err(ctx, "name/duplicate-definition", `"${item.name.value}" is already defined`, item.name.range);
      else {
        table.set(item.name.value, item as never);
        if (item.kind === "termsDefinition") ctx.termsIds.set(item.name.value, `terms${ctx.termsIds.size}`);
      }
    }
  }
  // Check every definition once on its own, so mistakes in one that no rule uses are still reported.
  for (const def of ctx.conditions.values()) {
    ctx.expanding = [def.name.value];
    condition(ctx, def.condition);
    ctx.expanding = [];
  }
  ctx.clauses = new Map();
  for (const def of ctx.terms.values()) outcome(ctx, { kind: "outcome", decision: "approve", clauses: def.clauses, offers: [], branches: [], range: def.range }, ctx.termsIds.get(def.name.value)!, "terms");

  const effectiveOf = (e: A.EffectiveFrom): string | undefined => {
    const d = e.date;
    if (d.precision === "instant") {
      const ms = parseInstant(d.text);
      if (ms === undefined) err(ctx, "type/invalid-date", `\`${d.text}\` is not a valid date-time`, d.range);
      return ms === undefined ? undefined : new Date(ms).toISOString();
    }
    const [y, m, day] = d.text.split("-").map(Number) as [number, number, number];
    if (dateValueOf(ctx, d) === undefined) return undefined;
    return new Date(instantFromLocal({ year: y, month: m, day, hour: 0, minute: 0, second: 0 }, timezone)).toISOString();
  };

  // Group rules into versions.
  const headerEffective = settings.get("effective") as A.EffectiveFrom | undefined;
  const groups: { line?: A.VersionLine; items: (A.Rule | A.Otherwise)[] }[] = [];
  const hasVersions = file.items.some((i) => i.kind === "version");
  if (hasVersions && headerEffective) err(ctx, "policy/conflicting-effective", "with `version` sections, each version says its own `effective from`", headerEffective.range);
  if (!hasVersions) groups.push({ items: [] });
  for (const item of file.items) {
    if (item.kind === "version") groups.push({ line: item, items: [] });
    else if (item.kind === "rule" || item.kind === "otherwise") {
      if (!groups.length) {
        err(ctx, "policy/rule-outside-version", "rules come after a `version` line once the policy has versions", item.range);
        continue;
      }
      groups[groups.length - 1]!.items.push(item);
    }
  }

  const versions: CheckedVersion[] = [];
  const versionNames = new Set<string>();
  groups.forEach((group, gi) => {
    const id = group.line?.name.value ?? "1";
    if (group.line) checkName(ctx, group.line.name, "version name");
    if (group.line && versionNames.has(id)) err(ctx, "name/duplicate-version", `version "${id}" is already defined`, group.line.name.range);
    versionNames.add(id);
    const effective = group.line ? group.line.effective : headerEffective;
    if (group.line && !effective && gi > 0) err(ctx, "policy/missing-effective", `version "${id}" needs \`effective from <date>\` (only the first version may go without)`, group.line.range);
    const effectiveFrom = effective ? effectiveOf(effective) ?? null : null;
    ctx.clauses = new Map();
    const rules: CheckedRule[] = [];
    const ruleNames = new Map<string, SourceRange>();
    let otherwiseSeen: SourceRange | undefined;
    group.items.forEach((item, index) => {
      if (otherwiseSeen) {
        diagnostics.push(warning("lint/unreachable-rule", item.kind === "otherwise" ? "a second `otherwise` can never apply" : `rule "${(item as A.Rule).name.value}" comes after \`otherwise\` and can never apply`, { range: item.range }));
        return;
      }
      if (item.kind === "otherwise") {
        otherwiseSeen = item.range;
        rules.push({ name: "otherwise", otherwise: true, range: toTuple(item.range), outcome: outcome(ctx, item.outcome, "otherwise") });
        return;
      }
      checkName(ctx, item.name, "rule name");
      const before = ruleNames.get(item.name.value);
      if (before) err(ctx, "name/duplicate-rule", `another rule is already named "${item.name.value}" (line ${before.start.line})`, item.name.range);
      ruleNames.set(item.name.value, item.name.range);
      const checked: CheckedRule = { name: item.name.value, otherwise: false, range: toTuple(item.range), outcome: outcome(ctx, item.outcome, `rule${index}`) };
      if (item.when) {
        const c = condition(ctx, item.when);
        if (c) checked.condition = c;
      }
      rules.push(checked);
    });
    if (!otherwiseSeen) {
      const where = group.line?.range ?? group.items[group.items.length - 1]?.range ?? header.range;
      diagnostics.push(error("lint/missing-otherwise", `${group.line ? `version "${id}"` : "the policy"} needs an \`otherwise\` clause saying what happens when no rule applies`, { range: where }));
    }
    versions.push({ id, effectiveFrom, rules, clauses: [...ctx.clauses.values()] });
  });
  if (ctx.usesCalendar && !ctx.timezoneGiven) {
    diagnostics.push(error("type/missing-timezone", 'calendar dates are read in the policy\'s time zone: add `timezone "Area/City"` to the header', { range: header.range }));
  }
  const seenEffective = new Map<string, string>();
  for (const v of versions) {
    if (v.effectiveFrom && seenEffective.has(v.effectiveFrom)) diagnostics.push(error("policy/duplicate-effective", `versions "${seenEffective.get(v.effectiveFrom)}" and "${v.id}" take effect at the same time`, { range: header.range }));
    if (v.effectiveFrom) seenEffective.set(v.effectiveFrom, v.id);
  }
  if (!kind || diagnostics.some((d) => d.severity === "error")) return { value: undefined, diagnostics };
  const checked: CheckedPolicy = { name: header.name.value, kind, currency, timezone, locale, versions };
  if (currencies.length > 1) checked.currencies = currencies;
  const own = options.customFields?.filter((f) => !f.extends) ?? [];
  if (own.length) checked.customFields = own.map((f) => (f.values ? { path: f.path, type: f.type, optional: f.optional, values: f.values } : { path: f.path, type: f.type, optional: f.optional }));
  // A built-in enum with the merchant's own values: the runtime accepts them in events.
  const extended = options.customFields?.filter((f) => f.extends) ?? [];
  if (extended.length) checked.enumValues = Object.fromEntries(extended.map((f) => [f.path, f.values!.filter((v) => !FIELD_BY_PATH.get(f.path)!.values!.includes(v))]));
  return { value: checked, diagnostics };
}

