// The grammars on their own: they pass Chevrotain's grammar checks (skipped at run time for start-up
// speed), Brian2 strings map every position back into the script, and syntax errors are located and
// reported several per pass.

import { describe, expect, it } from 'vitest';
import type { Expr } from '../grammars/ast.js';
import { Brian2StringParser, makeCodeLexer, makeEquationLexer, parseCode, parseEquations, parseGenerator } from '../grammars/brian2-strings.js';
import { makePythonLexer } from '../grammars/python-lexer.js';
import { PythonParser } from '../grammars/python-parser.js';
import { parsePython } from '../grammars/python.js';
import type { StringSource } from '../grammars/brian2-strings.js';

/** The string literal at `marker` in `script`, as the evaluator hands it to the string grammars. */
function literal(script: string): StringSource {
  const body = parsePython(script).body;
  const first = body[0]!;
  if (first.kind !== 'Assign' || first.value.kind !== 'Str') throw new Error('expected x = "..."');
  return { value: first.value.value, offsets: first.value.offsets };
}

const at = (script: string, loc: { start: number; end: number }) => script.slice(loc.start, loc.end);

describe('grammar definitions', () => {
  it('pass Chevrotain validations', () => {
    expect(() => new PythonParser({ validate: true })).not.toThrow();
    expect(() => new Brian2StringParser({ validate: true })).not.toThrow();
    expect(() => makePythonLexer(true)).not.toThrow();
    expect(() => makeEquationLexer(true)).not.toThrow();
    expect(() => makeCodeLexer(true)).not.toThrow();
  });
});

describe('Brian2 strings keep positions in the file', () => {
  it('equations: names, expressions, units and flags over several lines', () => {
    const script = "eqs = '''\ndv/dt = (v_rest - v +\n         I)/tau : volt (unless refractory)  # membrane\nI : amp (constant, shared)\n'''\n";
    const eqs = parseEquations(literal(script));
    expect(eqs.map((e) => [e.kind, e.name])).toEqual([
      ['differential', 'v'],
      ['parameter', 'I'],
    ]);
    expect(at(script, eqs[0]!.nameLoc)).toBe('v');
    expect(at(script, eqs[0]!.expr!.loc)).toBe('(v_rest - v +\n         I)/tau');
    expect(at(script, eqs[0]!.unit.loc)).toBe('volt');
    expect(eqs[0]!.flags.map((f) => at(script, f.loc))).toEqual(['unless refractory']);
    expect(eqs[1]!.flags.map((f) => f.name)).toEqual(['constant', 'shared']);
  });

  it('through escape sequences and implicit concatenation', () => {
    const script = 'eqs = \'dv/dt = -v/tau : 1\\n\' "dw/dt = -w/tau_w : 1"\n';
    const eqs = parseEquations(literal(script));
    expect(at(script, eqs[1]!.nameLoc)).toBe('w');
    expect(at(script, eqs[1]!.expr!.loc)).toBe('-w/tau_w');
  });

  it('code statements', () => {
    const script = "reset = '''v = v_reset\nw += b; n += 1'''\n";
    const stmts = parseCode(literal(script));
    expect(stmts.map((s) => [s.target, s.op, at(script, s.value.loc)])).toEqual([
      ['v', '=', 'v_reset'],
      ['w', '+=', 'b'],
      ['n', '+=', '1'],
    ]);
  });

  it("connect's generator syntax", () => {
    const script = "j = 'k for k in range(i-2, i+3) if k != i and k >= 0'\n";
    const g = parseGenerator(literal(script)) as Extract<Expr, { kind: 'Comprehension' }>;
    expect(g.kind).toBe('Comprehension');
    expect(at(script, g.elt.loc)).toBe('k');
    expect(at(script, g.generators[0]!.iter.loc)).toBe('range(i-2, i+3)');
    expect(g.generators[0]!.ifs.map((c) => at(script, c.loc))).toEqual(['k != i and k >= 0']);
  });

  it('errors inside a string point into the file', () => {
    const script = "eqs = '''\ndv/dt = -v/tau : volt\ndw/dt = -w/tau\nx : 1\n'''\n";
    try {
      parseEquations(literal(script));
      expect.unreachable();
    } catch (e) {
      const p = e as { loc: { start: number; end: number }; message: string };
      expect(p.message).toBe('this equation has no unit');
      expect(at(script, p.loc)).toBe('tau');
      expect(script.slice(0, p.loc.start).split('\n').length).toBe(3);
    }
  });
});

describe('script syntax errors', () => {
  it('are reported several per pass, each at its place', () => {
    const script = 'a = (1 +\nb = 2\nfor k in range(3)\n    c = k\nd = [1, 2\ne = 3 $ 4\nprint "x"\n';
    const problems = parsePython(script).problems.map((p) => [script.slice(0, p.loc.start).split('\n').length, p.message]);
    expect(problems).toEqual([
      [1, "'(' is never closed"],
      [3, "expected ':' but found the end of the line"],
      [5, "'[' is never closed"],
      [6, 'cannot read this character: "$"'],
      [7, "'print' without brackets is Python 2 syntax"],
    ]);
  });

  it('keep a bracket open across lines when the next line continues it', () => {
    const script = "G = f(1,\n      threshold='v > 1',\nreset='v = 0')\nx = [1,\n2]\n";
    expect(parsePython(script).problems).toEqual([]);
  });

  it('a triple-quoted string that is never closed explains the rest of the file', () => {
    const script = "eqs = '''\ndv/dt = -v/tau : 1\nG = NeuronGroup(1, eqs)\n";
    expect(parsePython(script).problems.map((p) => p.message)).toEqual(['this string is never closed']);
  });

  it('deep nesting gives a located error, not a crash', () => {
    const script = `x = 1\ny = ${'('.repeat(5000)}1${')'.repeat(5000)}\nz = 2\n`;
    const problems = parsePython(script).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(script.slice(0, problems[0]!.loc.start).split('\n').length).toBe(2);
  });
});
