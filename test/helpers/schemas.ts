import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { DECISION_SCHEMA } from "../../runtime/index.js";

const require = createRequire(import.meta.url);
const ajv = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);

/** Validates a decision against the published decision schema; returns the errors as text. */
export const checkDecision = (() => {
  const validate = ajv.compile(DECISION_SCHEMA);
  return (decision: unknown): string[] => (validate(decision) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
})();

/** Validates a SARIF log against the SARIF 2.1.0 JSON Schema (a draft-04 schema; its one pattern is not valid in Unicode mode). */
export const validateSarif = (() => {
  let validate: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
  return (log: unknown): string[] => {
    if (!validate) {
      const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
      const sarifAjv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats.default(sarifAjv as unknown as Parameters<typeof addFormats.default>[0]);
      validate = sarifAjv.compile(schema);
    }
    return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
})();
