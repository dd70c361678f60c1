// Turning command-line paths into files: directories are searched recursively, and glob patterns
// (`policies/**/*.policy`, quoted so the shell leaves them alone) are matched here.

import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { UsageError } from "./io.js";

const SKIP = new Set(["node_modules", ".git", "dist"]);

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else re += /[.+^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(`^${re}$`);
}

/** Files under the given paths whose names end with one of `extensions`, sorted, without repeats. */
export function expandPaths(paths: readonly string[], extensions: readonly string[]): string[] {
  const found = new Set<string>();
  const wanted = (f: string) => extensions.some((e) => f.endsWith(e));
  for (const p of paths) {
    if (/[*?]/.test(p)) {
      const base = p.slice(0, p.search(/[*?]/)).replace(/[^/]*$/, "") || ".";
      const pattern = globToRegExp(p.replace(/^\.\//, ""));
      const all: string[] = [];
      if (existsSync(base)) walk(base, all);
      for (const f of all) {
        const rel = relative(".", f).split(sep).join("/");
        if (pattern.test(rel) && wanted(f)) found.add(f);
      }
      continue;
    }
    if (!existsSync(p)) throw new UsageError(`cannot read ${p}: no such file or directory`);
    if (statSync(p).isDirectory()) {
      const all: string[] = [];
      walk(p, all);
      for (const f of all) if (wanted(f)) found.add(f);
    } else found.add(p);
  }
  return [...found].sort();
}
