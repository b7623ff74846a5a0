// The arithmetic of Brian2's numpy target, pinned by a truth table Brian2 2.5.4 and sympy 1.14 made
// themselves (test/data/make-brian2-arithmetic.py): the printed sympy form, the code generator's
// optimised expression and the explicit state updaters' abstract code must come out character for
// character (number literals that numpy computes when the project runs may differ in the last bits
// here, where JavaScript approximates them).

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { type CodegenFunction, type DType, optimiseExpression, renderNode } from '../../src/3-lower/brian2-arithmetic/codegen.js';
import { parsePy } from '../../src/3-lower/brian2-arithmetic/pyexpr.js';
import { explicitUpdate } from '../../src/3-lower/brian2-arithmetic/state-updaters.js';
import { Unsupported } from '../../src/3-lower/brian2-arithmetic/sympy/expr.js';
import { strToSympy } from '../../src/3-lower/brian2-arithmetic/sympy/parse.js';
import { sympyToStr } from '../../src/3-lower/brian2-arithmetic/sympy/print.js';
import { BRIAN2_FUNCTIONS } from '../../src/3-lower/brian2-arithmetic/names.js';

const table = JSON.parse(readFileSync(new URL('../data/brian2-arithmetic.json', import.meta.url), 'utf8')) as {
  sympy: { expr: string; sympy: string }[];
  codegen: { variables: Record<string, [DType, boolean]>; cases: { expr: string; optimised: string }[] };
  stateupdaters: {
    method: string;
    equations: { name: string; kind: 'differential' | 'subexpression'; expr: string; ur: boolean }[];
    code: [string, string][];
  }[];
};

/** Runs every case; the few this port refuses (Unsupported: the converter keeps its own arithmetic there) are counted. */
function check<T>(cases: T[], run: (c: T) => string, want: (c: T) => string, same = (a: string, b: string) => a === b) {
  const bad: string[] = [];
  let refused = 0;
  for (const c of cases) {
    let got: string;
    try {
      got = run(c);
    } catch (e) {
      if (e instanceof Unsupported) {
        refused++;
        continue;
      }
      throw e;
    }
    if (!same(got, want(c))) bad.push(`want ${want(c)}\n got ${got}`);
  }
  return { bad, refused };
}

/** Equal up to the last bits of number literals (values numpy computes when the project runs). */
function close(a: string, b: string): boolean {
  const num = /-?\d+\.?\d*(?:e[+-]?\d+)?|inf|nan/g;
  if (a.replace(num, '#') !== b.replace(num, '#')) return false;
  const x = a.match(num) ?? [];
  const y = b.match(num) ?? [];
  return x.every((v, k) => {
    const p = Number(v === 'inf' ? Infinity : v);
    const q = Number(y[k] === 'inf' ? Infinity : y[k]);
    return p === q || (Number.isNaN(p) && Number.isNaN(q)) || Math.abs(p - q) <= 2e-15 * Math.max(Math.abs(p), Math.abs(q));
  });
}

describe("Brian2's arithmetic", () => {
  test('sympy: str_to_sympy then sympy_to_str', () => {
    const r = check(
      table.sympy,
      (c) => sympyToStr(strToSympy(c.expr)),
      (c) => c.sympy,
    );
    expect(r.bad).toEqual([]);
    expect(r.refused).toBeLessThan(table.sympy.length * 0.02);
  });

  test('code generator: collect, constant evaluation, identities', () => {
    const v = table.codegen.variables;
    const names = {
      variable: (n: string) => (v[n] ? { dtype: v[n]![0], scalar: v[n]![1] } : undefined),
      func: (n: string): CodegenFunction | undefined => BRIAN2_FUNCTIONS[n],
    };
    const r = check(
      table.codegen.cases,
      (c) => renderNode(optimiseExpression(parsePy(c.expr), names), false, true),
      (c) => c.optimised,
      close,
    );
    expect(r.bad).toEqual([]);
    expect(r.refused).toBe(0);
  });

  test('explicit state updaters: euler, rk2, rk4', () => {
    const r = check(
      table.stateupdaters,
      (c) =>
        explicitUpdate(
          c.method,
          c.equations.map((e) => ({ name: e.name, kind: e.kind, expr: parsePy(e.expr), integer: false, unlessRefractory: e.ur })),
        )
          .map((s) => `${s.target} = ${s.code}`)
          .join('\n'),
      (c) => c.code.map(([a, b]) => `${a} = ${b}`).join('\n'),
    );
    expect(r.bad).toEqual([]);
    expect(r.refused).toBeLessThan(table.stateupdaters.length * 0.05);
  });
});
