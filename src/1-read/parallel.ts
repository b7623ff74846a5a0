// Parallel dispatch of the script's own functions (multiprocessing pools, concurrent.futures executors,
// joblib's Parallel/delayed) evaluated as a serial map: the calls are made in the order of the inputs,
// as `map` would make them. Each call of a function that builds and runs its own network gives an
// independent simulation; running them in order gives each the same result as in its own process.

import type { EvalContext } from './context.js';
import { iterate } from './iterate.js';
import { arg, requireArg } from './numeric.js';
import { builtin, callArgs, NONE, type BuiltinFn, type CallArgs, type Value } from './values.js';
import { groupSlice, type Brian2Object, type ScriptAction } from './brian2/objects.js';

type Call = (fn: Value, args: CallArgs) => Value;

/** Objects a process (or thread) of the pool would simulate or change in its own copy. */
const SIMULATED = new Set([
  'NeuronGroup',
  'Synapses',
  'PoissonGroup',
  'SpikeGeneratorGroup',
  'PoissonInput',
  'SpikeMonitor',
  'EventMonitor',
  'StateMonitor',
  'PopulationRateMonitor',
]);

function touched(a: ScriptAction): Brian2Object | null {
  if (a.kind === 'set' || a.kind === 'set-delay') return a.owner.kind === 'Subgroup' ? groupSlice(a.owner).group : a.owner;
  if (a.kind === 'connect') return a.synapses;
  return null;
}

/**
 * A call made by a worker: it runs in its own process (or thread), on its own copy of the objects that
 * existed before the pool started it, so the script's own objects never see its changes. The serial
 * map reproduces that only for calls that leave those objects alone: building and running a network
 * of their own. Anything else is refused at the dispatching call.
 */
function isolated(what: string, args: CallArgs, ctx: EvalContext, call: Call): Call {
  // The objects of the script when the pool is asked to work (those of earlier calls are the workers' own).
  const before = new Set<Brian2Object>(ctx.script.objects.filter((o) => !ctx.workerObjects.has(o)));
  return (fn, a) => {
    const actionsBefore = ctx.script.actions.length;
    const objectsBefore = ctx.script.objects.length;
    const out = call(fn, a);
    for (const o of ctx.script.objects.slice(objectsBefore)) ctx.workerObjects.add(o);
    const fnName = fn.t === 'function' ? fn.name : 'the function';
    for (const action of ctx.script.actions.slice(actionsBefore)) {
      const o = touched(action);
      const outside =
        o && before.has(o)
          ? o
          : action.kind !== 'set' && action.kind !== 'set-delay' && action.kind !== 'connect'
            ? [...before].find((x) => SIMULATED.has(x.kind))
            : undefined;
      if (outside) {
        ctx.fail('unsupported', args.loc, {
          what: `${what} calling ${fnName}, which ${o ? 'changes' : action.kind === 'run' ? 'runs' : `calls ${action.kind}() on`} '${outside.pyName ?? outside.name}', created outside it`,
          hint: `each worker changes its own copy of the objects it did not create, so the script's objects never see it; build the objects inside ${fnName}, or call it without the pool`,
        });
      }
    }
    return out;
  };
}

/** An object with methods, as the evaluator sees it (a pool, an executor, a future). */
function object(name: string, methods: Record<string, BuiltinFn>): Value {
  const members = new Map(Object.entries(methods).map(([k, f]) => [k, builtin(k, f)]));
  return { t: 'module', name, members: (n) => members.get(n) };
}

function noteSerial(what: string, args: CallArgs, ctx: EvalContext): void {
  if (ctx.notedInert.has('parallel')) return;
  ctx.notedInert.add('parallel');
  ctx.note(`${what} is evaluated as a serial map: the calls are made one after the other, in the order of their inputs`, args.loc);
}

/** `f(x)` for each x of the iterable (or `f(*x)` with `star`), in order. */
function serialMap(
  fn: Value,
  iterable: { value: Value; loc: import('../../grammars/ast.js').Loc },
  star: boolean,
  args: CallArgs,
  ctx: EvalContext,
  call: Call,
): Value[] {
  return iterate(iterable.value, iterable.loc, ctx, 'the inputs of the map').map((x) =>
    call(fn, callArgs(star ? iterate(x, iterable.loc, ctx, 'the arguments') : [x], args.loc)),
  );
}

/** `pool.map(f, xs)` with several iterables (`executor.map(f, xs, ys)`): zipped like map(). */
function zippedMap(fn: Value, args: CallArgs, from: number, ctx: EvalContext, call: Call): Value[] {
  const lists = args.positional.slice(from).map((v, k) => iterate(v, args.locs.positional[from + k]!, ctx, 'the inputs of the map'));
  const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
  return Array.from({ length: n }, (_, k) =>
    call(
      fn,
      callArgs(
        lists.map((l) => l[k]!),
        args.loc,
      ),
    ),
  );
}

