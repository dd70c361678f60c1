// Bad input from every side: random and mutated policy text, generated valid policies, random valid
// and invalid events, hostile sizes and depths. Nothing throws, nothing hangs, every diagnostic points
// inside the text, money keeps its invariants. Bounded so the suite stays fast.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { libraryFields } from "./helpers/events.js";
import YAML from "yaml";
import { compilePolicy, formatPolicy, renderDiagnostics, resolveTestCases, type PolicyTestFile } from "../compiler/index.js";
import { parsePolicy } from "../grammar/index.js";
import { artifactHash, evaluate, loadArtifact, type Decision, type Diagnostic, type LoadedPolicy } from "../runtime/index.js";
import { eventsFrom } from "./helpers/arbitrary-events.js";
import { ROOT, filesUnder } from "./helpers/corpus.js";
import { compileText, corpusEvent } from "./helpers/events.js";
import { withoutPositions } from "./helpers/artifacts.js";

const SEED = 20261122;

const LIBRARY = filesUnder("policies", ".policy").map((f) => join(ROOT, f)).map((file) => {
  return { file, text: readFileSync(file, "utf8"), fields: libraryFields(file) };
});

function rangesInside(diagnostics: readonly Diagnostic[], text: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    expect(d.code).toMatch(/^[a-z]+\/[a-z-]+$/);
    expect(d.message.length).toBeGreaterThan(0);
    if (!d.range) continue;
    const { start, end } = d.range;
    expect(start.offset).toBeGreaterThanOrEqual(0);
    expect(end.offset).toBeGreaterThanOrEqual(start.offset);
    expect(end.offset).toBeLessThanOrEqual(text.length);
    expect(start.line).toBeGreaterThanOrEqual(1);
    expect(end.line).toBeLessThanOrEqual(lines.length);
    expect(start.column).toBeGreaterThanOrEqual(1);
    expect(start.column).toBeLessThanOrEqual((lines[start.line - 1]?.length ?? 0) + 1);
  }
}

// ---- policy text --------------------------------------------------------------------------------

const WORDS = [
  "policy", "for", "returns", "cancellations", "currency", "USD", "EUR", "timezone", '"UTC"', "rule", '"r"', '"s"', "when", "approve", "deny", "review",
  "otherwise", "define", "terms", "as", "with", "and", "or", "not", "in", "is", "present", "absent", "within", "more", "than", "less", "at", "least", "most",
  "of", "after", "before", "between", "on", "the", "year", "days", "hours", "calendar", "Nov", "1", "30", "15%", "120%", "USD 6.95", "2026-01-01",
  "refund", "minus", "plus", "shipping", "once", "per", "request", "first", "item", "up", "to", "store", "credit", "bonus", "return", "paid", "by",
  "customer", "merchant", "keeps", "intercept", "shipment", "restock", "notify", "offer", "alternatives", "message", '"hi {customer.firstName}"',
  "item.paid", "item.finalSale", "order.status", "delivered", "reason", "damaged", "delivery", "(", ")", "[", "]", ",", ".", "+", "-", "*", "/",
  "<=", ">=", "=", "!=", "#c", "\n", "\n", "  ", '"unterminated', "@", "$", "version", "effective", "from", "__proto__", "constructor", "{", "}", "你好",
];

const tokenSoup = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 120 }).map((w) => w.join(" "));

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
);

function mutate(text: string, ms: readonly { kind: string; at: number; length?: number; text?: string }[]): string {
  let out = text;
  for (const m of ms) {
    const at = out.length ? m.at % out.length : 0;
    if (m.kind === "delete") out = out.slice(0, at) + out.slice(at + m.length!);
    else if (m.kind === "insert") out = out.slice(0, at) + m.text + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + m.length!) + out.slice(at);
  }
  return out;
}

