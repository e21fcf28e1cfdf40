/**
 * The one headline rule (docs/definitions.md, "Headline"): for
 * every outcome, which inference leads, its interval and p, and the verdict
 * with typed reasons. A pure function of the finished (disclosed) results;
 * the report, the terminal and every writer only read `outcomes.<id>.headline`.
 *
 * Rule (docs/definitions.md, "Headline"):
 * - share outcomes: the pooled effect. Below GSTAR_FLOOR effective
 *   participating municipalities (Carter–Schnepel–Steigerwald G*, which
 *   also catches one municipality carrying most of the weight) no inference
 *   keeps its size: `not-testable`, the estimate without interval or p.
 *   Otherwise the restricted wild cluster bootstrap leads (`wild-bootstrap`:
 *   its p, its test-inversion interval); CR1 with t(G − 1) only when no
 *   bootstrap was run (`cr1-t`);
 * - survival outcomes: the Cox hazard ratio with municipality-clustered SE and
 *   t(G* − 1) critical values (`cox-clustered`), not-testable under the same
 *   floor (G* the smallest of the share outcomes') and with fewer than
 *   COX_MIN_PARTICIPATING participating municipalities; a restricted-mean
 *   inference with a cluster bootstrap can take its place here;
 * - an outcome's own event-study pre-test (its bootstrap p), when it rejects,
 *   turns `effect` into `hedged`; no other outcome's pre-test does.
 * - reasons beside the verdict: the event study's breakdown value M̄ and
 *   bias80, and a before cohort observed inside the programme period.
 */

import { fQuantile, studentTTwoSided } from '../estimators/distributions.js';
import { alpha } from '../estimators/normal.js';
import type {
  EventStudyOutcomeResult,
  Headline,
  HeadlineReason,
  OutcomeResult,
  PooledEffect,
  Results,
  ShareOutcomeResult,
  SurvivalOutcomeResult,
} from '../results/results.js';

/**
 * Below this effective number of participating municipalities (G*) an
 * outcome is not testable. Chosen by measurement on the simulator (docs/definitions.md,
 * "Headline"; scripts/size.mjs): the København-dominated design with 5 participating
 * municipalities has G* ≈ 3.6–3.7 and no inference with size; 5 municipalities of similar
 * size (G* ≈ 4.9) and the sample's 17 (G* ≈ 5.1) keep the bootstrap's size. 4.5: four
 * and a half municipalities' worth of equal weight.
 */
export const GSTAR_FLOOR = 4.5;

/**
 * The clustered Cox has no bootstrap: with fewer participating municipalities than this (where the
 * share outcomes need Webb weights) it claimed an effect in 18 % (normal) and 10 % (t(G* − 1)) of
 * 60
 * null simulations with 5 participating (5 % with 17), so survival outcomes are not testable there.
 */
export const COX_MIN_PARTICIPATING = 13;

/** The largest municipality's share of the weight from which the reasons name it. */
export const DOMINANT_SHARE = 1 / 3;

/** What the rule needs beside the outcome itself. */
export interface HeadlineContext {
  level: number;
  /** Participating (treated) municipalities with members. */
  treated: number;
  /**
   * For survival outcomes: the design's effective participating municipalities (smallest
   * share-outcome G*).
   */
  gstar?: { gstar: number; max_share: number; municipality: string } | null;
  /** The outcome's own event study, if any. */
  eventStudy: EventStudyOutcomeResult | null;
  /**
   * The before cohort is observed on or after the programme's first week (results.before_cohort).
   */
  beforeOverlap?: boolean;
}

/**
 * A placeholder until the results are complete (evaluate fills every headline after disclosure
 * control).
 */
export function pendingHeadline(): Headline {
  return {
    estimate: null,
    ci_low: null,
    ci_high: null,
    p: null,
    inference: 'none',
    verdict: 'not-testable',
    reasons: [],
  };
}

/** The two-sided t critical value with df degrees of freedom at the level (t² is F(1, df)). */
export function tCritical(level: number, df: number): number {
  return Math.sqrt(fQuantile(level, 1, df));
}

