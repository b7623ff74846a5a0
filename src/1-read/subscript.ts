// Indexing and slicing of evaluator values: Python sequences, dicts, numpy arrays (numpy's indexing in
// any number of dimensions, ndarray-index.ts) and Brian2 groups (G[10:20] makes a subgroup).

import type { Loc } from '../../grammars/ast.js';
import { DIMENSIONLESS, formatDim, isDimensionless } from '../units/dimension.js';
import type { EvalContext } from './context.js';
import { subgroupOf } from './brian2/attributes.js';
import { BroadcastError } from './ndarray.js';
import { gather, IndexError, type IndexItem, scatter, select, sliceIndices } from './ndarray-index.js';
import { matchingUnits, result, toArray } from './numpy-args.js';
import { selectPositions } from './positions.js';
import { rIndex } from './numpy-create.js';
import { displayValue, equalValues, rangeLength } from './operators.js';
import { isArgv, isEnviron } from './process-env.js';
import { inertItem } from './figures.js';
import { describe, int, str, type Value, opaque } from './values.js';
import { attachMorphology, compartmentIndexValue } from './brian2/morphology.js';
import { drawnGetItem, drawnSetItem, holdsDrawn } from './drawn.js';

export { sliceIndices };

/** A numpy index (`a[1, :, None]`, `a[mask]`, `a[[0, 2]]`) as index items. */
function indexItems(idx: Value, loc: Loc, ctx: EvalContext): IndexItem[] {
  const one = (x: Value): IndexItem => {
    switch (x.t) {
      case 'num':
        if (!x.int || !isDimensionless(x.dim))
          return ctx.fail('value-error', loc, {
            detail: 'only integers, slices, None, Ellipsis and integer or boolean arrays are valid indices',
            hint: 'use whole numbers, e.g. int(x)',
          });
        return { k: 'int', i: x.v };
      case 'bool':
        return ctx.fail('unsupported', loc, { what: 'indexing an array with a single True or False', hint: 'use a boolean array of the same length' });
      case 'slice':
        return x.ellipsis ? { k: 'ellipsis' } : { k: 'slice', start: x.start, stop: x.stop, step: x.step };
      case 'none':
        return { k: 'newaxis' };
      case 'lazy':
        if (!x.values) return ctx.fail('not-static', loc, { what: 'this index', hint: 'per-neuron or per-synapse values are known only when the model runs' });
        return { k: 'array', a: x.values };
      case 'array':
      case 'list':
      case 'range': {
        const a = toArray(x, loc, ctx, 'the index').a;
        // An empty list indexes nothing (numpy takes it as an integer array).
        return { k: 'array', a: a.data.length === 0 ? { ...a, dtype: 'int' } : a };
      }
      case 'unknown':
        return ctx.failUnknown(x, loc, 'the index');
      default:
        return ctx.fail('type-error', loc, { detail: `${describe(x)} cannot index an array`, hint: 'use integers, slices, None or integer/boolean arrays' });
    }
  };
  return idx.t === 'tuple' ? idx.items.map(one) : [one(idx)];
}

function located<T>(f: () => T, loc: Loc, ctx: EvalContext): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof IndexError || e instanceof BroadcastError)
      return ctx.fail('value-error', loc, { detail: e.message, hint: 'check the index against the shape of the array' });
    throw e;
  }
}

function arrayItem(v: Extract<Value, { t: 'array' }>, idx: Value, loc: Loc, ctx: EvalContext): Value {
  const items = indexItems(idx, loc, ctx);
  return located(
    () => {
      const sel = select(v.a.shape, items);
      return result(gather(v.a, sel), v.dim);
    },
    loc,
    ctx,
  );
}

