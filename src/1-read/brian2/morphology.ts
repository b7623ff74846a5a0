// Morphologies in the evaluator: Soma, Cylinder, Section and Morphology.from_file build section trees
// (src/morphology/); attributes attach and reach children (`morpho.axon = Cylinder(...)`, `morpho.LL`),
// read the geometry (`morpho.axon.distance`), and items select compartments (`morpho.axon[10*um:20*um]`,
// `morpho.L[50*um]`, `morpho[5]`). A morphology used as an index (a variable, a monitor's record, connect)
// stands for its compartments' indices, counted from the root as Brian2's `_indices()` does.

import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { Loc } from '../../../grammars/ast.js';
import { cylinder, section, soma, type Coords } from '../../morphology/build.js';
import { compartmentAt, lengthPoint, lengthSlice, MorphologyError, type MorphologySection } from '../../morphology/section.js';
import { fromPoints, parseSwc, type Point } from '../../morphology/swc.js';
import { DIMENSIONLESS, formatDim, isDimensionless, sameDim, type Dim } from '../../units/dimension.js';
import { bindArgs } from '../calls.js';
import type { EvalContext } from '../context.js';
import { iterate } from '../iterate.js';
import { asNumeric } from '../operators.js';
import { builtin, describe, int, NONE, num, str, type CallArgs, type Value } from '../values.js';
import type { Brian2Object, MorphologyObj, SubMorphologyObj } from './objects.js';

export const METRE: Dim = [1, 0, 0, 0, 0, 0, 0];

/** One evaluator object per section, so that a section keeps its identity (and script name). */
const handles = new WeakMap<MorphologySection, MorphologyObj>();

export function morphologyObject(s: MorphologySection, loc: Loc): MorphologyObj {
  let o = handles.get(s);
  if (!o) {
    o = { kind: 'Morphology', name: 'morphology', pyName: null, loc, explicitNamespace: null, section: s };
    handles.set(s, o);
  }
  return o;
}

function value(o: Brian2Object): Value {
  return { t: 'object', obj: o };
}

/** Run a morphology operation, turning Brian2's errors into located diagnostics. */
export function located<T>(ctx: EvalContext, loc: Loc, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MorphologyError) return ctx.fail('value-error', loc, { detail: e.message, hint: e.hint });
    throw e;
  }
}

// ---------------------------------------------------------------------- arguments

type Arg = { value: Value; loc: Loc } | undefined;

function given(a: Arg): a is { value: Value; loc: Loc } {
  return !!a && a.value.t !== 'none';
}

/** A length (or lengths) in metres: Brian2's check_units(...=meter). */
function metres(a: { value: Value; loc: Loc }, what: string, ctx: EvalContext): { values: number[]; scalar: boolean } {
  ctx.checkPoison(a.value);
  if (a.value.t === 'unknown') ctx.failUnknown(a.value, a.loc, what);
  const n = asNumeric(a.value);
  if (!n) return ctx.fail('type-error', a.loc, { detail: `${what} must be a length, not ${describe(a.value)}`, hint: 'e.g. 10*um' });
  if (!sameDim(n.dim, METRE) && !(isDimensionless(n.dim) && Array.from(n.a.data).every((x) => x === 0))) {
    ctx.fail('unit-mismatch', a.loc, {
      detail: `${what} must be a length in metres, not ${isDimensionless(n.dim) ? 'a plain number' : formatDim(n.dim)}`,
      hint: 'multiply it by a unit such as um',
    });
  }
  if (n.a.shape.length > 1) ctx.fail('type-error', a.loc, { detail: `${what} must be one-dimensional`, hint: 'give a single value or a list of values' });
  return { values: Array.from(n.a.data), scalar: n.scalar };
}

function compartments(a: Arg, ctx: EvalContext): number {
  if (!given(a)) return 1;
  const n = asNumeric(a.value);
  if (!n || !n.scalar || !isDimensionless(n.dim))
    return ctx.fail('type-error', a.loc, { detail: `the number of compartments n must be a number, not ${describe(a.value)}`, hint: 'e.g. n=100' });
  // Brian2 takes int(n).
  return Math.trunc(n.a.data[0]!);
}