describe("policy text", () => {
  it("token soup never makes the compiler or the formatter throw, and diagnostics point inside the text", () => {
    fc.assert(fc.property(tokenSoup, (text) => {
      const out = compilePolicy(text);
      rangesInside(out.diagnostics, text);
      formatPolicy(text);
    }), { numRuns: 400, seed: SEED });
  });

  it("mutated library policies never make the compiler throw; what still compiles formats idempotently to the same rules", () => {
    fc.assert(fc.property(fc.constantFrom(...LIBRARY), fc.array(mutation, { minLength: 1, maxLength: 4 }), (policy, ms) => {
      const text = mutate(policy.text, ms);
      const out = compilePolicy(text, policy.fields === undefined ? {} : { customFields: policy.fields });
      rangesInside(out.diagnostics, text);
      if (out.value) expect(loadArtifact(out.value).diagnostics).toEqual([]);
      const formatted = formatPolicy(text);
      if (!formatted.value) return;
      expect(formatPolicy(formatted.value).value).toBe(formatted.value);
      const again = compilePolicy(formatted.value, policy.fields === undefined ? {} : { customFields: policy.fields });
      expect(again.value === undefined).toBe(out.value === undefined);
      if (out.value) expect(withoutPositions(again.value!)).toEqual(withoutPositions(out.value));
    }), { numRuns: 300, seed: SEED });
  });
});

describe("line breaks", () => {
  // One definition of a line everywhere: "\r\n", "\n" and a lone "\r" each end one.
  const breaks = fc.array(fc.constantFrom("\n", "\r\n", "\r"), { minLength: 1, maxLength: 400 });
  const where = (text: string, out: { diagnostics: Diagnostic[] }) => out.diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column, d.range?.end.line, d.range?.end.column, d.range ? text.slice(d.range.start.offset, d.range.end.offset).replace(/\r\n|\r/g, "\n") : ""]);

  it("give the same lines, columns and offsets whatever mix of \\n, \\r\\n and \\r a policy uses, and the renderer shows that line", () => {
    fc.assert(fc.property(fc.constantFrom(...LIBRARY), breaks, fc.array(mutation, { minLength: 0, maxLength: 2 }), (policy, style, ms) => {
      const base = mutate(policy.text, ms);
      let n = 0;
      let previous = -2;
      let previousBreak = "";
      const text = base.replace(/\n/g, (_, at: number) => {
        let chosen = style[n++ % style.length]!;
        // "\r" then "\n" would read as one "\r\n": write the second break so it stays a break of its own.
        if (chosen === "\n" && previousBreak.endsWith("\r") && at === previous + 1) chosen = "\r\n";
        previous = at;
        previousBreak = chosen;
        return chosen;
      });
      const options = policy.fields === undefined ? {} : { customFields: policy.fields };
      const expected = compilePolicy(base, options);
      const actual = compilePolicy(text, options);
      expect(where(text, actual)).toEqual(where(base, expected));
      const lines = base.split("\n");
      for (const d of actual.diagnostics.filter((x) => x.range)) {
        // The code frame shows (a window of) the diagnostic's own line, with the problem in it.
        const frame = (renderDiagnostics([d], text).split("\n")[1] ?? "").split("| ").slice(1).join("| ").replace(/^…|…$/g, "");
        const line = lines[d.range!.start.line - 1]!.replace(/\t/g, " ");
        expect(line).toContain(frame);
        expect(frame).toContain(line.slice(d.range!.start.column - 1, d.range!.start.column + 9));
      }
    }), { numRuns: 200, seed: SEED });
  });
});

// ---- generated valid policies -------------------------------------------------------------------

