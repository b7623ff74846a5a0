// Substitution as sympy's subs, xreplace and replace do it for symbols and applied functions: bottom
// up, every node whose arguments changed is rebuilt with its constructor, so it is evaluated again.

import { Add, fn, Logic, Mul, Not, Pow, Rel } from './core.js';
import { type Ex, keyOf } from './expr.js';

/** Rebuild `e` from new arguments (`self.func(*args)`). */
export function rebuild(e: Ex, args: Ex[]): Ex {
  switch (e.t) {
    case 'add':
      return Add(...args);
    case 'mul':
      return Mul(...args);
    case 'pow':
      return Pow(args[0]!, args[1]!);
    case 'fn':
      return fn(e.fn, ...args);
    case 'rel':
      return Rel(e.op, args[0]!, args[1]!);
    case 'and':
    case 'or':
      return Logic(e.t, ...args);
    case 'not':
      return Not(args[0]!);
    default:
      return e;
  }
}

function childrenOf(e: Ex): Ex[] {
  switch (e.t) {
    case 'add':
    case 'mul':
    case 'fn':
    case 'and':
    case 'or':
      return e.args;
    case 'pow':
      return [e.b, e.e];
    case 'rel':
      return [e.a, e.b];
    case 'not':
      return [e.a];
    default:
      return [];
  }
}

/** Replace whole subexpressions equal to a key of `map` (by structure), rebuilding what changed. */
export function subs(e: Ex, map: Map<string, Ex>): Ex {
  const hit = map.get(keyOf(e));
  if (hit) return hit;
  const kids = childrenOf(e);
  if (!kids.length) return e;
  let changed = false;
  const next = kids.map((c) => {
    const n = subs(c, map);
    if (n !== c) changed = true;
    return n;
  });
  return changed ? rebuild(e, next) : e;
}

export function subs1(e: Ex, old: Ex, repl: Ex): Ex {
  return subs(e, new Map([[keyOf(old), repl]]));
}

/** Basic.replace(FunctionClass, f): every application of `name`, bottom up, becomes f(*args). */
export function replaceFunction(e: Ex, name: string, f: (...args: Ex[]) => Ex): Ex {
  const kids = childrenOf(e);
  let rv = e;
  if (kids.length) {
    let changed = false;
    const next = kids.map((c) => {
      const n = replaceFunction(c, name, f);
      if (n !== c) changed = true;
      return n;
    });
    if (changed) rv = rebuild(e, next);
  }
  if (rv.t === 'fn' && rv.fn === name) return f(...rv.args);
  return rv;
}
