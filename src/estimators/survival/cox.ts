/**
 * Cox proportional hazards by Newton–Raphson, with Efron (R's default) or
 * Breslow ties, following R survival's coxph.fit / coxfit6 step for step:
 * covariates centred and scaled, start at β = 0, step halving when the log
 * likelihood falls, convergence when |1 − ℓ_old/ℓ_new| ≤ 1e-9, at most 20
 * iterations, singular directions dropped (coefficient not estimable), and
 * R's test for a coefficient running off to infinity (perfect separation).
 *
 * Per time with d tied events, Efron's terms for l = 0..d−1, f = l/d
 * (Breslow: f = 0), with sums over the risk set (S) and the events (D):
 *   ℓ += Σ_D x'β − Σ_l log(S0 − f D0)
 *   U += Σ_D x − Σ_l x̄_l,                    x̄_l = (S1 − f D1)/(S0 − f D0)
 *   I += Σ_l [(S2 − f D2)/(S0 − f D0) − x̄_l x̄_l']
 */
import { CELL_NAMES, cellIndex } from '../../design/cells.js';
import { twoSidedP, zCritical } from '../normal.js';
import { chiSquareUpper } from './chisq.js';
import { ldl, ldlInverse, ldlSolve } from './linalg.js';
import { checkSurvivalData, type TimeBlocks, timeBlocks } from './order.js';
import { efronSteps, sweepRiskSets } from './riskset.js';
import type { CoxDiD, CoxFit, CoxOptions, SurvivalData, Ties } from './types.js';

interface Pass {
  loglik: number;
  score: Float64Array;
  /** Full symmetric p×p. */
  info: Float64Array;
}

/** Log partial likelihood, score and information at β. */
function coxPass(
  x: Float64Array,
  p: number,
  event: Uint8Array,
  beta: Float64Array,
  B: TimeBlocks,
  efron: boolean,
): Pass {
  const score = new Float64Array(p);
  const info = new Float64Array(p * p);
  const xbar = new Float64Array(p);
  const V = new Float64Array(p * p);
  let loglik = 0;
  sweepRiskSets(x, p, event, beta, B, true, (s) => {
    loglik += s.eta;
    for (let a = 0; a < p; a++) score[a] += s.X1[a];
    efronSteps(s, p, efron, xbar, V, (_f, den) => {
      loglik -= Math.log(den);
      for (let a = 0; a < p; a++) score[a] -= xbar[a];
      for (let a = 0; a < p * p; a++) info[a] += V[a];
    });
  });
  return { loglik, score, info };
}

/**
 * Score residuals per subject (R: residuals(fit, "score")), row-major n×p in
 * the input order; Σ_i U_i = U(β). With Efron ties a subject dying at a tied
 * time takes the average of its steps' Schoenfeld terms and is at risk in
 * step l with weight 1 − l/d:
 *   U_i = δ_i (x_i − mean_l x̄_l) − r_i Σ_{t_j ≤ t_i} Σ_l w_ijl (x_i − x̄_jl)/den_jl.
 * Two passes: backward for the per-time sums, forward for the cumulative hazard terms.
 */
function scoreResidualsCentred(
  x: Float64Array,
  p: number,
  event: Uint8Array,
  beta: Float64Array,
  B: TimeBlocks,
  efron: boolean,
): Float64Array {
  const n = event.length;
  const nb = B.start.length - 1;
  const deadIn = new Int32Array(nb);
  const h0 = new Float64Array(nb); // Σ_l 1/den
  const h1 = new Float64Array(nb * p); // Σ_l x̄_l/den
  const g0 = new Float64Array(nb); // Σ_l f/den
  const g1 = new Float64Array(nb * p); // Σ_l f x̄_l/den
  const mbar = new Float64Array(nb * p); // Σ_l x̄_l
  const r = new Float64Array(n);
  const xbar = new Float64Array(p);
  sweepRiskSets(
    x,
    p,
    event,
    beta,
    B,
    false,
    (s) => {
      const b = s.block;
      deadIn[b] = s.dead;
      efronSteps(s, p, efron, xbar, null, (f, den) => {
        h0[b] += 1 / den;
        g0[b] += f / den;
        for (let a = 0; a < p; a++) {
          h1[b * p + a] += xbar[a] / den;
          g1[b * p + a] += (f * xbar[a]) / den;
          mbar[b * p + a] += xbar[a];
        }
      });
    },
    r,
  );
  const U = new Float64Array(n * p);
  let c0 = 0;
  const c1 = new Float64Array(p);
  for (let b = 0; b < nb; b++) {
    c0 += h0[b];
    for (let a = 0; a < p; a++) c1[a] += h1[b * p + a];
    const dead = deadIn[b];
    for (let k = B.start[b]; k < B.start[b + 1]; k++) {
      const i = B.order[k];
      for (let a = 0; a < p; a++) {
        const xi = x[i * p + a];
        let u = -r[i] * (xi * c0 - c1[a]);
        if (event[i]) {
          u += xi - mbar[b * p + a] / dead;
          u += r[i] * (xi * g0[b] - g1[b * p + a]); // give back the removed share of the tied steps
        }
        U[i * p + a] = u;
      }
    }
  }
  return U;
}

