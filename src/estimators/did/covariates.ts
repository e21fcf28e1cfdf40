/**
 * The pooled DiD with additive covariates, CR1 by municipality.
 *
 * Rows are persons with m person-weeks each (the covariates are constant
 * within a person), so X'X = Σ m_i x_i x_i' and X'y = Σ x_i Σ_t y_it, and
 * cluster g's score is X_g'y_g − (X_g'X_g) β. One pass accumulates these
 * K×K and K-vectors per cluster; no person-week design matrix is built.
 */
import { Matrix, inverse } from 'ml-matrix';
import { twoSidedP, zCritical } from '../normal.js';
import { cr1Factor } from './cr1.js';
import type { CovariateColumn, DidEstimate, PersonRows } from './types.js';

export interface AdjustedEstimate extends DidEstimate {
  covariates: { term: string; estimate: number | null; se: number | null }[];
  /** Persons (with pooled person-weeks) left out for a missing covariate. */
  excluded_missing: number;
}

interface Term {
  name: string;
  /** Value of the term for row i (NaN = missing). */
  value: (i: number) => number;
}

/** Design terms of the covariates: numeric as they are; text as indicators against the most frequent level. */
export function covariateTerms(cols: CovariateColumn[]): Term[] {
  const terms: Term[] = [];
  for (const col of cols) {
    if (col.kind === 'numeric') {
      const v = col.values;
      terms.push({ name: col.name, value: (i) => v[i] });
      continue;
    }
    const counts = new Map<string, number>();
    for (const v of col.values) if (v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
    const levels = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([l]) => l);
    const values = col.values;
    for (const level of levels.slice(1)) {
      terms.push({ name: `${col.name}=${level}`, value: (i) => (values[i] === '' ? NaN : values[i] === level ? 1 : 0) });
    }
  }
  return terms;
}

export function didWithCovariates(rows: PersonRows, level = 0.95): AdjustedEstimate {
  const terms = covariateTerms(rows.covariates);
  const K = 4 + terms.length;
  const G = rows.clusters.length;
  const xtx = new Float64Array(K * K);
  const perXtx = new Float64Array(G * K * K);
  const perXty = new Float64Array(G * K);
  const used = new Uint8Array(G);
  const x = new Float64Array(K);
  let N = 0;
  let sumYY = 0;
  let excluded = 0;
  const nRows = rows.cell.length;
  for (let i = 0; i < nRows; i++) {
    const m = rows.weight[i];
    if (m <= 0) continue;
    const cell = rows.cell[i];
    const T = cell >= 2 ? 1 : 0;
    const D = cell & 1;
    x[0] = 1;
    x[1] = T;
    x[2] = D;
    x[3] = T * D;
    let missing = false;
    for (let k = 0; k < terms.length; k++) {
      const v = terms[k].value(i);
      if (Number.isNaN(v)) {
        missing = true;
        break;
      }
      x[4 + k] = v;
    }
    if (missing) {
      excluded++;
      continue;
    }
    const g = rows.cluster[i];
    used[g] = 1;
    N += m;
    sumYY += rows.sumYY[i];
    const y = rows.sumY[i];
    const bx = g * K * K;
    for (let a = 0; a < K; a++) {
      perXty[g * K + a] += x[a] * y;
      for (let b = 0; b < K; b++) perXtx[bx + a * K + b] += m * x[a] * x[b];
    }
  }
  for (let g = 0; g < G; g++) for (let j = 0; j < K * K; j++) xtx[j] += perXtx[g * K * K + j];
  const xty = new Float64Array(K);
  for (let g = 0; g < G; g++) for (let a = 0; a < K; a++) xty[a] += perXty[g * K + a];
  const Gused = used.reduce((a, b) => a + b, 0);
  const empty = { estimate: null, se: null, ci_low: null, ci_high: null, p: null, se_naive: null, n: N, clusters: Gused, covariates: terms.map((t) => ({ term: t.name, estimate: null, se: null })), excluded_missing: excluded };
  let inv: Matrix;
  try {
    inv = inverse(new Matrix(Array.from({ length: K }, (_, a) => Array.from(xtx.subarray(a * K, a * K + K)))));
  } catch {
    return { ...empty, problem: 'the design is singular (a covariate is constant or duplicates another)' };
  }
  const beta = new Float64Array(K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) beta[a] += inv.get(a, b) * xty[b];
  if (!beta.every(Number.isFinite)) return { ...empty, problem: 'the design is singular (a covariate is constant or duplicates another)' };
  // Meat: Σ_g s_g s_g', s_g = X_g'y_g − X_g'X_g β.
  const meat = Matrix.zeros(K, K);
  const sg = new Float64Array(K);
  for (let g = 0; g < G; g++) {
    if (!used[g]) continue;
    for (let a = 0; a < K; a++) {
      let v = perXty[g * K + a];
      for (let b = 0; b < K; b++) v -= perXtx[g * K * K + a * K + b] * beta[b];
      sg[a] = v;
    }
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) meat.set(a, b, meat.get(a, b) + sg[a] * sg[b]);
  }
  const vcov = inv.mmul(meat).mmul(inv).mul(Gused > 1 ? cr1Factor(Gused, N, K) : NaN);
  const se = (k: number) => {
    const v = vcov.get(k, k);
    return v > 0 ? Math.sqrt(v) : null;
  };
  // Classical OLS SE for comparison: σ² (X'X)⁻¹ with σ² = RSS/(N−K); RSS = Σy² − β'X'y.
  let bxy = 0;
  for (let a = 0; a < K; a++) bxy += beta[a] * xty[a];
  const sigma2 = (sumYY - bxy) / (N - K);
  const seNaive = sigma2 > 0 ? Math.sqrt(sigma2 * inv.get(3, 3)) : null;
  const z = zCritical(level);
  const d = beta[3];
  const sd = Gused > 1 ? se(3) : null;
  return {
    estimate: d,
    se: sd,
    ci_low: sd === null ? null : d - z * sd,
    ci_high: sd === null ? null : d + z * sd,
    p: sd === null ? null : twoSidedP(d / sd),
    se_naive: seNaive,
    n: N,
    clusters: Gused,
    covariates: terms.map((t, k) => ({ term: t.name, estimate: beta[4 + k], se: Gused > 1 ? se(4 + k) : null })),
    excluded_missing: excluded,
    ...(sd === null ? { problem: Gused < 2 ? 'fewer than two municipalities' : 'zero clustered variance' } : {}),
  };
}
