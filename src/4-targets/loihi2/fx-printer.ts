// FxExpr → numpy code on int64 arrays (the emulation of a neuron program), and → the compact notation
// `--explain` prints. Registers and temporaries are locals bound by the caller; tables are attributes of
// the process model; inputs are this step's received values.

import type { Coef, FxExpr } from './fixed-point/fixed.js';

export interface FxNames {
  reg(name: string): string;
  table(name: string): string;
  input(name: string): string;
}

function coef(c: Coef, names: FxNames): string {
  return c.k === 'int' ? String(c.v) : names.table(c.name);
}

/** numpy source of an integer expression. */
export function fxNumpy(e: FxExpr, names: FxNames): string {
  const go = (x: FxExpr): string => {
    switch (x.k) {
      case 'reg':
        return names.reg(x.name);
      case 'int':
        return x.v < 0 ? `(${x.v})` : String(x.v);
      case 'table':
        return names.table(x.name);
      case 'input':
        return names.input(x.name);
      case 'sum':
        return `(${x.terms.map(go).join(' + ')})`;
      case 'mulc': {
        const prod = x.m.k === 'int' && x.m.v === 1 ? go(x.a) : `${go(x.a)} * ${coef(x.m, names)}`;
        if (x.s.k === 'int' && x.s.v === 0) return `(${prod})`;
        return `_rshift(${prod}, ${coef(x.s, names)})`;
      }
      case 'mul':
        return x.s === 0 ? `(${go(x.a)} * ${go(x.b)})` : `_rshift(${go(x.a)} * ${go(x.b)}, ${x.s})`;
      case 'shift':
        return x.s >= 0 ? `(${go(x.a)} << ${x.s})` : `_rshift(${go(x.a)}, ${-x.s})`;
      case 'cmp':
        return `(${go(x.a)} ${x.op} ${go(x.b)})`;
      case 'logic':
        return `(${go(x.a)} ${x.op === 'and' ? '&' : '|'} ${go(x.b)})`;
      case 'not':
        return `(~${go(x.a)})`;
      case 'bool':
        return x.v ? 'True' : 'False';
      case 'select':
        return `_np.where(${go(x.c)}, ${go(x.a)}, ${go(x.b)})`;
    }
  };
  return go(e);
}

/** The notation of `--explain` and QUANTIZATION.md: `x*m >> s` for a rounding shift. */
export function fxText(e: FxExpr): string {
  const names: FxNames = { reg: (n) => n, table: (n) => `${n}[i]`, input: (n) => `${n}[t]` };
  const go = (x: FxExpr): string => {
    switch (x.k) {
      case 'reg':
      case 'int':
      case 'table':
      case 'input':
      case 'bool':
        return fxNumpy(x, names).replace(/^\((-\d+)\)$/, '$1');
      case 'sum':
        return x.terms.map(go).join(' + ').replace(/\+ -/g, '- ');
      case 'mulc': {
        const m = coef(x.m, names);
        const inner = x.m.k === 'int' && x.m.v === 1 ? paren(x.a) : `${paren(x.a)}*${m}`;
        return x.s.k === 'int' && x.s.v === 0 ? inner : `(${inner} >> ${coef(x.s, names)})`;
      }
      case 'mul':
        return x.s === 0 ? `${paren(x.a)}*${paren(x.b)}` : `(${paren(x.a)}*${paren(x.b)} >> ${x.s})`;
      case 'shift':
        return x.s >= 0 ? `(${paren(x.a)} << ${x.s})` : `(${paren(x.a)} >> ${-x.s})`;
      case 'cmp':
        return `${go(x.a)} ${x.op} ${go(x.b)}`;
      case 'logic':
        return `(${go(x.a)}) ${x.op} (${go(x.b)})`;
      case 'not':
        return `not (${go(x.a)})`;
      case 'select':
        return `(${go(x.a)} if ${go(x.c)} else ${go(x.b)})`;
    }
  };
  const paren = (x: FxExpr) => (x.k === 'sum' ? `(${go(x)})` : go(x));
  return go(e);
}
