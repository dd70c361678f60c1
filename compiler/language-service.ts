// Editor help for policy authors: completion and hover. Pure functions over the text, used by the
// playground's worker; no editor types here.

import { KEYWORD_WORDS, UNIT_WORDS, contentAssist, lexer, type TokenGroup } from "../grammar/index.js";
import { FIELDS, FIELD_BY_PATH, TIMESTAMP_ALIASES, type FieldSpec } from "../runtime/index.js";

export interface Completion {
  label: string;
  kind: "keyword" | "field" | "value" | "name" | "unit" | "month";
  detail?: string;
  documentation?: string;
  /** Offset where the text to replace starts (the word being typed). */
  from: number;
}

export interface Hover {
  from: number;
  to: number;
  /** Markdown. */
  contents: string;
}

/** Short documentation of the words of the language, shown on hover and in completion. */
export const KEYWORD_DOCS: Readonly<Record<string, string>> = {
  policy: 'Starts the policy: `policy "Name" for returns` (or cancellations, refunds).',
  currency: "The ISO 4217 currency of every amount in the policy and its events: `currency USD`.",
  timezone: 'The IANA time zone that calendar dates are read in: `timezone "America/New_York"`.',
  locale: 'The locale that formats money and dates in messages: `locale "en-US"`.',
  effective: "`effective from 2026-01-01`: from when the policy (or version) governs orders placed.",
  version: '`version "2026" effective from 2026-01-01`: a version of the policy; the one in force when the order was placed decides.',
  rule: 'A named rule: `rule "Name" when <condition> <outcome>`. Rules are tried in order; the first that matches decides the item.',
  when: "The rule's condition. A rule without `when` always applies.",
  otherwise: "What happens when no rule applies. Every policy needs one.",
  define: '`define "name" as <condition>` names a condition; `define terms "name" as <clauses>` names outcome clauses.',
  terms: 'Named outcome clauses: `define terms "standard" as ...`, used with `approve with "standard"`.',
  approve: "Approves the item. Follow with clauses: `refund ...`, `return shipping paid by ...`, actions, `message`.",
  deny: 'Denies the item: `deny "reason shown to the customer"`.',
  review: 'Sends the item to a person: `review "reason"`. Nothing is refunded until then; adds the `manual_review` action.',
  refund: "How much: `refund 100% of item`, `refund USD 20.00`, `refund 50% of (booking.nights - 1) * booking.nightlyRate`.",
  minus: 'A deduction: `minus 15% "restocking fee" when item.condition is opened`; `once per request` (on the total) or `once per request on the first item`.',
  plus: "`plus shipping`: refund the order's shipping once, on the total.",
  up: "`up to USD 100.00`: caps the item's refund.",
  as: "`as store credit`, `as store credit with 10% bonus`, `as original payment`.",
  within: "`within 30 days of delivery`: at most 30 × 24 h elapsed since the timestamp (inclusive). After `refund`: `refund within 5 business days`, when the money reaches the customer.",
  more: "`more than 30 days after shipment`: strictly more elapsed time than that.",
  less: "`less than 2 hours after purchase`: strictly less elapsed time than that.",
  least: "`at least 14 days before check-in`: the request is that long or longer before the timestamp.",
  most: "`at most 48 hours before event-start`.",
  calendar: "`within 14 calendar days of delivery`: counts local dates in the policy's time zone instead of elapsed time.",
  between: "`x between a and b` (inclusive); `shipment between Nov 1 and Dec 31` for days of any year.",
  present: "`x is present`: the event has the field.",
  absent: "`x is absent`: the event lacks the field. A condition over an absent field is neither true nor false.",
  contains: "`customer.tags contains blocked`: a list field holds the word.",
  in: "`reason in [damaged, defective]`, `order.status not in [delivered]`.",
  is: "`x is value`, `x is not value`, `x is at least 5`, `x is present`.",
  not: "Negates a condition. Over an absent field the result stays unknown and the rule does not apply.",
  and: "Both conditions.",
  or: "Either condition.",
  shipping: "`plus shipping` refunds the order's shipping; `return shipping paid by customer|merchant`.",
  customer: "`customer keeps the item` (returnless refund), `notify customer \"...\"`, or a `customer.` field.",
  keeps: "`customer keeps the item`: a returnless refund.",
  intercept: "`intercept shipment`: ask the carrier to stop the parcel.",
  cancel: "`cancel fulfillment`: stop picking and packing.",
  restock: "`restock`: put the goods back in stock.",
  notify: '`notify customer "message"`: tell the customer, with `{field}` placeholders; `notify customer by email|sms|phone "..."` names the channel.',
  option: '`option "label" [default]`, under an approve: a choice offered to the customer, with its own clauses. The event\'s `request.choice` picks it.',
  default: "`option \"...\" default`: what a customer who does not choose gets (else the first option).",
  if: "`if approved` / `if declined \"reason\"`, under a review: what the reviewer's verdict (the event's `verdict`) leads to.",
  approved: "`if approved`: the terms a reviewer's approval gives.",
  declined: "`if declined \"reason\"`: what a reviewer's decline says and does.",
  adjustable: "`adjustable between 50% of item and 100% of item`, under `if approved`: the amounts a reviewer may settle on per item.",
  replace: "`replace the item`: send a replacement (the `send_replacement` action), with or without a refund.",
  business: "`refund within 5 business days`: the timeline, counted in business days.",
  offer: "`offer alternatives`, `offer store credit`, `offer return`.",
  manual: "`manual review`: flag for a person.",
  message: '`message "..."`: the customer-facing text; `{customer.firstName}`, `{order.id}`, `{refund}`, `{refund.total}`, `{refund.timeline}`.',
  note: '`note "..."`: an internal note for the merchant\'s records.',
  once: "`once per request`: charge a fee once on the total; add `on the first item` to charge it on the first item approved with it.",
  with: '`approve with "terms"`; `as store credit with 10% bonus`.',
};

