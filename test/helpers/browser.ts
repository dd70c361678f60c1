// Browser tests drive Debian's Chromium with playwright-core (no browser download) against the built
// playground served on localhost. Without Chromium they fail under CI=true and skip elsewhere.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { ROOT } from "./corpus.js";

export const CHROMIUM = process.env.PROVISO_CHROMIUM ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SITE = join(ROOT, "dist-playground");

if (!HAVE_CHROMIUM && process.env.CI === "true") {
  throw new Error(`Chromium is required for the browser tests under CI=true, but ${CHROMIUM} does not exist (.ci/run installs it with apt-get).`);
}

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
];

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".ttf": "font/ttf", ".json": "application/json", ".svg": "image/svg+xml",
};

/** Serves the built site on a free localhost port, as any static file server would. */
export function serveSite(): Promise<{ server: Server; url: string }> {
  if (!existsSync(join(SITE, "index.html"))) throw new Error("dist-playground/ is missing: run `npm run build:playground` (npm test does)");
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(SITE, path === "/" ? "index.html" : path);
    if (!file.startsWith(SITE) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/` });
  }));
}
