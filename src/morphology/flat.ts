// Brian2's FlatMorphology (spatialneuron.py): the tree numbered depth-first (a section, then its
// children in the order they were attached), one value per compartment for the geometry, and the
// section topology the cable solver needs. Section indices in the topology arrays count from 1; 0 is
// the virtual root that the first section hangs from.

import type { MorphologySection } from './section.js';

export interface FlatMorphology {
  /** Number of compartments. */
  n: number;
  /** Number of sections. */
  sections: number;
  length: number[];
  distance: number[];
  area: number[];
  diameter: number[];
  volume: number[];
  r_length_1: number[];
  r_length_2: number[];
  /** Midpoint coordinates (NaN for sections without coordinates), or null when no section has any. */
  coordinates: { x: number[]; y: number[]; z: number[] } | null;
  /** Per section: its first compartment and one past its last. */
  starts: number[];
  ends: number[];
  /** Per section: the parent's section number + 1 (0 for the root section). */
  parent: number[];
  /** Per section: its position in its parent's list of children. */
  idxchild: number[];
  /** Per section + 1 (the virtual root first): the number of children. */
  childrenNum: number[];
  /** (sections + 1) × maxChildren, row-major: the children (section number + 1) of each section. */
  children: number[];
  /** Per section: the path of names from the root ('' for the root), for messages and docs. */
  names: string[];
}

export function flatten(root: MorphologySection): FlatMorphology {
  const f: FlatMorphology = {
    n: 0,
    sections: 0,
    length: [],
    distance: [],
    area: [],
    diameter: [],
    volume: [],
    r_length_1: [],
    r_length_2: [],
    coordinates: null,
    starts: [],
    ends: [],
    parent: [],
    idxchild: [],
    childrenNum: [],
    children: [],
    names: [],
  };
  const kids: number[][] = [[]];
  const coords = { x: [] as number[], y: [] as number[], z: [] as number[] };
  let anyCoordinates = false;
  const insert = (s: MorphologySection, parentIdx: number, name: string) => {
    const start = f.n;
    f.length.push(...s.length());
    f.distance.push(...s.distance());
    f.area.push(...s.area());
    f.diameter.push(...s.diameter());
    f.volume.push(...s.volume());
    f.r_length_1.push(...s.rLength1());
    f.r_length_2.push(...s.rLength2());
    for (const axis of ['x', 'y', 'z'] as const) {
      const c = s.coordinates(axis);
      if (c) anyCoordinates = true;
      coords[axis].push(...(c ? c.mid : Array.from({ length: s.n }, () => NaN)));
    }
    f.n += s.n;
    const idx = f.sections++;
    f.parent.push(parentIdx + 1);
    kids.push([]);
    f.starts.push(start);
    f.ends.push(start + s.n);
    f.idxchild.push(kids[parentIdx + 1]!.length);
    kids[parentIdx + 1]!.push(idx + 1);
    f.names.push(name);
    for (const child of s.children) {
      const given = s.givenName.get(child) ?? [...s.named].find(([, c]) => c === child)![0];
      insert(child, idx, name ? `${name}.${given}` : given);
    }
  };
  insert(root, -1, '');
  if (anyCoordinates) f.coordinates = coords;
  // Row k (section number k, 0 = the virtual root) lists its children; the last section is a leaf, so
  // its row is Brian2's extra empty one.
  f.childrenNum = kids.map((k) => k.length);
  const maxChildren = Math.max(...f.childrenNum);
  for (const k of kids) for (let c = 0; c < maxChildren; c++) f.children.push(k[c] ?? 0);
  return f;
}
