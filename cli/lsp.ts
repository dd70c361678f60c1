// `proviso lsp`: a Language Server Protocol server over stdio (vscode-languageserver), a thin shell
// over compiler/'s language service: the same diagnostics, completion, hover and formatting as the CLI
// and the playground, plus the editor's own needs — definitions, references and renames of named
// conditions and terms, an outline, quick fixes, folding. Each file is compiled with the custom fields
// and the configuration that apply to it on disk, as `proviso lint` compiles it.

import { fileURLToPath } from "node:url";
import {
  CodeActionKind, CompletionItemKind, DiagnosticSeverity, ProposedFeatures, ResponseError, SymbolKind, TextDocumentSyncKind, TextDocuments, createConnection,
  type CodeAction, type CompletionItem, type Diagnostic as LspDiagnostic, type DocumentSymbol, type Range, type TextEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  codeDocsUrl, compilePolicy, fieldsWithCustom, completionsAt, formatPolicy, hoverAt, isConfigurableCode, outline, readCustomFields, sitesOfNameAt,
  type CompileOptions, type Completion, type OutlineEntry,
} from "../compiler/index.js";
import { parsePolicy } from "../grammar/index.js";
import { FIELDS, type Diagnostic, type FieldSpec, type SourceRange } from "../runtime/index.js";
import { configFor } from "./config.js";
import { fieldsFileFor } from "./fields-file.js";
import { parseData, readText } from "./io.js";

const DEBOUNCE_MS = 200;

/** Our ranges are 1-based lines and columns in UTF-16 units, as LSP's are 0-based. */
const toLsp = (r: SourceRange): Range => ({ start: { line: r.start.line - 1, character: r.start.column - 1 }, end: { line: r.end.line - 1, character: r.end.column - 1 } });
/** The inside of a quoted name, without its quotes. */
const inner = (r: SourceRange): Range => {
  const range = toLsp(r);
  return { start: { line: range.start.line, character: range.start.character + 1 }, end: { line: range.end.line, character: range.end.character - 1 } };
};

const COMPLETION_KINDS: Record<Completion["kind"], CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword, field: CompletionItemKind.Field, value: CompletionItemKind.EnumMember,
  name: CompletionItemKind.Reference, unit: CompletionItemKind.Unit, month: CompletionItemKind.Constant,
};
const SYMBOL_KINDS: Record<OutlineEntry["kind"], SymbolKind> = {
  policy: SymbolKind.Module, version: SymbolKind.Namespace, condition: SymbolKind.Boolean, terms: SymbolKind.Struct, rule: SymbolKind.Function, otherwise: SymbolKind.Function,
};

interface FileSettings {
  options: CompileOptions;
  fields: readonly FieldSpec[];
  /** A problem with the custom fields or configuration, shown at the top of the file. */
  problem?: Diagnostic;
}

/** What applies to a document: its file name, custom fields and configuration from disk (when it is a file). */
function settingsFor(uri: string, text: string): FileSettings {
  if (!uri.startsWith("file:")) return { options: {}, fields: FIELDS };
  const file = fileURLToPath(uri);
  const options: CompileOptions = { source: file.split(/[\\/]/).pop()! };
  let fields: readonly FieldSpec[] = FIELDS;
  try {
    const config = configFor(file);
    if (config && Object.keys(config.rules).length) options.lintRules = config.rules;
    const fieldsFile = fieldsFileFor(file, text);
    if (fieldsFile) {
      const schema = parseData(readText(fieldsFile), fieldsFile);
      options.customFields = schema;
      const custom = readCustomFields(schema);
      if (custom.value) fields = fieldsWithCustom(custom.value);
    }
    return { options, fields };
  } catch (e) {
    const problem: Diagnostic = { severity: "error", code: "config/invalid", message: (e as Error).message.split("\n")[0]!, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } };
    return { options, fields, problem };
  }
}

