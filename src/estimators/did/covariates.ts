/**
 * The pooled DiD with additive covariates, CR1 by municipality.
 *
 * Rows are persons with m person-weeks each (the covariates are constant
 * within a person), so on the person-week level X'X = Σ m_i x_i x_i',
 * X'y = Σ x_i Σ_t y_it, and cluster g's score is X_g'y_g − (X_g'X_g) β. One
 * pass accumulates these K×K and K-vectors per cluster (K is small); no
 * person-week design matrix is built. A second O(N·K) pass gives the
 * unclustered (HC0) standard error of d.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { CELL_NAMES, DID_TERMS, didRegressors } from '../../design/cells.js';
import { twoSidedP, zCritical } from '../normal.js';
import type { BootstrapResult } from './bootstrap.js';
import { cr1Factor } from './cr1.js';
import type { CovariateColumn, DidEstimate, PersonRows } from './types.js';
import { type ClusterSystem, effectiveClusters, type WeightKind, wildScalar } from './wild.js';

export interface AdjustedEstimate extends DidEstimate {
  /**
   * The covariates' own coefficients, in design order (text covariates: one term per non-reference
   * level, `name=level`).
   */
  covariates: { term: string; estimate: number | null; se: number | null }[];
  /** Persons (rows with person-weeks) left out for a missing covariate. */
  excluded_missing: number;
  /** The restricted wild cluster bootstrap of d in this model (wild.ts), when asked for. */
  bootstrap?: BootstrapResult | null;
  /** Effective number of participating municipalities of d (wild.ts). */
  effective_clusters?: EffectiveClustersOf | null;
}

/**
 * G* of an estimate with its participating municipalities and the largest one's share of the
 * weight.
 */
export interface EffectiveClustersOf {
  gstar: number;
  participating: number;
  max_share: number;
  municipality: string;
}

/** What the adjusted model's bootstrap needs beside the rows. */
export interface AdjustedBootstrapOptions {
  replications: number;
  seed: number;
  weights: WeightKind;
  /** Per cluster: a participating (treated) municipality. */
  participating: ArrayLike<boolean>;
  onProgress?: (done: number, total: number) => void;
}

/** One column of the design beyond intercept, T, D and T·D. */
export interface CovariateTerm {
  /** `name` for a numeric covariate, `name=level` for a level indicator. */
  name: string;
  /** Value of the term for row i (NaN = missing). */
  value: (i: number) => number;
}

/**
 * Levels of a text covariate, most frequent first, ties alphabetically; rows with keep[i] = 0 and
 * '' are not counted.
 */
export function levelsByFrequency(values: string[], keep?: Uint8Array): string[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== '' && (!keep || keep[i])) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([l]) => l);
}

/**
 * Design terms of the covariates: numeric as they are; text as indicators of
 * every level but the most frequent among the rows kept (the reference).
 */
export function covariateTerms(cols: CovariateColumn[], keep?: Uint8Array): CovariateTerm[] {
  const terms: CovariateTerm[] = [];
  for (const col of cols) {
    if (col.kind === 'numeric') {
      const v = col.values;
      terms.push({ name: col.name, value: (i) => v[i] });
      continue;
    }
    const values = col.values;
    for (const level of levelsByFrequency(values, keep).slice(1)) {
      terms.push({
        name: `${col.name}=${level}`,
        value: (i) => (values[i] === '' ? NaN : values[i] === level ? 1 : 0),
      });
    }
  }
  return terms;
}

/**
 * Rows in the model: with person-weeks and no missing covariate; and how many were left out for a
 * missing one.
 */
function rowsInModel(rows: PersonRows): { keep: Uint8Array; excluded: number } {
  const keep = new Uint8Array(rows.cell.length);
  let excluded = 0;
  for (let i = 0; i < keep.length; i++) {
    // no person-weeks in the window: not in the model, not "excluded"
    if (!(rows.weight[i] > 0)) continue;
    let missing = false;
    for (const col of rows.covariates) {
      if (col.kind === 'numeric' ? Number.isNaN(col.values[i]) : col.values[i] === '') {
        missing = true;
        break;
      }
    }
    if (missing) excluded++;
    else keep[i] = 1;
  }
  return { keep, excluded };
}

