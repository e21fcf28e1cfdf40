/**
 * The restricted wild cluster bootstrap (WCR: Cameron, Gelbach & Miller
 * 2008; Roodman, MacKinnon, Nielsen & Webb 2019 for the algebra) of any
 * linear model given only per-cluster cross-products, and the effective
 * number of clusters of Carter, Schnepel & Steigerwald (2017).
 *
 * Model: β̂ = A⁻¹b with A = Σ_g A_g, b = Σ_g b_g (A_g = X_g′X_g, b_g = X_g′y_g;
 * for the 2×2 DiD and the event study's cell-mean model these come from the
 * per-municipality cell sums, so no pass over persons is ever needed). The
 * cluster-robust variance of Rβ̂ is f·L(Σ_g s_g s_g′)L′ with L = RA⁻¹ and
 * scores s_g = b_g − A_gβ̂; f is the small-sample factor (CR1 for the DiD,
 * G/(G − 1) for the event study).
 *
 * Null Rβ = r imposed: β_r = β̂ − A⁻¹R′(RA⁻¹R′)⁻¹(Rβ̂ − r), restricted scores
 * ē_g = b_g − A_gβ_r. A draw gives each cluster a weight w_g and y* = Xβ_r + w_g·e_r,
 * so b*_g = A_gβ_r + w_g ē_g, Rβ* − r = L·S with S = Σ_g w_g ē_g, and the
 * draw's scores are s*_g = w_g ē_g − A_gA⁻¹S. Per draw O(G·K·q), any N.
 *
 * Scalar tests (q = 1) invert the test: everything above is linear in the
 * hypothesised value δ, so each draw keeps five numbers and p(δ) for any δ
 * costs O(B); the interval is {δ : p(δ) ≥ 1 − level}, found by bisection on
 * the same draws. p = (1 + #{|t*| ≥ |t|})/(1 + B) (the observed statistic
 * counts, so p is never 0).
 *
 * Weights: Rademacher (±1) or Webb's six points ±√(1/2), ±1, ±√(3/2) (each
 * 1/6), drawn from a seeded mulberry32 stream: Rademacher takes one bit per
 * cluster, 32 per 32-bit draw (the order effekt has always used); Webb one
 * 32-bit draw per cluster, point ⌊6u/2³²⌋. `weightDraws` returns the draws so
 * an independent implementation can reproduce every statistic exactly.
 */
import { mulberry32 } from './rng.js';

export type WeightKind = 'rademacher' | 'webb';

/**
 * Webb's six-point weights below this many participating municipalities:
 * with G participating clusters Rademacher weights give at most 2^G
 * distinct draws of their part (4 096 at 12), too coarse a null
 * distribution (Webb 2023; MacKinnon, Nielsen & Webb 2023).
 */
export const WEBB_BELOW = 13;

/** The weight kind for a number of participating municipalities. */
export function weightKind(participating: number): WeightKind {
  return participating < WEBB_BELOW ? 'webb' : 'rademacher';
}

const WEBB = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];

/** One draw of G cluster weights into `w`. */
export function drawWeights(rand: () => number, kind: WeightKind, w: Float64Array): void {
  const G = w.length;
  if (kind === 'rademacher') {
    let bits = 0;
    for (let g = 0; g < G; g++) {
      if ((g & 31) === 0) bits = rand();
      w[g] = ((bits >>> (g & 31)) & 1) * 2 - 1; // ±1 without a branch on a random bit
    }
  } else {
    for (let g = 0; g < G; g++) w[g] = WEBB[Math.floor((rand() * 6) / 4294967296)];
  }
}

/** The B × G weight draws of a seed, row by row (for reproducing the bootstrap elsewhere). */
export function weightDraws(seed: number, kind: WeightKind, G: number, B: number): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(B * G);
  const w = new Float64Array(G);
  for (let b = 0; b < B; b++) {
    drawWeights(rand, kind, w);
    out.set(w, b * G);
  }
  return out;
}

