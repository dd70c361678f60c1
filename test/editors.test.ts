// Editors: the TextMate grammar (VS Code) and the Monarch language (the playground's Monaco) come from
// one source and colour every library policy the same, character by character, with no text left
// unmatched; the VS Code extension packages as a .vsix with its grammar, snippets and client, and
// starts the workspace's own `proviso lsp`.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Module from "node:module";
import { MonarchTokenizer } from "monaco-editor/editor/standalone/common/monarch/monarchLexer.js";
import { compile } from "monaco-editor/editor/standalone/common/monarch/monarchCompile.js";
import { describe, expect, it } from "vitest";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";
import { HIGHLIGHT_CATEGORIES, LANGUAGE_CONFIGURATION, monarchLanguage, textMateGrammar, type HighlightCategory } from "../grammar/index.js";
import { ROOT, filesUnder } from "./helpers/corpus.js";

const require = createRequire(import.meta.url);
const POLICIES = [...filesUnder("policies", ".policy"), ...filesUnder("test/cases", ".policy")].map((f) => ({ file: f, text: readFileSync(join(ROOT, f), "utf8") }));

/** Monaco's own Monarch tokenizer, run outside the browser with the few services it asks for. */
function monarchCategories(): (line: string) => (HighlightCategory | "")[] {
  const byType = new Map(Object.entries(HIGHLIGHT_CATEGORIES).map(([category, c]) => [`${c.monarch}.proviso`, category as HighlightCategory]));
  const services = {
    language: { languageIdCodec: { encodeLanguageId: () => 1 }, getLanguageIdByLanguageName: () => null, requestBasicLanguageFeatures: () => undefined },
    theme: { getColorTheme: () => ({ tokenTheme: { _match: () => 0 } }) },
    config: { getValue: () => 20_000, onDidChangeConfiguration: () => ({ dispose: () => undefined }) },
  };
  const tokenizer = new MonarchTokenizer(services.language as never, services.theme as never, "proviso", compile("proviso", monarchLanguage() as never), services.config as never);
  return (line) => {
    const { tokens } = tokenizer.tokenize(line, false, tokenizer.getInitialState()) as { tokens: { offset: number; type: string }[] };
    const out: (HighlightCategory | "")[] = [];
    tokens.forEach((t, i) => {
      const end = tokens[i + 1]?.offset ?? line.length;
      for (let k = t.offset; k < end; k++) out[k] = byType.get(t.type) ?? "";
    });
    return out;
  };
}

async function textMateCategories(): Promise<(line: string) => (HighlightCategory | "")[]> {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => JSON.parse(JSON.stringify(textMateGrammar())),
  });
  const grammar = (await registry.loadGrammar("source.proviso"))!;
  const byScope = new Map(Object.entries(HIGHLIGHT_CATEGORIES).map(([category, c]) => [`${c.textmate}.proviso`, category as HighlightCategory]));
  return (line) => {
    const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
    const out: (HighlightCategory | "")[] = [];
    for (const t of tokens) {
      const scope = t.scopes.find((s) => byScope.has(s));
      for (let k = t.startIndex; k < t.endIndex; k++) out[k] = scope ? byScope.get(scope)! : "";
    }
    return out;
  };
}

describe("highlighting", () => {
  it("the extension's grammar and language configuration are the generated ones (`npm run gen`)", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "editors/vscode/syntaxes/proviso.tmLanguage.json"), "utf8"))).toEqual(textMateGrammar());
    expect(JSON.parse(readFileSync(join(ROOT, "editors/vscode/language-configuration.json"), "utf8"))).toEqual(LANGUAGE_CONFIGURATION);
  });

  it("TextMate and Monarch colour every library policy the same, and TextMate leaves no text unmatched", async () => {
    const monarch = monarchCategories();
    const tm = await textMateCategories();
    let characters = 0;
    for (const { file, text } of POLICIES) {
      text.split(/\r\n|\r|\n/).forEach((line, i) => {
        const a = monarch(line);
        const b = tm(line);
        for (let k = 0; k < line.length; k++) {
          if (a[k] !== b[k]) throw new Error(`${file}:${i + 1}:${k + 1}: Monarch says ${a[k] || "nothing"}, TextMate ${b[k] || "nothing"} in: ${line}`);
          if (/\S/.test(line[k]!) && !b[k] && !"{}$@;".includes(line[k]!)) throw new Error(`${file}:${i + 1}:${k + 1}: "${line[k]}" is matched by no TextMate rule in: ${line}`);
          characters++;
        }
      });
    }
    expect(characters).toBeGreaterThan(20_000);
  });

  it("tells keywords from the same words inside names, and units, months and literals apart", async () => {
    const tm = await textMateCategories();
    const line = 'rule "A" when order.shipping.paid >= USD 5.00 and shipment between Nov 1 and Dec 31 or within 30 days of check-in # note';
    const categories = tm(line);
    const at = (word: string, from = 0) => categories[line.indexOf(word, from)];
    expect(at("rule")).toBe("keyword");
    expect(at("order.shipping.paid")).toBe("identifier");
    expect(categories[line.indexOf("shipping")]).toBe("identifier");
    expect(at("USD 5.00")).toBe("money");
    expect(at("Nov")).toBe("type");
    expect(at("days")).toBe("type");
    expect(at("check-in")).toBe("identifier");
    expect(at("# note")).toBe("comment");
    expect(at(">=")).toBe("operator");
  });
});

