// `proviso serve`: decisions over HTTP for backends in any language. Built on fastify (schema-checked
// routes, body limits, content-type handling, graceful close, pino JSON logs) and prom-client. Every
// error is an RFC 9457 problem document carrying the diagnostic codes; nothing prints a stack trace
// to a client. Stateless: every instance serving the same folder answers the same.

import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { Readable } from "node:stream";
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { codeDocsUrl, codeInfo, plainText } from "../compiler/index.js";
import { evaluateSync, type Code, type Decision, type Diagnostic, type EvaluateOptions } from "../runtime/index.js";
import { openApiDocument } from "./openapi.js";
import { PolicyStore, type ReloadResult, type ServedPolicy } from "./policy-store.js";

export interface ServeOptions {
  dir: string;
  host: string;
  port: number;
  /** Largest request body, in bytes. */
  bodyLimit: number;
  /** Most events in one batch request. */
  maxBatch: number;
  /** Milliseconds to receive a request, and to decide a batch. */
  requestTimeout: number;
  /** Requests handled at once; more are answered 503 with Retry-After. */
  maxConcurrency: number;
  watch: boolean;
  /** Bearer token every request but the health checks must carry (from PROVISO_TOKEN). */
  token?: string;
  logLevel: string;
  version: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  errors?: { code: string; message: string; path?: string }[];
}

/** The HTTP status of a diagnostic that refused a decision. */
export function statusFor(code: string): number {
  if (code === "policy/no-version-in-force") return 422;
  if (code === "eval/unknown-version" || code === "eval/invalid-as-of") return 400;
  if (code.startsWith("event/")) return 400;
  if (code === "eval/internal") return 500;
  if (code.startsWith("eval/")) return 422;
  return 500;
}

interface Metrics {
  registry: Registry;
  decisions: Counter<"policy" | "outcome">;
  refusals: Counter<"policy" | "code">;
  latency: Histogram<"policy" | "endpoint">;
  reloads: Counter<"policy" | "result">;
  loaded: Gauge;
  failing: Gauge;
}

function createMetrics(store: PolicyStore): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "proviso_" });
  return {
    registry,
    decisions: new Counter({ name: "proviso_decisions_total", help: "Decisions made, by policy and overall outcome.", labelNames: ["policy", "outcome"], registers: [registry] }),
    refusals: new Counter({ name: "proviso_refusals_total", help: "Events refused instead of decided, by policy and diagnostic code.", labelNames: ["policy", "code"], registers: [registry] }),
    latency: new Histogram({
      name: "proviso_request_duration_seconds", help: "Time to answer a decide or batch request, by policy and endpoint.", labelNames: ["policy", "endpoint"], registers: [registry],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    reloads: new Counter({ name: "proviso_policy_reloads_total", help: "Policy loads and reloads, by result (loaded, failed, removed).", labelNames: ["policy", "result"], registers: [registry] }),
    loaded: new Gauge({ name: "proviso_policies_served", help: "Policies being served.", registers: [registry], collect() { this.set(store.list().length); } }),
    failing: new Gauge({ name: "proviso_policies_failing", help: "Policies whose last load failed (an earlier version may still be serving).", registers: [registry], collect() { this.set(store.failures.size); } }),
  };
}

/** Constant-time comparison of a presented bearer token with the configured one. */
function tokenMatches(presented: string | undefined, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(presented ?? ""), digest(expected)) && presented !== undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PUBLIC_PATHS = new Set(["/healthz", "/readyz"]);

function summary(p: ServedPolicy) {
  const { artifact, versions } = p.policy;
  return {
    name: p.name,
    kind: artifact.policy.kind,
    currency: artifact.policy.currency,
    timezone: artifact.policy.timezone,
    versions: versions.map((v) => ({ id: v.id, effectiveFrom: v.effectiveFrom })),
    hash: artifact.hash,
    file: p.file,
    loadedAt: p.loadedAt,
  };
}

interface DecideQuery {
  explain?: boolean;
  counterfactuals?: boolean;
  version?: string;
  asOf?: string;
}

const decideQuerySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    explain: { type: "boolean", default: false },
    counterfactuals: { type: "boolean", default: false },
    version: { type: "string", minLength: 1, maxLength: 200 },
    asOf: { type: "string", minLength: 1, maxLength: 40 },
  },
} as const;
const nameParams = { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1, maxLength: 200 } } } as const;

