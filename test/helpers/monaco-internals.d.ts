// Monaco's Monarch tokenizer, imported by the highlighting test from monaco-editor's ESM build, which
// ships no declarations for these internal modules.
declare module "monaco-editor/editor/standalone/common/monarch/monarchLexer.js" {
  export class MonarchTokenizer {
    constructor(languageService: unknown, themeService: unknown, languageId: string, lexer: unknown, configurationService: unknown);
    getInitialState(): unknown;
    tokenize(line: string, hasEOL: boolean, state: unknown): unknown;
  }
}
declare module "monaco-editor/editor/standalone/common/monarch/monarchCompile.js" {
  export function compile(languageId: string, json: unknown): unknown;
}
