// Checks the custom fields a policy declared (the artifact's `customFields`) in an event: presence
// of required ones and the type of every declared one. Undeclared custom data is left alone.

import type { Artifact, CustomField } from "./artifact.js";
import { error, type Diagnostic } from "./diagnostic.js";
import { EVENT_ROOT_KEYS } from "./event-schema.js";
import { EXTENSIBLE_ENUM_PATHS, FIELD_BY_PATH } from "./fields.js";
import { readExtensibleValues } from "./generated/readers.js";
import { readPath } from "./paths.js";
import { parseInstant } from "./time.js";
import { validateEventShape } from "./validate.js";

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

/** The request's lines, whatever shape the event has (this check runs beside the schema's, not after it). */
function requestLines(event: Record<string, unknown>): readonly unknown[] {
  const items = (event.request as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) ? items : [];
}

const CUSTOM_ROOTS = /^(custom|order\.custom|item\.custom|customer\.custom)\./;

/** Whether a custom field lives in one of the `custom` objects (not in a section of the merchant's own). */
export function isInCustomObject(path: string): boolean {
  return CUSTOM_ROOTS.test(path);
}

/** Names a section of the merchant's own cannot take: the event's own sections, and how rules name the item and the event. */
export function isReservedSectionName(name: string): boolean {
  return EVENT_ROOT_KEYS[name] === true || name === "item" || name === "event";
}

/** Top-level sections of the merchant's own that the policy declares: the roots of its other custom fields. */
export function ownSections(fields: readonly CustomField[]): string[] {
  return [...new Set(fields.filter((f) => !isInCustomObject(f.path)).map((f) => f.path.split(".")[0]!))];
}

/** The values one extensible field accepts: its built-in ones and the artifact's `enumValues`. */
interface AllowedValues {
  path: string;
  allowed: ReadonlySet<string>;
  /** The values in words, for the message. */
  said: string;
}

/**
 * What the event schema leaves to the policy, worked out once per artifact (events are checked per
 * decision): the values of the enum fields a merchant may extend, and top-level keys (built-in
 * sections, plus the policy's own). The same messages as the schema's, so a refused event reads the
 * same either way.
 */
interface Vocabulary {
  sections: ReadonlySet<string>;
  /** Per extensible path of the event (not the item's), in the order readExtensibleValues reads them: the values allowed. */
  enums: AllowedValues[];
  /** The values of a requested line's `condition`. */
  condition: AllowedValues;
}

const vocabularies = new WeakMap<object, Vocabulary>();

function vocabularyOf(artifact: Pick<Artifact, "customFields" | "enumValues">): Vocabulary {
  let known = vocabularies.get(artifact);
  if (!known) {
    const enums = EXTENSIBLE_ENUM_PATHS.map((path): AllowedValues => {
      const values = [...FIELD_BY_PATH.get(path)!.values!, ...(artifact.enumValues?.[path] ?? [])];
      return { path, allowed: new Set(values), said: values.join(", ") };
    });
    known = {
      sections: new Set(ownSections(artifact.customFields ?? [])),
      enums: enums.filter((e) => e.path !== "item.condition"),
      condition: enums.find((e) => e.path === "item.condition")!,
    };
    vocabularies.set(artifact, known);
  }
  return known;
}

const same = (value: unknown) => value;

/** The vocabulary's problems alone, for an event the schema has accepted. */
export function vocabularyProblems(event: Record<string, unknown>, artifact: Pick<Artifact, "customFields" | "enumValues">): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { sections, enums, condition } = vocabularyOf(artifact);
  for (const key in event) {
    if (EVENT_ROOT_KEYS[key] === true || !Object.prototype.hasOwnProperty.call(event, key)) continue;
    if (!sections.has(key)) out.push(error("event/invalid", `${key} is not a known field`, { path: key }));
    else if (event[key] === null || typeof event[key] !== "object" || Array.isArray(event[key])) out.push(error("event/invalid", `${key} must be an object (a section of this policy)`, { path: key }));
  }
  const values = readExtensibleValues(event, same);
  for (let i = 0; i < enums.length; i++) {
    const { path, allowed, said } = enums[i]!;
    const value = values[i];
    // A value that is not a string at all is the schema's to report.
    if (typeof value === "string" && !allowed.has(value)) out.push(error("event/invalid", `${path} must be one of ${said}`, { path }));
  }
  const lines = requestLines(event);
  for (let i = 0; i < lines.length; i++) {
    const value = (lines[i] as Record<string, unknown> | null | undefined)?.condition;
    if (typeof value === "string" && !condition.allowed.has(value)) out.push(error("event/invalid", `request.items[${i}].condition must be one of ${condition.said}`, { path: `request.items[${i}].condition` }));
  }
  return out;
}

/**
 * Everything about an event's shape, for a policy: the schema's problems and its vocabulary's (the
 * values and sections the policy adds), told together. The evaluators and the playground check with it.
 */
export function eventShapeProblems(input: unknown, artifact: Pick<Artifact, "customFields" | "enumValues">): Diagnostic[] {
  const shape = validateEventShape(input);
  const isObject = input !== null && typeof input === "object" && !Array.isArray(input);
  const vocabulary = isObject ? vocabularyProblems(input as Record<string, unknown>, artifact) : [];
  return vocabulary.length ? [...shape, ...vocabulary] : shape;
}
