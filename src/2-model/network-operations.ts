// Network operations → IR: for each `@network_operation` / `NetworkOperation(f)` of the script, its slot,
// its clock and its body translated (host-code.ts), the functions of the script the bodies call, and the
// script's variables they read or change, with the value each has when every run() starts (Python's live
// globals: a variable changed between two runs is seen changed by the second).

import type { Loc } from '../../grammars/ast.js';
import type { Brian2Object, CapturedName, EvaluatedScript, FunctionValue, NetworkOperationObj } from '../1-read/brian2/objects.js';
import { functionNames, type FunctionNames } from '../1-read/function-names.js';
import type { Value } from '../1-read/values.js';
import { formatDim, isDimensionless, sameDim, SECOND, type Dim } from '../units/dimension.js';
import { computedOf } from './computed.js';
import type { BuildEnv } from './env.js';
import type { GroupInfo } from './groups.js';
import { FunctionTranslator, type HostTables } from './host-code.js';
import { nameMeaning, type Meaning } from './host-names.js';
import type { HostConstIR, HostFunctionIR, HostGlobalIR, MonitorIR, NetworkOperationIR } from './ir.js';
import { checkSlot } from './slots.js';
import type { SynapsesInfo } from './synapses.js';

export interface OperationsIR {
  operations: NetworkOperationIR[];
  functions: HostFunctionIR[];
  globals: HostGlobalIR[];
}

const namesCache = new WeakMap<FunctionValue, FunctionNames>();
function namesOf(f: FunctionValue): FunctionNames {
  let n = namesCache.get(f);
  if (!n) namesCache.set(f, (n = functionNames(f.params, f.body ?? [])));
  return n;
}