/** What a handler notes about a request for its log line and metrics. */
interface Noted {
  policy?: string;
  version?: string;
  hash?: string;
  outcome?: string;
  items?: number;
}

export interface Service {
  app: FastifyInstance;
  store: PolicyStore;
  /** Stops taking requests, answers those in flight, closes each connection as it falls idle, and resolves when all are done. */
  drain(): Promise<void>;
}

export async function createServer(options: ServeOptions): Promise<Service> {
  const app = Fastify({
    logger: { level: options.logLevel, base: { service: "proviso", version: options.version } },
    // One log line per request, written by the onResponse hook below with what the decision was.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    requestTimeout: options.requestTimeout,
    // The runtime refuses prototype keys itself, with a code and a path: let them through to it.
    onProtoPoisoning: "ignore",
    onConstructorPoisoning: "ignore",
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  });
  const store: PolicyStore = new PolicyStore(options.dir, (r: ReloadResult) => {
    metrics.reloads.inc({ policy: r.name, result: r.outcome });
    if (r.outcome === "failed") app.log.error({ policy: r.name, diagnostics: r.diagnostics?.slice(0, 5).map((d) => ({ code: d.code, message: d.message, line: d.range?.start.line })) }, "policy not loaded; any earlier version keeps serving");
    else app.log.info({ policy: r.name, result: r.outcome, hash: store.get(r.name)?.policy.artifact.hash }, `policy ${r.outcome}`);
  });
  const metrics = createMetrics(store);
  const noted = new WeakMap<FastifyRequest, Noted>();
  let inFlight = 0;
  let closing = false;

  const problem = (request: FastifyRequest, reply: FastifyReply, status: number, code: Code, detail: string, errors?: Diagnostic[]): FastifyReply => {
    const info = codeInfo(code);
    const body: Problem = {
      type: codeDocsUrl(code, options.version),
      title: info ? plainText(info.summary) : code,
      status,
      detail,
      code,
      instance: `urn:proviso:request:${request.id}`,
    };
    if (errors?.length) body.errors = errors.map((d) => (d.path !== undefined ? { code: d.code, message: d.message, path: d.path } : { code: d.code, message: d.message }));
    return reply.code(status).type("application/problem+json").send(body);
  };

  // JSON for one event, NDJSON for a batch; anything else (fastify also reads text/plain) is a 415.
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser("application/x-ndjson", { parseAs: "string" }, (_req, body, done) => done(null, body));

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    inFlight++;
    if (inFlight > options.maxConcurrency) {
      reply.header("retry-after", "1");
      return problem(request, reply, 503, "serve/overloaded", `more than ${options.maxConcurrency} requests at once; retry shortly`);
    }
    if (options.token !== undefined && !PUBLIC_PATHS.has(request.url.split("?")[0]!)) {
      const header = request.headers.authorization;
      const presented = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : undefined;
      if (!tokenMatches(presented, options.token)) {
        reply.header("www-authenticate", 'Bearer realm="proviso"');
        return problem(request, reply, 401, "serve/unauthorized", "a valid bearer token is required (Authorization: Bearer ...)");
      }
    }
    return undefined;
  });

  // While draining, no connection is kept alive for another request.
  app.addHook("onSend", async (_request, reply) => {
    if (closing) reply.header("connection", "close");
  });

  app.addHook("onResponse", async (request, reply) => {
    inFlight--;
    const note = noted.get(request) ?? {};
    // No bodies in the log by default: events carry customer data.
    request.log.info({ method: request.method, path: request.url.split("?")[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100, ...note }, "request");
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return problem(request, reply, 413, "serve/too-large", `the body is larger than ${options.bodyLimit} bytes`);
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return problem(request, reply, 415, "serve/unsupported-media-type", `send application/json${request.url.includes("batch") ? " or application/x-ndjson" : ""}, not ${request.headers["content-type"] ?? "nothing"}`);
    if (error.code === "FST_ERR_VALIDATION") return problem(request, reply, 400, "serve/bad-request", error.message);
    if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY") return problem(request, reply, 400, "event/not-json", `the body is not JSON: ${error.message}`);
    if (status >= 400 && status < 500) return problem(request, reply, status, "serve/bad-request", error.message);
    request.log.error({ err: { message: error.message, code: error.code } }, "unexpected error");
    return problem(request, reply, 500, "eval/internal", "an unexpected error; it has been logged");
  });

  app.setNotFoundHandler((request, reply) => problem(request, reply, 404, "serve/not-found", `no ${request.method} ${request.url.split("?")[0]}; see /openapi.json`));

  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_request, reply) => {
    const failures = [...store.failures.values()].map((f) => ({ policy: f.name, file: f.file, stillServing: f.stillServing, at: f.at, errors: f.diagnostics.slice(0, 5).map((d) => ({ code: d.code, message: d.message, line: d.range?.start.line })) }));
    const missing = failures.filter((f) => !f.stillServing);
    const ready = store.list().length > 0 && missing.length === 0;
    return reply.code(ready ? 200 : 503).send({ status: ready ? (failures.length ? "degraded" : "ready") : "not ready", policies: store.list().length, failures });
  });

  app.get("/metrics", async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  app.get("/openapi.json", async () => openApiDocument(options.version));

  app.get("/v1/policies", async () => ({ policies: store.list().map(summary), failures: [...store.failures.values()].map((f) => ({ policy: f.name, file: f.file, stillServing: f.stillServing, at: f.at })) }));

  app.get<{ Params: { name: string } }>("/v1/policies/:name", { schema: { params: nameParams } }, async (request, reply) => {
    const served = store.get(request.params.name);
    if (!served) return problem(request, reply, 404, "serve/unknown-policy", `no policy is served as "${request.params.name}"`);
    return summary(served);
  });

  const evaluateOptions = (q: DecideQuery): EvaluateOptions => ({ explain: q.explain === true, counterfactuals: q.counterfactuals === true, ...(q.version !== undefined ? { version: q.version } : {}), ...(q.asOf !== undefined ? { asOf: q.asOf } : {}) });

  const decideOne = (served: ServedPolicy, event: unknown, q: DecideQuery) => {
    const result = evaluateSync(served.policy, event, evaluateOptions(q));
    if (result.value) metrics.decisions.inc({ policy: served.name, outcome: result.value.outcome });
    else metrics.refusals.inc({ policy: served.name, code: result.diagnostics[0]?.code ?? "eval/internal" });
    return result;
  };

  app.post<{ Params: { name: string }; Querystring: DecideQuery }>("/v1/policies/:name/decide", { schema: { params: nameParams, querystring: decideQuerySchema } }, async (request, reply) => {
    const served = store.get(request.params.name);
    if (!served) return problem(request, reply, 404, "serve/unknown-policy", `no policy is served as "${request.params.name}"`);
    const started = performance.now();
    const result = decideOne(served, request.body, request.query);
    metrics.latency.observe({ policy: served.name, endpoint: "decide" }, (performance.now() - started) / 1000);
    const decision = result.value as Decision | undefined;
    noted.set(request, { policy: served.name, hash: served.policy.artifact.hash, ...(decision ? { version: decision.policy.version, outcome: decision.outcome } : {}) });
    if (decision) return reply.send(decision);
    const first = result.diagnostics[0]!;
    return problem(request, reply, statusFor(first.code), first.code as Code, first.message, result.diagnostics);
  });

  app.post<{ Params: { name: string }; Querystring: DecideQuery }>("/v1/policies/:name/decide-batch", { schema: { params: nameParams, querystring: decideQuerySchema } }, async (request, reply) => {
    const served = store.get(request.params.name);
    if (!served) return problem(request, reply, 404, "serve/unknown-policy", `no policy is served as "${request.params.name}"`);
    const ndjson = typeof request.body === "string";
    let events: { index: number; line?: number; value?: unknown; error?: string }[];
    if (ndjson) {
      events = [];
      (request.body as string).split("\n").forEach((text, i) => {
        const line = text.replace(/\r$/, "").replace(/^\uFEFF/, "");
        if (!line.trim()) return;
        try {
          events.push({ index: events.length, line: i + 1, value: JSON.parse(line) });
        } catch (e) {
          events.push({ index: events.length, line: i + 1, error: (e as Error).message });
        }
      });
    } else if (Array.isArray(request.body)) events = (request.body as unknown[]).map((value, index) => ({ index, value }));
    else return problem(request, reply, 400, "serve/bad-request", "a batch is a JSON array of events, or application/x-ndjson with one event per line");
    if (events.length > options.maxBatch) return problem(request, reply, 413, "serve/batch-too-large", `${events.length} events in one batch; the limit is ${options.maxBatch}`);
    noted.set(request, { policy: served.name, hash: served.policy.artifact.hash, items: events.length });
    const started = performance.now();
    const deadline = started + options.requestTimeout;
    const q = request.query;
    const answer = (e: (typeof events)[number]): unknown => {
      if (e.error !== undefined) return { index: e.index, line: e.line, problem: { code: "event/not-json", status: 400, detail: `line ${e.line}: ${e.error}` } };
      const result = decideOne(served, e.value, q);
      if (result.value) return { index: e.index, decision: result.value };
      const first = result.diagnostics[0]!;
      return { index: e.index, ...(e.line ? { line: e.line } : {}), problem: { code: first.code, status: statusFor(first.code), detail: first.message, errors: result.diagnostics.map((d) => (d.path !== undefined ? { code: d.code, message: d.message, path: d.path } : { code: d.code, message: d.message })) } };
    };
    // Answers are streamed in order as they are decided; the event loop gets a turn every few events.
    const policy = served;
    async function* lines(): AsyncGenerator<string> {
      if (!ndjson) yield "[";
      for (let i = 0; i < events.length; i++) {
        if (performance.now() > deadline) {
          const stop = { index: i, problem: { code: "serve/timeout", status: 503, detail: `the batch took longer than ${options.requestTimeout} ms; events from index ${i} on were not decided` } };
          yield ndjson ? `${JSON.stringify(stop)}\n` : `${i ? "," : ""}\n${JSON.stringify(stop)}`;
          break;
        }
        const text = JSON.stringify(answer(events[i]!));
        yield ndjson ? `${text}\n` : `${i ? "," : ""}\n${text}`;
        if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
      }
      if (!ndjson) yield "\n]\n";
      metrics.latency.observe({ policy: policy.name, endpoint: "decide-batch" }, (performance.now() - started) / 1000);
    }
    return reply.type(ndjson ? "application/x-ndjson" : "application/json").send(Readable.from(lines()));
  });

  const drain = async (): Promise<void> => {
    closing = true;
    store.close();
    // A keep-alive connection that served a request in flight falls idle only after the close began.
    const idle = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await app.close();
    } finally {
      clearInterval(idle);
    }
  };
  return { app, store, drain };
}

/** Starts serving: loads the folder, watches it, listens. Resolves with the address. */
export async function startServer(options: ServeOptions): Promise<Service & { url: string }> {
  const service = await createServer(options);
  const { app, store } = service;
  store.loadAll();
  if (options.watch) store.watch();
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  app.log.info({ url, policies: store.list().map((p) => p.name), failing: [...store.failures.keys()], auth: options.token !== undefined }, "listening");
  return { ...service, url };
}