/** Per-cluster cross-products of a linear model: A (G·K·K, row-major per cluster) and b (G·K). */
export interface ClusterSystem {
  G: number;
  K: number;
  A: Float64Array;
  b: Float64Array;
  /** Small-sample factor of the clustered variance. */
  factor: number;
}

export interface WildOptions {
  replications: number;
  seed: number;
  weights: WeightKind;
  level: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Keep every draw's statistic (t* at δ = 0, or W*) for checking against another implementation.
   */
  keep?: boolean;
}

export interface WildScalar {
  estimate: number;
  se: number;
  /** Restricted bootstrap p of Rβ = 0 (two-sided, symmetric). */
  p: number;
  /**
   * {δ : p(δ) ≥ 1 − level} by test inversion; null when unbounded within 10⁶ standard errors or B
   * too small.
   */
  ci_low: number | null;
  ci_high: number | null;
  /** t* of each draw at δ = 0 (with `keep`). */
  draws?: Float64Array;
  problem?: string;
}

/** Solve a symmetric positive definite system by Cholesky; null when not positive definite. */
export function choleskyInverse(M: Float64Array, n: number): Float64Array | null {
  const inv = new Float64Array(n * n);
  return choleskyInverseInto(M, n, new Float64Array(n * n), new Float64Array(n * n), inv)
    ? inv
    : null;
}

/**
 * choleskyInverse into caller-owned n × n buffers (L and Li are scratch; only entries written in
 * this call are read), so a bootstrap draw allocates nothing; false when not positive definite.
 */
function choleskyInverseInto(
  M: Float64Array,
  n: number,
  L: Float64Array,
  Li: Float64Array,
  inv: Float64Array,
): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = M[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 1e-300)) return false;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  // inverse = L⁻ᵀL⁻¹
  for (let i = 0; i < n; i++) {
    Li[i * n + i] = 1 / L[i * n + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * n + k] * Li[k * n + j];
      Li[i * n + j] = s / L[i * n + i];
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += Li[k * n + i] * Li[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  return true;
}

const allFinite = (...arrays: Float64Array[]) =>
  arrays.every((v) => v.every((x) => Number.isFinite(x)));

/**
 * The non-zero columns of each row of G × K matrices (a column is kept when any matrix has a
 * non-zero there), as offsets `off` (G + 1) into `col`. The draws' sums skip the exact zeros:
 * x + (±0) = x for every x but −0, and a sum that starts at +0 never becomes −0, so each sum
 * keeps its bits while a municipality's terms shrink to the cells it has (the event study's
 * cell-mean model: one start group's periods of the K columns). `dense` keeps every column
 * (when some input is not finite: 0·∞ is not 0).
 */
function nonZeroColumns(G: number, K: number, dense: boolean, ...mats: Float64Array[]) {
  const off = new Int32Array(G + 1);
  const col: number[] = [];
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < K; a++) if (dense || mats.some((m) => m[g * K + a] !== 0)) col.push(a);
    off[g + 1] = col.length;
  }
  return { off, col: Int32Array.from(col) };
}

/**
 * The non-zero columns c of each row (g, a) of the clusters' A_g (row g·K + a: col[off[r] …
 * off[r + 1])), or every column with `dense`. Sums over A_g's rows skip its zeros as the draws
 * do (nonZeroColumns), which leaves one term of K for the event study's diagonal A_g; a product
 * of a zero with a vector that is not finite is not 0, so those sums take `dense` rows.
 */
interface ARows {
  off: Int32Array;
  col: Int32Array;
  /** Every column kept: no term may be skipped. */
  dense: boolean;
}

function aRows(sys: ClusterSystem, dense = false): ARows {
  const { G, K, A } = sys;
  const off = new Int32Array(G * K + 1);
  const col: number[] = [];
  for (let r = 0; r < G * K; r++) {
    for (let c = 0; c < K; c++) if (dense || A[r * K + c] !== 0) col.push(c);
    off[r + 1] = col.length;
  }
  return { off, col: Int32Array.from(col), dense };
}