/**
 * Smallest share of a term's scaled variation not explained by the earlier terms before the design
 * counts as singular.
 */
const COLLINEAR = 1e-10;

/**
 * Inverse of X'X via Cholesky of its unit-diagonal scaling D^−½ X'X D^−½
 * (scaling removes the covariates' units, so the singularity test is
 * scale-free). Returns the first term that is constant or a combination
 * of earlier ones when X'X is singular.
 */
function invertDesign(xtx: Float64Array, K: number): { inv: Matrix } | { collinear: number } {
  const scale = new Float64Array(K);
  for (let a = 0; a < K; a++) {
    if (!(xtx[a * K + a] > 0)) return { collinear: a };
    scale[a] = 1 / Math.sqrt(xtx[a * K + a]);
  }
  const S = new Matrix(K, K);
  for (let a = 0; a < K; a++) {
    for (let b = a; b < K; b++) {
      const v = xtx[a * K + b] * scale[a] * scale[b];
      S.set(a, b, v);
      S.set(b, a, v);
    }
  }
  const chol = new CholeskyDecomposition(S);
  const L = chol.lowerTriangularMatrix;
  // L_aa² = 1 − R² of term a on the terms before it.
  for (let a = 0; a < K; a++) if (!(L.get(a, a) ** 2 > COLLINEAR)) return { collinear: a };
  const sInv = chol.solve(Matrix.eye(K, K));
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++) sInv.set(a, b, sInv.get(a, b) * scale[a] * scale[b]);
  return { inv: sInv };
}

/**
 * The model's rows: row j = (1, T, D, T·D, the terms) of person row idx[j], for the rows kept.
 * The passes over persons below are functions of their own, so the engine optimises these
 * loops and not the whole estimator around them.
 */
interface Design {
  idx: Int32Array;
  X: Float64Array;
}

function designRows(rows: PersonRows, keep: Uint8Array, terms: CovariateTerm[], K: number): Design {
  let n = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) n++;
  const idx = new Int32Array(n);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i]) idx[j++] = i;
  const X = new Float64Array(n * K);
  const regressors = [0, 1, 2, 3].map(didRegressors);
  for (let j = 0; j < n; j++) {
    const r = regressors[rows.cell[idx[j]]];
    X[j * K] = 1;
    X[j * K + 1] = r[0];
    X[j * K + 2] = r[1];
    X[j * K + 3] = r[2];
  }
  terms.forEach((t, k) => {
    for (let j = 0; j < n; j++) X[j * K + 4 + k] = t.value(idx[j]);
  });
  return { idx, X };
}

/**
 * Per cluster X_g'X_g (upper triangle accumulated, then mirrored) and X_g'y_g, their sums, the
 * person-weeks per cell and in all, and which clusters and cluster × cells have rows.
 */
function crossProducts(rows: PersonRows, design: Design, G: number, K: number) {
  const { idx, X } = design;
  const perXtx = new Float64Array(G * K * K);
  const perXty = new Float64Array(G * K);
  const used = new Uint8Array(G);
  const cellN = [0, 0, 0, 0];
  const perCell = new Uint8Array(4 * G);
  let N = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j];
    const x = j * K;
    const m = rows.weight[i];
    const g = rows.cluster[i];
    const y = rows.sumY[i];
    used[g] = 1;
    perCell[4 * g + rows.cell[i]] = 1;
    cellN[rows.cell[i]] += m;
    N += m;
    const bx = g * K * K;
    for (let a = 0; a < K; a++) {
      perXty[g * K + a] += X[x + a] * y;
      const ma = m * X[x + a];
      for (let b = a; b < K; b++) perXtx[bx + a * K + b] += ma * X[x + b];
    }
  }
  // Mirror the upper triangles (exact symmetry for the Cholesky).
  for (let g = 0; g < G; g++)
    for (let a = 0; a < K; a++)
      for (let b = 0; b < a; b++) perXtx[g * K * K + a * K + b] = perXtx[g * K * K + b * K + a];
  const xtx = new Float64Array(K * K);
  const xty = new Float64Array(K);
  for (let g = 0; g < G; g++) {
    for (let j = 0; j < K * K; j++) xtx[j] += perXtx[g * K * K + j];
    for (let a = 0; a < K; a++) xty[a] += perXty[g * K + a];
  }
  return { perXtx, perXty, used, cellN, perCell, N, xtx, xty };
}

