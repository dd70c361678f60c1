// The invariants the evaluators rely on, checked when an artifact is loaded. The schema says what
// shape each part has; the hash says the artifact is what was compiled — or what someone edited and
// re-hashed. So nothing an evaluator assumes is taken on trust: names and indexes unique, one
// `otherwise` last in each version, every clause a deduction names present, every fact with exactly
// the parameters it reads (a real time zone, a month and day that exist), every path plain, the
// policy's currency, zone and locale real. An artifact that passes is decided the same by the fast
// evaluator and by json-rules-engine (a property test alters artifacts at random to check it).

import { usesFormat2, type Artifact, type JreCondition, type MoneyExpr, type OutcomeSpec, type Template } from "./artifact.js";
import { error, type Diagnostic } from "./diagnostic.js";
import { isKnownFact } from "./facts.js";
import { isInCustomObject, isReservedSectionName } from "./custom-fields.js";
import { EXTENSIBLE_ENUM_PATHS, FIELD_BY_PATH } from "./fields.js";
import { isCurrency } from "./money.js";
import { isKnownOperator } from "./operators.js";
import { isSafePath } from "./paths.js";
import { isTimeZone, parseInstant } from "./time.js";

type Params = Record<string, unknown>;

const isPath = (v: unknown): boolean => typeof v === "string" && isSafePath(v);
const isInt = (v: unknown, min: number, max: number): boolean => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/** The parameters each derived fact reads: required ones, optional ones, and how each is checked. */
const FACT_PARAMS: Record<string, { required: Record<string, (v: unknown) => boolean>; optional?: Record<string, (v: unknown) => boolean> }> = {
  event: { required: {} },
  item: { required: {} },
  elapsed: { required: { from: isPath }, optional: { to: isPath } },
  instant: { required: { of: isPath } },
  localDate: { required: { of: isPath, zone: (v) => typeof v === "string" && isTimeZone(v) } },
  localMonthDay: { required: { of: isPath, zone: (v) => typeof v === "string" && isTimeZone(v) } },
  anchorDate: {
    required: { of: isPath, zone: (v) => typeof v === "string" && isTimeZone(v), month: (v) => isInt(v, 1, 12), day: (v) => isInt(v, 1, 31) },
    optional: { years: (v) => isInt(v, -100, 100) },
  },
  calendarDays: { required: { from: isPath, zone: (v) => typeof v === "string" && isTimeZone(v) }, optional: { to: isPath } },
  amountIn: {
    required: { amounts: (v) => v !== null && typeof v === "object" && !Array.isArray(v) && Object.entries(v).every(([c, n]) => /^[A-Z]{3}$/.test(c) && Number.isSafeInteger(n)) },
  },
};

/** Operators that look only at the fact; their value, if any, is not read. */
const UNARY = new Set(["isTrue", "isFalse", "present", "absent"]);

function checkFact(fact: unknown, params: unknown, path: unknown, where: string, out: Diagnostic[], fields: ReadonlySet<string>): void {
  if (typeof fact !== "string" || !isKnownFact(fact)) {
    out.push(error("artifact/unknown-fact", `${where}: unknown fact ${JSON.stringify(fact)}`, { path: `${where}.fact` }));
    return;
  }
  if (path !== undefined && !isPath(path)) out.push(error("artifact/unsafe-path", `${where}: ${JSON.stringify(path)} is not a plain dotted path`, { path: `${where}.path` }));
  // The event and the item are read field by field (each with its default); never compared whole.
  if ((fact === "event" || fact === "item") && path === undefined) out.push(error("artifact/invalid", `${where}: fact "${fact}" needs a path`, { path: `${where}.path` }));
  // ... and only fields the event schema (or the policy's custom fields) has: what the compiler emits.
  else if ((fact === "event" || fact === "item") && typeof path === "string" && isPath(path) && !fields.has(fact === "item" ? `item.${path}` : path)) {
    out.push(error("artifact/invalid", `${where}: "${fact === "item" ? `item.${path}` : path}" is not a field of the event`, { path: `${where}.path` }));
  }
  const spec = FACT_PARAMS[fact]!;
  if (params === undefined) params = {};
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    out.push(error("artifact/invalid", `${where}: the parameters of fact "${fact}" must be an object`, { path: `${where}.params` }));
    return;
  }
  const given = params as Params;
  for (const [key, ok] of Object.entries(spec.required)) {
    if (!(key in given) || !ok(given[key])) {
      const code = key === "of" || key === "from" ? "artifact/unsafe-path" : "artifact/invalid";
      out.push(error(code, `${where}: fact "${fact}" needs a valid ${key}, not ${JSON.stringify(given[key])}`, { path: `${where}.params.${key}` }));
    }
  }
  for (const [key, value] of Object.entries(given)) {
    if (key in spec.required) continue;
    const ok = spec.optional?.[key];
    if (!ok) out.push(error("artifact/invalid", `${where}: fact "${fact}" has no parameter "${key}"`, { path: `${where}.params.${key}` }));
    else if (!ok(value)) out.push(error("artifact/invalid", `${where}: parameter "${key}" of fact "${fact}" is not valid`, { path: `${where}.params.${key}` }));
  }
}

