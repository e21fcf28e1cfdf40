/**
 * Small symmetric p×p systems (p = number of Cox terms, a handful): an LDLᵀ
 * factorisation that, like R survival's cholesky2, treats a pivot below
 * tol · (largest diagonal) as zero and drops that direction instead of
 * failing, so a collinear or constant covariate leaves the others estimable.
 * Matrices are row-major Float64Arrays.
 */

/** R's toler.chol default, .Machine$double.eps^0.75. */
export const CHOLESKY_TOL = 2.220446049250313e-16 ** 0.75;

export interface Ldl {
  p: number;
  /** Unit lower triangle (row-major, diagonal unused). */
  l: Float64Array;
  /** Pivots; 0 marks a dropped (singular) direction. */
  dg: Float64Array;
  rank: number;
}

export function ldl(a: Float64Array, p: number, tol = CHOLESKY_TOL): Ldl {
  const l = new Float64Array(p * p);
  const dg = new Float64Array(p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i]));
  const eps = maxDiag * tol;
  let rank = 0;
  for (let j = 0; j < p; j++) {
    let dj = a[j * p + j];
    for (let k = 0; k < j; k++) dj -= l[j * p + k] * l[j * p + k] * dg[k];
    if (!Number.isFinite(dj) || dj <= eps) {
      dg[j] = 0; // dropped: column j of l stays 0
      continue;
    }
    dg[j] = dj;
    rank++;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k] * dg[k];
      l[i * p + j] = s / dj;
    }
  }
  return { p, l, dg, rank };
}

/** Solves A x = b in the non-dropped directions; dropped coordinates are 0. */
export function ldlSolve(f: Ldl, b: Float64Array): Float64Array {
  const { p, l, dg } = f;
  const y = Float64Array.from(b);
  for (let i = 0; i < p; i++) for (let k = 0; k < i; k++) y[i] -= l[i * p + k] * y[k];
  for (let i = 0; i < p; i++) y[i] = dg[i] > 0 ? y[i] / dg[i] : 0;
  for (let i = p - 1; i >= 0; i--) {
    if (dg[i] === 0) {
      y[i] = 0;
      continue;
    }
    for (let k = i + 1; k < p; k++) y[i] -= l[k * p + i] * y[k];
  }
  return y;
}

/**
 * Generalised inverse: the inverse on the non-dropped directions, zero rows/columns for dropped
 * ones.
 */
export function ldlInverse(f: Ldl): Float64Array {
  const { p, dg } = f;
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (dg[j] === 0) continue;
    e.fill(0);
    e[j] = 1;
    const col = ldlSolve(f, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  // symmetrise away rounding
  for (let i = 0; i < p; i++)
    for (let j = 0; j < i; j++)
      inv[i * p + j] = inv[j * p + i] = (inv[i * p + j] + inv[j * p + i]) / 2;
  return inv;
}

/** x' A⁻ x for a symmetric A (the quadratic form of a score or Wald test). */
export function quadraticForm(
  a: Float64Array,
  p: number,
  x: Float64Array,
): { value: number; rank: number } {
  const f = ldl(a, p);
  const s = ldlSolve(f, x);
  let v = 0;
  for (let i = 0; i < p; i++) v += x[i] * s[i];
  return { value: v, rank: f.rank };
}
