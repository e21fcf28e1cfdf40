import { describe, expect, it } from 'vitest';
import { normalUpper } from '../../../src/estimators/normal.js';
import {
  chiSquareUpper,
  gammaP,
  gammaQ,
  logGamma,
} from '../../../src/estimators/survival/index.js';
import { rel } from './helpers.js';

describe('chi-square upper tail', () => {
  it('matches R pchisq(lower = FALSE) at the 5 % critical values', () => {
    // qchisq(0.95, 1) and qchisq(0.95, 2) as R prints them to 15 digits
    expect(chiSquareUpper(3.84145882069412, 1)).toBeCloseTo(0.05, 13);
    expect(chiSquareUpper(5.99146454710798, 2)).toBeCloseTo(0.05, 13);
  });

  it('df = 1 and df = 3 in closed form, into the far tail', () => {
    // χ²₁ = Z²: P(X > x) = 2(1 − Φ(√x));  χ²₃: 2(1 − Φ(√x)) + √(2x/π) e^{−x/2}
    for (const x of [0.01, 0.5, 2, 10, 50, 100]) {
      expect(rel(chiSquareUpper(x, 1), 2 * normalUpper(Math.sqrt(x)))).toBeLessThan(1e-12);
      expect(
        rel(
          chiSquareUpper(x, 3),
          2 * normalUpper(Math.sqrt(x)) + Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2),
        ),
      ).toBeLessThan(1e-12);
    }
    // pchisq(100, 1, lower = FALSE) = 1.523971e-23: the continued fraction keeps relative precision
    expect(chiSquareUpper(100, 1)).toBeGreaterThan(1.5239e-23);
    expect(chiSquareUpper(100, 1)).toBeLessThan(1.524e-23);
  });

  it('even df in closed form (Poisson sum), both expansions', () => {
    // df = 2k: P(X > x) = e^{−x/2} Σ_{j<k} (x/2)^j / j!
    const poisson = (x: number, k: number) => {
      let term = 1;
      let sum = 1;
      for (let j = 1; j < k; j++) {
        term *= x / 2 / j;
        sum += term;
      }
      return Math.exp(-x / 2) * sum;
    };
    for (const [x, df] of [
      [10, 2],
      [3, 10],
      [9.5, 10],
      [40, 10],
      [0.2, 6],
      [150, 20],
    ]) {
      expect(rel(chiSquareUpper(x, df), poisson(x, df / 2))).toBeLessThan(1e-12);
    }
  });

  it('edges: x = 0, x = ∞, df = 0; P + Q = 1', () => {
    expect(chiSquareUpper(0, 3)).toBe(1);
    expect(chiSquareUpper(Infinity, 3)).toBe(0);
    expect(chiSquareUpper(0, 0)).toBe(1);
    expect(chiSquareUpper(2, 0)).toBe(0);
    for (const [a, x] of [
      [0.5, 0.3],
      [3, 7],
      [10, 2],
    ])
      expect(gammaP(a, x) + gammaQ(a, x)).toBeCloseTo(1, 14);
  });

  it('log Γ at known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
  });
});
