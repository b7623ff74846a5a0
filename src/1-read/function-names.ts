// The names a function of the script uses, by Python's scoping rules, read from its syntax tree: a name
// assigned anywhere in the body is local (unless declared `global`/`nonlocal`), parameters are local,
// comprehension and lambda variables belong to the comprehension or lambda; every other name the body
// reads is free, and Python looks it up when the function runs (the module's live globals, or the
// enclosing function's cells). Used for network operations, whose bodies run during the simulation
// and see the script's variables as they are then.

import type { Expr, Param, Stmt } from '../../grammars/ast.js';

export interface FunctionNames {
  /** Names bound inside the function (parameters included), not declared global. */
  locals: Set<string>;
  /** Names declared `global` (or `nonlocal`) in the body. */
  declared: Set<string>;
  /** Names read or written that are not local, in order of first use. */
  free: string[];
  /**
   * Free names the body changes: assigned after `global x`, or changed in place (`x[k] = ...`,
   * `x[k] += ...`, `x.attr = ...`, `x.append(...)` and the other mutating methods of lists, dicts, sets
   * and arrays). Whether a change in place really changes state depends on the value (a group's
   * `G.v = ...` does not make G state); the caller decides with the value in hand.
   */
  changed: Set<string>;
}

/** Methods of Python's lists, dicts, sets and numpy arrays that change the object they are called on. */
export const MUTATING_METHODS = new Set([
  'append',
  'extend',
  'insert',
  'pop',
  'remove',
  'clear',
  'sort',
  'reverse',
  'update',
  'add',
  'discard',
  'setdefault',
  'popitem',
  'fill',
  'resize',
  'put',
  'itemset',
  'partition',
  'setflags',
]);

