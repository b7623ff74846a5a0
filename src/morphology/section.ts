// A neuron's morphology as Brian2 builds it (brian2/spatialneuron/morphology.py, read for the facts):
// a tree of unbranched sections, each a Soma (one spherical compartment) or a Section/Cylinder of n
// compartments (truncated cones / cylinders). Children are named (`morpho.axon = ...`) and also get
// automatic names '1', '2', ... in the order they were attached. All values are SI numbers (metre).
//
// The geometry of every compartment is computed here with the same floating-point operations, in the
// same order, as Brian2's properties (numpy does them element-wise in IEEE double precision, as we do),
// so areas, lengths, distances and the half-compartment conductance terms r_length_1/2 are bit-identical.

export class MorphologyError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export type SectionShape =
  /** A sphere: one compartment. Coordinates are absolute (Brian2 does not offset a Soma by its parent). */
  | { kind: 'soma'; diameter: number; x: number | null; y: number | null; z: number | null }
  /**
   * A Section or Cylinder of n compartments: diameters at the n+1 points (start of the first compartment,
   * end of each; a Cylinder has one value for all), lengths per compartment, and optionally the n+1 point
   * coordinates relative to the end of the parent section.
   */
  | {
      kind: 'cylinder' | 'section';
      n: number;
      /** n+1 point diameters (a Cylinder repeats its one diameter). */
      diameters: number[];
      lengths: number[];
      coords: { x: number[]; y: number[]; z: number[] } | null;
    };

export class MorphologySection {
  parent: MorphologySection | null = null;
  /** Children in the order they were attached. */
  readonly children: MorphologySection[] = [];
  /** Names of children: given names and the automatic '1', '2', ... (Brian2's Children._named_children). */
  readonly named = new Map<string, MorphologySection>();
  /** The name each child was given when attached. */
  readonly givenName = new Map<MorphologySection, string | null>();
  private counter = 0;

  constructor(
    readonly shape: SectionShape,
    /** `type=` of the constructor ('soma' for a Soma unless given). */
    readonly type: string | null,
  ) {}

  get n(): number {
    return this.shape.kind === 'soma' ? 1 : this.shape.n;
  }

  get className(): string {
    return this.shape.kind === 'soma' ? 'Soma' : this.shape.kind === 'cylinder' ? 'Cylinder' : 'Section';
  }

  // ------------------------------------------------------------------ tree

  /** Brian2's Children.add (automatic_name=False): a name already used for another subtree is an error. */
  addChild(name: string | null, child: MorphologySection): void {
    if (name !== null && this.named.has(name) && this.named.get(name) !== child) {
      throw new MorphologyError(`the name '${name}' is already used for a subtree`, 'choose another name for the new section');
    }
    if (child === this || this.ancestors().includes(child)) {
      throw new MorphologyError('a section cannot be attached below itself', 'attach a new section');
    }
    if (!this.children.includes(child)) {
      this.counter++;
      this.children.push(child);
      this.named.set(String(this.counter), child);
      this.givenName.set(child, name);
    }
    if (name !== null) this.named.set(name, child);
    child.parent = this;
  }

  /** `morpho[name] = child` / `morpho.name = child`; names of 'LR1-9' letters walk down the tree ('LL' = L's L). */
  attach(name: string, child: MorphologySection): void {
    if (name.length > 1 && isPathName(name)) {
      this.childNamed(name[0]!).attach(name.slice(1), child);
      return;
    }
    this.addChild(name, child);
  }

  /** `morpho[name]` / `morpho.name` for a subtree. */
  childNamed(name: string): MorphologySection {
    if (name.length > 1 && isPathName(name)) return this.childNamed(name[0]!).childNamed(name.slice(1));
    const c = this.named.get(name);
    if (!c)
      throw new MorphologyError(
        `the subtree '${name}' does not exist`,
        this.named.size ? `known subtrees: ${[...this.named.keys()].join(', ')}` : 'this section has no children',
      );
    return c;
  }

  hasChild(name: string): boolean {
    return this.named.has(name);
  }

  ancestors(): MorphologySection[] {
    const out: MorphologySection[] = [];
    for (let p = this.parent; p; p = p.parent) out.push(p);
    return out;
  }

  root(): MorphologySection {
    let r: MorphologySection = this;
    while (r.parent) r = r.parent;
    return r;
  }

  /** Compartments of this subtree (Brian2's total_compartments). */
  totalCompartments(): number {
    return this.n + this.children.reduce((s, c) => s + c.totalCompartments(), 0);
  }

  totalSections(): number {
    return 1 + this.children.reduce((s, c) => s + c.totalSections(), 0);
  }

  /** Brian2's _calc_start_idx: index of the first compartment in the depth-first numbering from the root. */
  startIndex(): number {
    const root = this.root();
    const found = findStart(root, this, 0);
    return found.index;
  }