/** `rows` when every vector multiplied into A_g's rows is finite, else every column. */
const rowsFor = (sys: ClusterSystem, rows: ARows, ...vectors: Float64Array[]) =>
  allFinite(...vectors) ? rows : aRows(sys, true);

/** Σ_g A_g, A⁻¹ (Cholesky; null when singular) and β̂. */
function fit(sys: ClusterSystem, rows: ARows) {
  const { G, K } = sys;
  const { off, col } = rows;
  const A = new Float64Array(K * K);
  const b = new Float64Array(K);
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < K; a++) {
      const r = g * K + a;
      for (let j = off[r]; j < off[r + 1]; j++) A[a * K + col[j]] += sys.A[r * K + col[j]];
    }
    for (let i = 0; i < K; i++) b[i] += sys.b[g * K + i];
  }
  const Ainv = choleskyInverse(A, K);
  if (!Ainv) return null;
  return { A, Ainv, beta: matVec(Ainv, b, K, K) };
}

/** matVec into out[at …] (no allocation). */
function matVecInto(
  M: Float64Array,
  v: ArrayLike<number>,
  rows: number,
  cols: number,
  out: Float64Array,
  at: number,
) {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += M[i * cols + j] * v[j];
    out[at + i] = s;
  }
}

function matVec(M: Float64Array, v: ArrayLike<number>, rows: number, cols: number, off = 0) {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += M[off + i * cols + j] * v[j];
    out[i] = s;
  }
  return out;
}

/**
 * ℓ·A_g·A⁻¹ for each cluster (G × K): how cluster g's fitted values move the estimate. Zeros of
 * A_g and of ℓA_g are skipped (aRows; `rows` dense unless ℓ and A⁻¹ are finite).
 */
function influenceRows(
  sys: ClusterSystem,
  Ainv: Float64Array,
  l: Float64Array,
  rows: ARows,
): Float64Array {
  const { G, K } = sys;
  const { off, col } = rows;
  const m = new Float64Array(G * K);
  const lA = new Float64Array(K);
  for (let g = 0; g < G; g++) {
    lA.fill(0);
    for (let a = 0; a < K; a++) {
      const la = l[a];
      if (la === 0) continue;
      const r = g * K + a;
      for (let j = off[r]; j < off[r + 1]; j++) lA[col[j]] += la * sys.A[r * K + col[j]];
    }
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let a = 0; a < K; a++) {
        const v = lA[a];
        if (v !== 0 || rows.dense) s += v * Ainv[a * K + c];
      }
      m[g * K + c] = s;
    }
  }
  return m;
}

/** Critical p: reject δ when p(δ) < 1 − level (as every verdict does). */
const alphaOf = (level: number) => Number((1 - level).toPrecision(12));

/**
 * Most bootstraps of a run share their draws (the spec's seed, its weights, every municipality):
 * the last B × G draws are kept for the next test asking for the same ones, up to this many
 * weights (32 MB); beyond it each test draws row by row.
 */
const KEEP_WEIGHTS = 1 << 22;
let keptDraws: { seed: number; kind: WeightKind; G: number; B: number; w: Float64Array } | null =
  null;

/**
 * The weights of draws 0, 1, …, B − 1 in order: `next()` gives the offset of the next draw's G
 * weights in `w` (the kept draws of `weightDraws`, or one row drawn from the stream each time).
 */
export function weightRows(seed: number, kind: WeightKind, G: number, B: number) {
  if (B * G <= KEEP_WEIGHTS) {
    const k = keptDraws;
    const w =
      k && k.seed === seed && k.kind === kind && k.G === G && k.B === B
        ? k.w
        : weightDraws(seed, kind, G, B);
    keptDraws = { seed, kind, G, B, w };
    let r = 0;
    return { w, next: () => G * r++ };
  }
  const rand = mulberry32(seed);
  const w = new Float64Array(G);
  return {
    w,
    next: () => {
      drawWeights(rand, kind, w);
      return 0;
    },
  };
}