function centred(
  X: Float64Array,
  n: number,
  p: number,
): { x: Float64Array; means: Float64Array; spread: Float64Array } {
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) means[a] += X[i * p + a];
  for (let a = 0; a < p; a++) means[a] /= n;
  const x = new Float64Array(n * p);
  const spread = new Float64Array(p); // mean |x − mean|
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const v = X[i * p + a] - means[a];
      x[i * p + a] = v;
      spread[a] += Math.abs(v);
    }
  }
  for (let a = 0; a < p; a++) spread[a] /= n;
  return { x, means, spread };
}

function checkDesign(d: SurvivalData, X: Float64Array, p: number): void {
  checkSurvivalData(d);
  const n = d.time.length;
  if (X.length !== n * p)
    throw new RangeError(`X has ${X.length} entries; expected n·p = ${n}·${p}`);
  for (let k = 0; k < X.length; k++)
    if (!Number.isFinite(X[k]))
      throw new RangeError(`X[${k}] = ${X[k]}: covariates must be finite`);
}

const stat = (chisq: number, df: number) => ({ chisq, df, p: chiSquareUpper(chisq, df) });

/**
 * Fits a Cox model. X is the covariate matrix, row-major n×p, with one name
 * per column. Degenerate input never throws and never yields NaN: see
 * CoxFit for how non-estimable and infinite coefficients are reported, and
 * `problem` for the reason in words.
 */
