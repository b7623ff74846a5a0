// The scripts of a corpus: every *.py under its root (hidden folders and __pycache__ skipped), minus
// the helper modules listed in optional `.corpusignore` files (one glob per line, relative to the folder
// of that file; `#` comments), e.g. modules that other scripts import and that are not scripts themselves.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function listScripts(root) {
  const found = [];
  const walk = (dir, inherited) => {
    const ignore = [...inherited, ...ignorePatterns(root, dir)];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === '__pycache__' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, ignore);
      else if (entry.isFile() && entry.name.endsWith('.py')) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        if (!ignore.some((re) => re.test(rel))) found.push(rel);
      }
    }
  };
  walk(root, []);
  return found.sort();
}

/** The globs of `dir`/.corpusignore, as patterns on paths relative to the corpus root. */
function ignorePatterns(root, dir) {
  const file = path.join(dir, '.corpusignore');
  const prefix = path.relative(root, dir).split(path.sep).join('/');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((glob) => globToRegExp(prefix ? `${prefix}/${glob}` : glob));
}

/** `*` within a path segment, `**` across segments, `?` one character. */
export function globToRegExp(glob) {
  let re = '';
  for (let k = 0; k < glob.length; k++) {
    const c = glob[k];
    if (c === '*' && glob[k + 1] === '*') {
      re += '.*';
      k++;
      if (glob[k + 1] === '/') k++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
