/**
 * Does a municipality characteristic (a moderator, e.g. fidelity to the
 * programme model) explain the variation? (docs/definitions.md, "Variation
 * between municipalities", Moderators.)
 *
 * Weighted least squares of d_m on x_m with known variances v_m = SE_m² + τ²
 * (weights 1/v_m), as metafor::rma(yi = d, vi = v, mods = ~ x, method =
 * "FE"): slope = Σw(x − x̄)(d − d̄) / Σw(x − x̄)², SE = 1/√Σw(x − x̄)², with
 * x̄, d̄ the w-weighted means. The permutation p-value shuffles the moderator
 * among the treated municipalities (their d and v stay put): all M!
 * permutations when M! ≤ 10^6 (identity included; a permutation that only
 * swaps tied values gives the same slope and counts), else B seeded draws.
 */
import { mulberry32Fill } from '../did/rng.js';

export interface WeightedSlope {
  slope: number;
  se: number;
  /** d̄ − slope·x̄ (w-weighted means): the fitted line's value at x = 0, for drawing it. */
  intercept: number;
}

/** Relative tolerance under which a permuted slope counts as equal to the observed one. */
export const SLOPE_TOLERANCE = 1e-9;
/** Exact enumeration up to this many permutations. */
export const MAX_EXACT_PERMUTATIONS = 1e6;
/** Random permutations drawn when M! is larger. */
export const PERMUTATION_DRAWS = 1e5;

/**
 * Relative spread of x below which the moderator counts as constant: values
 * equal but for rounding (1024 units in the last place, ≈ 2.3·10⁻¹³), so
 * x = 10⁹ + a real spread still varies.
 */
export const CONSTANT_MODERATOR = 1024 * Number.EPSILON;

/**
 * The WLS slope of d on x with weights w; null when x does not vary: its
 * range is at most CONSTANT_MODERATOR × max|x| (values that differ only by
 * floating-point rounding, e.g. 1/3 computed two ways, would otherwise give
 * a slope with a standard error of 10^13).
 */
export function weightedSlope(
  d: readonly number[],
  x: readonly number[],
  w: readonly number[],
): WeightedSlope | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi - lo > CONSTANT_MODERATOR * Math.max(Math.abs(lo), Math.abs(hi)))) return null;
  const s = slopeParts(d, x, w);
  if (!(s.sxx > 0)) return null;
  const slope = s.sxy / s.sxx;
  return { slope, se: 1 / Math.sqrt(s.sxx), intercept: s.md - slope * s.mx };
}

function slopeParts(
  d: ArrayLike<number>,
  x: ArrayLike<number>,
  w: ArrayLike<number>,
): { sxy: number; sxx: number; mx: number; md: number } {
  let sw = 0;
  let swx = 0;
  let swd = 0;
  for (let i = 0; i < d.length; i++) {
    sw += w[i];
    swx += w[i] * x[i];
    swd += w[i] * d[i];
  }
  const mx = swx / sw;
  const md = swd / sw;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < d.length; i++) {
    const dx = x[i] - mx;
    sxy += w[i] * dx * (d[i] - md);
    sxx += w[i] * dx * dx;
  }
  return { sxy, sxx, mx, md };
}