  /** Highest compartment index of the subtree (SpatialNeuron._find_subtree_end). */
  subtreeEnd(): number {
    let end = this.startIndex() + this.n - 1;
    for (const c of this.children) end = Math.max(end, c.subtreeEnd());
    return end;
  }

  /** A copy of the whole tree this section belongs to (Brian2 deep-copies the morphology of a SpatialNeuron). */
  copyTree(): { root: MorphologySection; map: Map<MorphologySection, MorphologySection> } {
    const map = new Map<MorphologySection, MorphologySection>();
    const copy = (s: MorphologySection): MorphologySection => {
      const c = new MorphologySection(s.shape, s.type);
      map.set(s, c);
      c.counter = s.counter;
      for (const child of s.children) {
        const cc = copy(child);
        c.children.push(cc);
        cc.parent = c;
      }
      for (const [name, child] of s.named) c.named.set(name, map.get(child)!);
      for (const [child, name] of s.givenName) c.givenName.set(map.get(child)!, name);
      return c;
    };
    return { root: copy(this.root()), map };
  }

  // ------------------------------------------------------------------ geometry per compartment

  /** Length of each compartment (a Soma's is its diameter). */
  length(): number[] {
    return this.shape.kind === 'soma' ? [this.shape.diameter] : [...this.shape.lengths];
  }

  startDiameter(): number[] {
    const s = this.shape;
    return s.kind === 'soma' ? [s.diameter] : s.diameters.slice(0, -1);
  }

  endDiameter(): number[] {
    const s = this.shape;
    return s.kind === 'soma' ? [s.diameter] : s.diameters.slice(1);
  }

  /** Diameter at the middle of each compartment. */
  diameter(): number[] {
    const s = this.shape;
    if (s.kind === 'soma') return [s.diameter];
    if (s.kind === 'cylinder') return s.diameters.slice(1);
    // 0.5 * (d_1 + d_2)
    return s.diameters.slice(0, -1).map((d1, k) => 0.5 * (d1 + s.diameters[k + 1]!));
  }

  /** Membrane area of each compartment (without the end disks). */
  area(): number[] {
    const s = this.shape;
    if (s.kind === 'soma') return [Math.PI * (s.diameter * s.diameter)];
    if (s.kind === 'cylinder') return s.lengths.map((l, k) => Math.PI * s.diameters[k + 1]! * l);
    // pi/2 * (d_1 + d_2) * sqrt(((d_1 - d_2)**2)/4 + l**2)
    return s.lengths.map((l, k) => {
      const d1 = s.diameters[k]!;
      const d2 = s.diameters[k + 1]!;
      const dd = d1 - d2;
      return (Math.PI / 2) * (d1 + d2) * Math.sqrt((dd * dd) / 4 + l * l);
    });
  }

  volume(): number[] {
    const s = this.shape;
    if (s.kind === 'soma') return [(Math.PI * s.diameter ** 3) / 6];
    if (s.kind === 'cylinder') {
      return s.lengths.map((l, k) => {
        const r = s.diameters[k + 1]! / 2;
        return Math.PI * (r * r) * l;
      });
    }
    // pi * l * (d_1**2 + d_1*d_2 + d_2**2) / 12
    return s.lengths.map((l, k) => {
      const d1 = s.diameters[k]!;
      const d2 = s.diameters[k + 1]!;
      return (Math.PI * l * (d1 * d1 + d1 * d2 + d2 * d2)) / 12;
    });
  }

  /** Geometry term of the conductance from the start to the midpoint of each compartment (÷ Ri). */
  rLength1(): number[] {
    const s = this.shape;
    if (s.kind === 'soma') return [1];
    if (s.kind === 'cylinder') return s.lengths.map((l, k) => ((Math.PI / 2) * (s.diameters[k + 1]! * s.diameters[k + 1]!)) / l);
    return s.lengths.map((l, k) => {
      const d1 = s.diameters[k]!;
      const d2 = (s.diameters[k]! + s.diameters[k + 1]!) * 0.5;
      return ((Math.PI / 2) * (d1 * d2)) / l;
    });
  }

  /** Geometry term of the conductance from the midpoint to the end of each compartment (÷ Ri). */
  rLength2(): number[] {
    const s = this.shape;
    if (s.kind === 'soma') return [1];
    if (s.kind === 'cylinder') return this.rLength1();
    return s.lengths.map((l, k) => {
      const d1 = (s.diameters[k]! + s.diameters[k + 1]!) * 0.5;
      const d2 = s.diameters[k + 1]!;
      return ((Math.PI / 2) * (d1 * d2)) / l;
    });
  }

  /** Distance from the root to the midpoint of each compartment. */
  distance(): number[] {
    if (this.shape.kind === 'soma') return this.parent ? [this.parent.distance().at(-1)!] : [0];
    const dist = this.parent ? this.parent.endDistance() : 0;
    const lengths = this.shape.lengths;
    let acc = 0;
    // dist + cumsum(length) - 0.5*length
    return lengths.map((l) => {
      acc += l;
      return dist + acc - 0.5 * l;
    });
  }