/** Runs the server on this process's standard input and output until the client shuts it down. */
export function startLanguageServer(version: string): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, NodeJS.Timeout>();

  const toLspDiagnostic = (d: Diagnostic): LspDiagnostic => ({
    range: d.range ? toLsp(d.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    codeDescription: { href: codeDocsUrl(d.code, version) },
    source: "proviso",
    message: d.hint ? `${d.message}\n${d.hint}` : d.message,
    data: d.hint ? { hint: d.hint } : undefined,
  });

  const validate = (doc: TextDocument) => {
    const settings = settingsFor(doc.uri, doc.getText());
    const compiled = compilePolicy(doc.getText(), { ...settings.options, diagnosticsOnly: true });
    const diagnostics = [...(settings.problem ? [settings.problem] : []), ...compiled.diagnostics].map(toLspDiagnostic);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };
  const schedule = (doc: TextDocument, now = false) => {
    clearTimeout(timers.get(doc.uri));
    if (now) validate(doc);
    else timers.set(doc.uri, setTimeout(() => {
      timers.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) validate(current);
    }, DEBOUNCE_MS));
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [".", " ", "["] },
      hoverProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      foldingRangeProvider: true,
    },
    serverInfo: { name: "proviso", version },
  }));

  documents.onDidOpen((e) => schedule(e.document, true));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params): CompletionItem[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const offset = doc.offsetAt(params.position);
    const { fields } = settingsFor(doc.uri, doc.getText());
    return completionsAt(doc.getText(), offset, fields).map((c) => ({
      label: c.label,
      kind: COMPLETION_KINDS[c.kind],
      ...(c.detail ? { detail: c.detail } : {}),
      ...(c.documentation ? { documentation: { kind: "markdown", value: c.documentation } } : {}),
      textEdit: { range: { start: doc.positionAt(c.from), end: params.position }, newText: c.label },
    }));
  });

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const hover = hoverAt(doc.getText(), doc.offsetAt(params.position), settingsFor(doc.uri, doc.getText()).fields);
    return hover ? { contents: { kind: "markdown", value: hover.contents }, range: { start: doc.positionAt(hover.from), end: doc.positionAt(hover.to) } } : null;
  });

  const formatted = (doc: TextDocument): string | undefined => formatPolicy(doc.getText()).value;

  connection.onDocumentFormatting((params): TextEdit[] => {
    const doc = documents.get(params.textDocument.uri);
    const text = doc && formatted(doc);
    if (!doc || text === undefined || text === doc.getText()) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: text }];
  });

  connection.onDocumentRangeFormatting((params): TextEdit[] => {
    const doc = documents.get(params.textDocument.uri);
    const text = doc && formatted(doc);
    if (!doc || text === undefined) return [];
    // Format the whole policy, then keep the one changed block of lines if it touches the range.
    const before = doc.getText().split(/\r\n|\r|\n/);
    const after = text.split("\n");
    let head = 0;
    while (head < before.length && head < after.length && before[head] === after[head]) head++;
    let tail = 0;
    while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    if (head === before.length && head === after.length) return [];
    const lastChanged = before.length - 1 - tail;
    if (lastChanged < params.range.start.line || head > params.range.end.line) return [];
    const replaced = after.slice(head, after.length - tail);
    return [{
      range: { start: { line: head, character: 0 }, end: tail > 0 ? { line: before.length - tail, character: 0 } : doc.positionAt(doc.getText().length) },
      newText: replaced.length ? `${replaced.join("\n")}${tail > 0 ? "\n" : ""}` : "",
    }];
  });

  const sitesAt = (uri: string, position: { line: number; character: number }) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const parsed = parsePolicy(doc.getText()).value;
    return parsed ? sitesOfNameAt(parsed, doc.offsetAt(position)) : undefined;
  };

  connection.onDefinition((params) => {
    const sites = sitesAt(params.textDocument.uri, params.position);
    const definition = sites?.find((s) => s.definition);
    return definition ? { uri: params.textDocument.uri, range: toLsp(definition.range) } : null;
  });

  connection.onReferences((params) => {
    const sites = sitesAt(params.textDocument.uri, params.position) ?? [];
    return sites.filter((s) => params.context.includeDeclaration || !s.definition).map((s) => ({ uri: params.textDocument.uri, range: toLsp(s.range) }));
  });

  connection.onPrepareRename((params) => {
    const sites = sitesAt(params.textDocument.uri, params.position);
    const here = sites?.find((s) => {
      const r = toLsp(s.range);
      return r.start.line === params.position.line && params.position.character >= r.start.character && params.position.character <= r.end.character;
    });
    return here ? { range: inner(here.range), placeholder: here.name } : null;
  });

  connection.onRenameRequest((params) => {
    const sites = sitesAt(params.textDocument.uri, params.position);
    if (!sites?.length) return null;
    const name = params.newName;
    if (!name.trim() || /["\\\n\r]/.test(name)) throw new ResponseError(0, "a name is a non-empty text without quotes, backslashes or line breaks");
    const doc = documents.get(params.textDocument.uri)!;
    const parsed = parsePolicy(doc.getText()).value!;
    const taken = outline(parsed).some((e) => e.kind === sites[0]!.kind && e.name === name && name !== sites[0]!.name);
    if (taken) throw new ResponseError(0, `another ${sites[0]!.kind === "terms" ? "terms definition" : "condition"} is already named "${name}"`);
    return { changes: { [params.textDocument.uri]: sites.map((s) => ({ range: inner(s.range), newText: name })) } };
  });

  connection.onDocumentSymbol((params): DocumentSymbol[] => {
    const doc = documents.get(params.textDocument.uri);
    const parsed = doc && parsePolicy(doc.getText()).value;
    if (!parsed) return [];
    const symbol = (e: OutlineEntry): DocumentSymbol => ({
      name: e.kind === "otherwise" ? "otherwise" : e.name,
      detail: e.kind,
      kind: SYMBOL_KINDS[e.kind],
      range: toLsp(e.range),
      selectionRange: toLsp(e.selection),
      children: e.children.map(symbol),
    });
    return outline(parsed).map(symbol);
  });

  connection.onFoldingRanges((params) => {
    const doc = documents.get(params.textDocument.uri);
    const parsed = doc && parsePolicy(doc.getText()).value;
    if (!parsed) return [];
    const flat = (entries: OutlineEntry[]): OutlineEntry[] => entries.flatMap((e) => [e, ...flat(e.children)]);
    return flat(outline(parsed)).filter((e) => e.range.end.line > e.range.start.line).map((e) => ({ startLine: e.range.start.line - 1, endLine: e.range.end.line - 1 }));
  });

  connection.onCodeAction((params): CodeAction[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const actions: CodeAction[] = [];
    for (const d of params.context.diagnostics) {
      if (d.source !== "proviso") continue;
      const hint = (d.data as { hint?: string } | undefined)?.hint ?? "";
      const suggestion = /did you mean (`([^`]+)`|("[^"]+"))\?/.exec(hint);
      if (suggestion) {
        const newText = suggestion[2] ?? suggestion[3]!;
        actions.push({ title: `Change to ${newText}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [doc.uri]: [{ range: d.range, newText }] } } });
      }
      if (typeof d.code === "string" && isConfigurableCode(d.code)) {
        const line = doc.getText({ start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line + 1, character: 0 } });
        const indent = /^\s*/.exec(line)![0].replace(/[\r\n]/g, "");
        actions.push({
          title: `Acknowledge ${d.code} here (# proviso-ignore, with a reason)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          // The reason is left for the author to write: until then the suppression is reported as incomplete.
          edit: { changes: { [doc.uri]: [{ range: { start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line, character: 0 } }, newText: `${indent}# proviso-ignore ${d.code}: \n` }] } },
        });
      }
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
}
