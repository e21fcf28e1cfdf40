import { describe, expect, it } from 'vitest';
import { normalUpper } from '../../../src/estimators/normal.js';
import {
  coxLogLik,
  coxPH,
  coxScore,
  coxScoreResiduals,
} from '../../../src/estimators/survival/index.js';
import { book, bruteLogLik, data, numericDerivatives, rel, simulateWeekly } from './helpers.js';

/*
 * Hand derivation on Therneau & Grambsch's data set 1 (see helpers: A..F,
 * sorted by time; x = 1, 1, 1, 0, 0, 0), θ = e^β.
 *
 *  t = 1: risk set A..F, S0 = 3θ + 3, x̄ = θ/(θ+1). A (x=1) dies:
 *         ℓ += β − log(3θ+3);  U += 1 − θ/(θ+1) = 1/(θ+1);  I += θ/(θ+1)².
 *  t = 6: risk set C..F, S0 = θ + 3; C (x=1, risk θ) and D (x=0, risk 1) die together.
 *    Breslow: both against θ + 3:        ℓ += β − 2 log(θ+3)
 *             U += 1 − 2θ/(θ+3) = (3−θ)/(θ+3),  I += 2·3θ/(θ+3)².
 *    Efron:   step 0 against θ + 3, x̄₀ = θ/(θ+3);
 *             step 1 against θ + 3 − (θ+1)/2 = (θ+5)/2, x̄₁ = (θ − θ/2)/((θ+5)/2) = θ/(θ+5):
 *             ℓ += β − log(θ+3) − log((θ+5)/2)
 * U += 1 − θ/(θ+3) − θ/(θ+5),   I += 3θ/(θ+3)² + 5θ/(θ+5)²   (x̄(1 − x̄) per step, x binary).
 *  t = 9: F alone at risk: ℓ += 0 − log 1 = 0, U += 0.
 *
 * Breslow: ℓ = 2β − log(3θ+3) − 2 log(θ+3),  U = (6 + 3θ − θ²)/((θ+1)(θ+3)) = 0 at θ = (3 + √33)/2.
 *  Efron:   ℓ = 2β − log(3θ+3) − log(θ+3) − log((θ+5)/2),
 *           U = (30 + 23θ − θ³)/((θ+1)(θ+3)(θ+5)) = 0 at the root of θ³ − 23θ − 30 = 0:
 * θ = 2√(23/3)·cos(acos((45/23)√(3/23))/3)   (trigonometric solution of the depressed cubic).
 */
const efron = {
  ll: (b: number) => {
    const t = Math.exp(b);
    return 2 * b - Math.log(3 * t + 3) - Math.log(t + 3) - Math.log((t + 5) / 2);
  },
  u: (b: number) => {
    const t = Math.exp(b);
    return 1 / (t + 1) + 3 / (t + 3) - t / (t + 5);
  },
  i: (b: number) => {
    const t = Math.exp(b);
    return t / (t + 1) ** 2 + (3 * t) / (t + 3) ** 2 + (5 * t) / (t + 5) ** 2;
  },
  beta: Math.log(2 * Math.sqrt(23 / 3) * Math.cos(Math.acos((45 / 23) * Math.sqrt(3 / 23)) / 3)),
};
const breslow = {
  ll: (b: number) => {
    const t = Math.exp(b);
    return 2 * b - Math.log(3 * t + 3) - 2 * Math.log(t + 3);
  },
  u: (b: number) => {
    const t = Math.exp(b);
    return (6 + 3 * t - t * t) / ((t + 1) * (t + 3));
  },
  i: (b: number) => {
    const t = Math.exp(b);
    return t / (t + 1) ** 2 + (6 * t) / (t + 3) ** 2;
  },
  beta: Math.log((3 + Math.sqrt(33)) / 2),
};

