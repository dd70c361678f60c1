// The language, round 2: each construct decides as a hand computation says, with both evaluators;
// the silent cap of `plus shipping up to` is gone (its reproducer is here); what the checker and the
// linter say about the new constructs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../compiler/index.js";
import { evaluate, evaluateSync, type Decision, type LoadedPolicy } from "../runtime/index.js";
import { load } from "./helpers/events.js";

type Json = Record<string, any>;
const DAY = 86_400_000;

function policy(body: string, header = 'policy "Round 2" for cancellations\n  currency EUR\n  timezone "Europe/Paris"\n'): LoadedPolicy {
  return load(`${header}\n${body}\notherwise\n  deny "No."\n`);
}

function event(changes: (e: Json) => void = () => {}): Json {
  const e: Json = {
    type: "cancellation.requested", at: "2026-03-20T10:00:00Z", initiator: "customer", reason: "changed_mind",
    order: {
      id: "R2-1", placedAt: "2026-01-01T10:00:00Z", currency: "EUR", status: "shipped", market: "FR",
      shipping: { paid: 990, shippedAt: "2026-01-02T10:00:00Z" },
      items: [
        { id: "L1", category: "home", quantity: 1, unitPrice: 8000, paid: 8000 },
        { id: "L2", category: "home", quantity: 1, unitPrice: 3000, paid: 3000 },
      ],
    },
    customer: { id: "C-1" },
    request: { items: [{ id: "L1", quantity: 1 }, { id: "L2", quantity: 1 }] },
  };
  changes(e);
  return e;
}

/** Both evaluators, the same decision: returns it. */
async function decide(p: LoadedPolicy, e: Json): Promise<Decision> {
  const fast = evaluateSync(p, e);
  expect(await evaluate(p, e, { engine: "jre" })).toEqual(fast);
  expect(fast.diagnostics).toEqual([]);
  return fast.value!;
}

const codes = (text: string) => compilePolicy(text).diagnostics.map((d) => `${d.code} ${d.range?.start.line}`);

describe("request-level additions and caps", () => {
  it("caps the shipping, not the item, when `up to` follows `plus shipping` (it capped the item to EUR 5.00, silently)", async () => {
    const d = await decide(policy('rule "Shipped"\n  when order.status is shipped\n  approve\n    refund 100% of item\n    plus shipping up to EUR 5.00\n'), event());
    expect(d.items.map((i) => i.refund.amount)).toEqual([8000, 3000]);
    expect(d.refund.breakdown.adjustments).toEqual([{ kind: "shipping", label: "shipping", amount: 500, method: "original_payment" }]);
    expect(d.refund.amount).toBe(8000 + 3000 + 500);
  });

  it("applies `up to` to what it follows: the refund (after its deductions), shipping or an addition, and refuses it elsewhere", () => {
    const head = 'policy "Caps" for cancellations\n  currency EUR\n\nrule "a"\n  when reason is damaged\n  approve\n';
    expect(codes(`${head}    refund 100% of item\n    as store credit\n    up to EUR 5.00\n\notherwise\n  deny "n"\n`)).toEqual(["type/misplaced-clause 9"]);
    expect(codes(`${head}    refund 100% of item\n      minus EUR 1.00 "fee"\n    up to EUR 5.00\n\notherwise\n  deny "n"\n`)).toEqual([]);
    expect(codes(`${head}    refund 100% of item\n    plus shipping up to EUR 5.00 up to EUR 4.00\n\notherwise\n  deny "n"\n`)).toEqual(["type/duplicate-clause 8"]);
  });

  it("adds a fixed amount once per request, capped where it says, and the smaller or larger of two amounts", async () => {
    const p = policy([
      'rule "Goodwill"',
      "  when order.status is shipped",
      "  approve",
      "    refund smaller of item and EUR 50.00",
      '    plus larger of EUR 2.00 and order.shipping.paid / 10 "goodwill" up to EUR 2.50',
      "",
    ].join("\n"));
    const d = await decide(p, event());
    expect(d.items.map((i) => i.refund.amount)).toEqual([5000, 3000]);
    // max(200, 99) = 200, under the 250 cap; added once, not per item.
    expect(d.refund.breakdown.adjustments).toEqual([{ kind: "addition", label: "goodwill", amount: 200, method: "original_payment" }]);
    expect(d.refund.amount).toBe(8200);
    const expensive = await decide(p, event((e) => (e.order.shipping.paid = 3000)));
    expect(expensive.refund.breakdown.adjustments[0]!.amount).toBe(250);
  });
});

