// Nunjucks rendering of the project templates. The templates only lay out prepared views; the one
// filter they need indents a list of Python lines.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { TEMPLATES } from '../paths.js';

export const TEMPLATE_DIR = TEMPLATES;

let env: nunjucks.Environment | null = null;

function environment(): nunjucks.Environment {
  if (env) return env;
  env = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATE_DIR), {
    autoescape: false,
    throwOnUndefined: true,
    trimBlocks: false,
    lstripBlocks: false,
  });
  env.addFilter('indent_lines', (lines: string[], width: number) =>
    lines
      .flatMap((l) => l.split('\n'))
      .map((l) => (l ? ' '.repeat(width) + l : ''))
      .join('\n'),
  );
  return env;
}

export function render(template: string, context: object): string {
  return environment().render(template, context);
}

export function staticFile(name: string): string {
  return readFileSync(path.join(TEMPLATE_DIR, name), 'utf8');
}
