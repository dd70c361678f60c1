// A merchant's own typed fields: declared once as a JSON Schema, checked in the policy and in events.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../compiler/index.js";
import { evaluate, loadArtifact } from "../runtime/index.js";
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
    const schema = JSON.parse('{"properties": {"order": {"properties": {"blob": {"type": "object", "properties": {"x": {"type": "null"}}}, "__proto__": {"type": "string"}}}, "shipment": {}}}');
    const bad = compilePolicy(POLICY, { customFields: schema });
    expect(bad.value).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["fields/unsupported-type", "properties.order.properties.blob.properties.x"],
      ["fields/invalid", "properties.order.properties.__proto__"],
      ["fields/invalid", "properties.shipment"],
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