describe("rounding and periods", () => {
  it("rounds an amount's divisions up, down or half up, and to a multiple, as integer arithmetic says", async () => {
    const p = policy([
      'rule "Thirds"',
      "  when order.status is shipped",
      "  approve",
      "    refund item.paid / 3 rounded up",
      "",
      'rule "Sevenths"',
      "  when order.status is paid",
      "  approve",
      "    refund item.paid * 2 / 7 rounded down to EUR 1.00",
      "",
      'rule "Percent"',
      "  when order.status is processing",
      "  approve",
      "    refund 33% of item rounded half up to EUR 0.05",
      "",
    ].join("\n"));
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom("shipped", "paid", "processing"), async (paid, status) => {
      const e = event((x) => {
        x.order.status = status;
        if (status !== "shipped") delete x.order.shipping.shippedAt;
        x.order.items = [{ id: "L1", category: "home", quantity: 1, unitPrice: paid, paid }];
        x.request.items = [{ id: "L1", quantity: 1 }];
      });
      const d = await decide(p, e);
      const n = BigInt(paid);
      const want = status === "shipped" ? (n + 2n) / 3n
        : status === "paid" ? ((n * 2n) / 7n / 100n) * 100n
        : (((n * 3300n + 5000n) / 10_000n + 2n) / 5n) * 5n;
      expect(d.items[0]!.refund.base).toBe(Number(want));
    }), { numRuns: 300, seed: 20261206 });
  });

  it("counts whole and started periods between two timestamps, to the second", async () => {
    const p = policy([
      'rule "Started months"',
      "  when order.status is paid",
      "  approve",
      "    refund item.paid - EUR 10.00 * started 30-day periods from purchase to request",
      "",
      'rule "Whole weeks"',
      "  when order.status is processing",
      "  approve",
      "    refund EUR 1.00 * whole weeks from purchase to request + EUR 0.01 * seconds from purchase to request / 3600",
      "",
    ].join("\n"));
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 200 * DAY }), fc.boolean(), async (elapsed, paidStatus) => {
      const placed = Date.parse("2026-01-01T10:00:00Z");
      const e = event((x) => {
        x.order.status = paidStatus ? "paid" : "processing";
        delete x.order.shipping.shippedAt;
        x.at = new Date(placed + elapsed).toISOString();
        x.order.items = [{ id: "L1", category: "home", quantity: 1, unitPrice: 100_000, paid: 100_000 }];
        x.request.items = [{ id: "L1", quantity: 1 }];
      });
      const d = await decide(p, e);
      const want = paidStatus
        ? 100_000 - 1000 * Math.ceil(elapsed / (30 * DAY))
        : 100 * Math.floor(elapsed / (7 * DAY)) + Math.floor((Math.floor(elapsed / 1000) + 1800) / 3600);
      expect(d.items[0]!.refund.base).toBe(want);
    }), { numRuns: 300, seed: 20261207 });
  });

  it("windows in seconds", async () => {
    const p = policy('rule "Changed their mind at once"\n  when within 90 seconds of purchase\n  approve\n    refund 100% of item\n');
    const at = (seconds: number) => event((x) => {
      x.at = new Date(Date.parse("2026-01-01T10:00:00Z") + seconds * 1000).toISOString();
      delete x.order.shipping.shippedAt;
      x.order.status = "paid";
    });
    expect((await decide(p, at(90))).outcome).toBe("approve");
    expect((await decide(p, at(91))).outcome).toBe("deny");
  });
});

