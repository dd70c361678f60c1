// Finding events: an event that a given rule decides (a witness that the rule can fire), built from a
// plain event valid for the policy and changed one condition at a time with the runtime's solver,
// deciding each candidate to see which rule it reaches. Best-first search with a budget: a witness is
// always confirmed by the runtime; not finding one proves nothing (the verifier says "unproven").

import {
  applyChanges, evaluateSync, solveCondition, type Artifact, type Decision, type EventChange, type JreCondition, type LoadedPolicy, type LoadedVersion,
} from "../runtime/index.js";

type Json = Record<string, unknown>;

const KIND_EVENT = { cancellation: "cancellation.requested", return: "return.requested", refund: "refund.requested" } as const;

/** Every path an artifact's rules read, to know which optional sections an event should carry. */
function pathsRead(artifact: Artifact): Set<string> {
  const out = new Set<string>();
  const text = JSON.stringify(artifact.rules);
  for (const m of text.matchAll(/"(?:path|from|to|of|field)":"([A-Za-z_][\w.]*)"/g)) out.add(m[1]!);
  return out;
}

const CUSTOM_SAMPLE: Record<string, unknown> = { money: 1000, integer: 1, number: 1, string: "sample", boolean: false, timestamp: "2026-03-01T12:00:00Z", list: [] };

/**
 * A plain event the policy accepts: one line, delivered, asked for in full, with the sections of
 * bookings, tickets, subscriptions or food delivery when the policy reads them, and the merchant's
 * custom fields with a value of their type.
 */
export function plainEvent(artifact: Artifact): Json {
  const read = pathsRead(artifact);
  const uses = (prefix: string) => [...read].some((p) => p === prefix || p.startsWith(`${prefix}.`));
  const event: Json = {
    type: KIND_EVENT[artifact.policy.kind],
    at: "2026-03-20T15:00:00Z",
    initiator: "customer",
    reason: "changed_mind",
    order: {
      id: "V-1", placedAt: "2026-03-01T10:00:00Z", currency: artifact.policy.currency, status: "delivered", market: "US", channel: "web", tags: [],
      shipping: { paid: 500, refunded: 0, method: "standard", carrier: "ups", interceptable: false, shippedAt: "2026-03-02T10:00:00Z", deliveredAt: "2026-03-05T10:00:00Z" },
      items: [{ id: "L1", sku: "SKU-1", category: "apparel", quantity: 1, unitPrice: 5000, paid: 5000, refunded: 0, finalSale: false, personalized: false, perishable: false, digital: false, hygieneSealed: false, giftCard: false, brand: "acme" }],
    },
    customer: { id: "C-1", email: "c@example.test", firstName: "Ana", tier: "standard", tags: [], stats: { orders12m: 1, returns12m: 0, cancellations12m: 0, keepItems12m: 0 } },
    request: { items: [{ id: "L1", quantity: 1, condition: "unopened" }] },
  };
  if (uses("booking")) event.booking = { checkIn: "2026-04-10T15:00:00Z", nights: 3, nightlyRate: 10000, rate: "flexible", bookedAt: "2026-03-01T10:00:00Z" };
  if (uses("ticket")) event.ticket = { eventStartsAt: "2026-05-01T19:00:00Z", eventStatus: "scheduled", faceValue: 5000, fees: 500 };
  if (uses("subscription")) event.subscription = { interval: "month", price: 1500, periodStart: "2026-03-01T00:00:00Z", periodEnd: "2026-04-01T00:00:00Z" };
  if (uses("delivery")) event.delivery = { restaurantAcceptedAt: "2026-03-01T10:02:00Z", courierAssignedAt: "2026-03-01T10:15:00Z" };
  const changes: EventChange[] = [];
  for (const field of artifact.customFields ?? []) {
    if (field.optional) continue;
    const where = field.path.replace(/^item\.custom\./, "order.items[0].custom.");
    changes.push({ path: where, value: field.type === "enum" ? field.values?.[0] : CUSTOM_SAMPLE[field.type] });
  }
  return changes.length ? applyChanges(event, changes) : event;
}

