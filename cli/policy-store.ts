// The policies `proviso serve` decides with: every `.policy` (compiled at load, with the custom fields
// and configuration beside it) and every compiled `.json` artifact in a folder and its subfolders,
// each served under its file name without the extension. A reload compiles a file and swaps the
// result in whole; a file that no longer compiles leaves the previous version serving and is reported.

import { existsSync, readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { compilePolicy, type CompileOptions } from "../compiler/index.js";
import { error, loadArtifact, type Diagnostic, type LoadedPolicy } from "../runtime/index.js";
import { configFor } from "./config.js";
import { fieldsFileFor, isFieldsFile } from "./fields-file.js";
import { UsageError, parseData, readText } from "./io.js";

export interface ServedPolicy {
  name: string;
  file: string;
  policy: LoadedPolicy;
  loadedAt: string;
}

export interface LoadFailure {
  name: string;
  file: string;
  diagnostics: Diagnostic[];
  at: string;
  /** Whether an earlier version of the policy is still being served. */
  stillServing: boolean;
}

export type ReloadResult = { name: string; outcome: "loaded" | "failed" | "removed" | "ignored"; diagnostics?: Diagnostic[] };

const SERVED_EXTENSIONS = [".policy", ".json"];
const SKIP_DIRS = new Set(["node_modules", ".git"]);

/** The name a file is served under: its file name without the extension. */
export const policyName = (file: string) => basename(file).replace(/\.(policy|json)$/, "");

function isPolicyFile(file: string): boolean {
  const name = basename(file);
  return SERVED_EXTENSIONS.some((e) => name.endsWith(e)) && !isFieldsFile(name) && !name.endsWith(".test.json") && !name.startsWith(".");
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) listFiles(path, out);
    } else if (isPolicyFile(path)) out.push(path);
  }
  return out;
}

/**
 * Loads one file: compiles a policy, or loads an artifact. Never throws. A JSON file that is not an
 * artifact at all (an event kept beside the policies, say) is `notPolicy`: not served, not a failure.
 */
export function loadPolicyFile(file: string): { value?: LoadedPolicy; diagnostics: Diagnostic[]; notPolicy?: true; fieldsFile?: string } {
  try {
    const text = readText(file);
    if (file.endsWith(".json")) {
      const loaded = loadArtifact(text);
      if (loaded.diagnostics[0]?.code === "artifact/not-an-artifact") return { diagnostics: [], notPolicy: true };
      return loaded.value ? { value: loaded.value, diagnostics: [] } : { diagnostics: loaded.diagnostics };
    }
    const options: CompileOptions = { source: basename(file) };
    const fields = fieldsFileFor(file, text);
    if (fields) options.customFields = parseData(readText(fields), fields);
    const used = fields ? { fieldsFile: fields } : {};
    const config = configFor(file);
    if (config && Object.keys(config.rules).length) options.lintRules = config.rules;
    const compiled = compilePolicy(text, options);
    if (!compiled.value) return { diagnostics: compiled.diagnostics.filter((d) => d.severity === "error"), ...used };
    const loaded = loadArtifact(compiled.value);
    return loaded.value ? { value: loaded.value, diagnostics: [], ...used } : { diagnostics: loaded.diagnostics, ...used };
  } catch (e) {
    // Unreadable files and invalid configuration or custom fields come here as usage errors.
    return { diagnostics: [error(e instanceof UsageError ? "serve/unreadable-file" : "internal/compiler", (e as Error).message)] };
  }
}

export class PolicyStore {
  private served = new Map<string, ServedPolicy>();
  readonly failures = new Map<string, LoadFailure>();
  private watcher: FSWatcher | undefined;
  private timers = new Map<string, NodeJS.Timeout>();
  /** Which policies read each fields file (whatever its name), so a change to it reloads them. */
  private fieldsUsers = new Map<string, Set<string>>();

  constructor(readonly dir: string, private readonly onReload: (result: ReloadResult) => void = () => {}) {}

  get(name: string): ServedPolicy | undefined {
    return this.served.get(name);
  }

  list(): ServedPolicy[] {
    return [...this.served.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Loads (or reloads) every file of the folder; files that disappeared stop being served. */
  loadAll(): ReloadResult[] {
    const files = listFiles(this.dir);
    const results = files.map((f) => this.loadFile(f));
    const present = new Set(files);
    for (const p of [...this.served.values()]) if (!present.has(p.file)) results.push(this.remove(p.file));
    for (const f of [...this.failures.values()]) if (!present.has(f.file)) this.failures.delete(f.name);
    return results;
  }

  /** Compiles one file and swaps it in; on failure the previous version keeps serving. */
  loadFile(file: string): ReloadResult {
    const name = policyName(file);
    const other = this.served.get(name);
    if (other && other.file !== file) {
      const diagnostics = [error("serve/duplicate-policy", `${relative(this.dir, file)} would be served as "${name}", which ${relative(this.dir, other.file)} already is`)];
      this.failures.set(name, { name, file, diagnostics, at: new Date().toISOString(), stillServing: true });
      return this.report({ name, outcome: "failed", diagnostics });
    }
    const loaded = loadPolicyFile(file);
    for (const users of this.fieldsUsers.values()) users.delete(file);
    if (loaded.fieldsFile) {
      const key = resolve(loaded.fieldsFile);
      this.fieldsUsers.set(key, (this.fieldsUsers.get(key) ?? new Set()).add(file));
    }
    if (loaded.notPolicy) return this.remove(file, "ignored");
    if (!loaded.value) {
      this.failures.set(name, { name, file, diagnostics: loaded.diagnostics, at: new Date().toISOString(), stillServing: this.served.has(name) });
      return this.report({ name, outcome: "failed", diagnostics: loaded.diagnostics });
    }
    this.served.set(name, { name, file, policy: loaded.value, loadedAt: new Date().toISOString() });
    this.failures.delete(name);
    return this.report({ name, outcome: "loaded" });
  }

  private remove(file: string, outcome: "removed" | "ignored" = "removed"): ReloadResult {
    const name = policyName(file);
    if (this.served.get(name)?.file === file) this.served.delete(name);
    if (this.failures.get(name)?.file === file) this.failures.delete(name);
    return outcome === "ignored" ? { name, outcome } : this.report({ name, outcome });
  }

  private report(result: ReloadResult): ReloadResult {
    this.onReload(result);
    return result;
  }

  /** Watches the folder: a changed file is reloaded (a changed fields or configuration file reloads its folder). */
  watch(): void {
    this.watcher = watch(this.dir, { recursive: true }, (_event, name) => {
      if (!name) return;
      const path = join(this.dir, name.toString());
      // Editors save in several steps: wait until the file has settled.
      clearTimeout(this.timers.get(path));
      this.timers.set(path, setTimeout(() => {
        this.timers.delete(path);
        const file = basename(path);
        const readers = this.fieldsUsers.get(resolve(path));
        if (isFieldsFile(file) || file === "proviso.config.yaml") {
          for (const f of listFiles(dirname(path))) this.loadFile(f);
          for (const f of readers ?? []) this.loadFile(f);
        } else if (readers?.size) {
          // A fields file a policy names in its header, under a name of its own.
          for (const f of [...readers]) this.loadFile(f);
        } else if (isPolicyFile(path)) {
          if (existsSync(path) && statSync(path).isFile()) this.loadFile(path);
          else this.remove(path);
        }
      }, 150));
    });
    this.watcher.on("error", () => undefined);
  }

  close(): void {
    this.watcher?.close();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
