/**
 * Relative-magnitudes sensitivity of the overall effect (Rambachan and Roth
 * 2023, Δ^RM(M̄); docs/definitions.md, "Sensitivity to a violation of
 * parallel trends").
 *
 * The event-study coefficients β(e) are the effect plus a bias δ(e) from a
 * violation of parallel trends; δ(−1) = 0 and, before the start, δ = β.
 * Δ^RM(M̄) lets every step δ(e) − δ(e−1) after the start (e ≥ 0) be at most
 * M̄ times the largest pre-period step D = max |β(e+1) − β(e)|, e ≤ −2.
 *
 * Closed form instead of the paper's linear programs: for the overall
 * effect θ = Σ l_e β(e) (l_e = n_e/N ≥ 0, Σ l_e = 1) the bias Σ l_e δ(e) is
 * Σ_k (δ(k) − δ(k−1))·Σ_{e≥k} l_e, so its largest value under box limits on
 * the steps is M̄·D·Λ with Λ = Σ_k Σ_{e≥k} l_e = Σ_e l_e (e + 1) (the lead
 * that bias80 uses). The R reference solves the linear program instead.
 *
 * Inference: Δ^RM is the union over which pre-period step is largest (s)
 * and its sign (σ) of polyhedra; on each, H0: θ = θ̄ is two linear moment
 * inequalities in the normal vector (θ̂, w = σ·step_s):
 *   θ̂ − θ̄ − mw ≤ 0,  θ̄ − θ̂ − mw ≤ 0,  m = M̄Λ,
 * each compared with z_{1−α/2} times its own standard error (Bonferroni over
 * the two: valid, and at M̄ = 0 exactly the usual two-sided interval). The
 * robust interval is the union over (s, σ) of
 *   [θ̂ − mw − z·sd(θ̂ − mw), θ̂ + mw + z·sd(θ̂ + mw)].
 * HonestDiD's conditional-hybrid test gives shorter intervals (so a larger
 * breakdown value) at the price of simulation and many linear programs; this
 * test is conservative, closed-form and deterministic.
 */
import { zCritical } from '../normal.js';

export interface SensitivityInput {
  /**
   * Event times with estimates, ascending; must include every e from the first pre-period to the
   * last post-period except −1.
   */
  e: number[];
  /** β(e). */
  beta: number[];
  /** Joint covariance of (β(e)..., θ̂): index e.length is the overall effect. */
  V: number[][];
  /** The overall effect θ̂ and the weight l_e of each event time in it (0 before the start). */
  theta: number;
  weights: number[];
  level: number;
  /** M̄ at which to report the robust interval. */
  at?: number[];
}

export interface RobustInterval {
  mbar: number;
  ci_low: number | null;
  ci_high: number | null;
}

export interface Sensitivity {
  method: 'relative-magnitudes';
  /** D: the largest absolute step between adjacent pre-period effects (β(−1) = 0). */
  max_pre_step: number | null;
  /** Λ = Σ l_e (e + 1): the overall effect's worst-case bias is M̄·D·Λ. */
  lead: number | null;
  /** Smallest M̄ at which the robust interval includes 0 (0 when the ordinary interval does). */
  mbar: number | null;
  /** M̄ at which the bias bound alone, M̄·D·Λ, reaches |θ̂| (no sampling error). */
  mbar_identified: number | null;
  robust: RobustInterval[];
  /** The pre-test's bias80, repeated beside the breakdown value. */
  bias80: number | null;
  problem?: string;
}

const quad = (V: number[][], x: number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue;
    for (let j = 0; j < x.length; j++) s += x[i] * V[i][j] * x[j];
  }
  return s;
};

/** One polyhedron (s, σ): u = θ̂, w and the variances needed for sd(u ± m·w). */
interface Piece {
  w: number;
  vuu: number;
  vuw: number;
  vww: number;
}

const sdOf = (p: Piece, m: number, sign: 1 | -1) =>
  Math.sqrt(Math.max(0, p.vuu + 2 * sign * m * p.vuw + m * m * p.vww));

function interval(u: number, p: Piece, m: number, z: number): [number, number] {
  return [u - m * p.w - z * sdOf(p, m, -1), u + m * p.w + z * sdOf(p, m, 1)];
}

/** Roots m of a·m² + b·m + c = 0 (real ones). */
function roots(a: number, b: number, c: number): number[] {
  if (Math.abs(a) < 1e-300) return b === 0 ? [] : [-c / b];
  const d = b * b - 4 * a * c;
  if (d < 0) return [];
  const r = Math.sqrt(d);
  return [(-b - r) / (2 * a), (-b + r) / (2 * a)];
}

/**
 * The smallest m ≥ 0 with 0 inside piece p's interval, or null. Each end is
 * a continuous function of m, so the set of such m is closed and its
 * smallest member is 0 or a point where an end equals 0: a root of
 * (u ∓ mw)² = z²·sd(u ∓ mw)².
 */
