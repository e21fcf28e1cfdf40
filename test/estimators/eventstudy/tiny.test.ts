/**
 * A tiny event study derived by hand: 3 entry periods p1–p3 (indices 0–2 in
 * the estimator), start period g = 2 (index 1) in municipalities A and B,
 * never-treated C and D; every (municipality,
 * period) has 2 person-weeks and 1 person (so n(2, p) = 2).
 *
 *            Σy p1 p2 p3        means  p1    p2    p3
 *   A (g=2)     0  1  2         g = 2  1/4   2/4   3/4
 *   B (g=2)     1  1  1         never  2/4   3/4   2/4
 *   C (never)   1  1  1
 *   D (never)   1  2  1
 *
 * ATT(2,2) = (2/4 − 1/4) − (3/4 − 2/4) = 0, ATT(2,3) = (3/4 − 1/4) − (2/4 − 2/4) = 1/2.
 * U_mj = (Σy_mj − N_mj Ȳ_j)/N_j: A p1 −1/8, p2 0, p3 1/8; B p1 1/8, p2 0, p3 −1/8;
 * C p1 0, p2 −1/8, p3 0; D p1 0, p2 1/8, p3 0.
 * S for ATT(2,3) = U(2,3) − U(2,1) − U(N,3) + U(N,1): A 1/4, B −1/4, C 0, D 0
 *   → V = 4/3 · 1/8 = 1/6.
 * S for ATT(2,2): A 1/8, B −1/8, C 1/8, D −1/8 → V = 4/3 · 4/64 = 1/12;
 *   their covariance 4/3 · (1/32 + 1/32) = 1/12.
 * Overall = (2·0 + 2·1/2)/4 = 1/4 with S = (A 3/16, B −3/16, C 1/16, D −1/16)
 *   → V = 4/3 · (2·9/256 + 2·1/256) = 5/48.
 */
import { describe, expect, it } from 'vitest';
import { NEVER } from '../../../src/design/rounds.js';
import {
  attCells,
  cellTable,
  clusterCovariance,
  clusterScores,
  estimateEventStudy,
} from '../../../src/estimators/eventstudy/index.js';
import { twoSidedP, zCritical } from '../../../src/estimators/normal.js';

const sums = {
  clusters: ['A', 'B', 'C', 'D'],
  startPeriod: [1, 1, NEVER, NEVER],
  periods: 3,
  used: [true, true, true],
  persons: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  n: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
  sumY: [0, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1],
};
const opts = { comparison: 'never-treated' as const, level: 0.95, bootstrap: 0, seed: 1 };

describe('event study on a hand-derived example', () => {
  const est = estimateEventStudy(sums, opts);

  it('ATT(g, p) with the universal base g − 1 and its clustered SE', () => {
    const byP = Object.fromEntries(est.att_gt.map((r) => [r.period + 1, r]));
    expect(byP[1]).toMatchObject({
      group: 1,
      period: 0,
      event_time: -1,
      estimate: 0,
      se: null,
      n: 2,
    });
    expect(byP[2].estimate).toBeCloseTo(0, 15);
    expect(byP[2].se).toBeCloseTo(Math.sqrt(1 / 12), 15);
    expect(byP[3].estimate).toBeCloseTo(0.5, 15);
    expect(byP[3].se).toBeCloseTo(Math.sqrt(1 / 6), 15);
    expect(byP[3].ci_low).toBeCloseTo(0.5 - zCritical(0.95) * Math.sqrt(1 / 6), 14);
    expect(est.clusters).toBe(4);
  });

  it('the joint covariance of ATT(2,2) and ATT(2,3)', () => {
    const t = cellTable(sums);
    const rows = attCells(t, 'never-treated').filter((r) => r.c !== null);
    const S = clusterScores(
      t,
      rows.map((r) => r.c!),
    );
    const V = clusterCovariance(S, 4, 2);
    expect(V[0]).toBeCloseTo(1 / 12, 15);
    expect(V[1]).toBeCloseTo(1 / 12, 15);
    expect(V[3]).toBeCloseTo(1 / 6, 15);
  });

  it('ATT(e) and the overall effect', () => {
    expect(est.event_time.map((r) => r.e)).toEqual([-1, 0, 1]);
    expect(est.event_time[2].estimate).toBeCloseTo(0.5, 15);
    expect(est.overall.estimate).toBeCloseTo(0.25, 15);
    expect(est.overall.se).toBeCloseTo(Math.sqrt(5 / 48), 15);
    expect(est.overall.p).toBeCloseTo(twoSidedP(0.25 / Math.sqrt(5 / 48)), 14);
    expect(est.overall.n).toBe(4);
  });

  it('no pre-period to test, no band without draws: problems, not NaN', () => {
    expect(est.pretest.statistic).toBeNull();
    expect(est.pretest.problem).toMatch(/nothing to test/);
    expect(est.band.critical).toBeNull();
    expect(est.event_time[1].band_low).toBeNull();
  });

  it('not-yet-treated: a later group serves as comparison only while it is not yet treated', () => {
    // Add group 3 (municipality E) whose p1 and p2 cells join C for ATT(2,2)
    // (3 > max(2, 1)) but not for ATT(2,3) (3 ≯ 3).
    const s2 = {
      ...sums,
      clusters: [...sums.clusters, 'E'],
      startPeriod: [...sums.startPeriod, 2],
      persons: [...sums.persons, 1, 1, 1],
      n: [...sums.n, 2, 2, 2],
      sumY: [...sums.sumY, 2, 0, 2],
    };
    const nyt = estimateEventStudy(s2, { ...opts, comparison: 'not-yet-treated' });
    const at = (g: number, p: number) =>
      nyt.att_gt.find((r) => r.group === g - 1 && r.period === p - 1)!.estimate!;
    // Comparison means with E pooled by person-weeks: p1 (1+1+2)/6 = 4/6, p2 (1+2+0)/6 = 3/6.
    expect(at(2, 2)).toBeCloseTo(2 / 4 - 1 / 4 - (3 / 6 - 4 / 6), 15);
    expect(at(2, 3)).toBeCloseTo(0.5, 15);
    // Group 3 against never-treated only (2 ≯ max(p, 2)): ATT(3,1) = (1 − 0) − (2/4 − 3/4).
    expect(at(3, 1)).toBeCloseTo(1 - 0 - (2 / 4 - 3 / 4), 15);
  });
});
