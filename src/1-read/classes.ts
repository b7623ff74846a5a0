// Classes of the script, as plain Python runs them: a class body runs once and its names become the
// class's attributes; calling the class makes an instance and runs `__init__`; attributes are looked up
// on the instance, then on the class and its bases; functions found on the class are bound to the
// instance (staticmethod, classmethod and property as Python's decorators make them). Scripts use
// classes to wrap a simulation (`sim = Sim(); sim.run_trial()`); metaclasses, `super()` and special
// methods beyond `__init__` and `__call__` are refused where used.

import type { Loc } from '../../grammars/ast.js';
import type { EvalContext } from './context.js';
import { builtin, callArgs, str, type CallArgs, type Value } from './values.js';

export type ClassValue = Extract<Value, { t: 'class' }>;
export type InstanceValue = Extract<Value, { t: 'instance' }>;
type Call = (fn: Value, args: CallArgs) => Value;

/** How a function defined in a class body is bound (set by the decorators below). */
const KINDS = new WeakMap<object, 'static' | 'class' | 'property'>();

export const classDecorators: Record<string, Value> = {
  staticmethod: builtin('staticmethod', (a) => mark(a.positional[0], 'static')),
  classmethod: builtin('classmethod', (a) => mark(a.positional[0], 'class')),
  property: builtin('property', (a) => mark(a.positional[0], 'property')),
};

function mark(f: Value | undefined, kind: 'static' | 'class' | 'property'): Value {
  if (!f) return { t: 'none' };
  KINDS.set(f, kind);
  return f;
}

/** An attribute of the class or its bases (the class first). */
export function classLookup(cls: ClassValue | null, name: string): Value | undefined {
  for (let c = cls; c; c = c.base) {
    const v = c.attrs.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A function bound to its first argument (a method of an instance, or a classmethod's class). */
function bound(fn: Value, self: Value, name: string): Value {
  return builtin(name, (args, _ctx, call) =>
    call(fn, { ...args, positional: [self, ...args.positional], locs: { ...args.locs, positional: [args.loc, ...args.locs.positional] } }),
  );
}

/** `obj.name` on an instance or a class. */
export function classAttribute(v: ClassValue | InstanceValue, name: string, loc: Loc, attrLoc: Loc, ctx: EvalContext, call: Call): Value {
  if (v.t === 'instance') {
    const own = v.attrs.get(name);
    if (own !== undefined) return own;
    if (name === '__class__') return v.cls;
    if (name === '__dict__') return { t: 'dict', keys: [...v.attrs.keys()].map((k) => str(k, loc)), values: [...v.attrs.values()] };
  } else {
    if (name === '__name__') return str(v.name, loc);
  }
  const cls = v.t === 'instance' ? v.cls : v;
  const found = classLookup(cls, name);
  if (found === undefined) {
    return ctx.pyError('AttributeError', 'unknown-attribute', attrLoc, {
      object: v.t === 'instance' ? `${v.cls.name} object` : `class ${v.name}`,
      name,
      hint: `'${name}' is not set on it`,
    });
  }
  const kind = KINDS.get(found);
  if (kind === 'static') return found;
  if (kind === 'class') return bound(found, cls, name);
  if (found.t !== 'function') return found;
  if (v.t !== 'instance') return found;
  if (kind === 'property') return call(found, callArgs([v], loc));
  return bound(found, v, name);
}

/** `Cls(...)`: a new instance, initialised by `__init__`. */
export function instantiate(cls: ClassValue, args: CallArgs, ctx: EvalContext, call: Call): Value {
  const self: InstanceValue = { t: 'instance', cls, attrs: new Map() };
  const init = classLookup(cls, '__init__');
  if (init) call(init, { ...args, positional: [self, ...args.positional], locs: { ...args.locs, positional: [args.loc, ...args.locs.positional] } });
  else if (args.positional.length || args.keywords.size)
    ctx.fail('type-error', args.loc, { detail: `${cls.name}() takes no arguments`, hint: `define ${cls.name}.__init__ to take them` });
  return self;
}
