/**
 * Data shapes of the event-study estimator (docs/definitions.md, "Event
 * study over entry periods"). Input: per (municipality × entry period) sums from the
 * outcomes stage; output: plain numbers (null plus a `problem` where an
 * estimate does not exist), the report writes the words.
 */

import type { WeightKind } from '../did/wild.js';
import type { Sensitivity } from './sensitivity.js';

/**
 * Per (municipality × period) sufficient statistics of one outcome; arrays
 * indexed m·periods + p. Periods and start periods are 0-based entry-period
 * indices (design/periods); never-treated municipalities start at NEVER.
 */
export interface EventStudySums {
  /** Municipality codes (the clusters). */
  clusters: string[];
  /** Start period g of each municipality (0-based); NEVER (design/rounds) for never treated. */
  startPeriod: ArrayLike<number>;
  /** Number of entry periods P. */
  periods: number;
  /** Whether each period takes part (its entrants can be followed over the horizon). */
  used: readonly boolean[];
  /** Persons who entered in the period. */
  persons: ArrayLike<number>;
  /** Person-weeks (observations). */
  n: ArrayLike<number>;
  /** Σ y (y is 0/1). */
  sumY: ArrayLike<number>;
}

export type Comparison = 'never-treated' | 'not-yet-treated';

export interface EventStudyOptions {
  comparison: Comparison;
  level: number;
  /**
   * Bootstrap draws: the sup-t band's multiplier bootstrap and the wild bootstraps of the overall
   * effect and pre-test (0: none).
   */
  bootstrap: number;
  seed: number;
  /**
   * Weights of the wild bootstraps (the band keeps Rademacher): Webb with few participating
   * municipalities.
   */
  weights?: WeightKind;
}

/**
 * A restricted wild cluster bootstrap of one estimate (p with the null imposed, interval by test
 * inversion).
 */
export interface EventStudyBootstrap {
  p: number | null;
  ci_low: number | null;
  ci_high: number | null;
  replications: number;
  seed: number;
  weights: WeightKind;
  interval: 'test-inversion';
  problem?: string;
}

/** Carter–Schnepel–Steigerwald effective number of participating municipalities of an estimate. */
export interface EffectiveClustersResult {
  gstar: number;
  /** Participating municipalities with weight in the estimate. */
  participating: number;
  /** The largest municipality's share of the weight, and its code. */
  max_share: number;
  municipality: string;
}

/**
 * ATT(g, p) (0-based g and p) with its treated cell's persons n(g, p); the base row p = g − 1 has
 * estimate 0 and null se.
 */
export interface AttGt {
  group: number;
  period: number;
  event_time: number;
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  n: number;
  problem?: string;
}

/** ATT(e) with pointwise interval and the simultaneous (sup-t) band. */
export interface EventTimeEffect {
  e: number;
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  band_low: number | null;
  band_high: number | null;
  n: number;
  problem?: string;
}

export interface OverallEffect {
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  n: number;
  /** The restricted wild cluster bootstrap of the overall effect. */
  bootstrap?: EventStudyBootstrap;
  effective_clusters?: EffectiveClustersResult;
  problem?: string;
}

/** The Hotelling-corrected pre-test of ATT(e), e ≤ −2, and its power against a linear pre-trend. */
export interface PreTest {
  /** Wald W. */
  statistic: number | null;
  /** q, the number of tested event times. */
  df: number;
  p_chisq: number | null;
  /** Hotelling's F = (G − q)/(q(G − 1))·W on (q, G − q) df. */
  f: number | null;
  df_resid: number | null;
  clusters: number;
  /** Hotelling's F p-value, P(F(q, G − q) > f). */
  p_f?: number | null;
  /**
   * The deciding p: restricted wild cluster bootstrap of W (pre-period effects set to 0); the F p
   * before the bootstrap runs.
   */
  p: number | null;
  /** Bootstrap draws behind p. */
  replications?: number;
  /** Slopes γ of δ_e = γ(e + 1) detected with 50 % and 80 % power. */
  slope50: number | null;
  slope80: number | null;
  /** The shift of the overall effect such a γ_80 trend would cause. */
  bias80: number | null;
  problem?: string;
}

/** The sup-t band's critical value and how it was drawn. */
export interface SupTBand {
  critical: number | null;
  replications: number;
  seed: number;
  weights: 'rademacher';
  problem?: string;
}

export interface EventStudyEstimate {
  comparison: Comparison;
  /** G: municipalities with a person-week in a period that takes part. */
  clusters: number;
  att_gt: AttGt[];
  event_time: EventTimeEffect[];
  overall: OverallEffect;
  pretest: PreTest;
  /** Relative-magnitudes sensitivity of the overall effect (sensitivity.ts). */
  sensitivity: Sensitivity;
  band: SupTBand;
  /** Cell means Ȳ(g, p) with persons and person-weeks (group NEVER = never treated; 0-based). */
  cells: {
    group: number;
    period: number;
    persons: number;
    person_weeks: number;
    mean: number | null;
  }[];
}
