// The operators the emitted rules use, registered with json-rules-engine by the runtime. Each one is
// false when either side is absent (undefined or null) or of the wrong kind, and each has a
// complement with the same property. The compiler lowers `not` onto complements, so a condition over
// an absent field is neither true nor false and no rule fires on it (docs/language.md#absent-fields).

type Test = (fact: unknown, value: unknown) => boolean;

export interface OperatorSpec {
  test: Test;
  complement: string;
  /** How the explanation shows the expected side: "at most", "one of". */
  text: string;
}

const defined = (x: unknown) => x !== undefined && x !== null;
const scalar = (x: unknown): x is string | number | boolean => typeof x === "string" || typeof x === "number" || typeof x === "boolean";
const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
const compare = (ok: (a: number, b: number) => boolean): Test => (a, b) => num(a) && num(b) && ok(a, b);
const list = (x: unknown): x is unknown[] => Array.isArray(x);

function inRange(x: number, range: unknown): boolean | undefined {
  if (!list(range) || range.length !== 2 || !num(range[0]) || !num(range[1])) return undefined;
  const [lo, hi] = range as [number, number];
  // A range whose start is after its end wraps around (Dec 15 .. Jan 15).
  return lo <= hi ? x >= lo && x <= hi : x >= lo || x <= hi;
}

export const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  is: { test: (a, b) => scalar(a) && scalar(b) && a === b, complement: "isNot", text: "is" },
  isNot: { test: (a, b) => scalar(a) && scalar(b) && typeof a === typeof b && a !== b, complement: "is", text: "is not" },
  below: { test: compare((a, b) => a < b), complement: "atLeast", text: "less than" },
  atLeast: { test: compare((a, b) => a >= b), complement: "below", text: "at least" },
  above: { test: compare((a, b) => a > b), complement: "atMost", text: "more than" },
  atMost: { test: compare((a, b) => a <= b), complement: "above", text: "at most" },
  oneOf: { test: (a, b) => scalar(a) && list(b) && b.includes(a), complement: "noneOf", text: "one of" },
  noneOf: { test: (a, b) => scalar(a) && list(b) && !b.includes(a), complement: "oneOf", text: "none of" },
  has: { test: (a, b) => list(a) && scalar(b) && a.includes(b), complement: "lacks", text: "contains" },
  lacks: { test: (a, b) => list(a) && scalar(b) && !a.includes(b), complement: "has", text: "does not contain" },
  isTrue: { test: (a) => a === true, complement: "isFalse", text: "is true" },
  isFalse: { test: (a) => a === false, complement: "isTrue", text: "is false" },
  present: { test: (a) => defined(a), complement: "absent", text: "is present" },
  absent: { test: (a) => !defined(a), complement: "present", text: "is absent" },
  between: { test: (a, b) => num(a) && inRange(a, b) === true, complement: "notBetween", text: "between" },
  notBetween: { test: (a, b) => num(a) && inRange(a, b) === false, complement: "between", text: "not between" },
};

export function isKnownOperator(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(OPERATORS, name);
}
