// The What-if tab: past orders (a JSON Lines file dropped or chosen, or pasted) replayed in a worker
// against a baseline and the policy being edited; what changes, in words, money and a bar chart.

import { formatMoney, limit } from "../runtime/index.js";
import { el, replaceChildren } from "./dom.js";
import { REQUEST_LEVEL, type WhatIfReply, type WhatIfRequest, type WhatIfSummary } from "./whatif-worker.js";

export interface WhatIfHost {
  /** The baseline's and the edited policy's compiled artifacts, or a reason why there are none. */
  artifacts(): Promise<{ baseline?: WhatIfRequest["baseline"]; candidate?: WhatIfRequest["candidate"]; problem?: string }>;
  loadEvent(text: string): void;
  locale(): string;
}

export class WhatIfPanel {
  private worker: Worker | undefined;
  private history = "";
  private historyName = "";

  constructor(private readonly root: HTMLElement, private readonly host: WhatIfHost) {
    const file = root.querySelector<HTMLInputElement>("#whatif-file")!;
    file.addEventListener("change", () => {
      const chosen = file.files?.[0];
      if (chosen) void this.readFile(chosen);
    });
    root.addEventListener("dragover", (e) => e.preventDefault());
    root.addEventListener("drop", (e) => {
      e.preventDefault();
      const dropped = e.dataTransfer?.files[0];
      if (dropped) void this.readFile(dropped);
    });
    root.querySelector("#whatif-paste")!.addEventListener("input", (e) => {
      this.history = (e.target as HTMLTextAreaElement).value;
      this.historyName = "pasted orders";
      this.showSource();
    });
    root.querySelector("#whatif-run")!.addEventListener("click", () => void this.run());
    root.querySelector("#whatif-cancel")!.addEventListener("click", () => this.cancel("Cancelled."));
  }

  /** For tests and scripts: replay this text. */
  setHistory(text: string, name: string): void {
    this.history = text;
    this.historyName = name;
    this.showSource();
  }

  private async readFile(file: File): Promise<void> {
    // Refused before reading: a file this large would take the tab's memory with it.
    if (file.size > limit("whatIfFileBytes")) {
      this.status(`${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MiB; the what-if reads at most ${limit("whatIfFileBytes") / 2 ** 20} MiB here — replay it with \`proviso replay\`, or split it.`);
      return;
    }
    this.setHistory(await file.text(), file.name);
  }

  private showSource(): void {
    const count = this.history.split("\n").filter((l) => l.trim()).length;
    this.root.querySelector("#whatif-source")!.textContent = count ? `${this.historyName}: ${count.toLocaleString()} orders` : "No orders yet.";
  }

  private status(text: string): void {
    this.root.querySelector("#whatif-status")!.textContent = text;
  }

  private cancel(message: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.root.dataset.running = "false";
    this.status(message);
  }

