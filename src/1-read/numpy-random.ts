// numpy.random as a model script uses it while the model is built. Every call is a `draw` action at its
// place in the script, made by the generated project with numpy's global generator — the one Brian2's
// numpy runtime draws from too — with the same function and arguments, so the stream stays Brian2's;
// the script goes on with a drawn value (drawn.ts) of the right shape, dtype and units. `seed(n)` is an
// action too. The converter itself draws nothing.

import type { Loc } from '../../grammars/ast.js';
import { DIMENSIONLESS } from '../units/dimension.js';
import { seedValue } from './calls.js';
import type { EvalContext } from './context.js';
import { type DNode, type Drawn, DYN_LEN, drawnValue, holdsDrawn, isCount, morph, nextValueId, nodeOf, placeholder } from './drawn.js';
import { broadcastShapes, BroadcastError, type DType } from './ndarray.js';
import { builtin, describe, NONE, type CallArgs, type Value } from './values.js';

/** How the shape of a draw's result follows from its arguments. */
type ShapeRule =
  /** rand(d0, d1, ...): the arguments are the shape (none: one number). */
  | 'dims'
  /** f(p1, p2, ..., size=None): `size`, else the broadcast shape of the parameters. */
  | 'size'
  /** f(n, pvals, size): size + (len(pvals),) (multinomial, dirichlet, multivariate_normal). */
  | 'size+k';

interface DrawSpec {
  params: string[];
  dtype: DType;
  rule: ShapeRule;
  /** For 'size+k': the parameter whose length is the last dimension. */
  k?: string;
}

const F = (params: string[]): DrawSpec => ({ params: [...params, 'size'], dtype: 'float', rule: 'size' });
const I = (params: string[]): DrawSpec => ({ params: [...params, 'size'], dtype: 'int', rule: 'size' });

/** numpy.random's functions (RandomState's methods, numpy 1.26), by their parameters. */
const DRAWS: Record<string, DrawSpec> = {
  rand: { params: [], dtype: 'float', rule: 'dims' },
  randn: { params: [], dtype: 'float', rule: 'dims' },
  random: F([]),
  random_sample: F([]),
  ranf: F([]),
  sample: F([]),
  standard_normal: F([]),
  standard_exponential: F([]),
  standard_cauchy: F([]),
  uniform: F(['low', 'high']),
  normal: F(['loc', 'scale']),
  lognormal: F(['mean', 'sigma']),
  exponential: F(['scale']),
  gamma: F(['shape', 'scale']),
  standard_gamma: F(['shape']),
  beta: F(['a', 'b']),
  laplace: F(['loc', 'scale']),
  logistic: F(['loc', 'scale']),
  gumbel: F(['loc', 'scale']),
  vonmises: F(['mu', 'kappa']),
  wald: F(['mean', 'scale']),
  weibull: F(['a']),
  pareto: F(['a']),
  power: F(['a']),
  rayleigh: F(['scale']),
  chisquare: F(['df']),
  noncentral_chisquare: F(['df', 'nonc']),
  standard_t: F(['df']),
  f: F(['dfnum', 'dfden']),
  noncentral_f: F(['dfnum', 'dfden', 'nonc']),
  triangular: F(['left', 'mode', 'right']),
  binomial: I(['n', 'p']),
  poisson: I(['lam']),
  geometric: I(['p']),
  negative_binomial: I(['n', 'p']),
  hypergeometric: I(['ngood', 'nbad', 'nsample']),
  zipf: I(['a']),
  logseries: I(['p']),
  randint: { params: ['low', 'high', 'size', 'dtype'], dtype: 'int', rule: 'size' },
  random_integers: { params: ['low', 'high', 'size'], dtype: 'int', rule: 'size' },
  multinomial: { params: ['n', 'pvals', 'size'], dtype: 'int', rule: 'size+k', k: 'pvals' },
  dirichlet: { params: ['alpha', 'size'], dtype: 'float', rule: 'size+k', k: 'alpha' },
  multivariate_normal: { params: ['mean', 'cov', 'size', 'check_valid', 'tol'], dtype: 'float', rule: 'size+k', k: 'mean' },
};

