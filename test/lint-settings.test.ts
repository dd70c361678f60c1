// Inline suppressions and configured lint levels, in the compiler (so the CLI, the playground and any
// editor give the same answer), and the configuration reader's checks.
import { describe, expect, it } from "vitest";
import { compilePolicy, readProjectConfig } from "../compiler/index.js";

const HEADER = 'policy "S" for returns\n  currency USD\n\n';
const found = (text: string, rules = {}) => compilePolicy(HEADER + text, { lintRules: rules }).diagnostics.map((d) => `${d.code}:${d.severity}@${d.range!.start.line}`);

const UNSTATED = 'rule "Damaged"\n  when reason is damaged\n  approve\n    refund 100% of item\n\n';
const SILENT_DENY = 'otherwise\n  deny\n';

describe("inline suppressions", () => {
  it("a comment on its own line covers the whole rule that follows", () => {
    expect(found(UNSTATED + SILENT_DENY)).toEqual(["lint/return-shipping-unstated:warning@4", "lint/no-customer-reason:warning@9"]);
    expect(found(`# proviso-ignore lint/return-shipping-unstated: the label is prepaid\n${UNSTATED}${SILENT_DENY}`)).toEqual(["lint/no-customer-reason:warning@10"]);
  });

  it("skips blank lines and other comments between the suppression and the rule", () => {
    expect(found(`# proviso-ignore lint/return-shipping-unstated: prepaid\n\n# a note\n${UNSTATED}${SILENT_DENY}`)).toEqual(["lint/no-customer-reason:warning@12"]);
  });

  it("a trailing comment covers its own line only", () => {
    const absent = 'rule "Late"\n  when not within 30 days of delivery  # proviso-ignore lint/absent-unguarded: undelivered orders are refused earlier\n  deny "Too late."\n\n';
    expect(found(absent + SILENT_DENY)).toEqual(["lint/no-customer-reason:warning@8"]);
    const onOutcome = 'rule "Late"\n  when not within 30 days of delivery\n  deny "Too late."  # proviso-ignore lint/absent-unguarded: wrong line\n\n';
    expect(found(onOutcome + SILENT_DENY)).toEqual(["lint/absent-unguarded:warning@5", "lint/unused-suppression:warning@6", "lint/no-customer-reason:warning@8"]);
  });

  it("names several codes at once, covers only the codes it names, and reports each code it did not need", () => {
    const both = `# proviso-ignore lint/return-shipping-unstated, lint/no-customer-reason: decided by the support team\n${UNSTATED}`;
    const out = compilePolicy(HEADER + both + SILENT_DENY).diagnostics;
    expect(out.map((d) => `${d.code}@${d.range!.start.line}`)).toEqual(["lint/unused-suppression@4", "lint/no-customer-reason@10"]);
    expect(out[0]!.message).toBe("nothing here is reported as `lint/no-customer-reason`: remove it from this `proviso-ignore`");
    const rule = 'rule "Quiet"\n  when reason is damaged\n  deny\n\n';
    expect(found(`# proviso-ignore lint/no-customer-reason, lint/return-shipping-unstated: both\n${UNSTATED.replace("Damaged", "D2")}${SILENT_DENY}`)).toEqual(["lint/unused-suppression:warning@4", "lint/no-customer-reason:warning@10"]);
    expect(found(`# proviso-ignore lint/no-customer-reason: quiet\n${rule}${SILENT_DENY}`)).toEqual(["lint/no-customer-reason:warning@9"]);
  });

  it("reports a suppression that suppresses nothing", () => {
    expect(found(`# proviso-ignore lint/no-customer-reason: nothing to see\n${UNSTATED}${SILENT_DENY}`)).toEqual([
      "lint/unused-suppression:warning@4", "lint/return-shipping-unstated:warning@5", "lint/no-customer-reason:warning@10",
    ]);
  });

  it("refuses suppressions without a code, of codes that are not lint warnings, or without a reason", () => {
    const bad = (comment: string) => compilePolicy(`${HEADER}${comment}\n${SILENT_DENY}`).diagnostics.filter((d) => d.code === "lint/invalid-suppression").map((d) => [d.message, d.hint]);
    expect(bad("# proviso-ignore")).toEqual([["this `proviso-ignore` names no code", "# proviso-ignore lint/<code>: <why it is right here>"]]);
    expect(bad("# proviso-ignore lint/no-customer-reasn: typo")).toEqual([["`lint/no-customer-reasn` is not a lint code", "did you mean `lint/no-customer-reason`?"]]);
    expect(bad("# proviso-ignore lint/missing-otherwise: errors stay errors")).toEqual([["`lint/missing-otherwise` cannot be suppressed: only lint warnings can", undefined]]);
    expect(bad("# proviso-ignore name/unknown-field: no")).toEqual([["`name/unknown-field` cannot be suppressed: only lint warnings can", undefined]]);
    expect(bad("# proviso-ignore lint/no-customer-reason")).toEqual([["a `proviso-ignore` needs a reason after `:`", "# proviso-ignore lint/no-customer-reason: <why it is right here>"]]);
    expect(bad("# proviso-ignore lint/no-customer-reason:   ")).toHaveLength(1);
    // An invalid suppression suppresses nothing.
    expect(found(`# proviso-ignore lint/no-customer-reason\n${SILENT_DENY}`)).toEqual(["lint/invalid-suppression:warning@4", "lint/no-customer-reason:warning@5"]);
  });

  it("an ordinary comment that mentions proviso-ignore in passing is not a directive", () => {
    expect(found(`# we never use proviso-ignore here\n${SILENT_DENY}`)).toEqual(["lint/no-customer-reason:warning@5"]);
  });
});

