// convert and check as a user or CI drives them: several models per call, --json lines, exit codes,
// --quiet, NO_COLOR. (run and verify, which need Lava, are in cli-run.test.ts and cli-verify.test.ts.)

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from './helpers/pipeline.js';

const FIX = (name: string) => path.join(ROOT, 'fixtures', name);
const ANSI = /\x1b\[[0-9;]*m/;

function badModel(dir: string): string {
  const file = path.join(dir, 'bad_units.py');
  writeFileSync(file, "from brian2 import *\nG = NeuronGroup(2, 'dv/dt = (-70*mV - v) : volt')\nrun(10*ms)\n");
  return file;
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

describe('brian2lava convert', () => {
  it('converts several models into one folder each, with one JSON object per model', async () => {
    const out = tempDir('cli-conv-');
    const r = await cli(['convert', FIX('01_lif_exact.py'), FIX('04_izhikevich.py'), '-o', out, '--json']);
    expect(r.exitCode).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => [l.command, l.ok, path.basename(l.output)])).toEqual([
      ['convert', true, '01_lif_exact'],
      ['convert', true, '04_izhikevich'],
    ]);
    for (const l of lines) {
      expect(existsSync(path.join(l.output, 'run.py'))).toBe(true);
      expect(l.files).toContain('run.py');
      expect(Array.isArray(l.diagnostics)).toBe(true);
    }
  });

  it('goes on after a rejected or missing model and exits with the worst code', async () => {
    const dir = tempDir('cli-conv-bad-');
    const bad = badModel(dir);
    const out = path.join(dir, 'out');
    const rejected = await cli(['convert', bad, FIX('01_lif_exact.py'), '-o', out, '--json']);
    expect(rejected.exitCode).toBe(1);
    const [first, second] = jsonLines(rejected.stdout);
    expect(first).toMatchObject({ command: 'convert', ok: false, stage: 'convert' });
    expect(first!.diagnostics[0]).toMatchObject({ code: 'unit-mismatch', severity: 'error', line: 2 });
    expect(second).toMatchObject({ ok: true });
    expect(existsSync(path.join(out, '01_lif_exact', 'run.py'))).toBe(true);

    const missing = await cli(['convert', path.join(dir, 'nope.py'), bad, FIX('01_lif_exact.py'), '-o', out]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nope.py: no such file');
    expect(missing.stderr).toMatch(/bad_units\.py:2:\d+: error\[unit-mismatch\]/);
  });

  it('refuses to overwrite a folder it did not create (usage, exit 2), also with --json and --force', async () => {
    const dir = tempDir('cli-conv-foreign-');
    mkdirSync(path.join(dir, 'mine', '01_lif_exact'), { recursive: true });
    writeFileSync(path.join(dir, 'mine', '01_lif_exact', 'notes.txt'), 'keep me');
    for (const force of [[], ['--force']]) {
      const r = await cli(['convert', FIX('01_lif_exact.py'), '-o', path.join(dir, 'mine'), '--json', ...force]);
      expect(r.exitCode).toBe(2);
      expect(jsonLines(r.stdout)[0]).toMatchObject({ ok: false, stage: 'write' });
      expect(r.stderr).toContain('was not created by brian2lava, so it is left alone (also with --force)');
    }
  });
});

describe('-o DIR: DIR/<model name>/ for one model or several', () => {
  it('one model and several go to the same places; two models with one file name are refused before anything is written', async () => {
    const dir = tempDir('cli-o-');
    const one = await cli(['convert', FIX('01_lif_exact.py'), '-o', path.join(dir, 'a'), '--json']);
    expect(jsonLines(one.stdout)[0]!.output).toBe(path.join(dir, 'a', '01_lif_exact'));
    const two = await cli(['convert', FIX('01_lif_exact.py'), FIX('04_izhikevich.py'), '-o', path.join(dir, 'b'), '--json']);
    expect(jsonLines(two.stdout).map((l) => l.output)).toEqual([path.join(dir, 'b', '01_lif_exact'), path.join(dir, 'b', '04_izhikevich')]);
    const other = path.join(dir, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, '01_lif_exact.py'), "from brian2 import *\nG = NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1')\nrun(1*ms)\n");
    for (const command of ['convert', 'run', 'verify']) {
      const clash = await cli([command, FIX('01_lif_exact.py'), path.join(other, '01_lif_exact.py'), '-o', path.join(dir, 'c')]);
      expect(clash.exitCode).toBe(2);
      expect(clash.stderr).toContain(
        `error: ${FIX('01_lif_exact.py')} and ${path.join(other, '01_lif_exact.py')} would both be written to ${path.join(dir, 'c', '01_lif_exact')}`,
      );
      expect(existsSync(path.join(dir, 'c'))).toBe(false);
    }
    // across calls: a project made from another script is replaced only with --force
    const across = await cli(['convert', path.join(other, '01_lif_exact.py'), '-o', path.join(dir, 'a')]);
    expect(across.exitCode).toBe(2);
    expect(across.stderr).toContain(`holds the project of ${FIX('01_lif_exact.py')}, not of ${path.join(other, '01_lif_exact.py')}`);
    expect((await cli(['convert', path.join(other, '01_lif_exact.py'), '-o', path.join(dir, 'a'), '--force'])).exitCode).toBe(0);
  });
});

describe('brian2lava check', () => {
  it('checks several models, --json per model, exit 1 when one is rejected', async () => {
    const dir = tempDir('cli-check-');
    const r = await cli(['check', FIX('01_lif_exact.py'), badModel(dir), '--json']);
    expect(r.exitCode).toBe(1);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => [l.command, l.ok])).toEqual([
      ['check', true],
      ['check', false],
    ]);
    expect(lines[0]!.groups).toEqual([{ name: 'cells', kind: 'NeuronGroup', n: 5, method: 'exact' }]);
    expect(lines[1]).toMatchObject({ stage: 'convert' });
  });

  it('--quiet prints only errors', async () => {
    const dir = tempDir('cli-check-q-');
    const ok = await cli(['check', FIX('01_lif_exact.py'), '--quiet']);
    expect([ok.exitCode, ok.stdout, ok.stderr]).toEqual([0, '', '']);
    const bad = await cli(['check', badModel(dir), '-q']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('error[unit-mismatch]');
  });

  it('colours only when allowed: NO_COLOR wins over FORCE_COLOR', async () => {
    const dir = tempDir('cli-check-c-');
    const bad = badModel(dir);
    const coloured = await cli(['check', bad], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    // NO_COLOR set to anything (even empty) disables colour, as no-color.org says
    expect(coloured.stderr).not.toMatch(ANSI);
    const forced = await cli(['check', bad], { env: { FORCE_COLOR: '1' }, noColor: false });
    expect(forced.stderr).toMatch(ANSI);
    const flag = await cli(['check', bad, '--no-color'], { env: { FORCE_COLOR: '1' }, noColor: false });
    expect(flag.stderr).not.toMatch(ANSI);
  });
});

describe('usage errors', () => {
  it('exit 2 with a message on stderr', async () => {
    for (const args of [
      ['convert'],
      ['frobnicate'],
      ['run', FIX('01_lif_exact.py'), '--timeout', 'soon'],
      ['verify', FIX('01_lif_exact.py'), '--mode', 'loose'],
      ['check', '/'],
    ]) {
      const r = await cli(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr.length, args.join(' ')).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    }
  });

  it('documents the commands and exit codes in --help', async () => {
    const r = await cli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const c of ['convert', 'run', 'verify', 'check', 'setup', 'doctor']) expect(r.stdout).toContain(c);
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 .*, 2 usage.*, 3 runtime failure/);
  });
});