const HOUR = 3_600_000;
/** The timestamps that happen in this order before a request (as the runtime's sense checks want them). */
const CHAIN = ["order.placedAt", "order.shipping.shippedAt", "order.shipping.deliveredAt", "at"];

/**
 * After a timestamp moved, moves the others along so the event stays in order (the order placed, then
 * shipped, then delivered, then the request): a search step must not end in a refused event when a
 * neighbouring timestamp can make room.
 */
export function keepInOrder(event: Json, changes: readonly EventChange[]): Json {
  const moved = changes.map((c) => c.path).filter((p) => CHAIN.includes(p));
  if (!moved.length) return event;
  const read = (path: string) => {
    const [head, ...rest] = path.split(".");
    let node: unknown = event[head!];
    for (const k of rest) node = node && typeof node === "object" ? (node as Json)[k] : undefined;
    return typeof node === "string" ? Date.parse(node) : undefined;
  };
  const times = CHAIN.map(read);
  const fixes: EventChange[] = [];
  const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
  for (const path of moved) {
    const at = CHAIN.indexOf(path);
    const t = times[at];
    if (t === undefined) continue;
    // Earlier steps no later than this one, later steps no earlier.
    for (let i = at - 1, bound = t; i >= 0; i--) if (times[i] !== undefined && times[i]! > bound) {
      times[i] = bound - HOUR;
      bound = times[i]!;
      fixes.push({ path: CHAIN[i]!, value: iso(times[i]!) });
    } else if (times[i] !== undefined) bound = times[i]!;
    for (let i = at + 1, bound = t; i < CHAIN.length; i++) if (times[i] !== undefined && times[i]! < bound) {
      times[i] = bound + HOUR;
      bound = times[i]!;
      fixes.push({ path: CHAIN[i]!, value: iso(times[i]!) });
    } else if (times[i] !== undefined) bound = times[i]!;
  }
  return fixes.length ? applyChanges(event, fixes) : event;
}

/** The atoms of a condition, by name. */
function atomsOf(condition: JreCondition, out = new Map<string, JreCondition>()): Map<string, JreCondition> {
  for (const child of condition.all ?? condition.any ?? []) atomsOf(child, out);
  if (condition.not) atomsOf(condition.not, out);
  if (condition.fact !== undefined && condition.name !== undefined) out.set(condition.name, condition);
  return out;
}

export interface WitnessOptions {
  /** Decisions to spend on the search. */
  budget?: number;
  /** What more the witness must show. */
  accept?: (w: Witness) => boolean;
  /** Applied to an event the target rule decides, before it is judged: a customer's choice, a reviewer's verdict. */
  steer?: (event: Json) => Json;
}

export interface Witness {
  event: Json;
  itemId: string;
  decision: Decision;
}

interface Node {
  event: Json;
  decision: Decision;
  score: number;
  depth: number;
}

/**
 * An event whose first requested item is decided by rule `ruleIndex` of the version, searched from the
 * seeds; undefined when the budget of decisions runs out first. `accept` may ask more of the witness.
 */
