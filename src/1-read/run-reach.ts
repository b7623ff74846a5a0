// Where can the script still reach run()? A syntactic over-approximation, used to tell model building
// from post-processing: statements after the last one that may reach run() cannot change any run, so
// they are not evaluated. Over-approximating is safe (more is evaluated); missing a way to reach run()
// would silently drop a run, so every way a function can travel counts: a call, a reference passed on
// (`map(sim, xs)`, `Pool().map(sim, xs)`, `dict(train=train)`), a lambda, a name bound to any of these.

import type { Expr, Stmt } from '../../grammars/ast.js';

/** Functions that call the functions they are given, and return data (their results), not functions. */
const CALLING_FUNCTIONS = new Set(['map']);
/** Methods that call the functions they are given (multiprocessing pools, executors): results are data. */
const CALLING_METHODS = new Set(['map', 'starmap', 'imap', 'imap_unordered', 'map_async', 'starmap_async', 'apply', 'apply_async', 'submit']);
/** Calls of the object that `Parallel(...)` returns (joblib) call the tasks they are given. */
const CALLING_FACTORIES = new Set(['Parallel']);

/**
 * Names that may lead to run(): `run`, functions whose bodies may reach it, and names that may hold
 * such a function (`f = sim`, `cmds = dict(train=train)`, `tasks = [delayed(sim)(x) for x in xs]`).
 * A name holding only what such a function returned (`results = [sim(x) for x in xs]`) is data.
 */
export function runnersOf(body: Stmt[]): Set<string> {
  const runners = new Set<string>(['run']);
  /** Functions that may return a function leading to run() (factories, dispatchers). */
  const leaky = new Set<string>();
  const defs: Extract<Stmt, { kind: 'FunctionDef' }>[] = [];
  const bindings: { targets: Expr[]; value: unknown }[] = [];
  collect(body, defs, bindings);
  const allCalls = calls(body);
  const add = (set: Set<string>, name: string) => {
    if (set.has(name)) return false;
    set.add(name);
    return true;
  };
  let changed = true;
  while (changed) {
    changed = false;
    const holds = (e: unknown) => mayHoldRunner(e, runners, leaky);
    for (const d of defs) {
      if (mentionsRun(d.body, runners)) changed = add(runners, d.name) || changed;
      if (returns(d.body).some(holds)) changed = add(leaky, d.name) || changed;
      // A function given a runner as argument may call it through its parameters.
      if (allCalls.some((c) => c.func.kind === 'Name' && c.func.id === d.name && c.args.some((a) => holds(a.value)))) {
        for (const p of d.params) changed = add(runners, p.name) || changed;
      }
    }
    for (const b of bindings) {
      if (!holds(b.value)) continue;
      for (const name of b.targets.flatMap(targetNames)) changed = add(runners, name) || changed;
    }
    // `handlers.append(sim)`, `d.update(train=train)`: the container now holds a runner.
    for (const c of allCalls) {
      if (c.func.kind !== 'Attribute' || CALLING_METHODS.has(c.func.attr)) continue;
      if (!c.args.some((a) => holds(a.value))) continue;
      for (const name of targetNames(c.func.value)) changed = add(runners, name) || changed;
    }
  }
  return runners;
}

/** Whether the value of `e` may be (or contain) a function leading to run(). */
function mayHoldRunner(e: unknown, runners: Set<string>, leaky: Set<string>): boolean {
  if (Array.isArray(e)) return e.some((x) => mayHoldRunner(x, runners, leaky));
  if (!e || typeof e !== 'object') return false;
  const x = e as Expr;
  const holds = (y: unknown) => mayHoldRunner(y, runners, leaky);
  switch (x.kind) {
    case 'Name':
      return runners.has(x.id);
    case 'Attribute':
      return x.attr === 'run' || runners.has(x.attr) || holds(x.value);
    case 'Lambda':
      return mentionsRun(x.body, runners);
    case 'Call': {
      const args = x.args.some((a) => holds(a.value));
      const f = x.func;
      if (f.kind === 'Name') return leaky.has(f.id) || (!CALLING_FUNCTIONS.has(f.id) && args);
      if (f.kind === 'Attribute') return !CALLING_METHODS.has(f.attr) && (holds(f.value) || args);
      if (
        f.kind === 'Call' &&
        ((f.func.kind === 'Name' && CALLING_FACTORIES.has(f.func.id)) || (f.func.kind === 'Attribute' && CALLING_FACTORIES.has(f.func.attr)))
      )
        return false;
      return holds(f) || args;
    }
    case 'Compare':
    case 'Str':
    case 'FStr':
    case 'Num':
    case 'Const':
      return false;
    case 'Comprehension':
      return holds(x.elt) || holds(x.value);
    default:
      for (const [k, v] of Object.entries(x)) if (k !== 'loc' && k !== 'offsets' && v && typeof v === 'object' && holds(v)) return true;
      return false;
  }
}

