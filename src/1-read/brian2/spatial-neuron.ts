// SpatialNeuron in the evaluator: the constructor (Brian2's signature; the neuron keeps a copy of the
// morphology, numbered depth-first), its subtrees as subgroups (`neuron.axon`, `neuron.main`, Brian2's
// SpatialSubgroup), segments (`neuron[10*um:20*um]`, `neuron[morpho.axon]`) and the geometry it exposes
// as constant arrays (`neuron.distance`, `neuron.area[k]`), which scripts use to initialise variables.

import type { Loc } from '../../../grammars/ast.js';
import { flatten } from '../../morphology/flat.js';
import { lengthSlice, type MorphologySection } from '../../morphology/section.js';
import { isDimensionless, sameDim, type Dim } from '../../units/dimension.js';
import { bindArgs } from '../calls.js';
import type { EvalContext } from '../context.js';
import { describe, type CallArgs, type Value } from '../values.js';
import { namespaceArg, refuseOrder, requestedName, stripIgnored } from './constructors.js';
import { objectClock } from './clocks.js';
import { compartmentIndexValue, located, METRE, morphologyObject } from './morphology.js';
import type { SpatialNeuronObj, SubgroupObj } from './objects.js';
import { customEvents } from './events.js';

export function SpatialNeuron(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs(
    'SpatialNeuron',
    [
      'morphology',
      'model',
      'threshold',
      'refractory',
      'reset',
      'events',
      'threshold_location',
      'dt',
      'clock',
      'order',
      'Cm',
      'Ri',
      'name',
      'dtype',
      'namespace',
      'method',
      'method_options',
    ],
    args,
    ctx,
    { required: ['morphology', 'model'] },
  );
  refuseOrder('SpatialNeuron', b.entries, 0, ctx);
  customEvents(b.entries, ctx);
  const m = b.entries.get('morphology')!;
  if (m.value.t !== 'object' || m.value.obj.kind !== 'Morphology') {
    return ctx.fail('type-error', m.loc, {
      detail: `SpatialNeuron needs a morphology (Soma, Cylinder, Section or Morphology.from_file), not ${describe(m.value)}`,
      hint: 'e.g. SpatialNeuron(morphology=Soma(30*um), model=eqs)',
    });
  }
  const section = m.value.obj.section;
  if (section.parent) {
    ctx.fail('unsupported', m.loc, {
      what: 'a SpatialNeuron made of a subtree of a morphology',
      hint: "Brian2 would number its compartments from the tree's root; detach the subtree or use the whole morphology",
    });
  }
  const copy = section.copyTree().root;
  const flat = flatten(copy);
  let thresholdLocation: SpatialNeuronObj['thresholdLocation'] = null;
  const tl = b.entries.get('threshold_location');
  if (tl && tl.value.t !== 'none') {
    const idx = compartmentIndexValue(tl.value) ?? tl.value;
    if (idx.t === 'num' && idx.int && isDimensionless(idx.dim)) thresholdLocation = { index: idx.v, loc: tl.loc };
    else if (idx.t === 'array')
      ctx.fail('value-error', tl.loc, {
        detail: 'the threshold can only be applied on a single location',
        hint: 'give one compartment, e.g. threshold_location=morpho.axon[30*um]',
      });
    else
      ctx.fail('type-error', tl.loc, {
        detail: `threshold_location must be a compartment index or a morphology of one compartment, not ${describe(tl.value)}`,
        hint: 'e.g. threshold_location=40',
      });
  }
  const name = ctx.uniqueName('spatialneuron', requestedName(b.entries, ctx));
  const g: SpatialNeuronObj = {
    kind: 'SpatialNeuron',
    name,
    clock: objectClock(b.entries, name, ctx, 'SpatialNeuron', ctx.script.defaultclock),
    pyName: null,
    loc: args.loc,
    explicitNamespace: namespaceArg(b.entries, ctx),
    n: flat.n,
    model: b.get('model')!,
    args: stripIgnored(b.entries),
    runRegularly: [],
    eventCode: [],
    eventSchedule: [],
    morphology: copy,
    flat,
    thresholdLocation,
  };
  return { t: 'object', obj: ctx.register(g) };
}

/** The SpatialNeuron a group belongs to, with the group's compartments, or null for other groups. */
export function spatialOf(o: { kind: string }): { neuron: SpatialNeuronObj; start: number; stop: number; section: MorphologySection | null } | null {
  if (o.kind === 'SpatialNeuron') {
    const n = o as SpatialNeuronObj;
    return { neuron: n, start: 0, stop: n.n, section: n.morphology };
  }
  if (o.kind === 'Subgroup') {
    const s = o as SubgroupObj;
    if (s.parent.kind !== 'SpatialNeuron') return null;
    return { neuron: s.parent, start: s.start, stop: s.stop, section: s.morphology ?? null };
  }
  return null;
}

const AREA: Dim = [2, 0, 0, 0, 0, 0, 0];
const VOLUME: Dim = [3, 0, 0, 0, 0, 0, 0];

