// A merchant's own typed fields: declared once as a JSON Schema, checked in the policy and in events.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy, completionsAt, declaredFieldsFile, fieldsWithCustom, readCustomFields } from "../compiler/index.js";
import { artifactHash, evaluate, loadArtifact } from "../runtime/index.js";
import { proviso } from "./helpers/cli.js";
import { corpusEvent } from "./helpers/events.js";

const FIELDS = {
  type: "object",
  properties: {
    order: { type: "object", properties: { giftWrapped: { type: "boolean" } }, required: ["giftWrapped"] },
    item: { type: "object", properties: { warrantyYears: { type: "integer" }, restockCost: { type: "integer", "x-proviso": { type: "money" } } } },
    customer: { type: "object", properties: { segment: { enum: ["vip", "regular"] } } },
  },
};

const POLICY = `policy "Custom" for returns
  currency USD
rule "VIP"
  when customer.custom.segment is vip
  approve
    refund 100% of item
    return shipping paid by merchant
rule "Gift"
  when order.custom.giftWrapped and item.custom.warrantyYears >= 2
  approve
    refund 100% of item
      minus item.custom.restockCost "restocking"
    return shipping paid by customer
otherwise
  deny "No."`;

function event() {
  const e = corpusEvent("retail-returns", 3);
  e.order.custom = { giftWrapped: true };
  e.order.items[0].custom = { warrantyYears: 3, restockCost: 500 };
  e.customer.custom = { segment: "regular" };
  return e;
}

describe("custom fields", () => {
  const compiled = compilePolicy(POLICY, { customFields: FIELDS });
  const policy = loadArtifact(compiled.value!).value!;

  it("compile like built-in fields and travel in the artifact", () => {
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.value!.customFields).toEqual([
      { path: "order.custom.giftWrapped", type: "boolean", optional: false },
      { path: "item.custom.warrantyYears", type: "integer", optional: true },
      { path: "item.custom.restockCost", type: "money", optional: true },
      { path: "customer.custom.segment", type: "enum", optional: true, values: ["vip", "regular"] },
    ]);
  });

  it("decide with the event's values", async () => {
    const { value } = await evaluate(policy, event());
    expect(value!.items[0]!.rule.name).toBe("Gift");
    expect(value!.refund.amount).toBe(8990 - 500);
    const vip = event();
    vip.customer.custom.segment = "vip";
    expect((await evaluate(policy, vip)).value!.items[0]!.rule.name).toBe("VIP");
  });

  it("are checked in every event: required, typed, enum values", async () => {
    const missing = event();
    delete missing.order.custom;
    expect((await evaluate(policy, missing)).diagnostics.map((d) => d.path)).toEqual(["order.custom.giftWrapped"]);
    const wrong = event();
    wrong.order.items[0].custom.warrantyYears = "three";
    wrong.customer.custom.segment = "gold";
    const d = (await evaluate(policy, wrong)).diagnostics;
    expect(d.map((x) => [x.code, x.path])).toEqual([["event/invalid", "order.items[0].custom.warrantyYears"], ["event/invalid", "customer.custom.segment"]]);
  });

  it("are unknown without the schema, with a did-you-mean when misspelled", () => {
    expect(compilePolicy(POLICY).diagnostics.map((d) => d.code)).toContain("name/unknown-field");
    const typo = compilePolicy(POLICY.replace("customer.custom.segment is vip", "customer.custom.segmnt is vip"), { customFields: FIELDS });
    expect(typo.diagnostics[0]).toMatchObject({ code: "name/unknown-field", hint: "did you mean `customer.custom.segment`?" });
    const badValue = compilePolicy(POLICY.replace("segment is vip", "segment is gold"), { customFields: FIELDS });
    expect(badValue.diagnostics[0]!.code).toBe("type/unknown-value");
  });

  it("refuse a schema they cannot use, naming where", () => {
    const schema = JSON.parse('{"properties": {"order": {"properties": {"blob": {"type": "object", "properties": {"x": {"type": "null"}}}, "__proto__": {"type": "string"}}}, "request": {}, "rental": {"type": "string"}}}');
    const bad = compilePolicy(POLICY, { customFields: schema });
    expect(bad.value).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["fields/unsupported-type", "properties.order.properties.blob.properties.x"],
      ["fields/invalid", "properties.order.properties.__proto__"],
      ["fields/invalid", "properties.request"],
      ["fields/invalid", "properties.rental"],
    ]);
    expect(compilePolicy(POLICY, { customFields: "nope" }).diagnostics[0]!.code).toBe("fields/invalid");
  });

  it("are found by the CLI in proviso.fields.json beside the policy", () => {
    const dir = mkdtempSync(join(tmpdir(), "proviso-fields-"));
    writeFileSync(join(dir, "custom.policy"), POLICY);
    writeFileSync(join(dir, "event.json"), JSON.stringify(event()));
    expect(proviso(["lint", join(dir, "custom.policy")]).code).toBe(1);
    writeFileSync(join(dir, "proviso.fields.json"), JSON.stringify(FIELDS));
    expect(proviso(["lint", join(dir, "custom.policy")])).toMatchObject({ code: 0, stderr: "" });
    const r = proviso(["eval", join(dir, "custom.policy"), "--event", join(dir, "event.json"), "--format", "json"]);
    expect(JSON.parse(r.stdout).items[0].rule.name).toBe("Gift");
  });
});

