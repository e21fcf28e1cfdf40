/**
 * The report's survival sentences and the significance rule: p < 1 − level,
 * the spec's level, not a hard-coded 0.05.
 */
import { describe, expect, it } from 'vitest';
import { alpha } from '../../src/estimators/normal.js';
import { significant } from '../../src/report/format.js';
import { durationSentence, phMessage } from '../../src/report/survival/words.js';
import type { SurvivalOutcomeResult } from '../../src/results/results.js';

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
      /^The treated·during hazard ratio changes over time since entry \(Schoenfeld test p = 0\.03, correlation with time -0\.12\)/,
    );
    expect(phMessage(ph, 0.99)).toBe(
      'No evidence against proportional hazards for the treated·during effect (Schoenfeld test p = 0.03; global p = 0.17).',
    );
  });
});

describe('the duration sentence', () => {
  const base = {
    summary: [
      { group: 'comparison', cohort: 'before', median: 30 },
      { group: 'comparison', cohort: 'during', median: 28 },
      { group: 'treated', cohort: 'before', median: null },
      { group: 'treated', cohort: 'during', median: 15 },
    ],
    cox: { hr: 2, problem: undefined },
    duration_change: 0.5,
  } as unknown as SurvivalOutcomeResult;

  it('says 1 − 1/HR only under a constant hazard, and the observed medians; no weeks from the hazard ratio', () => {
    expect(durationSentence(base, 'In company internship')).toBe(
      'If the hazard were constant over time, a hazard ratio of 2.00 would mean a 50 % shorter mean time to the first week in company internship (1 − 1/HR); the curves show how far that assumption holds. Observed median weeks to the first week in company internship: Comparison, before 30; Comparison, during 28; Participants, before not reached; Participants, during 15.',
    );
  });

  it('says why when there is no hazard ratio, and when no median is reached', () => {
    const none = {
      ...base,
      cox: { hr: null, problem: 'no events' },
      duration_change: null,
      summary: base.summary.map((s) => ({ ...s, median: null })),
    } as unknown as SurvivalOutcomeResult;
    expect(durationSentence(none, 'x')).toBe(
      'No duration change can be derived: no events. No cell reached a median (fewer than half had the event within the follow-up).',
    );
  });
});