/** The values a function body returns (not those of functions nested in it). */
function returns(body: Stmt[]): Expr[] {
  const out: Expr[] = [];
  const visit = (s: Stmt): void => {
    if (s.kind === 'Return' && s.value) out.push(s.value);
    else if (s.kind === 'If' || s.kind === 'For' || s.kind === 'While') [...s.body, ...s.orelse].forEach(visit);
    else if (s.kind === 'With') s.body.forEach(visit);
    else if (s.kind === 'Try') [...s.body, ...s.handlers.flatMap((h) => h.body), ...s.orelse, ...s.finalbody].forEach(visit);
  };
  body.forEach(visit);
  return out;
}

/** Every call expression of the script (nested functions included). */
function calls(root: unknown): Extract<Expr, { kind: 'Call' }>[] {
  const out: Extract<Expr, { kind: 'Call' }>[] = [];
  const todo: unknown[] = [root];
  while (todo.length) {
    const node = todo.pop();
    if (Array.isArray(node)) {
      todo.push(...node);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    if ((node as { kind?: string }).kind === 'Call') out.push(node as Extract<Expr, { kind: 'Call' }>);
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && k !== 'offsets' && v && typeof v === 'object') todo.push(v);
  }
  return out;
}

/** Every function definition and name binding of the script, at any depth. */
function collect(body: Stmt[], defs: Extract<Stmt, { kind: 'FunctionDef' }>[], bindings: { targets: Expr[]; value: unknown }[]): void {
  const visit = (s: Stmt): void => {
    switch (s.kind) {
      case 'FunctionDef':
        defs.push(s);
        // A decorator may wrap the function (the name then holds what the decorator returned).
        if (s.decorators.length) bindings.push({ targets: [{ kind: 'Name', id: s.name, loc: s.loc }], value: s.decorators });
        s.body.forEach(visit);
        return;
      case 'ClassDef':
        s.body.forEach(visit);
        return;
      case 'Assign':
        bindings.push({ targets: s.targets, value: s.value });
        return;
      case 'AugAssign':
      case 'AnnAssign':
        bindings.push({ targets: [s.target], value: s.value });
        return;
      case 'For':
        bindings.push({ targets: [s.target], value: s.iter });
        [...s.body, ...s.orelse].forEach(visit);
        return;
      case 'While':
      case 'If':
        [...s.body, ...s.orelse].forEach(visit);
        return;
      case 'With':
        for (const item of s.items) if (item.target) bindings.push({ targets: [item.target], value: item.context });
        s.body.forEach(visit);
        return;
      case 'Try':
        [...s.body, ...s.handlers.flatMap((h) => h.body), ...s.orelse, ...s.finalbody].forEach(visit);
        return;
      default:
        return;
    }
  };
  body.forEach(visit);
}

/** Names bound by an assignment target (`a`, `a, (b, c)`, `*rest`); attributes and items bind nothing by name. */
function targetNames(t: Expr): string[] {
  if (t.kind === 'Name') return [t.id];
  if (t.kind === 'Tuple' || t.kind === 'List') return t.elts.flatMap(targetNames);
  if (t.kind === 'Starred') return targetNames(t.value);
  // `d['k'] = sim` / `obj.f = sim`: the container's name now leads to run().
  if (t.kind === 'Subscript' || t.kind === 'Attribute') return targetNames(t.value);
  return [];
}

/**
 * Whether the tree under `root` may reach run(): a name of `runners` (called or passed on), any
 * `.run` attribute (`net.run(...)`, `f = net.run`) or attribute named like a runner (a method). A nested function definition does not run its
 * body; its name counts where it is used.
 */
