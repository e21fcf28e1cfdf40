/**
 * The paired t-test, as R's `t.test(follow, start, paired = TRUE)`: on the
 * differences d = follow − start (n of them), mean d̄, standard error
 * s/√n, t = d̄ / (s/√n) with n − 1 degrees of freedom, two-sided p, and the
 * interval d̄ ± t_{(1+level)/2, n−1}·s/√n at the spec's level.
 */
import { fQuantile, studentTTwoSided } from '../distributions.js';

export interface PairedTTest {
  n: number;
  /** Mean difference (follow-up − start). */
  mean: number | null;
  se: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
  ci_low: number | null;
  ci_high: number | null;
  problem: string | null;
}

/** t_{(1+level)/2, df}: the two-sided critical value, as the square root of F_{level}(1, df). */
export function tCritical(level: number, df: number): number {
  return Math.sqrt(fQuantile(level, 1, df));
}

/** The two-sided paired t-test of `differences` against 0, with an interval at `level`. */
export function pairedTTest(differences: readonly number[], level: number): PairedTTest {
  const n = differences.length;
  const none = { n, mean: null, se: null, t: null, df: null, p: null, ci_low: null, ci_high: null };
  if (n === 0) return { ...none, problem: 'no respondent answered at both waves' };
  let sum = 0;
  for (const d of differences) sum += d;
  const mean = sum / n;
  if (n < 2) return { ...none, mean, problem: 'only one respondent answered at both waves' };
  let ss = 0;
  for (const d of differences) ss += (d - mean) * (d - mean);
  const se = Math.sqrt(ss / (n - 1) / n);
  // R stops with "data are essentially constant" at this threshold.
  if (se < 10 * Number.EPSILON * Math.abs(mean) || se === 0) {
    return {
      ...none,
      mean,
      se,
      problem: 'every respondent changed by the same amount (no variation to test against)',
    };
  }
  const t = mean / se;
  const df = n - 1;
  const p = studentTTwoSided(t, df);
  const q = tCritical(level, df);
  return { n, mean, se, t, df, p, ci_low: mean - q * se, ci_high: mean + q * se, problem: null };
}
