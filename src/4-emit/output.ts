// Writing a project to disk safely. Files go to a temporary folder beside the target, which is then
// renamed into place, so the target is never half-written: it is either the old folder or the new one.
// - An existing folder is replaced only if it carries our marker (an earlier conversion) or is empty,
//   unless forced; never when it holds the model script itself or the current directory, even forced.
// - A failure leaves the old folder untouched and removes the temporary one. A writer that was killed
//   leaves `.NAME.tmp-PID-TIME` folders: the next write to the same target removes those of processes
//   that are gone, and puts back an old folder that was moved aside but not replaced.
//
// Test hook (inert unless set; used by test/reliability/output.test.ts): BRIAN2LAVA_TEST_WRITE_FAULT=
// `throw:N` makes the write fail after N files, `kill:N` kills the process (SIGKILL) after N files.

import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../run/process-group.js';

/** The files of a generated project: path inside the project folder → content (what every target emits). */
export type ProjectFiles = Map<string, string | Buffer>;

export const MARKER = '.brian2lava.json';

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
  /** Replace a non-empty folder without our marker. */
  force?: boolean;
  /** Paths that must survive: a target containing one of them is never replaced (the model script). */
  protect?: string[];
}

export function isOurProject(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as { generator?: string };
    return m.generator === 'brian2lava';
  } catch {
    return false;
  }
}

function inside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function checkTarget(target: string, shown: string, options: WriteOptions): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new OutputError(`${shown} exists and is not a folder`, 'choose another output path with -o');
  for (const p of [...(options.protect ?? []), process.cwd()]) {
    if (inside(path.resolve(p), target)) {
      const what = p === process.cwd() ? 'the current directory' : path.basename(p);
      throw new OutputError(`${shown} contains ${what}, so it cannot be replaced by the project`, 'choose an output folder of its own with -o');
    }
  }
  if (readdirSync(target).length > 0 && !isOurProject(target) && !options.force) {
    throw new OutputError(`${shown} exists and was not created by brian2lava`, 'choose another output folder with -o, or pass --force to replace it');
  }
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
    else rmSync(p, { recursive: true, force: true });
  }
}

function fault(): { mode: 'throw' | 'kill'; after: number } | null {
  const m = /^(throw|kill):(\d+)$/.exec(process.env.BRIAN2LAVA_TEST_WRITE_FAULT ?? '');
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
    mkdirSync(parent, { recursive: true });
    const tmp = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
    const injected = fault();
    let written = 0;
    try {
      for (const [rel, content] of [...files, [MARKER, JSON.stringify({ generator: 'brian2lava', ...marker }, null, 2) + '\n'] as const]) {
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
    throw new OutputError(`cannot write the project to ${dir}: ${err.message}`, err.code === 'ENOSPC' ? 'free some disk space and convert again' : 'check that the folder is writable; the previous project (if any) is unchanged', 'io');
  }
}
