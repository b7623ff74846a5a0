// Property test of the front end: random and mutated scripts go through the parser, the evaluator, the
// model builder and lowering. Whatever the input, the converter must answer with data: no exception,
// no internal error, and every error a diagnostic with a position in the file, a message with its
// placeholders filled in and a hint. Accepted scripts must come with a model.
//
// The seed is fixed so `npm test` is reproducible; FUZZ_SEED=<n> (or FUZZ_SEED=random), FUZZ_SCALE=<k>
// and FUZZ_EXTRA=<folder of scripts> explore further.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type Stage } from '../src/compile.js';
import { MESSAGES } from '../src/diagnostics/messages.js';
import { ROOT } from './helpers/pipeline.js';
import { arbEquationScript, arbExpressionScript, arbMutatedScript, arbNoise, arbValidModel } from './helpers/script-arbitraries.js';

const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20240611);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

function scriptsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

// FUZZ_EXTRA=<folder> adds more scripts to mutate (e.g. the shared fixtures of the workspace).
const SCRIPTS = [
  ...scriptsIn(path.join(ROOT, 'fixtures')),
  ...scriptsIn(path.join(ROOT, 'fixtures', 'invalid')),
  ...scriptsIn(path.join(ROOT, 'test', 'scripts', 'accepted')),
  ...(process.env.FUZZ_EXTRA ? scriptsIn(path.resolve(process.env.FUZZ_EXTRA)) : []),
];

const stats = { scripts: 0, accepted: 0, rejected: 0, ms: 0 };

/** What must hold for any input. Throws with a description of the first violation. */
function checkAnswer(text: string, stage: Stage): void {
  stats.scripts++;
  const r = compile('fuzz.py', text, stage);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  for (const d of r.diagnostics) {
    if (d.code === 'internal-error') throw new Error(`internal error: ${d.message}`);
    const entry = MESSAGES[d.code];
    for (const [, name] of `${entry.message} ${entry.hint}`.matchAll(/\{(\w+)\}/g)) {
      if (d.message.includes(`{${name}}`) || d.hint.includes(`{${name}}`)) throw new Error(`placeholder {${name}} not filled in '${d.message}' / '${d.hint}'`);
    }
    if (!d.message.trim()) throw new Error(`empty message (${d.code})`);
  }
  for (const d of errors) {
    if (!d.span) throw new Error(`error without a position: [${d.code}] ${d.message}`);
    const { start, end, line, col } = d.span;
    if (!(start >= 0 && end >= start && start <= text.length && end <= text.length + 1))
      throw new Error(`span ${start}-${end} outside the text (${text.length}): ${d.message}`);
    if (!(line >= 1 && col >= 1)) throw new Error(`bad line/column ${line}:${col}: ${d.message}`);
    if (!d.hint.trim()) throw new Error(`error without a hint: [${d.code}] ${d.message}`);
  }
  if (errors.length === 0) {
    stats.accepted++;
    if (!r.model) throw new Error('accepted without a model');
    if (stage === 'lower' && !r.lowered) throw new Error('accepted without a lowered model');
  } else stats.rejected++;
}

function property(name: string, arb: fc.Arbitrary<string>, runs: number, stage: Stage) {
  it(`${name} (${Math.round(runs * SCALE)} scripts)`, () => {
    const started = performance.now();
    fc.assert(
      fc.property(arb, (text) => checkAnswer(text, stage)),
      { numRuns: Math.round(runs * SCALE), seed: SEED, endOnFailure: false },
    );
    stats.ms += performance.now() - started;
  }, 600_000);
}

describe('front end on random and mutated scripts', () => {
  property('mutated fixture scripts, through lowering', arbMutatedScript(SCRIPTS), 4500, 'lower');
  property('mutated fixture scripts, check only', arbMutatedScript(SCRIPTS), 1500, 'check');
  property('random equation blocks', arbEquationScript, 1500, 'lower');
  property('random well-formed models', arbValidModel, 1000, 'lower');
  property('random Python expressions', arbExpressionScript, 1000, 'lower');
  property('random text', arbNoise, 1000, 'check');

  afterAll(() => {
    // The numbers for the report: how many scripts ran and how long it took.
    process.stderr.write(
      `[front-end property] seed ${SEED}: ${stats.scripts} scripts (${stats.accepted} accepted, ${stats.rejected} rejected) in ${(stats.ms / 1000).toFixed(1)} s\n`,
    );
    expect(stats.scripts).toBeGreaterThanOrEqual(10_000 * Math.min(1, SCALE));
  });
});
