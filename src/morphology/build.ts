// Constructors of sections with Brian2's argument rules (Soma, Cylinder, Section in morphology.py):
// which combinations of diameter, length and coordinates are accepted, and how a Cylinder spreads its
// total length (ones(n) * (length / n)) or its two end points (numpy.linspace) over its compartments.

import { MorphologyError, MorphologySection } from './section.js';

/** numpy.linspace(start, stop, num) with endpoint=True, element for element as numpy computes it. */
export function linspace(start: number, stop: number, num: number): number[] {
  const div = num - 1;
  const delta = stop - start;
  const out: number[] = [];
  if (div <= 0) {
    for (let k = 0; k < num; k++) out.push(k * delta + start);
    return out;
  }
  const step = delta / div;
  for (let k = 0; k < num; k++) out.push(step === 0 ? (k / div) * delta + start : k * step + start);
  if (num > 1) out[num - 1] = stop;
  return out;
}

export function soma(diameter: number, x: number | null, y: number | null, z: number | null, type: string | null): MorphologySection {
  // Any coordinate given: the others default to 0.
  const any = x !== null || y !== null || z !== null;
  const c = (v: number | null) => (v !== null ? v : any ? 0 : null);
  return new MorphologySection({ kind: 'soma', diameter, x: c(x), y: c(y), z: c(z) }, type ?? 'soma');
}

function checkN(n: number): void {
  if (!Number.isInteger(n)) throw new MorphologyError('the number of compartments n has to be an integer value', 'give a whole number');
  if (n <= 0) throw new MorphologyError('the number of compartments n has to be at least 1', 'give n=1 or more');
}

function lengthFromPoints(x: number[], y: number[], z: number[]): number[] {
  // sqrt((end_x - start_x)**2 + (end_y - start_y)**2 + (end_z - start_z)**2), before the section is attached
  return x.slice(1).map((_, k) => {
    const dx = x[k + 1]! - x[k]!;
    const dy = y[k + 1]! - y[k]!;
    const dz = z[k + 1]! - z[k]!;
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  });
}

export interface Coords {
  x: number[] | null;
  y: number[] | null;
  z: number[] | null;
}

export function cylinder(diameter: number, n: number, length: number | null, coords: Coords, type: string | null): MorphologySection {
  checkN(n);
  const given = coords.x !== null || coords.y !== null || coords.z !== null;
  if (given && length !== null) throw new MorphologyError('cannot specify coordinates and length at the same time', 'give either length= or x=/y=/z=');
  const diameters = Array.from({ length: n + 1 }, () => diameter);
  if (length !== null) {
    const each = length / n;
    return new MorphologySection({ kind: 'cylinder', n, diameters, lengths: Array.from({ length: n }, () => each), coords: null }, type);
  }
  if (!given) throw new MorphologyError('no length specified, need to specify at least one out of x, y, or z', 'give length= or the end points x=[start, end]');
  const axis = (name: string, v: number[] | null) => {
    if (v === null) return Array.from({ length: n + 1 }, () => 0);
    if (v.length !== 2) throw new MorphologyError(`${name} needs to be a 1-dimensional array of length 2 (start and end point)`, `e.g. ${name}=[0, 100]*um`);
    return linspace(v[0]!, v[1]!, n + 1);
  };
  const x = axis('x', coords.x);
  const y = axis('y', coords.y);
  const z = axis('z', coords.z);
  return new MorphologySection({ kind: 'cylinder', n, diameters, lengths: lengthFromPoints(x, y, z), coords: { x, y, z } }, type);
}

export function section(diameters: number[], n: number, lengths: number[] | null, coords: Coords, type: string | null): MorphologySection {
  checkN(n);
  if (diameters.length !== n + 1)
    throw new MorphologyError(
      `the diameter argument has to be a one-dimensional array of length ${n + 1}`,
      'give the diameter at the start and at the end of every compartment (n+1 values)',
    );
  const given = coords.x !== null || coords.y !== null || coords.z !== null;
  if (given && lengths !== null) throw new MorphologyError('cannot specify coordinates and length at the same time', 'give either length= or x=/y=/z=');
  if (lengths !== null) {
    if (lengths.length !== n)
      throw new MorphologyError(`the length argument has to be a one-dimensional array of length ${n}`, 'give the length of every compartment (n values)');
    return new MorphologySection({ kind: 'section', n, diameters: [...diameters], lengths: [...lengths], coords: null }, type);
  }
  if (!given) throw new MorphologyError('no length specified, need to specify at least one out of x, y, or z', 'give length= or the n+1 points x=[...]');
  const axis = (name: string, v: number[] | null) => {
    if (v === null) return Array.from({ length: n + 1 }, () => 0);
    if (v.length !== n + 1)
      throw new MorphologyError(
        `'${name}' needs to be a 1-dimensional array of length ${n + 1}`,
        'give the start point and the end point of every compartment (n+1 values)',
      );
    return [...v];
  };
  const x = axis('x', coords.x);
  const y = axis('y', coords.y);
  const z = axis('z', coords.z);
  return new MorphologySection({ kind: 'section', n, diameters: [...diameters], lengths: lengthFromPoints(x, y, z), coords: { x, y, z } }, type);
}
