// Share links: the policy and the event, deflated and base64url-encoded into the URL fragment. The
// fragment never reaches a server; the page warns that an event may hold customer data. A link is
// input like any other: its length is capped, and so is what it inflates to, checked while inflating
// (a small link can inflate to hundreds of megabytes and crash the tab).

import { limit } from "../runtime/index.js";

export interface Shared {
  policy: string;
  event: string;
  fields?: unknown;
  /** The example the policy started from: its samples and tests come with it. */
  example?: string;
  /** The tests, when the author changed the example's (saved, edited, deleted). */
  tests?: { name: string; event: unknown; expect: Record<string, unknown>; asOf?: string }[];
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array | undefined> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export async function encodeShare(shared: Shared): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(shared));
  return `s1.${toBase64Url((await pipe(json, new CompressionStream("deflate-raw")))!)}`;
}

/** Decodes a fragment made by encodeShare; undefined for anything else (never throws). */
export async function decodeShare(fragment: string): Promise<Shared | undefined> {
  const body = fragment.replace(/^#/, "");
  if (!body.startsWith("s1.") || body.length > limit("shareLinkCharacters")) return undefined;
  try {
    const inflated = await pipe(fromBase64Url(body.slice(3)), new DecompressionStream("deflate-raw"), limit("shareLinkBytes"));
    if (!inflated) return undefined;
    const json = new TextDecoder().decode(inflated);
    const value = JSON.parse(json) as Partial<Shared>;
    if (typeof value.policy !== "string" || typeof value.event !== "string") return undefined;
    const shared: Shared = { policy: value.policy, event: value.event };
    if (value.fields !== undefined) shared.fields = value.fields;
    if (typeof value.example === "string") shared.example = value.example;
    if (Array.isArray(value.tests) && value.tests.every((t) => t && typeof t === "object" && typeof t.name === "string" && t.expect && typeof t.expect === "object")) shared.tests = value.tests;
    return shared;
  } catch {
    return undefined;
  }
}