describe("the VS Code extension", () => {
  it("packages as a .vsix holding the client, the grammar, the language configuration and the snippets", () => {
    execFileSync(process.execPath, [join(ROOT, "scripts/build-vscode.mjs")], { cwd: ROOT, stdio: "pipe", timeout: 300_000 });
    const vsix = join(ROOT, "editors/vscode/proviso.vsix");
    // A .vsix is a zip: list it with the unzip library vsce itself uses.
    const yauzl = createRequire(join(ROOT, "editors/vscode/package.json"))("yauzl") as { open: (f: string, o: object, cb: (e: Error | null, z: { on: (ev: string, f: (x: { fileName: string }) => void) => void; readEntry: () => void }) => void) => void };
    const names = new Promise<string[]>((resolve, reject) => {
      yauzl.open(vsix, { lazyEntries: true }, (error, zip) => {
        if (error) return reject(error);
        const out: string[] = [];
        zip.on("entry", (e) => {
          out.push(e.fileName);
          zip.readEntry();
        });
        zip.on("end", () => resolve(out));
        zip.readEntry();
      });
    });
    return names.then((files) => {
      for (const wanted of ["extension.vsixmanifest", "extension/package.json", "extension/extension.js", "extension/syntaxes/proviso.tmLanguage.json", "extension/language-configuration.json", "extension/snippets/proviso.json", "extension/readme.md", "extension/LICENSE.txt", "extension/node_modules/vscode-languageclient/node.js"]) {
        expect(files, wanted).toContain(wanted);
      }
      expect(files.filter((f) => f.includes("@vscode/vsce"))).toEqual([]);
    });
  }, 300_000);

  it("is released with the package, and its snippets are valid", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "editors/vscode/package.json"), "utf8"));
    expect(manifest.version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    expect(manifest.contributes.languages[0]).toMatchObject({ id: "proviso", extensions: [".policy"] });
    const snippets = JSON.parse(readFileSync(join(ROOT, "editors/vscode/snippets/proviso.json"), "utf8")) as Record<string, { prefix: unknown; body: string[] }>;
    expect(Object.keys(snippets)).toEqual(expect.arrayContaining(["Policy", "Rule", "Terms"]));
  });

  it("starts the workspace's own proviso lsp, else the one on the PATH, else the one in the setting", async () => {
    const workspace = mkdtempSync(join(tmpdir(), "proviso-workspace-"));
    mkdirSync(join(workspace, "node_modules/.bin"), { recursive: true });
    writeFileSync(join(workspace, "node_modules/.bin/proviso"), "");
    const started: { command: string; args: string[]; selector: { language: string }[] }[] = [];
    let setting = "";
    const fakeVscode = {
      workspace: { getConfiguration: () => ({ get: () => setting }), workspaceFolders: [{ uri: { fsPath: workspace } }], createFileSystemWatcher: () => ({}) },
      window: { showErrorMessage: () => undefined },
    };
    class LanguageClient {
      constructor(_id: string, _name: string, server: { run: { command: string; args: string[] } }, client: { documentSelector: { language: string }[] }) {
        started.push({ command: server.run.command, args: server.run.args, selector: client.documentSelector });
      }
      start = async () => undefined;
      stop = async () => undefined;
    }
    const load = (Module as unknown as { _load: (request: string, parent: unknown, main: boolean) => unknown })._load;
    (Module as unknown as { _load: typeof load })._load = (request, parent, main) => {
      if (request === "vscode") return fakeVscode;
      if (request === "vscode-languageclient/node") return { LanguageClient, TransportKind: { stdio: 0 } };
      return load(request, parent, main);
    };
    try {
      const extension = require(join(ROOT, "editors/vscode/extension.js")) as { activate: (c: { subscriptions: unknown[] }) => Promise<void> };
      await extension.activate({ subscriptions: [] });
      fakeVscode.workspace.workspaceFolders = [];
      await extension.activate({ subscriptions: [] });
      setting = "/opt/proviso/bin/proviso";
      await extension.activate({ subscriptions: [] });
    } finally {
      (Module as unknown as { _load: typeof load })._load = load;
    }
    expect(started.map((s) => [s.command, s.args])).toEqual([[join(workspace, "node_modules/.bin/proviso"), ["lsp"]], ["proviso", ["lsp"]], ["/opt/proviso/bin/proviso", ["lsp"]]]);
    expect(started[0]!.selector.map((s) => s.language)).toEqual(["proviso", "proviso"]);
  });
});