/** A numpy shape argument (an integer or a tuple of integers), known to the converter. */
function shapeOfArg(v: Value, loc: Loc, ctx: EvalContext, what: string): number[] {
  // A number of synapses the project makes (len(S)) is a size the project knows when it draws.
  if (isCount(v)) return [DYN_LEN];
  if ((v.t === 'tuple' || v.t === 'list') && v.items.some(isCount) && !v.items.some((x) => holdsDrawn(x) && !isCount(x))) {
    return v.items.flatMap((x) => (isCount(x) ? [DYN_LEN] : shapeOfArg(x, loc, ctx, what)));
  }
  if (holdsDrawn(v))
    return ctx.fail('not-static', loc, {
      what: `${what}, which depends on numbers the generated project draws with numpy.random,`,
      hint: 'sizes must be known when the model is converted; give a number',
    });
  const entry = (x: Value): number => {
    if (x.t === 'num' && Number.isInteger(x.v) && x.int !== false) {
      if (x.v < 0) return ctx.fail('value-error', loc, { detail: `negative dimensions are not allowed (${x.v})`, hint: 'give a size of 0 or more' });
      return x.v;
    }
    if (x.t === 'unknown') return ctx.failUnknown(x, loc, what);
    return ctx.fail('type-error', loc, {
      detail: `${what} must be an integer or a tuple of integers, not ${describe(x)}`,
      hint: 'e.g. size=100 or size=(10, 20)',
    });
  };
  if (v.t === 'tuple' || v.t === 'list') return v.items.map(entry);
  return [entry(v)];
}

/** The shape numpy gives a parameter (a scalar: []). */
function paramShape(v: Value): number[] {
  if (v.t === 'drawn' || v.t === 'array') return v.t === 'drawn' && v.scalar ? [] : [...v.a.shape];
  if (v.t === 'list' || v.t === 'tuple') {
    const inner = v.items.length ? paramShape(v.items[0]!) : [];
    return [v.items.length, ...inner];
  }
  return [];
}

/** Arguments bound to the function's parameter names (positional then keywords). */
function bind(name: string, spec: DrawSpec, args: CallArgs, ctx: EvalContext): Map<string, { value: Value; loc: Loc }> {
  const out = new Map<string, { value: Value; loc: Loc }>();
  args.positional.forEach((v, k) => {
    const p = spec.params[k];
    if (!p)
      ctx.fail('type-error', args.locs.positional[k] ?? args.loc, {
        detail: `numpy.random.${name}() takes at most ${spec.params.length} positional arguments`,
        hint: 'remove the extra arguments',
      });
    out.set(p!, { value: v, loc: args.locs.positional[k] ?? args.loc });
  });
  for (const [k, v] of args.keywords) {
    if (!spec.params.includes(k))
      ctx.fail('type-error', args.locs.keywords.get(k) ?? args.loc, {
        detail: `numpy.random.${name}() has no argument '${k}'`,
        hint: `its arguments are: ${spec.params.join(', ')}`,
      });
    out.set(k, { value: v, loc: args.locs.keywords.get(k) ?? args.loc });
  }
  return out;
}

/** Record the draw action (in script order) and give its id. */
function drawAction(fn: string, args: CallArgs, ctx: EvalContext): number {
  const id = nextValueId(ctx);
  ctx.script.actions.push({
    kind: 'draw',
    id,
    fn,
    args: args.positional.map(nodeOf),
    kwargs: [...args.keywords].map(([k, v]) => [k, nodeOf(v)] as [string, DNode]),
    loc: args.loc,
  });
  return id;
}

