// The OpenAPI 3.1 document of `proviso serve`, generated from the published JSON Schemas of the event
// and the decision (the same ones the runtime validates with), so the HTTP contract cannot drift from
// the runtime's. Served at /openapi.json and written to docs/openapi.json by `npm run gen`.

import { CODES, DECISION_SCHEMA, EVENT_SCHEMA } from "../runtime/index.js";

const json = (schema: unknown) => ({ "application/json": { schema } });
const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });

const decideParameters = [
  { name: "name", in: "path", required: true, description: "The policy's name: its file name without `.policy` or `.json`.", schema: { type: "string" } },
  { name: "explain", in: "query", description: "Include the explanation: every rule tried, every condition with its actual value.", schema: { type: "boolean", default: false } },
  { name: "counterfactuals", in: "query", description: "Include the nearest changes to the event that would change each item's outcome or refund.", schema: { type: "boolean", default: false } },
  { name: "version", in: "query", description: "Decide with this version of the policy, whatever the order's date.", schema: { type: "string" } },
  { name: "asOf", in: "query", description: "Decide with the version in force at this instant (ISO 8601 with offset) instead of at the order's placedAt.", schema: { type: "string", format: "date-time" } },
];

const errorResponses = {
  "401": problemResponse("No valid bearer token (when the server was started with PROVISO_TOKEN)."),
  "404": problemResponse("No policy is served under this name (`serve/unknown-policy`)."),
  "413": problemResponse("The body is larger than the server's limit (`serve/too-large`), or the batch has too many events (`serve/batch-too-large`)."),
  "415": problemResponse("The body is not JSON (or, for a batch, NDJSON) (`serve/unsupported-media-type`)."),
  "503": problemResponse("The server is at its limit of requests at once (`serve/overloaded`, with Retry-After), or shutting down."),
};

export function openApiDocument(version: string): Record<string, unknown> {
  const eventSchema = { ...EVENT_SCHEMA } as Record<string, unknown>;
  const decisionSchema = { ...DECISION_SCHEMA } as Record<string, unknown>;
  return {
    openapi: "3.1.0",
    info: {
      title: "Proviso decision service",
      version,
      summary: "Decisions on order cancellations, returns and refunds, from compiled Proviso policies.",
      description: "Started with `proviso serve DIR`. Every error is an RFC 9457 problem document whose `code` is a Proviso diagnostic code (docs/errors.md).",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "http://127.0.0.1:8080" }],
    security: [{}, { bearer: [] }],
    paths: {
      "/v1/policies": {
        get: { operationId: "listPolicies", summary: "The policies being served, with their versions and artifact hashes, and any that failed to load.", responses: { "200": { description: "The policies.", content: json({ type: "object", required: ["policies", "failures"], properties: { policies: { type: "array", items: { $ref: "#/components/schemas/PolicySummary" } }, failures: { type: "array", items: { type: "object" } } } }) } } },
      },
      "/v1/policies/{name}": {
        get: { operationId: "getPolicy", summary: "One policy's versions and artifact hash.", parameters: [decideParameters[0]], responses: { "200": { description: "The policy.", content: json({ $ref: "#/components/schemas/PolicySummary" }) }, "404": errorResponses["404"] } },
      },
      "/v1/policies/{name}/decide": {
        post: {
          operationId: "decide",
          summary: "Decide one event.",
          parameters: decideParameters,
          requestBody: { required: true, content: json({ $ref: "#/components/schemas/Event" }) },
          responses: {
            "200": { description: "The decision.", content: json({ $ref: "#/components/schemas/Decision" }) },
            "400": problemResponse("The event is invalid (`event/...`, with the JSON path of each problem), or a query parameter is."),
            "422": problemResponse("The event is valid but cannot be decided: no version in force when the order was placed (`policy/no-version-in-force`), or an amount needs a field the event lacks (`eval/...`)."),
            ...errorResponses,
          },
        },
      },
      "/v1/policies/{name}/decide-batch": {
        post: {
          operationId: "decideBatch",
          summary: "Decide many events; the answers are streamed in order, one per event.",
          description: "Send a JSON array of events (the answer is a JSON array) or application/x-ndjson with one event per line (the answer is NDJSON). Each answer has the event's `index` and either a `decision` or a `problem`.",
          parameters: decideParameters,
          requestBody: { required: true, content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Event" } } }, "application/x-ndjson": { schema: { type: "string" } } } },
          responses: {
            "200": {
              description: "One answer per event, in order.",
              content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/BatchAnswer" } } }, "application/x-ndjson": { schema: { type: "string", description: "One BatchAnswer per line." } } },
            },
            "400": problemResponse("The body is neither a JSON array nor NDJSON."),
            ...errorResponses,
          },
        },
      },
      "/healthz": { get: { operationId: "health", summary: "Liveness: the process answers.", security: [], responses: { "200": { description: "Alive.", content: json({ type: "object" }) } } } },
      "/readyz": { get: { operationId: "ready", summary: "Readiness: at least one policy is served and none that should be is missing. A policy whose reload failed while an earlier version keeps serving makes the status \"degraded\" (still 200), with the details.", security: [], responses: { "200": { description: "Ready (or degraded).", content: json({ type: "object" }) }, "503": { description: "Not ready, with the failures.", content: json({ type: "object" }) } } } },
      "/metrics": { get: { operationId: "metrics", summary: "Prometheus metrics: decisions by policy and outcome, refusals by code, request latency, reloads.", responses: { "200": { description: "Prometheus text format.", content: { "text/plain": { schema: { type: "string" } } } } } } },
      "/openapi.json": { get: { operationId: "openapi", summary: "This document.", responses: { "200": { description: "OpenAPI 3.1.", content: json({ type: "object" }) } } } },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Required on every path but /healthz and /readyz when the server was started with PROVISO_TOKEN." } },
      schemas: {
        Event: eventSchema,
        Decision: decisionSchema,
        Problem: {
          type: "object",
          description: "RFC 9457 problem details.",
          required: ["type", "title", "status", "detail", "code", "instance"],
          properties: {
            type: { type: "string", format: "uri", description: "The code's entry in docs/errors.md." },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string", enum: Object.keys(CODES), description: "The Proviso diagnostic code." },
            instance: { type: "string", description: "urn:proviso:request:<request id>, also sent as X-Request-Id." },
            errors: { type: "array", items: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, path: { type: "string", description: "JSON path in the event." } } } },
          },
        },
        PolicySummary: {
          type: "object",
          required: ["name", "kind", "currency", "timezone", "versions", "hash", "file", "loadedAt"],
          properties: {
            name: { type: "string" }, kind: { enum: ["cancellation", "return", "refund"] }, currency: { type: "string" }, timezone: { type: "string" },
            versions: { type: "array", items: { type: "object", required: ["id", "effectiveFrom"], properties: { id: { type: "string" }, effectiveFrom: { type: ["string", "null"] } } } },
            hash: { type: "string" }, file: { type: "string" }, loadedAt: { type: "string", format: "date-time" },
          },
        },
        BatchAnswer: {
          type: "object",
          required: ["index"],
          properties: {
            index: { type: "integer", description: "Position of the event in the batch." },
            line: { type: "integer", description: "Line of the event in an NDJSON batch." },
            decision: { $ref: "#/components/schemas/Decision" },
            problem: { type: "object", required: ["code", "status", "detail"], properties: { code: { type: "string" }, status: { type: "integer" }, detail: { type: "string" }, errors: { type: "array", items: { type: "object" } } } },
          },
        },
      },
    },
  };
}
