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
 * sandwich::vcovCL(type = "HC1", cadjust = TRUE). O(G) for any N.
 */

import { CELL_NAMES, DID_SIGN } from '../../design/cells.js';
import { type CellSums, cellTotals } from '../../design/cellsums.js';
import { twoSidedP, zCritical } from '../normal.js';
import type { CellDidEstimate, CellShare } from './types.js';

/** Parameters of the saturated model. */
const K = 4;
/** Relative size below which a sum of squares is rounding noise, not variation. */
export const ROUNDING = 1e-12;

/** Throws on arrays that do not have 4 entries per cluster: a programming error, not bad data. */
export function checkCellSums(s: CellSums): void {
  const len = 4 * s.clusters.length;
  if (s.n.length !== len || s.sumY.length !== len || s.sumYY.length !== len) {
    throw new Error(
      `CellSums arrays must have length 4·G = ${len} (got n ${s.n.length}, ` +
        `sumY ${s.sumY.length}, sumYY ${s.sumYY.length})`,
    );
  }
}

/**
 * Clusters with any observation, with any treated observation, with any comparison observation, and
 * per cell.
 */
export function clusterCounts(s: CellSums): {
  all: number;
  treated: number;
  comparison: number;
  perCell: number[];
} {
  let all = 0;
  let treated = 0;
  let comparison = 0;
  const perCell = [0, 0, 0, 0];
  for (let g = 0; g < s.clusters.length; g++) {
    const b = 4 * g;
    for (let c = 0; c < 4; c++) if (s.n[b + c] > 0) perCell[c]++;
    const nt = s.n[b + 2] + s.n[b + 3];
    const nc = s.n[b] + s.n[b + 1];
    if (nc + nt > 0) all++;
    if (nt > 0) treated++;
    if (nc > 0) comparison++;
  }
  return { all, treated, comparison, perCell };
}

/** Σ_g u_g² for the interaction, given cell means and cell sizes. */
export function scoreSquares(s: CellSums, mean: number[], nCell: number[]): number {
  let total = 0;
  for (let g = 0; g < s.clusters.length; g++) {
    const b = 4 * g;
    let u = 0;
    for (let c = 0; c < 4; c++) {
      const n = s.n[b + c];
      if (n > 0) u += (DID_SIGN[c] * (s.sumY[b + c] - n * mean[c])) / nCell[c];
    }
    total += u * u;
  }
  return total;
}

/** The CR1 small-sample factor G/(G−1) · (N−1)/(N−K). */
export function cr1Factor(G: number, N: number, k = K): number {
  return (G / (G - 1)) * ((N - 1) / (N - k));
}

/**
 * Within-cell sum of squared deviations Σ(y − ȳ_c)² = Σy² − (Σy)²/n, with
 * rounding noise (e.g. a constant non-integer outcome) set to exactly 0.
 */
export function withinSquares(n: number, sumY: number, sumYY: number): number {
  if (n <= 0) return 0;
  const ss = sumYY - (sumY * sumY) / n;
  return ss > ROUNDING * Math.abs(sumYY) ? ss : 0;
}

/** Independent-observations variance of d: Σ_c var_c / n_c with var_c = Σ(y − ȳ_c)²/n_c (HC0). */
export function naiveVariance(n: number[], sumY: number[], sumYY: number[]): number {
  let v = 0;
  for (let c = 0; c < 4; c++) v += withinSquares(n[c], sumY[c], sumYY[c]) / (n[c] * n[c]);
  return v;
}

/** Cells as {n, share}, index = Cell. */
export function cellShares(n: number[], sumY: number[]): CellShare[] {
  return n.map((k, c) => ({ n: k, share: k > 0 ? sumY[c] / k : null }));
}

/**
 * Why CR1 would ignore part of the sampling variation: a cell (or a whole
 * side) has observations from one cluster only. Null when every cell has two or more.
 */
