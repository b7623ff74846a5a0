// The targets (src/4-targets/): one registry reads --backend, one crash guard covers the target's own
// passes, and `check --backend` refuses exactly what `convert`/`run` with that backend refuse.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { targetFor, TARGET_NAMES, UnknownTarget } from '../src/4-targets/registry.js';
import type { TargetPasses } from '../src/4-targets/target.js';
import { cli, ROOT, tempDir } from './helpers/pipeline.js';

const FIX = (name: string) => path.join(ROOT, 'fixtures', name);

describe('registry', () => {
  it('knows each --backend name once and refuses others', () => {
    expect(TARGET_NAMES).toEqual(['cpu', 'loihi2', 'loihi2-sim']);
    expect(targetFor(undefined).name).toBe('cpu');
    expect(targetFor('loihi2').fixedPoint).toBe(true);
    expect(targetFor('loihi2-sim').runArgs({ seed: 3 })).toEqual(['--sim']);
    expect(targetFor('cpu').runArgs({ seed: 3 })).toEqual(['--seed', '3']);
    expect(targetFor('cpu').runArgs({})).toEqual([]);
    expect(() => targetFor('gpu')).toThrow(UnknownTarget);
  });
});

describe('the crash guard', () => {
  const text = readFileSync(FIX('01_lif_exact.py'), 'utf8');
  const crashing = (where: 'lower' | 'emit'): TargetPasses => ({
    lower: (input) => {
      if (where === 'lower') throw new TypeError('a bug in a target pass');
      return { model: input.lowered, diagnostics: [] };
    },
    emit: () => {
      throw new TypeError('a bug in a target emitter');
    },
    explain: () => null,
  });

  it.each(['lower', 'emit'] as const)("reports a bug in a target's %s as a diagnostic, not a crash", (where) => {
    const r = compile('fixtures/01_lif_exact.py', text, 'emit', { passes: crashing(where) });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['internal-error']);
    expect(r.files).toBeNull();
  });

  it("runs the target's passes, but not its emitter, up to 'lower'", () => {
    const r = compile('fixtures/01_lif_exact.py', text, 'lower', { passes: crashing('emit') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.target).not.toBeNull();
  });
});

describe('check --backend', () => {
  it('refuses for loihi2 what convert --backend loihi2 refuses, and accepts it for cpu', async () => {
    const model = FIX('13_clock_driven_synapse.py');
    const check = await cli(['check', model, '--backend', 'loihi2']);
    const convert = await cli(['convert', model, '--backend', 'loihi2', '-o', path.join(tempDir('targets-'), 'p')]);
    expect(check.exitCode).toBe(1);
    expect(convert.exitCode).toBe(1);
    const errors = (s: string) => s.split('\n').filter((l) => l.includes(': error['));
    expect(errors(check.stderr)).toEqual(errors(convert.stderr));
    expect(errors(check.stderr).length).toBeGreaterThan(0);
    expect((await cli(['check', model])).exitCode).toBe(0);
    expect((await cli(['check', model, '--backend', 'cpu'])).exitCode).toBe(0);
  });

  it('refuses an unknown backend as a usage error', async () => {
    const r = await cli(['check', FIX('01_lif_exact.py'), '--backend', 'gpu']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('cpu, loihi2, loihi2-sim');
  });
});