/** What a draw of the scalar test needs (wildScalar), with the non-zero columns of each row. */
interface ScalarTerms {
  G: number;
  K: number;
  /** Restricted scores ē_g at δ = 0 and their change d_g per unit of δ (G × K). */
  e: Float64Array;
  d: Float64Array;
  edOff: Int32Array;
  edCol: Int32Array;
  /** ℓ = RA⁻¹ and its non-zero columns. */
  l: Float64Array;
  lCol: Int32Array;
  /** Influence rows ℓA_gA⁻¹ (G × K). */
  m: Float64Array;
  mOff: Int32Array;
  mCol: Int32Array;
  /** ℓ·ē_g and ℓ·d_g. */
  le: Float64Array;
  ld: Float64Array;
  /** Scratch: Σ_g w_g ē_g and Σ_g w_g d_g. */
  S0: Float64Array;
  S1: Float64Array;
}

/**
 * One draw of the scalar test (weights w[wo … wo + G)): x, y, Σα², Σαβ, Σβ² into out[o5 …].
 * A small function of its own, so the engine optimises it early and once for every test.
 */
function scalarDraw(t: ScalarTerms, w: Float64Array, wo: number, out: Float64Array, o5: number) {
  const { G, K, e, d, edOff, edCol, l, lCol, m, mOff, mCol, le, ld, S0, S1 } = t;
  S0.fill(0);
  S1.fill(0);
  for (let g = 0; g < G; g++) {
    const wg = w[wo + g];
    if (wg === 0) continue;
    const row = g * K;
    const start = edOff[g];
    const end = edOff[g + 1];
    if (end - start === K)
      for (let a = 0; a < K; a++) {
        S0[a] += wg * e[row + a];
        S1[a] += wg * d[row + a];
      }
    else
      for (let j = start; j < end; j++) {
        const a = edCol[j];
        S0[a] += wg * e[row + a];
        S1[a] += wg * d[row + a];
      }
  }
  let x = 0;
  let y = 0;
  for (let j = 0; j < lCol.length; j++) {
    const a = lCol[j];
    x += l[a] * S0[a];
    y += l[a] * S1[a];
  }
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  for (let g = 0; g < G; g++) {
    let mS0 = 0;
    let mS1 = 0;
    const row = g * K;
    const start = mOff[g];
    const end = mOff[g + 1];
    if (end - start === K)
      for (let a = 0; a < K; a++) {
        mS0 += m[row + a] * S0[a];
        mS1 += m[row + a] * S1[a];
      }
    else
      for (let j = start; j < end; j++) {
        const a = mCol[j];
        mS0 += m[row + a] * S0[a];
        mS1 += m[row + a] * S1[a];
      }
    const wg = w[wo + g];
    const al = wg * le[g] - mS0;
    const be = -wg * ld[g] + mS1;
    p0 += al * al;
    p1 += al * be;
    p2 += be * be;
  }
  out[o5] = x;
  out[o5 + 1] = y;
  out[o5 + 2] = p0;
  out[o5 + 3] = p1;
  out[o5 + 4] = p2;
}

/** The scalar test's draws (5 numbers each, scalarDraw) and its observed statistic. */
interface Inversion {
  P: Float64Array;
  B: number;
  theta: number;
  se: number;
  factor: number;
}

/** p(δ) on the draws: the restricted test of Rβ = δ (a top-level function, optimised once). */
function pValueAt(v: Inversion, delta: number): number {
  const { P, B, theta, se, factor } = v;
  const t = Math.abs(theta - delta) / se;
  const floor = t - 1e-12 * Math.max(1, t);
  let k = 0;
  for (let r = 0; r < B; r++) {
    const o5 = 5 * r;
    const q = factor * (P[o5 + 2] + 2 * delta * P[o5 + 3] + delta * delta * P[o5 + 4]);
    // A draw without variation cannot be as extreme as the data: t* = 0.
    const ts = q > 0 ? Math.abs(P[o5] - delta * P[o5 + 1]) / Math.sqrt(q) : 0;
    if (ts >= floor) k++;
  }
  return (1 + k) / (1 + B);
}