/**
 * Unclustered HC0 variance of d: Σ_i (a'x_i)² Σ_t e_it², a = row 3 of (X'X)⁻¹ (`inv3`),
 * Σ_t e_it² = Σy² − 2ŷ Σy + m ŷ² for a person whose fitted value ŷ is the same every week; and
 * Σ_i (a'x_i)² Σy², its scale.
 */
function naivePass(
  rows: PersonRows,
  design: Design,
  inv3: Float64Array,
  beta: Float64Array,
  K: number,
) {
  const { idx, X } = design;
  let naive = 0;
  let naiveScale = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j];
    let ax = 0;
    let fit = 0;
    for (let a = 0; a < K; a++) {
      ax += inv3[a] * X[j * K + a];
      fit += beta[a] * X[j * K + a];
    }
    const e2 = rows.sumYY[i] - 2 * fit * rows.sumY[i] + rows.weight[i] * fit * fit;
    naive += ax * ax * Math.max(e2, 0);
    naiveScale += ax * ax * rows.sumYY[i];
  }
  return { naive, naiveScale };
}

/** The meat Σ_g s_g s_g' (K × K) over the clusters with rows, s_g = X_g'y_g − X_g'X_g β. */
function meatOf(
  perXtx: Float64Array,
  perXty: Float64Array,
  used: Uint8Array,
  beta: Float64Array,
  G: number,
  K: number,
): Matrix {
  const meat = new Float64Array(K * K);
  const sg = new Float64Array(K);
  for (let g = 0; g < G; g++) {
    if (!used[g]) continue;
    for (let a = 0; a < K; a++) {
      let v = perXty[g * K + a];
      for (let b = 0; b < K; b++) v -= perXtx[g * K * K + a * K + b] * beta[b];
      sg[a] = v;
    }
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) meat[a * K + b] += sg[a] * sg[b];
  }
  return Matrix.from1DArray(K, K, meat);
}

/**
 * The DiD y = a + b·T + c·D + d·T·D + γ'x on person-weeks, covariates
 * entering additively, with CR1 standard errors clustered by municipality.
 * Without covariates it equals `didFromCellSums` on the same data. Rows with
 * a missing covariate are left out and counted in `excluded_missing`.
 */
