/**
 * Cox proportional hazards by Newton–Raphson with Efron (R's default) or
 * Breslow ties.
 *
 * Subjects are sorted by time once; each iteration is one backward pass that
 * grows the risk-set sums S0 = Σ r, S1 = Σ r x, S2 = Σ r x x' (r = e^{x'β})
 * and, at each event time with d tied events (sums D0, D1, D2 over them),
 * adds Efron's terms for l = 0..d−1 with f = l/d (Breslow: f = 0):
 *   loglik += Σ_D x'β − Σ_l log(S0 − f D0)
 *   score  += Σ_D x − Σ_l (S1 − f D1)/(S0 − f D0)
 *   info   += Σ_l [(S2 − f D2)/(S0 − f D0) − x̄_l x̄_l'],  x̄_l = (S1 − f D1)/(S0 − f D0)
 * O(n·p²) per iteration, typed arrays only, nothing n×n.
 */
import { Matrix, inverse } from 'ml-matrix';
import { twoSidedP, zCritical } from '../normal.js';
import { chiSquareUpper } from './chisq.js';
import { orderByTime } from './order.js';
import type { SurvivalData } from './types.js';

export interface CoxOptions {
  ties?: 'efron' | 'breslow';
  /** Cluster id per subject for the robust (grouped sandwich) variance. */
  cluster?: Int32Array;
  maxIter?: number;
  /** Convergence: |1 − loglik_old / loglik_new| ≤ tol (R's eps). */
  tol?: number;
  level?: number;
}

export interface CoxFit {
  names: string[];
  coef: number[];
  se: number[];
  robust_se: number[] | null;
  hr: number[];
  ci_low: number[];
  ci_high: number[];
  p: number[];
  /** Log partial likelihood at β = 0 and at the estimate. */
  loglik: [number, number];
  /** Likelihood-ratio, Wald and score tests of all coefficients. */
  lrt: { chisq: number; df: number; p: number };
  iterations: number;
  converged: boolean;
  n: number;
  events: number;
  vcov: number[][];
  problem?: string;
}

interface Pass {
  loglik: number;
  score: Float64Array;
  info: Float64Array;
}

/** Sorted layout shared by every pass. */
interface Layout {
  order: Int32Array;
  /** Start index in `order` of each distinct-time block (ascending), plus n at the end. */
  blocks: Int32Array;
}

function layout(time: Float64Array): Layout {
  const order = orderByTime(time);
  const starts: number[] = [];
  for (let i = 0; i < order.length; i++) if (i === 0 || time[order[i]] !== time[order[i - 1]]) starts.push(i);
  starts.push(order.length);
  return { order, blocks: Int32Array.from(starts) };
}

/** Log partial likelihood, score and information at β (x already centred). */
function coxPass(d: SurvivalData, x: Float64Array, p: number, beta: Float64Array, L: Layout, efron: boolean): Pass {
  const S1 = new Float64Array(p);
  const S2 = new Float64Array(p * p);
  const D1 = new Float64Array(p);
  const D2 = new Float64Array(p * p);
  const score = new Float64Array(p);
  const info = new Float64Array(p * p);
  const xbar = new Float64Array(p);
  let S0 = 0;
  let loglik = 0;
  for (let b = L.blocks.length - 2; b >= 0; b--) {
    let D0 = 0;
    let dead = 0;
    D1.fill(0);
    D2.fill(0);
    for (let k = L.blocks[b]; k < L.blocks[b + 1]; k++) {
      const i = L.order[k];
      const row = i * p;
      let eta = 0;
      for (let a = 0; a < p; a++) eta += x[row + a] * beta[a];
      const r = Math.exp(eta);
      S0 += r;
      for (let a = 0; a < p; a++) {
        const ra = r * x[row + a];
        S1[a] += ra;
        for (let c = 0; c <= a; c++) S2[a * p + c] += ra * x[row + c];
      }
      if (d.event[i]) {
        dead++;
        D0 += r;
        loglik += eta;
        for (let a = 0; a < p; a++) {
          const ra = r * x[row + a];
          D1[a] += ra;
          score[a] += x[row + a];
          for (let c = 0; c <= a; c++) D2[a * p + c] += ra * x[row + c];
        }
      }
    }
    for (let l = 0; l < dead; l++) {
      const f = efron ? l / dead : 0;
      const den = S0 - f * D0;
      loglik -= Math.log(den);
      for (let a = 0; a < p; a++) {
        xbar[a] = (S1[a] - f * D1[a]) / den;
        score[a] -= xbar[a];
      }
      for (let a = 0; a < p; a++) for (let c = 0; c <= a; c++) info[a * p + c] += (S2[a * p + c] - f * D2[a * p + c]) / den - xbar[a] * xbar[c];
    }
  }
  for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) info[c * p + a] = info[a * p + c];
  return { loglik, score, info };
}

