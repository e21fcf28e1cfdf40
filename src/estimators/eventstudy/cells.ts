/**
 * Stage 1 of the event study (as R's `did::att_gt` starts): the cells
 * (g, p) — start period × entry period, over the periods that take part —
 * their means Ȳ(g, p) = Σ y / N, and each municipality's contribution to
 * every cell mean's estimation error, U_mj = Σ_{i∈m,j} (y_i − Ȳ_j) / N_j
 * = (Σy_mj − N_mj·Ȳ_j) / N_j. Every estimate is a linear combination Σ c_j Ȳ_j,
 * so its cluster score is S_m = Σ_j c_j U_mj and the cluster-robust
 * covariance is G/(G−1)·Σ_m S_m S_m′ — no person-level pass.
 */
import { NEVER } from '../../design/rounds.js';
import type { EventStudySums } from './types.js';

export interface CellTable {
  /** Distinct groups: start periods ascending, then NEVER (never treated). */
  groups: number[];
  periods: number;
  used: readonly boolean[];
  /**
   * Per cell j = groupIndex·P + p: persons, person-weeks, Σy, mean (NaN when N = 0 or p not used).
   */
  persons: Float64Array;
  weeks: Float64Array;
  sumY: Float64Array;
  mean: Float64Array;
  /** The municipalities with a person-week in a period that takes part (G of them). */
  clusters: number[];
  /** Group index of each of those municipalities. */
  groupOf: Int32Array;
  /** U, G × P: U[k·P + p] is cluster k's contribution to its own group's cell (g_k, p). */
  influence: Float64Array;
}

/** Cell index of (group index, period). */
export function cellOf(t: CellTable, groupIndex: number, period: number): number {
  return groupIndex * t.periods + period;
}

/** Build the cells, their means and the per-municipality influence on each mean. */
export function cellTable(s: EventStudySums): CellTable {
  const P = s.periods;
  const starts = [...new Set(Array.from(s.startPeriod).filter((g) => g !== NEVER))].sort(
    (a, b) => a - b,
  );
  const groups = [...starts, NEVER];
  const gIndex = new Map(groups.map((g, i) => [g, i]));
  const J = groups.length * P;
  const persons = new Float64Array(J);
  const weeks = new Float64Array(J);
  const sumY = new Float64Array(J);
  const clusters: number[] = [];
  for (let m = 0; m < s.clusters.length; m++) {
    const gi = gIndex.get(s.startPeriod[m])!;
    let any = false;
    for (let p = 0; p < P; p++) {
      const i = m * P + p;
      persons[gi * P + p] += s.persons[i];
      if (!s.used[p]) continue;
      weeks[gi * P + p] += s.n[i];
      sumY[gi * P + p] += s.sumY[i];
      if (s.n[i] > 0) any = true;
    }
    if (any) clusters.push(m);
  }
  const mean = new Float64Array(J);
  for (let j = 0; j < J; j++) mean[j] = s.used[j % P] && weeks[j] > 0 ? sumY[j] / weeks[j] : NaN;
  const G = clusters.length;
  const groupOf = new Int32Array(G);
  const influence = new Float64Array(G * P);
  clusters.forEach((m, k) => {
    const gi = gIndex.get(s.startPeriod[m])!;
    groupOf[k] = gi;
    for (let p = 0; p < P; p++) {
      const j = gi * P + p;
      if (!(weeks[j] > 0) || !s.used[p]) continue;
      const i = m * P + p;
      influence[k * P + p] = (s.sumY[i] - s.n[i] * mean[j]) / weeks[j];
    }
  });
  return {
    groups,
    periods: P,
    used: s.used,
    persons,
    weeks,
    sumY,
    mean,
    clusters,
    groupOf,
    influence,
  };
}

/**
 * Cluster scores S (G × K) of K linear combinations of the cell means
 * (coefficients c[k], each of length groups·P): S_mk = Σ_p c_k(g_m, p)·U_mp.
 */
export function clusterScores(t: CellTable, c: Float64Array[]): Float64Array {
  const G = t.clusters.length;
  const K = c.length;
  const P = t.periods;
  const S = new Float64Array(G * K);
  for (let m = 0; m < G; m++) {
    const base = t.groupOf[m] * P;
    for (let k = 0; k < K; k++) {
      const ck = c[k];
      let v = 0;
      for (let p = 0; p < P; p++) {
        const cj = ck[base + p];
        if (cj !== 0) v += cj * t.influence[m * P + p];
      }
      S[m * K + k] = v;
    }
  }
  return S;
}

/** The cluster-robust covariance G/(G−1)·Σ_m S_m S_m′ (K × K, row-major) of scores S (G × K). */
export function clusterCovariance(S: Float64Array, G: number, K: number): Float64Array {
  const V = new Float64Array(K * K);
  const f = G / (G - 1);
  for (let m = 0; m < G; m++) {
    for (let a = 0; a < K; a++) {
      const sa = S[m * K + a];
      if (sa === 0) continue;
      for (let b = a; b < K; b++) V[a * K + b] += sa * S[m * K + b];
    }
  }
  for (let a = 0; a < K; a++) {
    for (let b = a; b < K; b++) {
      V[a * K + b] *= f;
      V[b * K + a] = V[a * K + b];
    }
  }
  return V;
}
