// Nunjucks rendering of the Loihi project templates (templates/loihi/); like render.ts for the CPU
// project, templates only lay out views prepared in TypeScript.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { PACKAGE_ROOT } from '../../paths.js';

export const LOIHI_TEMPLATES = path.join(PACKAGE_ROOT, 'templates', 'loihi');

let env: nunjucks.Environment | null = null;

function environment(): nunjucks.Environment {
  if (env) return env;
  env = new nunjucks.Environment(new nunjucks.FileSystemLoader(LOIHI_TEMPLATES), { autoescape: false, throwOnUndefined: true });
  env.addFilter('indent_lines', (lines: string[], width: number) =>
    lines
      .flatMap((l) => l.split('\n'))
      .map((l) => (l ? ' '.repeat(width) + l : ''))
      .join('\n'),
  );
  return env;
}

export function renderLoihi(template: string, context: object): string {
  return environment().render(template, context);
}

export function loihiStatic(name: string): string {
  return readFileSync(path.join(LOIHI_TEMPLATES, name), 'utf8');
}
