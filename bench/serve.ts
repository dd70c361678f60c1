// `proviso serve` under load on loopback, beside the HTTP floor: autocannon at 50 connections posts
// the same events to the decision service and to a fastify server that answers a fixed decision of
// the same size. Load generator and servers share this machine, as the figures say. The service logs
// a line per request, as in production.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import YAML from "yaml";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

async function start(command: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, command, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 400; i++) {
    const line = out.split("\n").find((l) => l.includes('"msg":"listening"') && l.includes('"url"'));
    if (line) {
      // From here on the request log is read and dropped, as a log shipper would take it.
      child.stdout!.removeAllListeners("data");
      child.stdout!.resume();
      return { child, url: JSON.parse(line).url as string };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill();
  throw new Error(`server did not start: ${out}`);
}

interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, bodies: string[], seconds: number): Promise<Load> {
  const result = await autocannon({
    url: `${url}/v1/policies/retail-returns/decide`,
    connections: 50,
    duration: seconds,
    requests: bodies.map((body) => ({ method: "POST", headers: { "content-type": "application/json" }, body })),
  });
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

export async function serveReport(quick: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "proviso-serve-bench-"));
  cpSync(join(ROOT, "policies/retail-returns.policy"), join(dir, "retail-returns.policy"));
  const cases = (YAML.parse(readFileSync(join(ROOT, "policies/retail-returns.test.yaml"), "utf8")) as { cases: { event: unknown }[] }).cases;
  const bodies = cases.map((c) => JSON.stringify(c.event));
  const seconds = quick ? 3 : 10;
  const served = await start([join(ROOT, "bin/proviso.js"), "serve", dir, "--port", "0", "--no-watch", "--max-concurrency", "10000"]);
  const sample = await (await fetch(`${served.url}/v1/policies/retail-returns/decide`, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[3]! })).text();
  await load(served.url, bodies, 1); // warm up
  const service = await load(served.url, bodies, seconds);
  served.child.kill("SIGTERM");
  const floorServer = await start(["--import", "tsx", join(ROOT, "bench/http-floor.ts")], { FLOOR_BODY: sample });
  await load(floorServer.url, bodies, 1);
  const floor = await load(floorServer.url, bodies, seconds);
  floorServer.child.kill("SIGTERM");
  const share = service.perSecond / floor.perSecond;
  const lines = [
    `proviso serve under load (autocannon, 50 connections, ${seconds} s, loopback, load generator on the same ${quick ? "" : "2-core "}machine; retail-returns, its 14 test events in turn, ${sample.length}-byte decisions, no explanation)`,
    "  server                          decisions/s    p50       p99     errors",
    `  proviso serve                   ${Math.round(service.perSecond).toLocaleString("en-US").padStart(11)}   ${`${service.p50} ms`.padStart(7)}   ${`${service.p99} ms`.padStart(7)}   ${service.errors}`,
    `  HTTP floor (fixed response)     ${Math.round(floor.perSecond).toLocaleString("en-US").padStart(11)}   ${`${floor.p50} ms`.padStart(7)}   ${`${floor.p99} ms`.padStart(7)}   ${floor.errors}`,
    `  serve / floor: ${(share * 100).toFixed(0)}% of the floor's throughput (target ≥ 50%: ${share >= 0.5 ? "met" : "not met"}); p99 ${service.p99} ms (target ≤ 20 ms: ${service.p99 <= 20 ? "met" : "not met"})`,
  ];
  return lines.join("\n");
}
