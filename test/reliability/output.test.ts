// Output is never lost or half-written: the project goes to a temporary folder renamed into place; an
// existing folder is replaced only when it carries our marker (a project of another script only with
// --force), never a folder we did not make (not even with --force), the one holding the model or the
// current directory; what the old project held besides its generated files (results, plots, the user's
// files) is kept under runs/<time>/; a failure, even a SIGKILL in the middle of writing or of keeping
// the outputs, leaves nothing lost and no temporary folders behind once the next conversion has run.
// Failures are injected with the documented hook BRIAN2LAVA_TEST_WRITE_FAULT (src/4-emit/output.ts);
// the tests run the real CLI. `-o DIR` puts the project of model.py in DIR/model.

import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKER } from '../../src/4-emit/output.js';
import { cli, ROOT, tempDir } from '../helpers/pipeline.js';

const FIXTURE = path.join(ROOT, 'fixtures', '01_lif_exact.py');

function setup(): { dir: string; model: string; out: string } {
  const dir = tempDir('output-');
  const model = path.join(dir, 'model.py');
  copyFileSync(FIXTURE, model);
  return { dir, model, out: path.join(dir, 'project', 'model') };
}

/** Every file of a folder with its content, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name))] = readFileSync(path.join(e.parentPath, e.name), 'latin1');
  }
  return out;
}

function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => path.basename(f).includes('.tmp-'));
}

/** The runs/<time>/ folders of a project, each with its files. */
function runs(out: string): Record<string, string>[] {
  const dir = path.join(out, 'runs');
  return existsSync(dir)
    ? readdirSync(dir)
        .sort()
        .map((r) => snapshot(path.join(dir, r)))
    : [];
}

const parent = (out: string) => path.dirname(out);

