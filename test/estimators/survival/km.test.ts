import { describe, expect, it } from 'vitest';
import {
  kaplanMeier,
  medianSurvival,
  restrictedMean,
  survivalAt,
  weeklyGrid,
} from '../../../src/estimators/survival/index.js';
import { data } from './helpers.js';

/*
 * The classic six-patient example: times 3, 4, 4, 5+, 7, 8+ (+ = censored).
 *   t = 3: n = 6, d = 1  S = 5/6            Greenwood Σ d/(n(n−d)) = 1/30
 *   t = 4: n = 5, d = 2  S = 5/6 · 3/5 = 1/2            + 2/15   = 1/6
 *   t = 5: n = 3, censored                  (unchanged)
 *   t = 7: n = 2, d = 1  S = 1/2 · 1/2 = 1/4            + 1/2    = 2/3
 *   t = 8: n = 1, censored
 */
const km = kaplanMeier(data([7, 4, 3, 8, 4, 5], [1, 1, 1, 0, 1, 0]));
const z = 1.959963984540054;
/** The log-log interval written out: exp(−exp(log(−log S) ∓ z·se/log S)). */
const loglog = (s: number, v: number) => {
  const w = (z * Math.sqrt(v)) / Math.log(s);
  return [
    Math.exp(-Math.exp(Math.log(-Math.log(s)) - w)),
    Math.exp(-Math.exp(Math.log(-Math.log(s)) + w)),
  ];
};

describe('Kaplan–Meier by hand', () => {
  it('table: at risk, events, censorings, S and Greenwood', () => {
    expect(km.steps.map((s) => s.time)).toEqual([3, 4, 5, 7, 8]);
    expect(km.steps.map((s) => s.at_risk)).toEqual([6, 5, 3, 2, 1]);
    expect(km.steps.map((s) => s.events)).toEqual([1, 2, 0, 1, 0]);
    expect(km.steps.map((s) => s.censored)).toEqual([0, 0, 1, 0, 1]);
    const S = [5 / 6, 1 / 2, 1 / 2, 1 / 4, 1 / 4];
    const G = [1 / 30, 1 / 6, 1 / 6, 2 / 3, 2 / 3];
    km.steps.forEach((s, j) => {
      expect(s.survival).toBeCloseTo(S[j], 14);
      expect(s.se_log).toBeCloseTo(Math.sqrt(G[j]), 14);
      expect(s.se).toBeCloseTo(S[j] * Math.sqrt(G[j]), 14);
      const [lo, hi] = loglog(S[j], G[j]);
      expect(s.ci_low!).toBeCloseTo(lo, 13);
      expect(s.ci_high!).toBeCloseTo(hi, 13);
    });
    expect(km.n).toBe(6);
    expect(km.events).toBe(4);
    expect(km.problem).toBeUndefined();
  });

  it('S(t) as a step function, events at t included', () => {
    expect(survivalAt(km, 0).survival).toBe(1);
    expect(survivalAt(km, 2.99).survival).toBe(1);
    expect(survivalAt(km, 3).survival).toBeCloseTo(5 / 6, 14);
    expect(survivalAt(km, 6.5).survival).toBeCloseTo(0.5, 14);
    expect(survivalAt(km, 7).survival).toBeCloseTo(0.25, 14);
    expect(survivalAt(km, 100).survival).toBeCloseTo(0.25, 14); // carried past the last time
  });

  it("median with R's midpoint rule, and its interval from the interval curves", () => {
    // S sits at exactly 0.5 on [4, 7): R reports the midpoint 5.5.
    // Lower curve at t = 3: exp(−exp(log(−log 5/6) + z·√(1/30)/(−log 5/6))) = 0.273 ≤ 0.5 → lower
    // limit 3.
    // Upper curve: 0.975 (t = 3), 0.804 (t = 4), 0.646 (t = 7): never ≤ 0.5 → upper limit not
    // reached.
    expect(loglog(5 / 6, 1 / 30)[0]).toBeLessThan(0.5);
    expect(loglog(1 / 4, 2 / 3)[1]).toBeGreaterThan(0.5);
    expect(medianSurvival(km)).toEqual({ median: 5.5, ci_low: 3, ci_high: null });
  });

  it('median when the curve steps below 0.5 without sitting on it', () => {
    // times 1..5, all events: S = 0.8, 0.6, 0.4, ... → first ≤ 0.5 at t = 3
    expect(medianSurvival(kaplanMeier(data([1, 2, 3, 4, 5], [1, 1, 1, 1, 1]))).median).toBe(3);
  });

  it('restricted mean and its standard error (R print(fit, rmean = 8))', () => {
    // ∫₀⁸ S = 3·1 + 1·5/6 + 3·1/2 + 1·1/4
    // A_j = ∫_{t_j}^8 S: A_7 = 1/4, A_4 = 3/2 + 1/4 = 7/4, A_3 = 5/6 + 7/4 = 31/12
    // se² = A_3²·1/30 + A_4²·2/15 + A_7²·1/2
    const r = restrictedMean(km, 8);
    expect(r.rmst).toBeCloseTo(3 + 5 / 6 + 1.5 + 0.25, 13);
    expect(r.se).toBeCloseTo(
      Math.sqrt((31 / 12) ** 2 / 30 + (7 / 4) ** 2 * (2 / 15) + (1 / 4) ** 2 / 2),
      13,
    );
    // horizon inside the data: only events ≤ 5 count; ∫₀⁵ S = 3 + 5/6 + 1/2, A_4 = 1/2, A_3 = 5/6 +
    // 1/2
    const r5 = restrictedMean(km, 5);
    expect(r5.rmst).toBeCloseTo(3 + 5 / 6 + 0.5, 13);
    expect(r5.se).toBeCloseTo(Math.sqrt((4 / 3) ** 2 / 30 + (1 / 2) ** 2 * (2 / 15)), 13);
  });

  it('an S = 0 end: no interval at 0 (R: NA), se of S is 0', () => {
    const k = kaplanMeier(data([1, 2], [1, 1]));
    expect(k.steps[1].survival).toBe(0);
    expect(k.steps[1].ci_low).toBeNull();
    expect(k.steps[1].ci_high).toBeNull();
    expect(k.steps[1].se).toBe(0);
    expect(medianSurvival(k).median).toBe(1.5); // S = 0.5 on [1, 2): midpoint
  });
});

