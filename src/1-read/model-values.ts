// The values the model is built from must be the script's own: an inert value (a plot, a printed or
// plotted value, something computed under a condition on one) or a container changed by output-only
// code (EvalContext.tainted) exists only when the script runs, so it is refused where it reaches an
// object or an action, with the reason. Everything else an inert value touches stays inert and quiet.

import type { Loc } from '../../grammars/ast.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { EvalContext } from './context.js';
import type { Value } from './values.js';

/** What makes `v` unusable in the model, or null. */
function offending(v: Value, ctx: EvalContext, depth = 0): string | null {
  if (depth > 50) return null;
  if (v.t === 'inert') return v.what;
  if (ctx.tainted.has(v)) return 'a collection changed by code that only shows plots or printed values';
  switch (v.t) {
    case 'list':
    case 'tuple':
    case 'set':
      for (const x of v.items) {
        const o = offending(x, ctx, depth + 1);
        if (o) return o;
      }
      return null;
    case 'dict':
      for (const x of [...v.keys, ...v.values]) {
        const o = offending(x, ctx, depth + 1);
        if (o) return o;
      }
      return null;
    case 'equations':
      for (const p of v.parts) {
        for (const x of p.substitutions.values()) {
          const o = offending(x, ctx, depth + 1);
          if (o) return o;
        }
      }
      return null;
    default:
      return null;
  }
}

/** Fields of object records that point at other objects or names, not at values. */
const NOT_VALUES = new Set([
  'source',
  'target',
  'parent',
  'members',
  'owner',
  'synapses',
  'network',
  'ns',
  'explicitNamespace',
  'loc',
  'kind',
  'name',
  'pyName',
]);

/** Every `Value` in a record, with the location that best points at it. */
function valuesIn(record: object, loc: Loc, out: { v: Value; loc: Loc }[], depth = 0): void {
  if (depth > 4) return;
  for (const [k, x] of Object.entries(record)) {
    if (NOT_VALUES.has(k) || !x || typeof x !== 'object') continue;
    if (isValue(x)) out.push({ v: x, loc });
    else if (x instanceof Map) for (const y of x.values()) visit(y, loc, out, depth);
    else visit(x, loc, out, depth);
  }
}

function visit(x: unknown, loc: Loc, out: { v: Value; loc: Loc }[], depth: number): void {
  if (!x || typeof x !== 'object') return;
  if (isValue(x)) out.push({ v: x, loc });
  else if (Array.isArray(x)) x.forEach((y) => visit(y, loc, out, depth + 1));
  else {
    const r = x as { value?: unknown; loc?: Loc };
    if (r.value && r.loc && isValue(r.value)) out.push({ v: r.value, loc: r.loc });
    else valuesIn(x, r.loc ?? loc, out, depth + 1);
  }
}

function isValue(x: unknown): x is Value {
  return typeof (x as { t?: unknown }).t === 'string';
}

/** Refuse inert and tainted values in the objects and actions the script recorded (one error each). */
export function checkModelValues(ctx: EvalContext): void {
  const found: { v: Value; loc: Loc }[] = [];
  for (const o of ctx.script.objects) valuesIn(o, o.loc, found);
  for (const a of ctx.script.actions) valuesIn(a, a.loc, found);
  const seen = new Set<number>();
  for (const { v, loc } of found) {
    const why = offending(v, ctx);
    if (!why || seen.has(loc.start)) continue;
    seen.add(loc.start);
    ctx.diagnostics.push(
      diagnostic('value-error', ctx.span(loc), {
        detail: `this value comes from ${why}, which exists only when the script runs, and cannot be used in the model`,
        hint: 'give the model values computed from the script itself, not from plots or printed values',
      }),
    );
  }
}
