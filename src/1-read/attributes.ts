// Attribute access on evaluator values: module members, methods of str/list/dict/arrays, and Brian2
// objects (delegated to brian2/attributes.ts).

import type { BinaryOperator, Loc } from '../../grammars/ast.js';
import { didYouMean } from '../diagnostics/diagnostic.js';
import { getObjectAttribute, setObjectAttribute } from './brian2/attributes.js';
import type { EvalContext } from './context.js';
import { iterate } from './iterate.js';
import { arrayAttribute } from './numpy.js';
import { drawnAttribute } from './drawn.js';
import { displayValue, equalValues, formatOne } from './operators.js';
import { arg } from './numeric.js';
import { opaqueMember } from './opaque-modules.js';
import { inertAttribute } from './figures.js';
import { builtin, describe, int, memberOfModule, NONE, str, type CallArgs, type Value } from './values.js';

function method(self: Value, name: string, f: (args: CallArgs, ctx: EvalContext) => Value): Value {
  return builtin(name, (args, ctx) => f(args, ctx));
}

function strAttribute(v: Extract<Value, { t: 'str' }>, name: string): Value | undefined {
  const s = v.v;
  const plain = (x: string) => str(x, v.loc);
  switch (name) {
    case 'format':
      return method(v, name, (args) => {
        let auto = 0;
        return plain(
          s.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
            if (m === '{{') return '{';
            if (m === '}}') return '}';
            const [key, spec] = (field ?? '').split(':');
            const val = key === '' ? args.positional[auto++] : /^\d+$/.test(key!) ? args.positional[Number(key)] : args.keywords.get(key!);
            if (!val) return m;
            if (!spec) return displayValue(val);
            const mm = /^(\d*)(?:\.(\d+))?([a-zA-Z]?)$/.exec(spec);
            return mm
              ? formatOne(val, mm[3] || 's', '', mm[1] ? Number(mm[1]) : undefined, mm[2] !== undefined ? Number(mm[2]) : undefined)
              : displayValue(val);
          }),
        );
      });
    case 'join':
      return method(v, name, (args, ctx) => {
        const a = arg(args, 0, 'iterable');
        if (!a) return ctx.fail('missing-argument', args.loc, { callee: 'join', name: 'iterable' });
        const items = iterate(a.value, a.loc, ctx, 'join()');
        const text = items.map((x) => (x.t === 'str' ? x.v : displayValue(x))).join(s);
        // '\n'.join([...lines...]) of literal strings keeps every character's place in the file.
        const located = (x: Value): x is Extract<Value, { t: 'str' }> => x.t === 'str' && x.offsets !== null && x.offsets.length === x.v.length + 1;
        if (!located(v) || !items.length || !items.every(located)) return plain(text);
        const offsets: number[] = [];
        items.forEach((x, k) => {
          if (k > 0) for (let j = 0; j < s.length; j++) offsets.push(v.offsets![j]!);
          for (let j = 0; j < x.v.length; j++) offsets.push(x.offsets![j]!);
        });
        const last = items[items.length - 1] as Extract<Value, { t: 'str' }>;
        offsets.push(last.offsets![last.v.length]!);
        return str(text, args.loc, offsets);
      });
    case 'upper':
      return method(v, name, () => plain(s.toUpperCase()));
    case 'lower':
      return method(v, name, () => plain(s.toLowerCase()));
    case 'strip':
      return method(v, name, () => plain(s.trim()));
    case 'replace':
      return method(v, name, (args) => {
        const a = args.positional[0];
        const b = args.positional[1];
        return a?.t === 'str' && b?.t === 'str' ? plain(s.split(a.v).join(b.v)) : plain(s);
      });
    case 'split':
      return method(v, name, (args) => {
        const sep = args.positional[0];
        const parts = sep?.t === 'str' ? s.split(sep.v) : s.trim().split(/\s+/).filter(Boolean);
        return { t: 'list', items: parts.map(plain) };
      });
    case 'startswith':
      return method(v, name, (args) => ({ t: 'bool', v: args.positional[0]?.t === 'str' && s.startsWith(args.positional[0].v) }));
    case 'endswith':
      return method(v, name, (args) => ({ t: 'bool', v: args.positional[0]?.t === 'str' && s.endsWith(args.positional[0].v) }));
    default:
      return undefined;
  }
}

/** Methods that change a list or dict in place (tainted inside output-only code: EvalContext.mutated). */
const MUTATING = new Set(['append', 'extend', 'insert', 'pop', 'reverse', 'sort', 'remove', 'clear', 'update', 'setdefault', 'popitem']);

