// The playground page: a thin shell wiring the editors, the policy worker and the runtime together.

import YAML from "yaml";
import { runPolicyTests } from "../compiler/policy-tests.js";
import { evaluate, loadArtifact, validateEventShape, type Artifact, type Decision, type Diagnostic } from "../runtime/index.js";
import { el, replaceChildren } from "./dom.js";
import { createEditor, monaco, registerProviso, setMarkers } from "./editor.js";
import { EXAMPLES, type Example } from "./examples.js";
import { PolicyClient } from "./policy-client.js";
import { decisionCard, explanation, testResults } from "./render.js";
import { decodeShare, encodeShare } from "./share.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const STORAGE_KEY = "proviso.playground.v1";

let customFields: unknown;
let example: Example | undefined;
let latest: { text: string; artifact?: Artifact; diagnostics: Diagnostic[] } = { text: "", diagnostics: [] };
/** Counts applied check results; tests and the latency benchmark watch it. */
let generation = 0;

const client = new PolicyClient((reply, text) => {
  latest = reply.artifact ? { text, artifact: reply.artifact, diagnostics: reply.diagnostics } : { text, diagnostics: reply.diagnostics };
  if (text !== policyEditor.getValue()) return; // a newer check is on its way
  setMarkers(policyEditor.getModel()!, reply.diagnostics);
  showProblems(reply.diagnostics);
  $("artifact").textContent = reply.artifact ? JSON.stringify(reply.artifact, null, 2) : "The policy has errors; fix them to see its compiled rules.";
  generation++;
  document.body.dataset.generation = String(generation);
  $("status").textContent = `checked in ${reply.millis.toFixed(0)} ms`;
});

registerProviso(client, () => customFields);
const policyEditor = createEditor($("policy-editor"), "", "proviso");
const eventEditor = createEditor($("event-editor"), "", "plaintext");
const fieldsEditor = createEditor($("fields-editor"), "", "plaintext");

/** Shows the fields an example or a link brings, without treating it as an edit. */
function showFields(fields: unknown): void {
  customFields = fields;
  fieldsEditor.setValue(fields === undefined ? "" : JSON.stringify(fields, null, 2));
}

/** The Fields tab's text, read as the fields file: empty means none. */
function readFieldsEditor(): void {
  const status = $("fields-status");
  const text = fieldsEditor.getValue();
  if (!text.trim()) {
    customFields = undefined;
    status.textContent = "No fields of your own: the policy uses the built-in ones.";
    status.className = "event-status";
    return;
  }
  try {
    customFields = JSON.parse(text);
    status.textContent = "Fields read; the policy is checked against them.";
    status.className = "event-status";
  } catch (e) {
    // Keep checking against the last fields that parsed while the author is mid-edit.
    status.textContent = `Not JSON: ${(e as Error).message.split("\n")[0]}`;
    status.className = "event-status bad";
  }
}

function goTo(line: number, column = 1): void {
  policyEditor.revealLineInCenter(line);
  policyEditor.setPosition({ lineNumber: line, column });
  policyEditor.focus();
}

function showProblems(diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const list = $("problems");
  if (!diagnostics.length) {
    replaceChildren(list, el("li", { className: "clean" }, "No problems."));
    return;
  }
  replaceChildren(list, ...diagnostics.map((d) => el("li", {
    className: d.severity,
    data: { code: d.code, line: String(d.range?.start.line ?? 0) },
    onClick: () => d.range && goTo(d.range.start.line, d.range.start.column),
  }, `${d.range ? `${d.range.start.line}:${d.range.start.column}` : ""}  ${d.message}${d.hint ? ` (${d.hint})` : ""}  [${d.code}]`)));
  list.dataset.errors = String(errors);
}

function parseEvent(): { event?: unknown; problem?: string } {
  const text = eventEditor.getValue();
  if (!text.trim()) return { problem: "Write an event (JSON or YAML), or pick a sample." };
  try {
    return { event: YAML.parse(text, { maxAliasCount: 100 }) };
  } catch (e) {
    return { problem: `Not JSON or YAML: ${(e as Error).message.split("\n")[0]}` };
  }
}

function checkEvent(): void {
  const status = $("event-status");
  const { event, problem } = parseEvent();
  if (problem) {
    status.textContent = problem;
    status.className = "event-status bad";
    return;
  }
  const issues = validateEventShape(structuredClone(event));
  status.textContent = issues.length ? issues.slice(0, 5).map((d) => `${d.path}: ${d.message}`).join("\n") : "Event matches the schema.";
  status.className = `event-status${issues.length ? " bad" : ""}`;
}

async function currentPolicy() {
  const text = policyEditor.getValue();
  const compiled = latest.text === text ? latest : await client.compile(text, customFields);
  if (!compiled.artifact) return undefined;
  return loadArtifact(compiled.artifact).value;
}

function showTab(name: string): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>(".tabs button")) button.setAttribute("aria-selected", String(button.dataset.tab === name));
  for (const tab of ["decision", "why", "tests", "fields", "artifact"]) $(`tab-${tab}`).hidden = tab !== name;
}

