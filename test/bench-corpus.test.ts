// The corpus harness's own logic (bench/corpus/lib): which comparison mode a script gets, which files
// of a corpus are scripts, and how refusals and outcomes are counted in bench/RESULTS-corpus.md.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the benchmark harness
import { globToRegExp, listScripts } from '../bench/corpus/lib/discover.mjs';
// @ts-expect-error plain JavaScript module of the benchmark harness
import { chooseMode, irRandomness, sourceRandomness } from '../bench/corpus/lib/mode.mjs';
// @ts-expect-error plain JavaScript module of the benchmark harness
import { category, refusalCategories, totals } from '../bench/corpus/lib/summary.mjs';

describe('comparison mode of a corpus script', () => {
  it('takes the conformance header first, with its rel', () => {
    expect(chooseMode('# x\n# conformance: stats rel=0.2\nfrom brian2 import *\n', null)).toMatchObject({ mode: 'stats', rel: 0.2, why: 'header' });
    expect(chooseMode('# conformance: exact\nx = np.random.rand(3)\n', null)).toMatchObject({ mode: 'exact', why: 'header' });
  });

  it('is stats when the IR draws random numbers', () => {
    const expr = (ast: unknown) => ({ code: '', ast, dim: [], span: null });
    const base = { groups: [], poissonInputs: [], program: [] };
    expect(irRandomness(base)).toEqual([]);
    expect(irRandomness({ ...base, groups: [{ kind: 'PoissonGroup' }] })).toEqual(['PoissonGroup']);
    expect(irRandomness({ ...base, poissonInputs: [{}] })).toEqual(['PoissonInput']);
    const set = {
      kind: 'set',
      value: { kind: 'expression', expr: expr({ k: 'bin', op: '*', a: { k: 'call', fn: 'rand', args: [] }, b: { k: 'num', v: 2 } }) },
    };
    expect(irRandomness({ ...base, program: [set] })).toEqual(['rand()']);
    const noise = { kind: 'NeuronGroup', equations: [{ expr: expr({ k: 'sym', name: 'xi', role: 'noise' }) }] };
    expect(irRandomness({ ...base, groups: [noise] })).toEqual(['noise xi']);
    const connect = (rule: unknown) => ({ ...base, program: [{ kind: 'connect', rule }] });
    expect(irRandomness(connect({ kind: 'rule', condition: null, p: expr({ k: 'num', v: 0.1 }), n: null, generator: null }))).toEqual(['connect(p=...)']);
    expect(irRandomness(connect({ kind: 'rule', condition: null, p: null, n: null, generator: null }))).toEqual([]);
    expect(irRandomness(connect({ kind: 'indices', i: [0], j: [1], p: 1, n: [1] }))).toEqual([]);
    expect(irRandomness(connect({ kind: 'indices', i: [0], j: [1], p: 0.5, n: [1] }))).toEqual(['connect(p=...)']);
    expect(chooseMode('from brian2 import *\n', connect({ kind: 'indices', i: [0], j: [1], p: 0.5, n: [1] })).mode).toBe('stats');
  });

  it('is stats when the script draws while building the model, exact otherwise', () => {
    expect(sourceRandomness('v0 = np.random.uniform(0, 1, 10)\n')).toContain('numpy.random');
    expect(sourceRandomness('from numpy.random import randn\n')).toContain('random module');
    expect(sourceRandomness("G.v = 'rand()*mV'\n")).toContain('random call');
    // comments and names that merely contain the words are not draws
    expect(sourceRandomness('# np.random.seed(1) was here\noperand(3)\nxi_max = 2\n')).toEqual([]);
    expect(sourceRandomness('grand(3)\nself.normalize(x)\n')).toEqual([]);
    expect(chooseMode('from brian2 import *\nG = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1")\n', null).mode).toBe('exact');
  });
});

describe('scripts of a corpus', () => {
  it('lists *.py files, skipping hidden folders, caches and .corpusignore globs', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'corpus-test-'));
    for (const f of [
      'a.py',
      'sub/b.py',
      'sub/helpers/util.py',
      '.git/x.py',
      'sub/__pycache__/b.py',
      'data.npy',
      'lib/mod.py',
      'pkg/run.py',
      'pkg/tools/t.py',
      'other/tools/t.py',
    ])
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true }), writeFileSync(path.join(root, f), '');
    writeFileSync(path.join(root, '.corpusignore'), '# helper modules\n**/helpers/*.py\nlib/mod.py\n');
    // a .corpusignore further down applies to its own folder
    writeFileSync(path.join(root, 'pkg', '.corpusignore'), 'tools/*.py\n');
    expect(listScripts(root)).toEqual(['a.py', 'other/tools/t.py', 'pkg/run.py', 'sub/b.py']);
  });

  it('reads globs as paths', () => {
    expect(globToRegExp('**/x.py').test('a/b/x.py')).toBe(true);
    expect(globToRegExp('**/x.py').test('x.py')).toBe(true);
    expect(globToRegExp('a/*.py').test('a/b/c.py')).toBe(false);
    expect(globToRegExp('a/?.py').test('a/b.py')).toBe(true);
  });
});

describe('totals and refusal categories', () => {
  const accepted = { verdict: 'accepted' };
  const v = (b2: string, ours: string, verdict: string | null) => ({
    brian2: { status: b2 },
    ours: ours ? { status: ours } : null,
    compare: verdict ? { verdict, failing: [], lines: [] } : null,
    mode: { mode: 'exact' },
  });
  const entry = {
    total: 9,
    scripts: {
      'a.py': { check: accepted, verify: v('ok', 'ok', 'PASS') },
      'b.py': { check: accepted, verify: v('ok', 'ok', 'FAIL') },
      'c.py': { check: accepted, verify: v('ok', 'error', null) },
      'd.py': { check: accepted, verify: v('slow', '', null) },
      'e.py': { check: accepted, verify: v('error', '', null) },
      'f.py': { check: accepted },
      'g.py': { check: { verdict: 'refused', code: 'unsupported', message: 'the converter does not support Soma' } },
      'h.py': { check: { verdict: 'refused', code: 'unknown-name', message: "unknown name 'plt'" } },
    },
  };

  it('counts conformance only over scripts Brian2 ran within the limit', () => {
    expect(totals(entry)).toMatchObject({
      scripts: 9,
      unmeasured: 1,
      accepted: 6,
      refused: 2,
      judged: 3,
      conform: 1,
      fail: 1,
      runError: 1,
      slow: 1,
      brian2Error: 1,
      unverified: 1,
    });
  });

  it('groups refusals by code and by what was refused', () => {
    const cats = refusalCategories(entry);
    expect(cats.map((c: { code: string; count: number }) => [c.code, c.count])).toEqual([
      ['unknown-name', 1],
      ['unsupported', 1],
    ]);
    expect(cats[1].whats[0]).toEqual({ what: 'Soma', scripts: ['g.py'] });
    expect(category('unknown-name', "unknown name 'plt' at 3.5")).toBe("unknown name '…' at N");
  });
});
