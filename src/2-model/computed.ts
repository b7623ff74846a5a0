// Drawn values of the script (numpy.random while the model is built, 1-read/drawn.ts) → ComputedIR:
// the recipe the generated project replays on the numbers it draws. Known values inside the recipe
// become literals (SI numbers); anything numpy could not be given in the project is refused here.

import type { Loc } from '../../grammars/ast.js';
import type { DNode, Drawn } from '../1-read/drawn.js';
import type { Value } from '../1-read/values.js';
import type { MessageCode } from '../diagnostics/messages.js';
import type { ComputedIR } from './ir.js';
import { NUMPY_DTYPE_NAMES } from '../1-read/numpy-dtypes.js';

/** What these functions need of the build context (not imported: context.ts → constants.ts → here). */
interface BuildContext {
  fail(code: MessageCode, loc: Loc | null, params?: Record<string, string | number>): never;
}

const DTYPE_NAMES = new Set(['int', 'float', 'bool', 'complex', ...NUMPY_DTYPE_NAMES]);

function literal(v: Value, loc: Loc, ctx: BuildContext): ComputedIR {
  switch (v.t) {
    case 'num':
      return { op: 'number', v: v.v, int: v.int };
    case 'bool':
      return { op: 'bool', v: v.v };
    case 'none':
      return { op: 'none' };
    case 'str':
      return { op: 'str', v: v.v };
    case 'array':
      return { op: 'array', values: Array.from(v.a.data), shape: [...v.a.shape], dtype: v.a.dtype };
    case 'list':
    case 'tuple':
      return { op: v.t, items: v.items.map((x) => literal(x, loc, ctx)) };
    case 'range':
      return {
        op: 'list',
        items: Array.from({ length: Math.max(0, Math.ceil((v.stop - v.start) / v.step)) }, (_, k) => ({ op: 'number', v: v.start + k * v.step, int: true })),
      };
    case 'slice':
      return v.ellipsis ? { op: 'ellipsis' } : { op: 'slice', start: v.start, stop: v.stop, step: v.step };
    case 'builtin':
      if (DTYPE_NAMES.has(v.name)) return { op: 'dtype', name: v.name };
      break;
    case 'drawn':
      return computedOf(v, ctx);
    default:
      break;
  }
  return ctx.fail('unsupported', loc, {
    what: `${v.t === 'builtin' ? `the function ${v.name}` : 'this value'} as an argument of numpy with random numbers drawn while the model is built`,
    hint: 'pass numbers, arrays, strings or dtypes',
  });
}

function convert(n: DNode, loc: Loc, ctx: BuildContext): ComputedIR {
  const c = (x: DNode) => convert(x, loc, ctx);
  const kw = (ks: [string, DNode][]): [string, ComputedIR][] => ks.map(([k, x]) => [k, c(x)]);
  switch (n.op) {
    case 'draw':
      return { op: 'draw', id: n.id };
    case 'value':
      return literal(n.v, loc, ctx);
    case 'list':
    case 'tuple':
      return { op: n.op, items: n.items.map(c) };
    case 'call':
      return { op: 'call', fn: n.fn, args: n.args.map(c), kwargs: kw(n.kwargs) };
    case 'method':
      return { op: 'method', name: n.name, self: c(n.self), args: n.args.map(c), kwargs: kw(n.kwargs) };
    case 'attr':
      return { op: 'attr', name: n.name, self: c(n.self) };
    case 'binary':
    case 'compare':
      return { op: n.op, operator: n.operator, a: c(n.a), b: c(n.b) };
    case 'unary':
      return { op: 'unary', operator: n.operator, a: c(n.a) };
    case 'index':
      return { op: 'index', self: c(n.self), index: c(n.index) };
    case 'setitem':
      return { op: 'setitem', self: c(n.self), index: c(n.index), value: c(n.value) };
  }
}

export function computedOf(v: Drawn, ctx: BuildContext): ComputedIR {
  return convert(v.node, v.loc, ctx);
}

/** A drawn value's recipe, or a known value as a literal of one. */
export function computedValue(v: Value, loc: Loc, ctx: BuildContext): ComputedIR {
  return v.t === 'drawn' ? computedOf(v, ctx) : literal(v, loc, ctx);
}

/** Arguments of a draw action. */
export function computedArgs(nodes: DNode[], loc: Loc, ctx: BuildContext): ComputedIR[] {
  return nodes.map((n) => convert(n, loc, ctx));
}

/**
 * A name of Brian2 code whose value was drawn with numpy.random while the model is built: the project
 * draws it, so it cannot be a constant the converter lowers with (the integrator and the code are
 * chosen from the constants' values); a model parameter can take it.
 */
export function drawnConstant(ctx: Pick<BuildContext, 'fail'>, name: string, loc: Loc): never {
  return ctx.fail('not-static', loc, {
    what: `'${name}', a random value drawn with numpy.random while the model is built and used as a constant of Brian2 code,`,
    hint: `make it a parameter of the model (e.g. '${name} : 1 (shared)', with its unit) and assign it: G.${name} = ${name}`,
  });
}
