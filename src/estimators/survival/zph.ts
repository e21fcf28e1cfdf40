/**
 * Proportional-hazards check as R's cox.zph (survival ≥ 3.0): for each term,
 * the score test at (β̂, 0) for adding a time-varying term x·g(t) to the
 * fitted model (Grambsch & Therneau 1994), and a global test adding all of
 * them. With V_k the information contribution of event step k (Efron steps
 * at tied times) and r_k its Schoenfeld residual, g centred over the events:
 *   u   = Σ_k g_k r_k                      (score of the x·g terms; the β part is 0 at β̂)
 *   I   = [ Σ V_k     Σ g_k V_k  ]
 *         [ Σ g_k V_k Σ g_k² V_k ]
 *   term j:  (0, u_j)' I_(β, j)⁻¹ (0, u_j) on 1 df;   global: (0, u)' I⁻¹ (0, u) on p df.
 * g(t) is 1 − KM(t−) by default (R's "km"), or t, log t, or the rank of t.
 * One sweep over the risk sets plus one pass over the events.
 */
import { chiSquareUpper } from './chisq.js';
import { ldl, ldlInverse, quadraticForm } from './linalg.js';
import { type TimeBlocks, timeBlocks } from './order.js';
import { efronSteps, sweepRiskSets } from './riskset.js';
import type { CoxFit, PhTest, SurvivalData, ZphTransform } from './types.js';

/** g(t) per time block, before centring. */
function timeTransform(d: SurvivalData, B: TimeBlocks, transform: ZphTransform): Float64Array {
  const nb = B.start.length - 1;
  const g = new Float64Array(nb);
  if (transform === 'identity') for (let b = 0; b < nb; b++) g[b] = B.time[b];
  else if (transform === 'log') for (let b = 0; b < nb; b++) g[b] = Math.log(B.time[b]);
  else if (transform === 'rank') {
    // average rank among all subjects (R: rank(times))
    for (let b = 0; b < nb; b++) g[b] = B.start[b] + (B.start[b + 1] - B.start[b] + 1) / 2;
  } else {
    // 1 − S(t−) of the pooled Kaplan–Meier curve
    let atRisk = d.time.length;
    let s = 1;
    for (let b = 0; b < nb; b++) {
      g[b] = 1 - s;
      let dead = 0;
      for (let k = B.start[b]; k < B.start[b + 1]; k++) dead += d.event[B.order[k]];
      if (dead > 0) s *= 1 - dead / atRisk;
      atRisk -= B.start[b + 1] - B.start[b];
    }
  }
  return g;
}

/**
 * Tests proportional hazards for a fitted model (same d and X as the fit).
 * Terms whose coefficient could not be estimated are left out (as R does);
 * returns null when nothing can be tested (no estimable term, an infinite
 * coefficient, fewer than two events, or a singular information matrix).
 */
