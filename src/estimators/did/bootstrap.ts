/**
 * Wild cluster bootstrap of the 2×2 interaction with the null imposed (WCR;
 * Cameron, Gelbach & Miller 2008; Roodman et al. 2019), on cluster × cell
 * sums: the general algebra is in wild.ts (this file states the 2×2 model as
 * per-cluster cross-products, `cellSystem`).
 *
 * p-value (symmetric): p = (1 + #{|t*| ≥ |t|}) / (1 + B), t* = d* ÷ SE*(CR1)
 * from y* = f_c + w_g·e (f the restricted, no-interaction fit). It is never
 * exactly 0, which a finite number of draws cannot justify (Davison &
 * Hinkley 1997, §4.2).
 *
 * Interval: by inverting the restricted test, {δ : p(δ) ≥ 1 − level} with
 * d = δ imposed, on the same draws (so 0 lies outside it exactly when p < 1 − level).
 * It needs B ≥ 1/(1 − level) − 1 replications (19 for 95 %).
 *
 * Weights: Rademacher, or Webb's six points when participating
 * municipalities are few (the caller decides: `weightKind`); with G
 * clusters Rademacher weights have only 2^G distinct draws.
 *
 * Draws come from a seeded mulberry32 stream, so the result is identical
 * across runs and machines for a seed.
 */
import { Matrix, solve } from 'ml-matrix';
import { didRegressors } from '../../design/cells.js';
import { type CellSums, cellTotals } from '../../design/cellsums.js';
import { clusterCounts, cr1Factor, didFromCellSums } from './cr1.js';
import { type ClusterSystem, type WeightKind, wildScalar } from './wild.js';

export interface BootstrapOptions {
  replications: number;
  seed: number;
  level?: number;
  /**
   * Rademacher (default) or Webb's six-point weights (few participating municipalities:
   * weightKind).
   */
  weights?: WeightKind;
  /** Called about 100 times during the run (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface BootstrapResult {
  p: number | null;
  ci_low: number | null;
  ci_high: number | null;
  replications: number;
  seed: number;
  weights: WeightKind;
  /** How the interval was found: inverting the restricted test on the same draws. */
  interval: 'test-inversion';
  problem?: string;
}

/** Rows (1, T, D) of the restricted model for cells 0..3. */
const RESTRICTED_ROWS = [
  [1, 0, 0],
  [1, 0, 1],
  [1, 1, 0],
  [1, 1, 1],
];

/**
 * Fitted value per cell of the restricted (no-interaction) model, by least squares on cell means
 * weighted by cell sizes.
 */
export function restrictedFit(nCell: number[], mean: number[]): number[] {
  const xtx = Matrix.zeros(3, 3);
  const xty = Matrix.zeros(3, 1);
  for (let c = 0; c < 4; c++) {
    const r = RESTRICTED_ROWS[c];
    for (let i = 0; i < 3; i++) {
      xty.set(i, 0, xty.get(i, 0) + nCell[c] * r[i] * mean[c]);
      for (let j = 0; j < 3; j++) xtx.set(i, j, xtx.get(i, j) + nCell[c] * r[i] * r[j]);
    }
  }
  const beta = solve(xtx, xty).to1DArray();
  return RESTRICTED_ROWS.map((r) => r[0] * beta[0] + r[1] * beta[1] + r[2] * beta[2]);
}

/**
 * Index into the sorted B statistics of the critical value c* ((B + 1) convention); −1 when B is
 * too small.
 */
export function bootstrapCriticalIndex(B: number, level: number): number {
  // The epsilon keeps e.g. 0.05·1000 = 50.000000000000004 or 0.1·200 = 19.999999999999996 on the
  // right integer.
  const beyond = Math.floor((1 - level) * (B + 1) + 1e-9);
  return beyond >= 1 ? B - beyond : -1;
}

/**
 * The 2×2 model y = a + b·T + c·D + d·T·D as per-cluster cross-products of the cell sums (K = 4),
 * with the CR1 factor.
 */
export function cellSystem(s: CellSums): ClusterSystem {
  const G = s.clusters.length;
  const K = 4;
  const A = new Float64Array(G * K * K);
  const b = new Float64Array(G * K);
  const t = cellTotals(s);
  const N = t.n[0] + t.n[1] + t.n[2] + t.n[3];
  for (let g = 0; g < G; g++) {
    for (let c = 0; c < 4; c++) {
      const n = s.n[4 * g + c];
      if (!(n > 0)) continue;
      const x = [1, ...didRegressors(c)];
      for (let i = 0; i < K; i++) {
        b[g * K + i] += x[i] * s.sumY[4 * g + c];
        for (let j = 0; j < K; j++) A[g * K * K + i * K + j] += n * x[i] * x[j];
      }
    }
  }
  return { G, K, A, b, factor: cr1Factor(clusterCounts(s).all, N) };
}

/** The interaction's coefficient vector R in the cell system. */
export const INTERACTION = [0, 0, 0, 1];

/**
 * The wild cluster restricted bootstrap of the interaction (src/estimators/did/wild.ts):
 * p with d = 0 imposed, interval by test inversion on the same draws.
 */
export function wildClusterBootstrap(s: CellSums, opts: BootstrapOptions): BootstrapResult {
  const level = opts.level ?? 0.95;
  const B = opts.replications;
  const weights = opts.weights ?? 'rademacher';
  const base = {
    replications: B,
    seed: opts.seed,
    weights,
    interval: 'test-inversion' as const,
  };
  const none = (problem: string): BootstrapResult => ({
    p: null,
    ci_low: null,
    ci_high: null,
    ...base,
    problem,
  });
  const original = didFromCellSums(s, level);
  if (original.estimate === null || original.se === null)
    return none(original.problem ?? 'the estimate has no standard error');
  if (!Number.isInteger(B) || B < 1) return none('no bootstrap replications requested');
  const w = wildScalar(cellSystem(s), INTERACTION, {
    replications: B,
    seed: opts.seed,
    weights,
    level,
    onProgress: opts.onProgress,
  });
  if (w === null) return none('the model has no clustered standard error');
  return {
    p: w.p,
    ci_low: w.ci_low,
    ci_high: w.ci_high,
    ...base,
    ...(w.problem ? { problem: w.problem } : {}),
  };
}