/**
 * CR1 with t(G − 1): p and interval from estimate and se (null when either is missing or G < 2).
 */
export function cr1t(
  estimate: number | null,
  se: number | null,
  clusters: number,
  level: number,
): { ci_low: number | null; ci_high: number | null; p: number | null } {
  if (estimate === null || se === null || !(se > 0) || clusters < 2)
    return { ci_low: null, ci_high: null, p: null };
  const c = tCritical(level, clusters - 1);
  return {
    ci_low: estimate - c * se,
    ci_high: estimate + c * se,
    p: studentTTwoSided(estimate / se, clusters - 1),
  };
}

/** The outcome's own pre-test: reasons, and whether it forbids a causal reading. */
function pretestReasons(es: EventStudyOutcomeResult | null, level: number) {
  const reasons: HeadlineReason[] = [];
  let rejects = false;
  const pt = es?.pretest;
  if (pt && pt.p !== null) {
    if (pt.p < alpha(level)) {
      rejects = true;
      reasons.push({ code: 'pretest-rejects', p: pt.p });
    } else if (pt.bias80 !== null) reasons.push({ code: 'pretest-power', bias80: pt.bias80 });
  }
  // The Rambachan–Roth breakdown value of the event study's overall effect, whatever the pre-test
  // says.
  const mbar = es?.sensitivity?.mbar;
  if (mbar !== undefined && mbar !== null) reasons.push({ code: 'breakdown', mbar });
  return { reasons, rejects };
}

/** Reasons that hold for every outcome of the run (the design, not the outcome). */
function designReasons(ctx: HeadlineContext): HeadlineReason[] {
  return ctx.beforeOverlap ? [{ code: 'before-cohort-overlaps-programme' }] : [];
}

function hiddenReason(problem: string | undefined): HeadlineReason[] {
  // A number hidden by --min-cell holds its reason's code (HiddenReason) instead of a problem.
  return problem === 'small-cell' || problem === 'derived' || problem === 'reveals-hidden'
    ? [{ code: 'hidden', reason: problem }]
    : [];
}

/** The verdict from the leading p, the estimate and the outcome's own diagnostics. */
function verdictOf(p: number | null, level: number, hedge: boolean): Headline['verdict'] {
  if (p === null) return 'not-testable';
  if (!(p < alpha(level))) return 'no-effect-shown';
  return hedge ? 'hedged' : 'effect';
}

/** not-testable reasons when G* is below the floor (empty when testable). */
function clusterReasons(
  e: { gstar: number; max_share: number; municipality: string } | null | undefined,
): HeadlineReason[] {
  if (!e || !(e.gstar < GSTAR_FLOOR)) return [];
  const out: HeadlineReason[] = [
    { code: 'few-effective-clusters', value: e.gstar, floor: GSTAR_FLOOR },
  ];
  if (e.max_share >= DOMINANT_SHARE)
    out.push({ code: 'dominant-municipality', municipality: e.municipality, share: e.max_share });
  return out;
}

function notTestable(estimate: number, reasons: HeadlineReason[]): Headline {
  return { ...pendingHeadline(), estimate, reasons };
}

function shareHeadline(o: ShareOutcomeResult, ctx: HeadlineContext): Headline {
  const e: PooledEffect = o.pooled;
  if (e.estimate === null) return { ...pendingHeadline(), reasons: hiddenReason(e.problem) };
  const few = clusterReasons(e.effective_clusters);
  if (few.length > 0) return notTestable(e.estimate, [...few, ...designReasons(ctx)]);
  const a = alpha(ctx.level);
  const cr1 = cr1t(e.estimate, e.se, e.clusters, ctx.level);
  const b = e.bootstrap && e.bootstrap.p !== null ? e.bootstrap : null;
  const pre = pretestReasons(ctx.eventStudy, ctx.level);
  const reasons: HeadlineReason[] = [];
  let lead: Pick<Headline, 'p' | 'ci_low' | 'ci_high' | 'inference'>;
  if (b !== null) {
    lead = { ci_low: b.ci_low, ci_high: b.ci_high, p: b.p, inference: 'wild-bootstrap' };
    if (cr1.p !== null && cr1.p < a !== b.p! < a)
      reasons.push({ code: 'inferences-disagree', p_cr1: cr1.p, p_bootstrap: b.p! });
  } else if (cr1.p !== null) lead = { ...cr1, inference: 'cr1-t' };
  else lead = { ci_low: null, ci_high: null, p: null, inference: 'none' };
  reasons.push(...pre.reasons, ...designReasons(ctx));
  return {
    estimate: e.estimate,
    ...lead,
    verdict: verdictOf(lead.p, ctx.level, pre.rejects),
    reasons,
  };
}

