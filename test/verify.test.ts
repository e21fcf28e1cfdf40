import { describe, expect, it } from 'vitest';
import { bounds, checkResults, resolvePath } from '../src/verify/verify.js';

const results = {
  outcomes: {
    'time-to-internship': { cox: { hr: 1.6 } },
    internship: {
      cells: [
        { group: 'treated', cohort: 'during', week: 95, share: 0.21 },
        { group: 'treated', cohort: 'before', week: 95, share: 0.14 },
      ],
      pooled: { estimate: 0.1, p: null },
    },
  },
};

describe('verify', () => {
  it('resolves dotted paths and row selectors', () => {
    expect(resolvePath(results, 'outcomes.time-to-internship.cox.hr')).toBe(1.6);
    expect(
      resolvePath(results, 'outcomes.internship.cells[group=treated,cohort=before,week=95].share'),
    ).toBe(0.14);
    expect(resolvePath(results, 'outcomes.internship.cells[1].share')).toBe(0.14);
    expect(resolvePath(results, 'outcomes.nope.x')).toBeUndefined();
  });
  it('bounds from tolerance, relative tolerance and min/max', () => {
    expect(bounds({ id: 'a', result: '', expected: 0.1, tolerance: 0.03, source: '' })).toEqual({
      low: 0.07,
      high: 0.13,
    });
    expect(bounds({ id: 'a', result: '', expected: 2, relative: 0.25, source: '' })).toEqual({
      low: 1.5,
      high: 2.5,
    });
    expect(bounds({ id: 'a', result: '', max: 0.05, source: '' })).toEqual({
      low: -Infinity,
      high: 0.05,
    });
  });
  it('passes, fails and reports missing results', () => {
    const r = checkResults(results, [
      {
        id: 'hr',
        result: 'outcomes.time-to-internship.cox.hr',
        expected: 1.61,
        tolerance: 0.2,
        source: 'p. 14',
      },
      {
        id: 'share',
        result: 'outcomes.internship.cells[group=treated,cohort=during,week=95].share',
        expected: 0.3,
        tolerance: 0.05,
        source: 'fig. 1',
      },
      {
        id: 'missing',
        result: 'outcomes.hours.pooled.estimate',
        expected: 0.01,
        tolerance: 0.01,
        source: 'fig. 3',
      },
      { id: 'null', result: 'outcomes.internship.pooled.p', max: 0.05, source: 'fig. 1' },
    ]);
    expect(r.map((c) => c.pass)).toEqual([true, false, false, false]);
    expect(r[2].reason).toBe('not in results');
    expect(r[3].reason).toMatch(/not a number/);
  });
});
