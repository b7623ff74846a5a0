// CST parser for the Python of model scripts: the statement layer (simple statements, imports, blocks,
// if/for/while/def/with/try/class) on top of the shared expression rules.

import * as T from './tokens.js';
import { ExpressionParser } from './expression-parser.js';
import { PYTHON_TOKENS } from './python-lexer.js';

const AUG = T.AUGMENTED_ASSIGN;

export class PythonParser extends ExpressionParser {
  /**
   * Grammar validations (ambiguities, left recursion) cost a few hundred milliseconds at every start of the
   * CLI; the converter skips them and test/grammars.test.ts builds the parsers with them enabled.
   */
  constructor(options: { validate?: boolean } = {}) {
    super([...PYTHON_TOKENS, T.Indent, T.Dedent], { skipValidations: !options.validate });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.SUBRULE(this.statement) }]);
    });
  });

  statement = this.RULE('statement', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.compoundStmt) }, { ALT: () => this.SUBRULE(this.simpleStmts) }]);
  });

  simpleStmts = this.RULE('simpleStmts', () => {
    this.SUBRULE(this.smallStmt);
    this.MANY({
      GATE: () => this.LA(2).tokenType !== T.Newline,
      DEF: () => {
        this.CONSUME(T.Semicolon);
        this.SUBRULE2(this.smallStmt);
      },
    });
    this.OPTION(() => this.CONSUME2(T.Semicolon));
    this.CONSUME(T.Newline);
  });

  smallStmt = this.RULE('smallStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Pass) },
      { ALT: () => this.CONSUME(T.Break) },
      { ALT: () => this.CONSUME(T.Continue) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.yieldStmt) },
      { ALT: () => this.SUBRULE(this.importName) },
      { ALT: () => this.SUBRULE(this.importFrom) },
      { ALT: () => this.SUBRULE(this.delStmt) },
      { ALT: () => this.SUBRULE(this.globalStmt) },
      { ALT: () => this.SUBRULE(this.assertStmt) },
      { ALT: () => this.SUBRULE(this.raiseStmt) },
      { ALT: () => this.SUBRULE(this.exprStmt) },
    ]);
  });

  returnStmt = this.RULE('returnStmt', () => {
    this.CONSUME(T.Return);
    this.OPTION(() => this.SUBRULE(this.testList));
  });

  yieldStmt = this.RULE('yieldStmt', () => {
    this.CONSUME(T.Yield);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.From);
            this.SUBRULE(this.test, { LABEL: 'source' });
          },
        },
        { ALT: () => this.SUBRULE(this.testList) },
      ]);
    });
  });

  delStmt = this.RULE('delStmt', () => {
    this.CONSUME(T.Del);
    this.SUBRULE(this.exprList);
  });

  globalStmt = this.RULE('globalStmt', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Global) }, { ALT: () => this.CONSUME(T.Nonlocal) }]);
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier);
    });
  });

  assertStmt = this.RULE('assertStmt', () => {
    this.CONSUME(T.Assert);
    this.SUBRULE(this.test);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.test, { LABEL: 'msg' });
    });
  });

  raiseStmt = this.RULE('raiseStmt', () => {
    this.CONSUME(T.Raise);
    this.OPTION(() => {
      this.SUBRULE(this.test);
      this.OPTION2(() => {
        this.CONSUME(T.From);
        this.SUBRULE2(this.test, { LABEL: 'cause' });
      });
    });
  });

  importName = this.RULE('importName', () => {
    this.CONSUME(T.Import);
    this.SUBRULE(this.dottedAsName);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.dottedAsName);
    });
  });

  dottedAsName = this.RULE('dottedAsName', () => {
    this.SUBRULE(this.dottedName);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Identifier, { LABEL: 'alias' });
    });
  });

  dottedName = this.RULE('dottedName', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });

  importFrom = this.RULE('importFrom', () => {
    this.CONSUME(T.From);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Dot) }, { ALT: () => this.CONSUME(T.Ellipsis) }]));
    this.OPTION(() => this.SUBRULE(this.dottedName));
    this.CONSUME(T.Import);
    this.OR2([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.importAsNames);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE2(this.importAsNames) },
    ]);
  });

  importAsNames = this.RULE('importAsNames', () => {
    this.SUBRULE(this.importAsName);
    this.MANY({
      GATE: () => this.LA(2).tokenType === T.Identifier,
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.importAsName);
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  importAsName = this.RULE('importAsName', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Identifier, { LABEL: 'alias' });
    });
  });

  /** Expression statement, assignment chain, augmented or annotated assignment. */
  exprStmt = this.RULE('exprStmt', () => {
    this.SUBRULE(this.testList, { LABEL: 'first' });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.OR2(AUG.map((tok) => ({ ALT: () => this.CONSUME(tok, { LABEL: 'augOp' }) })));
            this.SUBRULE2(this.testList, { LABEL: 'augValue' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.test, { LABEL: 'annotation' });
            this.OPTION2(() => {
              this.CONSUME(T.Assign, { LABEL: 'annAssign' });
              this.SUBRULE3(this.testList, { LABEL: 'annValue' });
            });
          },
        },
        {
          ALT: () => {
            this.AT_LEAST_ONE(() => {
              this.CONSUME2(T.Assign);
              this.SUBRULE4(this.testList, { LABEL: 'rest' });
            });
          },
        },
      ]);
    });
  });

  compoundStmt = this.RULE('compoundStmt', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.whileStmt) },
      { ALT: () => this.SUBRULE(this.funcDef) },
      { ALT: () => this.SUBRULE(this.classDef) },
      { ALT: () => this.SUBRULE(this.withStmt) },
      { ALT: () => this.SUBRULE(this.tryStmt) },
      { ALT: () => this.SUBRULE(this.decorated) },
    ]);
  });

  block = this.RULE('block', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Newline);
          this.CONSUME(T.Indent);
          this.AT_LEAST_ONE(() => this.SUBRULE(this.statement));
          this.CONSUME(T.Dedent);
        },
      },
      { ALT: () => this.SUBRULE(this.simpleStmts) },
    ]);
  });

  ifStmt = this.RULE('ifStmt', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.test);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
    this.MANY(() => this.SUBRULE(this.elifClause));
    this.OPTION(() => this.SUBRULE(this.elseClause));
  });

  elifClause = this.RULE('elifClause', () => {
    this.CONSUME(T.Elif);
    this.SUBRULE(this.test);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  elseClause = this.RULE('elseClause', () => {
    this.CONSUME(T.Else);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  forStmt = this.RULE('forStmt', () => {
    this.OPTION(() => this.CONSUME(T.Async));
    this.CONSUME(T.For);
    this.SUBRULE(this.exprList);
    this.CONSUME(T.In);
    this.SUBRULE(this.testList);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
    this.OPTION2(() => this.SUBRULE(this.elseClause));
  });

  whileStmt = this.RULE('whileStmt', () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.test);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
    this.OPTION(() => this.SUBRULE(this.elseClause));
  });

  funcDef = this.RULE('funcDef', () => {
    this.OPTION(() => this.CONSUME(T.Async));
    this.CONSUME(T.Def);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION2(() => this.SUBRULE(this.paramList));
    this.CONSUME(T.RParen);
    this.OPTION3(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.test, { LABEL: 'returns' });
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  classDef = this.RULE('classDef', () => {
    this.CONSUME(T.Class);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.argList));
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  withStmt = this.RULE('withStmt', () => {
    this.OPTION(() => this.CONSUME(T.Async));
    this.CONSUME(T.With);
    this.SUBRULE(this.withItem);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.withItem);
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  withItem = this.RULE('withItem', () => {
    this.SUBRULE(this.test);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.SUBRULE(this.bitOr, { LABEL: 'target' });
    });
  });

  tryStmt = this.RULE('tryStmt', () => {
    this.CONSUME(T.Try);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
    this.OR([
      {
        ALT: () => {
          this.AT_LEAST_ONE(() => this.SUBRULE(this.exceptClause));
          this.OPTION(() => this.SUBRULE(this.elseClause));
          this.OPTION2(() => this.SUBRULE(this.finallyClause));
        },
      },
      { ALT: () => this.SUBRULE2(this.finallyClause) },
    ]);
  });

  exceptClause = this.RULE('exceptClause', () => {
    this.CONSUME(T.Except);
    this.OPTION(() => {
      this.SUBRULE(this.test);
      this.OPTION2(() => {
        this.CONSUME(T.As);
        this.CONSUME(T.Identifier);
      });
    });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  finallyClause = this.RULE('finallyClause', () => {
    this.CONSUME(T.Finally);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.block);
  });

  decorated = this.RULE('decorated', () => {
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.At);
      this.SUBRULE(this.test, { LABEL: 'decorator' });
      this.CONSUME(T.Newline);
    });
    this.OR([{ ALT: () => this.SUBRULE(this.funcDef) }, { ALT: () => this.SUBRULE(this.classDef) }]);
  });
}
