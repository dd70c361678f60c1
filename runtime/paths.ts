// Field paths are plain dotted names. The default json-rules-engine resolver is JSONPath, which has had
// injection CVEs and can walk into prototypes; this one follows own properties of plain data only.

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a path is a plain dotted path of identifier segments, none of them dangerous. */
export function isSafePath(path: unknown): path is string {
  if (typeof path !== "string" || path.length === 0 || path.length > 200) return false;
  return path.split(".").every((s) => SEGMENT.test(s) && !isForbiddenKey(s));
}

/** Keys that lead into an object's prototype: never read, refused in events. Compared, not looked up: every key of every event's open parts is asked. */
export function isForbiddenKey(key: string): boolean {
  return key === "__proto__" || key === "constructor" || key === "prototype";
}

/** Reads a dotted path from data; undefined when any step is missing or not an own property. */
export function readPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  let start = 0;
  while (start <= path.length) {
    let end = path.indexOf(".", start);
    if (end === -1) end = path.length;
    const key = path.slice(start, end);
    if (current === null || typeof current !== "object" || isForbiddenKey(key)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
    start = end + 1;
  }
  return current;
}

/**
 * A reader of one dotted path, its segments split once: the same answers as readPath. Paths of up to
 * three segments (almost all of them) get a reader written out step by step: reads are the commonest
 * thing a decision does, and a loop over segments costs them nearly twice as much (so does nesting
 * calls of one shared step, which then sees every key of every path).
 */
export function compilePath(path: string): (data: unknown) => unknown {
  const segments = path.split(".");
  if (segments.some(isForbiddenKey)) return () => undefined;
  const has = Object.prototype.hasOwnProperty;
  type Data = Record<string, unknown>;
  const step = (data: unknown, key: string): unknown => (data !== null && typeof data === "object" && has.call(data, key) ? (data as Data)[key] : undefined);
  if (segments.length === 1) {
    const [a] = segments as [string];
    return (data) => (data !== null && typeof data === "object" && has.call(data, a) ? (data as Data)[a] : undefined);
  }
  if (segments.length === 2) {
    const [a, b] = segments as [string, string];
    return (data) => {
      if (data === null || typeof data !== "object" || !has.call(data, a)) return undefined;
      return step((data as Data)[a], b);
    };
  }
  if (segments.length === 3) {
    const [a, b, c] = segments as [string, string, string];
    return (data) => {
      if (data === null || typeof data !== "object" || !has.call(data, a)) return undefined;
      const first = (data as Data)[a];
      if (first === null || typeof first !== "object" || !has.call(first, b)) return undefined;
      return step((first as Data)[b], c);
    };
  }
  return (data) => {
    let current = data;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i]!;
      if (current === null || typeof current !== "object" || !has.call(current, key)) return undefined;
      current = (current as Data)[key];
    }
    return current;
  };
}

const compiled = new Map<string, (data: unknown) => unknown>();

/** compilePath, remembered per path: for readers handed a path at run time. */
export function pathReader(path: string): (data: unknown) => unknown {
  let read = compiled.get(path);
  if (!read) compiled.set(path, (read = compilePath(path)));
  return read;
}

/** The path resolver registered with json-rules-engine. */
export function pathResolver(value: object, path: string): unknown {
  return readPath(value, path);
}