/** A condition is exactly one of: all, any, not, or an atom (fact, operator, value). Checked without recursion. */
function checkCondition(root: JreCondition, rootWhere: string, out: Diagnostic[], maxDepth: number, fields: ReadonlySet<string>): void {
  const stack: [JreCondition, string, number][] = [[root, rootWhere, 0]];
  while (stack.length) {
    const [c, where, depth] = stack.pop()!;
    if (depth > maxDepth) {
      out.push(error("artifact/too-deep", `${where}: conditions nest deeper than ${maxDepth} levels`, { path: where }));
      return;
    }
    const kinds = (["all", "any", "not", "fact"] as const).filter((k) => c[k] !== undefined);
    if (kinds.length !== 1) {
      out.push(error("artifact/invalid", `${where}: a condition is exactly one of all, any, not, or a fact with an operator`, { path: where }));
      continue;
    }
    const kind = kinds[0]!;
    if (kind !== "fact") {
      const extra = Object.keys(c).filter((k) => k !== kind);
      if (extra.length) out.push(error("artifact/invalid", `${where}: "${kind}" has unexpected ${extra.map((k) => `"${k}"`).join(", ")}`, { path: where }));
      if (kind === "not") stack.push([c.not!, `${where}.not`, depth + 1]);
      else c[kind]!.forEach((child, i) => stack.push([child, `${where}.${kind}[${i}]`, depth + 1]));
      continue;
    }
    checkFact(c.fact, c.params, c.path, where, out, fields);
    if (typeof c.operator !== "string" || !isKnownOperator(c.operator)) {
      out.push(error("artifact/unknown-operator", `${where}: unknown operator ${JSON.stringify(c.operator)}`, { path: `${where}.operator` }));
      continue;
    }
    const value = c.value;
    if (UNARY.has(c.operator)) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      // json-rules-engine reads an object value as a reference to another fact.
      const ref = value as { fact?: unknown; params?: unknown; path?: unknown };
      const extra = Object.keys(ref).filter((k) => k !== "fact" && k !== "params" && k !== "path");
      if (extra.length) out.push(error("artifact/invalid", `${where}.value: a fact reference has only fact, params and path`, { path: `${where}.value` }));
      checkFact(ref.fact, ref.params, ref.path, `${where}.value`, out, fields);
    } else if (value === undefined) {
      out.push(error("artifact/invalid", `${where}: operator "${c.operator}" needs a value`, { path: `${where}.value` }));
    }
  }
}

