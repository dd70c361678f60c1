// JSON Schema of a decision (published as docs/schemas/decision.json). Tests validate every decision
// they make against it; backends can validate what they receive.

import { ACTION_TYPES, CHANNELS } from "./artifact.js";

const outcome = { enum: ["approve", "deny", "review"] };
const method = { enum: ["original_payment", "store_credit"] };
const deducted = { type: "object", required: ["label", "amount"], additionalProperties: false, properties: { label: { type: "string" }, amount: { type: "integer" } } };
const action = { enum: [...ACTION_TYPES] };
const timeline = {
  type: "object", additionalProperties: false, required: ["amount", "unit", "business", "text"],
  properties: { amount: { type: "integer", minimum: 1 }, unit: { enum: ["second", "minute", "hour", "day", "week"] }, business: { type: "boolean" }, text: { type: "string" } },
};
const bounds = {
  type: "object", additionalProperties: false, required: ["low", "high"],
  properties: { low: { type: "integer", minimum: 0 }, high: { type: "integer", minimum: 0 } },
};
const verdict = {
  type: "object", additionalProperties: false, required: ["outcome", "by", "at"],
  properties: { outcome: { enum: ["approve", "decline"] }, by: { type: "string" }, at: { type: "string" }, note: { type: "string" } },
};
const byMethod = { type: "object", additionalProperties: false, properties: { original_payment: { type: "integer", minimum: 1 }, store_credit: { type: "integer", minimum: 1 } } };
const actions = {
  type: "array",
  items: {
    type: "object", additionalProperties: false, required: ["type", "items"],
    properties: { type: action, items: { type: "array", items: { type: "string" }, minItems: 1 }, message: { type: "string" }, channel: { enum: [...CHANNELS] } },
  },
};
const summaryProperties = {
  outcome,
  refund: {
    type: "object", additionalProperties: false, required: ["amount", "formatted", "method", "byMethod", "items"],
    properties: {
      amount: { type: "integer", minimum: 0 },
      formatted: { type: "string" },
      method: { enum: ["original_payment", "store_credit", "mixed", null] },
      byMethod,
      items: {
        type: "array",
        items: { type: "object", additionalProperties: false, required: ["id", "amount"], properties: { id: { type: "string" }, amount: { type: "integer", minimum: 0 }, bounds } },
      },
      timeline,
    },
  },
  returnShipping: { enum: ["customer", "merchant", "elsewhere", "none"] },
  keepItem: { type: "boolean" },
  replacement: { type: "boolean" },
  actions,
  messages: { type: "array", items: { type: "string" } },
};
const summaryRequired = ["outcome", "refund", "returnShipping", "keepItem", "replacement", "actions", "messages"];
const summary = { type: "object", additionalProperties: false, required: summaryRequired, properties: summaryProperties };

