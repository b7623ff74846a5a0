// Which comparison `verify` makes, decided from the model itself, with the reason printed beside it:
// - exact (fixed on Loihi 2) when the model draws no random numbers, or when every draw is reproduced
//   (the script seeds, and the project draws Brian2's numbers in Brian2's order: `ModelIR.random.exact`,
//   when the converter states it);
//   A script that does not seed (Brian2 starts from fresh entropy) is any sample of its random numbers:
//   `verify` starts both runs from one seed (--seed, else one it picks and prints), which makes them the
//   same sample, so such a script is compared exactly too — unless it reseeds from entropy (`seed()`);
// - stats otherwise: Brian2's draws and ours are different samples, so only counts, rates and means can agree.
// `--mode` overrides it. A `# conformance: MODE rel=X` line in the script (the fixtures' header) gives
// the relative tolerance when it names the mode chosen; its mode is not followed blindly, since a
// script's comment cannot make a random model deterministic.

import type { ModelIR } from '../2-model/ir.js';
import type { SExpr } from '../symbolic/expr.js';
import { type Mode, modeFromModel, MODES, ResultsFormatError } from './compare.js';

export interface ModeChoice {
  mode: Mode;
  rel: number | null;
  /** One sentence: why this mode. */
  why: string;
}

/** A place where the model draws random numbers. */
export interface RandomSource {
  what: string;
  line: number | null;
}

const RANDOM_CALLS = new Set(['rand', 'randn', 'poisson', 'binomial']);

/**
 * Every random draw of the model, found by walking the IR: rand()/randn()/poisson() in any code or
 * expression (initialisations from `np.random` become such expressions), noise symbols (`xi`),
 * PoissonGroup, PoissonInput, and connect() with a probability or sample().
 */
export function randomSources(model: ModelIR): RandomSource[] {
  const found: RandomSource[] = [];
  const seen = new Set<string>();
  const add = (what: string, line: number | null) => {
    const key = `${what}@${line}`;
    if (!seen.has(key)) {
      seen.add(key);
      found.push({ what, line });
    }
  };
  for (const g of model.groups) if (g.kind === 'PoissonGroup') add(`PoissonGroup ${g.pyName ?? g.id}`, g.span.line);
  for (const p of model.poissonInputs) add(`PoissonInput ${p.pyName ?? p.id}`, p.span.line);
  for (const a of model.program) {
    if (a.kind !== 'connect') continue;
    const r = a.rule;
    if (r.kind === 'indices' ? r.p < 1 : r.p !== null && !(r.p.ast.k === 'num' && r.p.ast.v >= 1)) add('connect() with a probability p', a.span.line);
    if (r.kind === 'rule' && r.generator?.iterator.kind === 'sample') add('connect() with sample()', a.span.line);
  }
  // Expressions anywhere in the IR (equations, resets, pathways, run_regularly, initialisations, conditions).
  const walk = (node: unknown, line: number | null): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const x of node) walk(x, line);
      return;
    }
    const o = node as Record<string, unknown>;
    const span = o.span as { line?: number } | undefined;
    const here = typeof span?.line === 'number' ? span.line : line;
    const e = o as unknown as SExpr;
    if (e.k === 'call' && RANDOM_CALLS.has(e.fn)) add(`${e.fn}()`, here);
    if (e.k === 'sym' && e.role === 'noise') add(`noise term ${e.name}`, here);
    for (const [key, value] of Object.entries(o)) if (key !== 'span' && key !== 'constants') walk(value, here);
  };
  walk({ groups: model.groups, synapses: model.synapses, program: model.program, poissonInputs: model.poissonInputs }, null);
  return found.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

function describe(sources: RandomSource[]): string {
  const shown = sources.slice(0, 3).map((s) => (s.line !== null ? `${s.what} at line ${s.line}` : s.what));
  return shown.join(', ') + (sources.length > 3 ? ` and ${sources.length - 3} more` : '');
}

/** `seed()` without a number: numpy restarts from fresh entropy there, which no seed given at the start fixes. */
function entropyReseed(model: ModelIR): number | null {
  for (const a of model.program) if (a.kind === 'seed' && a.seed === null) return a.span.line;
  return null;
}

/**
 * The mode of a `verify` comparison; `text` is the script (for its `# conformance:` line), `seed` the
 * seed both runs start from (`seedChosen`: picked by verify, not given with --seed). The converter
 * states in `ModelIR.random` whether the cpu project draws Brian2's own numbers (2-model/random.ts);
 * the Loihi 2 project draws its own (conversion-time generator), so there random models are always
 * compared statistically.
 */
export function chooseVerifyMode(
  model: ModelIR,
  text: string,
  explicit: string | undefined,
  fixedPoint: boolean,
  seed?: number,
  seedChosen = false,
): ModeChoice {
  const header = modeFromModel(text);
  const relFor = (mode: Mode) => (header.mode === mode ? header.rel : null);
  if (explicit) {
    if (!MODES.includes(explicit as Mode)) throw new ResultsFormatError(`unknown conformance mode '${explicit}' (known: ${MODES.join(', ')})`);
    return { mode: explicit as Mode, rel: relFor(explicit as Mode), why: 'given with --mode' };
  }
  const deterministic: Mode = fixedPoint ? 'fixed' : 'exact';
  const random = model.random as ModelIR['random'] | undefined;
  const sources = randomSources(model);
  if (!(random?.draws ?? false) && sources.length === 0) {
    const why = 'the model draws no random numbers';
    return { mode: deterministic, rel: relFor(deterministic), why: fixedPoint ? `${why}; fixed point is judged with the fixed tolerances` : why };
  }
  const reseed = entropyReseed(model);
  if (!fixedPoint && random?.reproducible && (random.exact || (seed !== undefined && reseed === null))) {
    const start = seedChosen
      ? `the script does not seed, so both runs start from seed ${seed} (picked by verify; --seed ${seed} repeats this comparison)`
      : `both runs start from --seed ${seed}`;
    const why = random.exact
      ? 'the script seeds its random numbers and the Lava project draws the same numbers as Brian2'
      : `${start} and the Lava project draws the same numbers as Brian2`;
    return { mode: 'exact', rel: relFor('exact'), why };
  }
  const reasons = fixedPoint
    ? ['the Loihi 2 project draws its own numbers']
    : (random?.reasons ?? []).map((r) => (r.span ? `${r.message} (line ${r.span.line})` : r.message));
  if (!fixedPoint && reseed !== null && seed !== undefined)
    reasons.push(`seed() without a number restarts from fresh entropy (line ${reseed}), which no seed given to both runs fixes`);
  const found = describe(sources);
  const why = `the model draws random numbers (${found || 'see --explain'})${reasons.length ? `, and ${reasons.join('; ')}` : ' that the Lava run does not reproduce'}, so the runs are compared statistically`;
  return { mode: 'stats', rel: relFor('stats'), why };
}