export function buildNetworkOperations(
  script: EvaluatedScript,
  kept: ReadonlySet<Brian2Object>,
  runsOf: ReadonlyMap<Brian2Object, number[]>,
  env: BuildEnv,
  groups: ReadonlyMap<string, GroupInfo>,
  synapses: ReadonlyMap<string, SynapsesInfo>,
  monitors: readonly MonitorIR[],
  runCount: number,
): OperationsIR {
  const ctx = env.ctx;
  const out: OperationsIR = { operations: [], functions: [], globals: [] };
  // Operations of no run() are left out with the other objects (build.ts's note).
  const ops = script.objects.filter((o): o is NetworkOperationObj => o.kind === 'NetworkOperation' && kept.has(o));
  if (!ops.length) return out;
  const monitorsById = new Map(monitors.map((m) => [m.id, m]));
  /** Globals by the scope holding the variable, then its name. */
  const globalsByHolder = new Map<object, Map<string, HostGlobalIR & { dims: (Dim | null)[] }>>();
  const globalIds = new Set<string>();
  const functionIds = new Map<FunctionValue, string>();
  const functionNamesTaken = new Set<string>();
  /** Per global: whether the script binds it before some run, whether a body assigns it, where it is first used, by whom. */
  const existence = new Map<HostGlobalIR, { bound: boolean; assigners: Set<FunctionValue>; loc: Loc; who: string }>();
  /** Per function: the `global` names it reads before it assigns them. */
  const readsFirst = new Map<FunctionValue, Set<string>>();

  for (const op of ops) {
    ctx.attempt(() => {
      const who = `the network operation '${op.function.name}'`;
      // What its names are in the runs it takes part in (a name rebound for later runs without it does not matter).
      const runs = (runsOf.get(op) ?? []).filter((k) => op.captures.has(k));
      if (!runs.length) {
        ctx.script.notes.push({ message: `${who} is created after the last run(): it never runs`, loc: op.loc });
        return;
      }
      /** Captures of `fn` in the runs where it was reachable. */
      const capturesOf = (fn: FunctionValue) => runs.map((k) => ({ run: k, names: op.captures.get(k)!.get(fn) ?? null }));

      const globalFor = (holder: object | null, name: string, loc: Loc): HostGlobalIR & { dims: (Dim | null)[] } => {
        const key = holder ?? script;
        let byName = globalsByHolder.get(key);
        if (!byName) globalsByHolder.set(key, (byName = new Map()));
        let g = byName.get(name);
        if (!g) {
          let id = name;
          for (let k = 2; globalIds.has(id); k++) id = `${name}_${k}`;
          globalIds.add(id);
          g = { id, name, state: false, values: Array.from({ length: runCount }, () => null), span: ctx.span(loc), dims: [] };
          byName.set(name, g);
          out.globals.push(g);
        }
        return g;
      };

      const tables: HostTables = {
        ctx,
        groups,
        synapses,
        monitors: monitorsById,
        timedArray: (obj) => env.timedArray({ t: 'object', obj }),
        resolve: (fn, name, loc) => {
          const caps = capturesOf(fn).filter((c) => c.names?.has(name));
          const declared = namesOf(fn).declared.has(name);
          const seen = caps.map((c) => ({ run: c.run, c: c.names!.get(name)! }));
          const isData = (c: CapturedName) =>
            c.kind === 'state' || (c.kind === 'bound' && nameMeaning(name, c).m === 'data') || (declared && c.kind === 'unbound');
          if (declared || seen.some((x) => isData(x.c))) {
            if (!seen.every((x) => isData(x.c)))
              return ctx.fail('network-operation', loc, {
                who,
                detail: `uses '${name}', which the script binds to values of different kinds in different runs`,
                hint: 'keep one kind of value in the variable',
              });
            const holder = seen.map((x) => (x.c.kind === 'bound' || x.c.kind === 'state' ? x.c.holder : null)).find((h) => h) ?? null;
            const g = globalFor(holder, name, loc);
            if (declared || namesOf(fn).changed.has(name) || seen.some((x) => x.c.kind === 'state')) g.state = true;
            const ex = existence.get(g) ?? { bound: false, assigners: new Set<FunctionValue>(), loc, who };
            if (seen.some((x) => x.c.kind === 'bound' || x.c.kind === 'state')) ex.bound = true;
            if (declared && namesOf(fn).changed.has(name)) ex.assigners.add(fn);
            existence.set(g, ex);
            for (const x of seen) {
              if (x.c.kind !== 'bound') continue;
              g.values[x.run] = constOf(x.c.value, name, loc);
              g.dims[x.run] = dimOf(x.c.value);
            }
            const dims = g.dims.filter((d, k) => g.values[k] !== null);
            const dim = dims.length && dims.every((d) => d && dims[0] && sameDim(d, dims[0])) ? dims[0]! : null;
            return { m: 'global', id: g.id, dim };
          }
          const meanings = seen.map((x) => nameMeaning(name, x.c));
          if (!meanings.length) return { m: 'unbound' };
          const first = meanings[0]!;
          if (meanings.some((m) => !sameMeaning(m, first)))
            return ctx.fail('network-operation', loc, {
              who,
              detail: `uses '${name}', which the script binds to different things in different runs`,
              hint: 'bind the name once, before the first run()',
            });
          return first;
        },
        readFirst: (fn, name) => {
          let set = readsFirst.get(fn);
          if (!set) readsFirst.set(fn, (set = new Set()));
          set.add(name);
        },
        functionId: (fn, loc) => {
          const done = functionIds.get(fn);
          if (done) return done;
          if (fn === op.function)
            return ctx.fail('network-operation', loc, {
              who,
              detail: 'calls itself',
              hint: 'Brian2 calls the operation: move the shared part into another function',
            });
          if (!fn.body) return ctx.fail('network-operation', loc, { who, detail: `calls the lambda ${fn.name}`, hint: 'define it with def' });
          let id = fn.name;
          for (let k = 2; functionNamesTaken.has(id); k++) id = `${fn.name}_${k}`;
          functionNamesTaken.add(id);
          functionIds.set(fn, id);
          if (fn.params.some((p) => p.star !== ''))
            ctx.fail('network-operation', loc, {
              who,
              detail: `calls ${fn.name}(), which takes *args or **kwargs`,
              hint: 'give the function plain parameters',
            });
          const params = fn.params.map((p, k) => ({
            name: p.name,
            default: fn.defaults[k] ? { e: 'const' as const, value: constOf(fn.defaults[k]!, p.name, loc) } : null,
          }));
          const entry: HostFunctionIR = { id, pyName: fn.name, params, body: [], span: ctx.span(fn.body[0]?.loc ?? loc) };
          out.functions.push(entry);
          try {
            entry.body = new FunctionTranslator(tables, fn, namesOf(fn), null, `the function '${fn.name}' (called by ${who})`, false).translate(fn.body);
          } catch (e) {
            // Not translated: the next call reports the error again (the first may be in a pass that ignores it).
            functionIds.delete(fn);
            functionNamesTaken.delete(id);
            out.functions.splice(out.functions.indexOf(entry), 1);
            throw e;
          }
          return id;
        },
      };
      const constOf = (v: Value, name: string, loc: Loc): HostConstIR => hostConst(v, name, loc, who, env);

      const when = op.when ? checkSlot(op.when.value, op.when.loc, ctx) : 'start';
      const dt = op.dt ? seconds(op.dt.value, op.dt.loc, env) : null;
      const fn = op.function;
      const timeParam = fn.params.find((p) => p.star === '')?.name ?? null;
      const body = new FunctionTranslator(tables, fn, namesOf(fn), timeParam, who, true).translate(fn.body ?? []);
      out.operations.push({
        kind: 'NetworkOperation',
        id: op.name,
        pyName: fn.name,
        slot: { when, order: op.order?.value ?? 0 },
        dt,
        timeParam,
        body,
        span: ctx.span(op.functionLoc),
      });
    });
  }
  // `global x` that the script never binds and that every body reads before assigning: Python's NameError when an operation runs.
  for (const [g, ex] of existence) {
    // Some function assigns it before it reads it: it may exist when the others read it.
    if (ex.bound || [...ex.assigners].some((fn) => !readsFirst.get(fn)?.has(g.name))) continue;
    ctx.attempt(() =>
      ctx.fail('network-operation', ex.loc, {
        who: ex.who,
        detail: `reads '${g.name}', which the script never binds and no operation assigns before reading it (Python: NameError when it runs)`,
        hint: `give ${g.name} a value before run()`,
      }),
    );
  }
  // A value equal to the previous run's is not set again (a large array is written once).
  for (const g of out.globals) {
    let last: string | null = null;
    g.values = g.values.map((v) => {
      if (v === null) return null;
      const text = JSON.stringify(v);
      if (text === last) return null;
      last = text;
      return v;
    });
    delete (g as Partial<{ dims: unknown }>).dims;
  }
  return out;
}

