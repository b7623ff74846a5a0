// SExpr → numpy source. Functions map to numpy or to the project's runtime helpers (imported with
// leading underscores, which Brian2 forbids in user names, so nothing can clash). Boolean logic uses
// numpy's logical functions so it works the same for arrays and scalars.

import type { SExpr } from '../symbolic/expr.js';
import { printExpr, pythonNumber, type PrintStyle } from '../symbolic/print.js';
import { pyIdent } from './python-names.js';

const NUMPY_FUNCTIONS: Record<string, string> = {
  exp: '_np.exp', log: '_np.log', log10: '_np.log10', expm1: '_np.expm1', log1p: '_np.log1p', sqrt: '_np.sqrt',
  sin: '_np.sin', cos: '_np.cos', tan: '_np.tan', sinh: '_np.sinh', cosh: '_np.cosh', tanh: '_np.tanh',
  arcsin: '_np.arcsin', arccos: '_np.arccos', arctan: '_np.arctan', abs: '_np.abs', sign: '_np.sign',
  ceil: '_np.ceil', floor: '_np.floor', clip: '_np.clip', exprel: '_exprel', int: '_int', timestep: '_timestep',
};

export function timedArrayLocal(id: string): string {
  return `_ta_${pyIdent(id)}`;
}

/** Printer for code that runs on `_n` elements at once (rand() draws `_n` numbers). */
export const NUMPY_STYLE: PrintStyle = {
  // Through pyIdent like every binding (body.ts), so a model name that clashes with Python is renamed
  // the same way where it is bound and where it is used.
  symbol: (s) => pyIdent(s.side ? `${s.name}_${s.side}` : s.name),
  call: (fn, args) => {
    if (fn === 'rand') return '_rng.random(_n)';
    if (fn === 'randn') return '_rng.standard_normal(_n)';
    if (fn === 'poisson') return `_rng.poisson(${args[0]}, _n)`;
    if (fn.startsWith('timedarray:')) return `${timedArrayLocal(fn.slice('timedarray:'.length))}(${args.join(', ')})`;
    const f = NUMPY_FUNCTIONS[fn];
    if (!f) throw new Error(`no numpy translation for function ${fn}`);
    return `${f}(${args.join(', ')})`;
  },
  number: (v) => {
    const s = pythonNumber(v);
    if (s === 'inf') return '_np.inf';
    if (s === '-inf') return '-_np.inf';
    if (s === 'nan') return '_np.nan';
    return s;
  },
  elementwiseLogic: false,
};

export function numpy(e: SExpr): string {
  return printExpr(rewriteLogic(e), NUMPY_STYLE);
}

/** and/or/not → numpy logical functions (as calls, so precedence is never an issue). */
function rewriteLogic(e: SExpr): SExpr {
  switch (e.k) {
    case 'logic':
      return { k: 'call', fn: `__logical_${e.op}`, args: [rewriteLogic(e.a), rewriteLogic(e.b)] };
    case 'not':
      return { k: 'call', fn: '__logical_not', args: [rewriteLogic(e.a)] };
    case 'call':
      return { ...e, args: e.args.map(rewriteLogic) };
    case 'neg':
      return { ...e, a: rewriteLogic(e.a) };
    case 'bin':
    case 'cmp':
      return { ...e, a: rewriteLogic(e.a), b: rewriteLogic(e.b) } as SExpr;
    default:
      return e;
  }
}

NUMPY_FUNCTIONS.__logical_and = '_np.logical_and';
NUMPY_FUNCTIONS.__logical_or = '_np.logical_or';
NUMPY_FUNCTIONS.__logical_not = '_np.logical_not';
