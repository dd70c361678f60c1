// A merchant's own vocabulary, declared in a fields file: typed `custom` sections
// ({ "properties": { "order": {...}, "item": {...}, "customer": {...}, "event": {...} } }, named
// order.custom.x, item.custom.x, customer.custom.x and custom.x), sections of its own at the top of
// the event ({ "properties": { "rental": {...} } }, named rental.x), and more values for built-in enum
// fields ({ "values": { "reason": ["warranty_claim"] } }).

import { parsePolicy } from "../grammar/index.js";
import { EXTENSIBLE_ENUM_PATHS, FIELDS, FIELD_BY_PATH, error, isReservedSectionName, isSafePath, limit, type Diagnostic, type FieldSpec, type FieldType, type Staged } from "../runtime/index.js";

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


/** The built-in enum fields a merchant may give more values (its own codes), as rules name them. */
export const EXTENSIBLE_ENUMS: ReadonlySet<string> = new Set(EXTENSIBLE_ENUM_PATHS);

/**
 * Reads a fields file: a JSON Schema of the event's `custom` sections (`event`, `order`, `item`,
 * `customer`), typed sections of the merchant's own (any other name under `properties`: `rental` gives
 * `rental.*` fields at the top of the event), and `values`: more values for built-in enum fields
 * (`"reason": ["warranty_claim"]`). Extended enums come back as field specs of the built-in path with
 * every value, so the checker still catches a misspelled one.
 */
export function readCustomFields(schema: unknown): Staged<FieldSpec[]> {
  const diagnostics: Diagnostic[] = [];
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) {
    return { value: undefined, diagnostics: [error("fields/invalid", "the fields file must be a JSON Schema object with `properties` (event, order, item, customer, or sections of your own) and, if needed, `values`", { path: "" })] };
  }
  const out: FieldSpec[] = [];
  for (const [section, child] of Object.entries((schema as Node).properties ?? {})) {
    const prefix = SECTIONS[section];
    if (prefix) {
      walk(child, prefix, `properties.${section}`, false, out, diagnostics, 0);
      continue;
    }
    if (!NAME.test(section) || !isSafePath(section) || isReservedSectionName(section)) {
      diagnostics.push(error("fields/invalid", `"${section}" cannot be a section of your own: ${isReservedSectionName(section) ? "the event already has it" : "use letters, digits and _"} (custom sections are event, order, item and customer)`, { path: `properties.${section}` }));
      continue;
    }
    if (!child || typeof child !== "object" || (child.type !== undefined && child.type !== "object")) {
      diagnostics.push(error("fields/invalid", `properties.${section}: a section of your own is an object schema with \`properties\``, { path: `properties.${section}` }));
      continue;
    }
    // As in JSON Schema, a field is required only if every level above it is: a section of one's own
    // is optional unless the file's top-level `required` lists it, and then so are its fields.
    const topRequired = Array.isArray((schema as Node).required) ? ((schema as Node).required as unknown[]) : [];
    walk(child, section, `properties.${section}`, !topRequired.includes(section), out, diagnostics, 0);
  }
  const values = (schema as { values?: unknown }).values;
  if (values !== undefined) {
    if (!values || typeof values !== "object" || Array.isArray(values)) {
      diagnostics.push(error("fields/invalid", "`values` maps built-in enum fields to more values: { \"reason\": [\"warranty_claim\"] }", { path: "values" }));
    } else {
      for (const [path, extra] of Object.entries(values)) {
        const builtIn = FIELD_BY_PATH.get(path);
        if (!EXTENSIBLE_ENUMS.has(path) || !builtIn?.values) {
          diagnostics.push(error("fields/invalid", `values.${path}: only these built-in fields take more values: ${[...EXTENSIBLE_ENUMS].join(", ")}`, { path: `values.${path}` }));
          continue;
        }
        if (!Array.isArray(extra) || !extra.length || extra.some((v) => typeof v !== "string" || !NAME.test(v) || v.length > limit("nameCharacters")) || extra.length > limit("enumValues")) {
          diagnostics.push(error("fields/invalid", `values.${path}: a list of up to ${limit("enumValues")} words (letters, digits and _)`, { path: `values.${path}` }));
          continue;
        }
        const added = (extra as string[]).filter((v) => !builtIn.values!.includes(v));
        out.push({ ...builtIn, values: [...builtIn.values, ...new Set(added)], doc: `${builtIn.doc} This policy's own values: ${added.join(", ")}.`, extends: true });
      }
    }
  }
  return diagnostics.length ? { value: undefined, diagnostics } : { value: out, diagnostics };
}

/** The fields file a policy names in its header (`fields "rental.fields.json"`), if it names one. */
export function declaredFieldsFile(text: string): string | undefined {
  // Only the header is read: it ends where the first top-level item starts, and parsing a whole large
  // policy again just for this setting doubled the time to lint it.
  const end = /^(?:rule|define|version|otherwise)\b/m.exec(text)?.index ?? text.length;
  const header = parsePolicy(text.slice(0, end)).value?.header;
  const setting = header?.settings.find((s) => s.kind === "fields");
  return setting?.kind === "fields" ? setting.file.value : undefined;
}

/** The fields a policy can name: the built-in ones, with those a fields file extends replaced by their extended form, and the merchant's own. */
export function fieldsWithCustom(custom: readonly FieldSpec[]): FieldSpec[] {
  const own = new Set(custom.map((f) => f.path));
  return [...FIELDS.filter((f) => !own.has(f.path)), ...custom];
}
