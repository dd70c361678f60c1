// The screenshots in docs/playground.md, taken from the built playground in Chromium:
// `npm run build:playground && npx tsx scripts/screenshots.ts`. Review them before committing.
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, serveSite } from "../test/helpers/browser.js";

const OUT = new URL("../docs/images/", import.meta.url).pathname;

const { server, url } = await serveSite();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
  await page.goto(url);
  await page.waitForSelector("#problems li");
  await page.selectOption("#examples", "retail-returns");
  await page.selectOption("#samples", "3");
  await page.click("#evaluate");
  await page.waitForSelector(".card .counterfactuals");
  await page.waitForSelector('#tab-decision[data-stale="false"]');
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${OUT}playground-card.png` });
  await page.click('.tabs button[data-tab="why"]');
  await page.screenshot({ path: `${OUT}playground-why.png` });
  // What if the change-of-mind terms refunded half? Replayed on the example's orders, repeated.
  await page.evaluate(`(() => {
    const w = window.provisoPlayground;
    w.policyEditor.setValue(w.policyEditor.getValue().replace(/(define terms "change-of-mind terms" as\\n  refund )100%/, "$150%"));
    const cases = w.examples.find((e) => e.name === "retail-returns").cases;
    const lines = [];
    for (let i = 0; i < 500; i++) for (const c of cases) lines.push(JSON.stringify({ ...c.event, order: { ...c.event.order, id: c.event.order.id + "-" + i } }));
    w.whatIfPanel.setHistory(lines.join("\\n"), "last-quarter.jsonl");
  })()`);
  await page.click('.tabs button[data-tab="whatif"]');
  await page.click("#whatif-run");
  await page.waitForSelector(".whatif-headline");
  await page.screenshot({ path: `${OUT}playground-whatif.png` });
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })).newPage();
  await phone.goto(url);
  await phone.waitForSelector("#problems li");
  await phone.screenshot({ path: `${OUT}playground-phone.png` });
} finally {
  await browser.close();
  server.close();
}
console.log(`screenshots written to ${OUT}`);
