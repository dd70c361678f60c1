// Share links: the policy and the event, deflated and base64url-encoded into the URL fragment. The
// fragment never reaches a server; the page warns that an event may hold customer data.

export interface Shared {
  policy: string;
  event: string;
  fields?: unknown;
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

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function encodeShare(shared: Shared): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(shared));
  return `s1.${toBase64Url(await pipe(json, new CompressionStream("deflate-raw")))}`;
}

/** Decodes a fragment made by encodeShare; undefined for anything else (never throws). */
export async function decodeShare(fragment: string): Promise<Shared | undefined> {
  const body = fragment.replace(/^#/, "");
  if (!body.startsWith("s1.") || body.length > 2_000_000) return undefined;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(body.slice(3)), new DecompressionStream("deflate-raw")));
    const value = JSON.parse(json) as Partial<Shared>;
    if (typeof value.policy !== "string" || typeof value.event !== "string") return undefined;
    return value.fields === undefined ? { policy: value.policy, event: value.event } : { policy: value.policy, event: value.event, fields: value.fields };
  } catch {
    return undefined;
  }
}
