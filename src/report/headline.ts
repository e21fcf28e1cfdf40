/**
 * The one answer per outcome (results.outcomes.<id>.headline, contract
 * "Headline, verdicts and warnings") as the report reads it: every place
 * that states an outcome's answer (summary, Table 1, the section's first
 * sentence, figure notes, terminal) takes it from `outcomeHeadline`, so all
 * of them show the same estimate, interval and p.
 *
 * results.json carries the headline once the inference stage computes it;
 * until then (and for results files written before it) `outcomeHeadline`
 * derives one by the rule the report used so far:
 * - share outcomes: with fewer than FEW_TREATED participating municipalities,
 *   or when the clustered standard error (CR1) and the wild cluster bootstrap
 *   disagree on significance at the spec's level, the bootstrap leads (its p
 *   and its interval); otherwise CR1;
 * - survival outcomes: the Cox hazard ratio with the municipality-clustered
 *   interval (model-based when there is none);
 * - a rejected event-study pre-test hedges every verdict.
 */

import { alpha } from '../estimators/normal.js';
import type {
  Headline,
  HeadlineReason,
  OutcomeResult,
  PooledEffect,
  Results,
  SurvivalOutcomeResult,
} from '../results/results.js';

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

/** Which inference leads a pooled effect given the number of participating municipalities and the level. */
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

/** The verdict from significance, the hedge and whether there is an estimate at all. */
function verdictOf(
  estimate: number | null,
  significant: boolean | null,
  hedge: boolean,
): Headline['verdict'] {
  if (estimate === null || significant === null) return 'not-testable';
  if (!significant) return 'no-effect-shown';
  return hedge ? 'hedged' : 'effect';
}

/** A share outcome's headline by the report's former rule (see the file's comment). */
export function shareHeadline(
  e: PooledEffect,
  treatedMunicipalities: number,
  level: number,
  hedge: boolean,
  reasons: HeadlineReason[] = [],
): Headline {
  const v = pooledVerdict(e, treatedMunicipalities, level);
  const b = e.bootstrap;
  const boot = v.leader === 'bootstrap' && b !== null;
  return {
    estimate: e.estimate,
    ci_low: boot ? b.ci_low : e.ci_low,
    ci_high: boot ? b.ci_high : e.ci_high,
    p: boot ? b.p : e.p,
    inference: e.estimate === null ? 'none' : boot ? 'wild-bootstrap' : 'cr1-t',
    verdict: verdictOf(e.estimate, v.significant, hedge),
    reasons,
  };
}

/** A survival outcome's headline: the hazard ratio, clustered interval first. */
export function survivalHeadline(
  o: SurvivalOutcomeResult,
  level: number,
  hedge: boolean,
  reasons: HeadlineReason[] = [],
): Headline {
  const c = o.cox;
  const clustered = c.robust_ci_low !== null && c.robust_ci_high !== null;
  const p = clustered ? c.robust_p : c.p;
  const lo = clustered ? c.robust_ci_low : c.ci_low;
  const hi = clustered ? c.robust_ci_high : c.ci_high;
  const significant = p === null ? null : p < alpha(level);
  return {
    estimate: c.hr,
    ci_low: lo,
    ci_high: hi,
    p,
    inference: c.hr === null ? 'none' : 'cox-clustered',
    verdict: verdictOf(c.hr, significant, hedge),
    reasons,
  };
}

/** The reasons the report can derive itself (pre-test rejected, proportional hazards rejected). */
function derivedReasons(r: Results, id: string, o: OutcomeResult): HeadlineReason[] {
  const out: HeadlineReason[] = [];
  const pt = r.eventStudy?.[id]?.pretest;
  if (pt && pt.p !== null && pt.p < alpha(r.inference.level))
    out.push({ code: 'pretest-rejects', p: pt.p });
  if (o.type === 'survival') {
    const inter = o.ph_check?.terms[2];
    if (inter && inter.p !== null && inter.p < alpha(r.inference.level))
      out.push({ code: 'ph-rejected', p: inter.p });
  }
  return out;
}

/** The headline of outcome `id`: results.json's when present, else derived (see above). */
export function outcomeHeadline(r: Results, id: string): Headline {
  const o = r.outcomes[id];
  const given = (o as { headline?: Headline }).headline;
  if (given) return given;
  const hedge = hedgeCausal(r);
  const reasons = derivedReasons(r, id, o);
  return o.type === 'share'
    ? shareHeadline(o.pooled, r.data.municipalities.treated, r.inference.level, hedge, reasons)
    : survivalHeadline(o, r.inference.level, hedge, reasons);
}
