// Precompiles the built-in JSON Schemas to standalone validators (runtime/generated/validators.ts), so
// the runtime validates events and artifacts without ajv's code generation at run time (no
// `new Function`, which a strict Content-Security-Policy forbids in the browser), and publishes the
// schemas as docs/schemas/*.json. Run with `npm run gen`; a test fails when either is out of date.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateValidatorsSource, publishedSchemas } from "./validators-source.js";

const target = fileURLToPath(new URL("../runtime/generated/validators.ts", import.meta.url));
writeFileSync(target, generateValidatorsSource());
console.log(`wrote ${target}`);
for (const [name, text] of Object.entries(publishedSchemas())) {
  const file = fileURLToPath(new URL(`../docs/schemas/${name}`, import.meta.url));
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
