// scipy.stats distributions' rvs() while the model is built. scipy draws from numpy's global generator
// (random_state=None is numpy.random.mtrand._rand, the RandomState Brian2's numpy runtime and
// numpy.random share), so each call is a draw action like numpy.random's (numpy-random.ts): the project
// calls the same scipy function with the same arguments at the same place in the stream. The numbers are
// Brian2's when the project's scipy samples as the reference's does (both pin scipy 1.13.1; scipy has
// changed some samplers between versions, truncnorm's in 1.9). Other members of scipy stay opaque.

import type { Loc } from '../../grammars/ast.js';
import { DIMENSIONLESS } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { type DNode, type Drawn, DYN_LEN, drawnValue, holdsDrawn, isCount, nextValueId, nodeOf, placeholder } from './drawn.js';
import { broadcastShapes, BroadcastError, type DType } from './ndarray.js';
import { opaqueMember, opaqueModule } from './opaque-modules.js';
import { scipySpecialModule } from './scipy-special.js';
import { builtin, describe, type CallArgs, type Value } from './values.js';

interface Distribution {
  /** Shape parameters before loc (and scale), in scipy's order. */
  shapes: string[];
  /** Discrete distributions take loc only and give integers. */
  discrete?: true;
}

const C = (...shapes: string[]): Distribution => ({ shapes });
const D = (...shapes: string[]): Distribution => ({ shapes, discrete: true });

/** scipy.stats distributions (scipy 1.13) by their shape parameters. */
const DISTRIBUTIONS: Record<string, Distribution> = {
  norm: C(),
  truncnorm: C('a', 'b'),
  uniform: C(),
  expon: C(),
  truncexpon: C('b'),
  gamma: C('a'),
  lognorm: C('s'),
  beta: C('a', 'b'),
  halfnorm: C(),
  cauchy: C(),
  laplace: C(),
  logistic: C(),
  t: C('df'),
  chi2: C('df'),
  weibull_min: C('c'),
  weibull_max: C('c'),
  pareto: C('b'),
  lomax: C('c'),
  powerlaw: C('a'),
  rayleigh: C(),
  invgauss: C('mu'),
  vonmises: C('kappa'),
  skewnorm: C('a'),
  exponnorm: C('K'),
  gumbel_r: C(),
  gumbel_l: C(),
  triang: C('c'),
  loguniform: C('a', 'b'),
  reciprocal: C('a', 'b'),
  poisson: D('mu'),
  binom: D('n', 'p'),
  bernoulli: D('p'),
  geom: D('p'),
  nbinom: D('n', 'p'),
  randint: D('low', 'high'),
  hypergeom: D('M', 'n', 'N'),
  zipf: D('a'),
};

/** The shape numpy gives a parameter (a scalar: []). */
function paramShape(v: Value): number[] {
  if (v.t === 'drawn') return v.scalar ? [] : [...v.a.shape];
  if (v.t === 'array') return [...v.a.shape];
  if (v.t === 'list' || v.t === 'tuple') return [v.items.length, ...(v.items.length ? paramShape(v.items[0]!) : [])];
  return [];
}

function sizeShape(v: Value, loc: Loc, ctx: EvalContext, what: string): number[] {
  const entry = (x: Value): number => {
    if (isCount(x)) return DYN_LEN;
    if (holdsDrawn(x))
      return ctx.fail('not-static', loc, {
        what: `${what}, which depends on numbers the generated project draws with numpy.random,`,
        hint: 'sizes must be known when the model is converted; give a number',
      });
    if (x.t === 'num' && Number.isInteger(x.v) && x.int !== false && x.v >= 0) return x.v;
    if (x.t === 'unknown') return ctx.failUnknown(x, loc, what);
    return ctx.fail('type-error', loc, {
      detail: `${what} must be an integer or a tuple of integers, not ${describe(x)}`,
      hint: 'e.g. size=100 or size=(10, 20)',
    });
  };
  return v.t === 'tuple' || v.t === 'list' ? v.items.map(entry) : [entry(v)];
}

