import { describe, expect, it } from 'vitest';
import {
  cochranQ,
  heterogeneity,
  iSquared,
  shrink,
  tau2DerSimonianLaird,
} from '../../../src/estimators/variation/index.js';

describe('heterogeneity (Q, I², DL τ², empirical Bayes)', () => {
  it('by hand: d = (0, 1, 3), SE = (1, 1, 0.5)', () => {
    // w = 1, 1, 4; d̄ = (0 + 1 + 12)/6 = 13/6; Q = (13/6)² + (7/6)² + 4(5/6)² = (169 + 49 + 100)/36
    // = 318/36.
    const d = [0, 1, 3];
    const se = [1, 1, 0.5];
    const q = 318 / 36;
    expect(cochranQ(d, se).q).toBeCloseTo(q, 13);
    // τ² = (Q − 2)/(6 − 18/6) = (Q − 2)/3.
    const tau2 = (q - 2) / 3;
    const h = heterogeneity(d, se)!;
    expect(h.df).toBe(2);
    expect(h.q).toBeCloseTo(q, 13);
    expect(h.p).toBeCloseTo(Math.exp(-q / 2), 13); // χ²(2) upper tail is e^(−x/2)
    expect(h.i2).toBeCloseTo((q - 2) / q, 13);
    expect(h.tau2).toBeCloseTo(tau2, 13);
    const v = se.map((s) => s * s + tau2);
    const mean = d.reduce((a, x, i) => a + x / v[i], 0) / v.reduce((a, x) => a + 1 / x, 0);
    expect(h.mean).toBeCloseTo(mean, 13);
    expect(h.fixed_mean).toBeCloseTo(13 / 6, 13);
    h.shrunk.forEach((s, i) => {
      expect(s).toBeCloseTo(mean + (tau2 / (tau2 + se[i] ** 2)) * (d[i] - mean), 13);
    });
    expect(h.shrunk_min).toBe(Math.min(...h.shrunk));
    expect(h.shrunk_max).toBe(Math.max(...h.shrunk));
  });

  it('no excess spread: τ² = 0, I² = 0, every shrunken effect is the mean', () => {
    const h = heterogeneity([0.1, 0.2], [1, 1])!;
    expect(h.q).toBeCloseTo(0.005, 15);
    expect(h.tau2).toBe(0);
    expect(h.i2).toBe(0);
    expect(h.shrunk).toEqual([h.mean, h.mean]);
    expect(iSquared(0, 3)).toBe(0);
    expect(tau2DerSimonianLaird(1, 3, 2, 2)).toBe(0);
    expect(shrink([1, 2], [1, 1], 0, 5)).toEqual([5, 5]);
  });

  it('fewer than two effects or a zero SE: null', () => {
    expect(heterogeneity([0.1], [0.1])).toBeNull();
    expect(heterogeneity([0.1, 0.2], [0.1, 0])).toBeNull();
  });
});
