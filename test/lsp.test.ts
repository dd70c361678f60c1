// `proviso lsp`, spoken to over stdio as an editor would (JSON-RPC with Content-Length framing), on
// real policies: coded diagnostics at the right range, completion, hover, formatting equal to
// `proviso fmt`, definitions, references and renames of named conditions and terms, the outline,
// quick fixes, folding, and the custom fields and configuration on disk.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, type MessageConnection } from "vscode-jsonrpc/node.js";
import { proviso } from "./helpers/cli.js";
import { ROOT } from "./helpers/corpus.js";

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  codeDescription: { href: string };
  message: string;
  data?: unknown;
}

let child: ChildProcess;
let rpc: MessageConnection;
const published = new Map<string, LspDiagnostic[][]>();
const dir = mkdtempSync(join(tmpdir(), "proviso-lsp-"));

function open(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  void rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "proviso", version: 1, text } });
  return uri;
}

async function diagnosticsOf(uri: string, count = 1): Promise<LspDiagnostic[]> {
  for (let i = 0; i < 200; i++) {
    const got = published.get(uri) ?? [];
    if (got.length >= count) return got[count - 1]!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no diagnostics for ${uri}`);
}

const request = <T>(method: string, params: unknown) => rpc.sendRequest(method, params) as Promise<T>;

beforeAll(async () => {
  child = spawn(process.execPath, [join(ROOT, "bin/proviso.js"), "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  rpc.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: LspDiagnostic[] }) => {
    published.set(p.uri, [...(published.get(p.uri) ?? []), p.diagnostics]);
  });
  rpc.listen();
  const init = await request<{ capabilities: Record<string, unknown>; serverInfo: { name: string; version: string } }>("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
  expect(init.serverInfo).toEqual({ name: "proviso", version: JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version });
  expect(init.capabilities).toMatchObject({ hoverProvider: true, documentFormattingProvider: true, renameProvider: { prepareProvider: true }, foldingRangeProvider: true });
  void rpc.sendNotification("initialized", {});
});

afterAll(async () => {
  await request("shutdown", null);
  void rpc.sendNotification("exit");
  rpc.dispose();
  child.kill();
});

const RETAIL = readFileSync(join(ROOT, "policies/retail-returns.policy"), "utf8");

describe("proviso lsp", () => {
  it("publishes a typo as the coded diagnostic at its range, linked to the error catalogue, with a quick fix", async () => {
    const text = RETAIL.replace("when item.finalSale", "when item.finalSal");
    const uri = open("typo.policy", text);
    const [d] = (await diagnosticsOf(uri)).filter((x) => x.code === "name/unknown-field");
    const line = text.split("\n").findIndex((l) => l.includes("item.finalSal\n") || l.endsWith("item.finalSal"));
    expect(d).toMatchObject({ severity: 1, code: "name/unknown-field", range: { start: { line, character: 7 }, end: { line, character: 20 } } });
    expect(d!.codeDescription.href).toMatch(/\/docs\/errors\.md#name-unknown-field$/);
    const actions = await request<{ title: string; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[]>("textDocument/codeAction", { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } });
    expect(actions[0]!.title).toBe("Change to item.finalSale");
    expect(actions[0]!.edit.changes[uri]).toEqual([{ range: d!.range, newText: "item.finalSale" }]);
  });

  it("debounces while typing and publishes for the latest text", async () => {
    const uri = open("typing.policy", RETAIL);
    expect(await diagnosticsOf(uri)).toEqual([]);
    for (let v = 2; v <= 6; v++) {
      void rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ text: RETAIL.replace("item.finalSale", `item.finalSale${"x".repeat(v)}`) }] });
    }
    const after = await diagnosticsOf(uri, 2);
    expect(after.map((d) => d.message.split("\n")[0])).toEqual(["unknown field `item.finalSalexxxxxx`"]);
    await new Promise((r) => setTimeout(r, 400));
    expect(published.get(uri)).toHaveLength(2);
  });

  it("completes fields after `item.`, enum values after `is`, and the merchant's own fields", async () => {
    const text = 'policy "C" for returns\n  currency USD\n\nrule "A"\n  when item.\n  deny "x"\n\nrule "B"\n  when order.status is \n  deny "y"\n\notherwise\n  deny "z"\n';
    const uri = open("complete.policy", text);
    const fields = await request<{ items?: { label: string }[] } | { label: string; kind: number; textEdit: unknown }[]>("textDocument/completion", { textDocument: { uri }, position: { line: 4, character: 12 } });
    const labels = (Array.isArray(fields) ? fields : fields.items!).map((c) => c.label);
    expect(labels).toContain("item.finalSale");
    const values = await request<{ label: string; kind: number }[]>("textDocument/completion", { textDocument: { uri }, position: { line: 8, character: 23 } });
    expect(values.filter((c) => c.kind === 20).map((c) => c.label)).toEqual(expect.arrayContaining(["delivered", "shipped", "pending"]));
    mkdirSync(join(dir, "digital"));
    cpSync(join(ROOT, "policies/digital-goods/proviso.fields.json"), join(dir, "digital/proviso.fields.json"));
    const custom = open("digital/custom.policy", text);
    const own = await request<{ label: string }[]>("textDocument/completion", { textDocument: { uri: custom }, position: { line: 4, character: 12 } });
    expect(own.map((c) => c.label)).toContain("item.custom.downloaded");
  });

  it("shows hover documentation for fields and keywords", async () => {
    const uri = open("hover.policy", RETAIL);
    const line = RETAIL.split("\n").findIndex((l) => l.includes("item.finalSale"));
    const hover = await request<{ contents: { kind: string; value: string } }>("textDocument/hover", { textDocument: { uri }, position: { line, character: RETAIL.split("\n")[line]!.indexOf("finalSale") } });
    expect(hover.contents).toMatchObject({ kind: "markdown", value: expect.stringContaining("**item.finalSale** — boolean") });
  });

  it("formats the whole document exactly as `proviso fmt`, and a range by the changed lines it touches", async () => {
    const messy = readFileSync(join(ROOT, "test/cases/format/messy.policy"), "utf8");
    const uri = open("messy.policy", messy);
    const edits = await request<{ range: unknown; newText: string }[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe(proviso(["fmt", "test/cases/format/messy.policy"]).stdout);
    const clean = open("clean.policy", RETAIL);
    expect(await request("textDocument/formatting", { textDocument: { uri: clean }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    const oneLine = RETAIL.replace("  deny \"Final-sale items can't be returned.\"", "      deny   \"Final-sale items can't be returned.\"");
    const changed = open("one-line.policy", oneLine);
    const line = oneLine.split("\n").findIndex((l) => l.startsWith("      deny"));
    const range = await request<{ range: { start: { line: number }; end: { line: number } }; newText: string }[]>("textDocument/rangeFormatting", { textDocument: { uri: changed }, range: { start: { line, character: 0 }, end: { line, character: 5 } }, options: { tabSize: 2, insertSpaces: true } });
    expect(range).toEqual([{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: "  deny \"Final-sale items can't be returned.\"\n" }]);
    expect(await request("textDocument/rangeFormatting", { textDocument: { uri: changed }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });

  const NAMED = 'policy "N" for returns\n  currency USD\n\ndefine "opened" as item.condition is opened\n\ndefine terms "standard" as\n  refund 100% of item\n  return shipping paid by customer\n\nrule "Opened"\n  when "opened" and reason is size\n  approve with "standard"\n\nrule "Opened again"\n  when not "opened"\n  approve with "standard"\n\notherwise\n  deny "No."\n';

  it("goes to the definition of a named condition and finds every use", async () => {
    const uri = open("named.policy", NAMED);
    const definition = await request<{ uri: string; range: { start: { line: number; character: number } } }>("textDocument/definition", { textDocument: { uri }, position: { line: 10, character: 9 } });
    expect(definition).toEqual({ uri, range: { start: { line: 3, character: 7 }, end: { line: 3, character: 15 } } });
    const references = await request<{ range: { start: { line: number } } }[]>("textDocument/references", { textDocument: { uri }, position: { line: 3, character: 9 }, context: { includeDeclaration: true } });
    expect(references.map((r) => r.range.start.line)).toEqual([3, 10, 14]);
    const terms = await request<{ range: { start: { line: number } } }[]>("textDocument/references", { textDocument: { uri }, position: { line: 11, character: 17 }, context: { includeDeclaration: false } });
    expect(terms.map((r) => r.range.start.line)).toEqual([11, 15]);
  });

  it("renames a named condition at every use, and refuses a name that is taken or not a name", async () => {
    const uri = open("rename.policy", `${NAMED}define "closed" as item.condition is unopened\n`);
    const prepared = await request<{ range: unknown; placeholder: string }>("textDocument/prepareRename", { textDocument: { uri }, position: { line: 10, character: 9 } });
    expect(prepared).toEqual({ range: { start: { line: 10, character: 8 }, end: { line: 10, character: 14 } }, placeholder: "opened" });
    const edit = await request<{ changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> }>("textDocument/rename", { textDocument: { uri }, position: { line: 14, character: 12 }, newName: "was opened" });
    const edits = edit.changes[uri]!;
    expect(edits.map((e) => [e.range.start.line, e.range.start.character, e.newText])).toEqual([[3, 8, "was opened"], [10, 8, "was opened"], [14, 12, "was opened"]]);
    // Applying the edits gives a policy that still compiles cleanly.
    const lines = NAMED.split("\n");
    for (const e of [...edits].reverse()) lines[e.range.start.line] = `${lines[e.range.start.line]!.slice(0, e.range.start.character)}${e.newText}${lines[e.range.start.line]!.slice(e.range.start.character + "opened".length)}`;
    writeFileSync(join(dir, "renamed.policy"), lines.join("\n"));
    writeFileSync(join(dir, "original.policy"), NAMED);
    const codes = (file: string) => (JSON.parse(proviso(["lint", join(dir, file), "--format", "json"]).stdout) as { code: string; line: number }[]).map((x) => `${x.code}@${x.line}`);
    expect(codes("renamed.policy")).toEqual(codes("original.policy"));
    expect(readFileSync(join(dir, "renamed.policy"), "utf8")).toContain('when not "was opened"');
    await expect(request("textDocument/rename", { textDocument: { uri }, position: { line: 10, character: 9 }, newName: "closed" })).rejects.toThrow('another condition is already named "closed"');
    await expect(request("textDocument/rename", { textDocument: { uri }, position: { line: 10, character: 9 }, newName: 'a"b' })).rejects.toThrow("without quotes");
  });

  it("outlines the rules, definitions and versions, and folds them", async () => {
    const uri = open("outline.policy", NAMED);
    const symbols = await request<{ name: string; detail: string; children: unknown[] }[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.map((s) => [s.detail, s.name])).toEqual([["policy", "N"], ["condition", "opened"], ["terms", "standard"], ["rule", "Opened"], ["rule", "Opened again"], ["otherwise", "otherwise"]]);
    const folds = await request<{ startLine: number; endLine: number }[]>("textDocument/foldingRange", { textDocument: { uri } });
    expect(folds).toEqual(expect.arrayContaining([{ startLine: 5, endLine: 7 }, { startLine: 9, endLine: 11 }, { startLine: 13, endLine: 15 }, { startLine: 17, endLine: 18 }]));
  });

  it("offers to acknowledge a lint warning with a proviso-ignore comment, and honours the configuration", async () => {
    const text = 'policy "W" for returns\n  currency USD\n\nrule "Damaged"\n  when reason is damaged\n  approve\n    refund 100% of item\n\notherwise\n  deny "No."\n';
    const uri = open("warn.policy", text);
    const [d] = await diagnosticsOf(uri);
    expect(d).toMatchObject({ code: "lint/return-shipping-unstated", severity: 2 });
    const actions = await request<{ title: string; edit: { changes: Record<string, { newText: string; range: { start: { line: number } } }[]> } }[]>("textDocument/codeAction", { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } });
    const acknowledge = actions.find((a) => a.title.startsWith("Acknowledge"))!;
    expect(acknowledge.edit.changes[uri]).toEqual([{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: "# proviso-ignore lint/return-shipping-unstated: \n" }]);
    mkdirSync(join(dir, "relaxed"));
    writeFileSync(join(dir, "relaxed/proviso.config.yaml"), "rules:\n  lint/return-shipping-unstated: off\n");
    expect(await diagnosticsOf(open("relaxed/warn.policy", text))).toEqual([]);
  });
});