describe('Cox with tied events, by hand (Therneau & Grambsch data set 1)', () => {
  const { d, X } = book;
  it('log partial likelihood, score and information at several β', () => {
    for (const b of [0, 0.5, -1.2, 1.7]) {
      expect(coxLogLik(d, X, 1, [b], 'efron')).toBeCloseTo(efron.ll(b), 13);
      expect(coxLogLik(d, X, 1, [b], 'breslow')).toBeCloseTo(breslow.ll(b), 13);
      const e = coxScore(d, X, 1, [b], 'efron');
      expect(e.score[0]).toBeCloseTo(efron.u(b), 13);
      expect(e.info[0]).toBeCloseTo(efron.i(b), 13);
      const br = coxScore(d, X, 1, [b], 'breslow');
      expect(br.score[0]).toBeCloseTo(breslow.u(b), 13);
      expect(br.info[0]).toBeCloseTo(breslow.i(b), 13);
    }
  });

  it('the fitted coefficient solves the score equation in closed form', () => {
    for (const [ties, h] of [
      ['efron', efron],
      ['breslow', breslow],
    ] as const) {
      const fit = coxPH(d, X, ['x'], { ties });
      expect(fit.converged).toBe(true);
      expect(fit.coef[0]!).toBeCloseTo(h.beta, 8);
      expect(fit.se[0]!).toBeCloseTo(1 / Math.sqrt(h.i(h.beta)), 7);
      expect(fit.hr[0]!).toBeCloseTo(Math.exp(h.beta), 7);
      expect(fit.loglik[0]).toBeCloseTo(h.ll(0), 13);
      expect(fit.loglik[1]).toBeCloseTo(h.ll(h.beta), 12);
      // tests: LR = 2(ℓ(β̂) − ℓ(0)); score = U(0)²/I(0); Wald = β̂² I(β̂)
      expect(fit.lrt!.chisq).toBeCloseTo(2 * (h.ll(h.beta) - h.ll(0)), 11);
      expect(fit.score!.chisq).toBeCloseTo(h.u(0) ** 2 / h.i(0), 13);
      expect(fit.wald!.chisq).toBeCloseTo(h.beta ** 2 * h.i(h.beta), 7);
      expect(fit.p[0]!).toBeCloseTo(2 * normalUpper(Math.abs(h.beta) * Math.sqrt(h.i(h.beta))), 8);
      expect(fit.problem).toBeUndefined();
    }
    // the numbers R's tests/book1.R and book2.R state: 1.4752849 (Breslow), 1.676857 (Efron)
    expect(breslow.beta).toBeCloseTo(1.4752849, 7);
    expect(efron.beta).toBeCloseTo(1.676857, 6);
    // score tests at β = 0 in fractions: Efron (13/12)²/(83/144) = 169/83; Breslow 1²/(5/8) = 8/5
    expect(coxPH(d, X, ['x']).score!.chisq).toBeCloseTo(169 / 83, 13);
    expect(coxPH(d, X, ['x'], { ties: 'breslow' }).score!.chisq).toBeCloseTo(8 / 5, 13);
  });

  it(
    "iteration cap as R's iter.max: one step from 0 is U(0)/I(0) = 8/5 " +
      '(Breslow), two give 1.472724',
    () => {
      expect(coxPH(d, X, ['x'], { ties: 'breslow', maxIter: 1 }).coef[0]!).toBeCloseTo(8 / 5, 13);
      const two = coxPH(d, X, ['x'], { ties: 'breslow', maxIter: 2 });
      expect(two.coef[0]!).toBeCloseTo(1.472724, 6);
      expect(two.converged).toBe(false);
      expect(two.problem).toMatch(/did not converge in 2 iterations/);
      // second Newton step by hand: 8/5 + U(8/5)/I(8/5)
      expect(two.coef[0]!).toBeCloseTo(1.6 + breslow.u(1.6) / breslow.i(1.6), 12);
    },
  );

  /*
   * Efron score residuals. Subject E (x=0, censored at 8) is at risk at t=1 and
   * in both Efron steps at t=6 with full weight; it never dies:
   *   U_E = −θ(0 − x̄(1))/(3θ+3) − θ⁰(0 − θ/(θ+3))/(θ+3) − (0 − θ/(θ+5))/((θ+5)/2)
   *       = θ/((θ+1)(3θ+3)) + θ/(θ+3)² + 2θ/(θ+5)²;   at β = 0: 1/12 + 1/16 + 1/18 = 29/144.
   * Subject A (x=1) dies at t=1: U_A = (1 − x̄) − θ(1 − x̄)/(3θ+3), x̄ = θ/(θ+1);
   *   at β = 0: 1/2 − 1/12 = 5/12.
   * The closed forms for all six (Therneau & Grambsch appendix E.1, also in R's
   * tests/book2.R), with a = θ+1, b = θ+3, c = θ+5:
   */
  const efronResid = (beta: number) => {
    const t = Math.exp(beta);
    const a = t + 1,
      b = t + 3,
      c = t + 5,
      abc2 = 3 * (a * b * c) ** 2;
    const ef = (2 * t * (177 + t * (282 + t * (182 + t * (50 + 5 * t))))) / abc2;
    return [
      (2 * t + 3) / (3 * a * a),
      -t / (3 * a * a),
      (675 + t * (1305 + t * (756 + t * (-4 + t * (-79 - 13 * t))))) / abc2,
      t * (1 / (3 * a * a) - a / (2 * b * b) - b / (2 * c * c)),
      ef,
      ef,
    ];
  };
  it('score residuals: the closed forms, and subject E derived above', () => {
    const t = Math.exp(0.9);
    expect(efronResid(0.9)[4]).toBeCloseTo(
      t / ((t + 1) * (3 * t + 3)) + t / (t + 3) ** 2 + (2 * t) / (t + 5) ** 2,
      14,
    );
    expect(efronResid(0)[4]).toBeCloseTo(29 / 144, 14);
    expect(efronResid(0)[0]).toBeCloseTo(5 / 12, 14);
    for (const b of [0, 0.9, efron.beta]) {
      const U = coxScoreResiduals(d, X, 1, [b], 'efron');
      efronResid(b).forEach((v, i) => {
        expect(U[i]).toBeCloseTo(v, 13);
      });
    }
    // Breslow at β = 0 (R's tests/book1.R, in A..F order): 5/12, −1/12, 7/24, −1/24, 5/24, 5/24
    const Ub = coxScoreResiduals(d, X, 1, [0], 'breslow');
    [5 / 12, -1 / 12, 7 / 24, -1 / 24, 5 / 24, 5 / 24].forEach((v, i) => {
      expect(Ub[i]).toBeCloseTo(v, 14);
    });
  });

  it('robust variance: Σ_g (Σ_{i∈g} U_i / I)² at β̂, per subject and per cluster', () => {
    const U = efronResid(efron.beta);
    const I = efron.i(efron.beta);
    const own = coxPH(d, X, ['x'], { cluster: Int32Array.from([1, 2, 3, 4, 5, 6]) });
    expect(own.robust_se![0]!).toBeCloseTo(Math.sqrt(U.reduce((s, u) => s + (u / I) ** 2, 0)), 7);
    // clusters {A, D}, {B, C, E}, {F}
    const grouped = coxPH(d, X, ['x'], { cluster: Int32Array.from([7, 8, 8, 7, 8, 9]) });
    const g = [U[0] + U[3], U[1] + U[2] + U[4], U[5]];
    expect(grouped.robust_se![0]!).toBeCloseTo(
      Math.sqrt(g.reduce((s, u) => s + (u / I) ** 2, 0)),
      7,
    );
    expect(coxPH(d, X, ['x']).robust_se).toBeNull();
  });
});