export function phTest(
  d: SurvivalData,
  X: Float64Array,
  fit: CoxFit,
  opts: { transform?: ZphTransform } = {},
): PhTest | null {
  const transform = opts.transform ?? 'km';
  const P = fit.names.length;
  const keep = fit.coef.flatMap((b, a) => (b !== null ? [a] : []));
  if (keep.length === 0 || fit.infinite.some(Boolean)) return null;
  const p = keep.length;
  const n = d.time.length;
  if (X.length !== n * P) throw new RangeError(`X has ${X.length} entries; expected ${n}·${P}`);
  // centred covariates of the kept terms
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += X[i * P + keep[j]];
    m /= n;
    for (let i = 0; i < n; i++) x[i * p + j] = X[i * P + keep[j]] - m;
  }
  const beta = Float64Array.from(keep, (a) => fit.coef[a]!);
  const B = timeBlocks(d.time);
  const nb = B.start.length - 1;
  const g = timeTransform(d, B, transform);
  let nd = 0;
  let gSum = 0;
  for (let b = 0; b < nb; b++) {
    let dead = 0;
    for (let k = B.start[b]; k < B.start[b + 1]; k++) dead += d.event[B.order[k]];
    nd += dead;
    gSum += dead * g[b];
  }
  if (nd < 2) return null;
  const gMean = gSum / nd;
  for (let b = 0; b < nb; b++) g[b] -= gMean;

  // I11 = Σ V, I12 = Σ g V, I22 = Σ g² V; u = Σ g r; mean x̄ per time for the residuals.
  const I11 = new Float64Array(p * p);
  const I12 = new Float64Array(p * p);
  const I22 = new Float64Array(p * p);
  const u = new Float64Array(p);
  const meanXbar = new Float64Array(nb * p);
  const xbar = new Float64Array(p);
  const V = new Float64Array(p * p);
  const efron = fit.ties === 'efron';
  sweepRiskSets(x, p, d.event, beta, B, true, (s) => {
    const b = s.block;
    const gb = g[b];
    for (let a = 0; a < p; a++) u[a] += gb * s.X1[a];
    efronSteps(s, p, efron, xbar, V, () => {
      for (let a = 0; a < p; a++) {
        u[a] -= gb * xbar[a];
        meanXbar[b * p + a] += xbar[a] / s.dead;
      }
      for (let k = 0; k < p * p; k++) {
        I11[k] += V[k];
        I12[k] += gb * V[k];
        I22[k] += gb * gb * V[k];
      }
    });
  });
  const f11 = ldl(I11, p);
  if (f11.rank < p) return null;

  const terms = keep.map((a, j) => {
    // information of (β, γ_j): I11 bordered by column j of I12 and I22[j, j]
    const m = p + 1;
    const M = new Float64Array(m * m);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) M[r * m + c] = I11[r * p + c];
    for (let r = 0; r < p; r++) M[r * m + p] = M[p * m + r] = I12[r * p + j];
    M[p * m + p] = I22[j * p + j];
    const v = new Float64Array(m);
    v[p] = u[j];
    const chisq = quadraticForm(M, m, v).value;
    return { term: fit.names[a], rho: 0, chisq, df: 1, p: chiSquareUpper(chisq, 1) };
  });
  const m2 = 2 * p;
  const M2 = new Float64Array(m2 * m2);
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < p; c++) {
      M2[r * m2 + c] = I11[r * p + c];
      M2[r * m2 + p + c] = I12[r * p + c];
      M2[(p + r) * m2 + c] = I12[c * p + r];
      M2[(p + r) * m2 + p + c] = I22[r * p + c];
    }
  }
  const v2 = new Float64Array(m2);
  for (let a = 0; a < p; a++) v2[p + a] = u[a];
  const glob = quadraticForm(M2, m2, v2).value;

  // rho: correlation over events of g with the scaled Schoenfeld residuals nd·I11⁻¹ (x_i − mean
  // x̄).
  const Vinv = ldlInverse(f11);
  const sc = new Float64Array(p);
  const r = new Float64Array(p);
  const sum = new Float64Array(p);
  const sq = new Float64Array(p);
  const cross = new Float64Array(p);
  let gg = 0;
  for (let b = 0; b < nb; b++) {
    for (let k = B.start[b]; k < B.start[b + 1]; k++) {
      const i = B.order[k];
      if (!d.event[i]) continue;
      gg += g[b] * g[b];
      for (let a = 0; a < p; a++) r[a] = x[i * p + a] - meanXbar[b * p + a];
      for (let a = 0; a < p; a++) {
        let v = 0;
        for (let c = 0; c < p; c++) v += Vinv[a * p + c] * r[c];
        sc[a] = nd * v;
        sum[a] += sc[a];
        sq[a] += sc[a] * sc[a];
        cross[a] += sc[a] * g[b]; // g is centred over the events
      }
    }
  }
  terms.forEach((t, a) => {
    const vs = sq[a] - (sum[a] * sum[a]) / nd;
    t.rho = vs > 0 && gg > 0 ? cross[a] / Math.sqrt(vs * gg) : 0;
  });
  return { transform, terms, global: { chisq: glob, df: p, p: chiSquareUpper(glob, p) } };
}