/**
 * The interval's end on the side dir: the last δ = θ̂ + dir·s·SE with p(δ) ≥ α, s doubled until
 * rejected, then bisected; null when no δ within 10⁶ SE is rejected.
 */
function invertBound(v: Inversion, a: number, dir: 1 | -1): number | null {
  const { theta, se } = v;
  let inside = 0; // offsets in SE from θ̂ accepted (p ≥ α)
  let step = 1;
  let outside = Number.NaN;
  while (step <= 1e6) {
    if (pValueAt(v, theta + dir * step * se) < a) {
      outside = step;
      break;
    }
    inside = step;
    step *= 2;
  }
  if (Number.isNaN(outside)) return null;
  for (let i = 0; i < 60 && outside - inside > 1e-10; i++) {
    const mid = (inside + outside) / 2;
    if (pValueAt(v, theta + dir * mid * se) < a) outside = mid;
    else inside = mid;
  }
  return theta + dir * inside * se;
}

/**
 * WCR test of the scalar R·β (R a K-vector) against 0 and its interval by test
 * inversion on the same draws. Null when the model or its clustered SE does
 * not exist (the caller has said why).
 */
export function wildScalar(
  sys: ClusterSystem,
  R: ArrayLike<number>,
  o: WildOptions,
): WildScalar | null {
  const { G, K, factor } = sys;
  const B = o.replications;
  const rows = aRows(sys);
  const f0 = fit(sys, rows);
  if (!f0) return null;
  const { Ainv, beta } = f0;
  const l = matVec(Ainv, R, K, K); // ℓ = RA⁻¹ (A⁻¹ symmetric)
  const lR = l.reduce((s, v, i) => s + v * R[i], 0);
  const theta = beta.reduce((s, v, i) => s + v * R[i], 0);
  // Unrestricted clustered SE.
  const rb = rowsFor(sys, rows, beta);
  let ss = 0;
  for (let g = 0; g < G; g++) {
    let u = 0;
    for (let a = 0; a < K; a++) {
      const r = g * K + a;
      let s = sys.b[r];
      for (let j = rb.off[r]; j < rb.off[r + 1]; j++)
        s -= sys.A[r * K + rb.col[j]] * beta[rb.col[j]];
      u += l[a] * s;
    }
    ss += u * u;
  }
  const se = Math.sqrt(factor * ss);
  if (!(se > 0)) return null;
  // β_r(δ) = β_r0 + δh, h = A⁻¹R′/(RA⁻¹R′); ē_g(δ) = e_g − δ d_g with d_g = A_g h.
  const h = l.map((v) => v / lR);
  const betaR0 = beta.map((v, i) => v - h[i] * theta);
  const e = new Float64Array(G * K);
  const d = new Float64Array(G * K);
  const le = new Float64Array(G);
  const ld = new Float64Array(G);
  const rr = rowsFor(sys, rows, betaR0, h);
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < K; a++) {
      const r = g * K + a;
      let se0 = sys.b[r];
      let sd = 0;
      for (let j = rr.off[r]; j < rr.off[r + 1]; j++) {
        const c = rr.col[j];
        const Aac = sys.A[r * K + c];
        se0 -= Aac * betaR0[c];
        sd += Aac * h[c];
      }
      e[g * K + a] = se0;
      d[g * K + a] = sd;
      le[g] += l[a] * se0;
      ld[g] += l[a] * sd;
    }
  }
  const m = influenceRows(sys, Ainv, l, rowsFor(sys, rows, l, Ainv));
  const dense = !allFinite(e, d, m, l, le, ld);
  const ed = nonZeroColumns(G, K, dense, e, d);
  const mz = nonZeroColumns(G, K, dense, m);
  const terms: ScalarTerms = {
    G,
    K,
    e,
    d,
    edOff: ed.off,
    edCol: ed.col,
    l,
    lCol: nonZeroColumns(1, K, dense, l).col,
    m,
    mOff: mz.off,
    mCol: mz.col,
    le,
    ld,
    S0: new Float64Array(K),
    S1: new Float64Array(K),
  };
  // Per draw: θ* − δ = x − δy; u*_g = α_g + δβ_g; keep x, y, Σα², Σαβ, Σβ² (5 per draw).
  const P = new Float64Array(5 * B);
  const draws = weightRows(o.seed, o.weights, G, B);
  const every = Math.max(1, Math.floor(B / 100));
  for (let r = 0; r < B; r++) {
    scalarDraw(terms, draws.w, draws.next(), P, 5 * r);
    if (o.onProgress && (r + 1) % every === 0) o.onProgress(r + 1, B);
  }
  const inv: Inversion = { P, B, theta, se, factor };
  const pAt = (delta: number) => pValueAt(inv, delta);
  const a = alphaOf(o.level);
  const out: WildScalar = { estimate: theta, se, p: pAt(0), ci_low: null, ci_high: null };
  if (o.keep)
    out.draws = Float64Array.from({ length: B }, (_, r) =>
      P[5 * r + 2] > 0 ? P[5 * r] / Math.sqrt(factor * P[5 * r + 2]) : 0,
    );
  if (1 / (1 + B) >= a) {
    out.problem =
      `too few replications for a ${Number((o.level * 100).toFixed(1))} ` +
      `% bootstrap interval (at least ${Math.ceil(1 / a - 1 - 1e-9)} ` +
      `needed)`;
    return out;
  }
  const bound = (dir: 1 | -1) => invertBound(inv, a, dir);
  out.ci_low = bound(-1);
  out.ci_high = bound(1);
  if (out.ci_low === null || out.ci_high === null)
    out.problem = 'the bootstrap interval is unbounded: no value of the effect is rejected';
  return out;
}

