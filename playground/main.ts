// The playground page: a thin shell wiring the editors, the policy worker and the runtime together.

import YAML from "yaml";
import { runPolicyTests, type PolicyTestCase } from "../compiler/policy-tests.js";
import { eventShapeProblems, loadArtifact, type Artifact, type Decision, type Diagnostic } from "../runtime/index.js";
import { el, replaceChildren } from "./dom.js";
import { createEditor, monaco, registerProviso, setMarkers } from "./editor.js";
import { EXAMPLES, type Example } from "./examples.js";
import { PolicyClient } from "./policy-client.js";
import { decisionCard, explanation } from "./render.js";
import { expectationOf, renderTests, testFileText, type TestsPanelHost } from "./tests-panel.js";
import { decodeShare, encodeShare, type Shared } from "./share.js";
import { WhatIfPanel } from "./whatif.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const STORAGE_KEY = "proviso.playground.v1";

let customFields: unknown;
let example: Example | undefined;
/** The tests being worked on: the example's, then the author's additions and edits. */
let cases: PolicyTestCase[] = [];
let testsEdited = false;
/** The event and decision on the card, for "Save as test". */
let onCard: { event: unknown; decision: Decision } | undefined;
let latest: { text: string; artifact?: Artifact; diagnostics: Diagnostic[] } = { text: "", diagnostics: [] };
let checkedVocabulary = "";
/** Counts applied check results; tests and the latency benchmark watch it. */
let generation = 0;

const client = new PolicyClient((reply, text) => {
  if (text !== policyEditor.getValue()) return; // a newer check is on its way
  setMarkers(policyEditor.getModel()!, reply.diagnostics);
  showProblems(reply.diagnostics);
  generation++;
  document.body.dataset.generation = String(generation);
  $("status").textContent = `checked in ${reply.millis.toFixed(0)} ms`;
}, (reply, text) => {
  latest = reply.artifact ? { text, artifact: reply.artifact, diagnostics: reply.diagnostics } : { text, diagnostics: reply.diagnostics };
  if (text !== policyEditor.getValue()) return;
  $("artifact").textContent = reply.artifact ? JSON.stringify(reply.artifact, null, 2) : "The policy has errors; fix them to see its compiled rules.";
  // The event is checked again only when the policy's own vocabulary (codes, sections) changed.
  const vocabulary = JSON.stringify([reply.artifact?.customFields, reply.artifact?.enumValues]);
  if (vocabulary !== checkedVocabulary) {
    checkedVocabulary = vocabulary;
    checkEvent();
  }
  evaluateSoon();
});

registerProviso(client, () => customFields);
// The first paint's plain text (boot.ts) gives way to the editor.
$("policy-editor").replaceChildren();
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

/** Where in the event editor's text a JSON path of the event is (the nearest part of it that is written). */
function eventRange(text: string, path: string): { from: number; to: number } | undefined {
  let doc: ReturnType<typeof YAML.parseDocument>;
  try {
    doc = YAML.parseDocument(text);
  } catch {
    return undefined;
  }
  const keys: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) {
      // For a missing key, mark the key of the object that lacks it, not the whole object.
      if (n < keys.length && n > 0) {
        const parentKey = doc.getIn(keys.slice(0, n - 1), true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
        const pair = parentKey?.items?.find((i) => i.key?.value === keys[n - 1]);
        if (pair?.key?.range) return { from: pair.key.range[0], to: pair.key.range[1] };
      }
      return { from: range[0], to: Math.max(range[1], range[0] + 1) };
    }
  }
  return undefined;
}

/** Marks the event's problems in its editor, on the line of each path. */
function markEvent(diagnostics: readonly Diagnostic[]): void {
  const model = eventEditor.getModel()!;
  const text = model.getValue();
  monaco.editor.setModelMarkers(model, "event", diagnostics.flatMap((d) => {
    const range = eventRange(text, d.path ?? "");
    if (!range) return [];
    const from = model.getPositionAt(range.from);
    const to = model.getPositionAt(range.to);
    return [{ startLineNumber: from.lineNumber, startColumn: from.column, endLineNumber: to.lineNumber, endColumn: to.column, message: d.message, code: d.code, severity: monaco.MarkerSeverity.Error }];
  }));
}

