/**
 * The report's view of the headline. The rule lives in one place,
 * src/pipeline/headline.ts, and its answer in `outcomes.<id>.headline`;
 * this module only reads it (which inference leads, why, whether an
 * outcome's causal sentences are hedged), it decides nothing.
 */

import type { Headline, OutcomeResult, Results, ShareOutcomeResult } from '../results/results.js';

export interface Verdict {
  /** Which inference decides significance. */
  leader: 'bootstrap' | 'cr1';
  /**
   * Why the bootstrap's lead matters (null when CR1 leads): few municipalities, or it and CR1
   * disagree.
   */
  reason: 'few-treated' | 'disagree' | null;
  /** Significant at 1 − level by the leading inference (null when it has no p-value). */
  significant: boolean | null;
  /** The headline itself (estimate, interval and p of the leading inference). */
  headline: Headline;
}

/** The pooled effect's verdict as the headline states it. */
export function pooledVerdict(o: ShareOutcomeResult): Verdict {
  const h = o.headline;
  const codes = new Set(h.reasons.map((r) => r.code));
  const leader = h.inference === 'wild-bootstrap' ? 'bootstrap' : 'cr1';
  return {
    leader,
    // The bootstrap leads wherever it was run; the words say why it matters here.
    reason: leader === 'cr1' ? null : codes.has('inferences-disagree') ? 'disagree' : 'few-treated',
    significant: h.p === null ? null : !!(h.verdict === 'effect' || h.verdict === 'hedged'),
    headline: h,
  };
}

/**
 * True when the outcome's own diagnostics forbid reading its difference as the programme's effect.
 */
export function hedged(o: OutcomeResult): boolean {
  return o.headline.reasons.some((r) => r.code === 'pretest-rejects');
}

/** Outcomes whose own event-study pre-test rejects parallel trends (as their headlines say). */
export function rejectedPreTests(r: Results): string[] {
  return Object.entries(r.outcomes)
    .filter(([, o]) => hedged(o))
    .map(([id]) => id);
}

/**
 * The number the few-clusters reason states (participating municipalities, or their effective
 * number).
 */
export function fewClusters(h: Headline): { value: number; floor: number } | null {
  const r = h.reasons.find((x) => x.code === 'few-effective-clusters');
  return r && r.code === 'few-effective-clusters' ? { value: r.value, floor: r.floor } : null;
}

/**
 * The headline of outcome `id`: the one answer every place shows (summary, Table 1, first sentence,
 * figure notes, terminal).
 */
export function outcomeHeadline(r: Results, id: string): Headline {
  return r.outcomes[id].headline;
}