/**
 * Score residuals per subject (Efron-aware), for the robust variance:
 * U_i = Σ_{event times t_j ≤ t_i} [δ_ij (x_i − x̄_j)/d_j-averaged − w_ij r_i Σ_l (x_i − x̄_jl)/den_jl],
 * w = 1 for subjects at risk, 1 − l/d for those dying at t_j; Σ_i U_i = score.
 */
/** Per event time, the Efron sums the residuals need (one backward pass over the risk sets). */
interface EfronBlocks {
  /** Risk score e^{x'β} per subject. */
  r: Float64Array;
  /** Events per block. */
  deadIn: Int32Array;
  /** Σ_l 1/den_l, Σ_l x̄_l/den_l, Σ_l x̄_l, Σ_l f_l/den_l, Σ_l f_l x̄_l/den_l (vectors are p per block). */
  h0: Float64Array;
  h1: Float64Array;
  mbar: Float64Array;
  g0: Float64Array;
  g1: Float64Array;
}

function efronBlocks(d: SurvivalData, x: Float64Array, p: number, beta: Float64Array, L: Layout, efron: boolean): EfronBlocks {
  const n = d.time.length;
  const nb = L.blocks.length - 1;
  const h0 = new Float64Array(nb);
  const h1 = new Float64Array(nb * p);
  const mbar = new Float64Array(nb * p);
  const g0 = new Float64Array(nb);
  const g1 = new Float64Array(nb * p);
  const deadIn = new Int32Array(nb);
  const r = new Float64Array(n);
  const S1 = new Float64Array(p);
  const D1 = new Float64Array(p);
  let S0 = 0;
  for (let b = nb - 1; b >= 0; b--) {
    let D0 = 0;
    let dead = 0;
    D1.fill(0);
    for (let k = L.blocks[b]; k < L.blocks[b + 1]; k++) {
      const i = L.order[k];
      let eta = 0;
      for (let a = 0; a < p; a++) eta += x[i * p + a] * beta[a];
      r[i] = Math.exp(eta);
      S0 += r[i];
      for (let a = 0; a < p; a++) S1[a] += r[i] * x[i * p + a];
      if (d.event[i]) {
        dead++;
        D0 += r[i];
        for (let a = 0; a < p; a++) D1[a] += r[i] * x[i * p + a];
      }
    }
    deadIn[b] = dead;
    for (let l = 0; l < dead; l++) {
      const f = efron ? l / dead : 0;
      const den = S0 - f * D0;
      h0[b] += 1 / den;
      g0[b] += f / den;
      for (let a = 0; a < p; a++) {
        const xb = (S1[a] - f * D1[a]) / den;
        h1[b * p + a] += xb / den;
        g1[b * p + a] += (f * xb) / den;
        mbar[b * p + a] += xb;
      }
    }
  }
  return { r, deadIn, h0, h1, mbar, g0, g1 };
}

function scoreResiduals(d: SurvivalData, x: Float64Array, p: number, beta: Float64Array, L: Layout, efron: boolean): Float64Array {
  const n = d.time.length;
  const nb = L.blocks.length - 1;
  const { r, deadIn, h0, h1, mbar, g0, g1 } = efronBlocks(d, x, p, beta, L, efron);
  // Forward pass: cumulative hazard sums up to and including each block.
  const U = new Float64Array(n * p);
  const c0 = { v: 0 };
  const c1 = new Float64Array(p);
  for (let b = 0; b < nb; b++) {
    c0.v += h0[b];
    for (let a = 0; a < p; a++) c1[a] += h1[b * p + a];
    const dead = deadIn[b];
    for (let k = L.blocks[b]; k < L.blocks[b + 1]; k++) {
      const i = L.order[k];
      for (let a = 0; a < p; a++) {
        const xi = x[i * p + a];
        let u = -r[i] * (xi * c0.v - c1[a]);
        if (d.event[i] && dead > 0) {
          // Own event: (1/d) Σ_l (x_i − x̄_l), and give back the f-share of the risk term.
          u += xi - mbar[b * p + a] / dead;
          u += r[i] * (xi * g0[b] - g1[b * p + a]);
        }
        U[i * p + a] = u;
      }
    }
  }
  return U;
}

