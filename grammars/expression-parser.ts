// CST parser rules for Python expressions, following Python's own grammar (test, or_test, ..., atom).
// The script grammar and the Brian2 string grammars extend this class, so an expression means the same
// everywhere. Chevrotain builds the CST; visitor.ts turns it into the tree of ast.ts.

import { CstParser, type IParserConfig, type TokenType } from './chevrotain.js';
import * as T from './tokens.js';

/** Tokens that can start an expression (used to tell a trailing comma from a separator). */
const EXPR_START = new Set<TokenType>([
  T.Identifier,
  T.NumberLiteral,
  T.StringLiteral,
  T.LParen,
  T.LBracket,
  T.LBrace,
  T.Minus,
  T.Plus,
  T.Tilde,
  T.Not,
  T.Lambda,
  T.Await,
  T.None,
  T.True,
  T.False,
  T.Ellipsis,
  T.Star,
  T.Power,
]);

export class ExpressionParser extends CstParser {
  constructor(tokens: TokenType[], config: IParserConfig = {}) {
    super(tokens, { maxLookahead: 4, nodeLocationTracking: 'full', ...config });
  }

  protected startsExpr(k: number): boolean {
    return EXPR_START.has(this.LA(k).tokenType);
  }

  test = this.RULE('test', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.lambdef) },
      {
        ALT: () => {
          this.SUBRULE(this.orTest);
          this.OPTION(() => {
            this.CONSUME(T.If);
            this.SUBRULE2(this.orTest, { LABEL: 'condition' });
            this.CONSUME(T.Else);
            this.SUBRULE(this.test, { LABEL: 'orelse' });
          });
        },
      },
    ]);
  });

  lambdef = this.RULE('lambdef', () => {
    this.CONSUME(T.Lambda);
    this.OPTION(() => this.SUBRULE(this.lambdaParamList));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.test);
  });

  orTest = this.RULE('orTest', () => {
    this.SUBRULE(this.andTest);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andTest);
    });
  });

  andTest = this.RULE('andTest', () => {
    this.SUBRULE(this.notTest);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notTest);
    });
  });

  notTest = this.RULE('notTest', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notTest);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.bitOr);
    this.MANY(() => {
      this.SUBRULE(this.compOp);
      this.SUBRULE2(this.bitOr);
    });
  });

  compOp = this.RULE('compOp', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Greater) },
      { ALT: () => this.CONSUME(T.EqEq) },
      { ALT: () => this.CONSUME(T.GreaterEq) },
      { ALT: () => this.CONSUME(T.LessEq) },
      { ALT: () => this.CONSUME(T.NotEq) },
      { ALT: () => this.CONSUME(T.In) },
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.CONSUME2(T.In);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Is);
          this.OPTION(() => this.CONSUME3(T.Not));
        },
      },
    ]);
  });

  bitOr = this.RULE('bitOr', () => {
    this.SUBRULE(this.bitXor);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.SUBRULE2(this.bitXor);
    });
  });

  bitXor = this.RULE('bitXor', () => {
    this.SUBRULE(this.bitAnd);
    this.MANY(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE2(this.bitAnd);
    });
  });

  bitAnd = this.RULE('bitAnd', () => {
    this.SUBRULE(this.shift);
    this.MANY(() => {
      this.CONSUME(T.Amp);
      this.SUBRULE2(this.shift);
    });
  });

  shift = this.RULE('shift', () => {
    this.SUBRULE(this.arith);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.LShift) }, { ALT: () => this.CONSUME(T.RShift) }]);
      this.SUBRULE2(this.arith);
    });
  });

  arith = this.RULE('arith', () => {
    this.SUBRULE(this.term);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.term);
    });
  });

  term = this.RULE('term', () => {
    this.SUBRULE(this.factor);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.FloorDiv) },
        { ALT: () => this.CONSUME(T.Percent) },
        { ALT: () => this.CONSUME(T.At) },
      ]);
      this.SUBRULE2(this.factor);
    });
  });

  factor = this.RULE('factor', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Tilde) }]);
          this.SUBRULE(this.factor);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  power = this.RULE('power', () => {
    this.SUBRULE(this.atomExpr);
    this.OPTION(() => {
      this.CONSUME(T.Power);
      this.SUBRULE(this.factor);
    });
  });

  atomExpr = this.RULE('atomExpr', () => {
    this.OPTION(() => this.CONSUME(T.Await));
    this.SUBRULE(this.atom);
    this.MANY(() => this.SUBRULE(this.trailer));
  });

  trailer = this.RULE('trailer', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION(() => this.SUBRULE(this.argList));
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.subscriptList);
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.Identifier);
        },
      },
    ]);
  });

  atom = this.RULE('atom', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION(() => this.SUBRULE(this.testListComp));
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.OPTION2(() => this.SUBRULE2(this.testListComp));
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.OPTION3(() => this.SUBRULE(this.dictOrSetMaker));
          this.CONSUME(T.RBrace);
        },
      },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral)) },
      { ALT: () => this.CONSUME(T.Ellipsis) },
      { ALT: () => this.CONSUME(T.None) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
    ]);
  });

  /** An element of a list/tuple/set display: an expression or `*expr`. */
  element = this.RULE('element', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.starExpr) }, { ALT: () => this.SUBRULE(this.test) }]);
  });

  starExpr = this.RULE('starExpr', () => {
    this.CONSUME(T.Star);
    this.SUBRULE(this.bitOr);
  });

  testListComp = this.RULE('testListComp', () => {
    this.SUBRULE(this.element);
    this.OR([
      { ALT: () => this.SUBRULE(this.compFor) },
      {
        ALT: () => {
          this.MANY({
            GATE: () => this.startsExpr(2),
            DEF: () => {
              this.CONSUME(T.Comma);
              this.SUBRULE2(this.element);
            },
          });
          this.OPTION(() => this.CONSUME2(T.Comma, { LABEL: 'trailingComma' }));
        },
      },
    ]);
  });

  dictOrSetMaker = this.RULE('dictOrSetMaker', () => {
    this.SUBRULE(this.dictOrSetItem);
    this.OR([
      { ALT: () => this.SUBRULE(this.compFor) },
      {
        ALT: () => {
          this.MANY({
            GATE: () => this.startsExpr(2),
            DEF: () => {
              this.CONSUME(T.Comma);
              this.SUBRULE2(this.dictOrSetItem);
            },
          });
          this.OPTION(() => this.CONSUME2(T.Comma));
        },
      },
    ]);
  });

  /** `key: value`, `**mapping`, `*iterable` or a set element. */
  dictOrSetItem = this.RULE('dictOrSetItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Power);
          this.SUBRULE(this.bitOr);
        },
      },
      { ALT: () => this.SUBRULE(this.starExpr) },
      {
        ALT: () => {
          this.SUBRULE(this.test, { LABEL: 'key' });
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE2(this.test, { LABEL: 'value' });
          });
        },
      },
    ]);
  });

  subscriptList = this.RULE('subscriptList', () => {
    this.SUBRULE(this.subscript);
    this.MANY({
      GATE: () => this.LA(2).tokenType !== T.RBracket,
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.subscript);
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma, { LABEL: 'trailingComma' }));
  });

  /** An index or a slice `lower:upper:step` with every part optional. */
  subscript = this.RULE('subscript', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.test, { LABEL: 'lower' });
          this.OPTION(() => this.SUBRULE(this.sliceRest));
        },
      },
      { ALT: () => this.SUBRULE2(this.sliceRest) },
    ]);
  });

  sliceRest = this.RULE('sliceRest', () => {
    this.CONSUME(T.Colon);
    this.OPTION(() => this.SUBRULE(this.test, { LABEL: 'upper' }));
    this.OPTION2(() => {
      this.CONSUME2(T.Colon, { LABEL: 'stepColon' });
      this.OPTION3(() => this.SUBRULE2(this.test, { LABEL: 'step' }));
    });
  });

  argList = this.RULE('argList', () => {
    this.SUBRULE(this.argument);
    this.MANY({
      GATE: () => this.startsExpr(2),
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.argument);
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  argument = this.RULE('argument', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.SUBRULE(this.test, { LABEL: 'starred' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Power);
          this.SUBRULE2(this.test, { LABEL: 'doubleStarred' });
        },
      },
      {
        GATE: () => this.LA(2).tokenType === T.Assign,
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'keyword' });
          this.CONSUME(T.Assign);
          this.SUBRULE3(this.test, { LABEL: 'keywordValue' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE4(this.test, { LABEL: 'positional' });
          this.OPTION(() => this.SUBRULE(this.compFor));
        },
      },
    ]);
  });

  compFor = this.RULE('compFor', () => {
    this.CONSUME(T.For);
    this.SUBRULE(this.exprList);
    this.CONSUME(T.In);
    this.SUBRULE(this.orTest, { LABEL: 'iter' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.compIf) }, { ALT: () => this.SUBRULE2(this.compFor, { LABEL: 'nested' }) }]);
    });
  });

  compIf = this.RULE('compIf', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.orTest);
  });

  /** Targets of `for` and comprehensions: `x`, `i, j`, `(a, b)`. */
  exprList = this.RULE('exprList', () => {
    this.SUBRULE(this.exprListItem);
    this.MANY({
      GATE: () => this.LA(2).tokenType !== T.In,
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.exprListItem);
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma, { LABEL: 'trailingComma' }));
  });

  exprListItem = this.RULE('exprListItem', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.starExpr) }, { ALT: () => this.SUBRULE(this.bitOr) }]);
  });

  testList = this.RULE('testList', () => {
    this.SUBRULE(this.element);
    this.MANY({
      GATE: () => this.startsExpr(2),
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.element);
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma, { LABEL: 'trailingComma' }));
  });

  paramList = this.RULE('paramList', () => {
    this.SUBRULE(this.param);
    this.MANY({
      GATE: () => this.LA(2).tokenType !== T.RParen && this.LA(2).tokenType !== T.Colon,
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.param);
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  param = this.RULE('param', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Power);
          this.CONSUME(T.Identifier, { LABEL: 'doubleStarName' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.OPTION(() => this.CONSUME2(T.Identifier, { LABEL: 'starName' }));
        },
      },
      {
        ALT: () => {
          this.CONSUME3(T.Identifier, { LABEL: 'name' });
          this.OPTION2(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.test, { LABEL: 'annotation' });
          });
          this.OPTION3(() => {
            this.CONSUME(T.Assign);
            this.SUBRULE2(this.test, { LABEL: 'defaultValue' });
          });
        },
      },
    ]);
  });

  lambdaParamList = this.RULE('lambdaParamList', () => {
    this.SUBRULE(this.lambdaParam);
    this.MANY({
      GATE: () => this.LA(2).tokenType !== T.Colon,
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.lambdaParam);
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  /** Lambda parameters take no annotations: the colon ends the list. */
  lambdaParam = this.RULE('lambdaParam', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Power);
          this.CONSUME(T.Identifier, { LABEL: 'doubleStarName' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.OPTION(() => this.CONSUME2(T.Identifier, { LABEL: 'starName' }));
        },
      },
      {
        ALT: () => {
          this.CONSUME3(T.Identifier, { LABEL: 'name' });
          this.OPTION3(() => {
            this.CONSUME(T.Assign);
            this.SUBRULE2(this.test, { LABEL: 'defaultValue' });
          });
        },
      },
    ]);
  });
}