function seconds(v: Value, loc: Loc, env: BuildEnv): number {
  if (v.t !== 'num' || !sameDim(v.dim, SECOND) || !(v.v > 0)) {
    return env.ctx.fail('unit-mismatch', loc, {
      detail: `the dt of a network operation must be a positive time${v.t === 'num' ? `, not ${formatDim(v.dim)}` : ''}`,
      hint: 'e.g. dt=1*ms',
    });
  }
  return v.v;
}

function dimOf(v: Value): Dim | null {
  if (v.t === 'num' || v.t === 'array') return v.dim;
  if (v.t === 'bool') return [0, 0, 0, 0, 0, 0, 0];
  return null;
}

function sameMeaning(a: Meaning, b: Meaning): boolean {
  if (a.m !== b.m) return false;
  switch (a.m) {
    case 'object':
      return a.obj === (b as typeof a).obj;
    case 'function':
      return a.fn === (b as typeof a).fn;
    case 'module':
    case 'numpy':
    case 'math':
    case 'builtin':
      return a.name === (b as typeof a).name;
    case 'unit':
      return a.scale === (b as typeof a).scale;
    case 'number':
      return a.v === (b as typeof a).v;
    default:
      return true;
  }
}

/** A value of the script as the project gives it to a body. */
function hostConst(v: Value, name: string, loc: Loc, who: string, env: BuildEnv): HostConstIR {
  const ctx = env.ctx;
  switch (v.t) {
    case 'num':
      return { kind: 'number', v: v.v, int: v.int, numpy: !isDimensionless(v.dim) };
    case 'bool':
      return { kind: 'bool', v: v.v };
    case 'none':
      return { kind: 'none' };
    case 'str':
      return { kind: 'str', v: v.v };
    case 'array':
      return { kind: 'array', values: Array.from(v.a.data), shape: [...v.a.shape], dtype: v.a.dtype };
    case 'list':
    case 'tuple':
    case 'set':
      return { kind: v.t, items: v.items.map((x) => hostConst(x, name, loc, who, env)) };
    case 'dict':
      return { kind: 'dict', keys: v.keys.map((x) => hostConst(x, name, loc, who, env)), values: v.values.map((x) => hostConst(x, name, loc, who, env)) };
    case 'range':
      return {
        kind: 'list',
        items: Array.from({ length: Math.max(0, Math.ceil((v.stop - v.start) / v.step)) }, (_, k) => ({
          kind: 'number',
          v: v.start + k * v.step,
          int: true,
          numpy: false,
        })),
      };
    case 'drawn':
      return { kind: 'computed', node: computedOf(v, ctx) };
    default:
      return ctx.fail('network-operation', loc, {
        who,
        detail: `uses '${name}', which holds ${v.t === 'unknown' ? 'a value the converter cannot know' : 'a value the project cannot hold'} when run() is called`,
        hint: 'give it a number, a string, an array or a list of them',
      });
  }
}