function toMatrix(a: Float64Array, p: number): Matrix {
  return new Matrix(Array.from({ length: p }, (_, i) => Array.from(a.subarray(i * p, i * p + p))));
}

export function coxPH(d: SurvivalData, X: Float64Array, names: string[], opts: CoxOptions = {}): CoxFit {
  const p = names.length;
  const n = d.time.length;
  const efron = (opts.ties ?? 'efron') === 'efron';
  const maxIter = opts.maxIter ?? 30;
  const tol = opts.tol ?? 1e-9;
  const z = zCritical(opts.level ?? 0.95);
  let events = 0;
  for (let i = 0; i < n; i++) events += d.event[i];
  const nan = Array(p).fill(NaN) as number[];
  const fail = (problem: string, extra: Partial<CoxFit> = {}): CoxFit => ({
    names, coef: nan, se: nan, robust_se: null, hr: nan, ci_low: nan, ci_high: nan, p: nan, loglik: [NaN, NaN], lrt: { chisq: NaN, df: p, p: NaN },
    iterations: 0, converged: false, n, events, vcov: [], problem, ...extra,
  });
  if (n === 0) return fail('no subjects');
  if (events === 0) return fail('no events: every subject is censored, so there is no hazard to compare');
  // Centre covariates (as R does) for numerical stability; the coefficients are unchanged.
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) means[a] += X[i * p + a] / n;
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) x[i * p + a] = X[i * p + a] - means[a];
  for (let a = 0; a < p; a++) {
    let varies = false;
    for (let i = 1; i < n && !varies; i++) if (X[i * p + a] !== X[a]) varies = true;
    if (!varies) return fail(`covariate "${names[a]}" is constant: its effect cannot be estimated`);
  }
  const L = layout(d.time);
  let beta = new Float64Array(p);
  let cur = coxPass(d, x, p, beta, L, efron);
  const ll0 = cur.loglik;
  let converged = false;
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let inv: Matrix;
    try {
      inv = inverse(toMatrix(cur.info, p));
    } catch {
      break;
    }
    const step = new Float64Array(p);
    for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) step[a] += inv.get(a, c) * cur.score[c];
    let scale = 1;
    let next: Pass | null = null;
    let nb = beta;
    for (let half = 0; half < 30; half++) {
      nb = beta.map((b, a) => b + scale * step[a]);
      const trial = coxPass(d, x, p, nb, L, efron);
      if (Number.isFinite(trial.loglik) && trial.loglik >= cur.loglik - 1e-12 * Math.abs(cur.loglik)) {
        next = trial;
        break;
      }
      scale /= 2;
    }
    if (!next) break;
    const done = Math.abs(1 - cur.loglik / next.loglik) <= tol;
    beta = nb;
    cur = next;
    if (done) {
      converged = true;
      iter++;
      break;
    }
  }
  let vinv: Matrix;
  try {
    vinv = inverse(toMatrix(cur.info, p));
  } catch {
    return fail('the information matrix is singular (a covariate is collinear with others or perfectly separates events)');
  }
  const coef = Array.from(beta);
  const se = coef.map((_, a) => Math.sqrt(vinv.get(a, a)));
  let problem: string | undefined;
  const infinite = coef.map((b, a) => Math.abs(b) > 12 || !Number.isFinite(se[a]) || se[a] > 1e3);
  if (infinite.some(Boolean)) {
    problem = `coefficient of ${names.filter((_, a) => infinite[a]).join(', ')} may be infinite (a group has all or none of the events: perfect separation); its hazard ratio is reported as ${coef.find((_, a) => infinite[a])! > 0 ? 'Infinity' : '0'}`;
  } else if (!converged) {
    problem = `did not converge in ${maxIter} iterations`;
  }
  let robust: number[] | null = null;
  if (opts.cluster) {
    const U = scoreResiduals(d, x, p, beta, L, efron);
    const groups = new Map<number, Float64Array>();
    for (let i = 0; i < n; i++) {
      let g = groups.get(opts.cluster[i]);
      if (!g) groups.set(opts.cluster[i], (g = new Float64Array(p)));
      for (let a = 0; a < p; a++) g[a] += U[i * p + a];
    }
    const meat = Matrix.zeros(p, p);
    for (const g of groups.values()) for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) meat.set(a, c, meat.get(a, c) + g[a] * g[c]);
    const rv = vinv.mmul(meat).mmul(vinv);
    robust = coef.map((_, a) => Math.sqrt(rv.get(a, a)));
  }
  const hr = coef.map((b, a) => (infinite[a] ? (b > 0 ? Infinity : 0) : Math.exp(b)));
  const lrtChisq = 2 * (cur.loglik - ll0);
  return {
    names,
    coef,
    se,
    robust_se: robust,
    hr,
    ci_low: coef.map((b, a) => (infinite[a] ? NaN : Math.exp(b - z * se[a]))),
    ci_high: coef.map((b, a) => (infinite[a] ? NaN : Math.exp(b + z * se[a]))),
    p: coef.map((b, a) => (infinite[a] ? NaN : twoSidedP(b / se[a]))),
    loglik: [ll0, cur.loglik],
    lrt: { chisq: lrtChisq, df: p, p: chiSquareUpper(lrtChisq, p) },
    iterations: iter,
    converged,
    n,
    events,
    vcov: Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, c) => vinv.get(a, c))),
    ...(problem ? { problem } : {}),
  };
}