function survivalHeadline(o: SurvivalOutcomeResult, ctx: HeadlineContext): Headline {
  const c = o.cox;
  if (c.hr === null) return { ...pendingHeadline(), reasons: hiddenReason(c.problem) };
  const few = clusterReasons(ctx.gstar);
  if (few.length > 0) return notTestable(c.hr, [...few, ...designReasons(ctx)]);
  if (ctx.treated < COX_MIN_PARTICIPATING)
    return notTestable(c.hr, [
      { code: 'few-participating', value: ctx.treated, floor: COX_MIN_PARTICIPATING },
    ]);
  // Hook: a restricted-mean (RMST) DiD with a cluster bootstrap may lead here ('rmst-bootstrap').
  const pre = pretestReasons(ctx.eventStudy, ctx.level);
  const reasons: HeadlineReason[] = [...pre.reasons];
  if (o.ph_check && o.ph_check.p !== null && o.ph_check.p < alpha(ctx.level))
    reasons.push({ code: 'ph-rejected', p: o.ph_check.p });
  reasons.push(...designReasons(ctx));
  // The clustered Cox with t(G* − 1) critical values: with normal ones it claimed an effect in
  // 18 % of null simulations with 5 participating municipalities (scripts/size.mjs).
  const se = c.robust_se_log_hr;
  const df = ctx.gstar ? ctx.gstar.gstar - 1 : null;
  if (se === null || !(se > 0)) return { ...pendingHeadline(), estimate: c.hr, reasons };
  const b = Math.log(c.hr);
  const crit = df !== null ? tCritical(ctx.level, df) : null;
  const p = df !== null ? studentTTwoSided(b / se, df) : c.robust_p;
  return {
    estimate: c.hr,
    ci_low: crit !== null ? Math.exp(b - crit * se) : c.robust_ci_low,
    ci_high: crit !== null ? Math.exp(b + crit * se) : c.robust_ci_high,
    p,
    inference: 'cox-clustered',
    verdict: verdictOf(p, ctx.level, pre.rejects),
    reasons,
  };
}

/** The headline of one outcome. */
export function headlineFor(o: OutcomeResult, ctx: HeadlineContext): Headline {
  return o.type === 'share' ? shareHeadline(o, ctx) : survivalHeadline(o, ctx);
}

/** Every outcome's headline, from the finished results (after disclosure control). */
export function withHeadlines(r: Results): Results {
  const outcomes: Results['outcomes'] = {};
  // The design's G* for outcomes without their own (survival): the smallest of the share outcomes'.
  let gstar: HeadlineContext['gstar'] = null;
  for (const o of Object.values(r.outcomes)) {
    const e = o.type === 'share' ? o.pooled.effective_clusters : null;
    if (e && (gstar === null || e.gstar < gstar.gstar)) gstar = e;
  }
  for (const [id, o] of Object.entries(r.outcomes)) {
    const headline = headlineFor(o, {
      level: r.inference.level,
      treated: r.data.municipalities.treated,
      eventStudy: r.eventStudy?.[id] ?? null,
      gstar,
      beforeOverlap: r.before_cohort?.overlaps ?? false,
    });
    outcomes[id] = { ...o, headline } as OutcomeResult;
  }
  return { ...r, outcomes };
}
