// Morphologies from points (Brian2's Morphology.from_points) and SWC files (from_swc_file): points in
// micrometres become sections — unbranched runs of points of one type — with coordinates relative to the
// parent's last point; a three-point soma becomes one sphere; children get the names L/R (or 1, 2, 3, ...)
// besides their type names (axon, dend, apic, with a counter when a type repeats under one parent).

import { MorphologyError, type MorphologySection } from './section.js';
import { section as makeSection, soma as makeSoma } from './build.js';

const UM = 1e-6;

export interface Point {
  index: number;
  name: string | null;
  x: number;
  y: number;
  z: number;
  /** Diameter in micrometres. */
  diameter: number;
  parent: number;
}

interface Node extends Point {
  parentNode: Node | null;
  children: Node[];
}

/** The points of an SWC file's text ('#' comments and blank lines ignored; radius → diameter). */
export function parseSwc(text: string): Point[] {
  const types: Record<string, string> = { '1': 'soma', '2': 'axon', '3': 'dend', '4': 'apic' };
  const points: Point[] = [];
  text.split(/\r?\n/).forEach((raw, lineNo) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const f = line.split(/\s+/);
    if (f.length !== 7)
      throw new MorphologyError(
        `each line of an SWC file has to contain 7 space-separated entries, but line ${lineNo + 1} contains ${f.length}`,
        'fix the SWC file',
      );
    const int = (s: string) => {
      if (!/^[+-]?\d+$/.test(s)) throw new MorphologyError(`line ${lineNo + 1} of the SWC file: '${s}' is not an integer`, 'fix the SWC file');
      return Number(s);
    };
    const float = (s: string) => {
      const v = Number(s);
      if (s === '' || Number.isNaN(v)) throw new MorphologyError(`line ${lineNo + 1} of the SWC file: '${s}' is not a number`, 'fix the SWC file');
      return v;
    };
    points.push({
      index: int(f[0]!),
      name: types[f[1]!] ?? null,
      x: float(f[2]!),
      y: float(f[3]!),
      z: float(f[4]!),
      diameter: 2 * float(f[5]!),
      parent: int(f[6]!),
    });
  });
  if (!points.length) throw new MorphologyError('the SWC file contains no points', 'check the file');
  return points;
}

export function fromPoints(points: Point[], sphericalSoma: boolean): MorphologySection {
  const nodes = new Map<number, Node>();
  points.forEach((p, counter) => {
    if (nodes.has(p.index)) throw new MorphologyError(`two compartments with index ${p.index}`, 'give every point its own index');
    if (p.parent === p.index) throw new MorphologyError(`compartment ${p.index} lists itself as the parent compartment`, 'fix the parent index');
    let parentNode: Node | null = null;
    if (!(counter === 0 && p.parent === -1)) {
      parentNode = nodes.get(p.parent) ?? null;
      if (!parentNode)
        throw new MorphologyError(
          `did not find the compartment ${p.parent} (parent compartment of compartment ${p.index})`,
          'list parent compartments before their children',
        );
    }
    const node: Node = { ...p, parentNode, children: [] };
    nodes.set(p.index, node);
    parentNode?.children.push(node);
  });
  const first = nodes.values().next().value as Node;
  const root = sphericalSoma ? replaceThreePointSoma(first) : first;

  // Unbranched runs of points of one type become sections (keyed by their last point's index).
  const sections = new Map<number, MorphologySection>();
  const walk = (node: Node, current: Node[]) => {
    current.push(node);
    if (node.children.length !== 1 || node.name !== node.children[0]!.name) {
      const parent = current[0]!.parentNode;
      sections.set(node.index, createSection(current, node.name, parent, sections, sphericalSoma));
      for (const child of node.children) walk(child, []);
    } else walk(node.children[0]!, current);
  };
  walk(root, []);

  // Standard names besides the type names: L and R for one or two children, 1, 2, 3, ... otherwise.
  const counters = new Map<MorphologySection, number>();
  for (const s of sections.values()) {
    const parent = s.parent;
    if (!parent) continue;
    const nth = (counters.get(parent) ?? 0) + 1;
    counters.set(parent, nth);
    parent.addChild(parent.children.length <= 2 ? (nth === 1 ? 'L' : 'R') : String(nth), s);
  }
  const roots = [...sections.values()].filter((s) => !s.parent);
  if (roots.length !== 1) throw new MorphologyError('the points do not form one tree', 'give exactly one point without a parent (parent -1)');
  return roots[0]!;
}