/** `scipy.stats.<name>.rvs(...)`: a draw action, made by the project with scipy on numpy's global generator. */
function rvs(name: string, d: Distribution) {
  const params = [...d.shapes, 'loc', ...(d.discrete ? [] : ['scale']), 'size', 'random_state'];
  return (args: CallArgs, ctx: EvalContext): Value => {
    const bound = new Map<string, { value: Value; loc: Loc }>();
    args.positional.forEach((v, k) => {
      const p = params[k];
      if (!p || p === 'random_state')
        ctx.fail('type-error', args.locs.positional[k] ?? args.loc, {
          detail: `scipy.stats.${name}.rvs() takes at most ${params.length - 1} positional arguments`,
          hint: 'give size= by keyword',
        });
      bound.set(p!, { value: v, loc: args.locs.positional[k] ?? args.loc });
    });
    for (const [k, v] of args.keywords) {
      if (!params.includes(k))
        ctx.fail('type-error', args.locs.keywords.get(k) ?? args.loc, {
          detail: `scipy.stats.${name}.rvs() has no argument '${k}'`,
          hint: `its arguments are: ${params.join(', ')}`,
        });
      bound.set(k, { value: v, loc: args.locs.keywords.get(k) ?? args.loc });
    }
    for (const s of d.shapes) if (!bound.has(s)) ctx.fail('missing-argument', args.loc, { callee: `scipy.stats.${name}.rvs`, name: s });
    const rs = bound.get('random_state');
    if (rs && rs.value.t !== 'none') {
      ctx.fail('unsupported', rs.loc, {
        what: `scipy.stats.${name}.rvs(random_state=...)`,
        hint: "leave random_state out: scipy then draws from numpy's global generator, seeded with np.random.seed(n), as Brian2's own numbers are",
      });
    }
    const size = bound.get('size');
    let shape: number[];
    if (size && size.value.t !== 'none') shape = sizeShape(size.value, size.loc, ctx, `the size of scipy.stats.${name}.rvs()`);
    else {
      try {
        shape = [...bound].filter(([k]) => k !== 'size' && k !== 'random_state').reduce((s, [, x]) => broadcastShapes(s, paramShape(x.value)), [] as number[]);
      } catch (e) {
        if (e instanceof BroadcastError)
          return ctx.fail('value-error', args.loc, {
            detail: `scipy.stats.${name}.rvs(): ${e.message}`,
            hint: 'give parameters of shapes that broadcast together',
          });
        throw e;
      }
    }
    const id = nextValueId(ctx);
    const fn = `scipy.stats.${name}.rvs`;
    ctx.script.actions.push({
      kind: 'draw',
      id,
      fn,
      args: args.positional.map(nodeOf),
      kwargs: [...args.keywords].map(([k, v]) => [k, nodeOf(v)] as [string, DNode]),
      loc: args.loc,
    });
    const dtype: DType = d.discrete ? 'int' : 'float';
    // scipy returns a plain number when neither size nor a parameter is an array.
    const scalar = shape.length === 0 && [...bound.values()].every((x) => placeholder(x.value).t !== 'array');
    const out: Drawn = drawnValue({ op: 'draw', id }, shape, dtype, DIMENSIONLESS, scalar, args.loc);
    if (shape.includes(DYN_LEN)) {
      const counted = [...bound.values()]
        .map((x) => x.value)
        .flatMap((x) => (x.t === 'tuple' || x.t === 'list' ? x.items : [x]))
        .find((x): x is Drawn => x.t === 'drawn' && x.dyn !== undefined);
      if (counted) out.dyn = counted.dyn;
    }
    return out;
  };
}

function distribution(name: string, d: Distribution, loc: Loc): Value {
  const opaque = opaqueModule(`scipy.stats.${name}`, loc) as Extract<Value, { t: 'unknown' }>;
  return { t: 'module', name: `scipy.stats.${name}`, members: (m) => (m === 'rvs' ? builtin('rvs', rvs(name, d)) : opaqueMember(opaque, m)) };
}

/** scipy.stats: distributions with rvs(); the rest opaque (used only after run(), by analysis code). */
export function scipyStatsModule(loc: Loc): Value {
  const opaque = opaqueModule('scipy.stats', loc) as Extract<Value, { t: 'unknown' }>;
  return {
    t: 'module',
    name: 'scipy.stats',
    members: (n) => {
      const d = DISTRIBUTIONS[n];
      return d ? distribution(n, d, loc) : opaqueMember(opaque, n);
    },
  };
}

/** scipy: its stats and special submodules known (in part), the rest opaque. */
export function scipyModule(loc: Loc): Value {
  const opaque = opaqueModule('scipy', loc) as Extract<Value, { t: 'unknown' }>;
  return {
    t: 'module',
    name: 'scipy',
    members: (n) => (n === 'stats' ? scipyStatsModule(loc) : n === 'special' ? scipySpecialModule(loc) : opaqueMember(opaque, n)),
  };
}
