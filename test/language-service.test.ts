// Editor help in Node: completion, hover, highlighting from the token vocabulary, share links.
import { describe, expect, it } from "vitest";
import { completionsAt, hoverAt, KEYWORD_DOCS } from "../compiler/index.js";
import { KEYWORD_WORDS, monarchLanguage } from "../grammar/index.js";
import { decodeShare, encodeShare } from "../playground/share.js";

const labels = (text: string) => completionsAt(text, text.length).map((c) => c.label);

describe("completion", () => {
  it("offers field names by prefix, even after an earlier syntax error", () => {
    expect(labels('policy "x" for returns\nrule "broken" when item.paid > deny\nrule "a"\n  when item.fin')).toEqual(["item.finalSale"]);
  });

  it("offers an enum's values after `is` and inside `in [...]`", () => {
    expect(labels('policy "x" for returns\nrule "a" when order.status is ').slice(0, 3)).toEqual(["pending", "paid", "processing"]);
    expect(labels('policy "x" for returns\nrule "a" when reason not in [damaged, ')).toContain("late_delivery");
    expect(labels('policy "x" for returns\nrule "a" when item.finalSale is ').slice(0, 2)).toEqual(["true", "false"]);
  });

  it("offers, after a text field's `is`, the values the policy compares it with, and no field names", () => {
    const text = 'policy "x" for returns\n  currency USD\nrule "a"\n  when item.category in [shoes, bags]\n  deny "n"\nrule "b"\n  when item.category is not electronics\n  deny "n"\nrule "c"\n  when item.category is ';
    const items = completionsAt(text, text.length);
    expect(items.filter((c) => c.kind === "value").map((c) => c.label)).toEqual(["electronics", "shoes", "bags"]);
    expect(items.some((c) => c.kind === "field")).toBe(false);
    // Where another field is a fair operand (money, counts, times), fields are still offered.
    const money = 'policy "x" for returns\n  currency USD\nrule "c"\n  when item.paid is at least ';
    expect(completionsAt(money, money.length).some((c) => c.label === "item.unitPrice")).toBe(true);
  });

  it("offers the keywords the grammar allows next", () => {
    const afterCondition = labels('policy "x" for returns\nrule "a"\n  when item.finalSale ');
    expect(afterCondition).toEqual(expect.arrayContaining(["and", "or", "approve", "deny", "review"]));
    expect(afterCondition).not.toContain("refund");
    expect(labels('policy "x" for returns\nrule "a"\n  when item.finalSale\n  approve\n    ')).toEqual(expect.arrayContaining(["refund", "minus", "return", "customer", "message", "rule", "otherwise"]));
  });

  it("offers defined condition names where a condition may start", () => {
    expect(labels('policy "x" for returns\ndefine "window" as within 30 days of delivery\nrule "a" when ')).toContain('"window"');
  });
});

describe("hover", () => {
  it("documents fields, aliases and keywords", () => {
    const text = 'policy "x" for returns\nrule "a" when within 30 days of delivery and order.shipping.interceptable approve';
    expect(hoverAt(text, text.indexOf("delivery") + 2)!.contents).toContain("order.shipping.deliveredAt");
    expect(hoverAt(text, text.indexOf("delivery") + 2)!.contents).toContain("may be absent");
    expect(hoverAt(text, text.indexOf("interceptable"))!.contents).toContain("**order.shipping.interceptable** — boolean");
    expect(hoverAt(text, text.indexOf("within") + 1)!.contents).toContain("30 × 24 h");
    expect(hoverAt(text, text.indexOf('"x"') + 1)).toBeUndefined();
  });

  it("has a doc for the main keywords", () => {
    for (const word of ["policy", "rule", "when", "otherwise", "approve", "deny", "review", "refund", "minus", "within"]) expect(KEYWORD_DOCS[word], word).toBeTruthy();
  });
});

describe("highlighting", () => {
  it("is generated from the grammar's keyword tokens", () => {
    const monarch = monarchLanguage();
    expect(monarch.keywords).toEqual([...KEYWORD_WORDS]);
    for (const word of ["policy", "rule", "approve", "within", "otherwise", "intercept", "fulfillment"]) expect(monarch.keywords).toContain(word);
    const literal = monarch.tokenizer.root.find(([, cls]) => cls === "number.money")![0];
    expect(literal.test("USD 6.95")).toBe(true);
  });
});

describe("share links", () => {
  it("round-trip policy, event and fields exactly, in any language", async () => {
    const shared = { policy: 'policy "退货" for returns\n  currency CNY\n# ✓ {}', event: '{"a": "<b>"}', fields: { properties: {} } };
    const fragment = await encodeShare(shared);
    expect(fragment).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
    expect(await decodeShare(`#${fragment}`)).toEqual(shared);
  });

  it("refuse anything else without throwing", async () => {
    for (const bad of ["", "#", "#s1.", "#s1.!!!!", "#s1.AAAA", "#other", `#s1.${"A".repeat(100)}`]) expect(await decodeShare(bad)).toBeUndefined();
  });

  it("refuses a small link that inflates past the limit, stopping while inflating (a 400 MB bomb crashed the tab)", async () => {
    const bomb = await encodeShare({ policy: "p".repeat(100 * 1024 * 1024), event: "{}" });
    expect(bomb.length).toBeLessThan(1_000_000);
    const before = process.memoryUsage().arrayBuffers;
    const t = performance.now();
    expect(await decodeShare(`#${bomb}`)).toBeUndefined();
    expect(performance.now() - t).toBeLessThan(5_000); // a hang guard, not a benchmark
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    // Just under the limit still opens.
    const big = { policy: "q".repeat(7 * 1024 * 1024), event: "{}" };
    expect(await decodeShare(`#${await encodeShare(big)}`)).toEqual(big);
    const notShared = (await encodeShare({ policy: "x", event: "y" })).slice(0, 10);
    expect(await decodeShare(notShared)).toBeUndefined();
  });
});
