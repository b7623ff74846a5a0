// The TypeScript judge (src/verify/compare.ts) must give compare.py's verdicts. Random pairs of
// results (perturbed copies, missing monitors and variables, NaN, length mismatches, half-step spike
// times, every mode, rel= widening) are judged by both: compare.py through one Python process that
// imports it, the port in-process.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseMode, compare, type Mode, overall, type ResultsData } from '../src/verify/compare.js';
import { parsePythonJson } from '../src/verify/results.js';
import { COMPARE, tempDir } from './helpers/pipeline.js';

/** JSON as Python writes it: NaN and ±Infinity as bare tokens. */
function pythonJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `@@${v}@@` : v)).replace(
    /"@@(NaN|Infinity|-Infinity)@@"/g,
    '$1',
  );
}

const DT = 1e-4;

const spikeMon = fc
  .record({
    type: fc.constant('SpikeMonitor'),
    i: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 30 }),
    t: fc.array(
      fc.integer({ min: 0, max: 60 }).map((k) => k * DT),
      { maxLength: 30 },
    ),
  })
  .map((m) => {
    const n = Math.min(m.i.length, m.t.length);
    return { ...m, i: m.i.slice(0, n), t: m.t.slice(0, n) };
  });

const series = fc.array(fc.array(fc.double({ min: -0.08, max: 0.05, noNaN: true }), { minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 3 });
const stateMon = fc.record({
  type: fc.constant('StateMonitor'),
  variables: fc.dictionary(fc.constantFrom('v', 'w', 'I_syn'), series, { minKeys: 1, maxKeys: 2 }),
});
const rateMon = fc.record({ type: fc.constant('PopulationRateMonitor'), rate: fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { maxLength: 20 }) });
const monitors = fc.dictionary(fc.constantFrom('spikes', 'trace', 'rate', 'Mon_2', 'a'), fc.oneof(spikeMon, stateMon, rateMon), { maxKeys: 3 });

/** A candidate derived from the reference: the same, slightly or badly perturbed, or with parts missing. */
function perturb(ref: Record<string, any>, how: number[]): Record<string, any> {
  const out: Record<string, any> = {};
  let k = 0;
  const pick = () => how[k++ % how.length]!;
  for (const [name, m] of Object.entries(ref)) {
    const p = pick();
    if (p === 0) continue; // missing monitor
    const c = structuredClone(m);
    if (m.type === 'SpikeMonitor') {
      if (p === 1) c.t = c.t.map((t: number) => t + 0.5 * DT); // half-step times: Python rounds half to even
      if (p === 2 && c.t.length) c.t.pop(), c.i.pop();
      if (p === 3) c.t = c.t.map((t: number, j: number) => (j % 3 === 0 ? t + DT : t));
    } else if (m.type === 'StateMonitor') {
      for (const v of Object.keys(c.variables)) {
        if (p === 1) c.variables[v] = c.variables[v].map((row: number[]) => row.map((x) => x + 1e-9));
        if (p === 2) c.variables[v] = c.variables[v].map((row: number[]) => row.map((x, j) => (j === 1 ? NaN : x)));
        if (p === 3) c.variables[v] = c.variables[v].map((row: number[]) => row.slice(0, -2));
        if (p === 4) delete c.variables[v];
        if (p === 5) c.variables[v] = c.variables[v].map((row: number[]) => row.map((x) => x * 1.05));
      }
    } else {
      if (p === 1) c.rate = c.rate.map((r: number) => r * (1 + 1e-7));
      if (p === 2) c.rate = c.rate.map((r: number) => r * 1.08);
      if (p === 3) c.rate = [];
    }
    out[name] = c;
  }
  return out;
}

const results = (mons: Record<string, any>): ResultsData => ({ format: 'brian2lava-results/1', dt: DT, t_end: 0.006, monitors: mons }) as ResultsData;

