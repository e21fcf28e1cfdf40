import { describe, expect, it } from 'vitest';
import { coxDiD, coxLogLik, coxPH } from '../../../src/estimators/survival/index.js';
import { book, data, simulateWeekly } from './helpers.js';

const noNaN = (v: unknown): boolean =>
  typeof v === 'number'
    ? !Number.isNaN(v)
    : Array.isArray(v)
      ? v.every(noNaN)
      : v && typeof v === 'object'
        ? Object.values(v).every(noNaN)
        : true;

describe('Cox: no events', () => {
  it('every subject censored: ℓ ≡ 0, nothing estimable, a clear message', () => {
    const fit = coxPH(data([1, 2, 3, 4], [0, 0, 0, 0]), Float64Array.from([0, 1, 0, 1]), ['x']);
    expect(fit.problem).toMatch(/no events: all 4 subjects are censored/);
    expect(fit.coef).toEqual([null]);
    expect(fit.hr).toEqual([null]);
    expect(fit.loglik).toEqual([0, 0]);
    expect(noNaN(fit)).toBe(true);
    const did = coxDiD(
      data([1, 2, 3, 4], [0, 0, 0, 0]),
      Uint8Array.from([0, 1, 0, 1]),
      Uint8Array.from([0, 0, 1, 1]),
    );
    expect(did.hr).toBeNull();
    expect(did.duration_change).toBeNull();
    expect(did.problem).toMatch(/^no events/);
    expect(noNaN(did)).toBe(true);
  });
  it('no subjects', () => {
    expect(coxPH(data([], []), new Float64Array(0), ['x']).problem).toMatch(/no subjects/);
  });
});

describe('Cox: constant and collinear covariates', () => {
  it(
    'a constant covariate is dropped with a message; the others are still ' +
      'estimated (as R gives NA)',
    () => {
      const { d, X } = book;
      const X2 = new Float64Array(12);
      for (let i = 0; i < 6; i++) {
        X2[2 * i] = X[i];
        X2[2 * i + 1] = 3;
      }
      const fit = coxPH(d, X2, ['x', 'c']);
      expect(fit.coef[1]).toBeNull();
      expect(fit.se[1]).toBeNull();
      expect(fit.problem).toMatch(/covariate "c" is constant/);
      const alone = coxPH(d, X, ['x']);
      expect(fit.coef[0]!).toBeCloseTo(alone.coef[0]!, 10);
      expect(fit.se[0]!).toBeCloseTo(alone.se[0]!, 10);
      expect(fit.lrt!.df).toBe(1);
      expect(noNaN(fit)).toBe(true);
    },
  );
  it('a covariate equal to another is not estimable', () => {
    const { d, X } = book;
    const X2 = new Float64Array(12);
    for (let i = 0; i < 6; i++) X2[2 * i] = X2[2 * i + 1] = X[i];
    const fit = coxPH(d, X2, ['x', 'x again']);
    expect(fit.coef[1]).toBeNull();
    expect(fit.problem).toMatch(/"x again" is collinear/);
    expect(fit.coef[0]!).toBeCloseTo(coxPH(d, X, ['x']).coef[0]!, 10);
  });
  it('DiD with no treated subjects: treated and treated·during not estimable, hr null', () => {
    const r = coxDiD(
      data([1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 1]),
      Uint8Array.from([0, 0, 0, 0, 0, 0]),
      Uint8Array.from([0, 0, 0, 1, 1, 1]),
    );
    expect(r.hr).toBeNull();
    expect(r.problem).toMatch(/the treated·during cell has no members/);
    expect(r.problem).toMatch(/"treated" is constant/);
    expect(noNaN(r)).toBe(true);
  });
});