const ws = fc.constantFrom(" ", "  ", "\n  ", "\n\n  ", " # note\n  ", "\t");
const atom = fc.oneof(
  fc.constantFrom("item.finalSale", "item.personalized", "request.wholeOrder", "order.shipping.interceptable"),
  fc.tuple(fc.constantFrom("order.status is", "order.status is not"), fc.constantFrom("delivered", "shipped", "paid")).map(([a, b]) => `${a} ${b}`),
  fc.tuple(fc.constantFrom("reason in", "reason not in"), fc.subarray(["damaged", "defective", "size", "other"], { minLength: 1 })).map(([a, b]) => `${a} [${b.join(", ")}]`),
  fc.tuple(fc.constantFrom("item.paid <=", "item.paid >", "request.value >="), fc.integer({ min: 0, max: 99999 })).map(([a, b]) => `${a} USD ${(b / 100).toFixed(2)}`),
  fc.tuple(fc.constantFrom("within", "more than", "at least", "less than"), fc.integer({ min: 1, max: 90 }), fc.constantFrom("days", "hours"), fc.constantFrom("of delivery", "after shipment", "after purchase"))
    .map(([a, n, u, anchor]) => `${a} ${n} ${u} ${a === "within" ? anchor : anchor.replace(/^of/, "after")}`),
  fc.constantFrom("customer.stats.returns12m >= 5", "customer.tags contains vip", "delivery is present", "customer.tier is gold"),
);
const condition: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(tie("c"), fc.constantFrom("and", "or"), tie("c"), ws).map(([a, op, b, w]) => `${a}${w}${op} ${b}`),
    tie("c").map((c) => `not (${c})`),
    tie("c").map((c) => `(${c})`),
  ),
})).c;
const outcome = fc.oneof(
  fc.constantFrom('deny "No."', 'review "A person checks."'),
  fc.tuple(fc.integer({ min: 1, max: 100 }), fc.boolean(), fc.boolean(), ws).map(([p, fee, ship, w]) =>
    `approve${w}refund ${p}% of item${fee ? `${w}  minus 10% "restocking fee" when item.condition is opened` : ""}${ship ? `${w}plus shipping` : ""}${w}return shipping paid by customer`),
);
const validPolicy = fc.tuple(fc.array(fc.tuple(condition, outcome, ws), { minLength: 1, maxLength: 6 }), outcome, fc.boolean()).map(([rules, last, comment]) =>
  [`${comment ? "# A generated policy\n" : ""}policy "Generated" for returns`, "  currency USD", ...rules.map(([c, o, w], i) => `rule "R${i}"${w}when ${c}${w}${o}`), `otherwise ${last.startsWith("approve") ? 'deny "No."' : last}`, ""].join("\n"));

describe("generated valid policies", () => {
  it("format idempotently, keep their comments, and compile to the same rules", () => {
    fc.assert(fc.property(validPolicy, (text) => {
      const parsed = parsePolicy(text);
      expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const formatted = formatPolicy(text).value!;
      expect(formatPolicy(formatted).value).toBe(formatted);
      expect(parsePolicy(formatted).value!.comments.map((c) => c.text.trim())).toEqual(parsed.value!.comments.map((c) => c.text.trim()));
      const before = compilePolicy(text);
      const after = compilePolicy(formatted);
      expect(after.diagnostics.map((d) => d.code)).toEqual(before.diagnostics.map((d) => d.code));
      if (before.value) expect(withoutPositions(after.value!)).toEqual(withoutPositions(before.value));
      if (before.value) expect(loadArtifact(before.value).diagnostics).toEqual([]);
    }), { numRuns: 300, seed: SEED });
  });
});

