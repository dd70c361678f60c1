// Precompiles the built-in JSON Schemas to standalone validators (runtime/generated/validators.ts), and
// the event schema's open parts and timestamps to straight-line code (runtime/generated/open-parts.ts,
// readers.ts), so
// the runtime validates events and artifacts without ajv's code generation at run time (no
// `new Function`, which a strict Content-Security-Policy forbids in the browser), and publishes the
// schemas as docs/schemas/*.json, the error catalogue in docs/errors.md and the limits in docs/security.md. Run with `npm run gen`; a
// test fails when any is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "../cli/openapi.js";
import { LANGUAGE_CONFIGURATION, textMateGrammar } from "../grammar/index.js";
import { withCatalogue, withLimits } from "./generated-docs.js";
import { generateOpenPartsSource } from "./open-parts-source.js";
import { generateReadersSource } from "./readers-source.js";
import { generateValidatorsSource, publishedSchemas } from "./validators-source.js";

for (const [name, source] of [["validators.ts", generateValidatorsSource()], ["open-parts.ts", generateOpenPartsSource()], ["readers.ts", generateReadersSource()]] as const) {
  const target = fileURLToPath(new URL(`../runtime/generated/${name}`, import.meta.url));
  writeFileSync(target, source);
  console.log(`wrote ${target}`);
}
for (const [name, text] of Object.entries(publishedSchemas())) {
  const file = fileURLToPath(new URL(`../docs/schemas/${name}`, import.meta.url));
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
for (const [page, update] of [["errors.md", withCatalogue], ["security.md", withLimits]] as const) {
  const file = fileURLToPath(new URL(`../docs/${page}`, import.meta.url));
  writeFileSync(file, update(readFileSync(file, "utf8")));
  console.log(`wrote ${file}`);
}
const openapi = fileURLToPath(new URL("../docs/openapi.json", import.meta.url));
writeFileSync(openapi, `${JSON.stringify(openApiDocument((JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string }).version), null, 2)}\n`);
console.log(`wrote ${openapi}`);
// The VS Code extension's grammar and language configuration, from the same source as the playground's.
const vscodeFiles = { "syntaxes/proviso.tmLanguage.json": textMateGrammar(), "language-configuration.json": LANGUAGE_CONFIGURATION };
for (const [name, content] of Object.entries(vscodeFiles)) {
  const file = fileURLToPath(new URL(`../editors/vscode/${name}`, import.meta.url));
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
