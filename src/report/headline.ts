/**
 * Which figure a headline leads with, decided from the diagnostics, so the
 * report and the terminal never say more than the evidence:
 * - with fewer than FEW_TREATED participating municipalities, or when the
 *   clustered standard error (CR1) and the wild cluster bootstrap disagree on
 *   significance at the spec's level, the bootstrap leads: its p-value decides
 *   whether an effect is called significant;
 * - a rejected event-study pre-test hedges every causal sentence (the
 *   difference is reported, not called the programme's effect).
 */

import { alpha } from '../estimators/normal.js';
import type { PooledEffect, Results } from '../results/results.js';

/** Below this many participating municipalities the clustered SE alone is not trusted. */
export const FEW_TREATED = 30;

export interface Verdict {
  /** Which inference decides significance. */
  leader: 'bootstrap' | 'cr1';
  /** Why the bootstrap leads (null when CR1 does). */
  reason: 'few-treated' | 'disagree' | null;
  /** Significant at 1 − level by the leading inference (null when it has no p-value). */
  significant: boolean | null;
  cr1Significant: boolean | null;
  bootstrapSignificant: boolean | null;
}

/** The verdict on a pooled effect given the number of participating municipalities and the level. */
export function pooledVerdict(
  e: PooledEffect,
  treatedMunicipalities: number,
  level: number,
): Verdict {
  const a = alpha(level);
  const cr1 = e.p === null ? null : e.p < a;
  const boot = e.bootstrap && e.bootstrap.p !== null ? e.bootstrap.p < a : null;
  const few = treatedMunicipalities < FEW_TREATED;
  const disagree = cr1 !== null && boot !== null && cr1 !== boot;
  if (boot !== null && (few || disagree)) {
    return {
      leader: 'bootstrap',
      reason: few ? 'few-treated' : 'disagree',
      significant: boot,
      cr1Significant: cr1,
      bootstrapSignificant: boot,
    };
  }
  return {
    leader: 'cr1',
    reason: null,
    significant: cr1,
    cr1Significant: cr1,
    bootstrapSignificant: boot,
  };
}

/** Outcomes whose event-study pre-test rejects parallel trends at the spec's level. */
export function rejectedPreTests(r: Results): string[] {
  const a = alpha(r.inference.level);
  return Object.entries(r.eventStudy ?? {})
    .filter(([, es]) => es.pretest.p !== null && es.pretest.p < a)
    .map(([id]) => id);
}

/** True when causal sentences must be hedged: some event-study pre-test rejects. */
export function hedgeCausal(r: Results): boolean {
  return rejectedPreTests(r).length > 0;
}