function smallestM(u: number, p: Piece, z: number, scale: number): number | null {
  const z2 = z * z;
  const cands = [0];
  // Lower end: (u − mw)² − z²(vuu − 2m vuw + m² vww) = 0.
  cands.push(...roots(p.w * p.w - z2 * p.vww, -2 * u * p.w + 2 * z2 * p.vuw, u * u - z2 * p.vuu));
  // Upper end: (u + mw)² − z²(vuu + 2m vuw + m² vww) = 0.
  cands.push(...roots(p.w * p.w - z2 * p.vww, 2 * u * p.w - 2 * z2 * p.vuw, u * u - z2 * p.vuu));
  const tol = 1e-9 * scale;
  const ok = cands
    .filter((m) => Number.isFinite(m) && m >= 0)
    .sort((a, b) => a - b)
    .find((m) => {
      const [lo, hi] = interval(u, p, m, z);
      return lo <= tol && hi >= -tol;
    });
  return ok ?? null;
}

/** A sensitivity without numbers (why goes in `problem`); bias80 is kept beside it. */
export function noSensitivity(bias80: number | null): Sensitivity {
  return {
    method: 'relative-magnitudes',
    max_pre_step: null,
    lead: null,
    mbar: null,
    mbar_identified: null,
    robust: [],
    bias80,
  };
}

export function relativeMagnitudes(inp: SensitivityInput, bias80: number | null): Sensitivity {
  const none = noSensitivity(bias80);
  const K = inp.e.length;
  const pre = inp.e.map((e, i) => ({ e, i })).filter((r) => r.e <= -2);
  if (pre.length === 0)
    return { ...none, problem: 'no event time before −1 has an estimate: nothing to compare with' };
  // The steps need adjacent pre-periods: −2, −3, … without a gap.
  const emin = pre[0].e;
  for (let e = emin; e <= -2; e++)
    if (!inp.e.includes(e))
      return {
        ...none,
        problem: `event time ${e} has no estimate: the pre-period steps cannot be formed`,
      };
  const idx = (e: number) => inp.e.indexOf(e);
  // Coefficient vectors (over β(e)..., θ̂) of each pre-period step β(e+1) − β(e).
  const steps: number[][] = [];
  for (let e = emin; e <= -2; e++) {
    const x = new Array(K + 1).fill(0);
    x[idx(e)] -= 1;
    if (e + 1 !== -1) x[idx(e + 1)] += 1;
    steps.push(x);
  }
  const dot = (x: number[]) => x.slice(0, K).reduce((a, v, i) => a + v * inp.beta[i], 0);
  const stepValues = steps.map(dot);
  const D = Math.max(...stepValues.map(Math.abs));
  const lead = inp.weights.reduce((a, l, i) => a + l * (inp.e[i] + 1), 0);
  const u = inp.theta;
  const uVec = new Array(K + 1).fill(0);
  uVec[K] = 1;
  const vuu = quad(inp.V, uVec);
  if (!(vuu > 0))
    return { ...none, max_pre_step: D, lead, problem: 'the overall effect has no standard error' };
  const z = zCritical(inp.level);
  const pieces: Piece[] = steps.flatMap((x, k) =>
    ([1, -1] as const).map((sigma) => {
      const xs = x.map((v) => sigma * v);
      const cross = xs.map((v, i) => v + uVec[i]);
      const vww = quad(inp.V, xs);
      // Cov(u, w) from Var(u + w) = vuu + 2 vuw + vww.
      const vuw = (quad(inp.V, cross) - vuu - vww) / 2;
      return { w: sigma * stepValues[k], vuu, vuw, vww };
    }),
  );
  // m = M̄·Λ; the answers are in M̄.
  const scale = Math.abs(u) + Math.sqrt(vuu);
  const ms = pieces.map((p) => smallestM(u, p, z, scale)).filter((m): m is number => m !== null);
  const mbar =
    ms.length === 0 ? null : Math.min(...ms) === 0 ? 0 : lead > 0 ? Math.min(...ms) / lead : null;
  const robust = (inp.at ?? [0.5, 1, 2]).map((M): RobustInterval => {
    const ends = pieces.map((p) => interval(u, p, M * lead, z)).filter(([lo, hi]) => lo <= hi);
    return ends.length === 0
      ? { mbar: M, ci_low: null, ci_high: null }
      : {
          mbar: M,
          ci_low: Math.min(...ends.map((r) => r[0])),
          ci_high: Math.max(...ends.map((r) => r[1])),
        };
  });
  const out: Sensitivity = {
    ...none,
    max_pre_step: D,
    lead,
    mbar,
    mbar_identified: D > 0 && lead > 0 ? Math.abs(u) / (D * lead) : null,
    robust,
  };
  if (mbar === null)
    out.problem =
      lead > 0
        ? 'no violation of this kind brings the robust interval to 0'
        : 'the overall effect has no event time after the start';
  return out;
}