export function coxPH(
  d: SurvivalData,
  X: Float64Array,
  names: string[],
  opts: CoxOptions = {},
): CoxFit {
  const p = names.length;
  checkDesign(d, X, p);
  const n = d.time.length;
  const ties: Ties = opts.ties ?? 'efron';
  const efron = ties === 'efron';
  const maxIter = opts.maxIter ?? 20;
  const tol = opts.tol ?? 1e-9;
  const z = zCritical(opts.level ?? 0.95);
  if (opts.cluster && opts.cluster.length !== n)
    throw new RangeError(`cluster has ${opts.cluster.length} entries for ${n} subjects`);
  let events = 0;
  for (let i = 0; i < n; i++) events += d.event[i];
  const nulls = () => Array(p).fill(null) as (number | null)[];
  const empty = (problem: string, loglik: [number, number]): CoxFit => ({
    names,
    ties,
    coef: nulls(),
    se: nulls(),
    robust_se: opts.cluster ? nulls() : null,
    hr: nulls(),
    ci_low: nulls(),
    ci_high: nulls(),
    p: nulls(),
    infinite: Array(p).fill(false),
    loglik,
    lrt: null,
    score: null,
    wald: null,
    iterations: 0,
    converged: false,
    n,
    events,
    vcov: Array.from({ length: p }, () => Array(p).fill(0)),
    problem,
  });
  if (n === 0) return empty('no subjects', [0, 0]);
  // With no events the partial likelihood is the empty product: ℓ ≡ 0 and nothing is estimable.
  if (events === 0)
    return empty(
      `no events: all ${n} subjects are censored, so there is no hazard to compare`,
      [0, 0],
    );

  // Centre (as R) so e^{x'β} stays in range, and scale to mean |x| = 1 so the
  // singularity tolerance means the same for every column; both leave the
  // Newton iterates unchanged.
  const { x, spread } = centred(X, n, p);
  const scale = new Float64Array(p);
  for (let a = 0; a < p; a++) scale[a] = spread[a] > 0 ? 1 / spread[a] : 1;
  const xs = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) xs[i * p + a] = x[i * p + a] * scale[a];
  const B = timeBlocks(d.time);

  // Iteration 0 at β = 0: the start, the score test, and which terms carry information at all.
  let beta = new Float64Array(p);
  let cur = coxPass(xs, p, d.event, beta, B, efron);
  const ll0 = cur.loglik;
  let fac = ldl(cur.info, p);
  const estimable = Array.from(fac.dg, (v) => v > 0);
  const step0 = ldlSolve(fac, cur.score);
  let sctest = 0;
  for (let a = 0; a < p; a++) sctest += cur.score[a] * step0[a];

  let llBest = ll0;
  let newBeta = beta.map((b, a) => b + step0[a]);
  let halving = 0;
  let lastChange = Infinity; // relative log-likelihood change of the last accepted step
  let converged = false;
  let iter = 0;
  if (maxIter > 0) {
    for (iter = 1; iter <= maxIter; iter++) {
      const trial = coxPass(xs, p, d.event, newBeta, B, efron);
      const finite =
        Number.isFinite(trial.loglik) &&
        trial.score.every(Number.isFinite) &&
        trial.info.every(Number.isFinite);
      if (finite && Math.abs(trial.loglik - llBest) <= tol * Math.abs(trial.loglik)) {
        beta = newBeta;
        cur = trial;
        converged = true;
        break;
      }
      if (!finite || trial.loglik < llBest) {
        // worse: move back towards the last good β, more cautiously each time
        halving++;
        newBeta = newBeta.map((b, a) => (b + halving * beta[a]) / (halving + 1));
      } else {
        halving = 0;
        lastChange = Math.abs(trial.loglik - llBest) / Math.abs(trial.loglik);
        llBest = trial.loglik;
        const step = ldlSolve(ldl(trial.info, p), trial.score);
        beta = newBeta;
        cur = trial;
        newBeta = beta.map((b, a) => b + step[a]);
      }
    }
    // Out of iterations: cur already holds the pass at the last accepted β.
    if (!converged) iter = maxIter;
  }

  // Variance and the remaining Newton step, back on the original scale.
  fac = ldl(cur.info, p);
  const vs = ldlInverse(fac);
  const vcov = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let c = 0; c < p; c++) vcov[a * p + c] = vs[a * p + c] * scale[a] * scale[c];
  const coefRaw = Array.from(beta, (b, a) => b * scale[a]);
  const remaining = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    let s = 0;
    for (let c = 0; c < p; c++) s += vs[a * p + c] * cur.score[c];
    remaining[a] = s * scale[a];
  }
  // R's test (coxph.fit): after convergence a further Newton step that is still
  // not negligible means the likelihood flattened out while the coefficient kept
  // going; we also require the step to point outwards (away from 0). R skips the
  // test when the iterations ran out; we still apply it if the last accepted
  // step barely moved the likelihood (relative change < √tol), which is how a
  // runaway coefficient looks when it needs a few more steps than the cap.
  const tolInf = Math.sqrt(tol);
  const flat = converged || lastChange < tolInf;
  // A term with information at β = 0 whose information has vanished at β̂ has
  // also run away (its step was dropped as singular).
  const infinite = coefRaw.map(
    (b, a) =>
      estimable[a] &&
      maxIter > 1 &&
      flat &&
      (fac.dg[a] === 0 ||
        !Number.isFinite(cur.score[a]) ||
        (Math.abs(remaining[a]) > tol &&
          Math.abs(remaining[a]) > tolInf * Math.abs(b) &&
          Math.sign(remaining[a]) === Math.sign(b))),
  );

  const coef: (number | null)[] = coefRaw.map((b, a) => (estimable[a] ? b : null));
  const se: (number | null)[] = coef.map((b, a) =>
    b !== null && vcov[a * p + a] > 0 ? Math.sqrt(vcov[a * p + a]) : null,
  );
  const regular = (a: number) => coef[a] !== null && se[a] !== null && !infinite[a];

  let robust: (number | null)[] | null = null;
  if (opts.cluster) {
    const U = scoreResidualsCentred(
      x,
      p,
      d.event,
      Float64Array.from(coefRaw, (b, a) => (estimable[a] ? b : 0)),
      B,
      efron,
    );
    const byCluster = new Map<number, Float64Array>();
    for (let i = 0; i < n; i++) {
      let g = byCluster.get(opts.cluster[i]);
      if (!g) {
        g = new Float64Array(p);
        byCluster.set(opts.cluster[i], g);
      }
      for (let a = 0; a < p; a++) g[a] += U[i * p + a];
    }
    // D_g = U_g V (dfbeta per cluster); robust variance D'D, no small-sample factor (as R)
    const rv = new Float64Array(p * p);
    const Dg = new Float64Array(p);
    for (const g of byCluster.values()) {
      for (let a = 0; a < p; a++) {
        let s = 0;
        for (let c = 0; c < p; c++) s += g[c] * vcov[c * p + a];
        Dg[a] = s;
      }
      for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) rv[a * p + c] += Dg[a] * Dg[c];
    }
    robust = coef.map((b, a) =>
      b !== null && rv[a * p + a] > 0 ? Math.sqrt(rv[a * p + a]) : null,
    );
  }

  const rank = estimable.filter(Boolean).length;
  const ll1 = cur.loglik;
  let wald: CoxFit['wald'] = null;
  if (rank > 0 && !infinite.some(Boolean)) {
    const idx = estimable.flatMap((e, a) => (e ? [a] : []));
    const sub = new Float64Array(rank * rank);
    const bv = new Float64Array(rank);
    idx.forEach((a, i) => {
      bv[i] = coefRaw[a];
      idx.forEach((c, j) => {
        sub[i * rank + j] = vcov[a * p + c];
      });
    });
    // β' V⁻¹ β = β' w with V w = β
    const w = ldlSolve(ldl(sub, rank), bv);
    let q = 0;
    for (let i = 0; i < rank; i++) q += bv[i] * w[i];
    wald = stat(q, rank);
  }

  const problems: string[] = [];
  names.forEach((nm, a) => {
    if (estimable[a]) return;
    problems.push(
      !(spread[a] > 0)
        ? `covariate "${nm}" is constant: its effect cannot be estimated`
        : `covariate "${nm}" is collinear with the others (or has no variation ` +
            `among those at risk at event times): its effect cannot be estimated`,
    );
  });
  const inf = names.filter((_, a) => infinite[a]);
  if (inf.length > 0) {
    problems.push(
      `coefficient of ${inf.map((s) => `"${s}"`).join(', ')} may be ` +
        `infinite (the log likelihood converged while the estimate kept ` +
        `growing: perfect separation, e.g. a group with all or none of ` +
        `the events); reported as hazard ratio ${inf
          .map((s) => `${s} = ${coefRaw[names.indexOf(s)] > 0 ? 'Infinity' : '0'}`)
          .join(', ')}, without interval or p-value`,
    );
  } else if (!converged && maxIter > 0) {
    problems.push(`did not converge in ${maxIter} iterations`);
  }

  return {
    names,
    ties,
    coef,
    se,
    robust_se: robust,
    hr: coef.map((b, a) =>
      b === null ? null : infinite[a] ? (b > 0 ? Infinity : 0) : Math.exp(b),
    ),
    ci_low: coef.map((b, a) => (regular(a) ? Math.exp(b! - z * se[a]!) : null)),
    ci_high: coef.map((b, a) => (regular(a) ? Math.exp(b! + z * se[a]!) : null)),
    p: coef.map((b, a) => (regular(a) ? twoSidedP(b! / se[a]!) : null)),
    infinite,
    loglik: [ll0, ll1],
    lrt: rank > 0 ? stat(Math.max(0, 2 * (ll1 - ll0)), rank) : null,
    score: rank > 0 ? stat(sctest, rank) : null,
    wald,
    iterations: iter,
    converged,
    n,
    events,
    vcov: Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, c) => vcov[a * p + c])),
    ...(problems.length ? { problem: problems.join('; ') } : {}),
  };
}

