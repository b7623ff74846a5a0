// Writing a project to disk safely. Files go to a temporary folder beside the target, which is then
// renamed into place, so the target is never half-written: it is either the old folder or the new one.
// - An existing folder is replaced only if it carries our marker (an earlier conversion) or is empty;
//   a folder we did not make is never replaced, not even with --force. A project made from another
//   script (the marker's `source`) is replaced only with --force. Never the folder holding the model
//   script itself or the current directory.
// - What the old project holds besides its generated files (results.json, plots, verify reports, the
//   user's own files) is kept: moved into `runs/<time>/` of the new project (the time of the newest of
//   those files), and an earlier `runs/` is carried over whole. Re-converting never deletes results.
// - A failure leaves the old folder untouched and removes the temporary one. A writer that was killed
//   leaves `.NAME.tmp-PID-TIME` folders: the next write to the same target removes those of processes
//   that are gone, puts back an old folder that was moved aside but not replaced, and finishes moving
//   the outputs of an old folder that was replaced.
//
// Test hook (inert unless set; used by test/reliability/output.test.ts): BRIAN2LAVA_TEST_WRITE_FAULT=
// `throw:N` makes the write fail after N files, `kill:N` kills the process (SIGKILL) after N files,
// `kill-archive` kills it after the new project is in place, before the outputs are moved.

import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../run/process-group.js';

/** The files of a generated project: path inside the project folder → content (what every target emits). */
export type ProjectFiles = Map<string, string | Buffer>;

export const MARKER = '.brian2lava.json';
/** Outputs of earlier runs, one folder per run (`runs/2024-06-01_12-30-05/`). */
export const RUNS = 'runs';

export class OutputError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    /** `refused`: the target is not ours to replace; `io`: the file system failed. */
    readonly kind: 'refused' | 'io' = 'refused',
  ) {
    super(message);
  }
}

export interface WriteOptions {
  /** Replace a project of ours made from another script (never a folder we did not make). */
  force?: boolean;
  /** The script the project is made from (compared with the marker's `source`). */
  source?: string;
  /** Paths that must survive: a target containing one of them is never replaced (the model script). */
  protect?: string[];
}

interface Marker {
  generator?: string;
  source?: string;
  /** Top-level entries the conversion wrote (absent in markers of older versions). */
  files?: string[];
}

function readMarker(dir: string): Marker | null {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as Marker;
    return m.generator === 'brian2lava' ? m : null;
  } catch {
    return null;
  }
}

export function isOurProject(dir: string): boolean {
  return readMarker(dir) !== null;
}

function inside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function checkTarget(target: string, shown: string, options: WriteOptions): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new OutputError(`${shown} exists and is not a folder`, 'choose another output folder with -o');
  for (const p of [...(options.protect ?? []), process.cwd()]) {
    if (inside(path.resolve(p), target)) {
      const what = p === process.cwd() ? 'the current directory' : path.basename(p);
      throw new OutputError(`${shown} contains ${what}, so it cannot be replaced by the project`, 'choose an output folder of its own with -o');
    }
  }
  if (readdirSync(target).length === 0) return;
  const marker = readMarker(target);
  if (!marker)
    throw new OutputError(
      `${shown} exists and was not created by brian2lava, so it is left alone (also with --force)`,
      'choose another output folder with -o, or move that folder away yourself',
    );
  if (options.source && marker.source && path.resolve(marker.source) !== path.resolve(options.source) && !options.force) {
    throw new OutputError(
      `${shown} holds the project of ${marker.source}, not of ${options.source}`,
      'choose another output folder with -o, or pass --force to replace it (its results are kept under runs/)',
    );
  }
}

/** `2024-06-01_12-30-05` (local time) of the newest file under `paths`. */
function runStamp(paths: string[]): string {
  let newest = 0;
  const visit = (p: string) => {
    const st = lstatSync(p);
    newest = Math.max(newest, st.mtimeMs);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
  };
  paths.forEach(visit);
  const d = new Date(newest || Date.now());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}_${two(d.getHours())}-${two(d.getMinutes())}-${two(d.getSeconds())}`;
}

/**
 * Move what `old` holds besides its generated files into `target/runs/<time>/`, and `old/runs/*` into
 * `target/runs/`. Idempotent (what was moved is no longer in `old`), so an interrupted move is finished
 * by the next write.
 */
