// Nunjucks rendering of the project templates. The templates only lay out prepared views; the one
// filter they need indents a list of Python lines.

import { readdirSync, readFileSync } from 'node:fs';
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

// Read once per process (several projects in one run share them; the start-up snapshot holds them).
const staticFiles = new Map<string, string>();

export function staticFile(name: string): string {
  let text = staticFiles.get(name);
  if (text === undefined) staticFiles.set(name, (text = readFileSync(path.join(TEMPLATE_DIR, name), 'utf8')));
  return text;
}

/**
 * Compile every template and read every static file now rather than on first use: the start-up
 * snapshot (scripts/snapshot-entry.mjs) calls this so that a convert started from it compiles none.
 */
export function preloadTemplates(): void {
  for (const name of readdirSync(TEMPLATE_DIR)) {
    if (name.endsWith('.njk')) environment().getTemplate(name, true);
    else staticFile(name);
  }
}