  /** Distance from the root to the end of the section (a Soma adds nothing). */
  endDistance(): number {
    if (this.shape.kind === 'soma') return this.parent ? this.parent.endDistance() : 0;
    const d = this.distance();
    const l = this.shape.lengths;
    return d[d.length - 1]! + 0.5 * l[l.length - 1]!;
  }

  // ------------------------------------------------------------------ coordinates

  hasCoordinates(): boolean {
    const s = this.shape;
    return s.kind === 'soma' ? s.x !== null : s.coords !== null;
  }

  /** Start, middle and end coordinates of each compartment along one axis, or null without coordinates. */
  coordinates(axis: 'x' | 'y' | 'z'): { start: number[]; mid: number[]; end: number[] } | null {
    const s = this.shape;
    if (s.kind === 'soma') {
      const v = s[axis];
      return v === null ? null : { start: [v], mid: [v], end: [v] };
    }
    if (!s.coords) return null;
    const rel = s.coords[axis];
    const parentEnd = this.parent?.coordinates(axis)?.end;
    const offset = parentEnd ? parentEnd[parentEnd.length - 1]! : null;
    const start = rel.slice(0, -1).map((x) => (offset === null ? x : offset + x));
    const end = rel.slice(1).map((x) => (offset === null ? x : offset + x));
    // start + 0.5 * (end - start)
    const mid = start.map((a, k) => a + 0.5 * (end[k]! - a));
    return { start, mid, end };
  }
}

function isPathName(name: string): boolean {
  return /^[LR1-9]+$/.test(name);
}

function findStart(current: MorphologySection, target: MorphologySection, index: number): { index: number; found: boolean } {
  if (current === target) return { index, found: true };
  index += current.n;
  for (const child of current.children) {
    if (child === target) return { index, found: true };
    const r = findStart(child, target, index);
    index = r.index;
    if (r.found) return r;
  }
  return { index, found: false };
}

/** Brian2's `_indices` of a part of a section: compartments [i, j) of `section`, absolute from the root. */
export function compartmentIndices(section: MorphologySection, i: number, j: number): number[] {
  const start = section.startIndex();
  return Array.from({ length: j - i }, (_, k) => start + i + k);
}

/** numpy's searchsorted(a, v) with side='left': the first position where a[k] >= v. */
function searchSorted(a: number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function argMinAbs(a: number[], v: number): { k: number; d: number } {
  let best = { k: 0, d: Infinity };
  a.forEach((x, k) => {
    const d = Math.abs(v - x);
    if (d < best.d) best = { k, d };
  });
  return best;
}

function cumsum(xs: number[]): number[] {
  let acc = 0;
  return xs.map((x) => (acc += x));
}

/**
 * `section[a:b]` with lengths (Brian2's Morphology.__getitem__): the compartments [i, j) covering the
 * stretch; a point within 1e-12 of the section's length from a compartment boundary counts as that boundary.
 */
export function lengthSlice(section: MorphologySection, start: number | null, stop: number | null): { i: number; j: number } {
  const pos = cumsum(section.length());
  const total = pos[pos.length - 1]!;
  let i = 0;
  let j = pos.length;
  if (start !== null) {
    const m = argMinAbs(pos, start);
    i = m.d < 1e-12 * total ? m.k + 1 : searchSorted(pos, start);
  }
  if (stop !== null) {
    const m = argMinAbs(pos, stop);
    j = m.d < 1e-12 * total ? m.k + 1 : searchSorted(pos, stop) + 1;
  }
  return { i, j };
}

/** `section[x]` with a length: the compartment containing the point at distance x from the section's start. */
export function lengthPoint(section: MorphologySection, x: number): { i: number; j: number } {
  const pos = [0, ...cumsum(section.length())];
  const total = pos[pos.length - 1]!;
  if (x < 0 || x > (1 + 1e-12) * total) {
    throw new MorphologyError(
      `the position ${micrometres(x)} is outside the section, which is ${micrometres(total)} long`,
      `give a position between 0 and ${micrometres(total)}`,
    );
  }
  const m = argMinAbs(pos, x);
  const i = m.d < 1e-12 * total ? m.k : searchSorted(pos, x) - 1;
  return { i, j: i + 1 };
}

function micrometres(x: number): string {
  return `${Number((x * 1e6).toPrecision(6))} um`;
}

/** `section[k]`: one compartment (negative counts from the end). */
export function compartmentAt(section: MorphologySection, k: number): { i: number; j: number } {
  const i = k < 0 ? k + section.n : k;
  if (i < 0 || i >= section.n) throw new MorphologyError(`index ${k} is out of range for ${section.n} compartments`, `use an index below ${section.n}`);
  return { i, j: i + 1 };
}
