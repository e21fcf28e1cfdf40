import { describe, expect, it } from 'vitest';
import { normalUpper } from '../../../src/estimators/normal.js';
import { coxPH, phTest } from '../../../src/estimators/survival/index.js';
import { book, bruteLogLik, numericDerivatives, simulateWeekly, solveDense } from './helpers.js';

/*
 * cox.zph is the score test for adding x·g(t) at (β̂, γ = 0). With one
 * covariate and per-event score terms U_k and information terms V_k:
 *   u = (Σ U_k, Σ g_k U_k) = (0, Σ g_k U_k) at β̂,
 *   I = [[Σ V_k, Σ g_k V_k], [Σ g_k V_k, Σ g_k² V_k]],
 *   χ² = u' I⁻¹ u = (Σ g U)² Σ V / (Σ V · Σ g² V − (Σ g V)²).
 * On T&G data set 1 (see cox.test.ts for the derivation), θ = e^β̂, the four
 * events at t = 1, 6, 6, 9 give
 *   Breslow: U = (1/(θ+1), 3/(θ+3), −θ/(θ+3), 0),  V = (θ/(θ+1)², 3θ/(θ+3)², 3θ/(θ+3)², 0)
 *   Efron:   U = (1/(θ+1), 3/(θ+3), −θ/(θ+5), 0),  V = (θ/(θ+1)², 3θ/(θ+3)², 5θ/(θ+5)², 0)
 * (the second tied event is Efron's step with half the tied risk removed).
 */
function closedForm(U: number[], V: number[], g: number[]): number {
  const s = (f: (k: number) => number) => U.reduce((acc, _, k) => acc + f(k), 0);
  const gu = s((k) => g[k] * U[k]);
  const v0 = s((k) => V[k]);
  const v1 = s((k) => g[k] * V[k]);
  const v2 = s((k) => g[k] * g[k] * V[k]);
  return (gu * gu * v0) / (v0 * v2 - v1 * v1);
}
const tB = (3 + Math.sqrt(33)) / 2;
const tE = 2 * Math.sqrt(23 / 3) * Math.cos(Math.acos((45 / 23) * Math.sqrt(3 / 23)) / 3);
const breslowUV = {
  U: [1 / (tB + 1), 3 / (tB + 3), -tB / (tB + 3), 0],
  V: [tB / (tB + 1) ** 2, (3 * tB) / (tB + 3) ** 2, (3 * tB) / (tB + 3) ** 2, 0],
};
const efronUV = {
  U: [1 / (tE + 1), 3 / (tE + 3), -tE / (tE + 5), 0],
  V: [tE / (tE + 1) ** 2, (3 * tE) / (tE + 3) ** 2, (5 * tE) / (tE + 5) ** 2, 0],
};

describe('PH test by hand (Therneau & Grambsch data set 1)', () => {
  const { d, X } = book;
  const fitB = coxPH(d, X, ['x'], { ties: 'breslow' });
  const fitE = coxPH(d, X, ['x']);
  it('Breslow, identity transform (g = event time)', () => {
    const r = phTest(d, X, fitB, { transform: 'identity' })!;
    expect(r.terms[0].chisq).toBeCloseTo(closedForm(breslowUV.U, breslowUV.V, [1, 6, 6, 9]), 7);
    expect(r.global.chisq).toBeCloseTo(r.terms[0].chisq, 12);
    expect(r.terms[0].df).toBe(1);
  });
  it('Efron, log transform', () => {
    const r = phTest(d, X, fitE, { transform: 'log' })!;
    expect(r.terms[0].chisq).toBeCloseTo(
      closedForm(efronUV.U, efronUV.V, [1, 6, 6, 9].map(Math.log)),
      7,
    );
  });
  it("Efron, KM transform (R's default): g = 1 − S(t−) = 0, 1/6, 1/6, 7/12", () => {
    // pooled KM: S(1) = 5/6 (6 at risk, 1 event), S(6) = 5/6 · (1 − 2/4) = 5/12
    const r = phTest(d, X, fitE)!;
    expect(r.transform).toBe('km');
    const chisq = closedForm(efronUV.U, efronUV.V, [0, 1 / 6, 1 / 6, 7 / 12]);
    expect(r.terms[0].chisq).toBeCloseTo(chisq, 7);
    expect(r.terms[0].p).toBeCloseTo(2 * normalUpper(Math.sqrt(chisq)), 7); // χ²₁ tail
  });
  it(
    'Efron, rank transform: average ranks of all six times, 1.5, 3.5, 3.5, ' + '6 at the events',
    () => {
      const r = phTest(d, X, fitE, { transform: 'rank' })!;
      expect(r.terms[0].chisq).toBeCloseTo(closedForm(efronUV.U, efronUV.V, [1.5, 3.5, 3.5, 6]), 7);
    },
  );
});