async function evaluateNow(): Promise<void> {
  const out = $("tab-decision");
  const policy = await currentPolicy();
  if (!policy) {
    replaceChildren(out, el("p", { className: "event-status bad" }, "The policy has errors: fix the problems listed under the editor first."));
    showTab("decision");
    return;
  }
  const { event, problem } = parseEvent();
  if (problem) {
    replaceChildren(out, el("p", { className: "event-status bad" }, problem));
    showTab("decision");
    return;
  }
  const { value, diagnostics } = await evaluate(policy, event);
  if (!value) {
    replaceChildren(out, el("div", { className: "event-errors" }, el("p", { className: "event-status bad" }, "The event was refused:"), el("ul", {}, ...diagnostics.map((d) => el("li", {}, `${d.path ? `${d.path}: ` : ""}${d.message} [${d.code}]`)))));
  } else {
    showDecision(value);
  }
  showTab("decision");
}

function showDecision(decision: Decision): void {
  replaceChildren($("tab-decision"), decisionCard(decision, goTo));
  replaceChildren($("tab-why"), explanation(decision, goTo));
}

async function runTests(): Promise<void> {
  const output = $("tests-output");
  if (!example?.cases.length) {
    replaceChildren(output, el("p", { className: "hint" }, "This policy has no test file."));
    return;
  }
  const policy = await currentPolicy();
  if (!policy) {
    replaceChildren(output, el("p", { className: "event-status bad" }, "The policy has errors."));
    return;
  }
  replaceChildren(output, testResults(await runPolicyTests(policy, example.cases, latest.diagnostics), goTo));
}

function fillSamples(): void {
  const select = $<HTMLSelectElement>("samples");
  replaceChildren(select, el("option", {}, example?.cases.length ? "— pick a sample —" : "— no samples —"), ...(example?.cases ?? []).map((c, i) => {
    const option = el("option", {}, c.name);
    option.value = String(i);
    return option;
  }));
}

function loadExample(name: string, withSample = true): void {
  example = EXAMPLES.find((e) => e.name === name) ?? EXAMPLES[0];
  if (!example) return;
  showFields(example.fields);
  $<HTMLSelectElement>("examples").value = example.name;
  policyEditor.setValue(example.text);
  fillSamples();
  if (withSample && example.cases[0]) {
    $<HTMLSelectElement>("samples").value = "0";
    eventEditor.setValue(JSON.stringify(example.cases[0].event, null, 2));
  }
}

function save(): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ policy: policyEditor.getValue(), event: eventEditor.getValue(), example: example?.name, fields: customFields }));
  } catch {
    // Storage may be full or disabled; the page works without it.
  }
}

async function restore(): Promise<void> {
  const shared = location.hash ? await decodeShare(location.hash) : undefined;
  const stored = (() => {
    try {
      return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as { policy: string; event: string; example?: string; fields?: unknown } | null;
    } catch {
      return null;
    }
  })();
  const state = shared ?? stored;
  if (state) {
    example = EXAMPLES.find((e) => e.name === (stored && !shared ? stored.example : undefined));
    showFields(state.fields);
    if (example) $<HTMLSelectElement>("examples").value = example.name;
    fillSamples();
    policyEditor.setValue(state.policy);
    eventEditor.setValue(state.event);
    if (shared) $("notice").textContent = "Restored from the share link.";
  } else loadExample("retail-returns");
  if (location.hash && !shared) $("notice").textContent = "This share link could not be opened: it is damaged, or larger than the playground accepts.";
}

// ---- wiring --------------------------------------------------------------------------------------

const examples = $<HTMLSelectElement>("examples");
replaceChildren(examples, ...EXAMPLES.map((e) => {
  const option = el("option", {}, `${e.title} (${e.name})`);
  option.value = e.name;
  return option;
}));
examples.addEventListener("change", () => loadExample(examples.value));
$<HTMLSelectElement>("samples").addEventListener("change", (e) => {
  const chosen = example?.cases[Number((e.target as HTMLSelectElement).value)];
  if (chosen) eventEditor.setValue(JSON.stringify(chosen.event, null, 2));
});
$("evaluate").addEventListener("click", () => void evaluateNow());
$("run-tests").addEventListener("click", () => void runTests());
$("format").addEventListener("click", () => void policyEditor.getAction("editor.action.formatDocument")?.run());
$("download").addEventListener("click", () => {
  if (!latest.artifact) return;
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(latest.artifact, null, 2)}\n`], { type: "application/json" }));
  const a = el("a");
  a.href = url;
  a.download = `${(example?.name ?? "policy").replace(/\//g, "-")}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});
$("share").addEventListener("click", async () => {
  const fragment = await encodeShare(customFields === undefined ? { policy: policyEditor.getValue(), event: eventEditor.getValue() } : { policy: policyEditor.getValue(), event: eventEditor.getValue(), fields: customFields });
  history.replaceState(null, "", `#${fragment}`);
  const box = $("share-box");
  box.hidden = false;
  const input = $<HTMLInputElement>("share-link");
  input.value = location.href;
  input.select();
  navigator.clipboard?.writeText(location.href).catch(() => undefined);
});
for (const button of document.querySelectorAll<HTMLButtonElement>(".tabs button")) button.addEventListener("click", () => showTab(button.dataset.tab!));

policyEditor.onDidChangeModelContent(() => {
  client.check(policyEditor.getValue(), customFields);
  save();
});
fieldsEditor.onDidChangeModelContent(() => {
  readFieldsEditor();
  client.check(policyEditor.getValue(), customFields);
  save();
});
eventEditor.onDidChangeModelContent(() => {
  checkEvent();
  save();
});
policyEditor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void evaluateNow());

await restore();
client.check(policyEditor.getValue(), customFields);
checkEvent();
(window as unknown as { provisoPlayground: unknown }).provisoPlayground = { policyEditor, eventEditor, fieldsEditor, monaco };
