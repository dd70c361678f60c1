import { readFileSync } from "node:fs";
import { fieldsFileFor } from "../../cli/fields-file.js";
import { compilePolicy } from "../../compiler/index.js";
import { loadArtifact, type Artifact, type LoadedPolicy } from "../../runtime/index.js";
import { corpusSuites } from "./corpus.js";

/** A deep copy of a corpus event, to mutate in a test. */
export function corpusEvent(suite: string, index = 0): Record<string, any> {
  const s = corpusSuites().find((x) => x.suite === suite)!;
  return structuredClone(s.cases[index]!.event) as Record<string, any>;
}

export function compileText(text: string, source = "test.policy"): Artifact {
  const out = compilePolicy(text, { source });
  if (!out.value) throw new Error(`test policy does not compile: ${JSON.stringify(out.diagnostics, null, 1)}`);
  return out.value;
}

export function load(text: string): LoadedPolicy {
  const loaded = loadArtifact(compileText(text));
  if (!loaded.value) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.value;
}

export function loadPolicyFile(path: string): LoadedPolicy {
  return load(readFileSync(path, "utf8"));
}

/** The fields file content of a library policy, found as the CLI finds it (header, `<name>.fields.json`, folder). */
export function libraryFields(policyFile: string): unknown {
  const chosen = fieldsFileFor(policyFile, readFileSync(policyFile, "utf8"));
  return chosen === undefined ? undefined : JSON.parse(readFileSync(chosen, "utf8"));
}

/** Compile options with a library policy's fields, if it has any. */
export function libraryFieldsOption(policyFile: string): { customFields?: unknown } {
  const fields = libraryFields(policyFile);
  return fields === undefined ? {} : { customFields: fields };
}
