/**
 * Test helpers: cell sums from explicit observations, and a transparent
 * brute-force OLS with full matrices — an implementation of the textbook
 * formulas independent of the estimators under test:
 *   β = (X'X)⁻¹X'y,
 *   V_CR1 = G/(G−1)·(N−1)/(N−K)·(X'X)⁻¹ Σ_g X_g'e_g e_g'X_g (X'X)⁻¹,
 *   V_HC0 = (X'X)⁻¹ Σ_i x_i x_i' e_i² (X'X)⁻¹.
 */
import { inverse, Matrix } from 'ml-matrix';
import type { CellSums } from '../../../src/estimators/did/index.js';

/** An observation: [cluster index, cell, y]. */
export type Obs = [number, number, number];

/** Cluster × cell sums from explicit observations. */
export function fromObs(clusters: string[], obs: Obs[]): CellSums {
  const G = clusters.length;
  const s: CellSums = {
    clusters,
    n: new Float64Array(4 * G),
    sumY: new Float64Array(4 * G),
    sumYY: new Float64Array(4 * G),
  };
  for (const [g, c, y] of obs) {
    s.n[4 * g + c]++;
    s.sumY[4 * g + c] += y;
    s.sumYY[4 * g + c] += y * y;
  }
  return s;
}

/** Design row (1, T, D, T·D) of a cell. */
export const didRow = (c: number): number[] => [1, c >= 2 ? 1 : 0, c & 1, c === 3 ? 1 : 0];

export function bruteForceOls(X: number[][], y: number[], cluster: (number | string)[]) {
  const Xm = new Matrix(X);
  const inv = inverse(Xm.transpose().mmul(Xm));
  const beta = inv.mmul(Xm.transpose()).mmul(Matrix.columnVector(y)).to1DArray();
  const K = X[0].length;
  const N = y.length;
  const e = y.map((v, i) => v - X[i].reduce((a, x, k) => a + x * beta[k], 0));
  const groups = [...new Set(cluster)];
  const meat = Matrix.zeros(K, K);
  for (const g of groups) {
    const s = new Array(K).fill(0);
    cluster.forEach((c, i) => {
      if (c === g) for (let k = 0; k < K; k++) s[k] += X[i][k] * e[i];
    });
    meat.add(Matrix.columnVector(s).mmul(Matrix.rowVector(s)));
  }
  const G = groups.length;
  const V = inv
    .mmul(meat)
    .mmul(inv)
    .mul((G / (G - 1)) * ((N - 1) / (N - K)));
  const hcMeat = Matrix.zeros(K, K);
  X.forEach((x, i) => {
    hcMeat.add(
      Matrix.columnVector(x)
        .mmul(Matrix.rowVector(x))
        .mul(e[i] * e[i]),
    );
  });
  const hc0 = inv.mmul(hcMeat).mmul(inv);
  return {
    beta,
    se: Array.from({ length: K }, (_, k) => Math.sqrt(V.get(k, k))),
    seHC0: Array.from({ length: K }, (_, k) => Math.sqrt(hc0.get(k, k))),
    residuals: e,
  };
}

/**
 * A small seeded uniform (0, 1) generator for test data (xorshift32, independent of the code's
 * PRNG).
 */
export function uniform(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return (x + 0.5) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller from a uniform generator. */
export function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Every number anywhere in a value (for "never NaN" checks). */
export function numbersIn(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap(numbersIn);
  if (v && typeof v === 'object') return Object.values(v).flatMap(numbersIn);
  return [];
}