function typeArg(a: Arg, ctx: EvalContext): string | null {
  if (!given(a)) return null;
  if (a.value.t !== 'str') return ctx.fail('type-error', a.loc, { detail: `type must be a string, not ${describe(a.value)}`, hint: "e.g. type='axon'" });
  return a.value.v;
}

function coordArgs(b: ReturnType<typeof bindArgs>, ctx: EvalContext): Coords {
  const c = (name: string) => {
    const a = b.entries.get(name);
    return given(a) ? metres(a, name, ctx).values : null;
  };
  return { x: c('x'), y: c('y'), z: c('z') };
}

// ---------------------------------------------------------------------- constructors

function Soma(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('Soma', ['diameter', 'x', 'y', 'z', 'type'], args, ctx, { required: ['diameter'] });
  const d = metres(b.entries.get('diameter')!, 'the diameter', ctx);
  if (d.values.length !== 1) ctx.fail('type-error', b.loc('diameter'), { detail: 'the diameter of a Soma has to be a scalar value', hint: 'e.g. Soma(30*um)' });
  const coord = (name: string) => {
    const a = b.entries.get(name);
    if (!given(a)) return null;
    const v = metres(a, name, ctx).values;
    if (v.length !== 1) ctx.fail('type-error', a.loc, { detail: 'the coordinates of a Soma have to be scalar values', hint: `e.g. ${name}=10*um` });
    return v[0]!;
  };
  const s = soma(d.values[0]!, coord('x'), coord('y'), coord('z'), typeArg(b.entries.get('type'), ctx) ?? 'soma');
  return value(morphologyObject(s, args.loc));
}

function Cylinder(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('Cylinder', ['diameter', 'n', 'length', 'x', 'y', 'z', 'type'], args, ctx, { required: ['diameter'] });
  const d = metres(b.entries.get('diameter')!, 'the diameter', ctx);
  if (d.values.length !== 1)
    ctx.fail('type-error', b.loc('diameter'), {
      detail: 'the diameter of a Cylinder has to be a single value',
      hint: 'use Section(...) for a diameter that changes along the section',
    });
  const lengthArg = b.entries.get('length');
  let length: number | null = null;
  if (given(lengthArg)) {
    const l = metres(lengthArg, 'the length', ctx);
    if (l.values.length !== 1)
      ctx.fail('type-error', lengthArg.loc, {
        detail: 'the length of a Cylinder has to be a single value (its total length)',
        hint: 'use Section(...) for compartments of different lengths',
      });
    length = l.values[0]!;
  }
  const n = compartments(b.entries.get('n'), ctx);
  const s = located(ctx, args.loc, () => cylinder(d.values[0]!, n, length, coordArgs(b, ctx), typeArg(b.entries.get('type'), ctx)));
  return value(morphologyObject(s, args.loc));
}

function Section(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('Section', ['diameter', 'n', 'length', 'x', 'y', 'z', 'start_diameter', 'origin', 'type'], args, ctx, { required: ['diameter'] });
  for (const unused of ['start_diameter', 'origin']) {
    const a = b.entries.get(unused);
    // Brian2 accepts these keywords and ignores them.
    if (given(a)) ctx.note(`Section(${unused}=...) has no effect in Brian2 and is ignored`, a.loc);
  }
  const d = metres(b.entries.get('diameter')!, 'the diameter', ctx);
  if (d.scalar)
    ctx.fail('type-error', b.loc('diameter'), {
      detail: 'the diameter of a Section has to be an array of n+1 values',
      hint: 'give the diameter at the start of the first compartment and at the end of every compartment, or use Cylinder(...)',
    });
  const lengthArg = b.entries.get('length');
  let lengths: number[] | null = null;
  if (given(lengthArg)) {
    const l = metres(lengthArg, 'the length', ctx);
    if (l.scalar)
      ctx.fail('type-error', lengthArg.loc, {
        detail: 'the length of a Section has to be an array of n values',
        hint: 'give the length of every compartment, or use Cylinder(...)',
      });
    lengths = l.values;
  }
  const n = compartments(b.entries.get('n'), ctx);
  const s = located(ctx, args.loc, () => section(d.values, n, lengths, coordArgs(b, ctx), typeArg(b.entries.get('type'), ctx)));
  return value(morphologyObject(s, args.loc));
}

