// Integer constants of a neuron program: one literal when every neuron (and every run segment) uses the
// same value, otherwise a per-neuron table in the neuron's memory, rewritten by the host between runs.

import type { Coef, FxTable } from './fixed.js';
import { signedBits } from './quantize.js';

export class TableBank {
  readonly tables: FxTable[] = [];
  /** Per segment: table name → values. */
  readonly values: Map<string, number[]>[];
  private readonly names = new Set<string>();

  constructor(
    private readonly n: number,
    segments: number,
  ) {
    this.values = Array.from({ length: segments }, () => new Map());
  }

  /**
   * A coefficient from its integer value per segment (each one number or one per neuron): a literal
   * when all agree, else a table named after `base`.
   */
  coef(base: string, what: string, perSegment: (number | number[])[]): Coef {
    const flat = perSegment.flatMap((v) => (typeof v === 'number' ? [v] : v));
    if (flat.every((v) => v === flat[0])) return { k: 'int', v: flat[0] ?? 0 };
    let name = base;
    for (let k = 2; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    const bits = flat.reduce((b, v) => Math.max(b, signedBits(v)), 1);
    this.tables.push({ name, what, bits });
    perSegment.forEach((v, s) => this.values[s]!.set(name, typeof v === 'number' ? new Array<number>(this.n).fill(v) : v));
    return { k: 'table', name };
  }
}
