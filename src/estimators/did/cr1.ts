/**
 * The 2×2 difference-in-differences from cluster × cell sums, with
 * cluster-robust (CR1) standard errors — no design matrix.
 *
 * In the saturated model y = a + b·T + c·D + d·T·D the OLS coefficients are
 * functions of the four cell means, d = ȳ₃ − ȳ₂ − ȳ₁ + ȳ₀, and the row of
 * (X'X)⁻¹X' that gives d weighs an observation in cell c by s_c / N_c with
 * s = (+1, −1, −1, +1). Residuals are y − ȳ_c, so cluster g's score for d is
 *   u_g = Σ_c s_c (Σ_{i∈g,c} y_i − n_gc ȳ_c) / N_c,
 * and V_CR1(d) = G/(G−1) · (N−1)/(N−K) · Σ_g u_g²  (K = 4), as
 * sandwich::vcovCL(type = "HC1", cadjust = TRUE).
 */
import { twoSidedP, zCritical } from '../normal.js';
import type { CellSums, DidEstimate } from './types.js';

/** Sign of each cell in the interaction: (+ComparisonBefore, −ComparisonDuring, −TreatedBefore, +TreatedDuring). */
export const SIGN = [1, -1, -1, 1] as const;
const CELL_NAME = ['comparison·before', 'comparison·during', 'treated·before', 'treated·during'];
const K = 4;

/** Totals per cell: observations, Σy, Σy². */
export function cellTotals(s: CellSums): { n: number[]; sumY: number[]; sumYY: number[] } {
  const n = [0, 0, 0, 0];
  const sumY = [0, 0, 0, 0];
  const sumYY = [0, 0, 0, 0];
  for (let i = 0; i < s.n.length; i++) {
    const c = i & 3;
    n[c] += s.n[i];
    sumY[c] += s.sumY[i];
    sumYY[c] += s.sumYY[i];
  }
  return { n, sumY, sumYY };
}

/** Clusters with any observation, and those with any treated observation. */
export function clusterCounts(s: CellSums): { all: number; treated: number } {
  let all = 0;
  let treated = 0;
  for (let g = 0; g < s.clusters.length; g++) {
    const b = 4 * g;
    const nt = s.n[b + 2] + s.n[b + 3];
    if (s.n[b] + s.n[b + 1] + nt > 0) all++;
    if (nt > 0) treated++;
  }
  return { all, treated };
}

/** Σ_g u_g² for the interaction, given cell means. */
export function scoreSquares(s: CellSums, mean: number[], nCell: number[]): number {
  let total = 0;
  for (let g = 0; g < s.clusters.length; g++) {
    const b = 4 * g;
    let u = 0;
    for (let c = 0; c < 4; c++) {
      const n = s.n[b + c];
      if (n > 0) u += (SIGN[c] * (s.sumY[b + c] - n * mean[c])) / nCell[c];
    }
    total += u * u;
  }
  return total;
}

/** The CR1 small-sample factor G/(G−1) · (N−1)/(N−K). */
export function cr1Factor(G: number, N: number, k = K): number {
  return (G / (G - 1)) * ((N - 1) / (N - k));
}

/** The interaction coefficient with CR1 inference from cluster × cell sums. */
export function didFromCellSums(s: CellSums, level = 0.95): DidEstimate {
  const t = cellTotals(s);
  const N = t.n[0] + t.n[1] + t.n[2] + t.n[3];
  const { all: G, treated: Gt } = clusterCounts(s);
  const empty = t.n.findIndex((n) => n === 0);
  const base = { n: N, clusters: G };
  if (empty >= 0) {
    return { estimate: null, se: null, ci_low: null, ci_high: null, p: null, se_naive: null, ...base, problem: `no ${CELL_NAME[empty]} observations` };
  }
  const mean = t.n.map((n, c) => t.sumY[c] / n);
  const estimate = mean[3] - mean[2] - mean[1] + mean[0];
  // Classical OLS SE: pooled residual variance σ² = RSS/(N−K), Var(d) = σ² Σ 1/N_c.
  let rss = 0;
  for (let c = 0; c < 4; c++) rss += t.sumYY[c] - t.n[c] * mean[c] * mean[c];
  const seNaive = N > K ? Math.sqrt((Math.max(rss, 0) / (N - K)) * (1 / t.n[0] + 1 / t.n[1] + 1 / t.n[2] + 1 / t.n[3])) : null;

  const noSe = (problem: string): DidEstimate => ({ estimate, se: null, ci_low: null, ci_high: null, p: null, se_naive: seNaive, ...base, problem });
  if (G < 2) return noSe('fewer than two municipalities: a clustered standard error needs at least two');
  if (Gt < 2) return noSe('only one participating municipality: its residuals sum to zero within each cell, so a municipality-clustered standard error would ignore its variation; see the per-municipality and bootstrap results instead');
  if (N <= K) return noSe('too few observations for the model');
  const variance = cr1Factor(G, N) * scoreSquares(s, mean, t.n);
  if (!(variance > 0)) {
    return noSe(rss <= 0 ? 'no variation in the outcome (every observation has the same value)' : 'zero clustered variance');
  }
  const se = Math.sqrt(variance);
  const z = zCritical(level);
  return { estimate, se, ci_low: estimate - z * se, ci_high: estimate + z * se, p: twoSidedP(estimate / se), se_naive: seNaive, ...base };
}
