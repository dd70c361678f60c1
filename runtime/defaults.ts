// The documented defaults of the event schema (flags false, `refunded` 0, tags empty, stats 0), put in
// a view of the event instead of written into it. Built once from the schema, so the schema stays the
// one source of truth: an object is copied (shallowly) only when a default is missing in it or beneath
// it, and the caller's event is never written to.

import { EVENT_SCHEMA } from "./event-schema.js";

type Json = Record<string, unknown>;

interface SchemaNode {
  type?: string | readonly string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  default?: unknown;
}

type Applier = (value: unknown) => unknown;

/** A default, frozen all the way down: views share it, and nothing may change it. */
function frozen(value: unknown): unknown {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

function compile(node: SchemaNode): Applier | undefined {
  if (node.properties) {
    const entries: { key: string; inner: Applier | undefined; fallback: unknown }[] = [];
    for (const [key, child] of Object.entries(node.properties)) {
      const inner = compile(child);
      if (inner || child.default !== undefined) entries.push({ key, inner, fallback: child.default === undefined ? undefined : frozen(structuredClone(child.default)) });
    }
    if (!entries.length) return undefined;
    return (value) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
      const source = value as Json;
      // Copied only when something in it changes; most events carry most fields.
      let out: Json | undefined;
      for (let i = 0; i < entries.length; i++) {
        const { key, inner, fallback } = entries[i]!;
        const own = source[key];
        let current = own === undefined || !Object.prototype.hasOwnProperty.call(source, key) ? fallback : own;
        if (current !== undefined && inner) current = inner(current);
        if (current !== own) (out ??= Object.assign({}, source) as Json)[key] = current;
      }
      return out ?? source;
    };
  }
  if (node.items) {
    const inner = compile(node.items);
    if (!inner) return undefined;
    return (value) => {
      if (!Array.isArray(value)) return value;
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const element = inner(value[i]);
        if (element !== value[i]) (out ??= value.slice())[i] = element;
      }
      return out ?? value;
    };
  }
  return undefined;
}

const applyEventDefaults = compile(EVENT_SCHEMA as unknown as SchemaNode)!;

/** The event with its schema defaults in place: a new object where a default applies, the event's own values elsewhere. */
export function withDefaults(event: Json): Json {
  return applyEventDefaults(event) as Json;
}