describe('Cox with ties, a second hand example', () => {
  /*
   * Subjects (time, event, x): (1,1,1) (1,1,0) (2,1,1) (3,0,0) (3,1,0); θ = e^β.
   * t = 1: risk set r = 2θ + 3 (two with x = 1), deaths {1, 2} with Σr = θ + 1, Σ x'β = β.
   *   Breslow: −2·log(2θ + 3);  Efron: −log(2θ + 3) − log(2θ + 3 − (θ + 1)/2)
   * t = 2: risk set {3,4,5}: θ + 2; t = 3: risk set {4,5}: 2.
   * Breslow ℓ(β) = 2β − 2 log(2θ+3) − log(θ+2) − log 2
   *   ℓ'(β) = 2 − 4θ/(2θ+3) − θ/(θ+2) = 0  ⇔  −2θ² + 3θ + 12 = 0  ⇔  θ = (3 + √105)/4
   * Efron   ℓ(β) = 2β − log(2θ+3) − log(1.5θ+2.5) − log(θ+2) − log 2
   */
  const d = data([1, 1, 2, 3, 3], [1, 1, 1, 0, 1]);
  const X = Float64Array.from([1, 0, 1, 0, 0]);
  const bres = (b: number) => {
    const t = Math.exp(b);
    return 2 * b - 2 * Math.log(2 * t + 3) - Math.log(t + 2) - Math.log(2);
  };
  const efr = (b: number) => {
    const t = Math.exp(b);
    return 2 * b - Math.log(2 * t + 3) - Math.log(1.5 * t + 2.5) - Math.log(t + 2) - Math.log(2);
  };
  it('log likelihood and the fitted coefficients', () => {
    for (const b of [0, 0.5, -1.2]) {
      expect(coxLogLik(d, X, 1, [b], 'breslow')).toBeCloseTo(bres(b), 13);
      expect(coxLogLik(d, X, 1, [b], 'efron')).toBeCloseTo(efr(b), 13);
    }
    expect(coxPH(d, X, ['x'], { ties: 'breslow' }).coef[0]!).toBeCloseTo(
      Math.log((3 + Math.sqrt(105)) / 4),
      9,
    );
    // Efron: ℓ'(β̂) = 0, checked on the hand-derived ℓ by a central difference
    const be = coxPH(d, X, ['x']).coef[0]!;
    expect((efr(be + 1e-5) - efr(be - 1e-5)) / 2e-5).toBeCloseTo(0, 7);
    // the two tie rules differ
    expect(Math.abs(be - Math.log((3 + Math.sqrt(105)) / 4))).toBeGreaterThan(0.01);
  });
});

