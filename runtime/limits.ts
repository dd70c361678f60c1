// Every input limit of Proviso, in one table: the parser, the checker, the artifact and event schemas,
// the loader and the CLI read their numbers from here, so a policy that passes `lint` can never compile
// to an artifact the runtime refuses, and docs/security.md lists exactly these (a test checks it).
// Each limit protects something: the stack (depth), memory and time (sizes), or the shape a backend may
// store (name lengths).

export interface Limit {
  value: number;
  /** What is limited, as docs/security.md lists it. */
  what: string;
}

export const LIMITS = {
  policyCharacters: { value: 4_000_000, what: "characters in one policy file" },
  policyTokens: { value: 1_000_000, what: "words and symbols in one policy file" },
  nesting: { value: 64, what: "parentheses, brackets and `not`s open at once" },
  definitionDepth: { value: 32, what: "named conditions referring to each other, levels deep" },
  operatorsPerRule: { value: 500, what: "operators (`and`, `or`, `+`, `-`, `*`, `/`) in one rule, definition or `otherwise`" },
  rulesPerFile: { value: 10_000, what: "rules in one policy file" },
  textCharacters: { value: 10_000, what: "characters in one quoted text (a reason, a message, a note)" },
  nameCharacters: { value: 200, what: "characters in a name: the policy's, a rule's, a version's, a definition's, terms', a deduction's label, an option's, a custom field's" },
  messageParts: { value: 200, what: "texts and placeholders in one message" },
  deductionsPerRefund: { value: 100, what: "deductions in one refund" },
  actionsPerOutcome: { value: 50, what: "actions in one outcome" },
  optionsPerOutcome: { value: 20, what: "options one approval offers the customer" },
  versionsPerPolicy: { value: 1_000, what: "versions of one policy" },
  rulesPerArtifact: { value: 100_000, what: "json-rules-engine rules in one artifact (over all versions)" },
  sourceCharacters: { value: 1_000, what: "characters of the source file names an artifact records" },
  customFields: { value: 1_000, what: "custom fields of one policy" },
  customFieldDepth: { value: 8, what: "levels of nesting in the custom-fields schema" },
  enumValues: { value: 1_000, what: "values of one custom enum field" },
  artifactBytes: { value: 50 * 1024 * 1024, what: "bytes of artifact text" },
  artifactDepth: { value: 300, what: "levels of nesting in an artifact" },
  conditionDepth: { value: 200, what: "levels of nesting of the conditions of one artifact rule" },
  eventDepth: { value: 32, what: "levels of nesting in an event" },
  eventValues: { value: 100_000, what: "values (objects, arrays, scalars) in an event" },
  eventLines: { value: 1_000, what: "order lines, and requested lines, in an event" },
  inputBytes: { value: 50 * 1024 * 1024, what: "bytes of a file the CLI reads whole (a policy, one event, a test file)" },
  eventLineBytes: { value: 10 * 1024 * 1024, what: "bytes of one line of a JSONL events file (`eval --events`, `replay`)" },
  diagnosticsPerFile: { value: 1_000, what: "diagnostics reported for one file (the rest are counted in a closing line)" },
  shareLinkCharacters: { value: 2_000_000, what: "characters of a playground share link's fragment" },
  shareLinkBytes: { value: 8 * 1024 * 1024, what: "bytes a playground share link may inflate to (checked while inflating)" },
  whatIfFileBytes: { value: 1024 * 1024 * 1024, what: "bytes of a past-orders file the playground's what-if reads (checked before reading it)" },
  whatIfOrders: { value: 2_000_000, what: "past orders (lines) the playground's what-if replays at once" },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** The value of a limit. */
export const limit = (name: LimitName): number => LIMITS[name].value;
