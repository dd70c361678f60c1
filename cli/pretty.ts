// The readable decision card for `proviso eval --format pretty`.

import { formatMoney, type Decision, type OutcomeSummary } from "../runtime/index.js";

export function formatDecision(d: Decision, color = false): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const outcomeColor = d.outcome === "approve" ? "32;1" : d.outcome === "review" ? "33;1" : "31;1";
  const money = (n: number) => formatMoney(n, d.refund.currency, "en-US");
  const out: string[] = [];
  out.push(`${paint(outcomeColor, d.outcome.toUpperCase())}  refund ${d.refund.formatted}${d.refund.method ? ` (${d.refund.method.replace("_", " ")})` : ""}   policy "${d.policy.name}" version ${d.policy.version}`);
  if (d.returnShipping !== "none" || d.keepItem) out.push(`return shipping: ${d.returnShipping}${d.keepItem ? "; the customer keeps the items" : ""}`);
  out.push("", "items:");
  for (const item of d.items) {
    const deductions = item.refund.deductions.map((x) => ` − ${money(x.amount)} ${x.label}`).join("");
    out.push(`  ${item.id}  ${item.outcome.padEnd(7)} ${money(item.refund.amount).padStart(10)}  ← rule "${item.rule.name}" (${item.rule.source}:${item.rule.line})${item.refund.amount || deductions ? `  [${money(item.refund.base)}${deductions}]` : ""}`);
  }
  for (const a of d.refund.breakdown.adjustments) out.push(`  ${a.amount >= 0 ? "+" : "−"} ${money(Math.abs(a.amount))} ${a.label}`);
  if (d.refund.timeline) out.push(`refund reaches the customer ${d.refund.timeline.text}`);
  if (d.review.items.length) out.push(`in review (refund nothing yet): ${d.review.items.join(", ")}`);
  if (d.verdict) out.push(`reviewed: ${d.verdict.outcome === "approve" ? "approved" : "declined"} by ${d.verdict.by} at ${d.verdict.at}${d.verdict.note ? ` (“${d.verdict.note}”)` : ""}`);
  const summary = (s: OutcomeSummary) => {
    const what = [s.outcome, s.refund.formatted + (s.refund.method ? ` ${s.refund.method.replace("_", " ")}` : "")];
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
    for (const a of d.actions) out.push(`  ${a.type}${a.channel ? ` by ${a.channel}` : ""} (${a.items.join(", ")})${a.message ? `: ${a.message}` : ""}`);
  }
  if (d.messages.length) out.push("", "to the customer:", ...d.messages.map((m) => `  “${m}”`));
  if (d.notes.length) out.push("", "notes:", ...d.notes.map((m) => `  ${m}`));
  if (d.counterfactuals?.length) out.push("", "what would change it:", ...d.counterfactuals.map((c) => `  ${c.text}`));
  if (d.explanation) {
    out.push("", "why:");
    for (const item of d.explanation.items) {
      out.push(`  ${item.id}:`);
      for (const rule of item.rules) {
        out.push(`    ${rule.matched ? paint("32", "✔") : paint("2", "✘")} line ${rule.line} "${rule.rule}"`);
        for (const c of rule.conditions) {
          out.push(`        ${c.result ? "true " : c.absent ? "unknown" : "false"}  ${c.text}  (actual ${c.actualText}; wanted ${c.expected})`);
        }
      }
      if (item.option) out.push(`    ▸ line ${item.option.line} option “${item.option.label}” (${item.option.chosenBy === "customer" ? "the customer's choice" : "the default"})`);
      if (item.verdict) out.push(`    ▸ line ${item.verdict.line} ${item.verdict.outcome === "approve" ? "approved" : "declined"} by ${item.verdict.by} at ${item.verdict.at}${item.verdict.amount !== undefined ? `, amount set to ${money(item.verdict.amount)}` : ""}`);
    }
  }
  return out.join("\n");
}
