// Every script in fixtures/invalid/ is refused with located messages. The rendered diagnostics (what
// `brian2lava check` prints, without colours) are kept beside each script as NAME.expected, so a change
// of wording or position shows up in review. Update them with `npx vitest run -u test/invalid-fixtures.test.ts`.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import chalk from 'chalk';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { renderDiagnostic } from '../src/diagnostics/render.js';
import { ROOT } from './helpers/pipeline.js';

const DIR = path.join(ROOT, 'fixtures', 'invalid');
const scripts = readdirSync(DIR)
  .filter((f) => f.endsWith('.py'))
  .sort();

describe('invalid scripts are refused with located messages', () => {
  it('there are at least 40 of them', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(40);
  });

  it.each(scripts)('%s', async (name) => {
    chalk.level = 0;
    const text = readFileSync(path.join(DIR, name), 'utf8');
    // Compiled at its real path, so files it reads next to it are found; shown by its name.
    const file = path.join(DIR, name);
    const r = compile(file, text, 'lower');
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(r.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
    for (const d of errors) {
      expect(d.span, `${d.code}: ${d.message}`).not.toBeNull();
      expect(d.hint).not.toBe('');
    }
    const rendered =
      r.diagnostics
        .map((d) => renderDiagnostic(d, new Map([[file, r.source]])))
        .join('\n')
        .split(`${DIR}${path.sep}`)
        .join('') + '\n';
    await expect(rendered).toMatchFileSnapshot(path.join(DIR, name.replace(/\.py$/, '.expected')));
  });
});