/** Geometry variables of a SpatialNeuron (constant; Brian2 sets them from the flattened morphology). */
function geometryArray(neuron: SpatialNeuronObj, name: string): { values: number[]; dim: Dim } | null {
  const f = neuron.flat;
  switch (name) {
    case 'length':
    case 'distance':
    case 'diameter':
    case 'r_length_1':
    case 'r_length_2':
      return { values: f[name], dim: METRE };
    case 'area':
      return { values: f.area, dim: AREA };
    case 'volume':
      return { values: f.volume, dim: VOLUME };
    case 'x':
    case 'y':
    case 'z':
      return f.coordinates ? { values: f.coordinates[name], dim: METRE } : null;
    default:
      return null;
  }
}

function subtree(neuron: SpatialNeuronObj, section: MorphologySection, start: number, stop: number, loc: Loc, ctx: EvalContext): Value {
  const sub: SubgroupObj = {
    kind: 'Subgroup',
    name: ctx.uniqueName(`${neuron.name}_subgroup`, null),
    pyName: null,
    loc,
    explicitNamespace: null,
    parent: neuron,
    start,
    stop,
    morphology: section,
  };
  ctx.register(sub);
  return { t: 'object', obj: sub };
}

/**
 * Attributes a SpatialNeuron (or one of its subgroups) has besides its variables: subtrees by name,
 * `main`, `morphology` and the geometry. Undefined for other names (variables, N, i, ...).
 */
export function spatialAttribute(o: { kind: string }, name: string, attrLoc: Loc, loc: Loc, ctx: EvalContext): Value | undefined {
  const sp = spatialOf(o);
  if (!sp) return undefined;
  const { neuron, section } = sp;
  if (section) {
    if (name === 'main') {
      const first = section.startIndex();
      return subtree(neuron, section, first, first + section.n, loc, ctx);
    }
    if (name === 'morphology') return { t: 'object', obj: morphologyObject(section, loc) };
    if (section.hasChild(name) || (name.length > 0 && /^[LR1-9]+$/.test(name))) {
      const child = located(ctx, attrLoc, () => section.childNamed(name));
      return subtree(neuron, child, child.startIndex(), child.subtreeEnd() + 1, loc, ctx);
    }
  }
  const g = geometryArray(neuron, name);
  if (g) {
    const values = g.values.slice(sp.start, sp.stop);
    return { t: 'array', a: { data: Float64Array.from(values), shape: [values.length], dtype: 'float' }, dim: g.dim };
  }
  return undefined;
}

/**
 * `neuron[10*um:20*um]` (lengths along the (sub)tree's main section) and `neuron[morpho.axon]` (the
 * compartments of a morphology, counted from the root): a plain subgroup. Undefined for integer indices
 * and slices, which make ordinary subgroups.
 */
export function spatialSegment(o: { kind: string }, idx: Value, loc: Loc, idxLoc: Loc, ctx: EvalContext): Value | undefined {
  const sp = spatialOf(o);
  if (!sp) return undefined;
  let start: number;
  let stop: number;
  if (idx.t === 'slice' && idx.dim) {
    if (!sameDim(idx.dim, METRE)) ctx.fail('unit-mismatch', idxLoc, { detail: 'start and stop should have units of meter', hint: 'e.g. neuron[10*um:20*um]' });
    if (idx.step !== null) ctx.fail('value-error', idxLoc, { detail: 'cannot specify a step size for slicing based on length', hint: 'remove the step' });
    if (idx.start === null || idx.stop === null)
      ctx.fail('type-error', idxLoc, { detail: 'a segment by length needs both its start and its stop', hint: 'e.g. neuron[0*um:20*um]' });
    if (!sp.section)
      return ctx.fail('type-error', idxLoc, {
        detail: 'this subgroup has no morphology to measure lengths along',
        hint: 'slice the neuron or one of its subtrees (neuron.axon[10*um:20*um])',
      });
    const section = sp.section;
    const r = lengthSlice(section, idx.start, idx.stop);
    const first = section.startIndex();
    start = first + r.i;
    stop = first + r.j;
  } else {
    const conv = compartmentIndexValue(idx);
    if (!conv) return undefined;
    if (conv.t === 'num') {
      start = conv.v;
      stop = conv.v + 1;
    } else if (conv.t === 'array') {
      start = conv.a.data[0]!;
      stop = conv.a.data[conv.a.data.length - 1]! + 1;
    } else return undefined;
  }
  if (start >= stop)
    ctx.fail('value-error', idxLoc, { detail: `illegal start/end values for subgroup, ${start}>=${stop}`, hint: 'select at least one compartment' });
  if (stop > sp.neuron.n)
    ctx.fail('value-error', idxLoc, {
      detail: `the segment ends at compartment ${stop}, beyond the neuron's ${sp.neuron.n} compartments`,
      hint: 'select compartments of the neuron',
    });
  const sub: SubgroupObj = {
    kind: 'Subgroup',
    name: ctx.uniqueName(`${sp.neuron.name}_subgroup`, null),
    pyName: null,
    loc,
    explicitNamespace: null,
    parent: sp.neuron,
    start,
    stop,
  };
  ctx.register(sub);
  return { t: 'object', obj: sub };
}