describe("saying what the policy leaves out", () => {
  it("return shipping handled elsewhere: no warning, and the decision says so instead of none", async () => {
    const text = 'policy "Returns" for returns\n  currency EUR\n\nrule "Window"\n  when within 30 days of delivery\n  approve\n    refund 100% of item\n    return shipping handled elsewhere\n\notherwise\n  deny "Too late."\n';
    expect(compilePolicy(text).diagnostics).toEqual([]);
    const d = await decide(load(text), event((e) => {
      e.type = "return.requested";
      e.order.status = "delivered";
      e.order.shipping.deliveredAt = "2026-03-10T10:00:00Z";
    }));
    expect(d.returnShipping).toBe("elsewhere");
    expect(d.items[0]!.returnShipping).toBe("elsewhere");
  });

  it("nothing refunded has no method, on the item as on the request", async () => {
    const d = await decide(policy('rule "Nothing"\n  when order.status is shipped\n  approve\n    refund EUR 0.00\n'), event());
    expect(d.refund.method).toBeNull();
    expect(d.items.map((i) => i.refund.method)).toEqual([null, null]);
  });
});

describe("what the checker and the linter say", () => {
  it("a blank reason is no reason; a deduction's condition over an absent field is flagged too", () => {
    const text = 'policy "Lints" for returns\n  currency EUR\n\nrule "a"\n  when reason is damaged\n  deny ""\n\nrule "b"\n  when reason is defective\n  approve\n    refund 100% of item\n      minus 10% "restocking" when not item.condition is opened\n    return shipping paid by customer\n\notherwise\n  deny "No."\n';
    expect(codes(text)).toEqual(["lint/no-customer-reason 4", "lint/absent-unguarded 12"]);
  });

  it("says what a merchant understands where the parser expected the end, and names a unit found in an amount", () => {
    const text = 'policy "Syntax" for returns\n  currency EUR\n\nrule "a"\n  approve\n    refund 100% of item\n    blah\n\notherwise\n  deny "n"\n';
    const message = compilePolicy(text).diagnostics.find((d) => d.code === "syntax/unexpected-token")!.message;
    expect(message).not.toContain("EOF");
    expect(message).toContain("`blah` does not continue the rule above");
    const unit = compilePolicy('policy "S" for returns\n  currency EUR\n\nrule "a"\n  approve\n    refund item.paid * 2 seconds\n\notherwise\n  deny "n"\n').diagnostics.find((d) => d.code === "syntax/unexpected-token")!;
    expect(unit.message).toContain("to count time in an amount, write `seconds from purchase to request`");
  });

  it("refuses rounding to a multiple of zero, and a period of zero units", () => {
    const head = 'policy "R" for returns\n  currency EUR\n\nrule "a"\n  approve\n';
    expect(codes(`${head}    refund item rounded down to EUR 0.00\n    return shipping paid by customer\n\notherwise\n  deny "n"\n`)).toEqual(["type/invalid-rounding 6"]);
    expect(codes(`${head}    refund EUR 1.00 * started 0-day periods from purchase to request\n    return shipping paid by customer\n\notherwise\n  deny "n"\n`)).toEqual(["type/invalid-duration 6"]);
  });
});

