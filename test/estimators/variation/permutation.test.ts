import { describe, expect, it } from 'vitest';
import {
  conleyTaberInterval,
  placeboPValue,
  quantileType7,
  sortedValues,
} from '../../../src/estimators/variation/index.js';

describe('quantileType7 (R: quantile(x, p, type = 7))', () => {
  const x = [1, 2, 4, 8, 16];
  it('interpolates at h = (n − 1)p', () => {
    // R: quantile(c(1,2,4,8,16), c(0, .1, .5, .975, 1)) = 1, 1.4, 4, 15.2, 16 (h = 3.9: 8 + 0.9·8)
    expect(quantileType7(x, 0)).toBe(1);
    expect(quantileType7(x, 0.1)).toBeCloseTo(1.4, 14);
    expect(quantileType7(x, 0.5)).toBe(4);
    expect(quantileType7(x, 0.975)).toBeCloseTo(15.2, 14);
    expect(quantileType7(x, 1)).toBe(16);
    expect(quantileType7([3], 0.3)).toBe(3);
    expect(quantileType7([], 0.5)).toBeNaN();
  });
});

describe('placeboPValue', () => {
  it('(1 + #{|d_c| ≥ |d_m|}) / (1 + C), ties counted', () => {
    const placebo = [-0.3, -0.1, 0.05, 0.2, 0.25];
    expect(placeboPValue(0.22, placebo)).toBeCloseTo((1 + 2) / 6, 15);
    expect(placeboPValue(-0.2, placebo)).toBeCloseTo((1 + 3) / 6, 15);
    expect(placeboPValue(1, placebo)).toBeCloseTo(1 / 6, 15);
    expect(placeboPValue(0, placebo)).toBe(1);
  });
});

describe('conleyTaberInterval', () => {
  it('[d − q(1 − α/2), d − q(α/2)] with type-7 quantiles', () => {
    const s = sortedValues([0.4, -0.2, 0, 0.1, -0.1]); // −0.2, −0.1, 0, 0.1, 0.4
    // level 0.9: q(0.95) at h = 3.8 → 0.1 + 0.8·0.3 = 0.34; q(0.05) at h = 0.2 → −0.2 + 0.2·0.1 =
    // −0.18.
    const ci = conleyTaberInterval(0.5, s, 0.9);
    expect(ci.low).toBeCloseTo(0.5 - 0.34, 14);
    expect(ci.high).toBeCloseTo(0.5 + 0.18, 14);
  });
});