/** An object whose methods call the script's functions as workers (see isolated). */
function workerObject(name: string, what: string, methods: Record<string, BuiltinFn>): Value {
  const wrapped: Record<string, BuiltinFn> = {};
  for (const [k, f] of Object.entries(methods)) wrapped[k] = (a, c, call) => f(a, c, isolated(`${what}.${k}`, a, c, call));
  return object(name, wrapped);
}

/** The result of an asynchronous call, already computed. */
function ready(value: Value): Value {
  return object('an asynchronous result', {
    get: () => value,
    result: () => value,
    wait: () => NONE,
    ready: () => ({ t: 'bool', v: true }),
    successful: () => ({ t: 'bool', v: true }),
    done: () => ({ t: 'bool', v: true }),
  });
}

/** `f(*args, **kwds)` from a tuple of arguments and a dict of keywords. */
function applyWith(fn: Value, a: Value | undefined, kw: Value | undefined, args: CallArgs, ctx: EvalContext, call: Call): Value {
  const positional = a && a.t !== 'none' ? iterate(a, args.loc, ctx, 'the arguments') : [];
  const out = callArgs(positional, args.loc);
  if (kw && kw.t === 'dict') kw.keys.forEach((k, j) => k.t === 'str' && out.keywords.set(k.v, kw.values[j]!));
  return call(fn, out);
}

function pool(args: CallArgs, ctx: EvalContext): Value {
  noteSerial('multiprocessing.Pool', args, ctx);
  return workerObject('a multiprocessing Pool', 'multiprocessing.Pool', {
    map: (a, c, call) => ({ t: 'list', items: serialMap(requireArg(a, 0, 'func', 'map', c).value, requireArg(a, 1, 'iterable', 'map', c), false, a, c, call) }),
    imap: (a, c, call) => ({
      t: 'list',
      items: serialMap(requireArg(a, 0, 'func', 'imap', c).value, requireArg(a, 1, 'iterable', 'imap', c), false, a, c, call),
    }),
    imap_unordered: (a, c, call) => ({
      t: 'list',
      items: serialMap(requireArg(a, 0, 'func', 'imap_unordered', c).value, requireArg(a, 1, 'iterable', 'imap_unordered', c), false, a, c, call),
    }),
    starmap: (a, c, call) => ({
      t: 'list',
      items: serialMap(requireArg(a, 0, 'func', 'starmap', c).value, requireArg(a, 1, 'iterable', 'starmap', c), true, a, c, call),
    }),
    map_async: (a, c, call) =>
      ready({ t: 'list', items: serialMap(requireArg(a, 0, 'func', 'map_async', c).value, requireArg(a, 1, 'iterable', 'map_async', c), false, a, c, call) }),
    starmap_async: (a, c, call) =>
      ready({
        t: 'list',
        items: serialMap(requireArg(a, 0, 'func', 'starmap_async', c).value, requireArg(a, 1, 'iterable', 'starmap_async', c), true, a, c, call),
      }),
    apply: (a, c, call) => applyWith(requireArg(a, 0, 'func', 'apply', c).value, arg(a, 1, 'args')?.value, arg(a, 2, 'kwds')?.value, a, c, call),
    apply_async: (a, c, call) =>
      ready(applyWith(requireArg(a, 0, 'func', 'apply_async', c).value, arg(a, 1, 'args')?.value, arg(a, 2, 'kwds')?.value, a, c, call)),
    close: () => NONE,
    join: () => NONE,
    terminate: () => NONE,
  });
}

function executor(args: CallArgs, ctx: EvalContext): Value {
  noteSerial('the executor', args, ctx);
  return workerObject('an executor', 'the executor', {
    map: (a, c, call) => ({ t: 'list', items: zippedMap(requireArg(a, 0, 'fn', 'map', c).value, a, 1, c, call) }),
    submit: (a, c, call) => {
      const fn = requireArg(a, 0, 'fn', 'submit', c).value;
      const out = callArgs(a.positional.slice(1), a.loc);
      for (const [k, v] of a.keywords) out.keywords.set(k, v);
      return ready(call(fn, out));
    },
    shutdown: () => NONE,
  });
}

/** A process that runs its target when started. */
function process(args: CallArgs): Value {
  const target = args.keywords.get('target');
  const a = args.keywords.get('args');
  const kw = args.keywords.get('kwargs');
  return object('a multiprocessing Process', {
    start: (x, c, call) => {
      noteSerial('multiprocessing.Process', x, c);
      if (target && target.t !== 'none') applyWith(target, a, kw, x, c, isolated('multiprocessing.Process', x, c, call));
      return NONE;
    },
    // run() calls the target in this process, like a plain call.
    run: (x, c, call) => (target && target.t !== 'none' ? applyWith(target, a, kw, x, c, call) : NONE),
    join: () => NONE,
    close: () => NONE,
  });
}

