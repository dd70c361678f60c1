// The readable decision card for `proviso eval --format pretty`.

import { formatMoney, type Decision } from "../runtime/index.js";

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
  if (d.review.items.length) out.push(`in review (refund nothing yet): ${d.review.items.join(", ")}`);
  if (d.actions.length) {
    out.push("", "actions:");
    for (const a of d.actions) out.push(`  ${a.type} (${a.items.join(", ")})${a.message ? `: ${a.message}` : ""}`);
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
    }
  }
  return out.join("\n");
}