export function getItem(v: Value, idx: Value, loc: Loc, idxLoc: Loc, ctx: EvalContext): Value {
  if (v.t === 'inert') return inertItem(v, idx, idxLoc, ctx);
  // `M.i[:]` is still the monitor's recording; any other item or part is not.
  if (v.t === 'unknown') return idx.t === 'slice' && idx.start === null && idx.stop === null && idx.step === null && !idx.dim ? v : opaque(v);
  if (idx.t === 'unknown') return opaque(idx);
  // A morphology as an index (`neuron.area[morpho.axon[40*um]]`) stands for its compartments' indices.
  if (v.t !== 'object') idx = compartmentIndexValue(idx) ?? idx;
  if (idx.t === 'slice' && idx.dim && v.t !== 'object')
    ctx.fail('type-error', idxLoc, { detail: 'only morphologies and spatial neurons can be sliced with lengths', hint: 'use integer bounds' });
  if (v.t === 'drawn' || holdsDrawn(idx)) return drawnGetItem(v, idx, loc, idxLoc, ctx, getItem);
  switch (v.t) {
    case 'list':
    case 'tuple': {
      if (isArgv(v, ctx) && idx.t === 'num' && (idx.v >= v.items.length || idx.v < -v.items.length)) {
        ctx.pyError('IndexError', 'value-error', idxLoc, {
          detail: `the script reads the command-line argument sys.argv[${idx.v}], and \`python ${v.items[0]?.t === 'str' ? v.items[0].v : 'script.py'}\` gives none`,
          hint: 'guard it (if len(sys.argv) > 1, or try/except IndexError) with a default, or write the value into the script',
        });
      }
      const pos = selectPositions(idx, v.items.length, idxLoc, ctx);
      if (typeof pos === 'number') return v.items[pos]!;
      if (idx.t !== 'slice')
        ctx.fail('type-error', idxLoc, { detail: 'list indices must be integers or slices', hint: 'convert the list with array(...) first' });
      return { t: v.t, items: pos.map((k) => v.items[k]!) };
    }
    case 'str': {
      const pos = selectPositions(idx, v.v.length, idxLoc, ctx);
      const ks = typeof pos === 'number' ? [pos] : pos;
      return str(ks.map((k) => v.v[k]).join(''), loc, v.offsets ? [...ks.map((k) => v.offsets![k]!), (v.offsets[ks[ks.length - 1] ?? 0] ?? 0) + 1] : null);
    }
    case 'dict': {
      const k = v.keys.findIndex((x) => equalValues(x, idx));
      if (k < 0 && isEnviron(v, ctx)) {
        ctx.pyError('KeyError', 'value-error', idxLoc, {
          detail: `the environment variable ${idx.t === 'str' ? idx.v : displayValue(idx)} is read here, and the script is converted with no environment variables of its own`,
          hint: "read it with os.environ.get('NAME', default), or write the value into the script",
        });
      }
      if (k < 0) ctx.pyError('KeyError', 'value-error', idxLoc, { detail: 'this key is not in the dict', hint: 'check the key' });
      return v.values[k]!;
    }
    case 'range': {
      const items = Array.from({ length: rangeLength(v) }, (_, k) => v.start + k * v.step);
      const pos = selectPositions(idx, items.length, idxLoc, ctx);
      if (typeof pos === 'number') return int(items[pos]!);
      return { t: 'list', items: pos.map((k) => int(items[k]!)) };
    }
    case 'array':
      return arrayItem(v, idx, idxLoc, ctx);
    case 'lazy':
      if (idx.t === 'slice' && idx.start === null && idx.stop === null && idx.step === null) return v;
      if (v.values) return arrayItem({ t: 'array', a: v.values, dim: v.dim ?? DIMENSIONLESS }, idx, idxLoc, ctx);
      // Known only when the project runs: harmless when only printed, a located error when the model uses it.
      return {
        t: 'unknown',
        why: "reading part of a per-neuron variable while the model is built is not supported; use the whole variable (v[:]) or a Brian2 string such as 'v_rest + i*mV'",
        loc: idxLoc,
      };
    case 'object':
      // `M[0]`: a monitor's recorded data for one index, known once the simulation has run.
      if (v.obj.kind === 'StateMonitor' || v.obj.kind === 'SpikeMonitor' || v.obj.kind === 'EventMonitor' || v.obj.kind === 'PopulationRateMonitor') {
        return { t: 'unknown', why: `the data of the monitor ${v.obj.pyName ?? v.obj.name} is known only after the simulation has run`, loc, afterRun: true };
      }
      return subgroupOf(v.obj, idx, loc, idxLoc, ctx);
    case 'builtin':
      // numpy.r_[a, b, ...] concatenates.
      if (v.name === 'r_') return rIndex(idx, idxLoc, ctx);
      return ctx.fail('type-error', loc, { detail: `${describe(v)} cannot be indexed`, hint: 'call it with (...) instead' });
    case 'num':
    case 'bool':
      // A numpy scalar indexed by () or [...] is itself.
      if ((idx.t === 'slice' && idx.ellipsis) || (idx.t === 'tuple' && idx.items.length === 0)) return v;
      return ctx.fail('type-error', loc, { detail: `${describe(v)} cannot be indexed`, hint: 'index an array or a list' });
    default:
      return ctx.fail('type-error', loc, { detail: `${describe(v)} cannot be indexed`, hint: 'index an array, a list or a group' });
  }
}

