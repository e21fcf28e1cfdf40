/**
 * The continuous distributions the tests of effekt need (t, F, noncentral F,
 * χ², normal), to full double precision. simple-statistics has tables of
 * four decimals only, too coarse for p-values that are compared with R.
 *
 * Everything rests on the regularized incomplete beta function I_x(a, b),
 * evaluated by its continued fraction (modified Lentz), and on the
 * incomplete gamma function of ./survival/chisq.ts.
 */
import { logGamma } from './survival/chisq.js';

export { normalCdf, normalQuantile, normalUpper, twoSidedP, zCritical } from './normal.js';
export { chiSquareUpper, gammaP, gammaQ, logGamma } from './survival/chisq.js';

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** The continued fraction of I_x(a, b), converging fast for x < (a + 1)/(a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    // Even step of the fraction.
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b) = P(Beta(a, b) ≤ x), as R's
 * pbeta(x, a, b). The fraction is evaluated on the side where it converges
 * and the other side follows from I_x(a, b) = 1 − I_{1−x}(b, a).
 */
export function betaRegularized(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** Upper tail 1 − I_x(a, b) = I_{1−x}(b, a), computed without cancellation. */
export function betaRegularizedUpper(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return NaN;
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  return betaRegularized(1 - x, b, a);
}

/** P(T > t) for Student's t with df degrees of freedom, as R's pt(t, df, lower.tail = FALSE). */
export function studentTUpper(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2).
  const tail = betaRegularized(df / (df + t * t), df / 2, 0.5) / 2;
  return t >= 0 ? tail : 1 - tail;
}

/** Two-sided p-value of a t statistic: 2·P(T > |t|). */
export function studentTTwoSided(t: number, df: number): number {
  return Math.min(1, 2 * studentTUpper(Math.abs(t), df));
}

/** The point x = d1·f/(d1·f + d2) at which F's distribution function is a beta one. */
function fToBeta(f: number, d1: number, d2: number): number {
  return (d1 * f) / (d1 * f + d2);
}

/** P(F > f) for F(d1, d2), as R's pf(f, d1, d2, lower.tail = FALSE). */
export function fUpper(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  // Upper tail directly: I_{d2/(d2 + d1 f)}(d2/2, d1/2).
  return betaRegularized(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/**
 * The p-quantile of F(d1, d2), as R's qf(p, d1, d2): bisection on the
 * beta scale to the last bit (the distribution function is monotone, so
 * bisection cannot fail; 200 halvings exhaust double precision).
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(d1 > 0) || !(d2 > 0)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (betaRegularized(mid, d1 / 2, d2 / 2) < p) lo = mid;
    else hi = mid;
  }
  const x = (lo + hi) / 2;
  return (d2 * x) / (d1 * (1 - x));
}

/** log of the Poisson probability P(N = j) for mean mu. */
function logPoisson(j: number, mu: number): number {
  return j * Math.log(mu) - mu - logGamma(j + 1);
}

/**
 * P(F′ > f) for the noncentral F(d1, d2, λ), as R's
 * pf(f, d1, d2, ncp = λ, lower.tail = FALSE): the Poisson(λ/2) mixture of
 * central beta upper tails, Σ_j P(N = j) · [1 − I_x(d1/2 + j, d2/2)],
 * summed outward from the Poisson mode so no term underflows unnoticed.
 */
export function noncentralFUpper(f: number, d1: number, d2: number, lambda: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0) || !(lambda >= 0)) return NaN;
  if (lambda === 0) return fUpper(f, d1, d2);
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  const x = fToBeta(f, d1, d2);
  const mu = lambda / 2;
  const mode = Math.floor(mu);
  const weight = (j: number): number => Math.exp(logPoisson(j, mu));
  const term = (j: number): number => weight(j) * betaRegularizedUpper(x, d1 / 2 + j, d2 / 2);
  let sum = term(mode);
  // Upward: each beta tail is at most 1, and past mu + 5 the Poisson tail beyond j
  // is within a small multiple of its weight at j.
  for (let j = mode + 1; j < mode + 100000; j++) {
    sum += term(j);
    const w = weight(j);
    if (j > mu + 5 && (w < 1e-19 * sum || w < 1e-300)) break;
  }
  // Downward to 0: both the weights and the beta tails shrink, so the terms do.
  for (let j = mode - 1; j >= 0; j--) {
    const t = term(j);
    sum += t;
    if (t * (j + 1) < 1e-17 * sum || weight(j) < 1e-300) break;
  }
  return Math.min(1, Math.max(0, sum));
}
