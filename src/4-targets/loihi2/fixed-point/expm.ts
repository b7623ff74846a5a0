// The propagators of exact integration at conversion time (the CPU project computes them in Python at
// run time): A = expm(M·dt) and Phi = ∫₀^dt expm(M·s) ds, from the exponential of the block matrix
// [[M·dt, I·dt], [0, 0]] by scaling and squaring with a Taylor series.

type Matrix = number[][];

function multiply(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  return a.map((row) => Array.from({ length: n }, (_, c) => row.reduce((s, x, k) => s + x * b[k]![c]!, 0)));
}

export function expm(a: Matrix): Matrix {
  const n = a.length;
  const norm = Math.max(...a.map((row) => row.reduce((s, x) => s + Math.abs(x), 0)));
  const squarings = norm > 0.5 ? Math.max(0, Math.ceil(Math.log2(norm)) + 1) : 0;
  const scaled = a.map((row) => row.map((x) => x / 2 ** squarings));
  const eye = (): Matrix => Array.from({ length: n }, (_, r) => Array.from({ length: n }, (__, c) => (r === c ? 1 : 0)));
  let result = eye();
  let term = eye();
  for (let k = 1; k < 30; k++) {
    term = multiply(term, scaled).map((row) => row.map((x) => x / k));
    result = result.map((row, r) => row.map((x, c) => x + term[r]![c]!));
    const tmax = Math.max(...term.flat().map(Math.abs));
    const rmax = Math.max(...result.flat().map(Math.abs));
    if (tmax < 1e-18 * rmax) break;
  }
  for (let s = 0; s < squarings; s++) result = multiply(result, result);
  return result;
}

export function propagator(M: Matrix, dt: number): { A: Matrix; Phi: Matrix } {
  const n = M.length;
  const aug: Matrix = Array.from({ length: 2 * n }, () => new Array<number>(2 * n).fill(0));
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) aug[r]![c] = M[r]![c]! * dt;
    aug[r]![n + r] = dt;
  }
  const e = expm(aug);
  return { A: e.slice(0, n).map((row) => row.slice(0, n)), Phi: e.slice(0, n).map((row) => row.slice(n)) };
}
