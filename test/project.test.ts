// Project rules that code review would otherwise have to catch.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODES } from "../runtime/index.js";
import { generateOpenPartsSource } from "../scripts/open-parts-source.js";
import { generateReadersSource } from "../scripts/readers-source.js";
import { generateValidatorsSource } from "../scripts/validators-source.js";
import { ROOT, filesUnder } from "./helpers/corpus.js";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

describe("architecture", () => {
  it("keeps the tests inside the repository (a fresh clone has nothing beside it)", () => {
    for (const file of [...filesUnder("test", ".ts"), ...filesUnder("test", ".yaml")]) {
      expect(read(file), file).not.toMatch(/\.\.\/(\.\.\/)*shared\b/);
    }
  });

  it("keeps grammar/, compiler/ and runtime/ free of node: imports (they run in the browser)", () => {
    for (const file of [...filesUnder("grammar", ".ts"), ...filesUnder("compiler", ".ts"), ...filesUnder("runtime", ".ts")]) {
      expect(read(file), file).not.toMatch(/from\s+["']node:|require\(["']node:/);
    }
  });

  it("keeps runtime/ from importing grammar/ or compiler/", () => {
    for (const file of filesUnder("runtime", ".ts")) expect(read(file), file).not.toMatch(/from\s+["']\.\.\/(grammar|compiler)\//);
  });

  it("keeps Chevrotain inside grammar/", () => {
    for (const file of [...filesUnder("compiler", ".ts"), ...filesUnder("runtime", ".ts"), ...filesUnder("cli", ".ts")]) expect(read(file), file).not.toMatch(/from\s+["']chevrotain["']/);
  });

  it("locks every optional platform package a locked package names (npm ci on a clean clone refuses a lockfile without them)", () => {
    const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { optionalDependencies?: Record<string, string> }> };
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = `${path}/node_modules/${name}`;
        expect(lock.packages[nested] ?? lock.packages[`node_modules/${name}`], `${path} names ${name}`).toBeDefined();
      }
    }
  });

  it("has precompiled validators that match the schemas (run `npm run gen` after changing a schema)", () => {
    expect(read("runtime/generated/validators.ts")).toBe(generateValidatorsSource());
    expect(read("runtime/generated/open-parts.ts")).toBe(generateOpenPartsSource());
    expect(read("runtime/generated/readers.ts")).toBe(generateReadersSource());
  });
});

describe("error-code catalogue", () => {
  const catalogue = read("docs/errors.md");
  const documented = new Map([...catalogue.matchAll(/^\| <a id="([a-z0-9-]+)"><\/a>`([a-z]+\/[a-z0-9-]+)` \| (error|warning) \|/gm)].map((m) => [m[2]!, m[3]!]));
  const used = new Set<string>();
  for (const file of [...filesUnder("grammar", ".ts"), ...filesUnder("compiler", ".ts"), ...filesUnder("runtime", ".ts"), ...filesUnder("cli", ".ts")]) {
    if (file.endsWith("codes.ts")) continue;
    for (const m of read(file).matchAll(/["'`]((?:syntax|name|type|lint|policy|event|artifact|eval|limit|internal|fields|config|serve|verify)\/[a-z0-9-]+)["'`]/g)) used.add(m[1]!);
  }

  it("docs/errors.md documents exactly the codes of the code table, with the same severities, and is current (`npm run gen`)", async () => {
    expect(documented.size).toBeGreaterThan(80);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(Object.entries(CODES).map(([code, c]) => [code, c.severity])));
    const { withCatalogue } = await import("../scripts/generated-docs.js");
    expect(catalogue).toBe(withCatalogue(catalogue));
  });

  it("gives every code an anchor in docs/errors.md that its docs link points to", async () => {
    const { codeDocsUrl } = await import("../compiler/code-docs.js");
    for (const code of Object.keys(CODES)) {
      const anchor = codeDocsUrl(code, "1.2.3").split("#")[1]!;
      expect(catalogue, code).toContain(`<a id="${anchor}"></a>\`${code}\``);
      expect(codeDocsUrl(code, "1.2.3")).toMatch(/^https:\/\/github\.com\/proviso-dev\/proviso\/blob\/v1\.2\.3\/docs\/errors\.md#[a-z0-9-]+$/);
    }
  });

  it("every code the code can emit is in the table, and every code in the table is emitted somewhere", () => {
    for (const code of used) expect(Object.keys(CODES), code).toContain(code);
    for (const code of Object.keys(CODES)) expect([...used], code).toContain(code);
  });
});

describe("limits", () => {
  it("docs/security.md lists exactly the limits of the one table (`npm run gen`)", async () => {
    const { withLimits } = await import("../scripts/generated-docs.js");
    const page = read("docs/security.md");
    expect(page).toBe(withLimits(page));
  });
});

describe("published schemas", () => {
  it("docs/schemas/ holds the current schemas (run `npm run gen` after changing one)", async () => {
    const { publishedSchemas } = await import("../scripts/validators-source.js");
    for (const [name, text] of Object.entries(publishedSchemas())) expect(read(`docs/schemas/${name}`), name).toBe(text);
  });
});