describe('writing the project', () => {
  it('writes a fresh folder with the marker and leaves no temporary folder', async () => {
    const { dir, model, out } = setup();
    const r = await cli(['convert', model, '-o', parent(out)]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, MARKER), 'utf8')).generator).toBe('brian2lava');
    expect(existsSync(path.join(out, 'run.py'))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('replaces a folder it created, keeping what a run, verify or the user put there under runs/<time>/', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'results.json'), '{"run": 1}');
    writeFileSync(path.join(out, 'raster.png'), 'png 1');
    mkdirSync(path.join(out, 'verify-plots'));
    writeFileSync(path.join(out, 'verify-plots', 'spikes.png'), 'png');
    writeFileSync(path.join(out, 'run.py'), 'edited by hand'); // a generated file: replaced
    const r = await cli(['convert', model, '-o', parent(out)]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(out, 'run.py'), 'utf8')).not.toBe('edited by hand');
    expect(existsSync(path.join(out, 'results.json'))).toBe(false);
    const [first, ...more] = runs(out);
    expect(more).toEqual([]);
    expect(Object.keys(first!).sort()).toEqual(['conversion.json', 'raster.png', 'results.json', 'verify-plots/spikes.png']);
    expect(first!['results.json']).toBe('{"run": 1}');
    expect(JSON.parse(first!['conversion.json']!)).toMatchObject({ generator: 'brian2lava', source: model });
    // a second run's outputs go to a run folder of their own; the first one is carried over
    writeFileSync(path.join(out, 'results.json'), '{"run": 2}');
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    expect(runs(out).map((r) => r['results.json'])).toEqual(['{"run": 1}', '{"run": 2}']);
    // nothing to keep: no new run folder
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    expect(runs(out).length).toBe(2);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('refuses a folder it did not create, also with --force (clear message, folder untouched)', async () => {
    const { dir, model, out } = setup();
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'thesis.tex'), 'years of work');
    for (const force of [[], ['--force']]) {
      const r = await cli(['convert', model, '-o', parent(out), ...force]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('exists and was not created by brian2lava, so it is left alone (also with --force)');
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(snapshot(out)).toEqual({ 'thesis.tex': 'years of work' });
    }
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('writes into an existing empty folder, refuses a file in the way', async () => {
    const { model, out, dir } = setup();
    mkdirSync(out, { recursive: true });
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    const file = path.join(dir, 'afile');
    writeFileSync(file, 'keep');
    for (const o of [file, dir]) {
      if (o === dir) writeFileSync(path.join(dir, 'model'), 'a file where the project would go');
      const r = await cli(['convert', model, '-o', o, '--force']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('is not a folder');
    }
    expect(readFileSync(file, 'utf8')).toBe('keep');
  }, 120_000);

  it('never replaces the folder holding the model script or the current directory, even with --force', async () => {
    const { dir } = setup();
    const inner = path.join(dir, 'm');
    mkdirSync(inner);
    const model = path.join(inner, 'm.py');
    copyFileSync(FIXTURE, model);
    const r = await cli(['convert', model, '-o', dir, '--force']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('contains m.py');
    expect(readFileSync(model, 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
    const work = path.join(dir, 'work');
    mkdirSync(work);
    writeFileSync(path.join(work, 'notes.txt'), 'mine');
    copyFileSync(FIXTURE, path.join(dir, 'work.py'));
    const here = await cli(['convert', path.join(dir, 'work.py'), '-o', '..', '--force'], { cwd: work });
    expect(here.exitCode).toBe(2);
    expect(here.stderr).toContain('the current directory');
    expect(snapshot(work)).toEqual({ 'notes.txt': 'mine' });
  }, 120_000);

  it('a write that fails half-way leaves the old project intact and no temporary folder', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'results.json'), '{"precious": true}');
    const before = snapshot(out);
    const r = await cli(['convert', model, '-o', parent(out)], { env: { BRIAN2LAVA_TEST_WRITE_FAULT: 'throw:3' } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('cannot write the project');
    expect(r.stderr).toContain('unchanged');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('a writer killed (SIGKILL) mid-write leaves the old project intact; the next conversion cleans up', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'results.json'), '{"precious": true}');
    const before = snapshot(out);
    const r = await cli(['convert', model, '-o', parent(out)], { env: { BRIAN2LAVA_TEST_WRITE_FAULT: 'kill:4' } });
    expect(r.signal).toBe('SIGKILL');
    expect(snapshot(out)).toEqual(before);
    // The dead writer's half-written folder is there...
    const left = leftovers(dir);
    expect(left.length).toBe(1);
    expect(statSync(path.join(dir, left[0]!)).isDirectory()).toBe(true);
    // ... until the next conversion, which removes it and replaces the project.
    const again = await cli(['convert', model, '-o', parent(out)]);
    expect(again.exitCode).toBe(0);
    expect(leftovers(dir)).toEqual([]);
    expect(runs(out).map((r) => r['results.json'])).toEqual(['{"precious": true}']);
  }, 120_000);

  it('a writer killed after the new project is in place, before it kept the outputs: the next conversion keeps them', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'results.json'), '{"precious": true}');
    const r = await cli(['convert', model, '-o', parent(out)], { env: { BRIAN2LAVA_TEST_WRITE_FAULT: 'kill-archive' } });
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(path.join(out, 'results.json'))).toBe(false); // still in the old folder, moved aside
    expect(leftovers(dir).length).toBe(1);
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    expect(leftovers(dir)).toEqual([]);
    expect(runs(out).map((r) => r['results.json'])).toEqual(['{"precious": true}']);
  }, 120_000);

  it('an old project moved aside by a writer that died is put back before anything else', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', parent(out)])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'results.json'), '{"precious": true}');
    const before = snapshot(out);
    // The state between the two renames of a replacement, left by a process that no longer exists.
    renameSync(out, path.join(parent(out), '.model.tmp-999999999-1.old'));
    // A conversion that then fails must leave the old project where it was.
    const r = await cli(['convert', model, '-o', parent(out)], { env: { BRIAN2LAVA_TEST_WRITE_FAULT: 'throw:0' } });
    expect(r.exitCode).toBe(3);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('through a symbolic link, the folder it points to is replaced and the link stays', async () => {
    const { dir, model } = setup();
    const real = path.join(dir, 'real');
    expect((await cli(['convert', model, '-o', real])).exitCode).toBe(0);
    const links = path.join(dir, 'links');
    mkdirSync(links);
    symlinkSync(path.join(real, 'model'), path.join(links, 'model'));
    const r = await cli(['convert', model, '-o', links]);
    expect(r.exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['links', 'model.py', 'real']);
    expect(lstatSync(path.join(links, 'model')).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(links, 'model', 'run.py'))).toBe(true);
  }, 120_000);
});