describe("what compiles, loads", () => {
  // Names, labels and messages of every length up to the parser's own limit: the checker and the
  // artifact schema read one table of limits, so an artifact is either loadable or never made.
  const name = fc.oneof(fc.string({ minLength: 1, maxLength: 260 }), fc.integer({ min: 1, max: 10_000 }).map((n) => "x".repeat(n)))
    .map((s) => s.replace(/["\\\n\r{}]/g, "a") || "a");
  const placeholders = fc.integer({ min: 0, max: 150 }).map((n) => Array.from({ length: n }, (_, i) => `part ${i} {order.id}`).join(" "));
  it("every artifact the compiler emits is accepted by the loader, whatever the lengths of names and messages", () => {
    fc.assert(fc.property(name, name, name, name, name, placeholders, (policy, rule, version, terms, label, message) => {
      const text = [
        `policy "${policy}" for returns`, "  currency USD", "",
        `define terms "${terms}" as`, "  refund 100% of item", `    minus 10% "${label}" when item.condition is opened`, "  return shipping paid by customer", "",
        `version "${version}"`, "",
        `rule "${rule}"`, "  when reason is damaged", `  approve with "${terms}"`, `    message "${message}"`, "",
        "otherwise", '  deny "No."', "",
      ].join("\n");
      const out = compilePolicy(text);
      const tooLong = [policy, rule, version, terms, label].some((n) => n.length > 200);
      const codes = out.diagnostics.map((d) => d.code);
      if (tooLong) expect(codes).toContain("limit/name-too-long");
      expect(codes).not.toContain("internal/compiler");
      if (out.value) {
        expect(loadArtifact(out.value).diagnostics).toEqual([]);
        expect(loadArtifact(JSON.stringify(out.value)).diagnostics).toEqual([]);
      } else expect(codes.some((c) => c.startsWith("limit/"))).toBe(true);
    }), { numRuns: 300, seed: SEED });
  });

  it("reproduces the report: a 201-character rule name passed lint and every eval refused the artifact", () => {
    const text = `policy "P" for returns\n  currency USD\n\nrule "${"r".repeat(201)}"\n  deny "No."\n\notherwise\n  deny "No."\n`;
    const out = compilePolicy(text);
    expect(out.value).toBeUndefined();
    expect(out.diagnostics.map((d) => [d.code, d.range!.start.line, d.range!.start.column])).toEqual([["limit/name-too-long", 4, 6]]);
    const ok = compilePolicy(text.replace("r".repeat(201), "r".repeat(200)));
    expect(loadArtifact(ok.value!).diagnostics).toEqual([]);
  });

  it("a 200-character terms name with a gated deduction loads (its clauses once took the name into an id)", () => {
    const terms = "t".repeat(200);
    const out = compilePolicy(`policy "P" for returns\n  currency USD\n\ndefine terms "${terms}" as\n  refund 100% of item\n    minus 10% "fee" when item.condition is opened\n  return shipping paid by customer\n\nrule "R"\n  approve with "${terms}"\n\notherwise\n  deny "No."\n`);
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(loadArtifact(out.value!).diagnostics).toEqual([]);
  });
});

// ---- events -------------------------------------------------------------------------------------

const LOADED = LIBRARY.map((p) => ({
  name: p.file.slice(ROOT.length),
  policy: loadArtifact(compilePolicy(p.text, p.fields === undefined ? {} : { customFields: p.fields }).value!).value!,
  seeds: resolveTestCases(YAML.parse(readFileSync(p.file.replace(/\.policy$/, ".test.yaml"), "utf8")) as PolicyTestFile).map((c) => c.event),
}));

function moneyInvariants(d: Decision, event: Record<string, any>, policy: LoadedPolicy): void {
  expect(d.refund.currency).toBe(policy.artifact.policy.currency);
  for (const item of d.items) {
    const line = event.order.items.find((l: { id: string }) => l.id === item.id);
    expect(Number.isSafeInteger(item.refund.amount)).toBe(true);
    expect(item.refund.amount).toBeGreaterThanOrEqual(0);
    expect(item.refund.amount).toBeLessThanOrEqual(line.paid - (line.refunded ?? 0));
    const asked = event.request.items.find((r: { id: string }) => r.id === item.id).quantity;
    const q = BigInt(Math.min(asked, line.quantity));
    const share = (BigInt(line.paid) * q * 2n + BigInt(line.quantity)) / (2n * BigInt(line.quantity)); // half-up
    expect(BigInt(item.refund.amount) <= share).toBe(true);
    if (item.outcome !== "approve") expect(item.refund.amount).toBe(0);
  }
  const byMethod = new Map<string, number>();
  for (const item of d.items) if (item.refund.method) byMethod.set(item.refund.method, (byMethod.get(item.refund.method) ?? 0) + item.refund.amount);
  for (const a of d.refund.breakdown.adjustments) byMethod.set(a.method, (byMethod.get(a.method) ?? 0) + a.amount);
  const total = [...byMethod.values()].reduce((n, v) => n + Math.max(0, v), 0);
  expect(d.refund.amount).toBe(total);
  expect(d.refund.amount).toBeGreaterThanOrEqual(0);
  if (byMethod.size <= 1) {
    const items = d.items.reduce((n, i) => n + i.refund.amount, 0);
    const adjustments = d.refund.breakdown.adjustments.reduce((n, a) => n + a.amount, 0);
    expect(d.refund.amount).toBe(Math.max(0, items + adjustments));
  }
}

/** Whether what the event reports as past happened in order, before the request: written out here, independently of the runtime. */
function timestampsInOrder(e: Record<string, any>): boolean {
  const t = (v: unknown) => (typeof v === "string" ? Date.parse(v) : undefined);
  const chain = [t(e.order.placedAt), t(e.order.shipping?.shippedAt), t(e.order.shipping?.deliveredAt), t(e.at)].filter((x) => x !== undefined) as number[];
  const ordered = chain.every((x, i) => i === 0 || chain[i - 1]! <= x);
  const between = [e.delivery?.restaurantAcceptedAt, e.delivery?.courierAssignedAt].map(t).every((x) => x === undefined || (x >= t(e.order.placedAt)! && x <= t(e.at)!));
  const booked = t(e.booking?.bookedAt) === undefined || t(e.booking.bookedAt)! <= t(e.at)!;
  const period = t(e.subscription?.periodStart) === undefined || t(e.subscription.periodStart)! <= t(e.subscription.periodEnd)!;
  return ordered && between && booked && period;
}

describe("random valid events", () => {
  for (const { name, policy, seeds } of LOADED) {
    it(`${name}: money invariants hold, timestamps out of order are refused, and the same input always gives the same decision`, async () => {
      await fc.assert(fc.asyncProperty(eventsFrom(seeds), async (event) => {
        const first = await evaluate(policy, event);
        const second = await evaluate(policy, JSON.parse(JSON.stringify(event)));
        expect(second).toEqual(first);
        if (first.value) {
          moneyInvariants(first.value, event, policy);
          expect(timestampsInOrder(event)).toBe(true);
        } else for (const d of first.diagnostics) expect(d.code).toMatch(/^(event|policy|eval)\//);
        if (!timestampsInOrder(event) && !first.diagnostics.some((d) => d.code === "event/invalid")) expect(first.diagnostics.map((d) => d.code)).toContain("event/time-order");
      }), { numRuns: 300, seed: SEED });
    }, 60_000);
  }
});

describe("money beyond 2^53 − 1", () => {
  const policy = loadArtifact(compileText(`policy "Big" for returns
  currency USD

rule "Everything back"
  approve
    refund 100% of item
      minus USD 1.00 "handling" once per request
    plus shipping
    return shipping paid by merchant

otherwise
  deny "No."
`)).value!;
  const big = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 2 ** 51, max: Number.MAX_SAFE_INTEGER }));

  it("is refused with eval/overflow wherever it would be added, never rounded: checked against BigInt, on both evaluators", async () => {
    await fc.assert(fc.asyncProperty(fc.array(big, { minLength: 1, maxLength: 4 }), big, async (paid, shipping) => {
      const event = corpusEvent("retail-returns", 4) as Record<string, any>;
      const line = event.order.items[0];
      event.order.items = paid.map((p, i) => ({ ...line, id: `B${i}`, quantity: 1, unitPrice: p, paid: p, refunded: 0 }));
      event.order.shipping.paid = shipping;
      event.order.shipping.refunded = 0;
      event.request.items = paid.map((_, i) => ({ id: `B${i}`, quantity: 1 }));
      const items = paid.map((p) => BigInt(p));
      // The request's value, and the total (items, plus shipping, less the fee once per request, never below 0) must be exact.
      const value = items.reduce((a, b) => a + b, 0n);
      const gross = value + BigInt(shipping);
      const total = gross > 100n ? gross - 100n : 0n;
      const fast = await evaluate(policy, event);
      const jre = await evaluate(policy, event, { engine: "jre" });
      expect(jre).toEqual(fast);
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || gross > BigInt(Number.MAX_SAFE_INTEGER)) {
        expect(fast.diagnostics.map((d) => d.code)).toEqual(["eval/overflow"]);
      } else {
        expect(fast.diagnostics).toEqual([]);
        expect(BigInt(fast.value!.refund.amount)).toBe(total);
      }
    }), { numRuns: 300, seed: SEED });
  });

  it("reproduces the report: two lines of 2^52 were totalled with rounding instead of refused", async () => {
    const event = corpusEvent("retail-returns", 4) as Record<string, any>;
    const line = event.order.items[0];
    event.order.items = [{ ...line, id: "A", quantity: 1, unitPrice: 2 ** 52 + 1, paid: 2 ** 52 + 1 }, { ...line, id: "B", quantity: 1, unitPrice: 2 ** 52, paid: 2 ** 52 }];
    event.request.items = [{ id: "A", quantity: 1 }, { id: "B", quantity: 1 }];
    for (const engine of ["fast", "jre"] as const) expect((await evaluate(policy, event, { engine })).diagnostics.map((d) => d.code)).toEqual(["eval/overflow"]);
  });
});