function distribution(name: string, spec: DrawSpec) {
  return (args: CallArgs, ctx: EvalContext): Value => {
    let shape: number[] | null;
    if (spec.rule === 'dims') {
      shape = args.positional.length
        ? args.positional.flatMap((v, k) => shapeOfArg(v, args.locs.positional[k] ?? args.loc, ctx, `the dimensions of numpy.random.${name}()`))
        : null;
      if (args.keywords.size)
        ctx.fail('type-error', args.loc, { detail: `numpy.random.${name}() takes no keyword arguments`, hint: `write e.g. ${name}(10, 5)` });
    } else {
      const bound = bind(name, spec, args, ctx);
      const size = bound.get('size');
      const sized = size && size.value.t !== 'none' ? shapeOfArg(size.value, size.loc, ctx, `the size of numpy.random.${name}()`) : null;
      if (spec.rule === 'size+k') {
        const kv = bound.get(spec.k!);
        if (!kv) return ctx.fail('missing-argument', args.loc, { callee: `numpy.random.${name}`, name: spec.k! });
        const k = paramShape(kv.value)[0];
        if (k === undefined) return ctx.fail('value-error', kv.loc, { detail: `${spec.k} must be a sequence`, hint: 'give a list or an array' });
        shape = [...(sized ?? []), k];
      } else if (sized) shape = sized;
      else {
        const params = spec.params
          .filter((p) => p !== 'size' && p !== 'dtype')
          .map((p) => bound.get(p)?.value)
          .filter((v): v is Value => !!v);
        try {
          const b = params.map(paramShape).reduce((s, x) => broadcastShapes(s, x), [] as number[]);
          shape = params.some((v) => paramShape(v).length || v.t === 'array' || v.t === 'list' || v.t === 'tuple' || (v.t === 'drawn' && !v.scalar)) ? b : null;
        } catch (e) {
          if (e instanceof BroadcastError)
            return ctx.fail('value-error', args.loc, {
              detail: `numpy.random.${name}(): ${e.message}`,
              hint: 'give parameters of shapes that broadcast together',
            });
          throw e;
        }
      }
    }
    const id = drawAction(name, args, ctx);
    return sizedBy(drawnValue({ op: 'draw', id }, shape ?? [], spec.dtype, DIMENSIONLESS, shape === null, args.loc), args);
  };
}

/** A draw whose size is a number of synapses keeps that count for its run-time axes (drawn.ts DYN_LEN). */
function sizedBy(v: Drawn, args: CallArgs): Drawn {
  if (v.scalar || !v.a.shape.includes(DYN_LEN)) return v;
  const all = [...args.positional, ...args.keywords.values()].flatMap((x) => (x.t === 'tuple' || x.t === 'list' ? x.items : [x]));
  const count = all.find(isCount) ?? all.find((x): x is Drawn => x.t === 'drawn' && x.dyn !== undefined);
  if (count) v.dyn = count.dyn;
  return v;
}

/** choice(a, size=None, replace=True, p=None). */
function choice(args: CallArgs, ctx: EvalContext): Value {
  const bound = bind('choice', { params: ['a', 'size', 'replace', 'p'], dtype: 'int', rule: 'size' }, args, ctx);
  const a = bound.get('a');
  if (!a) return ctx.fail('missing-argument', args.loc, { callee: 'numpy.random.choice', name: 'a' });
  const pop = a.value;
  let n: number;
  let dtype: DType = 'int';
  if (pop.t === 'num' && pop.int) n = pop.v;
  else {
    const s = paramShape(pop);
    if (s.length !== 1)
      return ctx.fail('value-error', a.loc, {
        detail: 'numpy.random.choice(): a must be an integer or a one-dimensional array',
        hint: 'flatten the array first',
      });
    n = s[0]!;
    const ph = placeholder(pop);
    dtype = ph.t === 'array' ? ph.a.dtype : ph.t === 'list' || ph.t === 'tuple' ? (ph.items.every((x) => x.t === 'num' && x.int) ? 'int' : 'float') : 'float';
  }
  const size = bound.get('size');
  const shape = size && size.value.t !== 'none' ? shapeOfArg(size.value, size.loc, ctx, 'the size of numpy.random.choice()') : null;
  const replace = bound.get('replace');
  if (replace && holdsDrawn(replace.value))
    return ctx.fail('not-static', replace.loc, {
      what: 'replace=, which depends on numbers the generated project draws with numpy.random,',
      hint: 'give True or False',
    });
  const count = shape ? shape.reduce((x, y) => x * y, 1) : 1;
  if (replace && replace.value.t === 'bool' && !replace.value.v && count > n) {
    ctx.fail('value-error', args.loc, {
      detail: `numpy.random.choice(): cannot take a larger sample (${count}) than the population (${n}) when replace=False`,
      hint: 'take fewer, or replace=True',
    });
  }
  const id = drawAction('choice', args, ctx);
  return drawnValue({ op: 'draw', id }, shape ?? [], dtype, DIMENSIONLESS, shape === null, args.loc);
}

