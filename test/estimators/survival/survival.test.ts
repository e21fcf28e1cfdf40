import { describe, it, expect } from 'vitest';
import { kaplanMeier, survivalAt, medianSurvival, restrictedMean, weeklyGrid, logRank, coxPH, coxLogLik, coxDiD, phTest, chiSquareUpper } from '../../../src/estimators/survival/index.js';
import { mulberry32 } from '../../../src/estimators/did/index.js';
import { normalUpper } from '../../../src/estimators/normal.js';

const data = (time: number[], event: number[]) => ({ time: Float64Array.from(time), event: Uint8Array.from(event) });

describe('chi-square upper tail', () => {
  it('matches R pchisq', () => {
    expect(chiSquareUpper(3.84145882069412, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareUpper(5.99146454710798, 2)).toBeCloseTo(0.05, 12);
    // df = 2: P = exp(−x/2) exactly
    expect(chiSquareUpper(10, 2)).toBeCloseTo(Math.exp(-5), 14);
    // df = 3 in closed form: P = 2(1 − Φ(√x)) + √(2x/π)·e^{−x/2}
    for (const x of [0.5, 4, 30]) expect(chiSquareUpper(x, 3)).toBeCloseTo(2 * normalUpper(Math.sqrt(x)) + Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2), 13);
  });
});

describe('Kaplan–Meier by hand', () => {
  // times 3, 4, 4, 5+, 7, 8+:  S(3) = 5/6, S(4) = 5/6·3/5 = 1/2, S(7) = 1/2·1/2 = 1/4
  const km = kaplanMeier(data([3, 4, 4, 5, 7, 8], [1, 1, 1, 0, 1, 0]));
  it('survival and Greenwood', () => {
    expect(survivalAt(km, 2).survival).toBe(1);
    expect(survivalAt(km, 3).survival).toBeCloseTo(5 / 6, 14);
    expect(survivalAt(km, 6).survival).toBeCloseTo(0.5, 14);
    expect(survivalAt(km, 7).survival).toBeCloseTo(0.25, 14);
    // Σ d/(n(n−d)) = 1/30 + 2/15 + 1/2 = 2/3
    const s7 = km.steps.find((s) => s.time === 7)!;
    expect(s7.se_log).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(s7.se).toBeCloseTo(0.25 * Math.sqrt(2 / 3), 14);
    expect(s7.at_risk).toBe(2);
  });
  it('median with R\'s midpoint rule and restricted mean', () => {
    // S sits at exactly 0.5 on [4, 7): R reports the midpoint 5.5.
    expect(medianSurvival(km).median).toBe(5.5);
    // ∫₀⁸ S = 3·1 + 1·5/6 + 3·1/2 + 1·1/4
    expect(restrictedMean(km, 8).rmst).toBeCloseTo(3 + 5 / 6 + 1.5 + 0.25, 12);
  });
  it('weekly grid counts at risk, events and censorings per week', () => {
    const g = weeklyGrid(km, 8);
    // at risk at week w = subjects with time ≥ w
    expect(g.map((r) => r.at_risk)).toEqual([6, 6, 6, 6, 5, 3, 2, 2, 1]);
    expect(g.map((r) => r.events)).toEqual([0, 0, 0, 1, 2, 0, 0, 1, 0]);
    expect(g.map((r) => r.censored)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 1]);
  });
});

describe('log-rank by hand', () => {
  it('two groups', () => {
    // A: events at 1, 2; B: event at 3, censored at 4.
    // t=1: N=4, nA=2, D=1: E_A = 1/2, V = 1·3/(16·3)·2·2 = 1/4
    // t=2: N=3, nA=1, D=1: E_A = 1/3, V = 1·2/(9·2)·1·2 = 2/9
    // t=3: N=2, nA=0: nothing for A.  χ² = (2 − 5/6)² / (1/4 + 2/9)
    const r = logRank(data([1, 2, 3, 4], [1, 1, 1, 0]), Uint8Array.from([0, 0, 1, 1]));
    expect(r.observed[0]).toBe(2);
    expect(r.expected[0]).toBeCloseTo(5 / 6, 14);
    expect(r.chisq).toBeCloseTo((7 / 6) ** 2 / (1 / 4 + 2 / 9), 12);
    expect(r.df).toBe(1);
  });
});