export interface WildJoint {
  /** The Wald statistic of Rβ = 0 with the clustered covariance. */
  statistic: number;
  p: number;
  /** Draws whose covariance was singular (counted as not extreme). */
  singular: number;
  /** W* of each draw (NaN when singular), with `keep`. */
  draws?: Float64Array;
}

/** Buffers of a Wald statistic with q restrictions: a draw allocates nothing. */
interface WaldBuffers {
  G: number;
  q: number;
  factor: number;
  V: Float64Array;
  Vi: Float64Array;
  L: Float64Array;
  Li: Float64Array;
}

/** num′V⁻¹num with V = f Σ_g u_g u_g′ (U is G × q); null when V is singular. */
function waldStatistic(b: WaldBuffers, num: Float64Array, U: Float64Array): number | null {
  const { G, q, factor, V, Vi } = b;
  V.fill(0);
  for (let g = 0; g < G; g++)
    for (let i = 0; i < q; i++) {
      const ui = U[g * q + i];
      if (ui === 0) continue;
      for (let j = 0; j < q; j++) V[i * q + j] += ui * U[g * q + j];
    }
  for (let i = 0; i < q * q; i++) V[i] *= factor;
  if (!choleskyInverseInto(V, q, b.L, b.Li, Vi)) return null;
  let W = 0;
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) W += num[i] * Vi[i * q + j] * num[j];
  return W;
}

/** What a draw of the joint test needs (wildJoint), with the non-zero columns of each row. */
interface JointTerms {
  G: number;
  K: number;
  q: number;
  /** Restricted scores ē_g (G × K). */
  e: Float64Array;
  eOff: Int32Array;
  eCol: Int32Array;
  /** L = RA⁻¹ (q × K). */
  L: Float64Array;
  LOff: Int32Array;
  LCol: Int32Array;
  /** M_g = LA_gA⁻¹ (G × q × K, rows g·q + i). */
  M: Float64Array;
  MOff: Int32Array;
  MCol: Int32Array;
  /** L·ē_g (G × q). */
  le: Float64Array;
  /** Scratch S = Σ_g w_g ē_g, and the draw's numerator L·S and scores (G × q). */
  S: Float64Array;
  num: Float64Array;
  U: Float64Array;
}

