// The policy worker: everything that parses runs here, off the main thread, so typing never waits
// for the compiler. Requests carry an id; each reply answers one request.

import { compilePolicy, completionsAt, fieldsWithCustom, formatPolicy, hoverAt, readCustomFields, type Completion, type Hover } from "../compiler/index.js";
import { FIELDS, evaluateSync, loadArtifact, type Artifact, type Decision, type Diagnostic, type FieldSpec, type LoadedPolicy } from "../runtime/index.js";

export type WorkerRequest =
  /** `diagnosticsOnly`: the problems alone, sooner (no artifact is built). */
  | { id: number; kind: "check"; text: string; fields?: unknown; diagnosticsOnly?: boolean }
  | { id: number; kind: "format"; text: string }
  | { id: number; kind: "complete"; text: string; offset: number; fields?: unknown }
  | { id: number; kind: "hover"; text: string; offset: number; fields?: unknown }
  /** Decide an event with the policy of this text (compiled once per text), with counterfactuals. */
  | { id: number; kind: "decide"; text: string; fields?: unknown; event: unknown };

export type WorkerReply =
  | { id: number; kind: "check"; diagnostics: Diagnostic[]; artifact?: Artifact; millis: number }
  | { id: number; kind: "format"; text?: string; diagnostics: Diagnostic[] }
  | { id: number; kind: "complete"; items: Completion[] }
  | { id: number; kind: "hover"; hover?: Hover }
  /** `policyHasErrors`: the text does not compile, so nothing was decided. */
  | { id: number; kind: "decide"; decision?: Decision; diagnostics: Diagnostic[]; policyHasErrors?: true };

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

/** The policy last decided with: typing changes the event more often than the policy. */
let decider: { key: string; policy?: LoadedPolicy } | undefined;

function policyFor(text: string, fields: unknown): LoadedPolicy | undefined {
  const key = `${JSON.stringify(fields ?? null)}\u0000${text}`;
  if (decider?.key !== key) {
    const compiled = compilePolicy(text, { source: "playground.policy", ...(fields !== undefined ? { customFields: fields } : {}) });
    decider = { key, policy: compiled.value ? loadArtifact(compiled.value).value : undefined };
  }
  return decider.policy;
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
    case "decide": {
      const policy = policyFor(request.text, request.fields);
      if (!policy) return { id: request.id, kind: "decide", diagnostics: [], policyHasErrors: true };
      const out = evaluateSync(policy, request.event, { counterfactuals: true });
      return out.value ? { id: request.id, kind: "decide", decision: out.value, diagnostics: out.diagnostics } : { id: request.id, kind: "decide", diagnostics: out.diagnostics };
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
    case "decide": return { id: request.id, kind: "decide", diagnostics: [{ severity: "error", code: "eval/internal", message }] };
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