function singleClusterCells(
  perCell: number[],
  names: readonly string[],
  unit: string,
): string | null {
  const parts: string[] = [];
  for (const [a, b] of [
    [0, 1],
    [2, 3],
  ]) {
    const side = names[a].split('·')[0];
    if (perCell[a] === 1 && perCell[b] === 1 && names[b].startsWith(`${side}·`)) parts.push(side);
    else for (const c of [a, b]) if (perCell[c] === 1) parts.push(names[c]);
  }
  if (parts.length === 0) return null;
  return parts
    .map((p, i) => `only one ${i === 0 ? `${unit} ` : ''}has ${p} observations`)
    .join(', and ');
}

/**
 * The DiD with CR1 inference, with the cell names used in messages (the
 * pre-trend check reuses it on early/late halves instead of cohorts).
 */
export function cellDid(
  s: CellSums,
  level: number,
  where: string | undefined,
  names: readonly string[],
): CellDidEstimate {
  checkCellSums(s);
  const at = where ? ` ${where}` : '';
  const t = cellTotals(s);
  const N = t.n[0] + t.n[1] + t.n[2] + t.n[3];
  const counts = clusterCounts(s);
  const G = counts.all;
  const cells = cellShares(t.n, t.sumY);
  const base = { n: N, clusters: G, cells };
  const empty = t.n.findIndex((n) => !(n > 0));
  if (empty >= 0) {
    return {
      estimate: null,
      se: null,
      ci_low: null,
      ci_high: null,
      p: null,
      se_naive: null,
      ...base,
      problem: `no ${names[empty]} observations${at}`,
    };
  }
  const mean = t.n.map((n, c) => t.sumY[c] / n);
  const estimate = mean[3] - mean[2] - mean[1] + mean[0];
  const vNaive = naiveVariance(t.n, t.sumY, t.sumYY);
  const seNaive = vNaive > 0 ? Math.sqrt(vNaive) : null;
  const noSe = (problem: string): CellDidEstimate => ({
    estimate,
    se: null,
    ci_low: null,
    ci_high: null,
    p: null,
    se_naive: seNaive,
    ...base,
    problem: `${problem}${at}`,
  });

  if (G < 2)
    return noSe(
      'only one municipality has observations, and a municipality-clustered ' +
        'standard error needs at least two',
    );
  const single = singleClusterCells(counts.perCell, names, 'municipality');
  if (single) {
    // Its residuals sum to zero within the cell, so CR1 would silently leave that cell's sampling
    // variation out.
    return noSe(
      `${single}: a municipality-clustered standard error would ignore ` +
        `that municipality's own variation`,
    );
  }
  if (N <= K) return noSe('too few observations for the four-cell model');
  if (vNaive === 0)
    return noSe(
      'the outcome does not vary within any cell (for example it is 0 for ' +
        'everyone), so there is no sampling variation to estimate',
    );
  const variance = cr1Factor(G, N) * scoreSquares(s, mean, t.n);
  // Exactly zero in theory when every municipality has the overall cell means; rounding leaves
  // dust.
  if (!(variance > ROUNDING * vNaive))
    return noSe('the clustered variance is zero: every municipality has the same cell means');
  const se = Math.sqrt(variance);
  const z = zCritical(level);
  return {
    estimate,
    se,
    ci_low: estimate - z * se,
    ci_high: estimate + z * se,
    p: twoSidedP(estimate / se),
    se_naive: seNaive,
    ...base,
  };
}

/**
 * The interaction coefficient of y = a + b·T + c·D + d·T·D with CR1
 * inference (clustered by municipality), from cluster × cell sums. The
 * weekly effect is this on one week's sums; the pooled effect is this on
 * sums accumulated over the pooled weeks. `where` (e.g. "in week 12") is
 * appended to a problem message.
 *
 * Degenerate input gives null fields and a `problem`, never NaN: an empty
 * cell (no estimate); one municipality overall or in some cell, or no
 * within-cell variation (an estimate without standard error).
 */
export function didFromCellSums(s: CellSums, level = 0.95, where?: string): CellDidEstimate {
  return cellDid(s, level, where, CELL_NAMES);
}
