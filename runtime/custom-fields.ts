// Checks the custom fields a policy declared (the artifact's `customFields`) in an event: presence
// of required ones and the type of every declared one. Undeclared custom data is left alone.

import type { CustomField } from "./artifact.js";
import { error, type Diagnostic } from "./diagnostic.js";
import { readPath } from "./paths.js";
import { parseInstant } from "./time.js";

function fits(field: CustomField, value: unknown): boolean {
  switch (field.type) {
    case "boolean": return typeof value === "boolean";
    case "integer": return Number.isSafeInteger(value);
    case "money": return Number.isSafeInteger(value) && (value as number) >= 0;
    case "number": return typeof value === "number" && Number.isFinite(value);
    case "string": return typeof value === "string";
    case "enum": return typeof value === "string" && (field.values ?? []).includes(value);
    case "timestamp": return parseInstant(value) !== undefined;
    case "list": return Array.isArray(value) && value.every((v) => typeof v === "string");
    default: return false;
  }
}

function describe(field: CustomField): string {
  if (field.type === "enum") return `one of ${(field.values ?? []).join(", ")}`;
  if (field.type === "timestamp") return "an ISO-8601 date-time with offset";
  if (field.type === "money") return "money in minor units (a non-negative integer)";
  if (field.type === "list") return "a list of strings";
  return `a${field.type === "integer" ? "n" : ""} ${field.type}`;
}

export function checkCustomFields(event: Record<string, unknown>, fields: readonly CustomField[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = ((event.order as { items?: unknown[] } | undefined)?.items ?? []) as unknown[];
  for (const field of fields) {
    const places: { where: string; value: unknown }[] = field.path.startsWith("item.")
      ? lines.map((line, i) => ({ where: `order.items[${i}].${field.path.slice(5)}`, value: readPath(line, field.path.slice(5)) }))
      : [{ where: field.path, value: readPath(event, field.path) }];
    for (const { where, value } of places) {
      if (value === undefined || value === null) {
        if (!field.optional) out.push(error("event/invalid", `${where} is required (a custom field of this policy)`, { path: where }));
      } else if (!fits(field, value)) {
        out.push(error("event/invalid", `${where} must be ${describe(field)}`, { path: where }));
      }
    }
  }
  return out;
}