/** One draw of the joint test (weights w[wo … wo + G)): its numerator and scores into t. */
function jointDraw(t: JointTerms, w: Float64Array, wo: number) {
  const { G, K, q, e, eOff, eCol, L, LOff, LCol, M, MOff, MCol, le, S, num, U } = t;
  S.fill(0);
  for (let g = 0; g < G; g++) {
    const wg = w[wo + g];
    const row = g * K;
    for (let j = eOff[g], end = eOff[g + 1]; j < end; j++) {
      const a = eCol[j];
      S[a] += wg * e[row + a];
    }
  }
  for (let i = 0; i < q; i++) {
    let v = 0;
    for (let j = LOff[i], end = LOff[i + 1]; j < end; j++) v += L[i * K + LCol[j]] * S[LCol[j]];
    num[i] = v;
  }
  for (let g = 0; g < G; g++) {
    const wg = w[wo + g];
    for (let i = 0; i < q; i++) {
      const gi = g * q + i;
      let v = wg * le[gi];
      const row = gi * K;
      for (let j = MOff[gi], end = MOff[gi + 1]; j < end; j++) v -= M[row + MCol[j]] * S[MCol[j]];
      U[gi] = v;
    }
  }
}

/**
 * WCR test of the q × K restriction Rβ = 0 by its Wald statistic; null when the model or covariance
 * is singular.
 */
export function wildJoint(
  sys: ClusterSystem,
  R: Float64Array,
  q: number,
  o: WildOptions,
): WildJoint | null {
  const { G, K, factor } = sys;
  const B = o.replications;
  const rows = aRows(sys);
  const f0 = fit(sys, rows);
  if (!f0) return null;
  const { Ainv, beta } = f0;
  // L = RA⁻¹ (q × K)
  const L = new Float64Array(q * K);
  for (let i = 0; i < q; i++)
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let a = 0; a < K; a++) s += R[i * K + a] * Ainv[a * K + c];
      L[i * K + c] = s;
    }
  const theta = matVec(R, beta, q, K);
  const wb: WaldBuffers = {
    G,
    q,
    factor,
    V: new Float64Array(q * q),
    Vi: new Float64Array(q * q),
    L: new Float64Array(q * q),
    Li: new Float64Array(q * q),
  };
  const wald = (num: Float64Array, U: Float64Array) => waldStatistic(wb, num, U);
  const U = new Float64Array(G * q);
  const rb = rowsFor(sys, rows, beta);
  const s = new Float64Array(K);
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < K; a++) {
      const r = g * K + a;
      let v = sys.b[r];
      for (let j = rb.off[r]; j < rb.off[r + 1]; j++)
        v -= sys.A[r * K + rb.col[j]] * beta[rb.col[j]];
      s[a] = v;
    }
    matVecInto(L, s, q, K, U, g * q);
  }
  const W = wald(theta, U);
  if (W === null) return null;
  // β_r = β̂ − A⁻¹R′(RA⁻¹R′)⁻¹Rβ̂
  const RAR = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let a = 0; a < K; a++) s += L[i * K + a] * R[j * K + a];
      RAR[i * q + j] = s;
    }
  const RARi = choleskyInverse(RAR, q);
  if (!RARi) return null;
  const lam = matVec(RARi, theta, q, q);
  const betaR = beta.slice();
  for (let c = 0; c < K; c++) {
    let s = 0;
    for (let i = 0; i < q; i++) s += L[i * K + c] * lam[i];
    betaR[c] -= s;
  }
  const e = new Float64Array(G * K);
  const le = new Float64Array(G * q);
  const rr = rowsFor(sys, rows, betaR);
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < K; a++) {
      const r = g * K + a;
      let v = sys.b[r];
      for (let j = rr.off[r]; j < rr.off[r + 1]; j++)
        v -= sys.A[r * K + rr.col[j]] * betaR[rr.col[j]];
      e[r] = v;
    }
    matVecInto(L, e.subarray(g * K, g * K + K), q, K, le, g * q);
  }
  // M_g = L A_g A⁻¹ (q × K per cluster)
  const M = new Float64Array(G * q * K);
  const rl = rowsFor(sys, rows, L, Ainv);
  for (let i = 0; i < q; i++) {
    const mi = influenceRows(sys, Ainv, L.subarray(i * K, i * K + K), rl);
    for (let g = 0; g < G; g++)
      for (let c = 0; c < K; c++) M[g * q * K + i * K + c] = mi[g * K + c];
  }
  const dense = !allFinite(e, le, M, L);
  const ez = nonZeroColumns(G, K, dense, e);
  const Lz = nonZeroColumns(q, K, dense, L);
  const Mz = nonZeroColumns(G * q, K, dense, M);
  const terms: JointTerms = {
    G,
    K,
    q,
    e,
    eOff: ez.off,
    eCol: ez.col,
    L,
    LOff: Lz.off,
    LCol: Lz.col,
    M,
    MOff: Mz.off,
    MCol: Mz.col,
    le,
    S: new Float64Array(K),
    num: new Float64Array(q),
    U: new Float64Array(G * q),
  };
  const draws = weightRows(o.seed, o.weights, G, B);
  const floor = W - 1e-12 * Math.max(1, W);
  let k = 0;
  let singular = 0;
  const kept = o.keep ? new Float64Array(B) : undefined;
  const every = Math.max(1, Math.floor(B / 100));
  for (let r = 0; r < B; r++) {
    jointDraw(terms, draws.w, draws.next());
    const Ws = wald(terms.num, terms.U);
    if (kept) kept[r] = Ws ?? Number.NaN;
    if (Ws === null) singular++;
    else if (Ws >= floor) k++;
    if (o.onProgress && (r + 1) % every === 0) o.onProgress(r + 1, B);
  }
  return { statistic: W, p: (1 + k) / (1 + B), singular, ...(kept ? { draws: kept } : {}) };
}

