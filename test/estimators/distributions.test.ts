// biome-ignore-all lint/correctness/noPrecisionLoss: published coefficients and reference values are kept digit for digit as printed, so they can be checked against their source; each rounds to the intended double
/**
 * Distributions against closed forms and against independent implementations:
 * mpmath 1.3 (40 digits) for I_x(a, b), SciPy 1.17 (Boost) for t, F and the
 * noncentral F. The values were printed by those libraries, not by this code.
 */
import { describe, expect, it } from 'vitest';
import {
  betaRegularized,
  betaRegularizedUpper,
  fQuantile,
  fUpper,
  noncentralFUpper,
  studentTTwoSided,
  studentTUpper,
} from '../../src/estimators/distributions.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('regularized incomplete beta', () => {
  it('matches mpmath.betainc to 1e-12 relative', () => {
    const cases: [number, number, number, number][] = [
      [0.3, 2.5, 4.0, 0.35219758590676721388],
      [0.9, 0.5, 0.5, 0.79516723530086657191],
      [0.01, 10, 3, 6.4805500000000013466e-19],
      [0.7, 120, 40, 0.076013086519085565283],
    ];
    for (const [x, a, b, want] of cases)
      expect(rel(betaRegularized(x, a, b), want)).toBeLessThan(1e-12);
    expect(cases.length).toBe(4);
  });
  it('has the closed forms I_x(1, 1) = x, I_x(a, 1) = x^a, and symmetry', () => {
    expect(rel(betaRegularized(0.37, 1, 1), 0.37)).toBeLessThan(1e-14);
    expect(rel(betaRegularized(0.6, 3.5, 1), 0.6 ** 3.5)).toBeLessThan(1e-13);
    expect(rel(betaRegularizedUpper(0.25, 2, 5), betaRegularized(0.75, 5, 2))).toBeLessThan(1e-14);
    expect(betaRegularized(0, 2, 3)).toBe(0);
    expect(betaRegularized(1, 2, 3)).toBe(1);
  });
});

describe('Student t', () => {
  it('df = 1 is the Cauchy distribution and df = 2 has a closed form', () => {
    for (const t of [-3, -0.4, 0, 0.7, 12]) {
      expect(rel(studentTUpper(t, 1), 0.5 - Math.atan(t) / Math.PI)).toBeLessThan(1e-13);
      expect(rel(studentTUpper(t, 2), 0.5 - t / (2 * Math.sqrt(2 + t * t)))).toBeLessThan(1e-13);
    }
  });
  it('matches SciPy t.sf to 1e-12 relative', () => {
    const cases: [number, number, number][] = [
      [2.1, 5, 0.044876624942299395],
      [-1.3, 12, 0.8909914144582429],
      [4.5, 3.5, 0.007321434703147928],
      [0.2, 200, 0.4208418958792167],
    ];
    for (const [t, df, want] of cases) expect(rel(studentTUpper(t, df), want)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSided(-2.1, 5), 2 * 0.044876624942299395)).toBeLessThan(1e-12);
  });
});

describe('F', () => {
  it('F(2, d2) has the closed form (1 + 2f/d2)^(−d2/2)', () => {
    for (const [f, d2] of [
      [0.3, 4],
      [2.5, 11],
      [7, 40],
    ])
      expect(rel(fUpper(f, 2, d2), (1 + (2 * f) / d2) ** (-d2 / 2))).toBeLessThan(1e-13);
  });
  it('matches SciPy f.sf and f.ppf to 1e-12 relative', () => {
    const cases: [number, number, number, number, number][] = [
      [2.3, 3, 17, 0.11393095703184913, 3.196776840943345],
      [0.5, 7, 33, 0.827636394900258, 2.3029824429797148],
      [9.0, 1, 4, 0.03994196807171883, 7.708647422176786],
    ];
    for (const [f, d1, d2, sf, q95] of cases) {
      expect(rel(fUpper(f, d1, d2), sf)).toBeLessThan(1e-12);
      expect(rel(fQuantile(0.95, d1, d2), q95)).toBeLessThan(1e-12);
    }
  });
  it('the quantile inverts the distribution function', () => {
    const q = fQuantile(0.8, 7, 33);
    expect(1 - fUpper(q, 7, 33)).toBeCloseTo(0.8, 13);
  });
});

describe('noncentral F', () => {
  it('reduces to the central F at λ = 0', () => {
    expect(noncentralFUpper(1.7, 7, 33, 0)).toBe(fUpper(1.7, 7, 33));
  });
  it('matches SciPy ncf.sf to 1e-10 relative', () => {
    const cases: [number, number, number, number, number][] = [
      [2.3, 7, 33, 5.0, 0.259007141937669],
      [2.3, 7, 33, 25.0, 0.9326995227858778],
      [1.1, 3, 10, 0.5, 0.4579515359305734],
      [3.0, 7, 33, 120.0, 0.999999997021843],
    ];
    for (const [f, d1, d2, l, want] of cases)
      expect(rel(noncentralFUpper(f, d1, d2, l), want)).toBeLessThan(1e-10);
  });
  it('grows with the noncentrality', () => {
    let last = 0;
    for (const l of [0, 1, 4, 16, 64]) {
      const p = noncentralFUpper(2, 4, 20, l);
      expect(p).toBeGreaterThan(last);
      last = p;
    }
  });
});