/** n! as a number (exact up to 170!, Infinity beyond). */
export function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** Calls visit(perm) for every permutation of 0..n−1 (Heap's algorithm; the identity first). */
export function forEachPermutation(n: number, visit: (perm: Int32Array) => void): void {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  const c = new Int32Array(n);
  visit(a);
  let i = 1;
  while (i < n) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      const t = a[j];
      a[j] = a[i];
      a[i] = t;
      visit(a);
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
}

export interface PermutationTest {
  /** The permutation p-value. */
  p: number;
  /** M! when enumerated exactly, else the number of random draws B. */
  permutations: number;
  exact: boolean;
}

/**
 * Fisher–Yates from the top on the seeded stream (state as mulberry32Fill's): a uniform ordering
 * of 0 … M − 1 at perm[off …]; `u` holds its M − 1 numbers.
 */
function shuffle(
  state: Uint32Array,
  u: Uint32Array,
  perm: Int32Array | Uint8Array,
  off: number,
  M: number,
) {
  for (let i = 0; i < M; i++) perm[off + i] = i;
  mulberry32Fill(state, u);
  for (let i = M - 1; i > 0; i--) {
    const j = Math.floor((u[M - 1 - i] / 4294967296) * (i + 1));
    const t = perm[off + i];
    perm[off + i] = perm[off + j];
    perm[off + j] = t;
  }
}

/**
 * Every outcome's moderator test draws the same orderings (the spec's seed, the same treated
 * municipalities): the last B × M of them are kept for the next test, up to 16 MB; beyond it
 * (or past 256 municipalities) each test draws them one by one.
 */
const KEEP_ORDERINGS = 1 << 24;
let keptOrderings: { seed: number; M: number; B: number; at: Uint8Array } | null = null;

/**
 * Orderings b = 0 … B − 1: kept (ordering b at b·M of `at`), or drawn into `at` one at a time
 * from the stream state (mulberry32Fill's) with scratch `u`.
 */
interface Orderings {
  at: Uint8Array | Int32Array;
  kept: boolean;
  state: Uint32Array;
  u: Uint32Array;
}

/** Orderings 0, 1, …, B − 1 of the seeded stream: `next()` gives the next one's offset in `at`. */
function permutationRows(seed: number, M: number, B: number): Orderings {
  const state = Uint32Array.of(seed >>> 0);
  const u = new Uint32Array(Math.max(0, M - 1));
  if (M <= 256 && B * M <= KEEP_ORDERINGS) {
    let k = keptOrderings;
    if (!(k && k.seed === seed && k.M === M && k.B === B)) {
      k = { seed, M, B, at: new Uint8Array(B * M) };
      for (let b = 0; b < B; b++) shuffle(state, u, k.at, b * M, M);
      keptOrderings = k;
    }
    return { at: k.at, kept: true, state, u };
  }
  return { at: new Int32Array(M), kept: false, state, u };
}

/** The observed slope's parts that stay with the municipalities (slopePermutationTest). */
interface SlopeTerms {
  M: number;
  /** Centred moderator, weights, w_i(d_i − d̄), Σw, and the bar |slope*| must reach. */
  X: Float64Array;
  W: Float64Array;
  E: Float64Array;
  sw: number;
  bar: number;
}

/** Whether the slope with x permuted by perm[off …] is at least as steep as the observed one. */
function atLeast(t: SlopeTerms, perm: Int32Array | Uint8Array, off: number): boolean {
  const { M, X, W, E, sw, bar } = t;
  let sxy = 0;
  let swx = 0;
  let swxx = 0;
  for (let i = 0; i < M; i++) {
    const xi = X[perm[off + i]];
    sxy += E[i] * xi;
    swx += W[i] * xi;
    swxx += W[i] * xi * xi;
  }
  return Math.abs(sxy / (swxx - (swx * swx) / sw)) >= bar;
}

/**
 * How many of the orderings 0 … B − 1 give a slope at least as steep. Top-level functions, not
 * closures: the engine's optimised code then serves every outcome's test.
 */
function countAtLeast(t: SlopeTerms, o: Orderings, B: number): number {
  let k = 0;
  for (let b = 0; b < B; b++) {
    let off = b * t.M;
    if (!o.kept) {
      shuffle(o.state, o.u, o.at, 0, t.M);
      off = 0;
    }
    if (atLeast(t, o.at, off)) k++;
  }
  return k;
}

/**
 * Permutation p-value of the WLS slope: exact share over all M! orderings of
 * x when M! ≤ maxExact, else (1 + #)/(1 + B) over B seeded random
 * orderings. |slope*| ≥ |slope|·(1 − 10⁻⁹) counts.
 */
export function slopePermutationTest(
  d: readonly number[],
  x: readonly number[],
  w: readonly number[],
  opts: { seed: number; draws?: number; maxExact?: number },
): PermutationTest | null {
  const observed = weightedSlope(d, x, w);
  if (!observed) return null;
  const bar = Math.abs(observed.slope) * (1 - SLOPE_TOLERANCE);
  const M = d.length;
  // The weights stay with the municipalities, so Σw and the weighted d̄ are the same for every
  // ordering;
  // with e_i = w_i(d_i − d̄) (Σe = 0): Σw(x − x̄)(d − d̄) = Σ e_i x_π(i) and Σw(x − x̄)² = Σ w_i
  // x_π(i)² − (Σ w_i x_π(i))²/Σw.
  const W = Float64Array.from(w);
  // Shifting x does not change a slope; centring it keeps Σwx² − (Σwx)²/Σw free of cancellation.
  let mx = 0;
  for (let i = 0; i < M; i++) mx += x[i] / M;
  const X = Float64Array.from(x, (v) => v - mx);
  let sw = 0;
  let swd = 0;
  for (let i = 0; i < M; i++) {
    sw += W[i];
    swd += W[i] * d[i];
  }
  const E = Float64Array.from(d, (v, i) => W[i] * (v - swd / sw));
  const t: SlopeTerms = { M, X, W, E, sw, bar };
  const total = factorial(M);
  if (total <= (opts.maxExact ?? MAX_EXACT_PERMUTATIONS)) {
    let k = 0;
    forEachPermutation(M, (perm) => {
      if (atLeast(t, perm, 0)) k++;
    });
    return { p: k / total, permutations: total, exact: true };
  }
  const B = opts.draws ?? PERMUTATION_DRAWS;
  const k = countAtLeast(t, permutationRows(opts.seed, M, B), B);
  return { p: (1 + k) / (1 + B), permutations: B, exact: false };
}
