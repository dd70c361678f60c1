// The Proviso extension: starts `proviso lsp` — the workspace's own installed package first, so the
// editor checks policies exactly as the project's CI does — and connects VS Code to it. Everything
// the editor shows comes from the server; this file only finds it and starts it.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

/** The proviso command: the setting, else the workspace's node_modules/.bin/proviso, else the PATH's. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration("proviso").get("path");
  if (configured) return configured;
  const bin = process.platform === "win32" ? "proviso.cmd" : "proviso";
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const candidate = join(folder.uri.fsPath, "node_modules", ".bin", bin);
    if (existsSync(candidate)) return candidate;
  }
  return bin;
}

async function activate(context) {
  const command = serverCommand();
  // TransportKind.stdio adds --stdio to the arguments.
  const server = { command, args: ["lsp"], transport: TransportKind.stdio, options: { shell: process.platform === "win32" } };
  client = new LanguageClient("proviso", "Proviso", { run: server, debug: server }, {
    documentSelector: [{ scheme: "file", language: "proviso" }, { scheme: "untitled", language: "proviso" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{proviso.fields.json,proviso.config.yaml}") },
  });
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`Proviso: could not start "${command} lsp" (${error.message}). Install proviso in the workspace (npm install --save-dev proviso) or set proviso.path.`);
  }
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
