// Where the package's own files are (templates, python helpers, package.json), whether the code runs
// compiled from dist/ or directly from the TypeScript sources (tests).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'brian2lava') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('brian2lava: cannot find the package root (package.json)');
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot();
export const PYTHON_HELPERS = path.join(PACKAGE_ROOT, 'python');