describe('the TypeScript judge', () => {
  it('gives the same per-monitor verdicts as compare.py on random results', async () => {
    const cases = fc
      .sample(
        fc.record({
          ref: monitors,
          how: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
          mode: fc.constantFrom<Mode>('exact', 'stats', 'fixed'),
          rel: fc.option(fc.constantFrom(0.05, 0.2, 0.5)),
        }),
        { numRuns: 300, seed: 8 },
      )
      .map((c) => ({ ...c, cand: perturb(c.ref, c.how) }));
    const dir = tempDir('judge-');
    const file = path.join(dir, 'cases.json');
    writeFileSync(file, pythonJson(cases.map((c) => ({ ref: results(c.ref), cand: results(c.cand), mode: c.mode, rel: c.rel }))));
    const driver = [
      'import json, math, sys',
      `sys.path.insert(0, ${JSON.stringify(path.dirname(COMPARE))})`,
      'import compare',
      `cases = json.load(open(${JSON.stringify(file)}))`,
      'out = []',
      'for c in cases:',
      '    rows = compare.compare(c["ref"], c["cand"], c["mode"], c["rel"])',
      '    out.append({"ok": bool(rows) and all(r["ok"] for r in rows), "rows": [[r["monitor"], r["ok"], r.get("f1")] for r in rows]})',
      'print(json.dumps(out))',
    ].join('\n');
    const py = await execa('python3', ['-c', driver]);
    const expected = JSON.parse(py.stdout) as { ok: boolean; rows: [string, boolean, number | undefined][] }[];
    const parsed = parsePythonJson(pythonJson(cases.map((c) => ({ ref: results(c.ref), cand: results(c.cand) })))) as { ref: ResultsData; cand: ResultsData }[];
    let failing = 0;
    cases.forEach((c, k) => {
      const rows = compare(parsed[k]!.ref, parsed[k]!.cand, c.mode, c.rel);
      expect(
        rows.map((r) => [r.monitor, r.ok, r.f1 ?? null]),
        `case ${k}`,
      ).toEqual(expected[k]!.rows.map(([m, ok, f]) => [m, ok, f ?? null]));
      expect(overall(rows)).toBe(expected[k]!.ok);
      if (!overall(rows)) failing++;
    });
    // The sample must exercise both verdicts, or it proves little.
    expect(failing).toBeGreaterThan(30);
    expect(cases.length - failing).toBeGreaterThan(30);
  });

  it('chooses the mode as compare.py --model does', () => {
    expect(chooseMode('# conformance: stats rel=0.15\n')).toEqual({ mode: 'stats', rel: 0.15 });
    expect(chooseMode('x = 1\n  #conformance:fixed\n')).toEqual({ mode: 'fixed', rel: null });
    expect(chooseMode('from brian2 import *\n')).toEqual({ mode: 'exact', rel: null });
    // an explicit mode other than the header's drops the header's widening
    expect(chooseMode('# conformance: stats rel=0.15\n', 'exact')).toEqual({ mode: 'exact', rel: null });
    expect(chooseMode('# conformance: stats rel=0.15\n', 'stats')).toEqual({ mode: 'stats', rel: 0.15 });
    expect(() => chooseMode('# conformance: fuzzy\n')).toThrow(/unknown conformance mode 'fuzzy'/);
  });

  it('reads Python JSON with NaN and infinities, and leaves strings alone', () => {
    expect(parsePythonJson('{"a": [NaN, Infinity, -Infinity, 1.5], "s": "NaN Infinity \\" NaN"}')).toEqual({
      a: [NaN, Infinity, -Infinity, 1.5],
      s: 'NaN Infinity " NaN',
    });
  });
});

describe('verify mode and table', () => {
  it('prints one table line per metric with its tolerance and verdict', async () => {
    const { verifyTable } = await import('../src/cli/verify.js');
    const ref = results({
      s: { type: 'SpikeMonitor', i: [0, 1], t: [0.001, 0.002] },
      v: { type: 'StateMonitor', variables: { v: [[0, 1, 2]], w: [[1, 1, 1]] } },
    });
    const cand = results({ s: { type: 'SpikeMonitor', i: [0], t: [0.001] }, v: { type: 'StateMonitor', variables: { v: [[0, 1, 2.5]], w: [[1, 1, 1]] } } });
    const lines = verifyTable(compare(ref, cand, 'fixed'));
    expect(lines[0]).toMatch(/^monitor\s+type\s+metric\s+value\s+tolerance\s+verdict$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['s', 'SpikeMonitor', 'spike F1 (2 vs 1 spikes)', '0.666667', '>= 0.9', 'FAIL'],
      ['', 'spike count difference', '1', '<= 2', 'ok'],
      ['v', 'StateMonitor', 'v: max error / range', '0.25', '<= 0.05', 'FAIL'],
      ['', 'w: max error / range', '0', '<= 0.05', 'ok'],
    ]);
  });
});