  private async run(): Promise<void> {
    if (!this.history.trim()) {
      this.status("Drop a JSON Lines file of past orders here, choose one, or paste them.");
      return;
    }
    const orders = this.history.split("\n").filter((l) => l.trim()).length;
    if (orders > limit("whatIfOrders")) {
      this.status(`${this.historyName} has ${orders.toLocaleString()} orders; the what-if replays at most ${limit("whatIfOrders").toLocaleString()} at once — split it, or replay it with \`proviso replay\`.`);
      return;
    }
    const { baseline, candidate, problem } = await this.host.artifacts();
    if (!baseline || !candidate) {
      this.status(problem ?? "The policies have errors.");
      return;
    }
    this.cancel("");
    this.root.dataset.running = "true";
    const progress = this.root.querySelector<HTMLProgressElement>("#whatif-progress")!;
    progress.value = 0;
    this.status("Replaying…");
    const worker = new Worker(new URL("./whatif-worker.ts", import.meta.url), { type: "module" });
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<WhatIfReply>) => {
      if (worker !== this.worker) return;
      const reply = e.data;
      if (reply.kind === "progress") {
        progress.max = reply.total;
        progress.value = reply.done;
        this.status(`Replaying… ${reply.done.toLocaleString()} of ${reply.total.toLocaleString()} lines`);
        return;
      }
      worker.terminate();
      this.worker = undefined;
      this.root.dataset.running = "false";
      if (reply.kind === "failed") {
        this.status(`The replay failed: ${reply.message}`);
        return;
      }
      this.status(`Replayed ${reply.summary.lines.toLocaleString()} orders in ${(reply.summary.millis / 1000).toFixed(1)} s.`);
      this.show(reply.summary);
    };
    const request: WhatIfRequest = { baseline, candidate, text: this.history };
    worker.postMessage(request);
  }

  private show(s: WhatIfSummary): void {
    const money = (minor: number, currency: string) => `${minor > 0 ? "+" : minor < 0 ? "−" : ""}${formatMoney(Math.abs(minor), currency, this.host.locale())}`;
    const moneyAll = (by: Record<string, number>) => Object.entries(by).map(([c, m]) => money(m, c)).join(", ") || "no change";
    const widest = Math.max(1, ...s.byRule.map((r) => Math.abs(Object.values(r.delta).reduce((a, b) => a + b, 0))));
    replaceChildren(this.root.querySelector("#whatif-results")!,
      el("p", { className: "whatif-headline" },
        s.changed
          ? `${s.changed.toLocaleString()} of ${s.decided.toLocaleString()} orders would be decided differently; ${Object.entries(s.delta).map(([c, m]) => (m === 0 ? `refunds in ${c} stay the same` : `refunds ${m < 0 ? "fall" : "rise"} by ${formatMoney(Math.abs(m), c, this.host.locale())}`)).join(", ") || "refunds stay the same"}.`
          : `None of the ${s.decided.toLocaleString()} orders would be decided differently.`,
        s.refused ? ` ${s.refused.toLocaleString()} could not be decided (see below).` : "",
      ),
      Object.keys(s.flips).length ? el("ul", { className: "whatif-flips" }, ...Object.entries(s.flips).map(([flip, n]) => el("li", {}, `${n.toLocaleString()} ${n === 1 ? "order goes" : "orders go"} from ${flip.replace(" → ", " to ")}`))) : null,
      s.byRule.length ? el("div", { className: "whatif-chart", attrs: { role: "img", "aria-label": "Refund change by rule" } },
        el("h4", {}, "Where the money moves: changed items by the rule that decides them now (red: more refunded, green: less)"),
        ...s.byRule.map((r) => {
          const total = Object.values(r.delta).reduce((a, b) => a + b, 0);
          return el("div", { className: "bar-row", data: { rule: r.rule, delta: String(total) } },
            el("span", { className: "bar-label" }, `${r.rule} (${r.orders.toLocaleString()} ${r.rule === REQUEST_LEVEL ? (r.orders === 1 ? "order" : "orders") : r.orders === 1 ? "item" : "items"})`),
            el("span", { className: `bar ${total < 0 ? "down" : "up"}`, attrs: { style: `width: ${Math.max(2, (Math.abs(total) / widest) * 100)}%` } }),
            el("span", { className: "bar-value" }, moneyAll(r.delta)),
          );
        }),
      ) : null,
      s.examples.length ? el("div", {},
        el("h4", {}, s.changed > s.examples.length ? `The first ${s.examples.length} changed orders (click one to open it)` : "Changed orders (click one to open it)"),
        el("table", { className: "whatif-changes" },
          el("thead", {}, el("tr", {}, el("th", {}, "order"), el("th", {}, "before"), el("th", {}, "now"), el("th", { className: "money" }, "change"))),
          el("tbody", {}, ...s.examples.map((c) => el("tr", { className: "rule-link", data: { line: String(c.line) }, onClick: () => this.host.loadEvent(c.event) },
            el("td", {}, c.order),
            el("td", {}, `${c.before.outcome} ${formatMoney(c.before.refund, c.currency, this.host.locale())} (${c.before.rule})`),
            el("td", {}, `${c.after.outcome} ${formatMoney(c.after.refund, c.currency, this.host.locale())} (${c.after.rule})`),
            el("td", { className: "money" }, money(c.after.refund - c.before.refund, c.currency)),
          ))),
        ),
      ) : null,
      s.refusals.length ? el("div", {}, el("h4", {}, "Not decided"), el("ul", {}, ...s.refusals.map((r) => el("li", {}, `line ${r.line}: ${r.message}`)))) : null,
    );
  }
}
