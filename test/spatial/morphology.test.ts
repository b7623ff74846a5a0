// Morphologies as Brian2 builds them: the flattened geometry and topology of a tree with a Soma, a
// Cylinder, a tapering Section and a Cylinder with coordinates, and Brian2's rules for selecting
// compartments by length. The expected numbers were printed by Brian2 2.5.4 (FlatMorphology and
// `_indices()` of the same tree); the geometry must agree bit for bit, since the cable solver uses it.

import { describe, expect, it } from 'vitest';
import { cylinder, section, soma } from '../../src/morphology/build.js';
import { flatten } from '../../src/morphology/flat.js';
import { compartmentIndices, lengthPoint, lengthSlice, type MorphologySection } from '../../src/morphology/section.js';
import { fromPoints, parseSwc } from '../../src/morphology/swc.js';

const um = 1e-6;
const none = { x: null, y: null, z: null };

function tree(): MorphologySection {
  const m = soma(30 * um, null, null, null, null);
  m.attach('axon', cylinder(1 * um, 4, 100 * um, none, null));
  m.attach('L', section([2 * um, 1.5 * um, 1 * um, 0.8 * um], 3, [10 * um, 20 * um, 30 * um], none, null));
  m.attach('LR', cylinder(0.5 * um, 2, null, { x: [0, 10 * um], y: [0, 5 * um], z: null }, null));
  return m;
}

describe('flattened morphology', () => {
  const f = flatten(tree());

  it('has Brian2 geometry, bit for bit', () => {
    expect(f.length).toEqual([
      2.9999999999999997e-5, 2.4999999999999998e-5, 2.4999999999999998e-5, 2.4999999999999998e-5, 2.4999999999999998e-5, 9.999999999999999e-6,
      1.9999999999999998e-5, 2.9999999999999997e-5, 5.590169943749474e-6, 5.590169943749474e-6,
    ]);
    expect(f.distance).toEqual([
      0.0, 1.2499999999999999e-5, 3.75e-5, 6.25e-5, 8.749999999999999e-5, 4.9999999999999996e-6, 1.9999999999999998e-5, 4.4999999999999996e-5,
      6.279508497187472e-5, 6.83852549156242e-5,
    ]);
    expect(f.area).toEqual([
      2.8274333882308133e-9, 7.853981633974482e-11, 7.853981633974482e-11, 7.853981633974482e-11, 7.853981633974482e-11, 5.499504933901789e-11,
      7.854595202323057e-11, 8.482347288451346e-11, 8.781018413800907e-12, 8.781018413800907e-12,
    ]);
    expect(f.diameter).toEqual([2.9999999999999997e-5, 1e-6, 1e-6, 1e-6, 1e-6, 1.75e-6, 1.2499999999999999e-6, 9e-7, 5e-7, 5e-7]);
    expect(f.r_length_1).toEqual([
      1.0, 6.283185307179586e-8, 6.283185307179586e-8, 6.283185307179586e-8, 6.283185307179586e-8, 5.497787143782139e-7, 1.4726215563702158e-7,
      4.712388980384689e-8, 7.024814731040727e-8, 7.024814731040727e-8,
    ]);
    expect(f.r_length_2).toEqual([
      1.0, 6.283185307179586e-8, 6.283185307179586e-8, 6.283185307179586e-8, 6.283185307179586e-8, 4.123340357836604e-7, 9.817477042468104e-8,
      3.769911184307752e-8, 7.024814731040727e-8, 7.024814731040727e-8,
    ]);
    expect(f.volume.slice(1)).toEqual([
      1.9634954084936205e-17, 1.9634954084936205e-17, 1.9634954084936205e-17, 1.9634954084936205e-17, 2.4216443371421324e-17, 2.487094184091919e-17,
      1.9163715186897736e-17, 1.0976273017251133e-18, 1.0976273017251133e-18,
    ]);
  });

  it('has NaN coordinates where a section has none', () => {
    expect(f.coordinates!.x.slice(0, 8).every(Number.isNaN)).toBe(true);
    expect(f.coordinates!.x.slice(8)).toEqual([2.4999999999999998e-6, 7.499999999999999e-6]);
  });

  it('numbers sections depth-first with Brian2 topology arrays', () => {
    expect(f.starts).toEqual([0, 1, 5, 8]);
    expect(f.ends).toEqual([1, 5, 8, 10]);
    expect(f.parent).toEqual([0, 1, 1, 3]);
    expect(f.idxchild).toEqual([0, 0, 1, 0]);
    expect(f.childrenNum).toEqual([1, 2, 0, 1, 0]);
    expect(f.children).toEqual([1, 0, 2, 3, 0, 0, 4, 0, 0, 0]);
    expect(f.names).toEqual(['', 'axon', 'L', 'L.R']);
  });
});

describe('selecting compartments', () => {
  const m = tree();
  const axon = m.childNamed('axon');
  const sel = (r: { i: number; j: number }) => compartmentIndices(axon, r.i, r.j);

  it('by a position (a boundary belongs to the next compartment)', () => {
    expect(sel(lengthPoint(axon, 50 * um))).toEqual([3]);
    expect(sel(lengthPoint(axon, 25 * um))).toEqual([2]);
  });

  it('by a stretch of lengths', () => {
    expect(sel(lengthSlice(axon, 10 * um, 60 * um))).toEqual([1, 2, 3]);
  });

  it('by path names', () => {
    const lr = m.childNamed('LR');
    expect(compartmentIndices(lr, 0, lr.n)).toEqual([8, 9]);
    expect(m.childNamed('L').startIndex() + 2).toBe(7);
  });

  it('refuses a position beyond the section', () => {
    expect(() => lengthPoint(axon, 101 * um)).toThrow(/outside the section/);
  });
});

describe('SWC files', () => {
  const text = [
    '# comment',
    '1 1 0 0 0 5 -1',
    '2 1 0 5 0 5 1',
    '3 1 0 -5 0 5 1',
    '4 3 5 0 0 1 1',
    '5 3 15 0 0 1 4',
    '6 3 25 5 0 0.5 5',
    '7 3 25 -5 0 0.5 5',
    '8 2 -5 0 0 0.5 1',
  ].join('\n');

  it('turns a three-point soma into a sphere and names the sections as Brian2 does', () => {
    const root = fromPoints(parseSwc(text), true);
    expect(root.shape.kind).toBe('soma');
    expect(root.n).toBe(1);
    expect([...root.named.keys()]).toEqual(['1', 'dend', '2', 'axon', 'L', 'R']);
    const dend = root.childNamed('dend');
    expect(dend.n).toBe(2);
    expect([...dend.named.keys()]).toEqual(['1', 'dend', '2', 'dend2', 'L', 'R']);
    expect(root.childNamed('L')).toBe(dend);
    expect(dend.childNamed('R')).toBe(dend.childNamed('dend2'));
    expect(flatten(root).n).toBe(6);
  });

  it('refuses lines that are not points', () => {
    expect(() => parseSwc('1 1 0 0 0 5')).toThrow(/7 space-separated entries/);
  });
});
