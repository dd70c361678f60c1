// The fields a policy may name, derived from the event schema, plus the facts the runtime derives
// (item.value, request.value, ...). One table used by the checker, the emitter, completion and docs.

import { EVENT_SCHEMA } from "./event-schema.js";
import { compilePath } from "./paths.js";

export type FieldType = "money" | "integer" | "number" | "string" | "enum" | "boolean" | "timestamp" | "list";

export interface FieldSpec {
  /** The path as a policy writes it: `item.paid`, `order.shipping.deliveredAt`, `reason`. */
  path: string;
  type: FieldType;
  /** Allowed values of an enum. */
  values?: readonly string[];
  /** Whether an event may lack the field (see "Absent is not false" in docs/language.md). */
  optional: boolean;
  doc: string;
  /** A one-word name for a timestamp: `delivery` for order.shipping.deliveredAt. */
  alias?: string;
  /** Computed by the runtime from other fields, never read from the event. */
  derived?: boolean;
  /** The schema's default, read when the event leaves the field out. */
  default?: unknown;
  /** A built-in enum that a fields file may give more values. */
  extensible?: true;
  /** A built-in enum given more values by the policy's fields file. */
  extends?: true;
}

interface SchemaNode {
  type?: string;
  enum?: readonly string[];
  properties?: Record<string, SchemaNode>;
  required?: readonly string[];
  items?: SchemaNode;
  default?: unknown;
  description?: string;
  "x-proviso"?: { type?: string; alias?: string; extensible?: boolean };
}

function typeOf(node: SchemaNode): FieldType | undefined {
  const annotated = node["x-proviso"]?.type;
  if (annotated === "money" || annotated === "timestamp") return annotated;
  if (node.enum) return "enum";
  switch (node.type) {
    case "integer": return "integer";
    case "number": return "number";
    case "string": return "string";
    case "boolean": return "boolean";
    case "array": return node.items?.type === "string" ? "list" : undefined;
    default: return undefined;
  }
}

function collect(node: SchemaNode, prefix: string, optional: boolean, out: FieldSpec[], skip: (path: string) => boolean): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (skip(path)) continue;
    // A field with a default is always there once the event is validated.
    const childOptional = optional || (!(node.required ?? []).includes(key) && child.default === undefined);
    if (child.type === "object") {
      collect(child, path, childOptional, out, skip);
      continue;
    }
    const type = typeOf(child);
    if (!type) continue;
    const spec: FieldSpec = { path, type, optional: childOptional, doc: child.description ?? "" };
    // Always there once validated: a default that applies (its parents are required or defaulted too).
    if (!childOptional && child.default !== undefined) spec.default = child.default;
    if (child.enum) spec.values = child.enum;
    if (child["x-proviso"]?.alias) spec.alias = child["x-proviso"].alias;
    if (child["x-proviso"]?.extensible) spec.extensible = true;
    out.push(spec);
  }
}

// The customer's choice and the reviewer's verdict steer the decision itself (see evaluate.ts); rules
// do not read them.
const SKIPPED = new Set(["order.items", "request.items", "request.choice", "verdict", "metadata", "custom", "order.custom", "customer.custom"]);

/** Fields of the requested item: the order line merged with its request line, plus derived money. */
function itemFields(): FieldSpec[] {
  const schema = EVENT_SCHEMA as unknown as SchemaNode;
  const line = schema.properties!.order!.properties!.items!.items!;
  const requestLine = schema.properties!.request!.properties!.items!.items!;
  const out: FieldSpec[] = [];
  collect(line, "item", false, out, (p) => p === "item.custom");
  const condition = requestLine.properties!.condition!;
  out.push({ path: "item.condition", type: "enum", values: condition.enum!, optional: true, doc: condition.description ?? "", ...(condition["x-proviso"]?.extensible ? { extensible: true as const } : {}) });
  out.push({ path: "item.requestedQuantity", type: "integer", optional: false, doc: "Units of this line asked for in the request." });
  out.push({ path: "item.value", type: "money", optional: false, derived: true, doc: "What was paid for the units asked for: paid × requested / ordered quantity, rounded half-up. `item` in a money expression means this." });
  out.push({ path: "item.refundable", type: "money", optional: false, derived: true, doc: "What can still be refunded on the line: paid less already refunded. No item refund exceeds it." });
  return out;
}

const REQUEST_DERIVED: FieldSpec[] = [
  { path: "request.itemCount", type: "integer", optional: false, derived: true, doc: "Number of order lines asked for." },
  { path: "request.quantity", type: "integer", optional: false, derived: true, doc: "Units asked for, over all lines." },
  { path: "request.value", type: "money", optional: false, derived: true, doc: "What was paid for everything asked for: the sum of item.value over the requested lines." },
  { path: "request.wholeOrder", type: "boolean", optional: false, derived: true, doc: "Whether every unit of every line of the order is asked for." },
];

/** Every field a policy may name, in a stable order. */
export const FIELDS: readonly FieldSpec[] = (() => {
  const out: FieldSpec[] = [];
  collect(EVENT_SCHEMA as unknown as SchemaNode, "", false, out, (p) => SKIPPED.has(p));
  out.push(...REQUEST_DERIVED, ...itemFields());
  return out;
})();

export const FIELD_BY_PATH: ReadonlyMap<string, FieldSpec> = new Map(FIELDS.map((f) => [f.path, f]));

/**
 * Built-in enum fields a merchant may extend with its own codes (reasons, statuses, rates): marked
 * `x-proviso.extensible` in the event schema. The event type, the initiator and a verdict stay closed:
 * the runtime's own meaning hangs on them.
 */
export const EXTENSIBLE_ENUM_PATHS: readonly string[] = FIELDS.filter((f) => f.extensible).map((f) => f.path);

/** Timestamp aliases: `delivery` → order.shipping.deliveredAt. */
export const TIMESTAMP_ALIASES: ReadonlyMap<string, FieldSpec> = new Map(
  FIELDS.filter((f) => f.alias).map((f) => [f.alias!, f]),
);

/** The first segment of every path, for did-you-mean and completion. */
export const ROOTS: readonly string[] = [...new Set(FIELDS.map((f) => f.path.split(".")[0]!))];

type Reader = (data: unknown) => unknown;
const readers = new Map<string, Reader>();

/**
 * Reads a field as rules see it, from the event view (or, for `item.*`, from the item view: pass
 * the path without `item.`), with the schema's default when the event leaves it out. Readers are
 * built once per path: the segments split, the default looked up.
 */
export function fieldReader(path: string, item = false): Reader {
  const key = item ? `item.${path}` : path;
  let reader = readers.get(key);
  if (!reader) {
    const read = compilePath(path);
    const fallback = FIELD_BY_PATH.get(key)?.default;
    reader = fallback === undefined ? read : (data) => {
      const value = read(data);
      return value === undefined ? fallback : value;
    };
    readers.set(key, reader);
  }
  return reader;
}
