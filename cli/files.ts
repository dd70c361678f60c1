// Turning command-line paths into files, the way other linters do: directories are searched
// recursively, globs (`policies/**/*.{policy,test.yaml}`, quoted so the shell leaves them alone) are
// expanded by tinyglobby, a path starting with `!` removes what it matches, and files ignored by
// .gitignore or by the configuration's `ignore` are skipped unless named one by one.

import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { globSync, isDynamicPattern } from "tinyglobby";
import { configFor } from "./config.js";
import { UsageError } from "./io.js";

/** Folders never searched. */
const SKIP = ["**/node_modules/**", "**/.git/**"];

const toPosix = (p: string) => p.split(sep).join("/");

/** The enclosing git work tree, if any: where .gitignore files start to count. */
function gitRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const gitignores = new Map<string, Ignore | null>();

function gitignoreIn(dir: string): Ignore | null {
  let cached = gitignores.get(dir);
  if (cached === undefined) {
    const file = join(dir, ".gitignore");
    cached = existsSync(file) ? ignore().add(readFileSync(file, "utf8")) : null;
    gitignores.set(dir, cached);
  }
  return cached;
}

/** Why a file is skipped when found by a directory or glob: a .gitignore or the configuration. */
export function ignoredBy(file: string): string | undefined {
  const absolute = resolve(file);
  const config = configFor(absolute);
  if (config?.ignorer && config.ignorer.ignores(toPosix(relative(config.dir, absolute)))) return config.file;
  const root = gitRoot(dirname(absolute));
  if (!root) return undefined;
  // Every .gitignore from the work tree's root down to the file's folder, each relative to its own folder.
  const dirs: string[] = [];
  for (let dir = dirname(absolute); dir.startsWith(root); dir = dirname(dir)) {
    dirs.unshift(dir);
    if (dir === root) break;
  }
  for (const dir of dirs) {
    const rules = gitignoreIn(dir);
    if (rules?.ignores(toPosix(relative(dir, absolute)))) return join(dir, ".gitignore");
  }
  return undefined;
}

export interface ExpandOptions {
  /** Also take files that .gitignore or the configuration's `ignore` leave out. */
  noIgnore?: boolean;
  /** Told about each file named on the command line that is skipped as ignored. */
  onIgnored?: (file: string, by: string) => void;
}

/** Files under the given paths whose names end with one of `extensions`, sorted, without repeats. */
export function expandPaths(paths: readonly string[], extensions: readonly string[], options: ExpandOptions = {}): string[] {
  const found = new Set<string>();
  const wanted = (f: string) => extensions.some((e) => f.endsWith(e));
  const exclusions = paths.filter((p) => p.startsWith("!")).map((p) => p.slice(1).replace(/^\.\//, ""));
  const take = (file: string, named: boolean) => {
    if (!options.noIgnore) {
      const by = ignoredBy(file);
      if (by) {
        if (named) options.onIgnored?.(file, by);
        return;
      }
    }
    found.add(file);
  };
  for (const p of paths) {
    if (p.startsWith("!")) continue;
    if (isDynamicPattern(p)) {
      for (const f of globSync(p, { ignore: SKIP, dot: false, onlyFiles: true, expandDirectories: false })) if (wanted(f)) take(f, false);
      continue;
    }
    if (!existsSync(p)) throw new UsageError(`cannot read ${p}: no such file or directory`);
    if (statSync(p).isDirectory()) {
      const pattern = extensions.length === 1 ? `**/*${extensions[0]}` : `**/*{${extensions.join(",")}}`;
      for (const f of globSync(pattern, { cwd: p, ignore: SKIP, onlyFiles: true, expandDirectories: false })) take(join(p, f), false);
    } else take(p, true);
  }
  if (exclusions.length) {
    const excluded = new Set(globSync(exclusions, { ignore: SKIP, onlyFiles: true, expandDirectories: true }).map((f) => resolve(f)));
    for (const f of [...found]) if (excluded.has(resolve(f))) found.delete(f);
  }
  return [...found].sort();
}
