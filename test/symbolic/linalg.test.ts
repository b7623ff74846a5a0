// Numeric linear algebra behind exact's decisions and propagators.

import { describe, expect, it } from 'vitest';
import { determinant, eigenvalues, expm, hasComplexEigenvalues, hasRepeatedEigenvalues, isSingular, propagator } from '../../src/symbolic/linalg.js';

const close = (a: number, b: number, rel = 1e-13) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe('expm and propagator', () => {
  it('exponentiates a rotation generator exactly enough', () => {
    const th = 2.7;
    const e = expm([
      [0, -th],
      [th, 0],
    ]);
    expect(close(e[0]![0]!, Math.cos(th))).toBe(true);
    expect(close(e[0]![1]!, -Math.sin(th))).toBe(true);
    expect(close(e[1]![0]!, Math.sin(th))).toBe(true);
  });
  it('gives A = exp(m·dt) and Phi = (exp(m·dt) − 1)/m for one variable', () => {
    const m = -1 / 0.01;
    const dt = 1e-4;
    const p = propagator([[m]], dt);
    expect(close(p.A[0]![0]!, Math.exp(m * dt), 1e-14)).toBe(true);
    expect(close(p.Phi[0]![0]!, Math.expm1(m * dt) / m, 1e-13)).toBe(true);
  });
  it('handles singular and triangular matrices (Phi of a zero row is dt)', () => {
    const p = propagator(
      [
        [0, 0],
        [1, -10],
      ],
      0.1,
    );
    expect(p.A[0]).toEqual([1, 0]);
    expect(close(p.Phi[0]![0]!, 0.1)).toBe(true);
    expect(close(p.A[1]![1]!, Math.exp(-1))).toBe(true);
  });
});

describe('decisions', () => {
  it('finds singular matrices', () => {
    expect(
      determinant([
        [1, 2],
        [3, 4],
      ]),
    ).toBeCloseTo(-2, 12);
    expect(
      isSingular([
        [-1, 1],
        [1, -1],
      ]),
    ).toBe(true);
    expect(
      isSingular([
        [-100, 100],
        [0, -50],
      ]),
    ).toBe(false);
  });
  it('finds complex and repeated eigenvalues, also for 3×3 and 4×4', () => {
    expect(
      hasComplexEigenvalues([
        [-1, -1],
        [1, -1],
      ]),
    ).toBe(true);
    expect(
      hasComplexEigenvalues([
        [-1, 1],
        [0, -2],
      ]),
    ).toBe(false);
    expect(
      hasRepeatedEigenvalues([
        [-100, 100],
        [0, -100],
      ]),
    ).toBe(true);
    expect(
      hasRepeatedEigenvalues([
        [-100, 100],
        [0, -200],
      ]),
    ).toBe(false);
    const rot3 = [
      [-1, -2, 0],
      [2, -1, 0],
      [0, 0, -3],
    ];
    expect(hasComplexEigenvalues(rot3)).toBe(true);
    const tri = [
      [-1, 1, 0, 0],
      [0, -2, 1, 0],
      [0, 0, -3, 1],
      [0, 0, 0, -4],
    ];
    expect(hasComplexEigenvalues(tri)).toBe(false);
    expect(hasRepeatedEigenvalues(tri)).toBe(false);
    const ev = eigenvalues(tri)
      .map((z) => z.re)
      .sort((a, b) => a - b);
    ev.forEach((x, k) => expect(x).toBeCloseTo(-4 + k, 9));
    expect(
      hasRepeatedEigenvalues([
        [-1, 1, 0],
        [0, -2, 1],
        [0, 0, -1],
      ]),
    ).toBe(true);
  });
});
