/**
 * Data shapes of the survival estimators.
 */

/** Durations and event flags, one per subject (cohort member). */
export interface SurvivalData {
  /** Duration in weeks (> 0). */
  time: Float64Array;
  /** 1 = event observed, 0 = censored. */
  event: Uint8Array;
}

/** One row of a Kaplan–Meier table at a distinct time. */
export interface KmStep {
  time: number;
  at_risk: number;
  events: number;
  censored: number;
  survival: number;
  /** Greenwood standard error of the cumulative hazard −log S (R's `std.err`). */
  se_log: number;
  /** Greenwood standard error of S. */
  se: number;
  ci_low: number | null;
  ci_high: number | null;
}

export interface KaplanMeier {
  n: number;
  events: number;
  level: number;
  steps: KmStep[];
}
