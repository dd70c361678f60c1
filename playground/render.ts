// The decision card, the explanation and the test results, as DOM.

import { actionInWords, formatMoney, itemInWords, limitInWords, listInWords, methodInWords, orderLinesById, type Decision, type OutcomeSummary } from "../runtime/index.js";
import { el } from "./dom.js";

export type GoToLine = (line: number, column?: number) => void;

export function decisionCard(d: Decision, goTo: GoToLine, event?: unknown): HTMLElement {
  const money = (n: number) => formatMoney(n, d.refund.currency, "en-US");
  const lines = orderLinesById(event);
  const itemName = (id: string) => itemInWords(id, lines.get(id));
  const ruleLink = (name: string, line: number) => el("span", { className: "rule-link", title: `line ${line}`, onClick: () => goTo(line) }, `${name} (line ${line})`);
  return el("div", { className: "card", data: { outcome: d.outcome } },
    el("div", { className: "card-head" },
      el("span", { className: `outcome ${d.outcome}` }, d.outcome),
      el("span", { className: "refund-total" }, d.refund.formatted),
      el("span", { className: "hint" }, methodInWords(d.refund.method)),
    ),
    el("div", {}, d.returnShipping === "none" ? "No return shipping" : d.returnShipping === "elsewhere" ? "Return shipping: not this policy's business" : `Return shipping paid by the ${d.returnShipping}`, d.keepItem ? " · the customer keeps the items" : "", ` · policy version ${d.policy.version}`),
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", {}, "item"), el("th", {}, "outcome"), el("th", { className: "money" }, "refund"), el("th", {}, "decided by"), el("th", {}, "breakdown"))),
      el("tbody", {}, ...d.items.map((item) => el("tr", { data: { item: item.id } },
        el("td", {}, itemName(item.id)),
        el("td", {}, item.outcome),
        el("td", { className: "money" }, money(item.refund.amount)),
        el("td", {}, ruleLink(item.rule.name, item.rule.line)),
        el("td", {}, item.outcome === "approve" ? `${money(item.refund.base)}${item.refund.deductions.map((x) => ` − ${money(x.amount)} ${x.label}`).join("")}${item.refund.limitedBy ? ` (${limitInWords(item.refund.limitedBy)})` : ""}` : ""),
      ))),
    ),
    d.refund.breakdown.adjustments.length ? el("ul", {}, ...d.refund.breakdown.adjustments.map((a) => el("li", {}, `${a.amount >= 0 ? "+" : "−"} ${money(Math.abs(a.amount))} ${a.label} (${methodInWords(a.method)})`))) : null,
    d.refund.timeline ? el("p", { className: "timeline" }, `The refund reaches the customer ${d.refund.timeline.text}.`) : null,
    d.review.items.length ? el("p", { className: "warning" }, `In review — refund nothing yet for ${listInWords(d.review.items.map(itemName), "and")}`) : null,
    d.verdict ? el("p", { className: "verdict" }, `Reviewed: ${d.verdict.outcome === "approve" ? "approved" : "declined"} by ${d.verdict.by} at ${d.verdict.at}${d.verdict.note ? ` — “${d.verdict.note}”` : ""}`) : null,
    d.options ? el("div", { className: "options" },
      el("h4", {}, d.choice?.by === "customer" ? "Options (the customer chose)" : "Options for the customer (none chosen: the default applies)"),
      el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, "option"), el("th", { className: "money" }, "refund"), el("th", {}, "terms"))),
        el("tbody", {}, ...d.options.map((o) => el("tr", { className: o.chosen ? "chosen" : "", data: { option: o.label } },
          el("td", {}, `${o.chosen ? "▸ " : ""}${o.label}${o.default ? " (default)" : ""}`),
          el("td", { className: "money" }, o.refund.formatted),
          el("td", {}, summaryTerms(o, money)),
        ))),
      ),
    ) : null,
    d.proposed ? el("div", { className: "proposed" },
      el("h4", {}, "If the reviewer…"),
      el("ul", {},
        el("li", { data: { verdict: "approve" } }, d.proposed.approve ? `approves: ${d.proposed.approve.refund.formatted} — ${summaryTerms(d.proposed.approve, money)}` : "approves: the rule states no terms for an approval"),
        el("li", { data: { verdict: "decline" } }, `declines: ${d.proposed.decline.refund.formatted}${d.proposed.decline.messages.length ? ` — “${d.proposed.decline.messages.join(" ")}”` : ""}`),
      ),
    ) : null,
    d.actions.length ? el("div", {}, el("h4", {}, "Actions"), el("ul", { className: "actions" }, ...d.actions.map((a) => el("li", { data: { action: a.type } }, `${actionInWords(a.type)}${a.channel ? ` by ${a.channel}` : ""}${a.items.length ? `: ${listInWords(a.items.map(itemName), "and")}` : ""}`, a.message ? el("div", { className: "message" }, a.message) : null)))) : null,
    d.messages.length ? el("div", {}, el("h4", {}, "To the customer"), ...d.messages.map((m) => el("div", { className: "message customer-message" }, m))) : null,
    d.notes.length ? el("div", {}, el("h4", {}, "Notes"), ...d.notes.map((n) => el("p", {}, n))) : null,
    d.counterfactuals?.length ? el("div", { className: "counterfactuals" },
      el("h4", {}, "What would change this decision"),
      el("ul", {}, ...d.counterfactuals.map((c) => el("li", { data: { item: c.item } },
        `${itemName(c.item)}: ${c.text} `,
        el("span", { className: "rule-link", onClick: () => goTo(c.condition.line) }, `(line ${c.condition.line})`),
      ))),
    ) : null,
  );
}

