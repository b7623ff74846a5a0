// The table of external constants: names from the script used inside Brian2 strings. Brian2 looks them
// up when run() starts, so a constant reassigned between two run() calls takes its new value in the
// second run: such constants get one value per run.

import type { Loc } from '../../grammars/ast.js';
import type { Namespace } from '../1-read/brian2/objects.js';
import { drawnConstant } from './computed.js';
import type { Value } from '../1-read/values.js';
import { sameDim, type Dim } from '../units/dimension.js';
import type { MessageCode } from '../diagnostics/messages.js';
import type { Span } from '../diagnostics/source.js';
import type { ConstantIR } from './ir.js';

export function scalarOf(v: Value): { value: number; dim: Dim; integer: boolean } | null {
  if (v.t === 'num') return { value: v.v, dim: v.dim, integer: v.int };
  if (v.t === 'bool') return { value: v.v ? 1 : 0, dim: [0, 0, 0, 0, 0, 0, 0], integer: true };
  if (v.t === 'array' && v.a.data.length === 1 && v.a.shape.length === 0) return { value: v.a.data[0]!, dim: v.dim, integer: v.a.dtype !== 'float' };
  return null;
}

/**
 * The id under which a constant appears in generated code. Names starting with an underscore could
 * clash with the converter's temporaries (`_v` is the new value of `v`), so they get a prefix no
 * temporary uses; Brian2 itself fails on such a clash.
 */
export function baseId(name: string): string {
  return name.startsWith('_') ? `_c_${name}` : name;
}

/** What the table needs of the build context (which creates it: context.ts). */
export interface ConstantsContext {
  span(loc: Loc): Span;
  fail(code: MessageCode, loc: Loc | null, params?: Record<string, string | number>): never;
}

export class Constants {
  private readonly table = new Map<string, ConstantIR>();
  /** Namespace of each run() in order, set by the builder before objects are resolved. */
  runNamespaces: Namespace[] = [];

  constructor(private readonly ctx: ConstantsContext) {}

  list(): ConstantIR[] {
    return [...this.table.values()];
  }

  get(id: string): ConstantIR | undefined {
    return this.table.get(id);
  }

  /** A name resolved in the run namespace, first used in run number `firstRun`. */
  fromRun(name: string, value: Value, firstRun: number, loc: Loc): ConstantIR {
    const s = this.scalar(name, value, loc);
    const existing = this.table.get(baseId(name));
    if (existing && existing.perRun === undefined && existing.value === s.value && sameDim(existing.dim, s.dim)) return existing;
    if (existing && existing.perRun !== undefined) return existing;
    const perRun: number[] = [];
    let last = s.value;
    for (let r = 0; r < this.runNamespaces.length; r++) {
      const v = r < firstRun ? undefined : this.runNamespaces[r]!.get(name);
      // A later run() that sees a value known only when the script runs (set in code that depends on a
      // plot or on the simulation's results) is refused: keeping the earlier value would be another model.
      if (v && (v.t === 'inert' || v.t === 'unknown')) this.scalar(name, v, loc);
      const sv = v ? scalarOf(v) : null;
      if (sv && sameDim(sv.dim, s.dim)) last = sv.value;
      perRun.push(r < firstRun ? s.value : last);
    }
    const varies = perRun.some((x) => x !== perRun[0]);
    const c: ConstantIR = { id: this.freeId(name), name, value: s.value, dim: s.dim, integer: s.integer, span: this.ctx.span(loc) };
    if (varies) c.perRun = perRun;
    this.table.set(c.id, c);
    return c;
  }

  /** A name from an object's own `namespace=` dict: one value for all runs. */
  fixed(name: string, value: Value, loc: Loc): ConstantIR {
    const s = this.scalar(name, value, loc);
    for (const c of this.table.values()) {
      if (c.name === name && c.perRun === undefined && c.value === s.value && sameDim(c.dim, s.dim)) return c;
    }
    const c: ConstantIR = { id: this.freeId(name), name, value: s.value, dim: s.dim, integer: s.integer, span: this.ctx.span(loc) };
    this.table.set(c.id, c);
    return c;
  }

  private freeId(name: string): string {
    const base = baseId(name);
    if (!this.table.has(base)) return base;
    for (let k = 1; ; k++) if (!this.table.has(`${base}_${k}`)) return `${base}_${k}`;
  }

  private scalar(name: string, value: Value, loc: Loc) {
    const s = scalarOf(value);
    if (!s && value.t === 'inert') {
      return this.ctx.fail('value-error', loc, {
        detail: `'${name}' comes from ${value.what}, which exists only when the script runs, and cannot be used in the model`,
        hint: 'give it a value computed from the script itself, not from plots or printed values',
      });
    }
    if (!s && value.t === 'drawn') return drawnConstant(this.ctx, name, loc);
    if (!s) {
      return this.ctx.fail('type-error', loc, {
        detail: `'${name}' is ${value.t === 'array' ? 'an array' : value.t === 'list' ? 'a list' : 'not a number'} and cannot be used in Brian2 code`,
        hint: 'use a single number or quantity, or store per-neuron values in a model variable',
      });
    }
    return s;
  }
}
