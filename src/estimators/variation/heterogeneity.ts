/**
 * Is the variation between municipalities more than noise? (docs/definitions.md,
 * "Variation between municipalities"). From the M treated municipalities'
 * effects d_m and their standard errors SE_m:
 *  - Cochran's Q = Σ w_m (d_m − d̄)², w_m = 1/SE_m², d̄ = Σ w d / Σ w, with
 *    its χ²(M − 1) p-value;
 *  - I² = max(0, (Q − (M − 1))/Q), the share of the spread beyond chance
 *    (a fraction);
 *  - the DerSimonian–Laird τ² = max(0, (Q − (M − 1)) / (Σw − Σw²/Σw)), the
 *    variance of the true municipality effects;
 *  - shrunken (empirical Bayes) effects d̄* + B_m (d_m − d̄*), B_m =
 *    τ²/(τ² + SE_m²), d̄* = the mean weighted by 1/(SE_m² + τ²).
 * As metafor::rma(yi = d, sei = SE, method = "DL") and blup().
 */
import { chiSquareUpper } from '../distributions.js';

export interface Heterogeneity {
  q: number;
  df: number;
  /** P(χ²(df) > q). */
  p: number;
  i2: number;
  tau2: number;
  /** d̄*, the τ²-weighted mean (weights 1/(SE² + τ²)). */
  mean: number;
  /** The inverse-variance (fixed-effect) mean d̄ used in Q. */
  fixed_mean: number;
  /** Shrunken effects, in the order of the input. */
  shrunk: number[];
  shrunk_min: number;
  shrunk_max: number;
}

/** Σ w_m d_m / Σ w_m. */
export function weightedMean(d: readonly number[], w: readonly number[]): number {
  let sw = 0;
  let swd = 0;
  for (let i = 0; i < d.length; i++) {
    sw += w[i];
    swd += w[i] * d[i];
  }
  return swd / sw;
}

/**
 * Cochran's Q with inverse-variance weights; also returns the weights' sums DerSimonian–Laird
 * needs.
 */
export function cochranQ(
  d: readonly number[],
  se: readonly number[],
): { q: number; mean: number; sumW: number; sumW2: number } {
  const w = se.map((s) => 1 / (s * s));
  const mean = weightedMean(d, w);
  let q = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (let i = 0; i < d.length; i++) {
    q += w[i] * (d[i] - mean) ** 2;
    sumW += w[i];
    sumW2 += w[i] * w[i];
  }
  return { q, mean, sumW, sumW2 };
}

/** I² = max(0, (Q − df)/Q); 0 when Q = 0. */
export function iSquared(q: number, df: number): number {
  return q > 0 ? Math.max(0, (q - df) / q) : 0;
}

/** DerSimonian–Laird τ² = max(0, (Q − df) / (Σw − Σw²/Σw)). */
export function tau2DerSimonianLaird(q: number, df: number, sumW: number, sumW2: number): number {
  return Math.max(0, (q - df) / (sumW - sumW2 / sumW));
}

/** Empirical-Bayes effects d̄* + τ²/(τ² + SE_m²)·(d_m − d̄*); every one equals d̄* when τ² = 0. */
export function shrink(
  d: readonly number[],
  se: readonly number[],
  tau2: number,
  mean: number,
): number[] {
  return d.map((x, i) => mean + (tau2 / (tau2 + se[i] * se[i])) * (x - mean));
}

/**
 * All of the above for M ≥ 2 effects with positive standard errors; null
 * otherwise (the caller says why in words).
 */
export function heterogeneity(d: readonly number[], se: readonly number[]): Heterogeneity | null {
  const M = d.length;
  if (
    M < 2 ||
    se.length !== M ||
    !se.every((s) => s > 0 && Number.isFinite(s)) ||
    !d.every(Number.isFinite)
  )
    return null;
  const df = M - 1;
  const c = cochranQ(d, se);
  const tau2 = tau2DerSimonianLaird(c.q, df, c.sumW, c.sumW2);
  const mean = weightedMean(
    d,
    se.map((s) => 1 / (s * s + tau2)),
  );
  const shrunk = shrink(d, se, tau2, mean);
  return {
    q: c.q,
    df,
    p: chiSquareUpper(c.q, df),
    i2: iSquared(c.q, df),
    tau2,
    mean,
    fixed_mean: c.mean,
    shrunk,
    shrunk_min: Math.min(...shrunk),
    shrunk_max: Math.max(...shrunk),
  };
}
