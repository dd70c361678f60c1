// The compiler: checks a policy against the event schema and emits json-rules-engine rules.
export { compilePolicy, compilePolicyFiles, serializeArtifact, type CompileOutput, type CompileOptions, type PolicySource } from "./compile.js";
export { declaredFieldsFile, fieldsWithCustom, readCustomFields } from "./custom-fields.js";
export { checkPolicy, type CheckOptions } from "./check.js";
export { emitArtifact, lowerCondition } from "./emit.js";
export { lintPolicy } from "./lint.js";
export { renderDiagnostic, renderDiagnostics, type RenderOptions } from "./render.js";
export type * from "./model.js";
export { formatPolicy } from "./format.js";
export { matchDecision, mergeEvent, resolveTestCases, runPolicyTests, type PolicyTestFile, type PolicyTestCase, type TestReport, type TestResult, type Mismatch, type CoverageReport, type RuleCoverage, type ConditionCoverage } from "./policy-tests.js";
export { completionsAt, hoverAt, KEYWORD_DOCS, type Completion, type Hover } from "./language-service.js";
export { applyLintSettings, isConfigurableCode, readProjectConfig, LINT_LEVELS, type LintLevel, type LintRules, type ProjectConfig } from "./lint-settings.js";
export { codeAnchor, codeDocsUrl, codeHelp, codeInfo, plainText, REPOSITORY_URL } from "./code-docs.js";
export { verifyPolicy, type PropertyName, type PropertyResult, type Status, type VerifyOptions, type VerifyReport } from "./verify.js";
export { findWitness, keepInOrder, plainEvent, type Witness } from "./search.js";
export { boundaryTests, type BoundaryCase, type BoundaryTests } from "./boundaries.js";
export { nameSites, outline, sitesOfNameAt, type NameKind, type NameSite, type OutlineEntry } from "./symbols.js";
