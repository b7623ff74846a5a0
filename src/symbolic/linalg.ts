// Small dense linear algebra on numbers, for decisions the exact integrator makes on numeric values of
// a symbolic matrix (is it singular, are its eigenvalues complex or repeated) and for the propagator
// A = expm(M·dt), Phi = ∫₀^dt expm(M·s) ds that tests compare against.

export type Matrix = number[][];

export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (__, c) => (r === c ? 1 : 0)));
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}

export function matVec(a: Matrix, x: number[]): number[] {
  return a.map((row) => row.reduce((s, v, k) => s + v * x[k]!, 0));
}

/** Largest absolute row sum (the ∞-norm). */
export function norm(a: Matrix): number {
  return Math.max(0, ...a.map((row) => row.reduce((s, x) => s + Math.abs(x), 0)));
}

export function determinant(m: Matrix): number {
  const n = m.length;
  const a = m.map((r) => [...r]);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (a[p]![c] === 0) return 0;
    if (p !== c) {
      [a[p], a[c]] = [a[c]!, a[p]!];
      det = -det;
    }
    det *= a[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return det;
}

/** Whether `m` is singular relative to its size: |det| below 1e-10·‖m‖ⁿ. */
export function isSingular(m: Matrix): boolean {
  const s = norm(m);
  if (s === 0) return true;
  return Math.abs(determinant(m)) <= 1e-10 * s ** m.length;
}

export interface Complex {
  re: number;
  im: number;
}

/**
 * Eigenvalues of a small real matrix: the roots of its characteristic polynomial (Faddeev–LeVerrier),
 * found with the Durand–Kerner iteration on the matrix scaled to norm 1. Accurate to about 1e-7 of the
 * norm for repeated roots and far better for simple ones, which is what the decisions below need.
 */
export function eigenvalues(m: Matrix): Complex[] {
  const n = m.length;
  if (n === 0) return [];
  const s = norm(m);
  if (s === 0) return m.map(() => ({ re: 0, im: 0 }));
  const a = m.map((row) => row.map((x) => x / s));
  if (n === 1) return [{ re: a[0]![0]! * s, im: 0 }];
  if (n === 2) {
    const [[p, q], [r, t]] = a as [[number, number], [number, number]];
    const half = (p + t) / 2;
    const disc = ((p - t) / 2) ** 2 + q * r;
    const root = Math.sqrt(Math.abs(disc));
    if (disc >= 0)
      return [
        { re: (half + root) * s, im: 0 },
        { re: (half - root) * s, im: 0 },
      ];
    return [
      { re: half * s, im: root * s },
      { re: half * s, im: -root * s },
    ];
  }
  // characteristic polynomial λⁿ + c[n-1]λⁿ⁻¹ + ... + c[0]
  const c: number[] = new Array(n + 1).fill(0);
  c[n] = 1;
  let mk: Matrix = a.map((row) => row.map(() => 0));
  for (let k = 1; k <= n; k++) {
    const am = multiply(a, mk);
    mk = am.map((row, i) => row.map((x, j) => x + (i === j ? c[n - k + 1]! : 0)));
    const amk = multiply(a, mk);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += amk[i]![i]!;
    c[n - k] = -tr / k;
  }
  const poly = (z: Complex): Complex => {
    let re = 1;
    let im = 0;
    for (let k = n - 1; k >= 0; k--) {
      const r2 = re * z.re - im * z.im + c[k]!;
      im = re * z.im + im * z.re;
      re = r2;
    }
    return { re, im };
  };
  // The usual starting points (0.4 + 0.9i)^k: neither real nor symmetric.
  let roots: Complex[] = [];
  let z0: Complex = { re: 1, im: 0 };
  for (let k = 0; k < n; k++) {
    roots.push(z0);
    z0 = { re: z0.re * 0.4 - z0.im * 0.9, im: z0.re * 0.9 + z0.im * 0.4 };
  }
  for (let it = 0; it < 2000; it++) {
    let change = 0;
    roots = roots.map((z, i) => {
      let den: Complex = { re: 1, im: 0 };
      roots.forEach((w, j) => {
        if (j === i) return;
        const d = { re: z.re - w.re, im: z.im - w.im };
        den = { re: den.re * d.re - den.im * d.im, im: den.re * d.im + den.im * d.re };
      });
      const p = poly(z);
      const mag = den.re * den.re + den.im * den.im || 1e-300;
      const q = { re: (p.re * den.re + p.im * den.im) / mag, im: (p.im * den.re - p.re * den.im) / mag };
      change = Math.max(change, Math.hypot(q.re, q.im));
      return { re: z.re - q.re, im: z.im - q.im };
    });
    if (change < 1e-15) break;
  }
  return roots.map((z) => ({ re: z.re * s, im: z.im * s }));
}

/** Eigenvalues with a non-zero imaginary part (relative to the matrix norm). */
export function hasComplexEigenvalues(m: Matrix, tolerance = 1e-6): boolean {
  const s = norm(m);
  return eigenvalues(m).some((z) => Math.abs(z.im) > tolerance * s);
}

/** Two eigenvalues that coincide (relative to the matrix norm). */
export function hasRepeatedEigenvalues(m: Matrix, tolerance = 1e-6): boolean {
  const s = norm(m);
  const ev = eigenvalues(m);
  for (let i = 0; i < ev.length; i++) {
    for (let j = i + 1; j < ev.length; j++) {
      if (Math.hypot(ev[i]!.re - ev[j]!.re, ev[i]!.im - ev[j]!.im) <= tolerance * s) return true;
    }
  }
  return false;
}

/** Matrix exponential by scaling and squaring with a Taylor series (small matrices). */
export function expm(a: Matrix): Matrix {
  const n = a.length;
  const s0 = norm(a);
  const s = s0 > 0.5 ? Math.max(0, Math.ceil(Math.log2(s0)) + 1) : 0;
  const scaled = a.map((row) => row.map((x) => x / 2 ** s));
  let result = identity(n);
  let term = identity(n);
  for (let k = 1; k < 30; k++) {
    term = multiply(term, scaled).map((row) => row.map((x) => x / k));
    result = result.map((row, i) => row.map((x, j) => x + term[i]![j]!));
    const big = Math.max(...result.flat().map(Math.abs));
    if (Math.max(...term.flat().map(Math.abs)) < 1e-18 * big) break;
  }
  for (let k = 0; k < s; k++) result = multiply(result, result);
  return result;
}

/** A = expm(M·dt) and Phi = ∫₀^dt expm(M·s) ds, from the exponential of the augmented matrix [[M, I], [0, 0]]·dt. */
export function propagator(M: Matrix, dt: number): { A: Matrix; Phi: Matrix } {
  const n = M.length;
  const aug: Matrix = Array.from({ length: 2 * n }, () => new Array(2 * n).fill(0));
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) aug[r]![c] = M[r]![c]! * dt;
    aug[r]![n + r] = dt;
  }
  const e = expm(aug);
  return { A: e.slice(0, n).map((row) => row.slice(0, n)), Phi: e.slice(0, n).map((row) => row.slice(n)) };
}
