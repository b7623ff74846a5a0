// SExpr → numpy source. Functions map to numpy or to the project's runtime helpers (imported with
// leading underscores, which Brian2 forbids in user names, so nothing can clash). Boolean logic uses
// numpy's logical functions so it works the same for arrays and scalars.

import type { SExpr } from '../../symbolic/expr.js';
import { printExpr, pythonNumber, type PrintStyle } from '../../symbolic/print.js';
import { pyIdent } from '../../4-emit/python-names.js';

const NUMPY_FUNCTIONS: Record<string, string> = {
  exp: '_np.exp',
  log: '_np.log',
  log10: '_np.log10',
  expm1: '_np.expm1',
  log1p: '_np.log1p',
  sqrt: '_np.sqrt',
  sin: '_np.sin',
  cos: '_np.cos',
  tan: '_np.tan',
  sinh: '_np.sinh',
  cosh: '_np.cosh',
  tanh: '_np.tanh',
  arcsin: '_np.arcsin',
  arccos: '_np.arccos',
  arctan: '_np.arctan',
  abs: '_np.abs',
  sign: '_np.sign',
  ceil: '_np.ceil',
  floor: '_np.floor',
  clip: '_np.clip',
  exprel: '_exprel',
  int: '_int',
  timestep: '_timestep',
};

export function timedArrayLocal(id: string): string {
  return `_ta_${pyIdent(id)}`;
}

/**
 * Printer for code that runs on `_n` elements at once. rand(), randn() and poisson() draw `_n` numbers
 * from numpy's global generator (`_rng`) with the functions Brian2's numpy target calls, which consume
 * the stream exactly as np.random.rand(N), randn(N), poisson(lam, size=N) do; `_n` None draws one
 * number, as Brian2 does in scalar code.
 */
export const NUMPY_STYLE: PrintStyle = {
  // Through pyIdent like every binding (body.ts), so a model name that clashes with Python is renamed
  // the same way where it is bound and where it is used.
  symbol: (s) => pyIdent(s.side ? `${s.name}_${s.side}` : s.name),
  call: (fn, args) => {
    if (fn === 'rand') return '_rng.random_sample(_n)';
    if (fn === 'randn') return '_rng.standard_normal(_n)';
    if (fn === 'poisson') return `_rng.poisson(${args[0]}, _n)`;
    if (fn.startsWith('timedarray:')) return `${timedArrayLocal(fn.slice('timedarray:'.length))}(${args.join(', ')})`;
    // Numbers drawn before the statement (draws.ts), read by name.
    if (fn.startsWith('predrawn:')) return `_draw${fn.slice('predrawn:'.length)}`;
    const f = NUMPY_FUNCTIONS[fn];
    if (!f) throw new Error(`no numpy translation for function ${fn}`);
    return `${f}(${args.join(', ')})`;
  },
  number: (v, int) => {
    // An integer literal stays a Python int, as in Brian2's generated code (i // 2 is an integer).
    if (int && Number.isSafeInteger(v)) return String(v);
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

/** Scalar code (a statement on a shared variable): each rand()/randn()/poisson() draws one number. */
const SCALAR_STYLE: PrintStyle = {
  ...NUMPY_STYLE,
  call: (fn, args) => {
    if (fn === 'rand') return '_rng.random_sample()';
    if (fn === 'randn') return '_rng.standard_normal()';
    if (fn === 'poisson') return `_rng.poisson(${args[0]})`;
    return NUMPY_STYLE.call(fn, args);
  },
};

export function numpyScalar(e: SExpr): string {
  return printExpr(rewriteLogic(e), SCALAR_STYLE);
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