describe('Cox: perfect separation', () => {
  // Every x = 1 subject has its event before any x = 0 subject has one: ℓ(β) increases towards a
  // limit as β → ∞.
  const d = data([1, 1, 2, 5, 6, 7], [1, 1, 1, 1, 0, 1]);
  const X = Float64Array.from([1, 1, 1, 0, 0, 0]);
  it('documented infinite hazard ratio, no interval, no NaN', () => {
    const fit = coxPH(d, X, ['x']);
    expect(fit.infinite).toEqual([true]);
    expect(fit.hr[0]).toBe(Infinity);
    expect(fit.ci_low[0]).toBeNull();
    expect(fit.p[0]).toBeNull();
    expect(fit.problem).toMatch(/coefficient of "x" may be infinite/);
    expect(fit.problem).toMatch(/x = Infinity/);
    expect(noNaN(fit)).toBe(true);
    // the likelihood really is increasing towards its supremum: ℓ(β̂) within 1e-8 of ℓ(40)
    expect(coxLogLik(d, X, 1, [40])).toBeGreaterThan(fit.loglik[1]);
    expect(coxLogLik(d, X, 1, [40]) - fit.loglik[1]).toBeLessThan(1e-8);
    // the likelihood-ratio test stays valid
    expect(fit.lrt!.chisq).toBeCloseTo(2 * (coxLogLik(d, X, 1, [40]) - coxLogLik(d, X, 1, [0])), 7);
  });
  it('the other direction: hazard ratio 0', () => {
    const fit = coxPH(d, Float64Array.from([0, 0, 0, 1, 1, 1]), ['x']);
    expect(fit.hr[0]).toBe(0);
    expect(fit.problem).toMatch(/x = 0/);
  });
  it('a coefficient that needs more than the iteration cap to run away is still recognised', () => {
    // during = 1 subjects are at risk at t = 1, 2 without events; the one event among them is alone
    // in its risk set
    const fit = coxPH(data([1, 2, 3, 4], [1, 1, 0, 1]), Float64Array.from([0, 0, 1, 1]), [
      'during',
    ]);
    expect(fit.converged).toBe(false);
    expect(fit.hr[0]).toBe(0);
    expect(fit.problem).toMatch(/may be infinite/);
  });
});

describe('Cox DiD: a cell with one person, censored', () => {
  // Four cells of 100 simulated weekly durations; the treated·during cell keeps one person,
  // censored.
  const sim = simulateWeekly(
    3,
    400,
    60,
    () => 0.05,
    (i) => i % 4,
  );
  const keep: number[] = [];
  for (let i = 0; i < sim.n; i++) if (sim.X[i] !== 3 || i === 3) keep.push(i);
  const d = {
    time: Float64Array.from(keep, (i) => sim.d.time[i]),
    event: Uint8Array.from(keep, (i) => (i === 3 ? 0 : sim.d.event[i])),
  };
  const treated = Uint8Array.from(keep, (i) => (sim.X[i] >= 2 ? 1 : 0));
  const during = Uint8Array.from(keep, (i) => sim.X[i] % 2);
  it('hazard ratio 0 with a message naming the cell', () => {
    const r = coxDiD(
      d,
      treated,
      during,
      Int32Array.from(keep, (i) => i % 7),
    );
    expect(r.hr).toBe(0);
    expect(r.duration_change).toBe(-Infinity);
    expect(r.ci_low).toBeNull();
    expect(r.p).toBeNull();
    expect(r.robust_se_log_hr).toBeNull();
    expect(r.problem).toMatch(
      /the treated·during cell has 1 member and no events \(all censored\)/,
    );
    expect(r.problem).toMatch(/treated:during = 0/);
    expect(noNaN(r)).toBe(true);
    // the main effects are unaffected and finite
    expect(r.fit.infinite).toEqual([false, false, true]);
    expect(Number.isFinite(r.fit.hr[0]!)).toBe(true);
  });
});

describe('input checks', () => {
  it('mismatched lengths and non-finite covariates throw', () => {
    const { d } = book;
    expect(() => coxPH(d, new Float64Array(5), ['x'])).toThrow(/n·p/);
    expect(() => coxPH(d, Float64Array.from([1, 0, NaN, 0, 1, 0]), ['x'])).toThrow(/finite/);
    expect(() => coxPH(d, book.X, ['x'], { cluster: new Int32Array(2) })).toThrow(/cluster/);
    expect(() => coxDiD(d, new Uint8Array(2), new Uint8Array(6))).toThrow(/treated/);
  });
});
