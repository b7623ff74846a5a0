// The evaluator's numpy against Brian2 2.5.4 itself: every case of test/data/numpy-semantics.json
// (made by test/data/numpy-semantics.py with Brian2's Python) is evaluated without running Python and
// must give Brian2's shape, dtype kind, units and values, or be refused where Brian2 raises an error.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/1-read/values.js';
import { evaluateScript } from '../helpers/evaluate.js';
import { ROOT } from '../helpers/pipeline.js';

interface Described {
  kind?: 'array' | 'scalar' | 'bool' | 'tuple' | 'list';
  shape?: number[];
  dtype?: 'bool' | 'int' | 'float';
  dim?: number[];
  value?: (number | null | 'inf' | '-inf')[] | boolean;
  items?: Described[];
  error?: string;
}

const data = JSON.parse(readFileSync(path.join(ROOT, 'test', 'data', 'numpy-semantics.json'), 'utf8')) as {
  setup: string;
  cases: { code: string; result: Described }[];
};

/**
 * Cases Brian2 accepts that the converter refuses on purpose (a located error, never another value),
 * with the reason. Keep this list short and docs/supported.md in step with it.
 */
const REFUSED: Record<string, string> = {};

function expected(x: number | null | 'inf' | '-inf'): number {
  return x === null ? NaN : x === 'inf' ? Infinity : x === '-inf' ? -Infinity : x;
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  // Transcendental functions may differ from the C library's in the last bits.
  return Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
}

/** What differs between our value and Brian2's, or null. */
function compare(v: Value, d: Described, where = 'x'): string | null {
  if (d.kind === 'tuple') {
    if (v.t !== 'tuple' && v.t !== 'list') return `${where}: expected a tuple, got ${v.t}`;
    if (v.items.length !== d.items!.length) return `${where}: ${v.items.length} items instead of ${d.items!.length}`;
    for (let k = 0; k < v.items.length; k++) {
      const r = compare(v.items[k]!, d.items![k]!, `${where}[${k}]`);
      if (r) return r;
    }
    return null;
  }
  if (d.kind === 'list') {
    if (v.t !== 'list') return `${where}: expected a list, got ${v.t}`;
    const flat = (x: Value): number[] => (x.t === 'list' || x.t === 'tuple' ? x.items.flatMap(flat) : x.t === 'num' ? [x.v] : x.t === 'bool' ? [+x.v] : [NaN]);
    const got = flat(v);
    const want = (d.value as number[]).map(expected);
    return got.length === want.length && got.every((x, k) => close(x, want[k]!))
      ? null
      : `${where}: list ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`;
  }
  if (d.kind === 'bool') return v.t === 'bool' && v.v === d.value ? null : `${where}: expected ${String(d.value)}, got ${JSON.stringify(v)}`;
  let data: number[];
  let shape: number[];
  let dtype: string;
  let dim: readonly number[];
  if (v.t === 'array') {
    // A 0-d array is numpy's scalar here.
    if (d.kind === 'scalar' && v.a.shape.length) return `${where}: expected a scalar, got an array of shape (${v.a.shape.join(', ')})`;
    data = Array.from(v.a.data);
    shape = v.a.shape;
    dtype = v.a.dtype;
    dim = v.dim;
  } else if (v.t === 'num' || v.t === 'bool') {
    if (d.kind === 'array') return `${where}: expected an array, got a scalar`;
    data = [v.t === 'num' ? v.v : +v.v];
    shape = [];
    dtype = v.t === 'bool' ? 'bool' : v.int ? 'int' : 'float';
    dim = v.t === 'num' ? v.dim : [0, 0, 0, 0, 0, 0, 0];
  } else return `${where}: got ${v.t}${v.t === 'unknown' ? ` (${v.why})` : ''}`;
  if (JSON.stringify(shape) !== JSON.stringify(d.shape)) return `${where}: shape (${shape.join(', ')}) instead of (${d.shape!.join(', ')})`;
  if (dtype !== d.dtype) return `${where}: dtype ${dtype} instead of ${d.dtype}`;
  if (dim.some((e, k) => Math.abs(e - d.dim![k]!) > 1e-9)) return `${where}: units [${dim.join(', ')}] instead of [${d.dim!.join(', ')}]`;
  const want = (d.value as (number | null)[]).map(expected);
  const bad = data.findIndex((x, k) => !close(x, want[k]!));
  return bad >= 0 ? `${where}: element ${bad} is ${data[bad]} instead of ${want[bad]}` : null;
}

function evaluateCase(code: string) {
  const body = code.startsWith('x = ') && code.includes(';') ? code.split('; ').join('\n') : `x = ${code}`;
  return evaluateScript(`${data.setup}${body}\nrun(0*ms)\n`);
}

describe('numpy at build time, as Brian2 computes it', () => {
  const cases = data.cases.filter((c) => !(c.code in REFUSED));
  it.each(cases.map((c) => [c.code, c.result] as const))('%s', (code, result) => {
    const r = evaluateCase(code);
    if (result.error) {
      expect(r.errors.length, `Brian2 raises ${result.error}; the converter accepted it`).toBeGreaterThan(0);
      return;
    }
    expect(r.errors.map((e) => e.message)).toEqual([]);
    const x = r.get('x');
    expect(x, 'x is bound').toBeDefined();
    expect(compare(x!, result)).toBeNull();
  });

  it.each(Object.entries(REFUSED))('refuses %s (%s)', (code) => {
    expect(evaluateCase(code).errors.length).toBeGreaterThan(0);
  });
});