describe("tables: a value per category, written once", () => {
  const text = [
    'policy "Tables" for returns',
    "  currency USD",
    "",
    'define table "return window" by item.category as electronics: 14 days, furniture: 60 days, otherwise: 30 days',
    "",
    'define table "restocking share" by item.condition as opened: 15%, used: 25%, otherwise: 0%',
    "",
    'define table "label fee" by order.market as US: USD 6.95, CA: USD 9.95, otherwise: USD 14.95',
    "",
    'rule "Window"',
    '  when within "return window" of delivery',
    "  approve",
    "    refund 100% of item",
    '      minus "restocking share" of item "restocking fee"',
    '      minus "label fee" "return label" once per request',
    "    return shipping paid by customer",
    "",
    'rule "Exchange"',
    '  when within "return window" + 7 days of delivery and reason is size',
    "  approve",
    '    refund "restocking share" of item',
    "    return shipping paid by customer",
    "",
    "otherwise",
    '  deny "Too late."',
    "",
  ].join("\n");
  const p = load(text);
  const windowDays: Record<string, number> = { electronics: 14, furniture: 60 };
  const share: Record<string, number> = { opened: 1500, used: 2500 };
  const fee: Record<string, number> = { US: 695, CA: 995 };

  it("compiles clean and decides each row, the otherwise row, and the moved window, as the table says", async () => {
    expect(compilePolicy(text).diagnostics).toEqual([]);
    await fc.assert(fc.asyncProperty(
      fc.constantFrom("electronics", "furniture", "home", undefined), fc.constantFrom("opened", "used", "unopened", undefined),
      fc.constantFrom("US", "CA", "FR"), fc.integer({ min: 0, max: 80 * 24 }), fc.constantFrom("size", "changed_mind"), fc.integer({ min: 100, max: 100_000 }),
      async (category, condition, market, hours, reason, paid) => {
        const e = event((x) => {
          x.type = "return.requested";
          x.order.currency = "USD";
          x.reason = reason;
          x.order.status = "delivered";
          x.order.market = market;
          x.order.shipping.deliveredAt = "2026-01-05T10:00:00Z";
          x.at = new Date(Date.parse("2026-01-05T10:00:00Z") + hours * 3_600_000).toISOString();
          x.order.items = [{ id: "L1", quantity: 1, unitPrice: paid, paid, ...(category ? { category } : { category: "home" }) }];
          if (!category) x.order.items[0].category = "misc";
          x.request.items = [{ id: "L1", quantity: 1, ...(condition ? { condition } : {}) }];
        });
        const d = await decide(p, e);
        const days = windowDays[category ?? "misc"] ?? 30;
        const cut = Math.floor(((paid * (share[condition ?? ""] ?? 0)) * 2 + 10_000) / 20_000);
        if (hours <= days * 24) {
          expect(d.items[0]!.rule.name).toBe("Window");
          expect(d.items[0]!.refund.amount).toBe(Math.max(0, paid - cut));
          expect(d.refund.breakdown.adjustments).toEqual([{ kind: "fee", label: "return label", amount: -(fee[market] ?? 1495), method: "original_payment" }]);
        } else if (hours <= (days + 7) * 24 && reason === "size") {
          expect(d.items[0]!.rule.name).toBe("Exchange");
          expect(d.items[0]!.refund.amount).toBe(cut);
        } else expect(d.outcome).toBe("deny");
      },
    ), { numRuns: 400, seed: 20261208 });
  });

  it("checks a table's keys against the field's values, its kinds, its otherwise row and its name", () => {
    const head = 'policy "T" for returns\n  currency USD\n\n';
    const tail = '\nrule "a"\n  when within "w" of delivery\n  approve\n    refund 100% of item\n    return shipping paid by customer\n\notherwise\n  deny "n"\n';
    expect(codes(`${head}define table "w" by item.condition as opend: 14 days, otherwise: 30 days\n${tail}`)).toEqual(["type/unknown-value 4"]);
    expect(codes(`${head}define table "w" by item.condition as opened: 14 days\n${tail}`)).toEqual(["type/incomplete-table 4"]);
    expect(codes(`${head}define table "w" by item.condition as opened: 14 days, otherwise: 15%\n${tail}`)).toEqual(["type/mismatch 4"]);
    expect(codes(`${head}define table "x" by item.condition as opened: 14 days, otherwise: 30 days\n${tail}`)).toEqual(["name/unknown-table 7"]);
    expect(compilePolicy(`${head}define table "x" by item.condition as opened: 14 days, otherwise: 30 days\n${tail}`).diagnostics[0]!.hint).toBe('did you mean "x"?');
  });
});

