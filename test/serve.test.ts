// `proviso serve`, started for real on 127.0.0.1 with an ephemeral port: every endpoint, every error
// status as a problem document, decisions equal to `proviso eval`'s, metrics, the OpenAPI document
// describing what is actually sent, authentication, hot reload with a broken file, SIGHUP, and a
// drain on SIGTERM that finishes what is in flight.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { proviso } from "./helpers/cli.js";
import { ROOT, corpusSuites } from "./helpers/corpus.js";

interface Server {
  child: ChildProcess;
  url: string;
  logs: () => Record<string, unknown>[];
  exited: Promise<number | null>;
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "proviso-serve-"));
  cpSync(join(ROOT, "policies/retail-returns.policy"), join(dir, "retail-returns.policy"));
  cpSync(join(ROOT, "policies/order-cancellation.policy"), join(dir, "order-cancellation.policy"));
  mkdirSync(join(dir, "digital"));
  cpSync(join(ROOT, "policies/digital-goods/digital-goods.policy"), join(dir, "digital/digital-goods.policy"));
  cpSync(join(ROOT, "policies/digital-goods/proviso.fields.json"), join(dir, "digital/proviso.fields.json"));
  return dir;
}

async function start(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, "bin/proviso.js"), "serve", dir, "--port", "0", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const logs = () => out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
  for (let i = 0; i < 300; i++) {
    const listening = logs().find((l) => l.msg === "listening");
    if (listening) return { child, url: String(listening.url), logs, exited };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`the server did not start:\n${out}`);
}

const retail = corpusSuites().find((s) => s.suite === "retail-returns")!;
const event = (i: number) => structuredClone(retail.cases[i]!.event) as Record<string, any>;

