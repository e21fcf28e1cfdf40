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
      w[g] = (bits >>> (g & 31)) & 1 ? 1 : -1;
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
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = M[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 1e-300)) return null;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  // inverse = L⁻ᵀL⁻¹
  const Li = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    Li[i * n + i] = 1 / L[i * n + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * n + k] * Li[k * n + j];
      Li[i * n + j] = s / L[i * n + i];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += Li[k * n + i] * Li[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  return inv;
}

/** Σ_g A_g, A⁻¹ (Cholesky; null when singular) and β̂. */
function fit(sys: ClusterSystem) {
  const { G, K } = sys;
  const A = new Float64Array(K * K);
  const b = new Float64Array(K);
  for (let g = 0; g < G; g++) {
    for (let i = 0; i < K * K; i++) A[i] += sys.A[g * K * K + i];
    for (let i = 0; i < K; i++) b[i] += sys.b[g * K + i];
  }
  const Ainv = choleskyInverse(A, K);
  if (!Ainv) return null;
  return { A, Ainv, beta: matVec(Ainv, b, K, K) };
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

/** ℓ·A_g·A⁻¹ for each cluster (G × K): how cluster g's fitted values move the estimate. */
function influenceRows(sys: ClusterSystem, Ainv: Float64Array, l: Float64Array): Float64Array {
  const { G, K } = sys;
  const m = new Float64Array(G * K);
  const lA = new Float64Array(K);
  for (let g = 0; g < G; g++) {
    lA.fill(0);
    const o = g * K * K;
    for (let a = 0; a < K; a++) {
      const la = l[a];
      if (la === 0) continue;
      for (let c = 0; c < K; c++) lA[c] += la * sys.A[o + a * K + c];
    }
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let a = 0; a < K; a++) s += lA[a] * Ainv[a * K + c];
      m[g * K + c] = s;
    }
  }
  return m;
}