function describeField(f: FieldSpec): string {
  const type = f.type === "enum" ? `one of ${f.values!.join(", ")}` : f.type;
  return `**${f.path}** — ${type}${f.optional ? ", may be absent" : ""}${f.derived ? ", computed by Proviso" : ""}\n\n${f.doc}${f.alias ? `\n\nAlso written \`${f.alias}\`.` : ""}`;
}

/** The path being compared when the cursor is where its value goes: `order.status is |`, `reason in [a, |`. */
function comparedPath(words: readonly string[]): string | undefined {
  const n = words.length;
  let end: number;
  if (words[n - 1] === "is") end = n - 1;
  else if (words[n - 1] === "not" && words[n - 2] === "is") end = n - 2;
  else {
    const open = words.lastIndexOf("[");
    if (open < 1 || words.slice(open).includes("]") || words[open - 1] !== "in") return undefined;
    end = words[open - 2] === "not" ? open - 2 : open - 1;
  }
  let start = end - 1;
  if (start < 0) return undefined;
  while (start >= 2 && words[start - 1] === ".") start -= 2;
  return words.slice(start, end).join("");
}

/** The words a policy compares a field with (`item.category is shoes`, `item.category in [a, b]`), in order of appearance. */
function valuesWrittenFor(text: string, path: string): string[] {
  const escaped = path.replace(/[.]/g, "\\.");
  const out = new Set<string>();
  for (const m of text.matchAll(new RegExp(`${escaped}\\s+is\\s+(?:not\\s+)?([A-Za-z_][\\w-]*)`, "g"))) {
    if (!["not", "present", "absent", "at", "more", "less", "between", "before", "after"].includes(m[1]!)) out.add(m[1]!);
  }
  for (const m of text.matchAll(new RegExp(`${escaped}\\s+(?:not\\s+)?in\\s+\\[([^\\]]*)\\]`, "g"))) {
    for (const v of m[1]!.split(",")) if (/^\s*[A-Za-z_][\w-]*\s*$/.test(v)) out.add(v.trim());
  }
  return [...out];
}

const TOP_LEVEL = new Set(["Policy", "Rule", "Define", "Version", "Otherwise"]);

/** Completions at an offset: keywords the grammar allows next, fields, enum values, defined names. */
export function completionsAt(text: string, offset: number, fields: readonly FieldSpec[] = FIELDS): Completion[] {
  const before = text.slice(0, offset);
  const word = /[A-Za-z_][\w.-]*$/.exec(before)?.[0] ?? "";
  const from = offset - word.length;
  const tokens = lexer.tokenize(text.slice(0, from)).tokens;
  // Start from the last top-level item, so a syntax error earlier in the file does not matter.
  let start = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (TOP_LEVEL.has(tokens[i]!.tokenType.name)) {
      start = i;
      break;
    }
  }
  const preceding = tokens.slice(start);
  const next = contentAssist(preceding);
  const out: Completion[] = [];
  const seen = new Set<string>();
  const add = (c: Omit<Completion, "from">) => {
    if (seen.has(c.label) || !c.label.toLowerCase().startsWith(word.toLowerCase())) return;
    seen.add(c.label);
    out.push({ ...c, from });
  };

  // Values of the field being compared: `order.status is |`, `reason in [damaged, |`.
  const path = comparedPath(preceding.map((t) => t.image));
  const field = path ? fields.find((f) => f.path === path) ?? FIELD_BY_PATH.get(path) : undefined;
  if (field?.values) for (const v of field.values) add({ label: v, kind: "value", detail: `a value of ${field.path}` });
  if (field?.type === "boolean") for (const v of ["true", "false"]) add({ label: v, kind: "value" });
  // A text field has no fixed values: offer the ones this policy already compares it with.
  if (field?.type === "string") for (const v of valuesWrittenFor(text, field.path)) add({ label: v, kind: "value", detail: `compared with ${field.path} elsewhere in this policy` });

  const groups = new Set(next.map((n) => n.group));
  // After `<field> is`, a value goes there: fields only where one can be compared with another (numbers, money, times).
  const wantsValue = field !== undefined && !["integer", "number", "money", "timestamp"].includes(field.type);
  if (groups.has("identifier") && !wantsValue) {
    for (const f of fields) add({ label: f.path, kind: "field", detail: f.type === "enum" ? "enum" : f.type, documentation: describeField(f) });
    for (const [alias, f] of TIMESTAMP_ALIASES) add({ label: alias, kind: "field", detail: `= ${f.path}`, documentation: describeField(f) });
  }
  for (const n of next) {
    if (n.group === "keyword" || n.group === "soft-keyword") add({ label: n.word, kind: "keyword", ...(KEYWORD_DOCS[n.word] ? { documentation: KEYWORD_DOCS[n.word] } : {}) });
    if (n.group === "unit") for (const u of UNIT_WORDS.filter((w) => w.endsWith("s"))) add({ label: u, kind: "unit" });
    if (n.group === "month") for (const m of ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]) add({ label: m, kind: "month" });
  }
  if (groups.has("string")) {
    for (const m of text.matchAll(/define\s+(?:terms\s+)?"([^"\n]+)"/g)) add({ label: `"${m[1]}"`, kind: "name", detail: "defined above" });
  }
  return out;
}

/** Documentation for the field or keyword under the offset. */
export function hoverAt(text: string, offset: number, fields: readonly FieldSpec[] = FIELDS): Hover | undefined {
  const isWord = (ch: string | undefined) => ch !== undefined && /[\w.-]/.test(ch);
  let from = offset;
  let to = offset;
  while (from > 0 && isWord(text[from - 1])) from--;
  while (to < text.length && isWord(text[to])) to++;
  const word = text.slice(from, to).replace(/^[.-]+|[.-]+$/g, "");
  if (!word) return undefined;
  const field = fields.find((f) => f.path === word) ?? FIELD_BY_PATH.get(word) ?? TIMESTAMP_ALIASES.get(word);
  if (field) return { from, to, contents: describeField(field) };
  const doc = KEYWORD_DOCS[word];
  if (doc && KEYWORD_WORDS.includes(word)) return { from, to, contents: `**${word}** — ${doc}` };
  return undefined;
}

export type { TokenGroup };
