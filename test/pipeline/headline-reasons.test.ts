/**
 * The headline's reasons from the sensitivity work: the event study's
 * breakdown value and bias80, and the before cohort inside the programme
 * period, each from hand-made results.
 */
import { describe, expect, it } from 'vitest';
import { headlineFor } from '../../src/pipeline/headline.js';
import type { EventStudyOutcomeResult, OutcomeResult } from '../../src/results/results.js';

const pooled = {
  estimate: 0.1,
  se: 0.02,
  ci_low: 0.06,
  ci_high: 0.14,
  p: 1e-6,
  n: 1000,
  clusters: 94,
  weeks: [53, 104],
  bootstrap: { p: 0.003, ci_low: 0.04, ci_high: 0.17, replications: 999, seed: 1 },
};
const es = (p: number, mbar: number | null) =>
  ({ pretest: { p, bias80: 0.06 }, sensitivity: { mbar } }) as unknown as EventStudyOutcomeResult;

describe('headline reasons from the sensitivity analysis', () => {
  it('a passed pre-test: bias80 and the breakdown value beside the verdict, which stays', () => {
    const h = headlineFor({ type: 'share', pooled } as unknown as OutcomeResult, {
      level: 0.95,
      treated: 17,
      eventStudy: es(0.22, 0.41),
    });
    expect(h.verdict).toBe('effect');
    expect(h.reasons).toContainEqual({ code: 'pretest-power', bias80: 0.06 });
    expect(h.reasons).toContainEqual({ code: 'breakdown', mbar: 0.41 });
    expect(h.reasons.some((r) => r.code === 'before-cohort-overlaps-programme')).toBe(false);
  });

  it(
    'the before cohort inside the programme period is a reason on share and ' + 'survival outcomes',
    () => {
      const share = headlineFor({ type: 'share', pooled } as unknown as OutcomeResult, {
        level: 0.95,
        treated: 17,
        eventStudy: null,
        beforeOverlap: true,
      });
      expect(share.reasons).toContainEqual({ code: 'before-cohort-overlaps-programme' });
      const cox = {
        hr: 1.6,
        robust_p: 0.001,
        robust_ci_low: 1.2,
        robust_ci_high: 2.1,
      };
      const surv = headlineFor(
        { type: 'survival', cox, ph_check: null } as unknown as OutcomeResult,
        {
          level: 0.95,
          treated: 17,
          eventStudy: es(0.5, null),
          beforeOverlap: true,
        },
      );
      expect(surv.reasons).toContainEqual({ code: 'before-cohort-overlaps-programme' });
      expect(surv.reasons.some((r) => r.code === 'breakdown')).toBe(false);
    },
  );
});