describe('weekly grid', () => {
  it('at risk at the week, events and censorings in it, S after it', () => {
    const g = weeklyGrid(km, 9);
    // at risk at week w = subjects with time ≥ w
    expect(g.map((r) => r.at_risk)).toEqual([6, 6, 6, 6, 5, 3, 2, 2, 1, 0]);
    expect(g.map((r) => r.events)).toEqual([0, 0, 0, 1, 2, 0, 0, 1, 0, 0]);
    expect(g.map((r) => r.censored)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 1, 0]);
    [1, 1, 1, 5 / 6, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25].forEach((s, w) => {
      expect(g[w].survival).toBeCloseTo(s, 14);
    });
    expect(g[0].ci_low).toBe(1);
  });

  it('fractional times fall into the week (w − 1, w]', () => {
    const g = weeklyGrid(kaplanMeier(data([0.5, 1.5, 2.5], [1, 0, 1])), 3);
    expect(g.map((r) => [r.week, r.at_risk, r.events, r.censored])).toEqual([
      [0, 3, 0, 0],
      [1, 3, 1, 0],
      [2, 2, 0, 1],
      [3, 1, 1, 0],
    ]);
    expect(g[1].survival).toBeCloseTo(2 / 3, 14);
    expect(g[3].survival).toBe(0);
  });
});

describe('Kaplan–Meier degenerate cells', () => {
  it('one person, censored: flat curve, median not reached, a clear message', () => {
    const k = kaplanMeier(data([12], [0]));
    expect(k.problem).toMatch(/no events among 1 subject \(all censored\)/);
    expect(survivalAt(k, 52).survival).toBe(1);
    expect(medianSurvival(k)).toEqual({ median: null, ci_low: null, ci_high: null });
    expect(restrictedMean(k, 26)).toEqual({ rmst: 26, se: 0, horizon: 26 });
    expect(weeklyGrid(k, 13).at(-1)).toEqual({
      week: 13,
      at_risk: 0,
      events: 0,
      censored: 0,
      survival: 1,
      ci_low: 1,
      ci_high: 1,
    });
  });
  it('no subjects', () => {
    const k = kaplanMeier(data([], []));
    expect(k.problem).toMatch(/no subjects/);
    expect(k.steps).toEqual([]);
  });
  it('rejects inputs it cannot use', () => {
    expect(() => kaplanMeier(data([1, NaN], [1, 0]))).toThrow(/finite/);
    expect(() => kaplanMeier(data([1, -2], [1, 0]))).toThrow(/≥ 0/);
    expect(() =>
      kaplanMeier({ time: Float64Array.from([1, 2]), event: Uint8Array.from([1]) }),
    ).toThrow(/entries/);
    expect(() => kaplanMeier(data([1, 2], [1, 2]))).toThrow(/0 or 1/);
  });
});