const post = (url: string, body: string, type = "application/json", headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": type, ...headers }, body });

/** A request that declares a body over the limit: the server answers before reading it. */
function declaredTooLarge(url: string): Promise<Response> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method: "POST", path: "/v1/policies/retail-returns/decide", headers: { "content-type": "application/json", "content-length": String(11 * 1024 * 1024) } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve(new Response(body, { status: res.statusCode!, headers: res.headers as Record<string, string> })));
    });
    req.on("error", reject);
    req.write("{");
  });
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("proviso serve", () => {
  let dir: string;
  let server: Server;
  beforeAll(async () => {
    dir = folder();
    server = await start(dir);
  });
  afterAll(() => {
    server.child.kill("SIGKILL");
  });

  it("answers health and readiness, and lists the policies with their versions and artifact hashes", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", policies: 3, failures: [] });
    const list = await (await fetch(`${server.url}/v1/policies`)).json();
    expect(list.policies.map((p: { name: string }) => p.name)).toEqual(["digital-goods", "order-cancellation", "retail-returns"]);
    const compiled = JSON.parse(proviso(["compile", "policies/retail-returns.policy"]).stdout);
    expect(list.policies[2]).toMatchObject({ name: "retail-returns", kind: "return", currency: "USD", versions: [{ id: "1", effectiveFrom: null }], hash: compiled.hash });
    expect(await (await fetch(`${server.url}/v1/policies/retail-returns`)).json()).toEqual(list.policies[2]);
  });

  it("decides an event exactly as `proviso eval` does, with the explanation only when asked", async () => {
    for (const i of [0, 3, 4, 9]) {
      const file = join(dir, `event-${i}.json`);
      writeFileSync(file, JSON.stringify(event(i)));
      const cli = JSON.parse(proviso(["eval", "policies/retail-returns.policy", "--event", file, "--format", "json", "--no-explain"]).stdout);
      const served = await post(`${server.url}/v1/policies/retail-returns/decide`, JSON.stringify(event(i)));
      expect(served.status).toBe(200);
      expect(served.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(await served.json()).toEqual(cli);
      const explained = JSON.parse(proviso(["eval", "policies/retail-returns.policy", "--event", file, "--format", "json"]).stdout);
      expect(await (await post(`${server.url}/v1/policies/retail-returns/decide?explain=true`, JSON.stringify(event(i)))).json()).toEqual(explained);
    }
    // The event files written into the served folder are JSON but not artifacts: ignored, not failures.
    await new Promise((r) => setTimeout(r, 400));
    expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: "ready", policies: 3 });
  });

  it("answers every error as an RFC 9457 problem with the diagnostic code, and never a stack trace", async () => {
    const expectProblem = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const body = await response.json();
      expect(body).toMatchObject({ status, code, type: expect.stringMatching(new RegExp(`/docs/errors\\.md#${code.replace("/", "-")}$`)), title: expect.any(String), detail: expect.any(String), instance: expect.stringMatching(/^urn:proviso:request:/) });
      expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
      return body;
    };
    const invalid = event(3);
    invalid.order.items[0].paid = -5;
    const bad = await expectProblem(await post(`${server.url}/v1/policies/retail-returns/decide`, JSON.stringify(invalid)), 400, "event/invalid");
    expect(bad.errors).toContainEqual({ code: "event/invalid", message: expect.any(String), path: "order.items[0].paid" });
    await expectProblem(await post(`${server.url}/v1/policies/nope/decide`, JSON.stringify(event(3))), 404, "serve/unknown-policy");
    await expectProblem(await fetch(`${server.url}/v2/whatever`), 404, "serve/not-found");
    await expectProblem(await declaredTooLarge(server.url), 413, "serve/too-large");
    await expectProblem(await post(`${server.url}/v1/policies/retail-returns/decide`, "hello", "text/plain"), 415, "serve/unsupported-media-type");
    await expectProblem(await post(`${server.url}/v1/policies/retail-returns/decide`, "{ not json"), 400, "event/not-json");
    await expectProblem(await post(`${server.url}/v1/policies/retail-returns/decide?explain=maybe`, JSON.stringify(event(3))), 400, "serve/bad-request");
    await expectProblem(await post(`${server.url}/v1/policies/retail-returns/decide?version=9`, JSON.stringify(event(3))), 400, "eval/unknown-version");
    const withProto = `{"__proto__": {"polluted": true}, ${JSON.stringify(event(3)).slice(1)}`;
    const proto = await expectProblem(await post(`${server.url}/v1/policies/retail-returns/decide`, withProto), 400, "event/forbidden-key");
    expect(proto.errors[0].path).toBe("__proto__");
  });

  it("answers 422 when no version of the policy was in force for the order", async () => {
    writeFileSync(join(dir, "later.policy"), readFileSync(join(ROOT, "policies/retail-returns.policy"), "utf8").replace("  timezone \"America/New_York\"\n", "  timezone \"America/New_York\"\n  effective from 2030-01-01\n"));
    await until(async () => (await fetch(`${server.url}/v1/policies/later`)).status === 200, "the new file to be served");
    const response = await post(`${server.url}/v1/policies/later/decide`, JSON.stringify(event(3)));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: "policy/no-version-in-force" });
  });

  it("decides a batch, JSON array or NDJSON, answering in order, with a problem for each refused event", async () => {
    const events = [event(0), { ...event(1), reason: "bored" }, event(3)];
    const array = await post(`${server.url}/v1/policies/retail-returns/decide-batch`, JSON.stringify(events));
    expect(array.headers.get("content-type")).toMatch(/^application\/json/);
    const answers = await array.json();
    expect(answers.map((a: { index: number }) => a.index)).toEqual([0, 1, 2]);
    expect(answers[0].decision.outcome).toBe(retail.cases[0]!.expect.outcome);
    expect(answers[1].problem).toMatchObject({ code: "event/invalid", status: 400, errors: [{ code: "event/invalid", path: "reason", message: expect.any(String) }] });
    expect(answers[2].decision.refund.amount).toBe(retail.cases[3]!.expect.refund);
    const ndjson = await post(`${server.url}/v1/policies/retail-returns/decide-batch`, [JSON.stringify(event(0)), "{broken", "", JSON.stringify(event(3))].join("\n"), "application/x-ndjson");
    expect(ndjson.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = (await ndjson.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.index, l.line, l.decision?.outcome ?? l.problem.code])).toEqual([[0, undefined, retail.cases[0]!.expect.outcome], [1, 2, "event/not-json"], [2, undefined, retail.cases[3]!.expect.outcome]]);
    const tooMany = await post(`${server.url}/v1/policies/retail-returns/decide-batch`, JSON.stringify(Array.from({ length: 1001 }, () => ({}))));
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).code).toBe("serve/batch-too-large");
    const notABatch = await post(`${server.url}/v1/policies/retail-returns/decide-batch`, JSON.stringify(event(0)));
    expect((await notABatch.json()).code).toBe("serve/bad-request");
  });

  it("counts decisions, refusals and latency for Prometheus", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^proviso_decisions_total\{policy="retail-returns",outcome="approve"\} [1-9]\d*$/m);
    expect(text).toMatch(/^proviso_refusals_total\{policy="retail-returns",code="event\/invalid"\} [1-9]\d*$/m);
    expect(text).toMatch(/^proviso_request_duration_seconds_bucket\{le="0\.001",policy="retail-returns",endpoint="decide"\} \d+$/m);
    expect(text).toMatch(/^proviso_policies_served 4$/m);
    expect(text).toContain("proviso_process_cpu_user_seconds_total");
  });

  it("publishes an OpenAPI 3.1 document (as in docs/openapi.json) whose schemas accept what the server sends", async () => {
    const doc = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(doc).toEqual(JSON.parse(readFileSync(join(ROOT, "docs/openapi.json"), "utf8")));
    expect(doc.openapi).toBe("3.1.0");
    // Every internal reference resolves.
    for (const ref of JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/\w+"/g) ?? []) expect(doc.components.schemas).toHaveProperty(ref.split("/").at(-1)!.replace('"', ""));
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv as never);
    const validDecision = ajv.compile(doc.components.schemas.Decision);
    const decision = await (await post(`${server.url}/v1/policies/retail-returns/decide?explain=true`, JSON.stringify(event(3)))).json();
    expect(validDecision(decision), JSON.stringify(validDecision.errors)).toBe(true);
    const validProblem = ajv.compile(doc.components.schemas.Problem);
    const problem = await (await post(`${server.url}/v1/policies/nope/decide`, "{}")).json();
    expect(validProblem(problem), JSON.stringify(validProblem.errors)).toBe(true);
    const validSummary = ajv.compile(doc.components.schemas.PolicySummary);
    expect(validSummary(await (await fetch(`${server.url}/v1/policies/retail-returns`)).json())).toBe(true);
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string; responses: object }>>)) {
      for (const op of Object.values(operations)) {
        expect(op.operationId, path).toMatch(/^\w+$/);
        expect(Object.keys(op.responses).length, path).toBeGreaterThan(0);
      }
    }
  });

  it("logs one JSON line per request with its id, policy, version, hash and outcome, and no event data", async () => {
    await post(`${server.url}/v1/policies/retail-returns/decide`, JSON.stringify(event(3)), "application/json", { "x-request-id": "trace-123" });
    await until(async () => server.logs().some((l) => l.reqId === "trace-123"), "the request's log line");
    const line = server.logs().find((l) => l.reqId === "trace-123")!;
    expect(line).toMatchObject({ msg: "request", method: "POST", path: "/v1/policies/retail-returns/decide", status: 200, policy: "retail-returns", version: "1", hash: expect.stringMatching(/^sha256:/), outcome: retail.cases[3]!.expect.outcome });
    const all = JSON.stringify(server.logs());
    expect(all).not.toContain(String(event(3).customer.email));
    expect(all).not.toContain(String(event(3).order.id));
  });

  it("keeps the previous version serving when a changed file no longer compiles, reports it, and swaps in the fix", async () => {
    const before = (await (await fetch(`${server.url}/v1/policies/retail-returns`)).json()).hash;
    const file = join(dir, "retail-returns.policy");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.replace("item.finalSale", "item.finalSal"));
    await until(async () => (await (await fetch(`${server.url}/readyz`)).json()).status === "degraded", "the failed reload to be reported");
    const ready = await (await fetch(`${server.url}/readyz`)).json();
    expect(ready.failures).toEqual([expect.objectContaining({ policy: "retail-returns", stillServing: true, errors: [expect.objectContaining({ code: "name/unknown-field" })] })]);
    expect((await (await fetch(`${server.url}/v1/policies/retail-returns`)).json()).hash).toBe(before);
    expect((await post(`${server.url}/v1/policies/retail-returns/decide`, JSON.stringify(event(3)))).status).toBe(200);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^proviso_policy_reloads_total\{policy="retail-returns",result="failed"\} [1-9]/m);
    expect(server.logs().some((l) => l.msg === "policy not loaded; any earlier version keeps serving" && l.policy === "retail-returns")).toBe(true);
    writeFileSync(file, good.replace("refund 100% of item", "refund 90% of item"));
    await until(async () => (await (await fetch(`${server.url}/v1/policies/retail-returns`)).json()).hash !== before, "the fixed file to be served");
    expect((await (await fetch(`${server.url}/readyz`)).json()).status).toBe("ready");
  });
});

