// Nunjucks rendering of the project templates. The templates only lay out prepared views; the one
// filter they need indents a list of Python lines. Each target has its folder of templates and of
// static files copied into its projects (templates/<target>: templates/cpu, templates/loihi2).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { PACKAGE_ROOT } from '../paths.js';

export interface TemplateSet {
  /** Render `template` (a .njk file of the folder) with `context`. */
  render(template: string, context: object): string;
  /** The text of a static file of the folder, read once per process. */
  staticFile(name: string): string;
  /**
   * Compile every template and read every static file now rather than on first use: the start-up
   * snapshot (scripts/snapshot-entry.mjs) calls this so that a convert started from it compiles none.
   */
  preload(): void;
}

/** The templates of templates/<folder>, with the environment built on first use. */
export function templateSet(folder: string): TemplateSet {
  const dir = path.join(PACKAGE_ROOT, 'templates', folder);
  let env: nunjucks.Environment | null = null;
  const environment = (): nunjucks.Environment => {
    if (env) return env;
    env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), { autoescape: false, throwOnUndefined: true });
    env.addFilter('indent_lines', (lines: string[], width: number) =>
      lines
        .flatMap((l) => l.split('\n'))
        .map((l) => (l ? ' '.repeat(width) + l : ''))
        .join('\n'),
    );
    return env;
  };
  // Read once per process (several projects in one run share them; the start-up snapshot holds them).
  const staticFiles = new Map<string, string>();
  const staticFile = (name: string): string => {
    let text = staticFiles.get(name);
    if (text === undefined) staticFiles.set(name, (text = readFileSync(path.join(dir, name), 'utf8')));
    return text;
  };
  return {
    render: (template, context) => environment().render(template, context),
    staticFile,
    preload: () => {
      for (const name of readdirSync(dir)) {
        if (name.endsWith('.njk')) environment().getTemplate(name, true);
        else staticFile(name);
      }
    },
  };
}
