import type { Artifact } from "../../runtime/index.js";

/** The artifact without what depends on layout: source ranges, condition texts, hash, file name. */
export function withoutPositions(artifact: Artifact): unknown {
  return JSON.parse(JSON.stringify(artifact), function (key, value) {
    if (key === "range" || key === "hash" || key === "source") return undefined;
    if (key === "conditions" && value && typeof value === "object" && !("all" in value) && !("any" in value) && !("not" in value)) return undefined;
    return value;
  });
}