function checkEvent(): void {
  const status = $("event-status");
  const { event, problem } = parseEvent();
  if (problem) {
    status.textContent = problem;
    status.className = "event-status bad";
    markEvent([]);
    return;
  }
  // The messages name their path already ("reason must be one of …").
  // The schema, and the values and sections the policy adds to it (the merchant's own codes).
  const issues = eventShapeProblems(structuredClone(event), latest.artifact ?? {});
  status.textContent = issues.length ? issues.slice(0, 5).map((d) => d.message).join("\n") : "Event matches the schema.";
  status.className = `event-status${issues.length ? " bad" : ""}`;
  markEvent(issues);
}

async function currentPolicy() {
  const text = policyEditor.getValue();
  const compiled = latest.text === text ? latest : await client.compile(text, customFields);
  if (!compiled.artifact) return undefined;
  return loadArtifact(compiled.artifact).value;
}

function showTab(name: string): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>(".tabs button")) button.setAttribute("aria-selected", String(button.dataset.tab === name));
  for (const tab of ["decision", "why", "tests", "whatif", "fields", "artifact"]) $(`tab-${tab}`).hidden = tab !== name;
}

/** Counts evaluations, so a slow one never overwrites the card of a newer one. */
let evaluations = 0;
/** Counts edits that put the card out of date; a decision started before the latest one leaves it marked. */
let edits = 0;

function markStale(): void {
  edits++;
  if (eventEditor.getValue().trim()) $("tab-decision").dataset.stale = "true";
}

async function evaluateNow(switchTab = true): Promise<void> {
  const mine = ++evaluations;
  const editsAtStart = edits;
  const out = $("tab-decision");
  const { event, problem } = parseEvent();
  // Decided in the worker (with its counterfactuals), so the page never waits on it.
  const result = problem ? undefined : await client.decide(policyEditor.getValue(), event, customFields);
  if (mine !== evaluations) return;
  out.dataset.stale = String(edits !== editsAtStart);
  if (result?.policyHasErrors) {
    replaceChildren(out, el("p", { className: "event-status bad" }, "The policy has errors: fix the problems listed under the editor first."));
  } else if (problem) {
    replaceChildren(out, el("p", { className: "event-status bad" }, problem));
  } else if (!result!.decision) {
    const refused = result!.diagnostics;
    markEvent(refused);
    replaceChildren(out, el("div", { className: "event-errors" }, el("p", { className: "event-status bad" }, "The event was refused:"), el("ul", {}, ...refused.map((d) => el("li", {}, `${d.message} [${d.code}]`)))));
  } else {
    showDecision(result!.decision, event);
  }
  if (switchTab) showTab("decision");
}

function showDecision(decision: Decision, event: unknown): void {
  onCard = { event, decision };
  replaceChildren($("tab-decision"), decisionCard(decision, goTo, event), el("button", { className: "save-as-test", attrs: { type: "button" }, onClick: saveAsTest }, "Save as test"));
  replaceChildren($("tab-why"), explanation(decision, goTo, event, policyEditor.getValue()));
}

/** The card follows every edit: it is marked out of date at once, and decided again when typing pauses. */
let liveTimer: ReturnType<typeof setTimeout> | undefined;
function evaluateSoon(): void {
  if (!eventEditor.getValue().trim()) return;
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => void evaluateNow(false), 300);
}

const testsHost: TestsPanelHost = {
  cases: () => cases,
  setCases(next) {
    cases = next;
    testsEdited = true;
    fillSamples();
    coverage.clear();
    save();
  },
  loadEvent(event) {
    eventEditor.setValue(JSON.stringify(event, null, 2));
  },
  goTo,
};

/** Marks in the gutter the lines the tests never exercised (cleared on the next edit). */
const coverage = policyEditor.createDecorationsCollection();

