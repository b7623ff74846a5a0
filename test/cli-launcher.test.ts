// The installed command bin/brian2lava starts `convert` and `check` from the start-up snapshot
// (scripts/build-snapshot.mjs) and everything else with `node bin/brian2lava.js`. Pinned here: which
// way it starts (read from `sh -x`, which prints the command it execs), that both ways give the same
// output, files and exit codes, and that a snapshot that is not certainly current is never used.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAUNCHER, ROOT, tempDir } from './helpers/pipeline.js';

const FIX = (name: string) => path.join(ROOT, 'fixtures', name);

/** How the launcher at `launcher` starts for these arguments: 'snapshot' or 'plain'. */
async function startsWith(launcher: string, args: string[], env: Record<string, string | undefined> = {}): Promise<'snapshot' | 'plain'> {
  const r = await execa('sh', ['-x', launcher, ...args], { reject: false, env: { NO_COLOR: '1', ...env } });
  const exec = r.stderr.split('\n').filter((l) => /^\+ exec node /.test(l));
  expect(exec, r.stderr).toHaveLength(1);
  return / --snapshot-blob /.test(exec[0]!) ? 'snapshot' : 'plain';
}

/** Everything a user sees of one call: exit code, stdout, stderr and the files written. */
async function observe(args: string[], out: string, env: Record<string, string | undefined>) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const r = await execa(
    LAUNCHER,
    args.map((a) => a.replaceAll('OUT', path.join(out, 'p'))),
    { reject: false, env: { NO_COLOR: '1', ...env } },
  );
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // the marker holds the time of the conversion
      else files[path.relative(out, p)] = readFileSync(p, 'utf8').replace(/"created": "[^"]*"/, '"created": ""');
    }
  };
  walk(out);
  const clean = (s: string) =>
    s
      .replaceAll(out, 'OUT')
      .replace(/"ms":[\d.]+/g, '"ms":0')
      .replace(/"available_bytes":\d+/g, '"available_bytes":0');
  return { code: r.exitCode, stdout: clean(r.stdout), stderr: clean(r.stderr), files };
}

