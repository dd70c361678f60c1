// Playground figures: the built size of the initial page (gzip), and the time from a keystroke to
// updated markers, on a 1,000-line policy against a 10-line one measured in the same run.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, SITE, serveSite } from "../test/helpers/browser.js";
import { policyOfLines } from "./policies.js";

export interface PlaygroundFigures {
  sizes: { file: string; bytes: number; gzip: number; initial: boolean }[];
  latency: { lines: number; p50: number; p95: number; samples: number }[];
}

function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

export function siteSizes(): PlaygroundFigures["sizes"] {
  if (!existsSync(join(SITE, "index.html"))) spawnSync("npx", ["vite", "build", "--logLevel", "error"], { stdio: "inherit" });
  const html = readFileSync(join(SITE, "index.html"), "utf8");
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!));
  const files = ["index.html", ...readdirSync(join(SITE, "assets")).map((f) => `assets/${f}`)];
  return files.map((file) => {
    const bytes = readFileSync(join(SITE, file));
    return { file, bytes: bytes.length, gzip: gzipSync(bytes).length, initial: file === "index.html" || initial.has(file) };
  });
}

export async function keystrokeLatency(lineCounts: number[], samples = 40): Promise<PlaygroundFigures["latency"]> {
  if (!HAVE_CHROMIUM) throw new Error(`no Chromium at ${CHROMIUM}`);
  const { server, url } = await serveSite();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const out: PlaygroundFigures["latency"] = [];
  try {
    for (const lines of lineCounts) {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForSelector("#problems li");
      const text = policyOfLines(lines);
      // Plain JavaScript text: the page must not see helpers the TypeScript loader adds to functions.
      const times = (await page.evaluate(`(async (text, samples) => {
        const model = window.provisoPlayground.policyEditor.getModel();
        const generation = () => Number(document.body.dataset.generation || 0);
        const settle = async (since) => { while (generation() === since) await new Promise((r) => setTimeout(r, 1)); };
        let g = generation();
        model.setValue(text);
        await settle(g);
        const results = [];
        // The first keystrokes after loading a large policy also warm up the worker's compiler (JIT):
        // ten are made and not counted, as a person typing makes many.
        for (let i = -10; i < samples; i++) {
          g = generation();
          const started = performance.now();
          // One keystroke: type a character into the first rule's name, or delete it again.
          const odd = Math.abs(i) % 2 === 1;
          const range = { startLineNumber: 5, startColumn: 7, endLineNumber: 5, endColumn: odd ? 8 : 7 };
          model.applyEdits([{ range, text: odd ? "" : "x" }]);
          await settle(g);
          if (i >= 0) results.push(performance.now() - started);
        }
        return { results, lines: model.getLineCount() };
      })(${JSON.stringify(text)}, ${samples})`)) as { results: number[]; lines: number };
      const sorted = [...times.results].sort((a, b) => a - b);
      out.push({ lines: times.lines, p50: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.floor(sorted.length * 0.95)]!, samples });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

/** Evaluate → card on a library policy, and a 100,000-order what-if, in one page of Chromium. */
export async function workbenchTimes(): Promise<{ evaluate: { p50: number; p95: number; samples: number }; whatIf: { orders: number; seconds: number; changed: string } }> {
  if (!HAVE_CHROMIUM) throw new Error(`no Chromium at ${CHROMIUM}`);
  const { server, url } = await serveSite();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector("#problems li");
    await page.selectOption("#examples", "retail-returns");
    await page.selectOption("#samples", "3");
    const times = (await page.evaluate(`(async (samples) => {
      const out = [];
      for (let i = 0; i < samples; i++) {
        const card = document.getElementById("tab-decision");
        card.replaceChildren();
        const started = performance.now();
        document.getElementById("evaluate").click();
        while (!card.querySelector(".card")) await new Promise((r) => setTimeout(r, 0));
        out.push(performance.now() - started);
      }
      return out;
    })(30)`)) as number[];
    const sorted = [...times].sort((a, b) => a - b);
    // The what-if: the example's test events, repeated to 100,000 orders, against a 50% edit of its terms.
    const orders = 100_000;
    const whatIf = (await page.evaluate(`(async (orders) => {
      const w = window.provisoPlayground;
      const editor = w.policyEditor;
      editor.setValue(editor.getValue().replace(/(define terms "change-of-mind terms" as\\n  refund )100%/, "$150%"));
      const cases = w.examples.find((e) => e.name === "retail-returns").cases;
      const lines = [];
      for (let i = 0; lines.length < orders; i++) for (const c of cases) if (lines.length < orders) lines.push(JSON.stringify({ ...c.event, order: { ...c.event.order, id: c.event.order.id + "-" + i } }));
      w.whatIfPanel.setHistory(lines.join("\\n"), "bench.jsonl");
      document.querySelector('.tabs button[data-tab="whatif"]').click();
      const results = document.getElementById("whatif-results");
      results.replaceChildren();
      const started = performance.now();
      document.getElementById("whatif-run").click();
      while (!results.querySelector(".whatif-headline")) await new Promise((r) => setTimeout(r, 20));
      return { seconds: (performance.now() - started) / 1000, changed: results.querySelector(".whatif-headline").textContent };
    })(${orders})`)) as { seconds: number; changed: string };
    await page.close();
    return { evaluate: { p50: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.floor(sorted.length * 0.95)]!, samples: sorted.length }, whatIf: { orders, ...whatIf } };
  } finally {
    await browser.close();
    server.close();
  }
}

export async function playgroundReport(): Promise<string> {
  const sizes = siteSizes();
  const initial = sizes.filter((s) => s.initial);
  const lines = [
    "Playground (built site, dist-playground/)",
    ...sizes.map((s) => `  ${s.initial ? "initial" : "later  "}  ${s.file.padEnd(40)} ${kib(s.bytes).padStart(11)}  gzip ${kib(s.gzip).padStart(10)}`),
    `  initial page total: ${kib(initial.reduce((n, s) => n + s.bytes, 0))}, gzip ${kib(initial.reduce((n, s) => n + s.gzip, 0))}`,
  ];
  try {
    const latency = await keystrokeLatency([10, 1000]);
    lines.push("  keystroke → updated markers (worker compile + markers), same run:");
    for (const l of latency) lines.push(`    ${String(l.lines).padStart(5)} lines: p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms (${l.samples} keystrokes)`);
    const [small, large] = latency;
    if (small && large) lines.push(`    1,000 lines cost ${(large.p50 / small.p50).toFixed(1)}× the 10-line baseline`);
  } catch (e) {
    lines.push(`  keystroke latency not measured: ${(e as Error).message}`);
  }
  try {
    const w = await workbenchTimes();
    lines.push(`  Evaluate → decision card (retail-returns, with counterfactuals): p50 ${w.evaluate.p50.toFixed(1)} ms, p95 ${w.evaluate.p95.toFixed(1)} ms (${w.evaluate.samples} clicks)`);
    lines.push(`  what-if: ${w.whatIf.orders.toLocaleString("en-US")} orders replayed in a worker in ${w.whatIf.seconds.toFixed(1)} s — ${w.whatIf.changed}`);
  } catch (e) {
    lines.push(`  workbench times not measured: ${(e as Error).message}`);
  }
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await playgroundReport());