/** Critical p: reject δ when p(δ) < 1 − level (as every verdict does). */
const alphaOf = (level: number) => Number((1 - level).toPrecision(12));

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
  const f0 = fit(sys);
  if (!f0) return null;
  const { Ainv, beta } = f0;
  const l = matVec(Ainv, R, K, K); // ℓ = RA⁻¹ (A⁻¹ symmetric)
  const lR = l.reduce((s, v, i) => s + v * R[i], 0);
  const theta = beta.reduce((s, v, i) => s + v * R[i], 0);
  // Unrestricted clustered SE.
  let ss = 0;
  for (let g = 0; g < G; g++) {
    let u = 0;
    for (let a = 0; a < K; a++) {
      let s = sys.b[g * K + a];
      for (let c = 0; c < K; c++) s -= sys.A[g * K * K + a * K + c] * beta[c];
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
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < K; a++) {
      let se0 = sys.b[g * K + a];
      let sd = 0;
      for (let c = 0; c < K; c++) {
        const Aac = sys.A[g * K * K + a * K + c];
        se0 -= Aac * betaR0[c];
        sd += Aac * h[c];
      }
      e[g * K + a] = se0;
      d[g * K + a] = sd;
      le[g] += l[a] * se0;
      ld[g] += l[a] * sd;
    }
  }
  const m = influenceRows(sys, Ainv, l);
  // Per draw: θ* − δ = x − δy; u*_g = α_g + δβ_g; keep x, y, Σα², Σαβ, Σβ².
  const X = new Float64Array(B);
  const Y = new Float64Array(B);
  const P0 = new Float64Array(B);
  const P1 = new Float64Array(B);
  const P2 = new Float64Array(B);
  const rand = mulberry32(o.seed);
  const w = new Float64Array(G);
  const S0 = new Float64Array(K);
  const S1 = new Float64Array(K);
  const every = Math.max(1, Math.floor(B / 100));
  for (let r = 0; r < B; r++) {
    drawWeights(rand, o.weights, w);
    S0.fill(0);
    S1.fill(0);
    for (let g = 0; g < G; g++) {
      const wg = w[g];
      if (wg === 0) continue;
      for (let a = 0; a < K; a++) {
        S0[a] += wg * e[g * K + a];
        S1[a] += wg * d[g * K + a];
      }
    }
    let x = 0;
    let y = 0;
    for (let a = 0; a < K; a++) {
      x += l[a] * S0[a];
      y += l[a] * S1[a];
    }
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    for (let g = 0; g < G; g++) {
      let mS0 = 0;
      let mS1 = 0;
      for (let a = 0; a < K; a++) {
        mS0 += m[g * K + a] * S0[a];
        mS1 += m[g * K + a] * S1[a];
      }
      const al = w[g] * le[g] - mS0;
      const be = -w[g] * ld[g] + mS1;
      p0 += al * al;
      p1 += al * be;
      p2 += be * be;
    }
    X[r] = x;
    Y[r] = y;
    P0[r] = p0;
    P1[r] = p1;
    P2[r] = p2;
    if (o.onProgress && (r + 1) % every === 0) o.onProgress(r + 1, B);
  }
  const pAt = (delta: number): number => {
    const t = Math.abs(theta - delta) / se;
    const floor = t - 1e-12 * Math.max(1, t);
    let k = 0;
    for (let r = 0; r < B; r++) {
      const v = factor * (P0[r] + 2 * delta * P1[r] + delta * delta * P2[r]);
      // A draw without variation cannot be as extreme as the data: t* = 0.
      const ts = v > 0 ? Math.abs(X[r] - delta * Y[r]) / Math.sqrt(v) : 0;
      if (ts >= floor) k++;
    }
    return (1 + k) / (1 + B);
  };
  const a = alphaOf(o.level);
  const out: WildScalar = { estimate: theta, se, p: pAt(0), ci_low: null, ci_high: null };
  if (o.keep) out.draws = X.map((x, r) => (P0[r] > 0 ? x / Math.sqrt(factor * P0[r]) : 0));
  if (1 / (1 + B) >= a) {
    out.problem =
      `too few replications for a ${Number((o.level * 100).toFixed(1))} ` +
      `% bootstrap interval (at least ${Math.ceil(1 / a - 1 - 1e-9)} ` +
      `needed)`;
    return out;
  }
  const bound = (dir: 1 | -1): number | null => {
    let inside = 0; // offsets in SE from θ̂ accepted (p ≥ α)
    let step = 1;
    let outside = Number.NaN;
    while (step <= 1e6) {
      if (pAt(theta + dir * step * se) < a) {
        outside = step;
        break;
      }
      inside = step;
      step *= 2;
    }
    if (Number.isNaN(outside)) return null;
    for (let i = 0; i < 60 && outside - inside > 1e-10; i++) {
      const mid = (inside + outside) / 2;
      if (pAt(theta + dir * mid * se) < a) outside = mid;
      else inside = mid;
    }
    return theta + dir * inside * se;
  };
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
  const f0 = fit(sys);
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
  const wald = (num: Float64Array, U: Float64Array): number | null => {
    // V = f Σ_g u_g u_g′, U is G × q
    const V = new Float64Array(q * q);
    for (let g = 0; g < G; g++)
      for (let i = 0; i < q; i++) {
        const ui = U[g * q + i];
        if (ui === 0) continue;
        for (let j = 0; j < q; j++) V[i * q + j] += ui * U[g * q + j];
      }
    for (let i = 0; i < q * q; i++) V[i] *= factor;
    const Vi = choleskyInverse(V, q);
    if (!Vi) return null;
    let W = 0;
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) W += num[i] * Vi[i * q + j] * num[j];
    return W;
  };
  const U = new Float64Array(G * q);
  for (let g = 0; g < G; g++) {
    const s = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      let v = sys.b[g * K + a];
      for (let c = 0; c < K; c++) v -= sys.A[g * K * K + a * K + c] * beta[c];
      s[a] = v;
    }
    U.set(matVec(L, s, q, K), g * q);
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
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < K; a++) {
      let v = sys.b[g * K + a];
      for (let c = 0; c < K; c++) v -= sys.A[g * K * K + a * K + c] * betaR[c];
      e[g * K + a] = v;
    }
    le.set(matVec(L, e.subarray(g * K, g * K + K), q, K), g * q);
  }
  // M_g = L A_g A⁻¹ (q × K per cluster)
  const M = new Float64Array(G * q * K);
  for (let i = 0; i < q; i++) {
    const mi = influenceRows(sys, Ainv, L.subarray(i * K, i * K + K));
    for (let g = 0; g < G; g++)
      for (let c = 0; c < K; c++) M[g * q * K + i * K + c] = mi[g * K + c];
  }
  const rand = mulberry32(o.seed);
  const w = new Float64Array(G);
  const S = new Float64Array(K);
  const Us = new Float64Array(G * q);
  const floor = W - 1e-12 * Math.max(1, W);
  let k = 0;
  let singular = 0;
  const kept = o.keep ? new Float64Array(B) : undefined;
  const every = Math.max(1, Math.floor(B / 100));
  for (let r = 0; r < B; r++) {
    drawWeights(rand, o.weights, w);
    S.fill(0);
    for (let g = 0; g < G; g++) {
      const wg = w[g];
      for (let a = 0; a < K; a++) S[a] += wg * e[g * K + a];
    }
    const num = matVec(L, S, q, K);
    for (let g = 0; g < G; g++)
      for (let i = 0; i < q; i++) {
        let v = w[g] * le[g * q + i];
        const off = g * q * K + i * K;
        for (let c = 0; c < K; c++) v -= M[off + c] * S[c];
        Us[g * q + i] = v;
      }
    const Ws = wald(num, Us);
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
  const f0 = fit(sys);
  if (!f0) return null;
  const l = matVec(f0.Ainv, R, K, K);
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
      for (let c = 0; c < K; c++) s += sys.A[g * K * K + a * K + c] * l[c];
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
