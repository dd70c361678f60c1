// The readable decision card for `proviso eval --format pretty`.

import { actionInWords, formatMoney, itemInWords, limitInWords, listInWords, methodInWords, orderLinesById, type Decision, type OutcomeSummary } from "../runtime/index.js";

export function formatDecision(d: Decision, color = false, event?: unknown): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const outcomeColor = d.outcome === "approve" ? "32;1" : d.outcome === "review" ? "33;1" : "31;1";
  const money = (n: number) => formatMoney(n, d.refund.currency, "en-US");
  const lines = orderLinesById(event);
  const item = (id: string) => itemInWords(id, lines.get(id));
  const out: string[] = [];
  out.push(`${paint(outcomeColor, d.outcome.toUpperCase())}  refund ${d.refund.formatted}${d.refund.method ? ` (${methodInWords(d.refund.method)})` : ""}   policy "${d.policy.name}" version ${d.policy.version}`);
  if (d.returnShipping !== "none" || d.keepItem) out.push(`return shipping: ${d.returnShipping === "elsewhere" ? "not this policy's business" : `paid by ${d.returnShipping}`}${d.keepItem ? "; the customer keeps the items" : ""}`);
  out.push("", "items:");
  for (const i of d.items) {
    const deductions = i.refund.deductions.map((x) => ` − ${money(x.amount)} ${x.label}`).join("");
    const limit = limitInWords(i.refund.limitedBy);
    out.push(`  ${item(i.id)}  ${i.outcome.padEnd(7)} ${money(i.refund.amount).padStart(10)}  ← rule "${i.rule.name}" (${i.rule.source}:${i.rule.line})${i.refund.amount || deductions ? `  [${money(i.refund.base)}${deductions}]` : ""}${limit ? `  (${limit})` : ""}`);
  }
  for (const a of d.refund.breakdown.adjustments) out.push(`  ${a.amount >= 0 ? "+" : "−"} ${money(Math.abs(a.amount))} ${a.label}`);
  if (d.refund.timeline) out.push(`refund reaches the customer ${d.refund.timeline.text}`);
  if (d.review.items.length) out.push(`in review (refund nothing yet): ${listInWords(d.review.items.map(item), "and")}`);
  if (d.verdict) out.push(`reviewed: ${d.verdict.outcome === "approve" ? "approved" : "declined"} by ${d.verdict.by} at ${d.verdict.at}${d.verdict.note ? ` (“${d.verdict.note}”)` : ""}`);
  const summary = (s: OutcomeSummary) => {
    const what = [s.outcome, s.refund.formatted + (s.refund.method ? ` ${methodInWords(s.refund.method)}` : "")];
    if (s.returnShipping !== "none") what.push(`return shipping paid by ${s.returnShipping}`);
    if (s.keepItem) what.push("keeps the items");
    if (s.replacement) what.push("replacement sent");
    if (s.refund.timeline) what.push(s.refund.timeline.text);
    return what.join(", ");
  };
  if (d.options) {
    out.push("", `options (${d.choice?.by === "customer" ? "the customer chose" : "none chosen yet; the default applies"}):`);
    for (const o of d.options) out.push(`  ${o.chosen ? "▸" : " "} “${o.label}”${o.default ? " (default)" : ""}: ${summary(o)}`);
  }
  if (d.proposed) {
    out.push("", "if the reviewer:");
    if (d.proposed.approve) {
      const bounds = d.proposed.approve.refund.items.filter((i) => i.bounds).map((i) => `${i.id} ${money(i.bounds!.low)}–${money(i.bounds!.high)}`);
      out.push(`  approves: ${summary(d.proposed.approve)}${bounds.length ? `; adjustable: ${bounds.join(", ")}` : ""}`);
    } else out.push("  approves: (the rule states no terms for an approval)");
    out.push(`  declines: ${summary(d.proposed.decline)}${d.proposed.decline.messages.length ? ` — “${d.proposed.decline.messages.join(" ")}”` : ""}`);
  }
  if (d.actions.length) {
    out.push("", "actions:");
    for (const a of d.actions) out.push(`  ${actionInWords(a.type)}${a.channel ? ` by ${a.channel}` : ""}${a.items.length ? `: ${listInWords(a.items.map(item), "and")}` : ""}${a.message ? ` — “${a.message}”` : ""}`);
  }
  if (d.messages.length) out.push("", "to the customer:", ...d.messages.map((m) => `  “${m}”`));
  if (d.notes.length) out.push("", "notes:", ...d.notes.map((m) => `  ${m}`));
  if (d.counterfactuals?.length) out.push("", "what would change it:", ...d.counterfactuals.map((c) => `  ${c.text}`));
  if (d.explanation) {
    out.push("", "why:");
    for (const e of d.explanation.items) {
      out.push(`  ${item(e.id)}:`);
      for (const rule of e.rules) {
        out.push(`    ${rule.matched ? paint("32", "✔") : paint("2", "✘")} line ${rule.line} "${rule.rule}"`);
        for (const c of rule.conditions) {
          // Conditions an earlier one made unnecessary are shown, dimmed, as "not needed".
          const said = `${c.skipped ? "not needed" : c.result ? "yes" : c.absent ? "unknown" : "no"}  ${c.text} — it was ${c.actualText}; wanted ${c.expected}`;
          out.push(`        ${c.skipped ? paint("2", said) : said}`);
        }
      }
      if (e.option) out.push(`    ▸ line ${e.option.line} option “${e.option.label}” (${e.option.chosenBy === "customer" ? "the customer's choice" : "the default"})`);
      if (e.verdict) out.push(`    ▸ line ${e.verdict.line} ${e.verdict.outcome === "approve" ? "approved" : "declined"} by ${e.verdict.by} at ${e.verdict.at}${e.verdict.amount !== undefined ? `, amount set to ${money(e.verdict.amount)}` : ""}`);
    }
  }
  return out.join("\n");
}
