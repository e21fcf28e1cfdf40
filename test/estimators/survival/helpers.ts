/**
 * Test helpers: small data builders, a brute-force partial likelihood written
 * straight from its definition (O(n²), independent of the estimator's
 * risk-set sweep), numerical derivatives, and a weekly-duration simulator.
 */
import { mulberry32 } from '../../../src/estimators/did/index.js';

export const data = (time: number[], event: number[]) => ({
  time: Float64Array.from(time),
  event: Uint8Array.from(event),
});

export const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/**
 * Therneau & Grambsch (2000), appendix E, data set 1 (R survival's tests/book1.R,
 * book2.R, zph.R), the subject with a missing status dropped; sorted by time:
 *   A (1, event, x=1)  B (1, censored, x=1)  C (6, event, x=1)
 *   D (6, event, x=0)  E (8, censored, x=0)  F (9, event, x=0)
 * Two tied events at t = 6 (one per group), and an event tied with a censoring at t = 1.
 */
export const book = {
  d: data([1, 1, 6, 6, 8, 9], [1, 0, 1, 1, 0, 1]),
  X: Float64Array.from([1, 1, 1, 0, 0, 0]),
};

/**
 * The Efron (or Breslow) log partial likelihood from its definition, with
 * covariates that may depend on the event time: z(i, t) is subject i's
 * covariate row at time t. For each event time t with death set D and risk set R:
 *   Σ_{i∈D} z_i'θ − Σ_{l=0}^{d−1} log( Σ_{j∈R} e^{z_j'θ} − (l/d) Σ_{j∈D} e^{z_j'θ} ).
 */
export function bruteLogLik(
  time: Float64Array,
  event: Uint8Array,
  z: (i: number, t: number) => number[],
  theta: number[],
  efron = true,
): number {
  const n = time.length;
  const times = [...new Set(Array.from(time).filter((_, i) => event[i] === 1))];
  let ll = 0;
  for (const t of times) {
    const dead: number[] = [];
    let riskSum = 0;
    let deadSum = 0;
    for (let j = 0; j < n; j++) {
      if (time[j] < t) continue;
      const e = Math.exp(z(j, t).reduce((s, v, k) => s + v * theta[k], 0));
      riskSum += e;
      if (time[j] === t && event[j] === 1) {
        dead.push(j);
        deadSum += e;
      }
    }
    const dd = dead.length;
    for (const i of dead) ll += z(i, t).reduce((s, v, k) => s + v * theta[k], 0);
    for (let l = 0; l < dd; l++) ll -= Math.log(riskSum - (efron ? l / dd : 0) * deadSum);
  }
  return ll;
}

/** Central-difference gradient and Hessian of f at θ. */
export function numericDerivatives(
  f: (theta: number[]) => number,
  theta: number[],
  h = 1e-4,
): { grad: number[]; hess: number[][] } {
  const k = theta.length;
  const at = (delta: [number, number][]) => {
    const t = theta.slice();
    for (const [i, v] of delta) t[i] += v;
    return f(t);
  };
  const grad = theta.map((_, i) => (at([[i, h]]) - at([[i, -h]])) / (2 * h));
  const hess = Array.from({ length: k }, (_, i) =>
    Array.from(
      { length: k },
      (_, j) =>
        (at([
          [i, h],
          [j, h],
        ]) -
          at([
            [i, h],
            [j, -h],
          ]) -
          at([
            [i, -h],
            [j, h],
          ]) +
          at([
            [i, -h],
            [j, -h],
          ])) /
        (4 * h * h),
    ),
  );
  return { grad, hess };
}

/** Solve a small dense system A x = b (Gaussian elimination with partial pivoting). */
export function solveDense(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * Weekly durations: each week a subject with covariate x (x = i mod 2 unless
 * given) has the event with probability hazard(x, t); censored at `horizon`.
 * Heavily tied, like register data.
 */
export function simulateWeekly(
  seed: number,
  n: number,
  horizon: number,
  hazard: (x: number, t: number) => number,
  covariate: (i: number) => number = (i) => i % 2,
) {
  const r = mulberry32(seed);
  const u = () => (r() + 0.5) / 4294967296;
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const X = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[i] = covariate(i);
    let t = 0;
    for (;;) {
      t++;
      if (u() < hazard(X[i], t)) {
        event[i] = 1;
        break;
      }
      if (t >= horizon) break;
    }
    time[i] = t;
  }
  return { d: { time, event }, X, n };
}
