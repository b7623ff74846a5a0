// The printer writes the expressions that reach generated code and `--explain`: its text must read back
// in Python as the very same floating-point computation (same association, same signs).

import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, div, mul, neg, num, sub, sym, type SExpr } from '../../src/symbolic/expr.js';
import { evaluate } from '../../src/symbolic/evaluate.js';
import { printExpr } from '../../src/symbolic/print.js';
import { simplify } from '../../src/symbolic/simplify.js';

const VALUES: Record<string, number> = { a: 0.37, b: -1.3, c: 2.9, dt: 1e-4 };
const leaf = fc.oneof(
  fc.constantFrom<SExpr>(sym('a'), sym('b'), sym('c'), sym('dt', 'special')),
  fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }).map((v) => num(v)),
);
const tree = fc.letrec<{ e: SExpr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => add(x, y)),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => sub(x, y)),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => mul(x, y)),
    fc.tuple(tie('e'), tie('e')).map(([x, y]) => div(x, y)),
    tie('e').map((x) => neg(x)),
  ),
})).e;

/** Evaluate printed expressions in Python; null where Python raises (e.g. division by zero). */
function python(exprs: string[]): (number | null)[] {
  const program = [
    'import json, sys',
    `env = ${JSON.stringify(VALUES)}`,
    'out = []',
    'for s in json.load(sys.stdin):',
    '    try:',
    '        out.append(repr(float(eval(s, {}, dict(env)))))',
    '    except ZeroDivisionError:',
    '        out.append(None)',
    'print(json.dumps(out))',
  ].join('\n');
  const text = execFileSync('python3', ['-c', program], { input: JSON.stringify(exprs) }).toString();
  return (JSON.parse(text) as (string | null)[]).map((s) =>
    s === null ? null : s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s),
  );
}

describe('printExpr', () => {
  it('prints text that Python evaluates to exactly the same double (raw and simplified trees)', () => {
    const trees = fc.sample(tree, { numRuns: 400, seed: 42 });
    const all = [...trees, ...trees.map(simplify)];
    const printed = all.map((e) => printExpr(e));
    const py = python(printed);
    all.forEach((e, k) => {
      const js = evaluate(e, (n) => VALUES[n]);
      if (py[k] === null) return; // Python raised where JavaScript gives ±inf/NaN
      if (Number.isNaN(js)) expect(Number.isNaN(py[k]!), printed[k]).toBe(true);
      else expect(Object.is(py[k], js) || py[k] === js, `${printed[k]}: python ${py[k]} vs ${js}`).toBe(true);
    });
  });

  it('reads like Brian2 for the usual shapes', () => {
    const dt = sym('dt', 'special');
    const tau = sym('tau', 'const');
    expect(printExpr(simplify(div(neg(dt), tau)))).toBe('-dt/tau');
    expect(printExpr(neg(mul(sym('v'), sym('w'))))).toBe('-(v*w)');
    expect(printExpr(simplify(sub(sym('v'), neg(sym('w')))))).toBe('v + w');
    expect(printExpr({ k: 'not', a: { k: 'cmp', op: '>', a: sym('v'), b: num(1) } })).toBe('not (v > 1)');
  });
});