export interface EffectiveClusters {
  /** G* = (Σγ_g)²/Σγ_g² over the participating clusters. */
  gstar: number;
  /** The largest γ_g / Σγ_g among them, and its cluster index. */
  max_share: number;
  max_index: number;
}

/**
 * Carter–Schnepel–Steigerwald's effective number of clusters, taken over the
 * participating clusters: γ_g = ℓ′A_gℓ (ℓ = A⁻¹R′, the estimate's weights on
 * the observations; homoskedastic, uncorrelated errors, ρ = 0), G* =
 * (Σγ)²/Σγ² = G/(1 + Γ), Γ the squared coefficient of variation of γ.
 * With the 2×2 DiD, γ_g = Σ_c n_gc/N_c² over the treated cells: the inverse
 * Herfindahl index of the municipalities' person-weeks when both cohorts
 * are alike.
 */
export function effectiveClusters(
  sys: ClusterSystem,
  R: ArrayLike<number>,
  participating: ArrayLike<boolean>,
): EffectiveClusters | null {
  const { G, K } = sys;
  const rows = aRows(sys);
  const f0 = fit(sys, rows);
  if (!f0) return null;
  const l = matVec(f0.Ainv, R, K, K);
  const { off, col } = rowsFor(sys, rows, l);
  let s1 = 0;
  let s2 = 0;
  let max = 0;
  let at = -1;
  const gam = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    if (!participating[g]) continue;
    let v = 0;
    for (let a = 0; a < K; a++) {
      if (l[a] === 0) continue;
      let s = 0;
      const r = g * K + a;
      for (let j = off[r]; j < off[r + 1]; j++) s += sys.A[r * K + col[j]] * l[col[j]];
      v += l[a] * s;
    }
    gam[g] = v;
    s1 += v;
    s2 += v * v;
    if (v > max) {
      max = v;
      at = g;
    }
  }
  if (!(s1 > 0)) return null;
  return { gstar: (s1 * s1) / s2, max_share: max / s1, max_index: at };
}