// ---------------------------------------------------------------------- Morphology.from_file

function sphericalSoma(a: Arg, ctx: EvalContext): boolean {
  if (!given(a)) return true;
  if (a.value.t !== 'bool') return ctx.fail('type-error', a.loc, { detail: 'spherical_soma must be True or False', hint: 'e.g. spherical_soma=False' });
  return a.value.v;
}

function readMorphologyFile(fileArg: { value: Value; loc: Loc }, ctx: EvalContext, swcOnly: boolean): string {
  if (fileArg.value.t !== 'str')
    return ctx.fail('type-error', fileArg.loc, {
      detail: `the file name must be a string, not ${describe(fileArg.value)}`,
      hint: "e.g. Morphology.from_file('neuron.swc')",
    });
  const name = fileArg.value.v;
  if (!swcOnly && extname(name).toLowerCase() !== '.swc') {
    ctx.fail('unsupported', fileArg.loc, {
      what: `morphology files other than SWC ('${name}')`,
      hint: 'Brian2 reads only .swc files; convert the morphology to SWC',
    });
  }
  // The file is read where the script is (the converter never depends on the directory it is started from).
  const path = resolve(dirname(resolve(ctx.source.path)), name);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return ctx.fail('value-error', fileArg.loc, {
      detail: `cannot read the morphology file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      hint: 'put the file next to the script',
    });
  }
}

function fromFile(swcOnly: boolean, callee: string) {
  return (args: CallArgs, ctx: EvalContext): Value => {
    const b = bindArgs(callee, ['filename', 'spherical_soma'], args, ctx, { required: ['filename'] });
    const text = readMorphologyFile(b.entries.get('filename')!, ctx, swcOnly);
    const root = located(ctx, b.loc('filename'), () => fromPoints(parseSwc(text), sphericalSoma(b.entries.get('spherical_soma'), ctx)));
    return value(morphologyObject(root, args.loc));
  };
}

function fromPointsFn(args: CallArgs, ctx: EvalContext): Value {
  const b = bindArgs('from_points', ['points', 'spherical_soma'], args, ctx, { required: ['points'] });
  const pointsArg = b.entries.get('points')!;
  const points: Point[] = iterate(pointsArg.value, pointsArg.loc, ctx, 'the points').map((p) => {
    const items = iterate(p, pointsArg.loc, ctx, 'a point');
    if (items.length !== 7)
      ctx.fail('value-error', pointsArg.loc, {
        detail: `each point needs to be described by 7 values, got ${items.length} instead`,
        hint: '(index, name, x, y, z, diameter, parent) in micrometres',
      });
    const n = (v: Value) =>
      v.t === 'num' && isDimensionless(v.dim)
        ? v.v
        : ctx.fail('type-error', pointsArg.loc, {
            detail: `the values of a point must be plain numbers (micrometres), not ${describe(v)}`,
            hint: 'give the numbers without units',
          });
    const name = items[1]!;
    return {
      index: n(items[0]!),
      name: name.t === 'str' ? name.v : null,
      x: n(items[2]!),
      y: n(items[3]!),
      z: n(items[4]!),
      diameter: n(items[5]!),
      parent: n(items[6]!),
    };
  });
  const root = located(ctx, pointsArg.loc, () => fromPoints(points, sphericalSoma(b.entries.get('spherical_soma'), ctx)));
  return value(morphologyObject(root, args.loc));
}

const MORPHOLOGY_MEMBERS: Record<string, Value> = {
  from_file: builtin('from_file', fromFile(false, 'Morphology.from_file')),
  from_swc_file: builtin('from_swc_file', fromFile(true, 'Morphology.from_swc_file')),
  from_points: builtin('from_points', fromPointsFn),
};

export const MORPHOLOGY_NAMES: Record<string, Value> = {
  Soma: builtin('Soma', Soma),
  Cylinder: builtin('Cylinder', Cylinder),
  Section: builtin('Section', Section),
  Morphology: { t: 'module', name: 'Morphology', members: (n) => MORPHOLOGY_MEMBERS[n] },
};

// ---------------------------------------------------------------------- attributes

const SQUARE: Dim = [2, 0, 0, 0, 0, 0, 0];
const CUBE: Dim = [3, 0, 0, 0, 0, 0, 0];

/** Per-compartment geometry of a section, by Brian2's attribute name (null when the name is not one). */
function geometry(s: MorphologySection, name: string): { values: number[]; dim: Dim } | null | 'none' {
  switch (name) {
    case 'length':
      return { values: s.length(), dim: METRE };
    case 'diameter':
      return { values: s.diameter(), dim: METRE };
    case 'distance':
      return { values: s.distance(), dim: METRE };
    case 'area':
      return { values: s.area(), dim: SQUARE };
    case 'volume':
      return { values: s.volume(), dim: CUBE };
    case 'r_length_1':
      return { values: s.rLength1(), dim: METRE };
    case 'r_length_2':
      return { values: s.rLength2(), dim: METRE };
    case 'start_diameter':
    case 'end_diameter':
      if (s.shape.kind === 'soma') return null;
      return { values: name === 'start_diameter' ? s.startDiameter() : s.endDiameter(), dim: METRE };
    default: {
      const m = /^(start_|end_)?([xyz])$/.exec(name);
      if (!m) return null;
      const c = s.coordinates(m[2] as 'x' | 'y' | 'z');
      if (!c) return 'none';
      return { values: m[1] === 'start_' ? c.start : m[1] === 'end_' ? c.end : c.mid, dim: METRE };
    }
  }
}

export function morphologyAttribute(o: MorphologyObj | SubMorphologyObj, name: string, attrLoc: Loc, loc: Loc, ctx: EvalContext): Value {
  const s = o.section;
  const [i, j] = o.kind === 'Morphology' ? [0, s.n] : [o.i, o.j];
  const g = geometry(s, name);
  if (g === 'none') return NONE;
  if (g) return { t: 'array', a: { data: Float64Array.from(g.values.slice(i, j)), shape: [j - i], dtype: 'float' }, dim: g.dim };
  if (name === 'n') return int(j - i);
  if (name === 'indices')
    return builtin('indices', () =>
      ctx.fail('unsupported', attrLoc, { what: 'morphology.indices', hint: 'index the morphology itself, e.g. morpho.axon[10*um:20*um]' }),
    );
  if (o.kind === 'SubMorphology') {
    if (name === 'n_sections') return int(1);
    return ctx.fail('unknown-attribute', attrLoc, {
      object: 'SubMorphology',
      name,
      hint: 'a part of a section has n, length, area, volume, diameter, distance, r_length_1/2 and coordinates',
    });
  }
  switch (name) {
    case 'total_compartments':
      return int(s.totalCompartments());
    case 'total_sections':
      return int(s.totalSections());
    case 'end_distance':
      return num(s.endDistance(), METRE);
    case 'type':
      return s.type === null ? NONE : str(s.type, loc);
    case 'parent':
      return s.parent ? value(morphologyObject(s.parent, loc)) : NONE;
    case 'topology':
      return builtin('topology', () => ({ t: 'inert', what: "the morphology's topology" }));
    case 'generate_coordinates':
      return builtin('generate_coordinates', (args, c) =>
        c.fail('unsupported', args.loc, { what: 'generate_coordinates()', hint: 'give the sections coordinates (x=, y=, z=) where they are created' }),
      );
    default:
      break;
  }
  if (name.startsWith('_')) return ctx.fail('unknown-attribute', attrLoc, { object: s.className, name, hint: 'use the public attributes of the morphology' });
  return value(
    morphologyObject(
      located(ctx, attrLoc, () => s.childNamed(name)),
      loc,
    ),
  );
}

/** `morpho.axon = Cylinder(...)` (or `morpho['axon'] = ...`): attach a subtree. */
export function attachMorphology(o: MorphologyObj, name: string, child: Value, loc: Loc, valueLoc: Loc, ctx: EvalContext): void {
  if (child.t !== 'object' || child.obj.kind !== 'Morphology') {
    return ctx.fail('unsupported', valueLoc, {
      what: `storing ${describe(child)} as an attribute of a morphology`,
      hint: 'attach sections (Soma, Cylinder, Section) to a morphology',
    });
  }
  const c = child.obj.section;
  located(ctx, loc, () => o.section.attach(name, c));
}

// ---------------------------------------------------------------------- items

/** Brian2's SubMorphology of compartments [i, j), or a located error. */
function sub(s: MorphologySection, i: number, j: number, loc: Loc): Value {
  const o: SubMorphologyObj = { kind: 'SubMorphology', name: 'submorphology', pyName: null, loc, explicitNamespace: null, section: s, i, j };
  return value(o);
}

export function morphologyItem(o: MorphologyObj | SubMorphologyObj, idx: Value, loc: Loc, idxLoc: Loc, ctx: EvalContext): Value {
  if (o.kind === 'SubMorphology')
    return ctx.fail('type-error', idxLoc, { detail: 'cannot index a view on a subset of a section further', hint: 'index the section itself' });
  const s = o.section;
  if (idx.t === 'str')
    return value(
      morphologyObject(
        located(ctx, idxLoc, () => s.childNamed(idx.v)),
        loc,
      ),
    );
  if (idx.t === 'slice') {
    if (idx.dim && !isDimensionless(idx.dim)) {
      if (!sameDim(idx.dim, METRE))
        ctx.fail('unit-mismatch', idxLoc, {
          detail: `a morphology is sliced with lengths or integers, not ${formatDim(idx.dim)}`,
          hint: 'e.g. morpho.axon[10*um:20*um]',
        });
      if (idx.step !== null) ctx.fail('type-error', idxLoc, { detail: 'cannot provide a step argument when slicing with lengths', hint: 'remove the step' });
      const r = lengthSlice(s, idx.start, idx.stop);
      return sub(s, r.i, r.j, loc);
    }
    const step = idx.step ?? 1;
    if (step !== 1) ctx.fail('type-error', idxLoc, { detail: 'can only slice a contiguous segment', hint: 'remove the step' });
    // Python's slice.indices(n) with step 1.
    const norm = (x: number | null, d: number) => (x === null ? d : Math.min(Math.max(x < 0 ? x + s.n : x, 0), s.n));
    const i = norm(idx.start, 0);
    return sub(s, i, Math.max(i, norm(idx.stop, s.n)), loc);
  }
  if (idx.t === 'num' && sameDim(idx.dim, METRE) && !isDimensionless(idx.dim)) {
    const r = located(ctx, idxLoc, () => lengthPoint(s, idx.v));
    return sub(s, r.i, r.j, loc);
  }
  if ((idx.t === 'num' && idx.int && isDimensionless(idx.dim)) || idx.t === 'bool') {
    const k = idx.t === 'bool' ? +idx.v : idx.v;
    const r = located(ctx, idxLoc, () => compartmentAt(s, k));
    return sub(s, r.i, r.j, loc);
  }
  return ctx.fail('type-error', idxLoc, {
    detail: `a morphology cannot be indexed by ${describe(idx)}`,
    hint: "use a name ('axon'), a length (10*um), a slice of lengths or an integer",
  });
}

/**
 * Brian2's `_indices()` of a morphology used as an index: its compartments counted from the root of its
 * tree — one integer for a single compartment, else an integer array. Null for any other value.
 */
export function compartmentIndexValue(v: Value): Value | null {
  if (v.t !== 'object' || (v.obj.kind !== 'Morphology' && v.obj.kind !== 'SubMorphology')) return null;
  const o = v.obj;
  const [i, j] = o.kind === 'Morphology' ? [0, o.section.n] : [o.i, o.j];
  const start = o.section.startIndex();
  if (j - i === 1) return int(start + i);
  return { t: 'array', a: { data: Float64Array.from({ length: j - i }, (_, k) => start + i + k), shape: [j - i], dtype: 'int' }, dim: DIMENSIONLESS };
}

export function isMorphologyValue(v: Value): boolean {
  return v.t === 'object' && (v.obj.kind === 'Morphology' || v.obj.kind === 'SubMorphology');
}