describe('Cox partial likelihood with ties, by hand', () => {
  /*
   * Subjects (time, event, x): (1,1,1) (1,1,0) (2,1,1) (3,0,0) (3,1,0); θ = e^β.
   * t = 1: risk set r = 2θ + 3 (two with x = 1), deaths {1, 2} with Σr = θ + 1, Σ x'β = β.
   *   Breslow: −2·log(2θ + 3)
   *   Efron:   −log(2θ + 3) − log(2θ + 3 − (θ + 1)/2) = −log(2θ + 3) − log(1.5θ + 2.5)
   * t = 2: risk set {3,4,5}: θ + 2; death of subject 3 adds β − log(θ + 2).
   * t = 3: risk set {4,5}: 2; death of subject 5 adds 0 − log 2.
   * Breslow ℓ(β) = 2β − 2 log(2θ+3) − log(θ+2) − log 2
   * Efron   ℓ(β) = 2β − log(2θ+3) − log(1.5θ+2.5) − log(θ+2) − log 2
   */
  const d = data([1, 1, 2, 3, 3], [1, 1, 1, 0, 1]);
  const X = Float64Array.from([1, 0, 1, 0, 0]);
  const breslow = (b: number) => { const t = Math.exp(b); return 2 * b - 2 * Math.log(2 * t + 3) - Math.log(t + 2) - Math.log(2); };
  const efron = (b: number) => { const t = Math.exp(b); return 2 * b - Math.log(2 * t + 3) - Math.log(1.5 * t + 2.5) - Math.log(t + 2) - Math.log(2); };
  it('log-likelihood at several β', () => {
    for (const b of [0, 0.5, -1.2]) {
      expect(coxLogLik(d, X, 1, [b], 'breslow')).toBeCloseTo(breslow(b), 12);
      expect(coxLogLik(d, X, 1, [b], 'efron')).toBeCloseTo(efron(b), 12);
    }
  });
  it('the fitted β maximises the hand-derived likelihood', () => {
    const argmax = (f: (b: number) => number) => {
      // golden-section search on [−5, 5]
      let a = -5;
      let c = 5;
      const g = (Math.sqrt(5) - 1) / 2;
      for (let i = 0; i < 200; i++) {
        const x1 = c - g * (c - a);
        const x2 = a + g * (c - a);
        if (f(x1) > f(x2)) c = x2;
        else a = x1;
      }
      return (a + c) / 2;
    };
    expect(coxPH(d, X, ['x'], { ties: 'breslow' }).coef[0]).toBeCloseTo(argmax(breslow), 6);
    expect(coxPH(d, X, ['x'], { ties: 'efron' }).coef[0]).toBeCloseTo(argmax(efron), 6);
    // Efron and Breslow differ on tied data
    expect(Math.abs(argmax(breslow) - argmax(efron))).toBeGreaterThan(0.01);
  });
});

describe('Cox degenerate input', () => {
  it('no events: a clear message, no NaN hazard ratio', () => {
    const r = coxDiD(data([1, 2, 3, 4], [0, 0, 0, 0]), Uint8Array.from([0, 1, 0, 1]), Uint8Array.from([0, 0, 1, 1]));
    expect(r.hr).toBeNull();
    expect(r.problem).toMatch(/no events/);
  });
  it('a constant covariate (e.g. no treated subjects)', () => {
    const r = coxDiD(data([1, 2, 3, 4], [1, 1, 0, 1]), Uint8Array.from([0, 0, 0, 0]), Uint8Array.from([0, 0, 1, 1]));
    expect(r.hr).toBeNull();
    expect(r.problem).toMatch(/constant/);
  });
  it('perfect separation: documented infinite hazard ratio', () => {
    // x = 1 subjects all have their event before any x = 0 subject has one.
    const fit = coxPH(data([1, 1, 2, 5, 6, 7], [1, 1, 1, 1, 0, 1]), Float64Array.from([1, 1, 1, 0, 0, 0]), ['x']);
    expect(fit.problem).toMatch(/may be infinite/);
    expect(fit.hr[0]).toBe(Infinity);
  });
});

/**
 * Weekly durations for n subjects, x = i mod 2, drawn from a weekly hazard
 * h(x, t) and censored at `horizon` weeks (heavily tied, like register data).
 */
function simulateWeekly(seed: number, n: number, horizon: number, hazard: (x: number, t: number) => number) {
  const r = mulberry32(seed);
  const u = () => (r() + 0.5) / 4294967296;
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const X = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[i] = i % 2;
    let t = 0;
    for (;;) {
      t++;
      if (u() < hazard(X[i], t)) { event[i] = 1; break; }
      if (t >= horizon) break;
    }
    time[i] = t;
  }
  return { d: { time, event }, X, n };
}

describe('proportional-hazards check', () => {
  function simulate(crossing: boolean) {
    // weekly hazard: constant HR 2 (PH) or 4× early and 0.25× after week 10 (crossing)
    const { d, X } = simulateWeekly(crossing ? 2 : 1, 600, 60, (x, t) => 0.04 * (x ? (crossing ? (t <= 10 ? 4 : 0.25) : 2) : 1));
    const fit = coxPH(d, X, ['x']);
    return phTest(d, X, fit)!;
  }
  it('does not reject proportional hazards when they hold, rejects a crossing hazard', () => {
    expect(simulate(false).global.p).toBeGreaterThan(0.01);
    expect(simulate(true).global.p).toBeLessThan(0.001);
    expect(simulate(true).terms[0].rho).toBeLessThan(0); // the effect fades with time
  });
});

describe('Cox robust variance', () => {
  it('with each subject its own cluster, the sandwich is close to the model variance when the model is right', () => {
    // Proportional hazards hold by construction (weekly hazard 0.03, HR 1.8 for x = 1), heavily tied weekly times.
    const { d: { time, event }, X, n } = simulateWeekly(21, 3000, 80, (x) => 0.03 * (x ? 1.8 : 1));
    const fit = coxPH({ time, event }, X, ['x'], { cluster: Int32Array.from({ length: n }, (_, i) => i) });
    expect(fit.robust_se![0] / fit.se[0]).toBeGreaterThan(0.9);
    expect(fit.robust_se![0] / fit.se[0]).toBeLessThan(1.1);
    // clustering pairs of identical-risk subjects together can only move it moderately here
    const pairs = coxPH({ time, event }, X, ['x'], { cluster: Int32Array.from({ length: n }, (_, i) => i >> 1) });
    expect(pairs.robust_se![0]).toBeGreaterThan(0);
  });
});
