// Typed access to the precompiled validators, and the conversion of their errors to diagnostics that
// name the JSON path of the offending value.

import type { Code } from "./codes.js";
import { error, type Diagnostic } from "./diagnostic.js";
import { readInstants, timestampProblems } from "./instants.js";
import * as generated from "./generated/validators.js";

interface ValidationError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

interface Validator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}

const validateEventSchema = generated.validateEvent as unknown as Validator;
const validateArtifactSchema = generated.validateArtifact as unknown as Validator;

/** `/order/items/0/paid` → `order.items[0].paid`. */
export function pointerToPath(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(segment) ? `[${segment}]` : out ? `.${segment}` : segment;
  }
  return out;
}

function describe(e: ValidationError): { path: string; message: string } {
  const at = pointerToPath(e.instancePath);
  const join = (child: unknown) => (at ? `${at}.${String(child)}` : String(child));
  switch (e.keyword) {
    case "required":
      return { path: join(e.params.missingProperty), message: `${join(e.params.missingProperty)} is required` };
    case "additionalProperties":
      return { path: join(e.params.additionalProperty), message: `${join(e.params.additionalProperty)} is not a known field` };
    case "enum":
      return { path: at, message: `${at} must be one of ${(e.params.allowedValues as unknown[]).join(", ")}` };
    case "pattern":
      return { path: at, message: `${at} has the wrong format` };
    default:
      return { path: at, message: `${at || "the document"} ${e.message ?? "is invalid"}` };
  }
}

function toDiagnostics(validator: Validator, code: Code): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of validator.errors ?? []) {
    // oneOf failures repeat one problem per branch; the branch errors say it better.
    if (e.keyword === "oneOf" || e.keyword === "if") continue;
    const { path, message } = describe(e);
    if (seen.has(message)) continue;
    seen.add(message);
    out.push(error(code, message, { path }));
  }
  return out.length ? out : [error(code, "the document is invalid", { path: "" })];
}

/** Whether an event matches the schema (the common case: no diagnostics built). */
export function eventMatchesSchema(event: unknown): boolean {
  return validateEventSchema(event);
}

/**
 * Schema-checks an event without changing it (defaults are applied in a view: defaults.ts). Its
 * timestamps are checked by reading them (instants.ts), not by the validator's pattern.
 */
export function validateEventShape(event: unknown): Diagnostic[] {
  const problems = validateEventSchema(event) ? [] : toDiagnostics(validateEventSchema, "event/invalid");
  if (event === null || typeof event !== "object" || Array.isArray(event)) return problems;
  const timestamps = timestampProblems(event as Record<string, unknown>, readInstants(event as Record<string, unknown>));
  return timestamps.length ? [...problems, ...timestamps] : problems;
}

export function validateArtifactShape(artifact: unknown): Diagnostic[] {
  return validateArtifactSchema(artifact) ? [] : toDiagnostics(validateArtifactSchema, "artifact/invalid");
}