function keepOutputs(old: string, target: string, generated: ReadonlySet<string>): void {
  const marker = readMarker(old);
  const made = new Set([...generated, ...(marker?.files ?? []), MARKER, RUNS]);
  const kept = readdirSync(old).filter((e) => !made.has(e));
  const runs = path.join(target, RUNS);
  if (existsSync(path.join(old, RUNS))) {
    mkdirSync(runs, { recursive: true });
    for (const e of readdirSync(path.join(old, RUNS))) {
      let dest = path.join(runs, e);
      for (let k = 2; existsSync(dest); k++) dest = path.join(runs, `${e}-${k}`);
      renameSync(path.join(old, RUNS, e), dest);
    }
  }
  if (!kept.length) return;
  const base = path.join(runs, runStamp(kept.map((e) => path.join(old, e))));
  let dest = base;
  for (let k = 2; existsSync(dest); k++) dest = `${base}-${k}`;
  mkdirSync(dest, { recursive: true });
  if (marker) writeFileSync(path.join(dest, 'conversion.json'), JSON.stringify(marker, null, 2) + '\n');
  for (const e of kept) renameSync(path.join(old, e), path.join(dest, e));
}

const TEMP = (base: string) => new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-(\\d+)-\\d+(\\.old)?$`);

/** Remove the temporary folders of dead writers of `target`; put back an old folder moved aside. */
export function cleanStaleTemps(target: string): void {
  const parent = path.dirname(target);
  const pattern = TEMP(path.basename(target));
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    const p = path.join(parent, name);
    if (m[2] && !existsSync(target) && isOurProject(p)) renameSync(p, target);
    else {
      // an old project whose replacement was completed: finish keeping its outputs first
      if (m[2] && isOurProject(target)) keepOutputs(p, target, new Set(readMarker(target)?.files ?? []));
      rmSync(p, { recursive: true, force: true });
    }
  }
}

function fault(): { mode: 'throw' | 'kill' | 'kill-archive'; after: number } | null {
  const hook = process.env.BRIAN2LAVA_TEST_WRITE_FAULT ?? '';
  if (hook === 'kill-archive') return { mode: 'kill-archive', after: -1 };
  const m = /^(throw|kill):(\d+)$/.exec(hook);
  return m ? { mode: m[1] as 'throw' | 'kill', after: Number(m[2]) } : null;
}

export function writeProject(dir: string, files: ProjectFiles, marker: Record<string, unknown>, options: WriteOptions = {}): void {
  let target = path.resolve(dir);
  try {
    // A symbolic link to a folder: the folder it points to is the one replaced (the link stays).
    if (existsSync(target) && lstatSync(target).isSymbolicLink()) target = realpathSync(target);
    cleanStaleTemps(target);
    checkTarget(target, dir, options);
    const parent = path.dirname(target);
    if (existsSync(parent) && !statSync(parent).isDirectory())
      throw new OutputError(`${path.dirname(dir)} exists and is not a folder`, 'choose another output folder with -o');
    mkdirSync(parent, { recursive: true });
    const tmp = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
    const injected = fault();
    let written = 0;
    try {
      const top = new Set([...files.keys()].map((rel) => rel.split('/')[0]!));
      for (const [rel, content] of [
        ...files,
        [MARKER, JSON.stringify({ generator: 'brian2lava', ...marker, files: [...top].sort() }, null, 2) + '\n'] as const,
      ]) {
        if (injected && written === injected.after) {
          if (injected.mode === 'kill') process.kill(process.pid, 'SIGKILL');
          throw new Error(`BRIAN2LAVA_TEST_WRITE_FAULT: failing after ${written} files`);
        }
        const p = path.join(tmp, rel);
        if (!inside(p, tmp)) throw new Error(`refusing to write ${rel} outside the project`);
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, content);
        written++;
      }
      if (existsSync(target)) {
        // Two renames: the old folder is moved aside, the new one moved in, then the old one removed.
        // If the process dies between the two, the next write puts the old folder back first.
        const old = `${tmp}.old`;
        renameSync(target, old);
        try {
          renameSync(tmp, target);
        } catch (e) {
          renameSync(old, target);
          throw e;
        }
        if (injected?.mode === 'kill-archive') process.kill(process.pid, 'SIGKILL');
        keepOutputs(old, target, top);
        rmSync(old, { recursive: true, force: true });
      } else {
        renameSync(tmp, target);
      }
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  } catch (e) {
    if (e instanceof OutputError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new OutputError(
      `cannot write the project to ${dir}: ${err.message}`,
      err.code === 'ENOSPC' ? 'free some disk space and convert again' : 'check that the folder is writable; the previous project (if any) is unchanged',
      'io',
    );
  }
}
