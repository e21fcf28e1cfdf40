/**
 * The report's survival sentences and the significance rule: p < 1 − level,
 * the spec's level, not a hard-coded 0.05.
 */
import { describe, expect, it } from 'vitest';
import { significant } from '../../src/report/format.js';
import { alpha } from '../../src/estimators/normal.js';
import { durationSentence, phMessage } from '../../src/report/survival-words.js';
import type { SurvivalOutcomeResult } from '../../src/pipeline/results.js';

describe('significance at the spec\'s level', () => {
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
    const ph = { chisq: 5, df: 3, p: 0.17, method: 'x', terms: [
      { term: 'treated', rho: 0, chisq: 0, df: 1, p: 0.9 },
      { term: 'during', rho: 0, chisq: 0, df: 1, p: 0.9 },
      { term: 'treated:during', rho: -0.12, chisq: 4.7, df: 1, p: 0.03 },
    ] };
    expect(phMessage(ph, 0.95)).toMatch(/^The treated·during hazard ratio changes over time since entry \(Schoenfeld test p = 0\.03, correlation with time -0\.12\)/);
    expect(phMessage(ph, 0.99)).toBe('No evidence against proportional hazards for the treated·during effect (Schoenfeld test p = 0.03; global p = 0.17).');
  });
});

describe('the duration sentence', () => {
  const base = {
    summary: [{ rmst_horizon: 104 }],
    cox: { hr: 2, problem: undefined },
    duration: { base_weeks: 30, with_programme_weeks: 15 },
  } as unknown as SurvivalOutcomeResult;

  it('words HR 2 as a 50 % shorter mean time (1 − 1/HR), 30 → 15 weeks', () => {
    expect(durationSentence(base, 'In company internship')).toBe(
      'The hazard ratio 2.00 corresponds to a 50 % shorter mean time from programme start to the first week in company internship (1 − 1/HR): if it took 30.0 weeks without the programme (the comparison municipalities\' mean within 104 weeks), it takes 15.0 weeks with it.',
    );
  });

  it('says why when there is no hazard ratio', () => {
    const none = { ...base, cox: { hr: null, problem: 'no events' }, duration: { base_weeks: null, with_programme_weeks: null } } as unknown as SurvivalOutcomeResult;
    expect(durationSentence(none, 'x')).toBe('No duration change could be derived: no events.');
  });
});