export function functionNames(params: Param[], body: Stmt[]): FunctionNames {
  const locals = new Set(params.map((p) => p.name));
  const declared = new Set<string>();
  // Pass 1: what the body binds (Python decides locality for the whole body before running it).
  const bindTarget = (t: Expr): void => {
    if (t.kind === 'Name') locals.add(t.id);
    else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(bindTarget);
    else if (t.kind === 'Starred') bindTarget(t.value);
  };
  const bindings = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      switch (s.kind) {
        case 'Assign':
          s.targets.forEach(bindTarget);
          break;
        case 'AugAssign':
        case 'AnnAssign':
          bindTarget(s.target);
          break;
        case 'For':
          bindTarget(s.target);
          bindings(s.body);
          bindings(s.orelse);
          break;
        case 'While':
        case 'If':
          bindings(s.body);
          bindings(s.orelse);
          break;
        case 'With':
          for (const item of s.items) if (item.target) bindTarget(item.target);
          bindings(s.body);
          break;
        case 'Try':
          bindings(s.body);
          for (const h of s.handlers) {
            if (h.name) locals.add(h.name);
            bindings(h.body);
          }
          bindings(s.orelse);
          bindings(s.finalbody);
          break;
        case 'FunctionDef':
        case 'ClassDef':
          locals.add(s.name);
          break;
        case 'Import':
        case 'ImportFrom':
          for (const n of s.names) if (n.name !== '*') locals.add(n.asname ?? n.name.split('.')[0]!);
          break;
        case 'Global':
          s.names.forEach((n) => declared.add(n));
          break;
        case 'Del':
          s.targets.forEach(bindTarget);
          break;
        default:
          break;
      }
    }
  };
  bindings(body);
  for (const d of declared) locals.delete(d);

  const free: string[] = [];
  const seen = new Set<string>();
  const changed = new Set<string>();
  const use = (name: string, shadow: ReadonlySet<string>) => {
    if (locals.has(name) || shadow.has(name) || seen.has(name)) return;
    seen.add(name);
    free.push(name);
  };
  /** The free name at the root of `x[...]`/`x.a` chains, if any. */
  const rootName = (e: Expr, shadow: ReadonlySet<string>): string | null => {
    let x = e;
    while (x.kind === 'Subscript' || x.kind === 'Attribute') x = x.value;
    return x.kind === 'Name' && !locals.has(x.id) && !shadow.has(x.id) ? x.id : null;
  };
  const expr = (e: Expr | null, shadow: ReadonlySet<string>): void => {
    if (!e) return;
    switch (e.kind) {
      case 'Name':
        use(e.id, shadow);
        return;
      case 'Num':
      case 'Str':
      case 'Const':
      case 'Ellipsis':
        return;
      case 'FStr':
        for (const p of e.parts) if (typeof p !== 'string') expr(p.expr, shadow);
        return;
      case 'List':
      case 'Tuple':
      case 'Set':
        e.elts.forEach((x) => expr(x, shadow));
        return;
      case 'Dict':
        e.keys.forEach((k) => expr(k, shadow));
        e.values.forEach((v) => expr(v, shadow));
        return;
      case 'Call': {
        expr(e.func, shadow);
        e.args.forEach((a) => expr(a.value, shadow));
        if (e.func.kind === 'Attribute' && MUTATING_METHODS.has(e.func.attr)) {
          const root = rootName(e.func.value, shadow);
          if (root) changed.add(root);
        }
        return;
      }
      case 'Attribute':
        expr(e.value, shadow);
        return;
      case 'Subscript':
        expr(e.value, shadow);
        expr(e.index, shadow);
        return;
      case 'Slice':
        expr(e.lower, shadow);
        expr(e.upper, shadow);
        expr(e.step, shadow);
        return;
      case 'BinOp':
        expr(e.left, shadow);
        expr(e.right, shadow);
        return;
      case 'UnaryOp':
        expr(e.operand, shadow);
        return;
      case 'BoolOp':
        e.values.forEach((v) => expr(v, shadow));
        return;
      case 'Compare':
        expr(e.left, shadow);
        e.comparators.forEach((c) => expr(c, shadow));
        return;
      case 'IfExp':
        expr(e.test, shadow);
        expr(e.body, shadow);
        expr(e.orelse, shadow);
        return;
      case 'Lambda': {
        const inner = new Set([...shadow, ...e.params.map((p) => p.name)]);
        e.params.forEach((p) => expr(p.defaultValue, shadow));
        expr(e.body, inner);
        return;
      }
      case 'Comprehension': {
        const inner = new Set(shadow);
        e.generators.forEach((g, k) => {
          // The first iterable is evaluated in the enclosing scope; later ones see earlier targets.
          expr(g.iter, k === 0 ? shadow : inner);
          targetNames(g.target).forEach((n) => inner.add(n));
          g.ifs.forEach((c) => expr(c, inner));
        });
        expr(e.elt, inner);
        expr(e.value, inner);
        return;
      }
      case 'Starred':
        expr(e.value, shadow);
        return;
    }
  };
  const none = new Set<string>();
  const target = (t: Expr): void => {
    if (t.kind === 'Name') {
      if (declared.has(t.id)) {
        use(t.id, none);
        changed.add(t.id);
      }
      return;
    }
    if (t.kind === 'Tuple' || t.kind === 'List') return t.elts.forEach(target);
    if (t.kind === 'Starred') return target(t.value);
    // x[k] = ..., x.a = ...: the root object is read (and changed in place).
    expr(t, none);
    const root = rootName(t, none);
    if (root) changed.add(root);
  };
  const stmts = (list: Stmt[]): void => {
    for (const s of list) {
      switch (s.kind) {
        case 'Expr':
          expr(s.value, none);
          break;
        case 'Assign':
          expr(s.value, none);
          s.targets.forEach(target);
          break;
        case 'AugAssign':
          expr(s.value, none);
          if (s.target.kind === 'Name') use(s.target.id, none);
          target(s.target);
          break;
        case 'AnnAssign':
          expr(s.value, none);
          target(s.target);
          break;
        case 'If':
        case 'While':
          expr(s.test, none);
          stmts(s.body);
          stmts(s.orelse);
          break;
        case 'For':
          expr(s.iter, none);
          target(s.target);
          stmts(s.body);
          stmts(s.orelse);
          break;
        case 'With':
          for (const item of s.items) {
            expr(item.context, none);
            if (item.target) target(item.target);
          }
          stmts(s.body);
          break;
        case 'Try':
          stmts(s.body);
          for (const h of s.handlers) {
            expr(h.type, none);
            stmts(h.body);
          }
          stmts(s.orelse);
          stmts(s.finalbody);
          break;
        case 'Return':
        case 'Yield':
          expr(s.value, none);
          break;
        case 'Del':
          s.targets.forEach((t) => (t.kind === 'Name' ? undefined : target(t)));
          break;
        case 'Assert':
          expr(s.test, none);
          expr(s.msg, none);
          break;
        case 'Raise':
          expr(s.exc, none);
          break;
        case 'FunctionDef': {
          // A nested function: its defaults and decorators are read here; its body's free names that are
          // not locals of this function are free here too (closures).
          s.params.forEach((p) => expr(p.defaultValue, none));
          s.decorators.forEach((d) => expr(d, none));
          const inner = functionNames(s.params, s.body);
          inner.free.forEach((n) => use(n, none));
          break;
        }
        case 'ClassDef':
          s.bases.forEach((b) => expr(b.value, none));
          s.decorators.forEach((d) => expr(d, none));
          break;
        default:
          break;
      }
    }
  };
  stmts(body);
  return { locals, declared, free, changed };
}

/** Names bound by an assignment target. */
export function targetNames(t: Expr): string[] {
  if (t.kind === 'Name') return [t.id];
  if (t.kind === 'Tuple' || t.kind === 'List') return t.elts.flatMap(targetNames);
  if (t.kind === 'Starred') return targetNames(t.value);
  return [];
}