/** Log partial likelihood at a given β (for tests and profile checks). */
export function coxLogLik(d: SurvivalData, X: Float64Array, p: number, beta: number[], ties: 'efron' | 'breslow' = 'efron'): number {
  return coxPass(d, X, p, Float64Array.from(beta), layout(d.time), ties === 'efron').loglik;
}

export interface CoxDiD {
  hr: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  se_log_hr: number | null;
  robust_se_log_hr: number | null;
  robust_ci_low: number | null;
  robust_ci_high: number | null;
  robust_p: number | null;
  /** Implied change in mean duration, 1 − 1/HR. */
  duration_change: number | null;
  fit: CoxFit;
  problem?: string;
}

/** Cox model with treated, during and treated·during; the effect is the interaction's hazard ratio. */
export function coxDiD(d: SurvivalData, treated: Uint8Array, during: Uint8Array, opts: CoxOptions = {}): CoxDiD {
  const n = d.time.length;
  const X = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    X[3 * i] = treated[i];
    X[3 * i + 1] = during[i];
    X[3 * i + 2] = treated[i] * during[i];
  }
  const fit = coxPH(d, X, ['treated', 'during', 'treated:during'], opts);
  const z = zCritical(opts.level ?? 0.95);
  const b = fit.coef[2];
  const ok = Number.isFinite(b) && Number.isFinite(fit.se[2]) && !(fit.problem && /infinite/.test(fit.problem) && /treated:during/.test(fit.problem));
  const rse = fit.robust_se ? fit.robust_se[2] : null;
  const fin = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    hr: ok ? Math.exp(b) : fin(fit.hr[2]) ?? (Number.isNaN(fit.hr[2]) ? null : fit.hr[2]),
    ci_low: ok ? fin(fit.ci_low[2]) : null,
    ci_high: ok ? fin(fit.ci_high[2]) : null,
    p: ok ? fin(fit.p[2]) : null,
    se_log_hr: ok ? fin(fit.se[2]) : null,
    robust_se_log_hr: ok && rse !== null ? rse : null,
    robust_ci_low: ok && rse !== null ? Math.exp(b - z * rse) : null,
    robust_ci_high: ok && rse !== null ? Math.exp(b + z * rse) : null,
    robust_p: ok && rse !== null ? twoSidedP(b / rse) : null,
    duration_change: ok ? 1 - Math.exp(-b) : null,
    fit,
    ...(fit.problem ? { problem: fit.problem } : {}),
  };
}