function checkMoney(expr: MoneyExpr, where: string, out: Diagnostic[]): void {
  const stack: [MoneyExpr, string][] = [[expr, where]];
  while (stack.length) {
    const [e, at] = stack.pop()!;
    if ("field" in e && !isPath(e.field)) out.push(error("artifact/unsafe-path", `${at}: ${JSON.stringify(e.field)} is not a plain dotted path`, { path: `${at}.field` }));
    if ("elapsed" in e && (!isPath(e.elapsed.from) || !isPath(e.elapsed.to))) out.push(error("artifact/unsafe-path", `${at}: elapsed time between fields that are not plain dotted paths`, { path: `${at}.elapsed` }));
    if ("money" in e && !Number.isSafeInteger(e.money)) out.push(error("artifact/invalid", `${at}: an amount that is not a safe integer`, { path: `${at}.money` }));
    if ("number" in e && !Number.isFinite(e.number)) out.push(error("artifact/invalid", `${at}: a number that is not finite`, { path: `${at}.number` }));
    for (const key of ["add", "sub", "mul", "div", "min", "max"] as const) if (key in e) (e as Record<typeof key, [MoneyExpr, MoneyExpr]>)[key].forEach((x, i) => stack.push([x, `${at}.${key}[${i}]`]));
    if ("percent" in e) stack.push([e.percent.of, `${at}.percent.of`]);
    if ("round" in e) {
      stack.push([e.round.of, `${at}.round.of`]);
      if (e.round.to) stack.push([e.round.to, `${at}.round.to`]);
    }
    if ("table" in e) {
      if (!isPath(e.table.field)) out.push(error("artifact/unsafe-path", `${at}: ${JSON.stringify(e.table.field)} is not a plain dotted path`, { path: `${at}.table.field` }));
      e.table.rows.forEach(([, v], i) => stack.push([v, `${at}.table.rows[${i}]`]));
      stack.push([e.table.otherwise, `${at}.table.otherwise`]);
    }
    if ("tableShare" in e) {
      if (!isPath(e.tableShare.field)) out.push(error("artifact/unsafe-path", `${at}: ${JSON.stringify(e.tableShare.field)} is not a plain dotted path`, { path: `${at}.tableShare.field` }));
      stack.push([e.tableShare.of, `${at}.tableShare.of`]);
    }
  }
}

function checkTemplate(template: Template | undefined, where: string, out: Diagnostic[]): void {
  template?.forEach((part, i) => {
    if ("field" in part && !isPath(part.field)) out.push(error("artifact/unsafe-path", `${where}[${i}]: ${JSON.stringify(part.field)} is not a plain dotted path`, { path: `${where}[${i}].field` }));
  });
}

/** Where an outcome sits: a rule's own, an option's, or a verdict branch's. */
type Place = "rule" | "option" | "approved" | "declined";

function checkOutcome(o: OutcomeSpec, where: string, clauses: ReadonlySet<string>, out: Diagnostic[], place: Place = "rule"): void {
  const bad = (message: string, path = where) => out.push(error("artifact/invalid", `${where}: ${message}`, { path }));
  checkTemplate(o.reason, `${where}.reason`, out);
  checkTemplate(o.message, `${where}.message`, out);
  o.actions.forEach((a, i) => checkTemplate(a.message, `${where}.actions[${i}].message`, out));
  // Choices and verdicts lead one step, from a rule's own outcome to a complete one; never further.
  if (o.options) {
    if (place !== "rule" || o.decision !== "approve") bad("only a rule's approve offers options", `${where}.options`);
    if (o.options.filter((x) => x.default).length !== 1) bad("exactly one option is the default", `${where}.options`);
    if (new Set(o.options.map((x) => x.label)).size !== o.options.length) bad("two options share a label", `${where}.options`);
    o.options.forEach((x, i) => {
      if (x.outcome.decision !== "approve") bad("an option approves", `${where}.options[${i}].outcome.decision`);
      checkOutcome(x.outcome, `${where}.options[${i}].outcome`, clauses, out, "option");
    });
  }
  for (const [key, decision, branch] of [["ifApproved", "approve", "approved"], ["ifDeclined", "deny", "declined"]] as const) {
    const b = o[key];
    if (!b) continue;
    if (place !== "rule" || o.decision !== "review") bad(`only a rule's review has ${key}`, `${where}.${key}`);
    if (b.outcome.decision !== decision) bad(`${key} leads to ${decision}`, `${where}.${key}.outcome.decision`);
    checkOutcome(b.outcome, `${where}.${key}.outcome`, clauses, out, branch);
  }
  if (o.refund && o.decision !== "approve") bad("only an approve refunds", `${where}.refund`);
  if (o.refund?.adjustable && place !== "approved") bad("only an approval after review is adjustable", `${where}.refund.adjustable`);
  if (!o.refund) return;
  if (o.refund.adjustable) {
    checkMoney(o.refund.adjustable.low, `${where}.refund.adjustable.low`, out);
    checkMoney(o.refund.adjustable.high, `${where}.refund.adjustable.high`, out);
  }
  checkMoney(o.refund.amount, `${where}.refund.amount`, out);
  if (o.refund.cap) checkMoney(o.refund.cap, `${where}.refund.cap`, out);
  if (o.refund.shippingCap) checkMoney(o.refund.shippingCap, `${where}.refund.shippingCap`, out);
  o.refund.additions?.forEach((a, i) => {
    checkMoney(a.amount, `${where}.refund.additions[${i}].amount`, out);
    if (a.cap) checkMoney(a.cap, `${where}.refund.additions[${i}].cap`, out);
  });
  o.refund.deductions.forEach((d, i) => {
    checkMoney(d.amount, `${where}.refund.deductions[${i}].amount`, out);
    if (d.when !== undefined && !clauses.has(d.when)) out.push(error("artifact/invalid", `${where}.refund.deductions[${i}]: its condition "${d.when}" is not among the version's clauses`, { path: `${where}.refund.deductions[${i}].when` }));
  });
}

