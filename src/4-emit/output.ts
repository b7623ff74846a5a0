// Writing a project to disk safely: files go to a temporary folder beside the target, which is then
// renamed into place. An existing folder is replaced only if it carries our marker (an earlier
// conversion), unless forced; a failure leaves the old folder untouched and no half-written output.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ProjectFiles } from './project.js';

export const MARKER = '.brian2lava.json';

export class OutputError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function isOurProject(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as { generator?: string };
    return m.generator === 'brian2lava';
  } catch {
    return false;
  }
}

export function writeProject(dir: string, files: ProjectFiles, marker: Record<string, unknown>, force = false): void {
  const target = path.resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new OutputError(`${dir} exists and is not a folder`, 'choose another output path with -o');
    const empty = readdirSync(target).length === 0;
    if (!empty && !isOurProject(target) && !force) {
      throw new OutputError(`${dir} exists and was not created by brian2lava`, 'choose another output folder with -o, or pass --force to replace it');
    }
  }
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    for (const [rel, content] of files) {
      const p = path.join(tmp, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, content);
    }
    writeFileSync(path.join(tmp, MARKER), JSON.stringify({ generator: 'brian2lava', ...marker }, null, 2) + '\n');
    if (existsSync(target)) {
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
}