describe("one policy, many currencies", () => {
  const text = [
    'policy "Three currencies" for returns',
    "  currency USD, EUR, JPY",
    "",
    'rule "Cheap"',
    "  when item.paid <= USD 15.00, EUR 14.00, JPY 2000 and within 30 days of delivery",
    "  approve",
    "    refund 50% of item",
    '      minus USD 2.00, EUR 1.50, JPY 300 "handling"',
    "    customer keeps the item",
    "",
    'rule "Window"',
    "  when within 30 days of delivery",
    "  approve",
    "    refund 100% of item",
    '      minus USD 6.95, EUR 5.95, JPY 900 "return label" once per request on the first item',
    "    return shipping paid by customer",
    "",
    "otherwise",
    '  deny "Too late."',
    "",
  ].join("\n");
  const p = load(text);
  const fixed: Record<string, { threshold: number; handling: number; label: number }> = {
    USD: { threshold: 1500, handling: 200, label: 695 },
    EUR: { threshold: 1400, handling: 150, label: 595 },
    JPY: { threshold: 2000, handling: 300, label: 900 },
  };

  it("decides each order in its own currency: shares of what was paid, and the fixed amount given for that currency", async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom("USD", "EUR", "JPY"), fc.integer({ min: 100, max: 200_000 }), async (currency, paid) => {
      const e = event((x) => {
        x.type = "return.requested";
        x.order.currency = currency;
        x.order.status = "delivered";
        x.order.shipping.deliveredAt = "2026-03-10T10:00:00Z";
        x.order.items = [{ id: "L1", category: "home", quantity: 1, unitPrice: paid, paid }];
        x.request.items = [{ id: "L1", quantity: 1 }];
      });
      const d = await decide(p, e);
      const f = fixed[currency]!;
      expect(d.refund.currency).toBe(currency);
      const want = paid <= f.threshold ? Math.max(0, Math.floor((paid * 2 + 2) / 4) - f.handling) : Math.max(0, paid - f.label);
      expect(d.refund.amount).toBe(want);
      // The explanation shows amounts in the order's currency.
      const first = d.explanation!.items[0]!.rules[0]!.conditions[0]!;
      expect(first.expected).toBe(`at most ${new Intl.NumberFormat("en-US", { style: "currency", currency }).format(f.threshold / (currency === "JPY" ? 1 : 100))}`);
    }), { numRuns: 200, seed: 20261209 });
  });

  it("refuses an order in a currency the policy does not name, and a fixed amount without a value in each currency", async () => {
    const refused = evaluateSync(p, event((x) => { x.type = "return.requested"; x.order.currency = "GBP"; }));
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["event/currency-mismatch"]);
    const head = 'policy "M" for returns\n  currency USD, EUR\n\nrule "a"\n  when within 30 days of delivery\n  approve\n';
    expect(codes(`${head}    refund 100% of item\n      minus USD 6.95 "label"\n    return shipping paid by customer\n\notherwise\n  deny "n"\n`)).toEqual(["type/missing-currency-amount 8"]);
    expect(codes(`${head}    refund 100% of item\n      minus USD 6.95, GBP 5.00 "label"\n    return shipping paid by customer\n\notherwise\n  deny "n"\n`)).toEqual(["type/currency-mismatch 8"]);
    expect(codes(`${head}    refund 100% of item\n      minus USD 6.95, USD 5.00, EUR 5.00 "label"\n    return shipping paid by customer\n\notherwise\n  deny "n"\n`)).toEqual(["type/currency-mismatch 8"]);
    expect(codes('policy "M" for returns\n  currency USD, EUR\n\nrule "a"\n  when item.paid <= USD 15.00\n  deny "x"\n\notherwise\n  deny "n"\n')).toEqual(["type/missing-currency-amount 5"]);
  });
});