export function mentionsRun(root: unknown, runners: Set<string>): boolean {
  // An explicit stack: expressions in scripts can be long chains (`a + b + ...`).
  const todo: unknown[] = [root];
  while (todo.length) {
    const node = todo.pop();
    if (Array.isArray(node)) {
      todo.push(...node);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const n = node as { kind?: string };
    if (n.kind === 'Name' && runners.has((node as { id: string }).id)) return true;
    // A method that may reach run(), called on an object: `sim.simulate()`.
    if (n.kind === 'Attribute' && ((node as { attr: string }).attr === 'run' || runners.has((node as { attr: string }).attr))) return true;
    if (n.kind === 'FunctionDef') {
      // Only the decorators and defaults are evaluated where the function is defined.
      const d = node as Extract<Stmt, { kind: 'FunctionDef' }>;
      todo.push(
        d.decorators,
        d.params.map((p) => p.defaultValue),
      );
      continue;
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && k !== 'offsets' && v && typeof v === 'object') todo.push(v);
  }
  return false;
}

/**
 * Index of the last statement of `body` that may reach run() (-1 if none); definitions do not count.
 * In order: a function defined in the block under the name of a runner (`def run(frame): ...` for an
 * animation, after the simulation) rebinds that name, and later mentions of it reach the new function.
 */
export function lastRunIndex(body: Stmt[], runners: Set<string>): number {
  let last = -1;
  let active = runners;
  body.forEach((s, k) => {
    if (s.kind === 'FunctionDef' || s.kind === 'ClassDef') {
      const runs = s.kind === 'FunctionDef' ? s.decorators.length > 0 || mentionsRun(s.body, active) : mentionsRun(s.body, active);
      if (!runs && active.has(s.name)) {
        active = new Set(active);
        active.delete(s.name);
      } else if (runs && !active.has(s.name)) active = new Set([...active, s.name]);
      return;
    }
    if (mentionsRun(s, active)) last = k;
  });
  return last;
}

/**
 * The one call of a statement through which it reaches run(), when there is exactly one mention and
 * it is called directly, outside comprehensions, lambdas and loops (so it runs at most once, and
 * nothing of the statement after it can reach run()). The body of that call is then the statement's
 * continuation; otherwise null.
 */
export function soleRunCall(stmt: Stmt, runners: Set<string>): Expr | null {
  const mentions: { node: unknown; repeated: boolean }[] = [];
  const calls = new Map<unknown, boolean>();
  const walk = (node: unknown, repeated: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((x) => walk(x, repeated));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { kind?: string };
    if (n.kind === 'Name' && runners.has((node as { id: string }).id)) mentions.push({ node, repeated });
    if (n.kind === 'Attribute' && ((node as { attr: string }).attr === 'run' || runners.has((node as { attr: string }).attr)))
      mentions.push({ node, repeated });
    if (n.kind === 'Call') calls.set((node as { func: unknown }).func, repeated);
    if (n.kind === 'FunctionDef') return;
    const inner = repeated || n.kind === 'Comprehension' || n.kind === 'Lambda' || n.kind === 'For' || n.kind === 'While';
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && k !== 'offsets' && v && typeof v === 'object') walk(v, inner);
  };
  // Only simple statements: a block's statements are judged one by one by the evaluator.
  if (stmt.kind !== 'Expr' && stmt.kind !== 'Assign' && stmt.kind !== 'AnnAssign' && stmt.kind !== 'Return') return null;
  walk(stmt, false);
  if (mentions.length !== 1 || mentions[0]!.repeated) return null;
  const m = mentions[0]!.node;
  // The mention must be the called function itself: `sim(...)`, `net.run(...)`.
  for (const [func, repeated] of calls) if (func === m && !repeated) return findCall(stmt, m);
  return null;
}

function findCall(root: unknown, func: unknown): Expr | null {
  const todo: unknown[] = [root];
  while (todo.length) {
    const node = todo.pop();
    if (Array.isArray(node)) {
      todo.push(...node);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    if ((node as { kind?: string }).kind === 'Call' && (node as { func: unknown }).func === func) return node as Expr;
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && k !== 'offsets' && v && typeof v === 'object') todo.push(v);
  }
  return null;
}