const anyJson = fc.jsonValue({ maxDepth: 4 });
const schemaBreak = fc.tuple(
  fc.constantFrom("type", "at", "reason", "order.id", "order.currency", "order.status", "order.items.0.paid", "order.items.0.quantity", "order.items", "customer", "request.items.0.quantity", "request.items", "order.shipping.paid", "order.placedAt", "customer.stats.returns12m", "extra", "order.extra"),
  fc.oneof(anyJson, fc.constant(undefined), fc.constant(-1), fc.constant(1.5), fc.constant("x".repeat(300)), fc.constant(Number.MAX_SAFE_INTEGER + 2)),
);

describe("random invalid events", () => {
  const policy = LOADED.find((p) => p.name.endsWith("retail-returns.policy"))!.policy;
  it("give errors that name a path, never an exception", async () => {
    await fc.assert(fc.asyncProperty(fc.array(schemaBreak, { minLength: 1, maxLength: 3 }), async (breaks) => {
      const event: Record<string, any> = corpusEvent("retail-returns", 4);
      for (const [path, value] of breaks) {
        const keys = path.split(".");
        let target: any = event;
        for (const k of keys.slice(0, -1)) target = target?.[k];
        if (target && typeof target === "object") {
          if (value === undefined) delete target[keys[keys.length - 1]!];
          else target[keys[keys.length - 1]!] = value;
        }
      }
      const result = await evaluate(policy, event);
      if (result.value) return; // some changes keep the event valid (an equal value, an allowed string)
      expect(result.diagnostics.length).toBeGreaterThan(0);
      for (const d of result.diagnostics) {
        expect(d.code).toMatch(/^(event|policy|eval)\//);
        expect(typeof d.path).toBe("string");
      }
    }), { numRuns: 500, seed: SEED });
  });

  it("any JSON value at all is refused cleanly", async () => {
    await fc.assert(fc.asyncProperty(fc.anything({ maxDepth: 3 }), async (value) => {
      const result = await evaluate(policy, value);
      expect(result.value).toBeUndefined();
      expect(result.diagnostics[0]!.code).toMatch(/^event\//);
    }), { numRuns: 300, seed: SEED });
  });
});

// ---- hostile sizes and depths ---------------------------------------------------------------------

describe("hostile input", () => {
  const head = 'policy "x" for returns\n  currency USD\n';
  const codes = (text: string) => compilePolicy(text).diagnostics.map((d) => d.code);

  it("10,000 nested parentheses, 10,000 nots: an error, not a stack overflow", () => {
    expect(codes(`${head}rule "a" when ${"(".repeat(10_000)}item.finalSale${")".repeat(10_000)} deny "x"\notherwise deny "n"`)).toEqual(["limit/too-deep"]);
    expect(codes(`${head}rule "a" when ${"not ".repeat(10_000)}item.finalSale deny "x"\notherwise deny "n"`)).toEqual(["limit/too-deep"]);
    expect(formatPolicy(`${head}rule "a" when ${"(".repeat(10_000)}`).value).toBeUndefined();
  });

  it("a 30,000-term condition or amount, 20,000 rules, a 20,000-character text: clear limits", () => {
    expect(codes(`${head}rule "a" when ${Array(30_000).fill("item.finalSale").join(" and ")} deny "x"\notherwise deny "n"`)).toEqual(["limit/too-complex"]);
    expect(codes(`${head}rule "a" approve refund ${Array(30_000).fill("item").join(" + ")}\notherwise deny "n"`)).toEqual(["limit/too-complex"]);
    expect(codes(`${head}rule "a" when reason in [${Array(550_000).fill("a").join(", ")}] deny "x"`)).toEqual(["limit/file-too-large"]); // 1.1 million tokens in 1.65 million characters
    expect(codes(`${head}${Array.from({ length: 10_001 }, (_, i) => `rule "r${i}"`).join("\n")}`)).toEqual(["limit/too-many-rules"]);
    expect(codes(`${head}rule "a" deny "${"y".repeat(20_000)}"\notherwise deny "n"`)).toContain("limit/string-too-long");
  });

  it("a 50 MB file is refused before lexing", () => {
    const t = performance.now();
    expect(codes(`${head}#${"x".repeat(50 * 1024 * 1024)}`)).toEqual(["limit/file-too-large"]);
    expect(performance.now() - t).toBeLessThan(5_000); // a hang guard, not a benchmark
  });

  it("10,000 rules that all talk about the same fields compile in bounded time (the unreachable-rule check has a budget)", () => {
    let text = head;
    for (let i = 0; i < 10_000; i++) text += `rule "r${i}" when item.paid > USD ${10_000 - i}.00 and reason is damaged deny "x"\n`;
    const t = performance.now();
    const out = compilePolicy(`${text}otherwise deny "n"\n`);
    expect(out.value).toBeDefined();
    expect(performance.now() - t).toBeLessThan(20_000); // a hang guard (was 90 s before the budget), not a benchmark
  }, 30_000);

  it("a chain of 2,000 named conditions stops at 32 levels", () => {
    let text = head;
    for (let i = 0; i < 2000; i++) text += `define "d${i}" as "d${i + 1}"\n`;
    text += 'define "d2000" as item.finalSale\nrule "a" when "d0" deny "x"\notherwise deny "n"';
    // Each of the 2,000 definitions is too deep: the first 1,000 are listed, then a count of the rest.
    expect(new Set(codes(text))).toEqual(new Set(["limit/too-deep", "limit/too-many-diagnostics"]));
  });

  it("deep, huge, cyclic or prototype-laden artifacts are refused", () => {
    const artifact = compileText(readFileSync(`${ROOT}policies/retail-returns.policy`, "utf8")) as any;
    let deep: any = { fact: "event", path: "reason", operator: "is", value: "x", name: "c0" };
    for (let i = 0; i < 1000; i++) deep = { all: [deep] };
    const tampered = { ...structuredClone(artifact), rules: [{ ...artifact.rules[0], conditions: deep }, ...artifact.rules.slice(1)] };
    tampered.hash = artifactHash(tampered);
    expect(loadArtifact(tampered).diagnostics.map((d) => d.code)).toEqual(["artifact/too-deep"]);
    expect(loadArtifact(JSON.stringify(tampered)).diagnostics.map((d) => d.code)).toEqual(["artifact/too-deep"]);
    expect(loadArtifact(`${"[".repeat(100_000)}${"]".repeat(100_000)}`).diagnostics[0]!.code).toMatch(/^artifact\//);
    const polluted = JSON.parse(JSON.stringify(artifact).replace('"format"', '"__proto__":{"polluted":1},"format"'));
    expect(loadArtifact(polluted).diagnostics[0]!.code).toBe("artifact/invalid");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("deep and huge events are refused", async () => {
    const policy = LOADED[0]!.policy;
    let deep: any = {};
    const event = { ...corpusEvent("retail-returns"), custom: deep };
    for (let i = 0; i < 100_000; i++) deep = deep.x = {};
    expect((await evaluate(policy, event)).diagnostics[0]!.code).toBe("event/too-deep");
    const wide = { ...corpusEvent("retail-returns"), custom: { list: Array.from({ length: 200_000 }, (_, i) => i) } };
    expect((await evaluate(policy, wide)).diagnostics[0]!.code).toBe("event/too-large");
    const cyclic: any = corpusEvent("retail-returns");
    cyclic.custom = { self: cyclic };
    expect((await evaluate(policy, cyclic)).diagnostics[0]!.code).toBe("event/too-deep");
  });

  it("no text under the limits takes more than a few seconds, and the report stays bounded (a hang guard, not a benchmark)", () => {
    const fill = (unit: string) => head + unit.repeat(Math.floor((990_000 - head.length) / unit.length));
    const hostile = {
      "lexer errors, one every other character": fill("@ "),
      "a run of tokens that recovery must skip, again and again": fill("when ( and ) rule deny "),
      "one line of a million characters": `${head}rule "a" when ${"x ".repeat(400_000)}`,
      "thousands of unknown fields": head + Array.from({ length: 9_000 }, (_, i) => `rule "r${i}" when item.nope${i} and item.zip${i} deny "x"`).join("\n"),
      "unclosed strings on every line": head + 'rule "a\n'.repeat(100_000),
      "lone carriage returns": fill("rule \"a\"\r  when item.nope\r  deny\r"),
    };
    for (const [what, text] of Object.entries(hostile)) {
      const t = performance.now();
      const out = compilePolicy(text);
      const rendered = renderDiagnostics(out.diagnostics, text);
      formatPolicy(text);
      expect(performance.now() - t, what).toBeLessThan(10_000);
      expect(out.diagnostics.length, what).toBeLessThanOrEqual(1_001);
      expect(rendered.length, what).toBeLessThan(2_000_000);
      expect(out.diagnostics.map((d) => d.code), what).not.toContain("internal/compiler");
    }
  }, 120_000);

  it("reproduces the report: a stack overflow and quadratic time when error recovery skipped to the end of the file again and again", () => {
    const text = head + Array.from({ length: 40_000 }, (_, i) => ["when", "(", "and", ")", "rule", "deny"][i % 6]).join(" ");
    const out = parsePolicy(text);
    expect(out.diagnostics.length).toBeGreaterThan(1_000);
    expect(compilePolicy(text).diagnostics.at(-1)!.code).toBe("limit/too-many-diagnostics");
  });

  it("policy text that names prototypes gets unknown-field errors, not a crash", () => {
    const text = `${head}rule "a" when item.__proto__ or constructor.prototype deny "x {__proto__.polluted}"\notherwise deny "n"`;
    expect(codes(text)).toEqual(["name/unknown-field", "name/unknown-field", "name/unknown-field"]);
  });
});
