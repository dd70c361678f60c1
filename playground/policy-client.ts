// The main thread's side of the policy worker: promises by request id, and "latest wins" for checks
// so a burst of keystrokes costs one compile at a time.

import type { WorkerReply, WorkerRequest } from "./worker.js";

type Pending = (reply: WorkerReply) => void;

/** Adds the custom-field schema to a request only when there is one (the requests' types are exact). */
const withFields = <T extends object>(request: T, fields: unknown): T => (fields === undefined ? request : { ...request, fields });
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class PolicyClient {
  private readonly worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private checkInFlight = false;
  private queuedCheck: { text: string; fields?: unknown } | undefined;

  constructor(private readonly onCheck: (reply: Extract<WorkerReply, { kind: "check" }>, text: string) => void) {
    this.worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const done = this.pending.get(e.data.id);
      this.pending.delete(e.data.id);
      done?.(e.data);
    };
  }

  private ask<R extends WorkerReply>(request: DistributiveOmit<WorkerRequest, "id">): Promise<R> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as Pending);
      this.worker.postMessage({ ...request, id });
    });
  }

  /** Checks the latest text; earlier texts still waiting are dropped. */
  check(text: string, fields?: unknown): void {
    this.queuedCheck = withFields({ text }, fields);
    if (!this.checkInFlight) void this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queuedCheck) {
      const { text, fields } = this.queuedCheck;
      this.queuedCheck = undefined;
      this.checkInFlight = true;
      const reply = await this.compile(text, fields);
      this.checkInFlight = false;
      this.onCheck(reply, text);
    }
  }

  compile(text: string, fields?: unknown) {
    return this.ask<Extract<WorkerReply, { kind: "check" }>>(withFields({ kind: "check" as const, text }, fields));
  }

  format(text: string) {
    return this.ask<Extract<WorkerReply, { kind: "format" }>>({ kind: "format", text });
  }

  complete(text: string, offset: number, fields?: unknown) {
    return this.ask<Extract<WorkerReply, { kind: "complete" }>>(withFields({ kind: "complete" as const, text, offset }, fields));
  }

  hover(text: string, offset: number, fields?: unknown) {
    return this.ask<Extract<WorkerReply, { kind: "hover" }>>(withFields({ kind: "hover" as const, text, offset }, fields));
  }
}