/**
 * `a[idx] = value` on an array, in place (views included). A plain (dimensionless) array stores the
 * value's magnitude, as numpy does with a Quantity; an array with units needs the same units (or 0).
 */
function setArrayItem(container: Extract<Value, { t: 'array' }>, idx: Value, value: Value, loc: Loc, ctx: EvalContext): void {
  const v = toArray(value, loc, ctx, 'the assigned value');
  if (!isDimensionless(container.dim) && !matchingUnits({ a: container.a, dim: container.dim, scalar: false }, v)) {
    ctx.fail('unit-mismatch', loc, {
      detail: `cannot store a value in ${formatDim(v.dim)} in an array in ${formatDim(container.dim)}`,
      hint: `give the value in ${formatDim(container.dim)}`,
    });
  }
  const items = indexItems(idx, loc, ctx);
  located(() => scatter(container.a, select(container.a.shape, items), v.a), loc, ctx);
}

/**
 * An array given a value known only when the model runs (`w[S.i[:], S.j[:]] = S.w[:]`, or a monitor's
 * data after run()): the array becomes unknown too, so only a later use in the model is an error
 * (plotting it is fine). Null when the assignment can be evaluated.
 */
export function taintedBy(container: Value, idx: Value, value: Value, loc: Loc): Extract<Value, { t: 'unknown' }> | null {
  if (container.t !== 'array') return null;
  for (const v of [value, idx]) {
    if (v.t === 'lazy' && !v.values)
      return { t: 'unknown', why: 'it was given per-neuron or per-synapse values, which are known only when the model runs', loc };
    if (v.t === 'unknown' && v.why) return { t: 'unknown', why: v.why, loc, ...(v.afterRun ? { afterRun: true } : {}) };
  }
  return null;
}

export function setItem(container: Value, idx: Value, value: Value, loc: Loc, ctx: EvalContext): void {
  ctx.mutated(container);
  if (container.t === 'drawn' || holdsDrawn(idx) || holdsDrawn(value)) {
    drawnSetItem(container, idx, value, loc, ctx, setItem);
    return;
  }
  switch (container.t) {
    case 'list': {
      const pos = selectPositions(idx, container.items.length, loc, ctx);
      if (typeof pos !== 'number') ctx.fail('unsupported', loc, { what: 'slice assignment to a list', hint: 'build a new list instead' });
      container.items[pos as number] = value;
      return;
    }
    case 'dict': {
      const k = container.keys.findIndex((x) => equalValues(x, idx));
      if (k >= 0) container.values[k] = value;
      else {
        container.keys.push(idx);
        container.values.push(value);
      }
      return;
    }
    case 'array':
      setArrayItem(container, idx, value, loc, ctx);
      return;
    case 'unknown':
    case 'inert':
      return;
    case 'module':
      if (container.setItem) {
        container.setItem(idx, value, loc);
        return;
      }
      ctx.fail('type-error', loc, { detail: `${describe(container)} does not support item assignment`, hint: 'assign to a list, dict or array' });
      return;
    case 'object':
      // `morpho['axon'] = Cylinder(...)`
      if (container.obj.kind === 'Morphology' && idx.t === 'str') {
        attachMorphology(container.obj, idx.v, value, loc, loc, ctx);
        return;
      }
      ctx.fail('type-error', loc, { detail: `${describe(container)} does not support item assignment`, hint: 'assign to a list, dict or array' });
      return;
    default:
      ctx.fail('type-error', loc, { detail: `${describe(container)} does not support item assignment`, hint: 'assign to a list, dict or array' });
  }
}

export { DIMENSIONLESS };