/** A soma point with exactly two childless soma children one radius away becomes one spherical soma. */
function replaceThreePointSoma(node: Node): Node {
  const somaChildren = node.children.filter((c) => c.name === 'soma');
  let current = node;
  if (node.name === 'soma' && somaChildren.length === 2 && somaChildren.every((c) => c.children.length === 0)) {
    const three = [node, ...somaChildren];
    if (!three.every((c) => Math.abs(c.diameter - node.diameter) < 1e-15)) {
      throw new MorphologyError(
        `found a '3-point-soma' (lines: ${three.map((c) => c.index).join(', ')}), but not all the diameters are identical`,
        'give the three soma points the same diameter',
      );
    }
    const dist = (a: Node) => Math.sqrt((a.x - node.x) ** 2 + (a.y - node.y) ** 2 + (a.z - node.z) ** 2);
    const [l1, l2] = [dist(somaChildren[0]!), dist(somaChildren[1]!)];
    if (Math.abs(l1 - node.diameter / 2) > 0.01 || Math.abs(l2 - node.diameter / 2) > 0.01) {
      throw new MorphologyError(
        "cannot replace '3-point-soma' by a single point: the second and third points should be positioned one radius away from the first point",
        'fix the soma points of the SWC file',
      );
    }
    // The children keep their link to the original point (as in Brian2): only index, type, position and
    // diameter of a parent are read, and they are unchanged.
    current = { ...node, children: node.children.filter((c) => !three.includes(c)) };
  }
  current.children.forEach((c, k) => (current.children[k] = replaceThreePointSoma(c)));
  for (const c of current.children) c.parentNode = c.parentNode === node ? current : c.parentNode;
  return current;
}

function createSection(
  run: Node[],
  name: string | null,
  parent: Node | null,
  sections: Map<number, MorphologySection>,
  sphericalSoma: boolean,
): MorphologySection {
  let s: MorphologySection;
  if (sphericalSoma && run.length === 1 && run[0]!.name === 'soma') {
    const p = run[0]!;
    s = makeSoma(p.diameter * UM, p.x * UM, p.y * UM, p.z * UM, null);
  } else {
    let xs = run.map((c) => c.x);
    let ys = run.map((c) => c.y);
    let zs = run.map((c) => c.z);
    let ds = run.map((c) => c.diameter);
    let n: number;
    let startD: number;
    let sx: number;
    let sy: number;
    let sz: number;
    if (parent) {
      n = run.length;
      // A section leaving a soma starts with its own diameter, not the soma's.
      startD = parent.name !== null && parent.name.toLowerCase() === 'soma' ? ds[0]! : parent.diameter;
      xs = xs.map((x) => x - parent.x);
      ys = ys.map((y) => y - parent.y);
      zs = zs.map((z) => z - parent.z);
      sx = sy = sz = 0;
    } else {
      n = run.length - 1;
      startD = ds[0]!;
      ds = ds.slice(1);
      [sx, sy, sz] = [xs[0]!, ys[0]!, zs[0]!];
      xs = xs.slice(1);
      ys = ys.slice(1);
      zs = zs.slice(1);
    }
    const um = (v: number[]) => v.map((x) => x * UM);
    s = makeSection(um([startD, ...ds]), n, null, { x: um([sx, ...xs]), y: um([sy, ...ys]), z: um([sz, ...zs]) }, name);
  }
  if (parent) {
    const parentSection = sections.get(parent.index)!;
    // automatic_name=True: a repeated type name gets a counter (dend, dend2, ...).
    let given = name;
    if (given !== null && parentSection.hasChild(given)) {
      const base = given;
      for (let k = 2; parentSection.hasChild(given!); k++) given = `${base}${k}`;
    }
    parentSection.addChild(given, s);
  }
  return s;
}
