// Generated policies for benchmarks: N rules in the shape merchants write (windows, enums, money).

const REASONS = ["damaged", "defective", "wrong_item", "not_as_described", "size", "changed_mind", "late_delivery"];
const CATEGORIES = ["apparel", "electronics", "home", "beauty", "outdoor", "toys", "books"];

/** A return policy with `rules` rules before `otherwise`, about 5 lines each. */
export function generatedPolicy(rules: number, seed = 1): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const lines = [`policy "Generated ${rules}" for returns`, "  currency USD", "  timezone \"America/New_York\"", ""];
  for (let i = 0; i < rules; i++) {
    const days = 10 + Math.floor(next() * 80);
    const kind = i % 4;
    const when =
      kind === 0 ? `item.category is ${pick(CATEGORIES)} and within ${days} days of delivery`
      : kind === 1 ? `reason in [${pick(REASONS)}, ${pick(REASONS)}] and item.paid <= USD ${(50 + Math.floor(next() * 500))}.00`
      : kind === 2 ? `customer.stats.returns12m >= ${2 + Math.floor(next() * 10)} and not item.finalSale`
      : `customer.tier is gold and within ${days} days of delivery and item.condition in [unopened, opened]`;
    lines.push(`rule "Rule ${i + 1}"`, `  when ${when}`);
    if (kind === 2) lines.push(`  review "Rule ${i + 1} sends this to a person."`);
    else lines.push("  approve", `    refund ${50 + (i % 51)}% of item`, "    return shipping paid by customer");
    lines.push("");
  }
  lines.push("otherwise", '  deny "Not returnable."', "");
  return lines.join("\n");
}

/** A policy of about `lines` lines. */
export function policyOfLines(lines: number): string {
  return generatedPolicy(Math.max(1, Math.round((lines - 7) / 5.5)));
}
