// Which fields file applies to a policy file, in one place for every command: `--fields FILE`; else the
// file the policy names in its header (`fields "rental.fields.json"`, beside the policy); else
// `<policy name>.fields.json` beside it (`rental.policy` → `rental.fields.json`); else the folder's
// `proviso.fields.json`. Two policies in one folder can so each have their own.

import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { declaredFieldsFile } from "../compiler/index.js";

export function fieldsFileFor(policyFile: string, text: string, explicit?: string): string | undefined {
  if (explicit) return explicit;
  const dir = dirname(policyFile);
  const declared = declaredFieldsFile(text);
  // A named file that is missing is reported by the compiler, at the setting.
  if (declared !== undefined) return existsSync(join(dir, declared)) ? join(dir, declared) : undefined;
  const own = join(dir, `${basename(policyFile).replace(/\.policy$/, "")}.fields.json`);
  if (existsSync(own)) return own;
  const folder = join(dir, "proviso.fields.json");
  return existsSync(folder) ? folder : undefined;
}

/** Whether a file is a fields file (never a policy or an artifact to serve). */
export function isFieldsFile(name: string): boolean {
  return name.endsWith(".fields.json");
}
