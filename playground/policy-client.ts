// The main thread's side of the policy worker: promises by request id, and "latest wins" for checks
// so a burst of keystrokes costs one compile at a time.

import type { WorkerReply, WorkerRequest } from "./worker.js";

type Pending = (reply: WorkerReply) => void;

/** How long typing must pause before the artifact is built. */
const ARTIFACT_PAUSE_MS = 150;

/** Adds the custom-field schema to a request only when there is one (the requests' types are exact). */
const withFields = <T extends object>(request: T, fields: unknown): T => (fields === undefined ? request : { ...request, fields });
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class PolicyClient {
  private readonly worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private checkInFlight = false;
  private queuedCheck: { text: string; fields?: unknown } | undefined;
  private artifactTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `onCheck` gets the problems of the latest text as soon as they are known; `onCompiled` then gets
   * its artifact (or the same problems, when there are errors and so no artifact).
   */
  constructor(
    private readonly onCheck: (reply: Extract<WorkerReply, { kind: "check" }>, text: string) => void,
    private readonly onCompiled: (reply: Extract<WorkerReply, { kind: "check" }>, text: string) => void,
  ) {
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
    clearTimeout(this.artifactTimer);
    this.queuedCheck = withFields({ text }, fields);
    if (!this.checkInFlight) void this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queuedCheck) {
      const { text, fields } = this.queuedCheck;
      this.queuedCheck = undefined;
      this.checkInFlight = true;
      const reply = await this.ask<Extract<WorkerReply, { kind: "check" }>>(withFields({ kind: "check" as const, text, diagnosticsOnly: true }, fields));
      this.onCheck(reply, text);
      this.checkInFlight = false;
      if (this.queuedCheck) continue;
      // The artifact (for the card, the tests, the Artifact tab) follows when typing pauses: building it
      // while keys are still coming would hold up the next keystroke's problems.
      if (reply.diagnostics.some((d) => d.severity === "error")) this.onCompiled(reply, text);
      else this.artifactTimer = setTimeout(() => void this.compile(text, fields).then((full) => this.onCompiled(full, text)), ARTIFACT_PAUSE_MS);
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

  /** Decides an event in the worker, with the policy of this text. */
  decide(text: string, event: unknown, fields?: unknown) {
    return this.ask<Extract<WorkerReply, { kind: "decide" }>>(withFields({ kind: "decide" as const, text, event }, fields));
  }

  hover(text: string, offset: number, fields?: unknown) {
    return this.ask<Extract<WorkerReply, { kind: "hover" }>>(withFields({ kind: "hover" as const, text, offset }, fields));
  }
}