function listAttribute(v: Extract<Value, { t: 'list' }>, name: string): Value | undefined {
  switch (name) {
    case 'append':
      return method(v, name, (args) => {
        v.items.push(args.positional[0] ?? NONE);
        return NONE;
      });
    case 'extend':
      return method(v, name, (args, ctx) => {
        for (const x of iterate(args.positional[0] ?? { t: 'list', items: [] }, args.loc, ctx, 'extend()')) v.items.push(x);
        return NONE;
      });
    case 'insert':
      return method(v, name, (args) => {
        const k = args.positional[0];
        v.items.splice(k?.t === 'num' ? k.v : 0, 0, args.positional[1] ?? NONE);
        return NONE;
      });
    case 'pop':
      return method(v, name, (args) => {
        const k = args.positional[0];
        const idx = k?.t === 'num' ? (k.v < 0 ? v.items.length + k.v : k.v) : v.items.length - 1;
        return v.items.splice(idx, 1)[0] ?? NONE;
      });
    case 'index':
      return method(v, name, (args) => int(v.items.findIndex((x) => equalValues(x, args.positional[0] ?? NONE))));
    case 'count':
      return method(v, name, (args) => int(v.items.filter((x) => equalValues(x, args.positional[0] ?? NONE)).length));
    case 'copy':
      return method(v, name, () => ({ t: 'list', items: [...v.items] }));
    case 'reverse':
      return method(v, name, () => {
        v.items.reverse();
        return NONE;
      });
    default:
      return undefined;
  }
}

function dictAttribute(v: Extract<Value, { t: 'dict' }>, name: string): Value | undefined {
  switch (name) {
    case 'get':
      return method(v, name, (args) => {
        const k = v.keys.findIndex((x) => equalValues(x, args.positional[0] ?? NONE));
        return k >= 0 ? v.values[k]! : (args.positional[1] ?? NONE);
      });
    case 'keys':
      return method(v, name, () => ({ t: 'list', items: [...v.keys] }));
    case 'values':
      return method(v, name, () => ({ t: 'list', items: [...v.values] }));
    case 'items':
      return method(v, name, () => ({ t: 'list', items: v.keys.map((k, j) => ({ t: 'tuple', items: [k, v.values[j]!] })) }));
    case 'update':
      return method(v, name, (args) => {
        const other = args.positional[0];
        const pairs: [Value, Value][] = other?.t === 'dict' ? other.keys.map((k, j) => [k, other.values[j]!]) : [];
        for (const [k, val] of args.keywords) pairs.push([str(k, args.loc), val]);
        for (const [k, val] of pairs) {
          const idx = v.keys.findIndex((x) => equalValues(x, k));
          if (idx >= 0) v.values[idx] = val;
          else {
            v.keys.push(k);
            v.values.push(val);
          }
        }
        return NONE;
      });
    case 'copy':
      return method(v, name, () => ({ t: 'dict', keys: [...v.keys], values: [...v.values] }));
    default:
      return undefined;
  }
}

export function attribute(v: Value, name: string, attrLoc: Loc, loc: Loc, ctx: EvalContext): Value {
  let found: Value | undefined;
  switch (v.t) {
    case 'inert':
      return inertAttribute(v, name);
    case 'unknown':
      return opaqueMember(v, name);
    case 'module':
      found = memberOfModule(v.members(name), v.name, name);
      if (found === undefined) {
        return ctx.fail('unknown-attribute', attrLoc, { object: v.name, name, hint: `the converter does not know ${v.name}.${name}` });
      }
      return found;
    case 'object':
      return getObjectAttribute(v.obj, name, attrLoc, loc, ctx);
    case 'function':
      if (name === '__name__') return str(v.name, loc);
      found = v.attrs?.get(name);
      break;
    case 'str':
      found = strAttribute(v, name);
      break;
    case 'list':
      found = listAttribute(v, name);
      if (found && MUTATING.has(name)) ctx.mutated(v);
      break;
    case 'dict':
      found = dictAttribute(v, name);
      if (found && MUTATING.has(name)) ctx.mutated(v);
      break;
    case 'array':
      found = arrayAttribute(v, name, loc);
      break;
    case 'drawn':
      found = drawnAttribute(v, name, loc, ctx, arrayAttribute);
      break;
    default:
      break;
  }
  if (found === undefined) {
    return ctx.fail('unknown-attribute', attrLoc, {
      object: describe(v),
      name,
      hint: didYouMean(name, [], 'check the attribute name'),
    });
  }
  return found;
}

export function setAttribute(
  obj: Value,
  name: string,
  value: Value,
  locs: { target: Loc; attr: Loc; value: Loc },
  ctx: EvalContext,
  index: { value: Value; loc: Loc } | null,
  augmented: { op: BinaryOperator; loc: Loc } | null = null,
): void {
  if (obj.t === 'object') {
    setObjectAttribute(obj.obj, name, value, locs, ctx, index, augmented);
    return;
  }
  if (obj.t === 'inert') return;
  if (obj.t === 'instance' || obj.t === 'class') {
    ctx.mutated(obj);
    obj.attrs.set(name, value);
    return;
  }
  if (obj.t === 'function') {
    ctx.mutated(obj);
    (obj.attrs ??= new Map()).set(name, value);
    return;
  }
  if (obj.t === 'module' && obj.setMember) {
    obj.setMember(name, value, locs.target);
    return;
  }
  if (obj.t === 'unknown') {
    if (!obj.why) return;
    ctx.failUnknown(obj, locs.target, 'this assignment');
  }
  ctx.fail('unsupported', locs.target, { what: `setting attributes on ${describe(obj)}`, hint: 'assign to a variable instead' });
}
