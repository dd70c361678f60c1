// A merchant's own typed fields, declared as a JSON Schema of the event's `custom` sections:
// { "properties": { "order": {...}, "item": {...}, "customer": {...}, "event": {...} } }.
// Policies name them as order.custom.x, item.custom.x, customer.custom.x and custom.x.

import { error, isSafePath, limit, type Diagnostic, type FieldSpec, type FieldType, type Staged } from "../runtime/index.js";

const SECTIONS: Record<string, string> = { event: "custom", order: "order.custom", item: "item.custom", customer: "customer.custom" };
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Node {
  type?: unknown;
  enum?: unknown;
  format?: unknown;
  items?: Node;
  properties?: Record<string, Node>;
  required?: unknown;
  description?: unknown;
  "x-proviso"?: { type?: unknown };
}

function leafType(node: Node): { type: FieldType; values?: string[] } | undefined {
  if (Array.isArray(node.enum)) return node.enum.every((v) => typeof v === "string") && node.enum.length > 0 ? { type: "enum", values: node.enum as string[] } : undefined;
  switch (node.type) {
    case "boolean": return { type: "boolean" };
    case "integer": return node["x-proviso"]?.type === "money" ? { type: "money" } : { type: "integer" };
    case "number": return { type: "number" };
    case "string": return node.format === "date-time" ? { type: "timestamp" } : { type: "string" };
    case "array": return node.items?.type === "string" ? { type: "list" } : undefined;
    default: return undefined;
  }
}

function walk(node: Node, prefix: string, where: string, optional: boolean, out: FieldSpec[], diagnostics: Diagnostic[], depth: number): void {
  if (depth > limit("customFieldDepth")) {
    diagnostics.push(error("fields/invalid", `${where}: custom fields nest deeper than ${limit("customFieldDepth")} levels`, { path: where }));
    return;
  }
  const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const childWhere = `${where}.properties.${name}`;
    if (!NAME.test(name) || !isSafePath(name)) {
      diagnostics.push(error("fields/invalid", `"${name}" is not a usable field name (letters, digits and _; not __proto__, constructor or prototype)`, { path: childWhere }));
      continue;
    }
    if (!child || typeof child !== "object") {
      diagnostics.push(error("fields/invalid", `${childWhere} must be a schema object`, { path: childWhere }));
      continue;
    }
    const path = `${prefix}.${name}`;
    if (path.length > limit("nameCharacters")) {
      diagnostics.push(error("fields/invalid", `${path.slice(0, 60)}…: a field's path is longer than ${limit("nameCharacters")} characters`, { path: childWhere }));
      continue;
    }
    const childOptional = optional || !required.includes(name);
    if (child.type === "object" || child.properties) {
      walk(child, path, childWhere, childOptional, out, diagnostics, depth + 1);
      continue;
    }
    const leaf = leafType(child);
    if (!leaf) {
      diagnostics.push(error("fields/unsupported-type", `${path}: use boolean, integer, number, string (with enum or format date-time), an array of strings, or an integer marked "x-proviso": {"type": "money"}`, { path: childWhere }));
      continue;
    }
    if (leaf.values && (leaf.values.length > limit("enumValues") || leaf.values.some((v) => v.length > limit("nameCharacters")))) {
      diagnostics.push(error("fields/invalid", `${path}: an enum has at most ${limit("enumValues")} values of at most ${limit("nameCharacters")} characters`, { path: childWhere }));
      continue;
    }
    if (out.length >= limit("customFields")) {
      diagnostics.push(error("fields/invalid", `more than ${limit("customFields")} custom fields`, { path: childWhere }));
      return;
    }
    const spec: FieldSpec = { path, type: leaf.type, optional: childOptional, doc: typeof child.description === "string" ? child.description : "A custom field." };
    if (leaf.values) spec.values = leaf.values;
    out.push(spec);
  }
}

/** Reads a custom-fields schema into field specs, reporting what it cannot use. */
export function readCustomFields(schema: unknown): Staged<FieldSpec[]> {
  const diagnostics: Diagnostic[] = [];
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) {
    return { value: undefined, diagnostics: [error("fields/invalid", "the custom fields must be a JSON Schema object with `properties` for event, order, item or customer", { path: "" })] };
  }
  const out: FieldSpec[] = [];
  for (const [section, child] of Object.entries((schema as Node).properties ?? {})) {
    const prefix = SECTIONS[section];
    if (!prefix) {
      diagnostics.push(error("fields/invalid", `"${section}" is not a section of custom fields: use event, order, item or customer`, { path: `properties.${section}` }));
      continue;
    }
    walk(child, prefix, `properties.${section}`, false, out, diagnostics, 0);
  }
  return diagnostics.length ? { value: undefined, diagnostics } : { value: out, diagnostics };
}