// The merchant's own vocabulary: codes of its own for built-in fields, sections of its own, and which
// fields file a policy is written against.
const VOCABULARY = {
  properties: {
    rental: { type: "object", properties: { rateCode: { enum: ["daily", "weekly"] }, deposit: { type: "integer", "x-proviso": { type: "money" } } }, required: ["rateCode"] },
  },
  required: ["rental"],
  values: { reason: ["warranty_claim", "damaged"] },
};

const RENTALS = `policy "Rentals" for returns
  currency USD
rule "Warranty on weekly rentals"
  when reason is warranty_claim and rental.rateCode is weekly
  approve
    refund 100% of item
      minus rental.deposit "deposit kept"
    return shipping paid by merchant
otherwise
  deny "No."`;

function rentalEvent() {
  const e = corpusEvent("retail-returns", 3);
  e.reason = "warranty_claim";
  e.rental = { rateCode: "weekly", deposit: 1000 };
  return e;
}

describe("the merchant's own vocabulary", () => {
  const compiled = compilePolicy(RENTALS, { customFields: VOCABULARY });
  const policy = loadArtifact(compiled.value!).value!;

  it("extends a built-in enum with the merchant's codes only, and adds typed sections of its own", () => {
    expect(compiled.diagnostics).toEqual([]);
    // `damaged` is built in already: only the new code travels, and the artifact says it needs a newer runtime.
    expect(compiled.value!.enumValues).toEqual({ reason: ["warranty_claim"] });
    expect(compiled.value!.customFields).toEqual([
      { path: "rental.rateCode", type: "enum", optional: false, values: ["daily", "weekly"] },
      { path: "rental.deposit", type: "money", optional: true },
    ]);
    expect(compiled.value!.formatVersion).toBe(2);
  });

  it("decides with the merchant's codes and sections, the same with both evaluators", async () => {
    const fast = await evaluate(policy, rentalEvent());
    expect(await evaluate(policy, rentalEvent(), { engine: "jre" })).toEqual(fast);
    expect(fast.value!.items[0]!.rule.name).toBe("Warranty on weekly rentals");
    const line = rentalEvent().order.items[0];
    expect(fast.value!.items[0]!.refund.amount).toBe(line.paid - 1000);
  });

  it("still catches a misspelled value in the policy, and extends only the fields that take the merchant's codes", () => {
    const typo = compilePolicy(RENTALS.replace("is warranty_claim", "is waranty_claim"), { customFields: VOCABULARY });
    expect(typo.diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([["type/unknown-value", 4]]);
    expect(typo.diagnostics[0]!.message).toContain("warranty_claim");
    const notExtensible = compilePolicy(RENTALS, { customFields: { ...VOCABULARY, values: { initiator: ["robot"] } } });
    expect(notExtensible.diagnostics.map((d) => [d.code, d.path])).toEqual([["fields/invalid", "values.initiator"]]);
    expect(compilePolicy(RENTALS).diagnostics.map((d) => d.code)).toEqual(["type/unknown-value", "name/unknown-field", "name/unknown-field"]);
  });

  it("finds the fields file a policy names from its header alone", () => {
    const body = '\nrule "r"\n  when reason is damaged\n  deny "n"\notherwise\n  deny "n"\n';
    expect(declaredFieldsFile(`policy "x" for returns\n  currency USD\n  fields "a.json"\n${body}`)).toBe("a.json");
    expect(declaredFieldsFile(`# fields "not-this.json"\npolicy "x" for returns\n  currency USD\n${body}`)).toBeUndefined();
    expect(declaredFieldsFile(`policy "x" for returns\n  currency USD${body}${"\n".repeat(3)}  fields "too-late.json"\n`)).toBeUndefined();
  });

  it("completes the merchant's codes after `is`, once each, beside the built-in values", () => {
    const fields = fieldsWithCustom(readCustomFields(VOCABULARY).value!);
    const text = 'policy "x" for returns\n  currency USD\nrule "a"\n  when reason is ';
    const labels = completionsAt(text, text.length, fields).map((c) => c.label);
    expect(labels).toContain("warranty_claim");
    expect(labels).toContain("changed_mind");
    expect(labels.filter((l) => l === "damaged")).toHaveLength(1);
    expect(fields.filter((f) => f.path === "reason")).toHaveLength(1);
  });

  it("refuses an event with a code the policy does not know, in the words the schema uses for built-in ones", async () => {
    const unknown = rentalEvent();
    unknown.reason = "warranty";
    const refused = await evaluate(policy, unknown);
    expect(refused.diagnostics.map((d) => [d.code, d.path])).toEqual([["event/invalid", "reason"]]);
    expect(refused.diagnostics[0]!.message).toMatch(/^reason must be one of changed_mind, .*, other, warranty_claim$/);
    // A policy without the extension refuses the merchant's code, saying the same thing without it.
    const plain = loadArtifact(compilePolicy('policy "Plain" for returns\n  currency USD\nrule "a"\n  when reason is damaged\n  approve\n    refund 100% of item\n    return shipping paid by merchant\notherwise\n  deny "n"').value!).value!;
    const withCode = rentalEvent();
    delete withCode.rental;
    const plainRefusal = (await evaluate(plain, withCode)).diagnostics;
    expect(plainRefusal.map((d) => [d.code, d.path])).toEqual([["event/invalid", "reason"]]);
    expect(plainRefusal[0]!.message).toBe(refused.diagnostics[0]!.message.replace(", warranty_claim", ""));
  });

  it("checks the sections of the merchant's own like built-in ones: required, typed, and no unknown top-level keys", async () => {
    const cases: [(e: Record<string, any>) => void, string][] = [
      [(e) => { delete e.rental; }, "rental.rateCode"],
      [(e) => { e.rental.rateCode = "monthly"; }, "rental.rateCode"],
      [(e) => { e.rental.deposit = -5; }, "rental.deposit"],
      [(e) => { e.rental = "weekly"; }, "rental"],
      [(e) => { e.rentl = {}; }, "rentl"],
    ];
    for (const [change, path] of cases) {
      const e = rentalEvent();
      change(e);
      for (const engine of ["fast", "jre"] as const) {
        expect((await evaluate(policy, e, { engine })).diagnostics.map((d) => [d.code, d.path]), path).toEqual([["event/invalid", path]]);
      }
    }
  });

  it("refuses an artifact that extends a field which takes no more values, or puts own fields in a built-in section", () => {
    for (const [change, message] of [
      [(a: Record<string, any>) => { a.enumValues = { initiator: ["robot"] }; }, 'enumValues: "initiator" is not a field that takes more values'],
      [(a: Record<string, any>) => { a.customFields[0].path = "order.rateCode"; }, 'customFields[0]: "order.rateCode" is inside a built-in section'],
    ] as const) {
      const { hash: _old, ...content } = structuredClone(compiled.value!) as Record<string, any>;
      change(content);
      const loaded = loadArtifact({ ...content, hash: artifactHash(content) });
      expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`)).toContain(`artifact/invalid ${message}`);
    }
  });

  it("lets each policy in a folder name its own fields file, or find it by its name, before the folder's", () => {
    const dir = mkdtempSync(join(tmpdir(), "proviso-vocabulary-"));
    writeFileSync(join(dir, "rentals.policy"), RENTALS.replace("reason is warranty_claim and ", ""));
    writeFileSync(join(dir, "rentals.fields.json"), JSON.stringify({ properties: VOCABULARY.properties }));
    writeFileSync(join(dir, "warranty.policy"), RENTALS.replace('  currency USD\n', '  currency USD\n  fields "shared/warranty.json"\n').replace(" and rental.rateCode is weekly", "").replace(/\n.*minus rental.deposit.*/, ""));
    mkdirSync(join(dir, "shared"));
    writeFileSync(join(dir, "shared", "warranty.json"), JSON.stringify({ values: VOCABULARY.values }));
    // The folder's file would give neither policy what it needs.
    writeFileSync(join(dir, "proviso.fields.json"), JSON.stringify({ values: { reason: ["something_else"] } }));
    expect(proviso(["lint", dir])).toMatchObject({ code: 0, stderr: "" });
    writeFileSync(join(dir, "event.json"), JSON.stringify(rentalEvent()));
    const rentals = proviso(["eval", join(dir, "rentals.policy"), "--event", join(dir, "event.json"), "--format", "json"]);
    expect(rentals.stderr).toContain("reason must be one of");
    const withoutCode = rentalEvent();
    withoutCode.reason = "damaged";
    writeFileSync(join(dir, "event.json"), JSON.stringify(withoutCode));
    expect(JSON.parse(proviso(["eval", join(dir, "rentals.policy"), "--event", join(dir, "event.json"), "--format", "json"]).stdout).items[0].rule.name).toBe("Warranty on weekly rentals");
    const warrantyEvent = rentalEvent();
    delete warrantyEvent.rental;
    writeFileSync(join(dir, "event.json"), JSON.stringify(warrantyEvent));
    expect(JSON.parse(proviso(["eval", join(dir, "warranty.policy"), "--event", join(dir, "event.json"), "--format", "json"]).stdout).outcome).toBe("approve");
    // A named file that is not there is an error at the setting.
    writeFileSync(join(dir, "warranty.policy"), RENTALS.replace('  currency USD\n', '  currency USD\n  fields "missing.json"\n'));
    const missing = proviso(["lint", join(dir, "warranty.policy")]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/warranty\.policy:3:10: error .*"missing\.json".* \[fields\/not-found\]/);
  });
});
