import Ajv from "ajv";
import addFormats from "ajv-formats";
import { DECISION_SCHEMA } from "../../runtime/index.js";

const ajv = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);

/** Validates a decision against the published decision schema; returns the errors as text. */
export const checkDecision = (() => {
  const validate = ajv.compile(DECISION_SCHEMA);
  return (decision: unknown): string[] => (validate(decision) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
})();
