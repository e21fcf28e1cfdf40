/**
 * The one headline rule (contract, "Headline, verdicts and warnings"): for
 * every outcome, which inference leads, its interval and p, and the verdict
 * with typed reasons. A pure function of the finished (disclosed) results;
 * the report, the terminal and every writer only read `outcomes.<id>.headline`.
 *
 * Rule (docs/definitions.md, "Headline"):
 * - share outcomes: the pooled effect. The wild cluster bootstrap leads when
 *   participating municipalities are few (FEW_TREATED) or when it and the
 *   clustered SE disagree on significance; otherwise the clustered SE with
 *   t(G − 1) critical values (`cr1-t`);
 * - survival outcomes: the Cox hazard ratio with municipality-clustered SE
 *   (`cox-clustered`); a restricted-mean inference can take its place here;
 * - an outcome's own event-study pre-test, when it rejects, turns `effect`
 *   into `hedged`; no other outcome's pre-test does.
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

/** Below this many participating municipalities the clustered SE alone is not trusted: the bootstrap leads. */
export const FEW_TREATED = 30;

/** What the rule needs beside the outcome itself. */
export interface HeadlineContext {
  level: number;
  /** Participating (treated) municipalities with members. */
  treated: number;
  /** The outcome's own event study, if any. */
  eventStudy: EventStudyOutcomeResult | null;
}

/** A placeholder until the results are complete (evaluate fills every headline after disclosure control). */
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

/** CR1 with t(G − 1): p and interval from estimate and se (null when either is missing or G < 2). */
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
  return { reasons, rejects };
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

function shareHeadline(o: ShareOutcomeResult, ctx: HeadlineContext): Headline {
  const e: PooledEffect = o.pooled;
  if (e.estimate === null) return { ...pendingHeadline(), reasons: hiddenReason(e.problem) };
  const a = alpha(ctx.level);
  const cr1 = cr1t(e.estimate, e.se, e.clusters, ctx.level);
  const b = e.bootstrap && e.bootstrap.p !== null ? e.bootstrap : null;
  const few = ctx.treated < FEW_TREATED;
  const disagree = cr1.p !== null && b !== null && cr1.p < a !== b.p! < a;
  const pre = pretestReasons(ctx.eventStudy, ctx.level);
  const reasons: HeadlineReason[] = [];
  let lead: Pick<Headline, 'p' | 'ci_low' | 'ci_high' | 'inference'>;
  if (b !== null && (few || disagree)) {
    lead = { ci_low: b.ci_low, ci_high: b.ci_high, p: b.p, inference: 'wild-bootstrap' };
    if (few)
      reasons.push({ code: 'few-effective-clusters', value: ctx.treated, floor: FEW_TREATED });
    if (disagree) reasons.push({ code: 'inferences-disagree', p_cr1: cr1.p!, p_bootstrap: b.p! });
  } else if (cr1.p !== null) lead = { ...cr1, inference: 'cr1-t' };
  else lead = { ci_low: null, ci_high: null, p: null, inference: 'none' };
  reasons.push(...pre.reasons);
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
  // Hook: a restricted-mean (RMST) DiD with a cluster bootstrap may lead here ('rmst-bootstrap').
  const pre = pretestReasons(ctx.eventStudy, ctx.level);
  const reasons: HeadlineReason[] = [...pre.reasons];
  if (o.ph_check && o.ph_check.p !== null && o.ph_check.p < alpha(ctx.level))
    reasons.push({ code: 'ph-rejected', p: o.ph_check.p });
  const p = c.robust_p;
  return {
    estimate: c.hr,
    ci_low: c.robust_ci_low,
    ci_high: c.robust_ci_high,
    p,
    inference: p === null ? 'none' : 'cox-clustered',
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
  for (const [id, o] of Object.entries(r.outcomes)) {
    const headline = headlineFor(o, {
      level: r.inference.level,
      treated: r.data.municipalities.treated,
      eventStudy: r.eventStudy?.[id] ?? null,
    });
    outcomes[id] = { ...o, headline } as OutcomeResult;
  }
  return { ...r, outcomes };
}