function saveAsTest(): void {
  if (!onCard) return;
  const d = onCard.decision;
  const name = `${d.outcome} ${d.refund.formatted}${d.items.length === 1 ? ` — ${d.items[0]!.rule.name}` : ""} (${cases.length + 1})`;
  testsHost.setCases([...cases, { name, event: structuredClone(onCard.event), expect: expectationOf(d) }]);
  showTab("tests");
  renderTests($("tests-output"), testsHost, undefined, cases.length - 1);
}

async function runTests(): Promise<void> {
  const output = $("tests-output");
  if (!cases.length) {
    renderTests(output, testsHost);
    return;
  }
  const policy = await currentPolicy();
  if (!policy) {
    replaceChildren(output, el("p", { className: "event-status bad" }, "The policy has errors."));
    return;
  }
  const report = await runPolicyTests(policy, cases, latest.diagnostics);
  renderTests(output, testsHost, report);
  const missedRules = report.coverage.rules.filter((r) => !r.decided && !r.unreachable);
  const missedConditions = report.coverage.conditions.filter((c) => !c.seenTrue || !c.seenFalse);
  coverage.set([
    ...missedRules.map((r) => ({ range: new monaco.Range(r.line, 1, r.line, 1), options: { isWholeLine: true, linesDecorationsClassName: "coverage-gutter", hoverMessage: { value: `No test is decided by rule "${r.rule}".` } } })),
    ...missedConditions.map((c) => ({ range: new monaco.Range(c.line, 1, c.line, 1), options: { isWholeLine: true, linesDecorationsClassName: "coverage-gutter", hoverMessage: { value: `No test sees \`${c.text}\` ${!c.seenTrue && !c.seenFalse ? "evaluated" : c.seenTrue ? "false" : "true"}.` } } })),
  ]);
}

function fillSamples(): void {
  const select = $<HTMLSelectElement>("samples");
  replaceChildren(select, el("option", {}, cases.length ? "— pick a sample —" : "— no samples —"), ...cases.map((c, i) => {
    const option = el("option", {}, c.name);
    option.value = String(i);
    return option;
  }));
}

function loadExample(name: string, withSample = true): void {
  example = EXAMPLES.find((e) => e.name === name) ?? EXAMPLES[0];
  if (!example) return;
  showFields(example.fields);
  cases = [...example.cases];
  testsEdited = false;
  renderTests($("tests-output"), testsHost);
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
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ policy: policyEditor.getValue(), event: eventEditor.getValue(), example: example?.name, fields: customFields, ...(testsEdited ? { tests: cases } : {}) }));
  } catch {
    // Storage may be full or disabled; the page works without it.
  }
}

async function restore(): Promise<void> {
  const shared = location.hash ? await decodeShare(location.hash) : undefined;
  const stored = (() => {
    try {
      return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as Shared | null;
    } catch {
      return null;
    }
  })();
  if (location.hash && !shared) $("notice").textContent = "This share link could not be opened: it is damaged, or larger than the playground accepts.";
  const state = shared ?? stored;
  if (!state) {
    loadExample("retail-returns");
    return;
  }
  example = EXAMPLES.find((e) => e.name === state.example);
  if (example) $<HTMLSelectElement>("examples").value = example.name;
  showFields(state.fields);
  testsEdited = Array.isArray(state.tests);
  cases = testsEdited ? (state.tests as PolicyTestCase[]) : [...(example?.cases ?? [])];
  renderTests($("tests-output"), testsHost);
  fillSamples();
  policyEditor.setValue(state.policy);
  eventEditor.setValue(state.event);
  if (shared) {
    // The link has been opened: from now on this browser's copy (with the edits made after) is what a
    // reload shows. The fragment goes, so it cannot overwrite them.
    save();
    history.replaceState(null, "", location.pathname + location.search);
    $("notice").textContent = "Opened from the share link; your edits are kept in this browser.";
  }
}

const baselineSelect = $<HTMLSelectElement>("whatif-baseline");
replaceChildren(baselineSelect, el("option", { attrs: { value: "" } }, "the example as it ships"), ...EXAMPLES.map((e) => el("option", { attrs: { value: e.name } }, `${e.title} (${e.name})`)));

