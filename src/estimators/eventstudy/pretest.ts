/**
 * The pre-test of the event study (docs/definitions.md, "Event study"): the Wald statistic
 * W = θ′V⁻¹θ of the q pre-period effects θ = ATT(e), e ≤ −2, its χ²(q)
 * p-value, and the test the report uses, Hotelling's correction
 * F = (G − q)/(q(G − 1))·W on (q, G − q) degrees of freedom (cluster-robust
 * Wald tests over-reject badly when q is not small against G). No test
 * when G ≤ q.
 *
 * Power against a linear pre-trend (Roth 2022): under δ_e = γ(e + 1) the
 * F statistic is noncentral with λ = γ²·a′V⁻¹a, a_e = e + 1. The slopes γ
 * the test detects with 50 % and 80 % power at size 1 − level solve
 * P(F(q, G − q; λ) > F_crit) = x; bias80 is the shift of the overall effect
 * a γ_80 trend would cause, γ_80·Σ n(g,p)(e + 1) / Σ n(g,p) over its cells.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { chiSquareUpper, fQuantile, fUpper, noncentralFUpper } from '../distributions.js';
import type { PreTest } from './types.js';

/** x′V⁻¹x for each x of `xs`, or null when V is not positive definite. */
export function quadraticForms(V: number[][], xs: number[][]): number[] | null {
  const chol = new CholeskyDecomposition(new Matrix(V));
  if (!chol.isPositiveDefinite()) return null;
  return xs.map((x) => {
    const sol = chol.solve(Matrix.columnVector(x)).to1DArray();
    return sol.reduce((a, v, i) => a + v * x[i], 0);
  });
}

/**
 * The noncentrality λ at which P(F(d1, d2; λ) > crit) = power, by bisection
 * on the increasing power curve (0 when the size already reaches it).
 */
export function noncentralityForPower(crit: number, d1: number, d2: number, power: number): number {
  const at = (lambda: number) => noncentralFUpper(crit, d1, d2, lambda) - power;
  if (at(0) >= 0) return 0;
  let lo = 0;
  let hi = 1;
  while (at(hi) < 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e8) return NaN;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-14 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface PreTestInput {
  /** The tested event times e ≤ −2 and their estimates. */
  e: number[];
  theta: number[];
  /** Their joint covariance. */
  V: number[][];
  /** G. */
  clusters: number;
  level: number;
  /**
   * Σ n(g,p)(e + 1) / Σ n(g,p) over the overall effect's cells (null without an overall effect).
   */
  overallLead: number | null;
}

/** A pre-test of q effects over G municipalities that has no numbers (why goes in `problem`). */
export function noPreTest(q: number, G: number): PreTest {
  return {
    statistic: null,
    df: q,
    p_chisq: null,
    f: null,
    df_resid: null,
    clusters: G,
    p: null,
    slope50: null,
    slope80: null,
    bias80: null,
  };
}

/** The Wald and Hotelling pre-tests of θ = 0 and their power against a linear trend. */
export function preTest(inp: PreTestInput): PreTest {
  const q = inp.e.length;
  const G = inp.clusters;
  const none = noPreTest(q, G);
  if (q === 0)
    return { ...none, problem: 'no event time before −1 has an estimate: nothing to test' };
  const forms = quadraticForms(inp.V, [inp.theta, inp.e.map((e) => e + 1)]);
  if (forms === null)
    return {
      ...none,
      problem:
        'the pre-period effects have a singular covariance (too few municipalities per period)',
    };
  const [W, A] = forms;
  const out: PreTest = { ...none, statistic: W, p_chisq: chiSquareUpper(W, q) };
  if (G <= q)
    return {
      ...out,
      problem:
        `${G} municipalities are too few for the Hotelling test of ${q} ` +
        `pre-period effects (it needs more than ${q})`,
    };
  const d2 = G - q;
  const f = ((G - q) / (q * (G - 1))) * W;
  const crit = fQuantile(inp.level, q, d2);
  const slope = (power: number) => Math.sqrt(noncentralityForPower(crit, q, d2, power) / A);
  const slope50 = slope(0.5);
  const slope80 = slope(0.8);
  return {
    ...out,
    f,
    df_resid: d2,
    p: fUpper(f, q, d2),
    slope50,
    slope80,
    bias80: inp.overallLead === null ? null : slope80 * inp.overallLead,
  };
}