/**
 * Log partial likelihood at a given β (for checks against hand derivations and profile
 * likelihoods).
 */
export function coxLogLik(
  d: SurvivalData,
  X: Float64Array,
  p: number,
  beta: number[],
  ties: Ties = 'efron',
): number {
  checkDesign(d, X, p);
  return coxPass(X, p, d.event, Float64Array.from(beta), timeBlocks(d.time), ties === 'efron')
    .loglik;
}

/** Score vector and information matrix (row-major p×p) at a given β. */
export function coxScore(
  d: SurvivalData,
  X: Float64Array,
  p: number,
  beta: number[],
  ties: Ties = 'efron',
): { score: number[]; info: number[] } {
  checkDesign(d, X, p);
  const r = coxPass(X, p, d.event, Float64Array.from(beta), timeBlocks(d.time), ties === 'efron');
  return { score: Array.from(r.score), info: Array.from(r.info) };
}

/**
 * Score residuals per subject at β (R: residuals(fit, type = "score")), row-major n×p in input
 * order.
 */
export function coxScoreResiduals(
  d: SurvivalData,
  X: Float64Array,
  p: number,
  beta: number[],
  ties: Ties = 'efron',
): Float64Array {
  checkDesign(d, X, p);
  const { x } = centred(X, d.time.length, p);
  return scoreResidualsCentred(
    x,
    p,
    d.event,
    Float64Array.from(beta),
    timeBlocks(d.time),
    ties === 'efron',
  );
}

