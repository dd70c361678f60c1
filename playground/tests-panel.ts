// The Tests tab: the policy's test cases as a working copy the author edits — cases saved from the
// card, edited (name and expected values, as YAML), deleted, run with coverage, downloaded in the
// CLI's test-file format. What the editor's gutter shows of the coverage lives in editor.ts.

import YAML from "yaml";
import type { CoverageReport, PolicyTestCase, TestReport } from "../compiler/policy-tests.js";
import type { Decision } from "../runtime/index.js";
import { el, replaceChildren } from "./dom.js";
import type { GoToLine } from "./render.js";

/** What a test expects of a decision like this one: the outcome, the money, and each item's. */
export function expectationOf(d: Decision): Record<string, unknown> {
  return {
    outcome: d.outcome,
    refund: d.refund.amount,
    items: Object.fromEntries(d.items.map((i) => [i.id, { outcome: i.outcome, refund: i.refund.amount }])),
  };
}

/** The test file the CLI reads (`proviso test`), for these cases. */
export function testFileText(policyName: string, cases: readonly PolicyTestCase[]): string {
  const file = { policy: `${policyName}.policy`, cases: cases.map((c) => ({ name: c.name, ...(c.asOf ? { asOf: c.asOf } : {}), event: c.event, expect: c.expect })) };
  return `# Tests of ${policyName}.policy, written in the Proviso playground.\n# Run with: npx proviso test ${policyName}.test.yaml --coverage\n${YAML.stringify(file, { lineWidth: 0 })}`;
}

export interface TestsPanelHost {
  cases(): PolicyTestCase[];
  setCases(cases: PolicyTestCase[]): void;
  loadEvent(event: unknown): void;
  goTo: GoToLine;
}

/** Renders the list; `report` (when the tests were run on this list) marks each case and adds the coverage. */
export function renderTests(container: HTMLElement, host: TestsPanelHost, report?: TestReport, editing?: number): void {
  const cases = host.cases();
  if (!cases.length) {
    replaceChildren(container, el("p", { className: "hint" }, "No tests yet. Evaluate an event and press “Save as test” on the card."));
    return;
  }
  const rows = cases.map((c, i) => {
    const result = report?.results[i];
    const row = el("li", { className: `test${result ? (result.passed ? " pass" : " fail") : ""}`, data: { index: String(i) } },
      el("span", { className: "mark" }, result ? (result.passed ? "✓ " : "✗ ") : "· "),
      el("span", { className: "rule-link test-name", title: "Load this test's event", onClick: () => host.loadEvent(c.event) }, c.name),
      " ",
      el("button", { className: "small edit-test", attrs: { type: "button" }, onClick: () => renderTests(container, host, report, i) }, "Edit"),
      el("button", { className: "small delete-test", attrs: { type: "button" }, onClick: () => {
        host.setCases(cases.filter((_, j) => j !== i));
        renderTests(container, host);
      } }, "Delete"),
      ...(result?.mismatches ?? []).map((m) => el("div", { className: "mismatch" }, `${m.path || "decision"}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`)),
      ...(result?.diagnostics ?? []).map((d) => el("div", { className: "mismatch" }, `refused: ${d.message} [${d.code}]`)),
    );
    if (editing === i) row.append(editForm(container, host, i));
    return row;
  });
  replaceChildren(container,
    report ? el("p", { className: "test-summary" }, `${report.passed} passed, ${report.failed} failed · coverage: rules ${report.coverage.rulePercent}%, conditions ${report.coverage.conditionPercent}%`) : null,
    el("ul", { className: "test-list" }, ...rows),
    report ? coverageList(report.coverage, host.goTo) : null,
  );
}

function editForm(container: HTMLElement, host: TestsPanelHost, index: number): HTMLElement {
  const c = host.cases()[index]!;
  const name = el("input", { className: "test-name-input", attrs: { type: "text", "aria-label": "Test name" } });
  name.value = c.name;
  const expect = el("textarea", { className: "test-expect", attrs: { rows: "8", "aria-label": "Expected (YAML)" } });
  expect.value = YAML.stringify(c.expect, { lineWidth: 0 });
  const problem = el("p", { className: "event-status bad" });
  const save = () => {
    let parsed: unknown;
    try {
      parsed = YAML.parse(expect.value);
    } catch (e) {
      problem.textContent = `Not YAML: ${(e as Error).message.split("\n")[0]}`;
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      problem.textContent = "Write what the decision must contain, as keys and values (outcome: approve, refund: 4305, …).";
      return;
    }
    if (!name.value.trim()) {
      problem.textContent = "Give the test a name.";
      return;
    }
    const cases = [...host.cases()];
    cases[index] = { ...c, name: name.value.trim(), expect: parsed as Record<string, unknown> };
    host.setCases(cases);
    renderTests(container, host);
  };
  return el("div", { className: "test-form" },
    el("label", {}, "Name ", name),
    el("label", {}, "Expected (YAML: outcome, refund in minor units, items, any decision field)", expect),
    problem,
    el("button", { className: "primary save-test", attrs: { type: "button" }, onClick: save }, "Save"),
    el("button", { attrs: { type: "button" }, onClick: () => renderTests(container, host) }, "Cancel"),
  );
}

/** What the tests never exercised, with links to the lines. */
function coverageList(coverage: CoverageReport, goTo: GoToLine): HTMLElement {
  const rules = coverage.rules.filter((r) => !r.decided && !r.unreachable);
  const conditions = coverage.conditions.filter((c) => !c.seenTrue || !c.seenFalse);
  if (!rules.length && !conditions.length) return el("p", { className: "hint coverage-missed" }, "Every rule decided something, and every condition was seen true and false.");
  return el("div", { className: "coverage-missed" },
    el("h4", {}, "Not exercised by these tests"),
    el("ul", {},
      ...rules.map((r) => el("li", {}, el("span", { className: "rule-link", onClick: () => goTo(r.line) }, `line ${r.line}`), ` rule "${r.rule}" never decided an item`)),
      ...conditions.map((c) => el("li", {}, el("span", { className: "rule-link", onClick: () => goTo(c.line, c.column) }, `line ${c.line}`), ` ${c.text} — never ${!c.seenTrue && !c.seenFalse ? "evaluated" : c.seenTrue ? "false" : "true"}`)),
    ),
  );
}
