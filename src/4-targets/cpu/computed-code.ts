// ComputedIR → Python: the script's own numpy calls, operators, methods and indexing on the numbers
// the project drew (`<sim>._drawn[id]`), on SI values. Every operation is parenthesised, so Python
// evaluates it in the script's order and the numbers are Brian2's to the last bit.

import type { ComputedIR } from '../../2-model/ir.js';
import { pythonNumber } from '../../symbolic/print.js';
import { pyIdent, pyStr } from '../../4-emit/python-names.js';

export interface ComputedCodeOptions {
  /** Python expression of the simulation object (`self`, `self._sim`). */
  sim: string;
  /** Inline an array or write it to data/ (see simulation-view). */
  array: (values: number[], name: string, dtype: 'f8' | 'i8', shape: number[]) => string;
  /** Base name of data files for long arrays in the recipe. */
  dataName: string;
}

const BINARY = new Set(['+', '-', '*', '/', '//', '%', '**', '@', '&', '|', '^', '<<', '>>']);
const COMPARE = new Set(['<', '<=', '>', '>=', '==', '!=']);
const BUILTIN_DTYPES = new Set(['int', 'float', 'bool', 'complex']);

function numberCode(v: number, int: boolean): string {
  if (int && Number.isInteger(v)) return v < 0 ? `(${v})` : String(v);
  const s = pythonNumber(v);
  if (s === 'inf') return '_np.inf';
  if (s === '-inf') return '(-_np.inf)';
  if (s === 'nan') return '_np.nan';
  return v < 0 || Object.is(v, -0) ? `(${s})` : s;
}

/** The attribute of the simulation object that holds a monitor (pyIdent is injective: one monitor per name). */
export function monitorAttribute(id: string): string {
  return `_m_${pyIdent(id)}`;
}

export function computedCode(c: ComputedIR, o: ComputedCodeOptions): string {
  let arrays = 0;
  const code = (x: ComputedIR): string => {
    const args = (xs: ComputedIR[], kw: [string, ComputedIR][]) => [...xs.map(code), ...kw.map(([k, y]) => `${k}=${code(y)}`)].join(', ');
    switch (x.op) {
      case 'draw':
        return `${o.sim}._drawn[${x.id}]`;
      case 'number':
        return numberCode(x.v, x.int);
      case 'bool':
        return x.v ? 'True' : 'False';
      case 'none':
        return 'None';
      case 'str':
        return pyStr(x.v);
      case 'array': {
        if (x.shape.length === 0) return `_np.array(${numberCode(x.values[0] ?? 0, x.dtype !== 'float')})`;
        const a = o.array(x.values, `${o.dataName}_${arrays++}`, x.dtype === 'float' ? 'f8' : 'i8', x.shape);
        return x.dtype === 'bool' ? `${a}.astype(bool)` : a;
      }
      case 'list':
        return `[${x.items.map(code).join(', ')}]`;
      case 'tuple':
        return x.items.length === 1 ? `(${code(x.items[0]!)},)` : `(${x.items.map(code).join(', ')})`;
      case 'slice':
        return `slice(${[x.start, x.stop, x.step].map((v) => (v === null ? 'None' : numberCode(v, true))).join(', ')})`;
      case 'ellipsis':
        return 'Ellipsis';
      case 'dtype':
        return BUILTIN_DTYPES.has(x.name) ? x.name : `_np.${x.name}`;
      case 'call':
        return `_np.${x.fn}(${args(x.args, x.kwargs)})`;
      case 'method':
        return `(${code(x.self)}).${x.name}(${args(x.args, x.kwargs)})`;
      case 'attr':
        return `(${code(x.self)}).${x.name}`;
      case 'binary':
      case 'compare':
        if (!(x.op === 'binary' ? BINARY : COMPARE).has(x.operator)) throw new Error(`no Python operator ${x.operator}`);
        return `(${code(x.a)} ${x.operator} ${code(x.b)})`;
      case 'unary':
        return `(${x.operator}${code(x.a)})`;
      case 'index':
        return `(${code(x.self)})[${code(x.index)}]`;
      case 'setitem':
        return `_rt.with_items(${code(x.self)}, ${code(x.index)}, ${code(x.value)})`;
      case 'recorded':
        return `_np.asarray(${o.sim}.${monitorAttribute(x.monitor)}.result()[${pyStr(x.variable)}])`;
    }
  };
  return code(c);
}

/** The Python call that makes draw action `fn(args)` (numpy's global generator, as the script calls it). */
export function drawCode(fn: string, args: ComputedIR[], kwargs: [string, ComputedIR][], o: ComputedCodeOptions): string {
  const list = [...args.map((a) => computedCode(a, o)), ...kwargs.map(([k, v]) => `${k}=${computedCode(v, o)}`)].join(', ');
  // shuffle() works in place on the script's array: here on a copy, which is then the drawn value.
  if (fn === 'shuffle') return `_rt.shuffled(${list})`;
  // scipy.stats.<dist>.rvs: scipy draws from numpy's global generator (random_state=None).
  if (fn.startsWith('scipy.stats.')) return `_stats.${fn.slice('scipy.stats.'.length)}(${list})`;
  return `_np.random.${fn}(${list})`;
}

/** The draw ids a computed value reads (the project can compute it after the last of them). */
export function drawsRead(c: ComputedIR, out = new Set<number>()): Set<number> {
  const visit = (x: ComputedIR) => {
    switch (x.op) {
      case 'draw':
        out.add(x.id);
        return;
      case 'list':
      case 'tuple':
        x.items.forEach(visit);
        return;
      case 'call':
        x.args.forEach(visit);
        x.kwargs.forEach(([, y]) => visit(y));
        return;
      case 'method':
        visit(x.self);
        x.args.forEach(visit);
        x.kwargs.forEach(([, y]) => visit(y));
        return;
      case 'attr':
        visit(x.self);
        return;
      case 'binary':
      case 'compare':
        visit(x.a);
        visit(x.b);
        return;
      case 'unary':
        visit(x.a);
        return;
      case 'index':
        visit(x.self);
        visit(x.index);
        return;
      case 'setitem':
        visit(x.self);
        visit(x.index);
        visit(x.value);
        return;
      default:
        return;
    }
  };
  visit(c);
  return out;
}