describe("proviso serve, started otherwise", () => {
  it("requires the bearer token when PROVISO_TOKEN is set, except for the health checks", async () => {
    const server = await start(folder(), [], { PROVISO_TOKEN: "a-long-enough-secret-token" });
    try {
      const denied = await fetch(`${server.url}/v1/policies`);
      expect(denied.status).toBe(401);
      expect(denied.headers.get("www-authenticate")).toBe('Bearer realm="proviso"');
      expect((await denied.json()).code).toBe("serve/unauthorized");
      expect((await fetch(`${server.url}/v1/policies`, { headers: { authorization: "Bearer wrong-token-of-some-length" } })).status).toBe(401);
      expect((await fetch(`${server.url}/v1/policies`, { headers: { authorization: "Bearer a-long-enough-secret-token" } })).status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("reloads a policy when the fields file its header names changes, whatever that file is called", async () => {
    const dir = mkdtempSync(join(tmpdir(), "proviso-serve-fields-"));
    mkdirSync(join(dir, "vocab"));
    writeFileSync(join(dir, "rentals.policy"), readFileSync(join(ROOT, "policies/car-rental.policy"), "utf8").replace('fields "car-rental.fields.json"', 'fields "vocab/rental-codes.json"'));
    const vocabulary = JSON.parse(readFileSync(join(ROOT, "policies/car-rental.fields.json"), "utf8"));
    writeFileSync(join(dir, "vocab/rental-codes.json"), JSON.stringify(vocabulary));
    const base = YAML.parse(readFileSync(join(ROOT, "policies/car-rental.test.yaml"), "utf8")).base;
    const strike = JSON.stringify({ ...base, reason: "strike" });
    const server = await start(dir);
    try {
      const refused = await post(`${server.url}/v1/policies/rentals/decide`, strike);
      expect(refused.status).toBe(400);
      writeFileSync(join(dir, "vocab/rental-codes.json"), JSON.stringify({ ...vocabulary, values: { reason: ["flight_delayed", "strike"] } }));
      await until(async () => (await post(`${server.url}/v1/policies/rentals/decide`, strike)).status === 200, "the policy to be reloaded with the new code");
      expect(await (await fetch(`${server.url}/v1/policies`)).json()).toMatchObject({ policies: [expect.objectContaining({ name: "rentals" })] });
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("reloads on SIGHUP, and refuses more requests at once than --max-concurrency with Retry-After", async () => {
    const dir = folder();
    const server = await start(dir, ["--no-watch", "--max-concurrency", "1"]);
    try {
      const before = (await (await fetch(`${server.url}/v1/policies/retail-returns`)).json()).hash;
      writeFileSync(join(dir, "retail-returns.policy"), readFileSync(join(dir, "retail-returns.policy"), "utf8").replace("refund 100% of item", "refund 80% of item"));
      await new Promise((r) => setTimeout(r, 400));
      expect((await (await fetch(`${server.url}/v1/policies/retail-returns`)).json()).hash).toBe(before);
      server.child.kill("SIGHUP");
      await until(async () => (await (await fetch(`${server.url}/v1/policies/retail-returns`)).json()).hash !== before, "SIGHUP to reload");
      // A request whose body is still arriving holds the one place.
      const { hostname, port } = new URL(server.url);
      const held = httpRequest({ hostname, port, method: "POST", path: "/v1/policies/retail-returns/decide", headers: { "content-type": "application/json", "content-length": "100000" } });
      held.on("error", () => undefined);
      held.write("{");
      await new Promise((r) => setTimeout(r, 200));
      const refused = await fetch(`${server.url}/v1/policies`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect((await refused.json()).code).toBe("serve/overloaded");
      held.destroy();
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("drains on SIGTERM: the batch in flight is answered in full, then the process exits 0", async () => {
    const server = await start(folder());
    const events = Array.from({ length: 1000 }, (_, i) => JSON.stringify(event(i % 10))).join("\n");
    const answer = post(`${server.url}/v1/policies/retail-returns/decide-batch?explain=true`, events, "application/x-ndjson").then((r) => r.text());
    await new Promise((r) => setTimeout(r, 30));
    server.child.kill("SIGTERM");
    const lines = (await answer).trim().split("\n");
    expect(lines).toHaveLength(1000);
    expect(lines.every((l) => JSON.parse(l).decision !== undefined)).toBe(true);
    expect(await server.exited).toBe(0);
    expect(server.logs().some((l) => l.msg === "draining: finishing requests in flight, refusing new ones")).toBe(true);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
