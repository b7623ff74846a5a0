// What a network operation's function sees when a run() starts: Python looks its free names up when it
// runs (the module's live globals, the enclosing function's variables), so at every run() the reader
// records, for each operation and every function of the script it may call, what each free name is
// then. Variables a body changes (`global x` assigned, `x[k] = ...`, `x.append(...)`) are the
// operation's state while the simulation runs: after the run() the script cannot know them, so they
// become values known only after the simulation, and a later run() sees them go on unless the script
// binds them again.

import type { Loc } from '../../../grammars/ast.js';
import type { EvalContext } from '../context.js';
import { functionNames, type FunctionNames } from '../function-names.js';
import { copy as copyArray } from '../ndarray.js';
import type { Scope } from '../scope.js';
import type { Value } from '../values.js';
import type { CapturedName, FunctionValue, NetworkOperationObj } from './objects.js';

const namesCache = new WeakMap<FunctionValue, FunctionNames>();

function namesOf(f: FunctionValue): FunctionNames {
  let n = namesCache.get(f);
  if (!n) {
    n = functionNames(f.params, f.body ?? []);
    namesCache.set(f, n);
  }
  return n;
}

/** Values left in the script for variables an operation changes: recognised at the next run(). */
const stateMarkers = new WeakSet<Value>();

/** The scope whose variable `name` is (for a function whose closure is `scope`), and the value. */
function lookupBound(scope: Scope, name: string, global: boolean): { scope: Scope; value: Value } | null {
  for (let s: Scope | null = global ? scope.root() : scope; s; s = s.parent) {
    const v = s.vars.get(name);
    if (v !== undefined) return { scope: s, value: v };
  }
  return null;
}

/** A copy that later changes made by the script (item assignment, append) do not reach. */
function frozen(v: Value): Value {
  switch (v.t) {
    case 'array':
      return { ...v, a: copyArray(v.a) };
    case 'list':
    case 'tuple':
    case 'set':
      return { ...v, items: v.items.map(frozen) };
    case 'dict':
      return { ...v, keys: v.keys.map(frozen), values: v.values.map(frozen) };
    default:
      return v;
  }
}

/** A value a body may change as its own state (numbers, containers), unlike Brian2 objects, modules and functions. */
function isData(v: Value): boolean {
  return !['object', 'module', 'function', 'builtin', 'class', 'instance', 'inert'].includes(v.t);
}

/**
 * At a run(): record, for every network operation created so far, what its function (and the functions
 * it may call) see now; then the variables the operations change become values known only after the
 * simulation in the script.
 */
export function captureOperations(ctx: EvalContext, run: number, loc: Loc): void {
  const ops = ctx.script.objects.filter((o): o is NetworkOperationObj => o.kind === 'NetworkOperation');
  const changed: { scope: Scope; name: string; op: NetworkOperationObj }[] = [];
  for (const op of ops) {
    const seen = new Map<FunctionValue, Map<string, CapturedName>>();
    const visit = (f: FunctionValue) => {
      if (seen.has(f)) return;
      const names = namesOf(f);
      const table = new Map<string, CapturedName>();
      seen.set(f, table);
      for (const name of names.free) {
        const captured = capture(f.closure, name, names.declared.has(name));
        table.set(name, captured.name);
        if (captured.name.kind === 'bound' && captured.name.value.t === 'function') visit(captured.name.value);
        const n = captured.name;
        if (captured.holder && names.changed.has(name) && (n.kind === 'state' || (n.kind === 'bound' && isData(n.value))))
          changed.push({ scope: captured.holder, name, op });
        // `global x` assigned by the body while x does not exist yet: the body creates it.
        if (!captured.holder && names.declared.has(name) && names.changed.has(name)) changed.push({ scope: f.closure.root(), name, op });
      }
    };
    visit(op.function);
    op.captures.set(run, seen);
  }
  for (const c of changed) {
    if (stateMarkers.has(c.scope.vars.get(c.name) as Value)) continue;
    const marker: Value = {
      t: 'unknown',
      why: `the network operation '${c.op.function.name}' changes '${c.name}' while the simulation runs`,
      loc,
      afterRun: true,
    };
    stateMarkers.add(marker);
    c.scope.vars.set(c.name, marker);
  }
}

function capture(scope: Scope, name: string, global: boolean): { name: CapturedName; holder: Scope | null } {
  const bound = lookupBound(scope, name, global);
  if (bound) {
    if (stateMarkers.has(bound.value)) return { name: { kind: 'state', holder: bound.scope }, holder: bound.scope };
    return { name: { kind: 'bound', value: frozen(bound.value), holder: bound.scope }, holder: bound.scope };
  }
  const root = scope.root();
  for (const s of root.starImports) {
    const v = s.lookup(name);
    if (v !== undefined) return { name: { kind: 'star', module: s.module, value: v }, holder: null };
  }
  const b = root.lookup(name);
  return { name: b === undefined ? { kind: 'unbound' } : { kind: 'builtin', value: b }, holder: null };
}
