// biome-ignore-all lint/correctness/noPrecisionLoss: published coefficients and reference values are kept digit for digit as printed, so they can be checked against their source; each rounds to the intended double
import { describe, expect, it } from 'vitest';
import {
  erfc,
  normalCdf,
  normalQuantile,
  twoSidedP,
  zCritical,
} from '../../src/estimators/normal.js';

// Reference values from R: pnorm(), qnorm() (printed with digits = 17).
describe('normal distribution', () => {
  it('Φ matches R pnorm', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145705, 15);
    expect(normalCdf(0.3)).toBeCloseTo(0.61791142218895256, 15);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300946, 17);
  });
  it('far tail keeps relative precision', () => {
    // pnorm(-8) = 6.2209605742717841e-16
    expect(normalCdf(-8) / 6.2209605742717841e-16).toBeCloseTo(1, 12);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 12);
  });
  it('quantile inverts Φ and matches qnorm', () => {
    expect(zCritical(0.95)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.0902323061678132, 13);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 14);
    for (const p of [1e-10, 0.01, 0.2, 0.5, 0.7, 0.99])
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 12);
  });
  it('two-sided p', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedP(-1.959963984540054)).toBeCloseTo(0.05, 14);
  });
});
