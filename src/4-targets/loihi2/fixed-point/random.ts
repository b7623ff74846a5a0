// Random numbers drawn at conversion time for the Loihi 2 backend. A chip's initial state, connectivity
// and weights are tables written before the run, and the fixed-point pass chooses its scales from the
// actual values, so the script's random initialisations (rand(), randn()) and random connectivity
// (connect(p=...), sample()) are drawn here, with a generator of our own: Brian2's draws can never be
// reproduced anyway (different generator), so such scripts are judged statistically. The generator is
// xoshiro128** (Blackman & Vigna) seeded through splitmix32: 32-bit integer arithmetic only, so the
// same seed gives the same numbers on every platform; normals use Marsaglia's polar method (only
// sqrt and log, which V8 computes identically everywhere).

import type { Span } from '../../../diagnostics/source.js';

export const GENERATOR_NAME = 'xoshiro128** seeded by splitmix32';

/** One place of the script whose random numbers were drawn at conversion time. */
export interface RandomDraw {
  line: number;
  col: number;
  what: string;
  /** Uniform numbers taken from the generator (each normal takes at least two). */
  draws: number;
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** splitmix32: spreads a seed over the four words of xoshiro's state (never all zero). */
function splitmix32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class ConversionRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;
  /** 32-bit words taken so far (for the report). */
  words = 0;
  readonly log: RandomDraw[] = [];

  /** From a seed (any non-negative integer up to 2^53; both 32-bit halves count). */
  static seeded(seed: number): ConversionRandom {
    const hi = Math.floor(seed / 2 ** 32);
    const next = splitmix32((seed >>> 0) ^ Math.imul(hi, 0x27d4eb2d));
    return new ConversionRandom([next(), next(), next(), next()]);
  }

  /** From xoshiro128**'s raw state (for checking against the reference implementation). */
  constructor(state: [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = state.map((x) => x >>> 0) as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32-bit output of xoshiro128**. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.words++;
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits (two words). */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal (Marsaglia's polar method; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const x = this.spare;
      this.spare = null;
      return x;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s === 0 || s >= 1) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      this.spare = v * f;
      return u * f;
    }
  }

  /**
   * Bernoulli(p) trials skipped before the next success: the geometric distribution, so that choosing
   * among n candidates each with probability p costs one draw per success instead of one per candidate
   * (exact in distribution). Infinity when p <= 0.
   */
  skip(p: number): number {
    if (p >= 1) return 0;
    if (!(p > 0)) return Infinity;
    return Math.floor(Math.log(1 - this.uniform()) / Math.log1p(-p));
  }

  /** `size` distinct positions out of `n`, in increasing order, all subsets equally likely (selection sampling). */
  choose(n: number, size: number): number[] {
    const out: number[] = [];
    for (let t = 0; t < n && out.length < size; t++) if ((n - t) * this.uniform() < size - out.length) out.push(t);
    return out;
  }

  /** Brian2's rand() and randn() for evaluateAt, added to a map of conversion-time functions. */
  functions(base: Map<string, (...a: number[]) => number>): Map<string, (...a: number[]) => number> {
    const out = new Map(base);
    out.set('rand', () => this.uniform());
    out.set('randn', () => this.normal());
    return out;
  }

  /** Runs `f` and records, at `span`, how many numbers it drew (nothing when it drew none). */
  record<T>(span: Span, what: string, f: () => T): T {
    const before = this.words;
    const r = f();
    const used = this.words - before;
    if (used > 0) this.log.push({ line: span.line, col: span.col, what, draws: Math.ceil(used / 2) });
    return r;
  }
}