describe('PH test against the extended model by brute force (two covariates)', () => {
  // The score test of (β̂, γ = 0) in the model with covariates (x₁, x₂, x₁·t, x₂·t), from the
  // definition of the Efron likelihood with time-dependent covariates and numerical derivatives.
  const sim = simulateWeekly(11, 120, 15, (x, t) => 0.07 * (x ? (t < 6 ? 2.5 : 1) : 1));
  const n = sim.n;
  const X = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    X[2 * i] = sim.X[i];
    X[2 * i + 1] = Math.cos(i * 0.9) + (i % 3) / 2;
  }
  const fit = coxPH(sim.d, X, ['x1', 'x2']);
  const r = phTest(sim.d, X, fit, { transform: 'identity' })!;
  // g(t) = t − mean of t over the events
  let nd = 0;
  let tsum = 0;
  for (let i = 0; i < n; i++)
    if (sim.d.event[i]) {
      nd++;
      tsum += sim.d.time[i];
    }
  const gbar = tsum / nd;
  const z = (i: number, t: number) => [
    X[2 * i],
    X[2 * i + 1],
    X[2 * i] * (t - gbar),
    X[2 * i + 1] * (t - gbar),
  ];
  const f = (th: number[]) => bruteLogLik(sim.d.time, sim.d.event, z, th, true);
  const { grad, hess } = numericDerivatives(f, [fit.coef[0]!, fit.coef[1]!, 0, 0], 1e-4);
  const info = hess.map((row) => row.map((v) => -v));
  const test = (idx: number[]) => {
    const u = idx.map((k) => (k < 2 ? 0 : grad[k]));
    const M = idx.map((a) => idx.map((c) => info[a][c]));
    const s = solveDense(M, u);
    return u.reduce((acc, v, k) => acc + v * s[k], 0);
  };
  it('per term and global', () => {
    expect(grad[0]).toBeCloseTo(0, 6); // β̂ is the MLE of the reduced model
    expect(r.terms[0].chisq).toBeCloseTo(test([0, 1, 2]), 4);
    expect(r.terms[1].chisq).toBeCloseTo(test([0, 1, 3]), 4);
    expect(r.global.chisq).toBeCloseTo(test([0, 1, 2, 3]), 4);
    expect(r.global.df).toBe(2);
  });
});

describe('PH test on simulated weekly data', () => {
  function simulate(crossing: boolean) {
    // weekly hazard: constant HR 2 (PH) or 4× early and 0.25× after week 10 (crossing)
    const { d, X } = simulateWeekly(
      crossing ? 2 : 1,
      600,
      60,
      (x, t) => 0.04 * (x ? (crossing ? (t <= 10 ? 4 : 0.25) : 2) : 1),
    );
    return phTest(d, X, coxPH(d, X, ['x']))!;
  }
  it('does not reject when hazards are proportional, rejects a crossing hazard', () => {
    expect(simulate(false).global.p).toBeGreaterThan(0.05);
    const bad = simulate(true);
    expect(bad.global.p).toBeLessThan(1e-6);
    expect(bad.terms[0].rho).toBeLessThan(0); // the effect fades with time
  });
  it('nothing to test: an infinite coefficient or no estimable term gives null', () => {
    const { d, X } = book;
    const sep = coxPH(
      { time: Float64Array.from([1, 1, 2, 5, 6, 7]), event: Uint8Array.from([1, 1, 1, 1, 0, 1]) },
      Float64Array.from([1, 1, 1, 0, 0, 0]),
      ['x'],
    );
    expect(
      phTest(
        { time: Float64Array.from([1, 1, 2, 5, 6, 7]), event: Uint8Array.from([1, 1, 1, 1, 0, 1]) },
        Float64Array.from([1, 1, 1, 0, 0, 0]),
        sep,
      ),
    ).toBeNull();
    const constant = coxPH(d, new Float64Array(6).fill(1), ['c']);
    expect(phTest(d, new Float64Array(6).fill(1), constant)).toBeNull();
    expect(phTest(d, X, coxPH(d, X, ['x']))).not.toBeNull();
  });
});
