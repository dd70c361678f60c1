// Is an event plain JSON data within the limits: depth, number of values, no prototype keys, no
// values JSON cannot hold? Checked before anything reads the event, without copying it.
//
// Walking every value of every event costs as much as the schema validation itself, and most of it
// would check again what the validator already checks: every object the schema describes refuses
// keys it does not know (so `__proto__` too), and every value it describes must have its type (a
// finite number, a string, ...). So an event the validator accepts is walked only where the schema
// leaves it open — the `custom` and `metadata` objects and sections of the merchant's own — and the
// values of the rest are bounded by the schema (its lists have a maximum length). Which parts those
// are is written out from the schema at build time (runtime/generated/open-parts.ts, `npm run gen`),
// as the validator is. An event the validator refuses is walked whole (describePlainData) so its
// plain-data problems are told first.

import { error, type Diagnostic } from "./diagnostic.js";
import { EVENT_ROOT_KEYS, EVENT_SCHEMA, type SchemaNode } from "./event-schema.js";
import { checkOpenParts } from "./generated/open-parts.js";
import { limit } from "./limits.js";
import { isForbiddenKey } from "./paths.js";

/** Limits on event input, checked before anything else reads it. */
export const EVENT_LIMITS = Object.freeze({ maxDepth: limit("eventDepth"), maxNodes: limit("eventValues") });

type Json = Record<string, unknown>;

/** What is wrong with input that is not plain JSON data, each problem at its path (empty when nothing is). */
export function describePlainData(input: unknown): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let nodes = 0;
  // Whether to stop: past the value limit, or with enough to report, nothing more is read.
  const visit = (v: unknown, path: string, depth: number): boolean => {
    if (diagnostics.length > 20) return true;
    if (++nodes > EVENT_LIMITS.maxNodes) {
      diagnostics.push(error("event/too-large", `the event has more than ${EVENT_LIMITS.maxNodes} values`, { path }));
      return true;
    }
    if (depth > EVENT_LIMITS.maxDepth) {
      diagnostics.push(error("event/too-deep", `the event nests deeper than ${EVENT_LIMITS.maxDepth} levels`, { path }));
      return false;
    }
    if (v === null || typeof v === "string" || typeof v === "boolean") return false;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) diagnostics.push(error("event/invalid", `${path} is not a finite number`, { path }));
      return false;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (visit(v[i], `${path}[${i}]`, depth + 1)) return true;
      return false;
    }
    if (typeof v === "object") {
      for (const key of Object.keys(v)) {
        const child = path ? `${path}.${key}` : key;
        if (isForbiddenKey(key)) diagnostics.push(error("event/forbidden-key", `the key "${key}" is not allowed in an event`, { path: child }));
        else {
          const value = (v as Json)[key];
          // Like JSON: a key whose value is undefined is as if absent.
          if (value !== undefined && visit(value, child, depth + 1)) return true;
        }
      }
      return false;
    }
    diagnostics.push(error("event/invalid", `${path || "the event"} is not a JSON value`, { path }));
    return false;
  };
  visit(input, "", 0);
  return diagnostics;
}

/** The most values an event the schema accepts can hold outside its open parts (each open object counts as one). */
function closedValuesBound(node: SchemaNode): number {
  if (node.type === "object") {
    if (!node.properties) return 1;
    let sum = 1;
    for (const child of Object.values(node.properties)) sum += closedValuesBound(child);
    return sum;
  }
  if (node.type === "array") return 1 + (node.maxItems ?? Number.POSITIVE_INFINITY) * (node.items ? closedValuesBound(node.items) : 1);
  return 1;
}

const ROOT = EVENT_SCHEMA as unknown as SchemaNode;
/** Exported for a test: it must stay well below the limit, or every event takes the long walk. */
export const CLOSED_VALUES_BOUND = closedValuesBound(ROOT);

let budget = 0;

function plainValue(value: unknown, depth: number): boolean {
  if (--budget < 0 || depth > EVENT_LIMITS.maxDepth) return false;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return value - value === 0; // finite
    case "object":
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!plainValue(value[i], depth + 1)) return false;
        return true;
      }
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        if (isForbiddenKey(key)) return false;
        const child = (value as Json)[key];
        if (child !== undefined && !plainValue(child, depth + 1)) return false;
      }
      return true;
    default:
      return false;
  }
}

/**
 * The check before schema validation, for an event given as an object: its lists no longer than the
 * schema allows (so the validator's work is bounded) and its open parts plain data within the
 * limits. False means "look closer" with describePlainData: the count here is a bound, so an event
 * near the limit is counted exactly there. With the validator's approval, true means the whole event
 * is plain data within the limits.
 */
export function isPlainWhereOpen(event: Json): boolean {
  budget = EVENT_LIMITS.maxNodes - CLOSED_VALUES_BOUND;
  // Top-level keys the schema does not name are sections of the merchant's own: open.
  for (const key in event) {
    if (EVENT_ROOT_KEYS[key] === true || !Object.prototype.hasOwnProperty.call(event, key)) continue;
    if (isForbiddenKey(key)) return false;
    const value = event[key];
    if (value !== undefined && !plainValue(value, 1)) return false;
  }
  return checkOpenParts(event, plainValue);
}