/** permutation(x): a shuffled arange(x), or a shuffled copy of the array x (along its first axis). */
function permutation(args: CallArgs, ctx: EvalContext): Value {
  const x = args.positional[0] ?? args.keywords.get('x');
  if (!x) return ctx.fail('missing-argument', args.loc, { callee: 'numpy.random.permutation', name: 'x' });
  const id = drawAction('permutation', args, ctx);
  if (x.t === 'num' && x.int) return drawnValue({ op: 'draw', id }, [x.v], 'int', DIMENSIONLESS, false, args.loc);
  if (isCount(x)) return sizedBy(drawnValue({ op: 'draw', id }, [DYN_LEN], 'int', DIMENSIONLESS, false, args.loc), args);
  const ph = placeholder(x);
  if (ph.t !== 'array' && ph.t !== 'list' && ph.t !== 'tuple')
    return ctx.fail('type-error', args.loc, {
      detail: `numpy.random.permutation() needs an integer or an array, not ${describe(x)}`,
      hint: 'e.g. permutation(10)',
    });
  const shape = paramShape(ph);
  const dtype: DType = ph.t === 'array' ? ph.a.dtype : 'float';
  return sizedBy(drawnValue({ op: 'draw', id }, shape, dtype, DIMENSIONLESS, false, args.loc), args);
}

/** shuffle(x): x is shuffled in place (along its first axis); the array becomes the drawn one. */
function shuffle(args: CallArgs, ctx: EvalContext): Value {
  const x = args.positional[0] ?? args.keywords.get('x');
  if (!x) return ctx.fail('missing-argument', args.loc, { callee: 'numpy.random.shuffle', name: 'x' });
  if (x.t !== 'array' && x.t !== 'drawn')
    return ctx.fail('unsupported', args.loc, {
      what: `numpy.random.shuffle() of ${describe(x)}`,
      hint: 'shuffle a numpy array (np.array(...)), or use numpy.random.permutation()',
    });
  if (x.t === 'array' && x.a.view)
    return ctx.fail('unsupported', args.loc, { what: 'numpy.random.shuffle() of a view of another array', hint: 'shuffle the array itself, or a copy' });
  if (x.t === 'drawn' && x.scalar) return ctx.fail('type-error', args.loc, { detail: 'numpy.random.shuffle() needs an array', hint: 'shuffle an array' });
  const id = drawAction('shuffle', args, ctx);
  const shuffled: Drawn = sizedBy(drawnValue({ op: 'draw', id }, [...x.a.shape], x.a.dtype, x.dim, false, args.loc), args);
  morph(x, shuffled);
  return NONE;
}

function seed(args: CallArgs, ctx: EvalContext): Value {
  const a = args.positional[0] ?? args.keywords.get('seed');
  const loc = args.locs.positional[0] ?? args.loc;
  let value: number | null = null;
  if (a && a.t !== 'none') {
    if (a.t !== 'num' || !a.int)
      return ctx.fail('unsupported', loc, { what: 'numpy.random.seed() with anything but one integer', hint: 'seed with an integer, e.g. np.random.seed(42)' });
    value = seedValue(a.v, loc, ctx);
    if (ctx.script.seed === null) ctx.script.seed = { value, loc };
  }
  ctx.script.actions.push({ kind: 'seed', value, loc: args.loc });
  return NONE;
}

type Fn = (args: CallArgs, ctx: EvalContext) => Value;

const RANDOM: Record<string, Fn> = {
  ...Object.fromEntries(Object.entries(DRAWS).map(([name, spec]) => [name, distribution(name, spec)])),
  choice,
  permutation,
  shuffle,
  seed,
};

export const numpyRandomModule: Value = {
  t: 'module',
  name: 'numpy.random',
  members: (name) => {
    const f = RANDOM[name];
    if (f) return builtin(name, f);
    if (name === 'default_rng' || name === 'RandomState' || name === 'Generator' || name === 'get_state' || name === 'set_state') {
      return builtin(name, (args, ctx) =>
        ctx.fail('unsupported', args.loc, {
          what: `numpy.random.${name}()`,
          hint: "use numpy.random's own functions (rand, normal, ...) with numpy.random.seed(n), or rand() in Brian2 strings: they share Brian2's generator",
        }),
      );
    }
    return undefined;
  },
};
