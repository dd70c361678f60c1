// The HTTP floor for the serve benchmark: fastify configured as `proviso serve` is (JSON body parsed,
// same limits and logger level), answering every POST with one fixed, pre-serialised decision of the
// same size. What `proviso serve` does beyond this is the cost of deciding.
import Fastify from "fastify";

const [body = "{}", port = "0"] = [process.env.FLOOR_BODY, process.env.FLOOR_PORT];
const app = Fastify({ logger: { level: "warn" }, bodyLimit: 10 * 1024 * 1024 });
app.post("/v1/policies/:name/decide", async (_request, reply) => reply.type("application/json").send(body));
await app.listen({ port: Number(port), host: "127.0.0.1" });
const address = app.server.address();
console.log(JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}` }));
process.on("SIGTERM", () => app.close().then(() => process.exit(0)));