const cpuCount: Value = builtin('cpu_count', (args) => ({
  t: 'unknown',
  why: 'the number of processors depends on the machine that runs the script',
  loc: args.loc,
}));

export const multiprocessingModule: Value = {
  t: 'module',
  name: 'multiprocessing',
  members: (n) => {
    if (n === 'Pool') return builtin('Pool', pool);
    if (n === 'Process') return builtin('Process', process);
    if (n === 'cpu_count') return cpuCount;
    if (n === 'get_context') return builtin('get_context', () => multiprocessingModule);
    if (n === 'freeze_support' || n === 'set_start_method') return builtin(n, () => NONE);
    return undefined;
  },
};

export const concurrentFuturesModule: Value = {
  t: 'module',
  name: 'concurrent.futures',
  members: (n) => {
    if (n === 'ProcessPoolExecutor' || n === 'ThreadPoolExecutor') return builtin(n, executor);
    // Futures are complete as soon as they are made: they come out in the order they went in.
    if (n === 'as_completed')
      return builtin(n, (args, ctx) => ({ t: 'list', items: iterate(requireArg(args, 0, 'fs', 'as_completed', ctx).value, args.loc, ctx, 'the futures') }));
    return undefined;
  },
};

/** joblib: `delayed(f)(x)` is the task `(f, (x,), {})`; `Parallel(...)(tasks)` makes the calls in order. */
export const joblibModule: Value = {
  t: 'module',
  name: 'joblib',
  members: (n) => {
    if (n === 'delayed') {
      return builtin('delayed', (args, ctx) => {
        const fn = requireArg(args, 0, 'function', 'delayed', ctx).value;
        return builtin('delayed', (a) => {
          const keys = [...a.keywords.keys()];
          return {
            t: 'tuple',
            items: [
              fn,
              { t: 'tuple', items: [...a.positional] },
              { t: 'dict', keys: keys.map((k) => ({ t: 'str', v: k, offsets: null, loc: a.loc })), values: keys.map((k) => a.keywords.get(k)!) },
            ],
          };
        });
      });
    }
    if (n === 'Parallel') {
      return builtin('Parallel', (args, ctx) => {
        noteSerial('joblib.Parallel', args, ctx);
        return builtin('Parallel', (a, c, call) => {
          const tasks = iterate(requireArg(a, 0, 'iterable', 'Parallel', c).value, a.loc, c, 'the tasks');
          return {
            t: 'list',
            items: tasks.map((task) => {
              const [fn, pos, kw] = iterate(task, a.loc, c, 'the task');
              if (!fn)
                return c.fail('type-error', a.loc, {
                  detail: 'Parallel() needs tasks made with delayed(f)(...)',
                  hint: 'write Parallel(n_jobs=...)(delayed(f)(x) for x in xs)',
                });
              return applyWith(fn, pos, kw, a, c, isolated('joblib.Parallel', a, c, call));
            }),
          };
        });
      });
    }
    if (n === 'cpu_count') return cpuCount;
    return undefined;
  },
};

/** pathos: `ProcessingPool(nodes=4).map(f, xs)` (several iterables zipped, like map()). */
export const pathosModule: Value = {
  t: 'module',
  name: 'pathos',
  members: (n) => {
    if (n === 'ProcessingPool' || n === 'ProcessPool' || n === 'ThreadPool' || n === 'ParallelPool' || n === 'SerialPool') {
      return builtin(n, (args, ctx) => {
        noteSerial(`pathos ${n}`, args, ctx);
        return workerObject('a pathos pool', `pathos ${n}`, {
          map: (a, c, call) => ({ t: 'list', items: zippedMap(requireArg(a, 0, 'f', 'map', c).value, a, 1, c, call) }),
          imap: (a, c, call) => ({ t: 'list', items: zippedMap(requireArg(a, 0, 'f', 'imap', c).value, a, 1, c, call) }),
          uimap: (a, c, call) => ({ t: 'list', items: zippedMap(requireArg(a, 0, 'f', 'uimap', c).value, a, 1, c, call) }),
          amap: (a, c, call) => ready({ t: 'list', items: zippedMap(requireArg(a, 0, 'f', 'amap', c).value, a, 1, c, call) }),
          pipe: (a, c, call) => call(requireArg(a, 0, 'f', 'pipe', c).value, callArgs(a.positional.slice(1), a.loc)),
          close: () => NONE,
          join: () => NONE,
          clear: () => NONE,
        });
      });
    }
    if (n === 'cpu_count') return cpuCount;
    return undefined;
  },
};