/**
 * The difference-in-differences Cox model: treated, during and
 * treated·during; the effect is the interaction's hazard ratio, and
 * 1 − 1/HR the implied change in mean duration. Call as
 * coxDiD(d, treated, during, cluster?, opts?) or coxDiD(d, treated, during, { cluster, ... }).
 */
export function coxDiD(
  d: SurvivalData,
  treated: Uint8Array,
  during: Uint8Array,
  clusterOrOpts?: Int32Array | CoxOptions,
  maybeOpts: CoxOptions = {},
): CoxDiD {
  const opts: CoxOptions =
    clusterOrOpts instanceof Int32Array
      ? { ...maybeOpts, cluster: clusterOrOpts }
      : { ...(clusterOrOpts ?? {}) };
  const n = d.time.length;
  if (treated.length !== n || during.length !== n)
    throw new RangeError(
      `treated/during need ${n} entries, got ${treated.length}/${during.length}`,
    );
  const X = new Float64Array(n * 3);
  const cellN = new Int32Array(4);
  const cellEvents = new Int32Array(4);
  for (let i = 0; i < n; i++) {
    const t = treated[i] ? 1 : 0;
    const w = during[i] ? 1 : 0;
    X[3 * i] = t;
    X[3 * i + 1] = w;
    X[3 * i + 2] = t * w;
    cellN[cellIndex(t, w)]++;
    cellEvents[cellIndex(t, w)] += d.event[i] ? 1 : 0;
  }
  const fit = coxPH(d, X, ['treated', 'during', 'treated:during'], opts);
  const z = zCritical(opts.level ?? 0.95);

  // Say which cell is the cause when the interaction is not a finite number.
  const cellNotes: string[] = [];
  for (let c = 0; c < 4; c++) {
    if (cellN[c] === 0) cellNotes.push(`the ${CELL_NAMES[c]} cell has no members`);
    else if (cellEvents[c] === 0)
      cellNotes.push(
        `the ${CELL_NAMES[c]} cell has ${cellN[c]} member${cellN[c] === 1 ? '' : 's'} ` +
          `and no events (all censored), so its hazard is estimated as ` +
          `0`,
      );
  }
  const b = fit.coef[2];
  const se = fit.se[2];
  const infinite = fit.infinite[2];
  const ok = b !== null && se !== null && !infinite;
  const rse = fit.robust_se ? fit.robust_se[2] : null;
  const hr = b === null ? null : infinite ? (b > 0 ? Infinity : 0) : Math.exp(b);
  // with no events at all the fit's own message says it all
  const problems = [...(fit.events > 0 ? cellNotes : []), ...(fit.problem ? [fit.problem] : [])];
  return {
    hr,
    ci_low: ok ? Math.exp(b - z * se) : null,
    ci_high: ok ? Math.exp(b + z * se) : null,
    p: ok ? twoSidedP(b / se) : null,
    se_log_hr: ok ? se : null,
    robust_se_log_hr: ok && rse !== null ? rse : null,
    robust_ci_low: ok && rse !== null ? Math.exp(b - z * rse) : null,
    robust_ci_high: ok && rse !== null ? Math.exp(b + z * rse) : null,
    robust_p: ok && rse !== null ? twoSidedP(b / rse) : null,
    duration_change: hr === null ? null : hr === Infinity ? 1 : hr === 0 ? -Infinity : 1 - 1 / hr,
    fit,
    ...(problems.length ? { problem: problems.join('; ') } : {}),
  };
}