describe("configured lint levels", () => {
  it("turns codes off, keeps them as warnings, or makes them errors that stop compiling", () => {
    const text = UNSTATED + SILENT_DENY;
    expect(found(text, { "lint/no-customer-reason": "off" })).toEqual(["lint/return-shipping-unstated:warning@4"]);
    expect(found(text, { "lint/no-customer-reason": "warn" })).toEqual(["lint/return-shipping-unstated:warning@4", "lint/no-customer-reason:warning@9"]);
    expect(found(text, { "lint/return-shipping-unstated": "error" })).toEqual(["lint/return-shipping-unstated:error@4", "lint/no-customer-reason:warning@9"]);
    expect(compilePolicy(HEADER + text, { lintRules: { "lint/return-shipping-unstated": "error" } }).value).toBeUndefined();
    expect(compilePolicy(HEADER + text).value).toBeDefined();
  });

  it("lets a suppression acknowledge a finding the configuration makes an error", () => {
    const text = `# proviso-ignore lint/return-shipping-unstated: prepaid label\n${UNSTATED}${SILENT_DENY}`;
    const out = compilePolicy(HEADER + text, { lintRules: { "lint/return-shipping-unstated": "error" } });
    expect(out.value).toBeDefined();
    expect(out.diagnostics.map((d) => d.code)).toEqual(["lint/no-customer-reason"]);
  });
});

describe("reading the configuration", () => {
  it("accepts rules and ignore, and an empty file", () => {
    expect(readProjectConfig({ rules: { "lint/unreachable-rule": "off" }, ignore: ["drafts/"] })).toEqual({ value: { rules: { "lint/unreachable-rule": "off" }, ignore: ["drafts/"] }, diagnostics: [] });
    expect(readProjectConfig(null).value).toEqual({ rules: {}, ignore: [] });
  });

  it("names the setting of every problem", () => {
    const out = readProjectConfig({ rules: { "lint/unreachable-rule": "silent", "type/mismatch": "off" }, ignore: "drafts", extra: 1 });
    expect(out.value).toBeUndefined();
    expect(out.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["config/invalid", "rules.lint/unreachable-rule"], ["config/invalid", "rules.type/mismatch"], ["config/invalid", "ignore"], ["config/invalid", "extra"],
    ]);
    expect(readProjectConfig([1]).diagnostics[0]!.code).toBe("config/invalid");
  });
});
