/**
 * The report's survival sentences and the significance rule: p < 1 − level,
 * the spec's level, not a hard-coded 0.05.
 */
import { describe, expect, it } from 'vitest';
import { alpha } from '../../src/estimators/normal.js';
import { significant } from '../../src/report/format.js';
import { phMessage } from '../../src/report/survival/words.js';

describe("significance at the spec's level", () => {
  it('is p < 1 − level, the threshold free of float noise', () => {
    expect(alpha(0.95)).toBe(0.05);
    expect(alpha(0.9)).toBe(0.1);
    expect(alpha(0.99)).toBe(0.01);
    expect(significant(0.04, 0.95)).toBe(true);
    expect(significant(0.04, 0.99)).toBe(false);
    expect(significant(0.009, 0.99)).toBe(true);
    expect(significant(0.08, 0.9)).toBe(true);
    expect(significant(0.05, 0.95)).toBe(false);
    expect(significant(null, 0.95)).toBe(false);
    expect(significant(Number.NaN, 0.95)).toBe(false);
  });

  it('the proportional-hazards verdict follows the level', () => {
    const ph = {
      chisq: 5,
      df: 3,
      p: 0.17,
      method: 'x',
      terms: [
        { term: 'treated', rho: 0, chisq: 0, df: 1, p: 0.9 },
        { term: 'during', rho: 0, chisq: 0, df: 1, p: 0.9 },
        { term: 'treated:during', rho: -0.12, chisq: 4.7, df: 1, p: 0.03 },
      ],
    };
    expect(phMessage(ph, 0.95)).toMatch(
      /^The treated·during hazard ratio changes over time since entry \(Schoenfeld test p = 0\.030, correlation with time -0\.12\)/,
    );
    expect(phMessage(ph, 0.99)).toBe(
      'No evidence against proportional hazards for the treated·during effect ' +
        '(Schoenfeld test p = 0.030; global p = 0.17).',
    );
  });
});