function validLocale(locale: string): boolean {
  try {
    new Intl.NumberFormat(locale);
    new Intl.DateTimeFormat(locale);
    return true;
  } catch {
    return false;
  }
}

function validRange(r: unknown): boolean {
  return Array.isArray(r) && r.length === 4 && r.every((n) => Number.isInteger(n) && n >= 0);
}

/** Every invariant the evaluators rely on, beyond the schema. Assumes the artifact passed the schema. */
export function checkArtifactInvariants(a: Artifact, maxConditionDepth: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { policy } = a;
  if (!isCurrency(policy.currency)) out.push(error("artifact/invalid", `policy.currency "${policy.currency}" is not an ISO 4217 code`, { path: "policy.currency" }));
  if (!isTimeZone(policy.timezone)) out.push(error("artifact/invalid", `policy.timezone "${policy.timezone}" is not an IANA time zone`, { path: "policy.timezone" }));
  if (!validLocale(policy.locale)) out.push(error("artifact/invalid", `policy.locale "${policy.locale}" is not a locale`, { path: "policy.locale" }));

  const versionIds = new Set<string>();
  const starts = new Set<number>();
  a.versions.forEach((v, i) => {
    const where = `versions[${i}]`;
    if (versionIds.has(v.id)) out.push(error("artifact/invalid", `${where}: version "${v.id}" appears twice`, { path: `${where}.id` }));
    versionIds.add(v.id);
    const ms = v.effectiveFrom === null ? Number.NEGATIVE_INFINITY : parseInstant(v.effectiveFrom);
    if (ms === undefined) out.push(error("artifact/invalid", `${where}: effectiveFrom is not an instant`, { path: `${where}.effectiveFrom` }));
    else if (starts.has(ms)) out.push(error("artifact/invalid", `${where}: two versions take effect at the same instant`, { path: `${where}.effectiveFrom` }));
    else starts.add(ms);
  });

  const fields = new Set<string>([...FIELD_BY_PATH.keys(), ...(a.customFields ?? []).map((f) => f.path)]);
  // The merchant's own fields live in custom sections or sections of its own, never in a built-in one.
  (a.customFields ?? []).forEach((f, i) => {
    const root = f.path.split(".")[0]!;
    if (!isInCustomObject(f.path) && isReservedSectionName(root)) {
      out.push(error("artifact/invalid", `customFields[${i}]: "${f.path}" is inside a built-in section`, { path: `customFields[${i}].path` }));
    }
  });
  for (const path of Object.keys(a.enumValues ?? {})) {
    if (!EXTENSIBLE_ENUM_PATHS.includes(path)) out.push(error("artifact/invalid", `enumValues: "${path}" is not a field that takes more values`, { path: "enumValues" }));
  }
  // An amount per currency names exactly the policy's currencies: an order in one of them finds its amount.
  const currencies = [...(policy.currencies ?? [policy.currency])].sort().join(",");
  if (policy.currencies && policy.currencies[0] !== policy.currency) out.push(error("artifact/invalid", "policy.currencies must start with policy.currency", { path: "policy.currencies" }));
  a.rules.forEach((rule, i) => {
    const stack: unknown[] = [rule];
    while (stack.length) {
      const v = stack.pop();
      if (v === null || typeof v !== "object") continue;
      const record = v as Record<string, unknown>;
      for (const key of ["moneyIn", "amounts"]) {
        const amounts = record[key];
        if (amounts && typeof amounts === "object" && !Array.isArray(amounts) && Object.keys(amounts).sort().join(",") !== currencies) {
          out.push(error("artifact/invalid", `rules[${i}]: an amount per currency names ${Object.keys(amounts).join(", ")}, not the policy's currencies`, { path: `rules[${i}]` }));
        }
      }
      stack.push(...Object.values(record));
    }
  });
  const ruleNames = new Set<string>();
  const byVersion = new Map<string, { indexes: number[]; otherwise: number[]; clauses: Set<string>; outcomes: [OutcomeSpec, string][]; broken: boolean }>();
  for (const id of versionIds) byVersion.set(id, { indexes: [], otherwise: [], clauses: new Set(), outcomes: [], broken: false });
  a.rules.forEach((rule, i) => {
    const where = `rules[${i}]`;
    if (ruleNames.has(rule.name)) out.push(error("artifact/invalid", `${where}: the rule name "${rule.name}" appears twice`, { path: `${where}.name` }));
    ruleNames.add(rule.name);
    checkCondition(rule.conditions, `${where}.conditions`, out, maxConditionDepth, fields);
    const params = rule.event.params as unknown as Params;
    const version = byVersion.get(String(params.version));
    if (!version) {
      out.push(error("artifact/invalid", `${where}: version "${String(params.version)}" is not among the artifact's versions`, { path: `${where}.event.params.version` }));
      return;
    }
    if (rule.event.type === "proviso.clause") {
      const extra = Object.keys(params).filter((k) => k !== "version" && k !== "clause" && k !== "conditions");
      if (typeof params.clause !== "string" || extra.length) out.push(error("artifact/invalid", `${where}: a clause has a clause id and conditions, nothing else`, { path: `${where}.event.params` }));
      else if (version.clauses.has(params.clause)) out.push(error("artifact/invalid", `${where}: clause "${params.clause}" appears twice in version "${String(params.version)}"`, { path: `${where}.event.params.clause` }));
      else version.clauses.add(params.clause);
      return;
    }
    const ok = isInt(params.index, 0, Number.MAX_SAFE_INTEGER) && typeof params.name === "string" && typeof params.otherwise === "boolean" && validRange(params.range) && params.outcome !== undefined && params.clause === undefined;
    if (!ok) {
      out.push(error("artifact/invalid", `${where}: a rule has an index, a name, otherwise, a range and an outcome`, { path: `${where}.event.params` }));
      version.broken = true;
      return;
    }
    version.indexes.push(params.index as number);
    if (params.otherwise) version.otherwise.push(params.index as number);
    version.outcomes.push([params.outcome as OutcomeSpec, `${where}.event.params.outcome`]);
  });
  for (const [id, v] of byVersion) {
    if (v.broken) continue; // its rules were reported one by one
    const sorted = [...v.indexes].sort((x, y) => x - y);
    if (!sorted.every((n, i) => n === i)) out.push(error("artifact/invalid", `version "${id}": rule indexes must be 0, 1, 2, ... each once`, { path: "rules" }));
    if (v.otherwise.length !== 1 || v.otherwise[0] !== sorted.length - 1) out.push(error("artifact/invalid", `version "${id}" must end with exactly one otherwise rule`, { path: "rules" }));
    for (const [outcome, where] of v.outcomes) {
      checkOutcome(outcome, where, v.clauses, out);
      if (a.formatVersion < 2 && usesFormat2(outcome)) out.push(error("artifact/invalid", `${where}: format version ${a.formatVersion} cannot hold what this outcome uses (offers, verdicts, bounds, replacements, timelines, channels or newer money clauses)`, { path: where }));
    }
  }
  return out;
}
