// JSON Schema of the compiled artifact (published as docs/schemas/artifact.json). The runtime checks
// every artifact against it before anything else, then checks hash, paths, facts and operators.

import { ACTION_TYPES, CHANNELS } from "./artifact.js";
import { limit } from "./limits.js";

const rangeTuple = { type: "array", items: { type: "integer", minimum: 0 }, minItems: 4, maxItems: 4 };
const name = { type: "string", minLength: 1, maxLength: limit("nameCharacters") };
const template = {
  type: "array",
  maxItems: limit("messageParts"),
  items: {
    type: "object",
    oneOf: [
      { required: ["text"], properties: { text: { type: "string", maxLength: limit("textCharacters") } }, additionalProperties: false },
      { required: ["field", "format"], properties: { field: name, format: { enum: ["money", "date", "datetime", "text"] } }, additionalProperties: false },
      { required: ["refund"], properties: { refund: { enum: ["item", "total", "timeline"] } }, additionalProperties: false },
    ],
  },
};

export const ARTIFACT_SCHEMA = {
  $id: "https://proviso.dev/schemas/artifact.json",
  title: "Proviso compiled policy artifact",
  type: "object",
  additionalProperties: false,
  required: ["format", "formatVersion", "policy", "versions", "facts", "operators", "rules", "hash"],
  $defs: {
    money: {
      type: "object",
      minProperties: 1,
      maxProperties: 1,
      properties: {
        money: { type: "integer" },
        moneyIn: { type: "object", minProperties: 1, maxProperties: 50, propertyNames: { pattern: "^[A-Z]{3}$" }, additionalProperties: { type: "integer" } },
        number: { type: "number" },
        field: name,
        add: { $ref: "#/$defs/pair" },
        sub: { $ref: "#/$defs/pair" },
        mul: { $ref: "#/$defs/pair" },
        div: { $ref: "#/$defs/pair" },
        percent: {
          type: "object", required: ["bp", "of"], additionalProperties: false,
          properties: { bp: { type: "integer", minimum: 0, maximum: 10_000 }, of: { $ref: "#/$defs/money" } },
        },
        elapsed: {
          type: "object", required: ["from", "to", "unit"], additionalProperties: false,
          properties: { from: name, to: name, unit: { type: "integer", minimum: 1 }, started: { const: true } },
        },
        table: {
          type: "object", required: ["field", "rows", "otherwise"], additionalProperties: false,
          properties: {
            field: name,
            rows: { type: "array", maxItems: limit("enumValues"), items: { type: "array", minItems: 2, maxItems: 2, items: [name, { $ref: "#/$defs/money" }] } },
            otherwise: { $ref: "#/$defs/money" },
          },
        },
        tableShare: {
          type: "object", required: ["field", "rows", "otherwise", "of"], additionalProperties: false,
          properties: {
            field: name,
            rows: { type: "array", maxItems: limit("enumValues"), items: { type: "array", minItems: 2, maxItems: 2, items: [name, { type: "integer", minimum: 0, maximum: 10_000 }] } },
            otherwise: { type: "integer", minimum: 0, maximum: 10_000 },
            of: { $ref: "#/$defs/money" },
          },
        },
        min: { $ref: "#/$defs/pair" },
        max: { $ref: "#/$defs/pair" },
        round: {
          type: "object", required: ["mode", "of"], additionalProperties: false,
          properties: { mode: { enum: ["up", "down", "half-up"] }, of: { $ref: "#/$defs/money" }, to: { $ref: "#/$defs/money" } },
        },
      },
      additionalProperties: false,
    },
    pair: { type: "array", minItems: 2, maxItems: 2, items: { $ref: "#/$defs/money" } },
    condition: {
      type: "object",
      properties: {
        all: { type: "array", maxItems: 1000, items: { $ref: "#/$defs/condition" } },
        any: { type: "array", maxItems: 1000, items: { $ref: "#/$defs/condition" } },
        not: { $ref: "#/$defs/condition" },
        name,
        fact: name,
        path: name,
        params: { type: "object" },
        operator: name,
        value: {},
      },
      additionalProperties: false,
    },
    conditionInfo: {
      type: "object",
      additionalProperties: { type: "object", required: ["text", "range"], properties: { text: { type: "string" }, range: rangeTuple, money: { const: true } }, additionalProperties: false },
    },
    action: {
      type: "object", required: ["type"], additionalProperties: false,
      properties: {
        type: { enum: [...ACTION_TYPES] },
        message: template,
        channel: { enum: [...CHANNELS] },
      },
    },
    outcome: {
      type: "object",
      required: ["decision", "keepItem", "actions"],
      additionalProperties: false,
      properties: {
        decision: { enum: ["approve", "deny", "review"] },
        reason: template,
        terms: name,
        refund: {
          type: "object",
          required: ["amount", "deductions", "plusShipping", "method"],
          additionalProperties: false,
          properties: {
            amount: { $ref: "#/$defs/money" },
            deductions: {
              type: "array",
              maxItems: limit("deductionsPerRefund"),
              items: {
                type: "object", required: ["label", "amount", "scope", "range"], additionalProperties: false,
                properties: {
                  label: name, amount: { $ref: "#/$defs/money" }, scope: { enum: ["item", "first-item", "request"] },
                  when: name, range: rangeTuple,
                },
              },
            },
            plusShipping: { type: "boolean" },
            cap: { $ref: "#/$defs/money" },
            method: { enum: ["original_payment", "store_credit"] },
            bonusBp: { type: "integer", minimum: 0, maximum: 10_000 },
            adjustable: {
              type: "object", required: ["low", "high"], additionalProperties: false,
              properties: { low: { $ref: "#/$defs/money" }, high: { $ref: "#/$defs/money" } },
            },
            shippingCap: { $ref: "#/$defs/money" },
            additions: {
              type: "array", maxItems: limit("deductionsPerRefund"),
              items: {
                type: "object", required: ["label", "amount", "range"], additionalProperties: false,
                properties: { label: name, amount: { $ref: "#/$defs/money" }, cap: { $ref: "#/$defs/money" }, range: rangeTuple },
              },
            },
          },
        },
        returnShipping: { enum: ["customer", "merchant", "elsewhere"] },
        keepItem: { type: "boolean" },
        actions: { type: "array", maxItems: limit("actionsPerOutcome"), items: { $ref: "#/$defs/action" } },
        message: template,
        note: { type: "string", maxLength: limit("textCharacters") },
        timeline: {
          type: "object", required: ["amount", "unit", "business"], additionalProperties: false,
          properties: { amount: { type: "integer", minimum: 1, maximum: 1_000_000 }, unit: { enum: ["second", "minute", "hour", "day", "week"] }, business: { type: "boolean" } },
        },
        replacement: { const: true },
        options: {
          type: "array", minItems: 1, maxItems: limit("optionsPerOutcome"),
          items: {
            type: "object", required: ["label", "default", "range", "outcome"], additionalProperties: false,
            properties: { label: name, default: { type: "boolean" }, range: rangeTuple, outcome: { $ref: "#/$defs/outcome" } },
          },
        },
        ifApproved: { $ref: "#/$defs/branch" },
        ifDeclined: { $ref: "#/$defs/branch" },
      },
    },
    branch: {
      type: "object", required: ["range", "outcome"], additionalProperties: false,
      properties: { range: rangeTuple, outcome: { $ref: "#/$defs/outcome" } },
    },
  },
  properties: {
    format: { const: "proviso-artifact" },
    formatVersion: { type: "integer", minimum: 1 },
    policy: {
      type: "object",
      required: ["name", "kind", "currency", "timezone", "locale", "source"],
      additionalProperties: false,
      properties: {
        name,
        kind: { enum: ["cancellation", "return", "refund"] },
        currency: { type: "string", pattern: "^[A-Z]{3}$" },
        currencies: { type: "array", minItems: 2, maxItems: 50, uniqueItems: true, items: { type: "string", pattern: "^[A-Z]{3}$" } },
        timezone: name,
        locale: name,
        source: { type: "string", maxLength: limit("sourceCharacters") },
      },
    },
    versions: {
      type: "array",
      minItems: 1,
      maxItems: limit("versionsPerPolicy"),
      items: {
        type: "object", required: ["id", "effectiveFrom"], additionalProperties: false,
        properties: { id: name, effectiveFrom: { type: ["string", "null"], maxLength: 40 }, source: { type: "string", maxLength: limit("sourceCharacters") } },
      },
    },
    facts: { type: "array", maxItems: 100, items: name },
    operators: { type: "array", maxItems: 100, items: name },
    customFields: {
      type: "array",
      maxItems: limit("customFields"),
      items: {
        type: "object", required: ["path", "type", "optional"], additionalProperties: false,
        properties: {
          path: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$", maxLength: limit("nameCharacters") },
          type: { enum: ["money", "integer", "number", "string", "enum", "boolean", "timestamp", "list"] },
          optional: { type: "boolean" },
          values: { type: "array", maxItems: limit("enumValues"), items: { type: "string", maxLength: limit("nameCharacters") } },
        },
      },
    },
    enumValues: {
      type: "object", maxProperties: 20,
      additionalProperties: { type: "array", minItems: 1, maxItems: limit("enumValues"), items: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", maxLength: limit("nameCharacters") } },
    },
    rules: {
      type: "array",
      maxItems: limit("rulesPerArtifact"),
      items: {
        type: "object",
        required: ["name", "priority", "conditions", "event"],
        additionalProperties: false,
        properties: {
          name: { type: "string", minLength: 1, maxLength: 500 },
          priority: { type: "integer", minimum: 1 },
          conditions: { $ref: "#/$defs/condition" },
          event: {
            type: "object",
            required: ["type", "params"],
            additionalProperties: false,
            properties: {
              type: { enum: ["proviso.rule", "proviso.clause"] },
              params: {
                type: "object",
                required: ["version", "conditions"],
                properties: {
                  version: name,
                  index: { type: "integer", minimum: 0 },
                  name,
                  otherwise: { type: "boolean" },
                  range: rangeTuple,
                  outcome: { $ref: "#/$defs/outcome" },
                  clause: name,
                  conditions: { $ref: "#/$defs/conditionInfo" },
                },
                additionalProperties: false,
              },
            },
          },
        },
      },
    },
    hash: { type: "string", pattern: "^sha256:[0-9a-f]{64}$" },
  },
} as const;
