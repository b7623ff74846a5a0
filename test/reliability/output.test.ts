// Output is never lost or half-written: the project goes to a temporary folder renamed into place; an
// existing folder is replaced only when it carries our marker (or with --force), never when it holds the
// model or the current directory; a failure, even a SIGKILL in the middle of writing, leaves the old
// folder intact and no temporary folders behind once the next conversion has run. Failures are
// injected with the documented hook BRIAN2LAVA_TEST_WRITE_FAULT (src/4-emit/output.ts); the tests run
// the real CLI.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKER } from '../../src/4-emit/output.js';
import { cli, ROOT, tempDir } from '../helpers/pipeline.js';

const FIXTURE = path.join(ROOT, 'fixtures', '01_lif_exact.py');

function setup(): { dir: string; model: string; out: string } {
  const dir = tempDir('output-');
  const model = path.join(dir, 'model.py');
  copyFileSync(FIXTURE, model);
  return { dir, model, out: path.join(dir, 'project') };
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
  return readdirSync(dir).filter((f) => f.includes('.tmp-'));
}

describe('writing the project', () => {
  it('writes a fresh folder with the marker and leaves no temporary folder', async () => {
    const { dir, model, out } = setup();
    const r = await cli(['convert', model, '-o', out]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, MARKER), 'utf8')).generator).toBe('brian2lava');
    expect(existsSync(path.join(out, 'run.py'))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('replaces a folder it created: the new project, nothing of the old one left', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', out])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'stale.txt'), 'from the old project');
    const r = await cli(['convert', model, '-o', out]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(path.join(out, 'stale.txt'))).toBe(false);
    expect(existsSync(path.join(out, 'run.py'))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('refuses a folder it did not create (clear message, folder untouched); --force replaces it', async () => {
    const { dir, model, out } = setup();
    mkdirSync(out);
    writeFileSync(path.join(out, 'thesis.tex'), 'years of work');
    const r = await cli(['convert', model, '-o', out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('exists and was not created by brian2lava');
    expect(r.stderr).toContain('--force');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(snapshot(out)).toEqual({ 'thesis.tex': 'years of work' });
    const forced = await cli(['convert', model, '-o', out, '--force']);
    expect(forced.exitCode).toBe(0);
    expect(existsSync(path.join(out, 'thesis.tex'))).toBe(false);
    expect(existsSync(path.join(out, MARKER))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('writes into an existing empty folder, refuses a file in the way', async () => {
    const { model, out, dir } = setup();
    mkdirSync(out);
    expect((await cli(['convert', model, '-o', out])).exitCode).toBe(0);
    const file = path.join(dir, 'afile');
    writeFileSync(file, 'keep');
    const r = await cli(['convert', model, '-o', file, '--force']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('is not a folder');
    expect(readFileSync(file, 'utf8')).toBe('keep');
  }, 120_000);

  it('never replaces the folder holding the model script or the current directory, even with --force', async () => {
    const { dir, model } = setup();
    const r = await cli(['convert', model, '-o', dir, '--force']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('contains model.py');
    expect(readFileSync(model, 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
    const work = path.join(dir, 'work');
    mkdirSync(work);
    writeFileSync(path.join(work, 'notes.txt'), 'mine');
    const here = await cli(['convert', model, '-o', '.', '--force'], { cwd: work });
    expect(here.exitCode).toBe(2);
    expect(here.stderr).toContain('the current directory');
    expect(snapshot(work)).toEqual({ 'notes.txt': 'mine' });
  }, 120_000);

  it('a write that fails half-way leaves the old project intact and no temporary folder', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', out])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'results.json'), '{"precious": true}');
    const before = snapshot(out);
    const r = await cli(['convert', model, '-o', out], { env: { BRIAN2LAVA_TEST_WRITE_FAULT: 'throw:3' } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('cannot write the project');
    expect(r.stderr).toContain('unchanged');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('a writer killed (SIGKILL) mid-write leaves the old project intact; the next conversion cleans up', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', out])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'results.json'), '{"precious": true}');
    const before = snapshot(out);
    const r = await cli(['convert', model, '-o', out], { env: { BRIAN2LAVA_TEST_WRITE_FAULT: 'kill:4' } });
    expect(r.signal).toBe('SIGKILL');
    expect(snapshot(out)).toEqual(before);
    // The dead writer's half-written folder is there...
    const left = leftovers(dir);
    expect(left.length).toBe(1);
    expect(statSync(path.join(dir, left[0]!)).isDirectory()).toBe(true);
    // ... until the next conversion, which removes it and replaces the project.
    const again = await cli(['convert', model, '-o', out]);
    expect(again.exitCode).toBe(0);
    expect(leftovers(dir)).toEqual([]);
    expect(existsSync(path.join(out, 'results.json'))).toBe(false);
  }, 120_000);

  it('an old project moved aside by a writer that died is put back before anything else', async () => {
    const { dir, model, out } = setup();
    expect((await cli(['convert', model, '-o', out])).exitCode).toBe(0);
    writeFileSync(path.join(out, 'results.json'), '{"precious": true}');
    const before = snapshot(out);
    // The state between the two renames of a replacement, left by a process that no longer exists.
    renameSync(out, path.join(dir, '.project.tmp-999999999-1.old'));
    // A conversion that then fails must leave the old project where it was.
    const r = await cli(['convert', model, '-o', out], { env: { BRIAN2LAVA_TEST_WRITE_FAULT: 'throw:0' } });
    expect(r.exitCode).toBe(3);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('through a symbolic link, the folder it points to is replaced and the link stays', async () => {
    const { dir, model } = setup();
    const real = path.join(dir, 'real');
    expect((await cli(['convert', model, '-o', real])).exitCode).toBe(0);
    const link = path.join(dir, 'link');
    symlinkSync(real, link);
    const r = await cli(['convert', model, '-o', link]);
    expect(r.exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['link', 'model.py', 'real']);
    expect(existsSync(path.join(link, 'run.py'))).toBe(true);
  }, 120_000);
});