/** The terms of an option or a proposal in a few words: method, who ships back, bounds, timeline. */
function summaryTerms(s: OutcomeSummary, money: (n: number) => string): string {
  const parts: string[] = [];
  if (s.refund.method) parts.push(methodInWords(s.refund.method));
  if (s.returnShipping !== "none") parts.push(`return shipping paid by ${s.returnShipping}`);
  if (s.keepItem) parts.push("the customer keeps the items");
  if (s.replacement) parts.push("a replacement is sent");
  const bounds = s.refund.items.filter((i) => i.bounds).map((i) => `${i.id} adjustable ${money(i.bounds!.low)}–${money(i.bounds!.high)}`);
  parts.push(...bounds);
  if (s.refund.timeline) parts.push(s.refund.timeline.text);
  return parts.join(" · ");
}

/** The named conditions of a policy by the lines their definitions span: `define "x" as` up to the next top-level line. */
export function namedConditionLines(policyText: string): Map<number, { name: string; line: number }> {
  const out = new Map<number, { name: string; line: number }>();
  let current: { name: string; line: number } | undefined;
  policyText.split("\n").forEach((text, i) => {
    const line = i + 1;
    const starts = /^define\s+"([^"]+)"\s+as\b/.exec(text);
    if (starts) current = { name: starts[1]!, line };
    else if (/^\S/.test(text) && !text.startsWith("#")) current = undefined;
    if (current) out.set(line, current);
  });
  return out;
}

type Trace = NonNullable<Decision["explanation"]>["items"][number]["rules"][number]["conditions"][number];

function conditionRow(c: Trace, goTo: GoToLine): HTMLElement {
  return el("div", { className: `cond ${c.skipped ? "skipped" : c.absent ? "unknown" : String(c.result)}` },
    el("span", { className: "rule-link", onClick: () => goTo(c.line, c.column) }, `${c.skipped ? "not needed" : c.absent ? "unknown" : c.result ? "yes" : "no"}: ${c.text}`),
    ` — it was ${c.actualText}; wanted ${c.expected}`,
  );
}

/** A rule's conditions, those of a named condition folded under its name (open to see them). */
function conditionRows(conditions: readonly Trace[], named: Map<number, { name: string; line: number }>, goTo: GoToLine): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (let i = 0; i < conditions.length;) {
    const group = named.get(conditions[i]!.line);
    if (!group) {
      out.push(conditionRow(conditions[i]!, goTo));
      i++;
      continue;
    }
    const members: Trace[] = [];
    while (i < conditions.length && named.get(conditions[i]!.line) === group) members.push(conditions[i++]!);
    const needed = members.filter((c) => !c.skipped);
    const holding = needed.filter((c) => c.result).length;
    const state = !needed.length ? "not needed" : `${holding} of ${members.length} part${members.length === 1 ? "" : "s"} ${holding === 1 ? "holds" : "hold"}`;
    out.push(el("details", { className: "named-condition", data: { name: group.name } },
      el("summary", {}, `“${group.name}” (${state}) `, el("span", { className: "rule-link", onClick: () => goTo(group.line) }, `defined at line ${group.line}`)),
      ...members.map((c) => conditionRow(c, goTo)),
    ));
  }
  return out;
}

export function explanation(d: Decision, goTo: GoToLine, event?: unknown, policyText = ""): HTMLElement {
  const lines = orderLinesById(event);
  const named = namedConditionLines(policyText);
  return el("div", {}, ...(d.explanation?.items ?? []).map((item) => {
    const decider = d.items.find((i) => i.id === item.id)?.rule.line;
    return el("section", {},
      el("h4", {}, `Item ${itemInWords(item.id, lines.get(item.id))}`),
      el("p", { className: "hint" }, "Rules are tried in order; the first that matches decides. Greyed conditions were not needed: an earlier one had settled the rule. Named conditions open to show their parts."),
      ...item.rules.map((rule) => el("div", { className: `rule${rule.line === decider && rule.matched ? " decided" : ""}`, data: { line: String(rule.line) } },
        el("span", { className: "rule-link", onClick: () => goTo(rule.line) }, `${rule.matched ? "✔" : "✘"} line ${rule.line} "${rule.rule}"`),
        ...conditionRows(rule.conditions, named, goTo),
      )),
      item.option ? el("div", { className: "rule decided" }, el("span", { className: "rule-link", onClick: () => goTo(item.option!.line) }, `▸ line ${item.option.line} option “${item.option.label}” (${item.option.chosenBy === "customer" ? "the customer's choice" : "the default"})`)) : null,
      item.verdict ? el("div", { className: "rule decided" }, el("span", { className: "rule-link", onClick: () => goTo(item.verdict!.line) }, `▸ line ${item.verdict.line} ${item.verdict.outcome === "approve" ? "approved" : "declined"} by ${item.verdict.by}${item.verdict.amount !== undefined ? `, amount set to ${formatMoney(item.verdict.amount, d.refund.currency, "en-US")}` : ""}`)) : null,
    );
  }));
}
