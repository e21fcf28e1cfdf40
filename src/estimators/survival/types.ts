/**
 * Data and result shapes of the survival estimators. Every estimator returns
 * plain data (numbers, arrays, null for "not available"); plotting and
 * formatting live elsewhere.
 */

/** Durations and event flags, one per subject (cohort member). */
export interface SurvivalData {
  /** Duration in weeks (> 0; any finite non-negative number is accepted). */
  time: Float64Array;
  /** 1 = event observed, 0 = censored. */
  event: Uint8Array;
}

/** A chi-square test statistic. */
export interface ChiSquareTest {
  chisq: number;
  df: number;
  p: number;
}

/** One row of a Kaplan–Meier table, at a distinct observed time. */
export interface KmStep {
  time: number;
  /** Subjects with time ≥ this time. */
  at_risk: number;
  events: number;
  censored: number;
  /** S(t), including the events at t. */
  survival: number;
  /** Greenwood standard error of −log S (R's `std.err`). */
  se_log: number;
  /** Greenwood standard error of S (= S · se_log). */
  se: number;
  /** Log-log interval; null where it is undefined (S = 0, as R's NA). */
  ci_low: number | null;
  ci_high: number | null;
}

export interface KaplanMeier {
  n: number;
  events: number;
  level: number;
  steps: KmStep[];
  /** Set when the curve carries no information (no subjects, or no events). */
  problem?: string;
}

/** One week of the weekly grid the report plots and writes. */
export interface KmWeek {
  week: number;
  /** Subjects still at risk at the start of the week (time > week − 1). */
  at_risk: number;
  /** Events and censorings with time in (week − 1, week]. */
  events: number;
  censored: number;
  survival: number;
  ci_low: number | null;
  ci_high: number | null;
}

export interface LogRank extends ChiSquareTest {
  /** Observed and expected events per group id 0..k−1. */
  observed: number[];
  expected: number[];
}

export type Ties = 'efron' | 'breslow';

export interface CoxOptions {
  /** Tie handling; Efron (R's default) unless told otherwise. */
  ties?: Ties;
  /** Cluster id per subject: adds the robust (grouped sandwich) variance. */
  cluster?: Int32Array;
  /** Newton–Raphson iterations after the start (R's iter.max, default 20). */
  maxIter?: number;
  /** Convergence when |1 − loglik_old / loglik_new| ≤ tol (R's eps, default 1e-9). */
  tol?: number;
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
}

/**
 * A fitted Cox model. Per-term arrays follow `names`. A coefficient that
 * cannot be estimated (constant or collinear covariate, or no events) is
 * null throughout. A coefficient that runs away (perfect separation) keeps
 * its last iterate in `coef`/`se`, is marked in `infinite`, and reports
 * hr = Infinity (coefficient → +∞) or 0 (→ −∞) with null interval and p.
 */
export interface CoxFit {
  names: string[];
  ties: Ties;
  coef: (number | null)[];
  /** Model-based standard error (inverse information). */
  se: (number | null)[];
  /** Robust standard error, clustered when `cluster` was given; else null. */
  robust_se: (number | null)[] | null;
  hr: (number | null)[];
  ci_low: (number | null)[];
  ci_high: (number | null)[];
  /** Two-sided Wald p-value with the model-based SE. */
  p: (number | null)[];
  infinite: boolean[];
  /** Log partial likelihood at β = 0 and at the estimate. */
  loglik: [number, number];
  /** Tests of all estimable coefficients together (R: print/summary of coxph). */
  lrt: ChiSquareTest | null;
  /** Score test at β = 0 (R's "Score (logrank) test"). */
  score: ChiSquareTest | null;
  /** Wald test with the model-based variance. */
  wald: ChiSquareTest | null;
  iterations: number;
  converged: boolean;
  n: number;
  events: number;
  /** Model-based variance matrix (rows/columns of non-estimable terms are 0). */
  vcov: number[][];
  problem?: string;
}

/** The difference-in-differences Cox model: the effect is the treated·during hazard ratio. */
export interface CoxDiD {
  hr: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  se_log_hr: number | null;
  robust_se_log_hr: number | null;
  robust_ci_low: number | null;
  robust_ci_high: number | null;
  robust_p: number | null;
  /** Implied change in mean duration, 1 − 1/HR (1 when HR = ∞, −∞ when HR = 0). */
  duration_change: number | null;
  fit: CoxFit;
  problem?: string;
}

export type ZphTransform = 'km' | 'identity' | 'log' | 'rank';

/** Proportional-hazards test (R's cox.zph, survival ≥ 3.0). */
export interface PhTest {
  transform: ZphTransform;
  /**
   * Per term: the score test for adding x·g(t); rho is the correlation of the
   * scaled Schoenfeld residuals with g(t) (R < 3.0 printed it; sign = direction
   * of the drift of the effect over time).
   */
  terms: { term: string; rho: number; chisq: number; df: number; p: number }[];
  global: ChiSquareTest;
}
