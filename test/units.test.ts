// The unit table against Brian2 2.5.4 (names, scales and dimensions taken from a Brian2 installation, see
// test/data/brian2-units.json): which names exist, what they are worth, and where each name is visible.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declarationUnit, defaultUnit, starUnit, UNITS } from '../src/units/table.js';
import { ROOT } from './helpers/pipeline.js';

const ref = JSON.parse(readFileSync(path.join(ROOT, 'test', 'data', 'brian2-units.json'), 'utf8')) as {
  units: Record<string, [number, number[]]>;
  star: string[];
  strings: string[];
  declaration: string[];
};

describe("Brian2's unit table", () => {
  it('has every unit with its scale and dimension', () => {
    const wrong: string[] = [];
    for (const [name, [scale, dims]] of Object.entries(ref.units)) {
      const u = UNITS.get(name);
      if (!u) wrong.push(`${name}: missing`);
      else if (Math.abs(u.scale - scale) > 1e-12 * Math.abs(scale) || u.dim.some((e, k) => Math.abs(e - dims[k]!) > 1e-12))
        wrong.push(`${name}: ${u.scale} ${u.dim}`);
    }
    expect(wrong).toEqual([]);
    expect([...UNITS.keys()].filter((k) => !(k in ref.units))).toEqual([]);
  });

  it('gives `from brian2 import *` exactly the units Brian2 exports', () => {
    expect([...UNITS.keys()].filter((k) => starUnit(k)).sort()).toEqual([...ref.star].sort());
  });

  it("resolves units in Brian2 strings from Brian2's default unit namespace", () => {
    expect([...UNITS.keys()].filter((k) => defaultUnit(k)).sort()).toEqual([...ref.strings].sort());
  });

  it('accepts after the colon of an equation only the base units Brian2 accepts there', () => {
    expect([...UNITS.keys()].filter((k) => declarationUnit(k)).sort()).toEqual([...ref.declaration].sort());
  });
});