/** A version of the policy the author kept as the baseline ("the last saved version"). */
let kept: { text: string; fields: unknown; at: string } | undefined;
$("whatif-keep").addEventListener("click", () => {
  kept = { text: policyEditor.getValue(), fields: customFields, at: new Date().toLocaleTimeString() };
  let option = baselineSelect.querySelector<HTMLOptionElement>('option[value="#kept"]');
  if (!option) {
    option = el("option", { attrs: { value: "#kept" } });
    baselineSelect.prepend(option);
  }
  option.textContent = `the version you kept at ${kept.at}`;
  baselineSelect.value = "#kept";
});

const whatIfPanel = new WhatIfPanel($("tab-whatif"), {
  async artifacts() {
    const base = baselineSelect.value === "#kept" && kept ? { name: `the version kept at ${kept.at}`, text: kept.text, fields: kept.fields } : EXAMPLES.find((e) => e.name === (baselineSelect.value || example?.name));
    if (!base) return { problem: "Choose a baseline: this policy did not start from an example." };
    const [baseline, candidate] = await Promise.all([client.compile(base.text, base.fields), client.compile(policyEditor.getValue(), customFields)]);
    if (!candidate.artifact) return { problem: "The policy you are editing has errors: fix them first." };
    if (!baseline.artifact) return { problem: `The baseline "${base.name}" does not compile.` };
    return { baseline: baseline.artifact, candidate: candidate.artifact };
  },
  loadEvent(text) {
    eventEditor.setValue(JSON.stringify(JSON.parse(text), null, 2));
    void evaluateNow();
  },
  locale: () => latest.artifact?.policy.locale ?? "en-US",
});

// ---- wiring --------------------------------------------------------------------------------------

const examples = $<HTMLSelectElement>("examples");
replaceChildren(examples, ...EXAMPLES.map((e) => {
  const option = el("option", {}, `${e.title} (${e.name})`);
  option.value = e.name;
  return option;
}));
examples.addEventListener("change", () => loadExample(examples.value));
$<HTMLSelectElement>("samples").addEventListener("change", (e) => {
  const chosen = cases[Number((e.target as HTMLSelectElement).value)];
  if (chosen) eventEditor.setValue(JSON.stringify(chosen.event, null, 2));
});
$("evaluate").addEventListener("click", () => void evaluateNow());
$("run-tests").addEventListener("click", () => void runTests());
$("download-tests").addEventListener("click", () => {
  const name = (example?.name ?? "policy").split("/").pop()!;
  const url = URL.createObjectURL(new Blob([testFileText(name, cases)], { type: "application/yaml" }));
  const a = el("a");
  a.href = url;
  a.download = `${name}.test.yaml`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});
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
  const shared: Shared = { policy: policyEditor.getValue(), event: eventEditor.getValue() };
  if (customFields !== undefined) shared.fields = customFields;
  if (example) shared.example = example.name;
  if (testsEdited) shared.tests = cases;
  // The link is shown and copied, not put in the address bar: a reload keeps showing the latest edits.
  const link = `${location.origin}${location.pathname}${location.search}#${await encodeShare(shared)}`;
  const box = $("share-box");
  box.hidden = false;
  const input = $<HTMLInputElement>("share-link");
  input.value = link;
  input.select();
  navigator.clipboard?.writeText(link).catch(() => undefined);
});
for (const button of document.querySelectorAll<HTMLButtonElement>(".tabs button")) button.addEventListener("click", () => showTab(button.dataset.tab!));

policyEditor.onDidChangeModelContent(() => {
  // The card is out of date from this keystroke until the new artifact decides again.
  markStale();
  coverage.clear();
  client.check(policyEditor.getValue(), customFields);
  save();
});
fieldsEditor.onDidChangeModelContent(() => {
  markStale();
  readFieldsEditor();
  client.check(policyEditor.getValue(), customFields);
  save();
});
eventEditor.onDidChangeModelContent(() => {
  markStale();
  checkEvent();
  evaluateSoon();
  save();
});
policyEditor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void evaluateNow());

await restore();
client.check(policyEditor.getValue(), customFields);
checkEvent();
(window as unknown as { provisoPlayground: unknown }).provisoPlayground = { policyEditor, eventEditor, fieldsEditor, monaco, whatIfPanel, examples: EXAMPLES };
