/**
 * What the placebo distribution says about one treated municipality's
 * effect d_m (docs/definitions.md, "Variation between municipalities"):
 *  - the permutation p-value (1 + #{c: |d_c| ≥ |d_m|}) / (1 + C);
 *  - the Conley–Taber-style interval [d_m − q(1 − α/2), d_m − q(α/2)],
 *    α = 1 − level, q the quantiles of the placebo estimates (R's type 7).
 * Both say how unusual d_m is among municipalities, which the
 * within-municipality sampling interval cannot.
 */

import { alpha } from '../normal.js';

/**
 * R's quantile(x, p, type = 7) of already sorted values: linear interpolation between order
 * statistics at h = (n − 1)·p.
 */
export function quantileType7(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Ascending copy. */
export function sortedValues(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** (1 + #{c: |d_c| ≥ |d_m|}) / (1 + C), as docs/definitions.md writes it. */
export function placeboPValue(estimate: number, placebo: readonly number[]): number {
  const a = Math.abs(estimate);
  let k = 0;
  for (const d of placebo) if (Math.abs(d) >= a) k++;
  return (1 + k) / (1 + placebo.length);
}

/**
 * [d_m − q(1 − α/2), d_m − q(α/2)] with α = 1 − level; `sorted` the placebo estimates in ascending
 * order.
 */
export function conleyTaberInterval(
  estimate: number,
  sorted: readonly number[],
  level: number,
): { low: number; high: number } {
  const a = alpha(level);
  return {
    low: estimate - quantileType7(sorted, 1 - a / 2),
    high: estimate - quantileType7(sorted, a / 2),
  };
}