describe('Cox against a brute-force likelihood (two covariates, weekly ties)', () => {
  // 80 subjects, a binary and a continuous covariate, weekly durations up to 12 weeks: many ties.
  const sim = simulateWeekly(7, 80, 12, (x, t) => 0.08 * (x ? 1.7 : 1) * (t > 6 ? 0.8 : 1));
  const n = sim.n;
  const X = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    X[2 * i] = sim.X[i];
    X[2 * i + 1] = Math.sin(i * 1.7) * 2 + (i % 5) / 3;
  }
  const z = (i: number) => [X[2 * i], X[2 * i + 1]];
  for (const ties of ['efron', 'breslow'] as const) {
    it(`${ties}: ℓ, U and I equal the definition and its numerical derivatives; β̂ maximises it`, () => {
      const f = (th: number[]) => bruteLogLik(sim.d.time, sim.d.event, z, th, ties === 'efron');
      for (const beta of [
        [0, 0],
        [0.4, -0.3],
        [-1, 0.7],
      ]) {
        expect(rel(coxLogLik(sim.d, X, 2, beta, ties), f(beta))).toBeLessThan(1e-12);
        const { grad, hess } = numericDerivatives(f, beta);
        const s = coxScore(sim.d, X, 2, beta, ties);
        s.score.forEach((v, a) => {
          expect(v).toBeCloseTo(grad[a], 6);
        });
        s.info.forEach((v, k) => {
          expect(v).toBeCloseTo(-hess[k >> 1][k & 1], 4);
        });
        // score residuals add up to the score at any β
        const U = coxScoreResiduals(sim.d, X, 2, beta, ties);
        for (let a = 0; a < 2; a++) {
          let sum = 0;
          for (let i = 0; i < n; i++) sum += U[2 * i + a];
          expect(sum).toBeCloseTo(s.score[a], 11);
        }
      }
      const fit = coxPH(sim.d, X, ['x', 'w'], { ties });
      expect(fit.converged).toBe(true);
      const { grad, hess } = numericDerivatives(f, fit.coef as number[]);
      grad.forEach((g) => {
        expect(g).toBeCloseTo(0, 6);
      });
      // model-based variance = inverse of the observed information
      const det = hess[0][0] * hess[1][1] - hess[0][1] * hess[1][0];
      expect(fit.se[0]!).toBeCloseTo(Math.sqrt(-hess[1][1] / det), 4);
      expect(fit.se[1]!).toBeCloseTo(Math.sqrt(-hess[0][0] / det), 4);
    });
  }
});

describe('Cox against R (published output)', () => {
  it('coxph(Surv(time, status) ~ x, data = aml)', () => {
    // R: coef 0.9155, exp(coef) 2.4981, se(coef) 0.5119, p 0.0737; Likelihood ratio test = 3.38 on
    // 1 df, p = 0.06581
    const maintained = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161];
    const mStatus = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const non = [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45];
    const nStatus = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1];
    const fit = coxPH(
      data([...maintained, ...non], [...mStatus, ...nStatus]),
      Float64Array.from([...maintained.map(() => 0), ...non.map(() => 1)]),
      ['xNonmaintained'],
    );
    expect(fit.coef[0]!).toBeCloseTo(0.9155, 4);
    expect(fit.hr[0]!).toBeCloseTo(2.4981, 4);
    expect(fit.se[0]!).toBeCloseTo(0.5119, 4);
    expect(fit.p[0]!).toBeCloseTo(0.0737, 4);
    expect(fit.lrt!.chisq).toBeCloseTo(3.38, 2);
    expect(fit.lrt!.p).toBeCloseTo(0.06581, 5);
    expect(fit.n).toBe(23);
    expect(fit.events).toBe(18);
  });
});

describe('Cox robust variance on simulated data', () => {
  it(
    'with each subject its own cluster, the sandwich is close to the model ' +
      'variance when the model is right',
    () => {
      // Proportional hazards hold by construction (weekly hazard 0.03, HR 1.8), heavily tied weekly
      // times.
      const { d, X, n } = simulateWeekly(21, 3000, 80, (x) => 0.03 * (x ? 1.8 : 1));
      const fit = coxPH(d, X, ['x'], { cluster: Int32Array.from({ length: n }, (_, i) => i) });
      expect(fit.robust_se![0]! / fit.se[0]!).toBeGreaterThan(0.9);
      expect(fit.robust_se![0]! / fit.se[0]!).toBeLessThan(1.1);
      // true log HR of a weekly-probability ratio 1.8 at low hazard: close to log 1.8
      expect(Math.abs(fit.coef[0]! - Math.log(1.8))).toBeLessThan(3 * fit.se[0]!);
    },
  );
});
