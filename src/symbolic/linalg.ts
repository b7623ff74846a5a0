// Small dense linear algebra on numbers, for decisions the exact integrator makes on generic values of
// a symbolic matrix: is it singular, does it have complex eigenvalues.

export function determinant(m: number[][]): number {
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

/** Eigenvalues of a real matrix have a non-zero imaginary part (unshifted QR iteration on Hessenberg form). */
export function hasComplexEigenvalues(m: number[][]): boolean {
  const n = m.length;
  if (n === 1) return false;
  if (n === 2) {
    const [[a, b], [c, d]] = m as [[number, number], [number, number]];
    const disc = (a - d) ** 2 + 4 * b * c;
    return disc < -1e-12 * ((a - d) ** 2 + Math.abs(4 * b * c) + 1e-300);
  }
  // QR iterations: real eigenvalues show up as a (nearly) upper triangular limit; a complex pair leaves
  // a 2×2 block whose discriminant is negative.
  let a = m.map((r) => [...r]);
  for (let it = 0; it < 500; it++) {
    const { q, r } = qr(a);
    a = multiply(r, q);
  }
  for (let k = 0; k < n - 1; k++) {
    if (Math.abs(a[k + 1]![k]!) > 1e-8 * (Math.abs(a[k]![k]!) + Math.abs(a[k + 1]![k + 1]!) + 1e-300)) {
      const block = [
        [a[k]![k]!, a[k]![k + 1]!],
        [a[k + 1]![k]!, a[k + 1]![k + 1]!],
      ];
      if (hasComplexEigenvalues(block)) return true;
    }
  }
  return false;
}

function qr(a: number[][]): { q: number[][]; r: number[][] } {
  const n = a.length;
  const q = a.map((row) => row.map(() => 0));
  const r = a.map((row) => row.map(() => 0));
  for (let j = 0; j < n; j++) {
    const v = a.map((row) => row[j]!);
    for (let i = 0; i < j; i++) {
      const qi = q.map((row) => row[i]!);
      const dot = qi.reduce((s, x, k) => s + x * a[k]![j]!, 0);
      r[i]![j] = dot;
      for (let k = 0; k < n; k++) v[k]! -= dot * qi[k]!;
    }
    const norm = Math.hypot(...v);
    r[j]![j] = norm;
    for (let k = 0; k < n; k++) q[k]![j] = norm === 0 ? 0 : v[k]! / norm;
  }
  return { q, r };
}

function multiply(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}
