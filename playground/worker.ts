// The policy worker: everything that parses runs here, off the main thread, so typing never waits
// for the compiler. Requests carry an id; each reply answers one request.

import { compilePolicy, completionsAt, fieldsWithCustom, formatPolicy, hoverAt, readCustomFields, type Completion, type Hover } from "../compiler/index.js";
import { FIELDS, type Artifact, type Diagnostic, type FieldSpec } from "../runtime/index.js";

export type WorkerRequest =
  /** `diagnosticsOnly`: the problems alone, sooner (no artifact is built). */
  | { id: number; kind: "check"; text: string; fields?: unknown; diagnosticsOnly?: boolean }
  | { id: number; kind: "format"; text: string }
  | { id: number; kind: "complete"; text: string; offset: number; fields?: unknown }
  | { id: number; kind: "hover"; text: string; offset: number; fields?: unknown };

export type WorkerReply =
  | { id: number; kind: "check"; diagnostics: Diagnostic[]; artifact?: Artifact; millis: number }
  | { id: number; kind: "format"; text?: string; diagnostics: Diagnostic[] }
  | { id: number; kind: "complete"; items: Completion[] }
  | { id: number; kind: "hover"; hover?: Hover };

const fieldCache = new Map<string, readonly FieldSpec[]>();
function fieldsFor(custom: unknown): readonly FieldSpec[] {
  if (custom === undefined) return FIELDS;
  const key = JSON.stringify(custom);
  let fields = fieldCache.get(key);
  if (!fields) {
    fields = fieldsWithCustom(readCustomFields(custom).value ?? []);
    fieldCache.set(key, fields);
  }
  return fields;
}

function answer(request: WorkerRequest): WorkerReply {
  switch (request.kind) {
    case "check": {
      const started = performance.now();
      const out = compilePolicy(request.text, { source: "playground.policy", ...(request.fields !== undefined ? { customFields: request.fields } : {}), ...(request.diagnosticsOnly ? { diagnosticsOnly: true } : {}) });
      const reply: WorkerReply = { id: request.id, kind: "check", diagnostics: out.diagnostics, millis: performance.now() - started };
      if (out.value) reply.artifact = out.value;
      return reply;
    }
    case "format": {
      const out = formatPolicy(request.text);
      return out.value === undefined ? { id: request.id, kind: "format", diagnostics: out.diagnostics } : { id: request.id, kind: "format", text: out.value, diagnostics: [] };
    }
    case "complete":
      return { id: request.id, kind: "complete", items: completionsAt(request.text, request.offset, fieldsFor(request.fields)) };
    case "hover": {
      const hover = hoverAt(request.text, request.offset, fieldsFor(request.fields));
      return hover ? { id: request.id, kind: "hover", hover } : { id: request.id, kind: "hover" };
    }
  }
}

/** A reply that says "nothing" for a request that failed, so the page never waits forever. */
function emptyReply(request: WorkerRequest, message: string): WorkerReply {
  switch (request.kind) {
    case "check": return { id: request.id, kind: "check", diagnostics: [{ severity: "error", code: "internal/compiler", message }], millis: 0 };
    case "format": return { id: request.id, kind: "format", diagnostics: [{ severity: "error", code: "internal/compiler", message }] };
    case "complete": return { id: request.id, kind: "complete", items: [] };
    case "hover": return { id: request.id, kind: "hover" };
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  let reply: WorkerReply;
  try {
    reply = answer(event.data);
  } catch (e) {
    reply = emptyReply(event.data, `internal error: ${(e as Error)?.message ?? String(e)}`);
  }
  (self as unknown as Worker).postMessage(reply);
};