export function findWitness(policy: LoadedPolicy, version: LoadedVersion, ruleIndex: number, seeds: readonly Json[], options: WitnessOptions = {}): Witness | undefined {
  let budget = options.budget ?? 400;
  const accept = options.accept ?? (() => true);
  const target = version.rules[ruleIndex]!;
  const itemOf = (event: Json) => ((event.request as { items?: { id: string }[] } | undefined)?.items?.[0]?.id) ?? "";
  const indexOf = (d: Decision, id: string) => version.rules.findIndex((r) => r.params.name === d.items.find((i) => i.id === id)?.rule.name);
  const decide = (event: Json) => {
    budget--;
    return evaluateSync(policy, event, { version: version.id }).value;
  };
  // Steered (a choice, a verdict) only once the target decides: elsewhere the steer may not apply.
  const witnessOf = (event: Json, id: string): Witness | undefined => {
    if (!options.steer) {
      const decision = decide(event);
      return decision && { event, itemId: id, decision };
    }
    const steered = options.steer(event);
    const decision = decide(steered);
    return decision && indexOf(decision, id) === ruleIndex ? { event: steered, itemId: id, decision } : undefined;
  };
  const found = (event: Json, decision: Decision, id: string): Witness | undefined => {
    if (indexOf(decision, id) !== ruleIndex) return undefined;
    const w = options.steer ? witnessOf(event, id) : { event, itemId: id, decision };
    return w && accept(w) ? w : undefined;
  };
  // Lower is closer: the deciding rule's distance from the target, then the target's conditions still false.
  const score = (d: Decision, id: string) => {
    const at = indexOf(d, id);
    const trace = d.explanation?.items.find((i) => i.id === id)?.rules[ruleIndex];
    const falseConditions = trace ? trace.conditions.filter((c) => !c.result).length : 0;
    return Math.abs(at - ruleIndex) * 10 + falseConditions;
  };
  const seen = new Set<string>();
  const queue: Node[] = [];
  for (const seed of seeds) {
    const decision = decide(seed);
    if (!decision) continue;
    const id = itemOf(seed);
    const w = found(seed, decision, id);
    if (w) return w;
    queue.push({ event: seed, decision, score: score(decision, id), depth: 0 });
    seen.add(JSON.stringify(seed));
  }
  while (queue.length && budget > 0) {
    queue.sort((a, b) => a.score - b.score || a.depth - b.depth);
    const node = queue.shift()!;
    if (node.depth >= 10) continue;
    const id = itemOf(node.event);
    const at = indexOf(node.decision, id);
    const trace = node.decision.explanation?.items.find((i) => i.id === id);
    if (!trace) continue;
    // Make the rule that decides stop applying, or make the target apply: one condition at a time.
    const moves: { atom: JreCondition; want: boolean }[] = [];
    if (at !== ruleIndex) {
      const blocking = at < ruleIndex ? version.rules[at]! : target;
      const ruleTrace = trace.rules[at < ruleIndex ? at : ruleIndex];
      const atoms = atomsOf(blocking.conditions);
      for (const c of ruleTrace?.conditions ?? []) {
        const atom = atoms.get(c.name);
        if (!atom) continue;
        if (at < ruleIndex && c.result) moves.push({ atom, want: false });
        if (at > ruleIndex && !c.result) moves.push({ atom, want: true });
      }
      // A target evaluated after the one that decides has no trace: aim at each of its conditions.
      if (at < ruleIndex) for (const atom of atomsOf(target.conditions).values()) moves.push({ atom, want: true });
    } else {
      // Decided by the target, but not accepted: vary the target's own conditions and its deductions.
      for (const atom of atomsOf(target.conditions).values()) moves.push({ atom, want: true });
      for (const clause of version.clauses) for (const atom of atomsOf(clause.conditions).values()) moves.push({ atom, want: true }, { atom, want: false });
    }
    for (const { atom, want } of moves) {
      for (const changes of solveCondition(atom, want, { event: node.event, itemId: id, customFields: policy.artifact.customFields ?? [], allowAbsent: true })) {
        if (budget <= 0) return undefined;
        const event = keepInOrder(applyChanges(node.event, changes), changes);
        const key = JSON.stringify(event);
        if (seen.has(key)) continue;
        seen.add(key);
        const decision = decide(event);
        if (!decision) continue;
        const w = found(event, decision, id);
        if (w) return w;
        queue.push({ event, decision, score: score(decision, id), depth: node.depth + 1 });
      }
    }
  }
  return undefined;
}