/**
 * Proportional-hazards check (Grambsch & Therneau 1994, as cox.zph in R
 * survival < 3.0): correlate each event's Schoenfeld residual x_i − x̄(t)
 * (x̄ averaged over Efron's steps) with a transform of time — 1 − KM(t−),
 * R's default "km" — per term and globally:
 *   T_a = (Σ_k g_k (r_k V)_a · d)² / (V_aa · d · Σ g_k²),   g_k = time transform − its mean,
 *   global = (Σ g_k r_k)' V (Σ g_k r_k) · d / Σ g_k²,       d = number of events.
 * Typed arrays and two passes over the sorted subjects; no per-event objects.
 */
export function phTest(d: SurvivalData, X: Float64Array, fit: CoxFit, ties: 'efron' | 'breslow' = 'efron'): { terms: { term: string; rho: number; chisq: number; p: number }[]; global: { chisq: number; df: number; p: number } } | null {
  const p = fit.names.length;
  if (!fit.coef.every(Number.isFinite)) return null;
  const n = d.time.length;
  const beta = Float64Array.from(fit.coef);
  const L = layout(d.time);
  const nb = L.blocks.length - 1;
  const efron = ties === 'efron';
  // x̄ per event time, averaged over Efron's steps.
  const { deadIn, mbar } = efronBlocks(d, X, p, beta, L, efron);
  const mean = new Float64Array(nb * p);
  for (let b = 0; b < nb; b++) for (let a = 0; a < p; a++) if (deadIn[b] > 0) mean[b * p + a] = mbar[b * p + a] / deadIn[b];
  // Forward: the KM time transform per block (before that time's events), and its mean over events.
  const g = new Float64Array(nb);
  let atRisk = n;
  let s = 1;
  let nd = 0;
  let gSum = 0;
  for (let b = 0; b < nb; b++) {
    g[b] = 1 - s;
    const dead = deadIn[b];
    nd += dead;
    gSum += dead * g[b];
    if (dead > 0) s *= 1 - dead / atRisk;
    atRisk -= L.blocks[b + 1] - L.blocks[b];
  }
  if (nd < 3) return null;
  const gMean = gSum / nd;
  const V = fit.vcov;
  // Σ g_k r_k, Σ g_k², and the moments of the scaled residuals (r V · d) for the correlations.
  const raw = new Float64Array(p);
  const scaledSum = new Float64Array(p);
  const scaledSq = new Float64Array(p);
  const scaledG = new Float64Array(p);
  const r = new Float64Array(p);
  let sgg = 0;
  for (let b = 0; b < nb; b++) {
    if (deadIn[b] === 0) continue;
    const gk = g[b] - gMean;
    for (let k = L.blocks[b]; k < L.blocks[b + 1]; k++) {
      const i = L.order[k];
      if (!d.event[i]) continue;
      sgg += gk * gk;
      for (let a = 0; a < p; a++) {
        r[a] = X[i * p + a] - mean[b * p + a];
        raw[a] += gk * r[a];
      }
      for (let a = 0; a < p; a++) {
        let sc = 0;
        for (let c = 0; c < p; c++) sc += r[c] * V[c][a];
        sc *= nd;
        scaledSum[a] += sc;
        scaledSq[a] += sc * sc;
        scaledG[a] += sc * gk;
      }
    }
  }
  if (!(sgg > 0)) return null;
  const terms = fit.names.map((term, a) => {
    const chisq = (scaledG[a] * scaledG[a]) / (V[a][a] * nd * sgg);
    const vv = scaledSq[a] - (scaledSum[a] * scaledSum[a]) / nd;
    // Σ (sc − mean) g = Σ sc·g, since Σ g = 0 over events.
    return { term, rho: vv > 0 ? scaledG[a] / Math.sqrt(vv * sgg) : 0, chisq, p: chiSquareUpper(chisq, 1) };
  });
  let glob = 0;
  for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) glob += raw[a] * V[a][c] * raw[c];
  glob = (glob * nd) / sgg;
  return { terms, global: { chisq: glob, df: p, p: chiSquareUpper(glob, p) } };
}