export function didWithCovariates(
  rows: PersonRows,
  level = 0.95,
  boot?: AdjustedBootstrapOptions,
): AdjustedEstimate {
  const { keep, excluded } = rowsInModel(rows);
  const terms = covariateTerms(rows.covariates, keep);
  const names = [...DID_TERMS, ...terms.map((t) => t.name)];
  const K = 4 + terms.length;
  const G = rows.clusters.length;
  const design = designRows(rows, keep, terms, K);
  const { perXtx, perXty, used, cellN, perCell, N, xtx, xty } = crossProducts(rows, design, G, K);
  const Gused = used.reduce((a, b) => a + b, 0);
  const noTerms = terms.map((t) => ({ term: t.name, estimate: null, se: null }));
  const base = { n: N, clusters: Gused, excluded_missing: excluded };
  const fail = (problem: string): AdjustedEstimate => ({
    estimate: null,
    se: null,
    ci_low: null,
    ci_high: null,
    p: null,
    se_naive: null,
    ...base,
    covariates: noTerms,
    problem,
  });

  const empty = cellN.findIndex((n) => !(n > 0));
  if (empty >= 0) return fail(`no ${CELL_NAMES[empty]} observations with complete covariates`);
  const solved = invertDesign(xtx, K);
  if ('collinear' in solved) {
    return fail(
      `the covariate term '${names[solved.collinear]}' is constant ` +
        `or a combination of the other terms among the persons in the ` +
        `model, so the adjusted effect is not identified`,
    );
  }
  const inv = solved.inv;
  const beta = new Float64Array(K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) beta[a] += inv.get(a, b) * xty[b];
  const estimate = beta[3];

  // Unclustered HC0 variance of d (naivePass).
  const inv3 = Float64Array.from({ length: K }, (_, a) => inv.get(3, a));
  const hc0 = naivePass(rows, design, inv3, beta, K);
  let naive = hc0.naive;
  const naiveScale = hc0.naiveScale;
  // A perfect fit (e.g. a constant outcome) leaves rounding dust, not variation.
  if (naive <= 1e-12 * naiveScale) naive = 0;
  const seNaive = naive > 0 ? Math.sqrt(naive) : null;

  const noSe = (problem: string): AdjustedEstimate => ({
    estimate,
    se: null,
    ci_low: null,
    ci_high: null,
    p: null,
    se_naive: seNaive,
    ...base,
    covariates: terms.map((t, k) => ({ term: t.name, estimate: beta[4 + k], se: null })),
    problem,
  });
  if (Gused < 2)
    return noSe(
      'only one municipality has observations, and a municipality-clustered ' +
        'standard error needs at least two',
    );
  for (let c = 0; c < 4; c++) {
    let k = 0;
    for (let g = 0; g < G; g++) k += perCell[4 * g + c];
    if (k === 1)
      return noSe(
        `only one municipality has ${CELL_NAMES[c]} observations: a municipality-clustered ` +
          `standard error would ignore that municipality's own variation`,
      );
  }
  if (N <= K) return noSe('too few observations for the model');

  const meat = meatOf(perXtx, perXty, used, beta, G, K);
  const vcov = inv
    .mmul(meat)
    .mmul(inv)
    .mul(cr1Factor(Gused, N, K));
  if (naive === 0)
    return noSe(
      'the model fits every observation exactly (for example the outcome is 0 ' +
        'for everyone), so there is no sampling variation to estimate',
    );
  // Zero in theory when every municipality's score vanishes; rounding leaves dust.
  if (!(vcov.get(3, 3) > 1e-12 * naive)) return noSe('the clustered variance is zero');
  const sd = Math.sqrt(vcov.get(3, 3));
  const se = (k: number) => (vcov.get(k, k) > 0 ? Math.sqrt(vcov.get(k, k)) : null);
  const z = zCritical(level);
  const out: AdjustedEstimate = {
    estimate,
    se: sd,
    ci_low: estimate - z * sd,
    ci_high: estimate + z * sd,
    p: twoSidedP(estimate / sd),
    se_naive: seNaive,
    ...base,
    covariates: terms.map((t, k) => ({ term: t.name, estimate: beta[4 + k], se: se(4 + k) })),
  };
  if (boot) {
    // The same per-cluster cross-products: the bootstrap never passes over persons again.
    const sys: ClusterSystem = { G, K, A: perXtx, b: perXty, factor: cr1Factor(Gused, N, K) };
    const R = new Float64Array(K);
    R[3] = 1;
    const e = effectiveClusters(sys, R, boot.participating);
    let participating = 0;
    for (let g = 0; g < G; g++) if (boot.participating[g] && used[g]) participating++;
    out.effective_clusters = e && {
      gstar: e.gstar,
      participating,
      max_share: e.max_share,
      municipality: rows.clusters[e.max_index],
    };
    const b = boot.replications;
    const head = {
      replications: b,
      seed: boot.seed,
      weights: boot.weights,
      interval: 'test-inversion' as const,
    };
    if (!Number.isInteger(b) || b < 1) out.bootstrap = null;
    else {
      const w = wildScalar(sys, R, {
        replications: b,
        seed: boot.seed,
        weights: boot.weights,
        level,
        onProgress: boot.onProgress,
      });
      out.bootstrap =
        w === null
          ? {
              p: null,
              ci_low: null,
              ci_high: null,
              ...head,
              problem: 'no clustered standard error',
            }
          : {
              p: w.p,
              ci_low: w.ci_low,
              ci_high: w.ci_high,
              ...head,
              ...(w.problem ? { problem: w.problem } : {}),
            };
    }
  }
  return out;
}
