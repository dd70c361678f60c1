// Monaco, with only the editor core and the features the playground uses (no bundled languages),
// and the `proviso` language: highlighting from the grammar's tokens, completion, hover, formatting.

import * as monaco from "monaco-editor/editor/editor.api";
import "monaco-editor/features/suggest/register";
// The features/ entry of suggest only brings inline completions; the suggest widget lives here.
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/features/snippet/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/format/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/codeAction/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import { LANGUAGE_CONFIGURATION, monarchLanguage } from "../grammar/highlight.js";
import type { Diagnostic } from "../runtime/index.js";
import type { PolicyClient } from "./policy-client.js";

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

const KIND: Record<string, monaco.languages.CompletionItemKind> = {
  keyword: monaco.languages.CompletionItemKind.Keyword,
  field: monaco.languages.CompletionItemKind.Field,
  value: monaco.languages.CompletionItemKind.EnumMember,
  name: monaco.languages.CompletionItemKind.Reference,
  unit: monaco.languages.CompletionItemKind.Unit,
  month: monaco.languages.CompletionItemKind.Constant,
};

export function registerProviso(client: PolicyClient, fields: () => unknown): void {
  monaco.languages.register({ id: "proviso", extensions: [".policy"] });
  monaco.languages.setMonarchTokensProvider("proviso", monarchLanguage() as unknown as monaco.languages.IMonarchLanguage);
  monaco.languages.setLanguageConfiguration("proviso", { ...LANGUAGE_CONFIGURATION, wordPattern: new RegExp(LANGUAGE_CONFIGURATION.wordPattern) });
  monaco.languages.registerCompletionItemProvider("proviso", {
    triggerCharacters: [".", "["],
    async provideCompletionItems(model, position) {
      const offset = model.getOffsetAt(position);
      const { items } = await client.complete(model.getValue(), offset, fields());
      return {
        suggestions: items.map((c, i) => {
          const from = model.getPositionAt(c.from);
          const item: monaco.languages.CompletionItem = {
            label: c.label,
            kind: KIND[c.kind] ?? monaco.languages.CompletionItemKind.Text,
            insertText: c.label,
            range: new monaco.Range(from.lineNumber, from.column, position.lineNumber, position.column),
            sortText: String(i).padStart(5, "0"),
          };
          if (c.detail) item.detail = c.detail;
          if (c.documentation) item.documentation = { value: c.documentation };
          return item;
        }),
      };
    },
  });
  monaco.languages.registerHoverProvider("proviso", {
    async provideHover(model, position) {
      const { hover } = await client.hover(model.getValue(), model.getOffsetAt(position), fields());
      if (!hover) return null;
      const from = model.getPositionAt(hover.from);
      const to = model.getPositionAt(hover.to);
      return { range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), contents: [{ value: hover.contents }] };
    },
  });
  // Quick fix: a problem that says "did you mean `x`?" offers to write x in its place.
  monaco.languages.registerCodeActionProvider("proviso", {
    provideCodeActions(model, _range, context) {
      const actions = context.markers.flatMap((marker) => {
        const suggestion = /did you mean [`"]?([^`"?]+)[`"]?\?/.exec(marker.message)?.[1];
        if (!suggestion) return [];
        const range = new monaco.Range(marker.startLineNumber, marker.startColumn, marker.endLineNumber, marker.endColumn);
        const written = model.getValueInRange(range);
        // A quoted name keeps its quotes.
        const text = written.startsWith('"') && !suggestion.startsWith('"') ? `"${suggestion}"` : suggestion;
        return [{
          title: `Change to ${text}`,
          kind: "quickfix",
          diagnostics: [marker],
          isPreferred: true,
          edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(), textEdit: { range, text } }] },
        } satisfies monaco.languages.CodeAction];
      });
      return { actions, dispose: () => undefined };
    },
  });
  monaco.languages.registerDocumentFormattingEditProvider("proviso", {
    async provideDocumentFormattingEdits(model) {
      const { text } = await client.format(model.getValue());
      return text === undefined ? [] : [{ range: model.getFullModelRange(), text }];
    },
  });
}

export function createEditor(container: HTMLElement, value: string, language: string): monaco.editor.IStandaloneCodeEditor {
  return monaco.editor.create(container, {
    value,
    language,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    renderValidationDecorations: "on",
    tabSize: 2,
    wordBasedSuggestions: "off",
    quickSuggestions: { other: true, comments: false, strings: false },
  });
}

export function setMarkers(model: monaco.editor.ITextModel, diagnostics: readonly Diagnostic[]): void {
  monaco.editor.setModelMarkers(model, "proviso", diagnostics.filter((d) => d.range).map((d) => ({
    startLineNumber: d.range!.start.line,
    startColumn: d.range!.start.column,
    endLineNumber: d.range!.end.line,
    endColumn: Math.max(d.range!.end.column, d.range!.start.column + 1),
    message: `${d.message}${d.hint ? ` — ${d.hint}` : ""}`,
    code: d.code,
    severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
  })));
}

export { monaco };