export const DECISION_SCHEMA = {
  $id: "https://proviso.dev/schemas/decision.json",
  title: "Proviso decision",
  type: "object",
  additionalProperties: false,
  required: ["outcome", "policy", "refund", "returnShipping", "keepItem", "actions", "items", "review", "messages", "notes"],
  properties: {
    outcome,
    policy: {
      type: "object",
      additionalProperties: false,
      required: ["name", "kind", "version", "effectiveFrom", "chosenBy", "hash"],
      properties: {
        name: { type: "string" },
        kind: { enum: ["cancellation", "return", "refund"] },
        version: { type: "string" },
        effectiveFrom: { type: ["string", "null"], format: "date-time" },
        chosenBy: { enum: ["placedAt", "asOf", "version"] },
        hash: { type: "string", pattern: "^sha256:[0-9a-f]{64}$" },
      },
    },
    refund: {
      type: "object",
      additionalProperties: false,
      required: ["amount", "currency", "method", "formatted", "byMethod", "breakdown"],
      properties: {
        amount: { type: "integer", minimum: 0 },
        currency: { type: "string", pattern: "^[A-Z]{3}$" },
        method: { enum: ["original_payment", "store_credit", "mixed", null] },
        formatted: { type: "string" },
        byMethod,
        timeline,
        breakdown: {
          type: "object",
          additionalProperties: false,
          required: ["items", "adjustments"],
          properties: {
            items: {
              type: "array",
              items: {
                type: "object", additionalProperties: false, required: ["id", "base", "deductions", "amount"],
                properties: { id: { type: "string" }, base: { type: "integer" }, deductions: { type: "array", items: deducted }, amount: { type: "integer", minimum: 0 } },
              },
            },
            adjustments: {
              type: "array",
              items: {
                type: "object", additionalProperties: false, required: ["kind", "label", "amount", "method"],
                properties: { kind: { enum: ["shipping", "fee", "bonus", "addition"] }, label: { type: "string" }, amount: { type: "integer" }, method },
              },
            },
          },
        },
      },
    },
    returnShipping: { enum: ["customer", "merchant", "elsewhere", "none"] },
    keepItem: { type: "boolean" },
    actions,
    items: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "outcome", "rule", "refund", "returnShipping", "keepItem"],
        properties: {
          id: { type: "string" },
          outcome,
          rule: {
            type: "object", additionalProperties: false, required: ["name", "version", "otherwise", "source", "line", "column"],
            properties: { name: { type: "string" }, version: { type: "string" }, otherwise: { type: "boolean" }, source: { type: "string" }, line: { type: "integer", minimum: 1 }, column: { type: "integer", minimum: 1 } },
          },
          refund: {
            type: "object", additionalProperties: false, required: ["amount", "method", "base", "deductions"],
            properties: {
              amount: { type: "integer", minimum: 0 }, method: { enum: ["original_payment", "store_credit", null] }, base: { type: "integer" },
              deductions: { type: "array", items: deducted }, limitedBy: { enum: ["cap", "refundable", "zero"] },
              bounds, adjusted: { const: true },
            },
          },
          returnShipping: { enum: ["customer", "merchant", "elsewhere", "none"] },
          keepItem: { type: "boolean" },
          replacement: { const: true },
          timeline,
          terms: { type: "string" },
          option: { type: "string" },
          verdict,
          reason: { type: "string" },
          message: { type: "string" },
        },
      },
    },
    review: { type: "object", additionalProperties: false, required: ["items"], properties: { items: { type: "array", items: { type: "string" } } } },
    messages: { type: "array", items: { type: "string" } },
    notes: { type: "array", items: { type: "string" } },
    options: {
      type: "array",
      minItems: 1,
      items: {
        type: "object", additionalProperties: false, required: ["label", "default", "chosen", ...summaryRequired],
        properties: { label: { type: "string" }, default: { type: "boolean" }, chosen: { type: "boolean" }, ...summaryProperties },
      },
    },
    choice: { type: "object", additionalProperties: false, required: ["option", "by"], properties: { option: { type: "string" }, by: { enum: ["customer", "default"] } } },
    proposed: { type: "object", additionalProperties: false, required: ["decline"], properties: { approve: summary, decline: summary } },
    verdict,
    counterfactuals: {
      type: "array",
      items: {
        type: "object", additionalProperties: false, required: ["item", "changes", "condition", "then", "text"],
        properties: {
          item: { type: "string" },
          changes: {
            type: "array", minItems: 1,
            items: { type: "object", additionalProperties: false, required: ["path"], properties: { path: { type: "string" }, from: {}, to: {}, removed: { const: true } } },
          },
          condition: {
            type: "object", additionalProperties: false, required: ["rule", "line", "text", "was"],
            properties: { rule: { type: "string" }, line: { type: "integer" }, text: { type: "string" }, was: { type: "boolean" } },
          },
          then: {
            type: "object", additionalProperties: false, required: ["outcome", "refund", "rule"],
            properties: { outcome, refund: { type: "integer", minimum: 0 }, rule: { type: "string" } },
          },
          text: { type: "string" },
        },
      },
    },
    explanation: {
      type: "object",
      additionalProperties: false,
      required: ["items"],
      properties: {
        items: {
          type: "array",
          items: {
            type: "object", additionalProperties: false, required: ["id", "version", "rules"],
            properties: {
              id: { type: "string" },
              version: { type: "string" },
              option: {
                type: "object", additionalProperties: false, required: ["label", "chosenBy", "line"],
                properties: { label: { type: "string" }, chosenBy: { enum: ["customer", "default"] }, line: { type: "integer" } },
              },
              verdict: {
                type: "object", additionalProperties: false, required: ["outcome", "by", "at", "line"],
                properties: { ...verdict.properties, line: { type: "integer" }, amount: { type: "integer", minimum: 0 } },
              },
              rules: {
                type: "array",
                items: {
                  type: "object", additionalProperties: false, required: ["rule", "line", "matched", "conditions"],
                  properties: {
                    rule: { type: "string" }, line: { type: "integer" }, matched: { type: "boolean" },
                    conditions: {
                      type: "array",
                      items: {
                        type: "object", additionalProperties: false, required: ["name", "text", "line", "column", "actualText", "expected", "result"],
                        properties: {
                          name: { type: "string" }, text: { type: "string" }, line: { type: "integer" }, column: { type: "integer" },
                          actual: {}, actualText: { type: "string" }, expected: { type: "string" }, result: { type: "boolean" }, absent: { const: true }, skipped: { const: true },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