describe('bin/brian2lava', () => {
  beforeAll(() => {
    // `npm test` builds the snapshot first; without a current one this file tests nothing useful.
    const snap = path.join(ROOT, 'dist', 'snapshot');
    const blob = existsSync(snap) ? readdirSync(snap).find((f) => f === `brian2lava-node-${process.version}.blob`) : undefined;
    expect(blob, 'no start-up snapshot for this Node: run `npm run build`').toBeDefined();
    expect(statSync(path.join(snap, blob!)).mtimeMs, 'the start-up snapshot is older than dist/src (tsc ran after it): run `npm run build`').toBeGreaterThan(
      statSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js')).mtimeMs,
    );
  });

  it('starts convert, check, --version and --help from the snapshot and the other commands the ordinary way', async () => {
    expect(await startsWith(LAUNCHER, ['convert', '--help'])).toBe('snapshot');
    expect(await startsWith(LAUNCHER, ['check', FIX('01_lif_exact.py')])).toBe('snapshot');
    expect(await startsWith(LAUNCHER, ['--version'])).toBe('snapshot');
    expect(await startsWith(LAUNCHER, ['run', '--help'])).toBe('plain');
    expect(await startsWith(LAUNCHER, ['doctor', '--help'])).toBe('plain');
    expect(await startsWith(LAUNCHER, ['check', FIX('01_lif_exact.py')], { BRIAN2LAVA_NO_SNAPSHOT: '1' })).toBe('plain');
    // V8 flags in NODE_OPTIONS make Node refuse a snapshot built without them
    expect(await startsWith(LAUNCHER, ['check', FIX('01_lif_exact.py')], { NODE_OPTIONS: '--max-old-space-size=3000' })).toBe('plain');
  });

  it('gives the same output, files and exit code from the snapshot as started the ordinary way', async () => {
    const dir = tempDir('launcher-same-');
    const bad = path.join(dir, 'bad.py');
    writeFileSync(bad, "from brian2 import *\nG = NeuronGroup(2, 'dv/dt = (-70*mV - v) : volt')\nrun(10*ms)\n");
    const syntax = path.join(dir, 'syntax.py');
    writeFileSync(syntax, 'from brian2 import *\nG = NeuronGroup(2, "dv/dt = -v/(10*ms) : 1"\n');
    const cases: [string[], Record<string, string>?][] = [
      [['convert', FIX('10_synaptic_chain.py'), FIX('22_cuba_large.py'), '-o', 'OUT', '--json']],
      [['convert', FIX('07_hodgkin_huxley.py'), '-o', 'OUT', '--explain', '-v']],
      [['convert', FIX('16_stdp_event_driven.py'), '--emit-ir']],
      [['convert', FIX('01_lif_exact.py'), '-o', 'OUT', '--backend', 'loihi2']],
      [['convert', bad, '-o', 'OUT']],
      [['check', syntax, FIX('05_theta_neuron_rk2.py'), '--json']],
      [['check', bad], { FORCE_COLOR: '1', NO_COLOR: undefined as unknown as string }],
      [['convert', path.join(dir, 'missing.py'), '-o', 'OUT']],
      [['convert', '--no-such-option', bad]],
      [['--version']],
    ];
    for (const [args, env] of cases) {
      const snapshot = await observe(args, path.join(dir, 'out-snapshot'), { ...env });
      const plain = await observe(args, path.join(dir, 'out-plain'), { ...env, BRIAN2LAVA_NO_SNAPSHOT: '1' });
      expect(snapshot, args.join(' ')).toEqual(plain);
    }
  });

  it('uses a snapshot only while it is current: same Node, same folder, nothing rebuilt or edited since', async () => {
    // A copy of the package with its own snapshot, so that touching its files disturbs no other test.
    const copy = path.join(tempDir('launcher-copy-'), 'pkg');
    for (const p of ['bin', 'scripts', 'templates', 'fixtures', 'package.json', path.join('dist', 'src'), path.join('dist', 'grammars')]) {
      cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    await execa('node', [path.join(copy, 'scripts', 'build-snapshot.mjs'), '--quiet']);
    const launcher = path.join(copy, 'bin', 'brian2lava');
    const args = ['check', FIX('01_lif_exact.py')];
    expect(await startsWith(launcher, args)).toBe('snapshot');

    // npm installs the command as a link (node_modules/.bin/brian2lava -> ../brian2lava/bin/brian2lava)
    const links = tempDir('launcher-link-');
    symlinkSync(path.relative(links, launcher), path.join(links, 'brian2lava'));
    expect(await startsWith(path.join(links, 'brian2lava'), args)).toBe('snapshot');

    const later = (p: string) => utimesSync(p, new Date(), new Date(Date.now() + 60_000));
    const template = path.join(copy, 'templates', 'cpu', 'run.py.njk');
    const saved = readFileSync(template);
    later(template);
    expect(await startsWith(launcher, args)).toBe('plain');
    writeFileSync(template, saved);
    utimesSync(template, new Date(0), new Date(0));
    expect(await startsWith(launcher, args)).toBe('snapshot');

    // tsc rewrites every file of dist/src: a build after the snapshot's makes it stale
    later(path.join(copy, 'dist', 'src', 'cli', 'main.js'));
    expect(await startsWith(launcher, args)).toBe('plain');
    utimesSync(path.join(copy, 'dist', 'src', 'cli', 'main.js'), new Date(0), new Date(0));
    later(path.join(copy, 'package.json'));
    expect(await startsWith(launcher, args)).toBe('plain');
    utimesSync(path.join(copy, 'package.json'), new Date(0), new Date(0));
    expect(await startsWith(launcher, args)).toBe('snapshot');

    // built by another Node version
    const snap = path.join(copy, 'dist', 'snapshot');
    const blob = readdirSync(snap).find((f) => f.endsWith('.blob'))!;
    renameSync(path.join(snap, blob), path.join(snap, 'brian2lava-node-v0.0.0.blob'));
    expect(await startsWith(launcher, args)).toBe('plain');
    renameSync(path.join(snap, 'brian2lava-node-v0.0.0.blob'), path.join(snap, blob));

    // the folder moved: the snapshot's paths point to the old place; the ordinary start still works
    const moved = `${copy}-moved`;
    renameSync(copy, moved);
    const movedLauncher = path.join(moved, 'bin', 'brian2lava');
    expect(await startsWith(movedLauncher, args)).toBe('plain');
    const r = await execa(movedLauncher, ['check', FIX('01_lif_exact.py'), '-q'], { reject: false });
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
