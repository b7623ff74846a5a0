// Realistic scripts that use the Python and Brian2 features the front end reads (test/scripts/accepted/)
// are accepted through lowering, and their IR keeps a source span on every node and survives JSON.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { ROOT } from './helpers/pipeline.js';

const DIR = path.join(ROOT, 'test', 'scripts', 'accepted');
const scripts = readdirSync(DIR)
  .filter((f) => f.endsWith('.py'))
  .sort();

/** Every `span` in the tree, with the path that leads to it. */
function spans(node: unknown, at = '$', out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(node)) node.forEach((x, k) => spans(x, `${at}[${k}]`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'span') out.push([`${at}.span`, v]);
      else spans(v, `${at}.${k}`, out);
    }
  }
  return out;
}

describe('scripts the front end must read', () => {
  it.each(scripts)('%s is accepted', (name) => {
    const text = readFileSync(path.join(DIR, name), 'utf8');
    const r = compile(name, text, 'lower');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.span?.line}:${d.span?.col} ${d.message}`)).toEqual([]);
    expect(r.model).not.toBeNull();
    expect(r.lowered).not.toBeNull();
    // The IR is plain data.
    expect(JSON.parse(JSON.stringify(r.model))).toEqual(r.model);
  });

  it.each(scripts)('%s: every IR node keeps a span into the script', (name) => {
    const text = readFileSync(path.join(DIR, name), 'utf8');
    const model = compile(name, text, 'check').model!;
    const all = spans(model);
    expect(all.length).toBeGreaterThan(0);
    for (const [where, s] of all) {
      if (s === null && /\.notes\[\d+\]\.span$/.test(where)) continue;
      // The default clock has a place in the script only where its dt is set.
      if (s === null && /^\$\.clocks\[0\]\.span$/.test(where) && model.clocks[0]?.id === 'defaultclock') continue;
      const span = s as { file: string; start: number; end: number; line: number; col: number };
      expect(span, where).toMatchObject({ file: name });
      expect(span.start, where).toBeGreaterThanOrEqual(0);
      expect(span.end, where).toBeGreaterThan(span.start);
      expect(span.end, where).toBeLessThanOrEqual(text.length);
      expect(span.line, where).toBeGreaterThanOrEqual(1);
    }
    // Groups, equations, monitors and actions each carry one.
    for (const g of model.groups) {
      expect(g.span).toBeTruthy();
      if (g.kind === 'NeuronGroup') for (const eq of g.equations) expect(eq.span).toBeTruthy();
    }
    for (const m of model.monitors) expect(m.span).toBeTruthy();
    for (const a of model.program) expect(a.span).toBeTruthy();
  });
});
