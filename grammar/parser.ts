// The Chevrotain parser. Rules only recognise structure and build a CST; all meaning is given in
// to-ast.ts. Error recovery is on, so one pass reports every syntax error it can.

import { CstParser, EOF, tokenMatcher, type CstNode, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { ERROR_MESSAGES } from "./messages.js";
import * as T from "./tokens.js";

/** Tokens looked ahead for a place to re-synchronise after a syntax error. */
const RESYNC_LOOKAHEAD = 256;

/** Thrown out of the parser when it has found more syntax errors than anyone will read. */
export class TooManySyntaxErrors extends Error {}

/** Chevrotain records each syntax error through this method (not in its public types). */
const saveError = (CstParser.prototype as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException }).SAVE_ERROR;

class PolicyParser extends CstParser {
  /**
   * Syntax errors after which parsing stops. Recovery costs more with every error it repairs (and, in
   * a long run of repairs inside one repetition, stack): text of nothing but mistakes would otherwise
   * take seconds, or overflow the stack. Set by parsePolicy from the limits table.
   */
  maxErrors = Number.POSITIVE_INFINITY;

  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const saved = saveError.call(this, error);
    if (this.errors.length > this.maxErrors) throw new TooManySyntaxErrors();
    return saved;
  }

  /**
   * Where to re-synchronise after an error: the next token that may follow the rules being parsed.
   * Chevrotain's own version looks as far as it takes, which is the rest of the file when only the
   * end may follow — for every error, so text full of mistakes took quadratic time. Looking a bounded
   * way ahead and otherwise re-synchronising at the end gives the same recovery on real text (the next
   * `rule` is never that far) and linear time on any text.
   */
  findReSyncTokenType(): TokenType {
    const candidates = (this as unknown as { flattenFollowSet(): TokenType[] }).flattenFollowSet();
    for (let k = 1; k <= RESYNC_LOOKAHEAD; k++) {
      const next = this.LA(k);
      for (const type of candidates) if (tokenMatcher(next, type)) return type;
      if (next.tokenType === EOF) break;
    }
    return EOF;
  }

  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, nodeLocationTracking: "full", maxLookahead: 4, errorMessageProvider: ERROR_MESSAGES });
    this.performSelfAnalysis();
  }

  policyFile = this.RULE("policyFile", () => {
    this.OPTION(() => this.SUBRULE(this.header));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.definition) },
        { ALT: () => this.SUBRULE(this.versionLine) },
        { ALT: () => this.SUBRULE(this.rule) },
        { ALT: () => this.SUBRULE(this.otherwise) },
      ]),
    );
  });

  header = this.RULE("header", () => {
    this.CONSUME(T.Policy);
    this.CONSUME(T.StringLiteral);
    this.CONSUME(T.For);
    this.CONSUME(T.Identifier, { LABEL: "kind" });
    this.MANY(() => this.SUBRULE(this.setting));
  });

  setting = this.RULE("setting", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Currency); this.CONSUME(T.Identifier, { LABEL: "code" }); this.MANY(() => { this.CONSUME(T.Comma); this.CONSUME2(T.Identifier, { LABEL: "code" }); }); } },
      { ALT: () => { this.CONSUME(T.Timezone); this.CONSUME(T.StringLiteral); } },
      { ALT: () => { this.CONSUME(T.Locale); this.CONSUME2(T.StringLiteral); } },
      { ALT: () => { this.CONSUME(T.FieldsWord); this.CONSUME3(T.StringLiteral, { LABEL: "fieldsFile" }); } },
      { ALT: () => this.SUBRULE(this.effectiveFrom) },
    ]);
  });

  effectiveFrom = this.RULE("effectiveFrom", () => {
    this.CONSUME(T.Effective);
    this.CONSUME(T.From);
    this.OR([{ ALT: () => this.CONSUME(T.DateLiteral) }, { ALT: () => this.CONSUME(T.DateTimeLiteral) }]);
  });

  versionLine = this.RULE("versionLine", () => {
    this.CONSUME(T.Version);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => this.SUBRULE(this.effectiveFrom));
  });

  definition = this.RULE("definition", () => {
    this.CONSUME(T.Define);
    this.OR([
      {
        // `define table "return window" by item.category as electronics: 14 days, otherwise: 30 days`
        ALT: () => {
          this.CONSUME(T.Table);
          this.CONSUME3(T.StringLiteral, { LABEL: "tableName" });
          this.CONSUME(T.By);
          this.SUBRULE(this.path, { LABEL: "key" });
          this.CONSUME3(T.As);
          this.SUBRULE(this.tableRow);
          this.MANY(() => { this.CONSUME(T.Comma); this.SUBRULE2(this.tableRow); });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Terms);
          this.CONSUME(T.StringLiteral, { LABEL: "termsName" });
          this.CONSUME(T.As);
          this.AT_LEAST_ONE(() => this.SUBRULE(this.clause));
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.StringLiteral, { LABEL: "conditionName" });
          this.CONSUME2(T.As);
          this.SUBRULE(this.condition);
        },
      },
    ]);
  });

  /** `electronics: 14 days`, `"gift card": 0%`, `otherwise: USD 5.00`. */
  tableRow = this.RULE("tableRow", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Otherwise) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "key" }) },
      { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "key" }) },
    ]);
    this.CONSUME(T.Colon);
    this.OR2([
      { ALT: () => { this.CONSUME2(T.NumberLiteral, { LABEL: "count" }); this.CONSUME(T.Unit); } },
      { ALT: () => this.CONSUME(T.PercentLiteral) },
      { ALT: () => this.SUBRULE(this.moneyExpr) },
    ]);
  });

  rule = this.RULE("rule", () => {
    this.CONSUME(T.Rule);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(T.When);
      this.SUBRULE(this.condition);
    });
    this.SUBRULE(this.outcome);
  });

  otherwise = this.RULE("otherwise", () => {
    this.CONSUME(T.Otherwise);
    this.SUBRULE(this.outcome);
  });

  outcome = this.RULE("outcome", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Approve) },
      { ALT: () => this.CONSUME(T.Deny) },
      { ALT: () => this.CONSUME(T.Review) },
    ]);
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "reason" }));
    this.OPTION2(() => {
      this.CONSUME(T.With);
      this.CONSUME2(T.StringLiteral, { LABEL: "terms" });
    });
    this.MANY(() => this.SUBRULE(this.clause));
    this.MANY2(() => this.OR2([
      { ALT: () => this.SUBRULE(this.offer) },
      { ALT: () => this.SUBRULE(this.verdictBranch) },
    ]));
  });

  /** `option "label" [default] [with "terms"]` and its clauses: one of the choices offered to the customer. */
  offer = this.RULE("offer", () => {
    this.CONSUME(T.OptionWord);
    this.CONSUME(T.StringLiteral, { LABEL: "label" });
    this.OPTION(() => this.CONSUME(T.Default));
    this.OPTION2(() => { this.CONSUME(T.With); this.CONSUME2(T.StringLiteral, { LABEL: "terms" }); });
    this.MANY(() => this.SUBRULE(this.clause));
  });

  /** `if approved` / `if declined "reason"` [with "terms"]: what follows a reviewer's verdict. */
  verdictBranch = this.RULE("verdictBranch", () => {
    this.CONSUME(T.If);
    this.OR([{ ALT: () => this.CONSUME(T.Approved) }, { ALT: () => this.CONSUME(T.Declined) }]);
    this.OPTION(() => this.CONSUME(T.StringLiteral, { LABEL: "reason" }));
    this.OPTION2(() => { this.CONSUME(T.With); this.CONSUME2(T.StringLiteral, { LABEL: "terms" }); });
    this.MANY(() => this.SUBRULE(this.clause));
  });

  clause = this.RULE("clause", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Refund);
          this.OR3([
            { ALT: () => this.SUBRULE(this.timeline) },
            { ALT: () => this.SUBRULE(this.amount) },
          ]);
        },
      },
      { ALT: () => { this.CONSUME(T.Replace); this.CONSUME3(T.The); this.CONSUME2(T.Item); } },
      { ALT: () => { this.CONSUME(T.Adjustable); this.CONSUME(T.Between); this.SUBRULE2(this.amount, { LABEL: "low" }); this.CONSUME(T.And); this.SUBRULE3(this.amount, { LABEL: "high" }); } },
      { ALT: () => this.SUBRULE(this.deduction) },
      {
        ALT: () => {
          this.CONSUME(T.Plus);
          // `shipping` is also a word a path could start with: here it always means the order's shipping.
          this.OR4([
            { ALT: () => this.CONSUME(T.Shipping), IGNORE_AMBIGUITIES: true },
            { ALT: () => { this.SUBRULE4(this.moneyExpr, { LABEL: "addition" }); this.OPTION5(() => this.SUBRULE2(this.rounding)); this.CONSUME3(T.StringLiteral, { LABEL: "additionLabel" }); } },
          ]);
        },
      },
      { ALT: () => { this.CONSUME(T.Up); this.CONSUME(T.To); this.SUBRULE(this.moneyExpr); this.OPTION6(() => this.SUBRULE3(this.rounding)); } },
      { ALT: () => this.SUBRULE(this.method) },
      {
        ALT: () => {
          this.CONSUME(T.Return);
          this.CONSUME2(T.Shipping);
          this.OR5([
            { ALT: () => { this.CONSUME(T.Paid); this.CONSUME(T.By); this.OR2([{ ALT: () => this.CONSUME(T.Customer) }, { ALT: () => this.CONSUME(T.Merchant) }]); } },
            { ALT: () => { this.CONSUME(T.Handled); this.CONSUME(T.Elsewhere); } },
          ]);
        },
      },
      { ALT: () => { this.CONSUME2(T.Customer); this.CONSUME(T.Keeps); this.CONSUME(T.The); this.CONSUME(T.Item); } },
      { ALT: () => this.SUBRULE(this.action) },
      { ALT: () => { this.CONSUME(T.Message); this.CONSUME(T.StringLiteral); } },
      { ALT: () => { this.CONSUME(T.Note); this.CONSUME2(T.StringLiteral); } },
    ]);
  });

  /** `within 5 business days`, `within 48 hours`: when the refund reaches the customer. */
  timeline = this.RULE("timeline", () => {
    this.CONSUME(T.Within);
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => this.CONSUME(T.Business));
    this.CONSUME(T.Unit);
  });

  amount = this.RULE("amount", () => {
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.PercentLiteral) }, { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "shareTable" }) }]);
      this.CONSUME(T.Of);
    });
    this.SUBRULE(this.moneyExpr);
    this.OPTION2(() => this.SUBRULE(this.rounding));
  });

  /** `rounded down`, `rounded up to USD 1.00`, `rounded half up to JPY 10`: how an amount's divisions and shares round. */
  rounding = this.RULE("rounding", () => {
    this.CONSUME(T.Rounded);
    this.OR([
      { ALT: () => this.CONSUME(T.Up) },
      { ALT: () => this.CONSUME(T.Down) },
      { ALT: () => { this.CONSUME(T.Half); this.CONSUME2(T.Up, { LABEL: "halfUp" }); } },
    ]);
    this.OPTION(() => { this.CONSUME(T.To); this.SUBRULE(this.factor, { LABEL: "unit" }); });
  });

  deduction = this.RULE("deduction", () => {
    this.CONSUME(T.Minus);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.PercentLiteral);
          this.OPTION(() => { this.CONSUME(T.Of); this.SUBRULE(this.moneyExpr, { LABEL: "base" }); });
        },
      },
      { ALT: () => { this.CONSUME2(T.StringLiteral, { LABEL: "shareTable" }); this.CONSUME2(T.Of); this.SUBRULE3(this.moneyExpr, { LABEL: "base" }); } },
      { ALT: () => this.SUBRULE2(this.moneyExpr, { LABEL: "fixed" }) },
    ]);
    this.OPTION5(() => this.SUBRULE(this.rounding));
    this.CONSUME(T.StringLiteral, { LABEL: "label" });
    this.OPTION2(() => {
      this.CONSUME(T.Once);
      this.CONSUME(T.Per);
      this.CONSUME(T.Request);
      this.OPTION3(() => { this.CONSUME(T.On); this.CONSUME(T.The); this.CONSUME(T.First); this.CONSUME(T.Item); });
    });
    this.OPTION4(() => { this.CONSUME(T.When); this.SUBRULE(this.condition); });
  });

  method = this.RULE("method", () => {
    this.CONSUME(T.As);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Store);
          this.CONSUME(T.Credit);
          this.OPTION(() => { this.CONSUME(T.With); this.CONSUME(T.PercentLiteral); this.CONSUME(T.Bonus); });
        },
      },
      { ALT: () => { this.CONSUME(T.Original); this.CONSUME(T.Payment); } },
    ]);
  });

  action = this.RULE("action", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Intercept); this.CONSUME(T.Shipment); } },
      { ALT: () => { this.CONSUME(T.Cancel); this.CONSUME(T.Fulfillment); } },
      { ALT: () => this.CONSUME(T.Restock) },
      {
        ALT: () => {
          this.CONSUME(T.Notify);
          this.CONSUME(T.Customer);
          this.OPTION2(() => {
            this.CONSUME(T.By);
            this.OR3([{ ALT: () => this.CONSUME(T.Email) }, { ALT: () => this.CONSUME(T.Sms) }, { ALT: () => this.CONSUME(T.Phone) }]);
          });
          this.OPTION(() => this.CONSUME(T.StringLiteral));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Offer);
          this.OR2([
            { ALT: () => this.CONSUME(T.Alternatives) },
            { ALT: () => { this.CONSUME(T.Store); this.CONSUME(T.Credit); } },
            { ALT: () => this.CONSUME(T.Return) },
          ]);
        },
      },
      { ALT: () => { this.CONSUME(T.Manual); this.CONSUME(T.Review); } },
    ]);
  });

  // ---- conditions: or < and < not < atom -------------------------------------------------------

  condition = this.RULE("condition", () => {
    this.SUBRULE(this.conjunction);
    this.MANY(() => { this.CONSUME(T.Or); this.SUBRULE2(this.conjunction); });
  });

  conjunction = this.RULE("conjunction", () => {
    this.SUBRULE(this.negation);
    this.MANY(() => { this.CONSUME(T.And); this.SUBRULE2(this.negation); });
  });

  negation = this.RULE("negation", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Not); this.SUBRULE(this.negation); } },
      { ALT: () => this.SUBRULE(this.atom) },
    ]);
  });

  atom = this.RULE("atom", () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.LParen); this.SUBRULE(this.condition); this.CONSUME(T.RParen); } },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "reference" }) },
      { ALT: () => this.SUBRULE(this.window) },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  window = this.RULE("window", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Within) },
      { ALT: () => { this.CONSUME(T.More); this.CONSUME(T.Than); } },
      { ALT: () => { this.CONSUME(T.LessWord); this.CONSUME2(T.Than); } },
      { ALT: () => { this.CONSUME(T.At); this.CONSUME(T.Least); } },
      { ALT: () => { this.CONSUME2(T.At); this.CONSUME(T.Most); } },
    ]);
    this.SUBRULE(this.duration);
    this.OR2([
      { ALT: () => this.CONSUME(T.Of) },
      { ALT: () => this.CONSUME(T.After) },
      { ALT: () => this.CONSUME(T.Before) },
    ]);
    this.SUBRULE(this.path);
  });

  duration = this.RULE("duration", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral);
          this.OPTION(() => this.CONSUME(T.Calendar));
          this.CONSUME(T.Unit);
        },
      },
      {
        // `"return window"`, `"return window" + 7 days`: a table of durations, maybe moved.
        ALT: () => {
          this.CONSUME(T.StringLiteral, { LABEL: "table" });
          this.OPTION2(() => {
            this.OR2([{ ALT: () => this.CONSUME(T.PlusSign) }, { ALT: () => this.CONSUME(T.MinusSign) }]);
            this.CONSUME2(T.NumberLiteral, { LABEL: "shift" });
            this.CONSUME2(T.Unit, { LABEL: "shiftUnit" });
          });
        },
      },
    ]);
  });

  comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.path, { LABEL: "subject" });
    this.OPTION(() => this.SUBRULE(this.comparator));
  });

  comparator = this.RULE("comparator", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Is);
          this.OPTION(() =>
            this.OR2([
              { ALT: () => { this.CONSUME(T.At); this.CONSUME(T.Least); } },
              { ALT: () => { this.CONSUME2(T.At); this.CONSUME(T.Most); } },
              { ALT: () => { this.CONSUME(T.More); this.CONSUME(T.Than); } },
              { ALT: () => { this.CONSUME(T.LessWord); this.CONSUME2(T.Than); } },
              { ALT: () => this.CONSUME(T.Not) },
            ]),
          );
          this.OR3([
            { ALT: () => this.CONSUME(T.Present) },
            { ALT: () => this.CONSUME(T.Absent) },
            { ALT: () => this.SUBRULE(this.valueOperand, { LABEL: "value" }) },
          ]);
        },
      },
      { ALT: () => { this.OPTION2(() => this.CONSUME2(T.Not)); this.CONSUME(T.In); this.SUBRULE(this.list); } },
      { ALT: () => { this.CONSUME(T.Contains); this.SUBRULE2(this.operand, { LABEL: "value" }); } },
      { ALT: () => { this.CONSUME(T.Between); this.SUBRULE3(this.operand, { LABEL: "value" }); this.CONSUME(T.And); this.SUBRULE4(this.operand, { LABEL: "upper" }); } },
      {
        ALT: () => {
          this.OPTION3(() => { this.CONSUME(T.On); this.CONSUME(T.Or); });
          this.OR4([{ ALT: () => this.CONSUME(T.Before) }, { ALT: () => this.CONSUME(T.After) }]);
          this.SUBRULE5(this.operand, { LABEL: "value" });
        },
      },
      {
        ALT: () => {
          this.OR5([
            { ALT: () => this.CONSUME(T.LessEqual) },
            { ALT: () => this.CONSUME(T.GreaterEqual) },
            { ALT: () => this.CONSUME(T.NotEqual) },
            { ALT: () => this.CONSUME(T.Equal) },
            { ALT: () => this.CONSUME(T.Less) },
            { ALT: () => this.CONSUME(T.Greater) },
          ]);
          this.SUBRULE2(this.valueOperand, { LABEL: "value" });
        },
      },
    ]);
  });

  /** A compared value: an operand, or an amount in each of the policy's currencies (`USD 15.00, EUR 14.00`). */
  valueOperand = this.RULE("valueOperand", () => {
    this.OR([
      {
        GATE: () => this.LA(1).tokenType === T.MoneyLiteral && this.LA(2).tokenType === T.Comma && this.LA(3).tokenType === T.MoneyLiteral,
        ALT: () => {
          this.CONSUME(T.MoneyLiteral);
          this.AT_LEAST_ONE(() => { this.CONSUME(T.Comma); this.CONSUME2(T.MoneyLiteral); });
        },
      },
      { ALT: () => this.SUBRULE(this.operand) },
    ]);
  });

  list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.operand) });
    this.CONSUME(T.RBracket);
  });

  operand = this.RULE("operand", () => {
    this.OR([
      // Before path: a month name is also an Identifier, and `Nov 1` must not read as a field `Nov`.
      { ALT: () => this.SUBRULE(this.monthDay) },
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.MoneyLiteral) },
      { ALT: () => this.CONSUME(T.PercentLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.DateLiteral) },
      { ALT: () => this.CONSUME(T.DateTimeLiteral) },
    ]);
  });

  /** `Nov 1`, or `Jan 31 of the year after shipment`. */
  monthDay = this.RULE("monthDay", () => {
    this.CONSUME(T.Month);
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => {
      this.CONSUME(T.Of);
      this.CONSUME(T.The);
      this.OR([
        { ALT: () => { this.CONSUME(T.Year); this.OR2([{ ALT: () => this.CONSUME(T.After) }, { ALT: () => this.CONSUME(T.Before) }]); } },
        { ALT: () => { this.CONSUME(T.Same); this.CONSUME2(T.Year); this.CONSUME(T.As); } },
      ]);
      this.SUBRULE(this.path);
    });
  });

  path = this.RULE("path", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => { this.CONSUME(T.Dot); this.CONSUME2(T.Identifier); });
  });

  // ---- money expressions: + - < * / < factor ----------------------------------------------------

  moneyExpr = this.RULE("moneyExpr", () => {
    this.SUBRULE(this.product);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.PlusSign) }, { ALT: () => this.CONSUME(T.MinusSign) }]);
      this.SUBRULE2(this.product);
    });
  });

  product = this.RULE("product", () => {
    this.SUBRULE(this.factor);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Times) }, { ALT: () => this.CONSUME(T.Divide) }]);
      this.SUBRULE2(this.factor);
    });
  });

  factor = this.RULE("factor", () => {
    this.OR([
      {
        // `days from request to period-end`: whole units of elapsed time, as a count. Before path,
        // since a unit word is also an Identifier.
        ALT: () => {
          this.CONSUME(T.Unit);
          this.CONSUME(T.From);
          this.SUBRULE2(this.path, { LABEL: "from" });
          this.CONSUME(T.To);
          this.SUBRULE3(this.path, { LABEL: "to" });
        },
      },
      {
        // `started 30-day periods from period-start to request`, `whole weeks from booking to check-in`.
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Started) }, { ALT: () => this.CONSUME(T.Whole) }]);
          this.OPTION(() => { this.CONSUME2(T.NumberLiteral, { LABEL: "size" }); this.CONSUME(T.MinusSign); });
          this.CONSUME2(T.Unit);
          this.OPTION2(() => this.CONSUME(T.Periods));
          this.CONSUME2(T.From);
          this.SUBRULE4(this.path, { LABEL: "from" });
          this.CONSUME2(T.To);
          this.SUBRULE5(this.path, { LABEL: "to" });
        },
      },
      {
        // `smaller of item and USD 50.00`: the lower (or higher) of two amounts.
        ALT: () => {
          this.OR3([{ ALT: () => this.CONSUME(T.Smaller) }, { ALT: () => this.CONSUME(T.Larger) }]);
          this.CONSUME(T.Of);
          this.SUBRULE2(this.moneyExpr, { LABEL: "first" });
          this.CONSUME(T.And);
          this.SUBRULE3(this.moneyExpr, { LABEL: "second" });
        },
      },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      // `USD 6.95, EUR 5.95, JPY 900`: an amount in each of the policy's currencies.
      {
        ALT: () => {
          this.CONSUME(T.MoneyLiteral);
          // Only a comma followed by another amount continues it: in a table, a comma also ends the row.
          this.MANY3({ GATE: () => this.LA(2).tokenType === T.MoneyLiteral, DEF: () => { this.CONSUME(T.Comma); this.CONSUME2(T.MoneyLiteral); } });
        },
      },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: "table" }) },
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => { this.CONSUME(T.LParen); this.SUBRULE(this.moneyExpr); this.CONSUME(T.RParen); } },
    ]);
  });
}

/** One shared instance: Chevrotain parsers are built once and reset per input. */
export const parser = new PolicyParser();

export interface ParseOutput {
  cst: CstNode;
  lexTokens: IToken[];
  comments: IToken[];
  lexErrors: { offset: number; line: number | undefined; column: number | undefined; length: number; message: string }[];
  parseErrors: IRecognitionException[];
}
