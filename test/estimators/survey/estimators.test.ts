/**
 * The survey estimators on small cases derived by hand (the derivation is
 * written next to each expectation).
 */
import { describe, expect, it } from 'vitest';
import {
  fidelityChange,
  fidelityColour,
  holmAdjust,
  midranks,
  pairedTTest,
  signedRankTest,
  spread,
  tCritical,
} from '../../../src/estimators/survey/index.js';

describe('midranks (R rank, ties.method = "average")', () => {
  it('shares the mean rank among ties', () => {
    // sorted: 1 (rank 1), 2 (rank 2), 3, 3 (ranks 3 and 4 → 3.5 each)
    expect(midranks([3, 1, 3, 2])).toEqual({ ranks: [3.5, 1, 3.5, 2], tieSizes: [1, 1, 2] });
    expect(midranks([])).toEqual({ ranks: [], tieSizes: [] });
    expect(midranks([5, 5, 5]).ranks).toEqual([2, 2, 2]);
  });
});

describe('signedRankTest (wilcox.test paired, exact = FALSE, correct = TRUE)', () => {
  it('drops zeros, sums the positive midranks and corrects for ties and continuity', () => {
    // d = 1, −2, 3, 0, 3 → zero dropped, n = 4; |d| = 1, 2, 3, 3 → ranks 1, 2, 3.5, 3.5
    // V = 1 + 3.5 + 3.5 = 8; E[V] = n(n+1)/4 = 5
    // σ² = 4·5·9/24 − (2³ − 2)/48 = 7.5 − 0.125 = 7.375
    // z = (8 − 5 − 0.5)/√7.375 = 0.92057461789832; p = 2·(1 − Φ(z)) = erfc(z/√2) =
    // 0.357272559031875
    const r = signedRankTest([1, -2, 3, 0, 3]);
    expect(r.v).toBe(8);
    expect(r.nonzero).toBe(4);
    expect(r.zeros).toBe(1);
    expect(r.z).toBeCloseTo(0.9205746178983234, 14);
    expect(r.p).toBeCloseTo(0.35727255903187477, 14);
  });

  it('is symmetric: negating every difference gives V′ = n(n+1)/2 − V and the same p', () => {
    const d = [1, -2, 3, 0, 3, 4, -1, 2];
    const a = signedRankTest(d);
    const b = signedRankTest(d.map((x) => -x));
    expect(a.v + b.v).toBe((a.nonzero * (a.nonzero + 1)) / 2);
    expect(b.p).toBeCloseTo(a.p as number, 15);
  });

  it('gives p = 1 when V sits within ½ of its mean (the correction crosses zero)', () => {
    // d = 1, −1: ranks 1.5, 1.5; V = 1.5 = n(n+1)/4 → z = 0 → p = 1
    expect(signedRankTest([1, -1]).p).toBe(1);
  });

  it('says why instead of NaN: no nonzero difference', () => {
    const r = signedRankTest([0, 0, 0]);
    expect(r.p).toBeNull();
    expect(r.problem).toMatch(/zero/);
    expect(signedRankTest([]).p).toBeNull();
  });
});

describe('pairedTTest (t.test paired = TRUE)', () => {
  it('matches the closed form of Student t with 3 degrees of freedom', () => {
    // d = 1, 2, 3, 4: mean 2.5, s² = 5/3, se = √(5/12), t = 2.5/√(5/12) = √15, df = 3.
    // For df = 3, P(|T| > t) = 1 − (2/π)(u/(1+u²) + atan u), u = t/√3 = √5:
    // p = 1 − (2/π)(√5/6 + atan √5) = 0.030466291662171
    const r = pairedTTest([1, 2, 3, 4], 0.95);
    expect(r.mean).toBe(2.5);
    expect(r.se).toBeCloseTo(Math.sqrt(5 / 12), 15);
    expect(r.t).toBeCloseTo(Math.sqrt(15), 13);
    expect(r.df).toBe(3);
    expect(r.p).toBeCloseTo(1 - (2 / Math.PI) * (Math.sqrt(5) / 6 + Math.atan(Math.sqrt(5))), 13);
    // qt(0.975, 3) = 3.18244630528371 (tables)
    expect(r.ci_low).toBeCloseTo(2.5 - 3.182446305284263 * Math.sqrt(5 / 12), 10);
    expect(r.ci_high).toBeCloseTo(2.5 + 3.182446305284263 * Math.sqrt(5 / 12), 10);
  });

  it('uses the level it is given: qt(0.95, 1) = tan(0.45π), qt(0.975, 1) = tan(0.475π)', () => {
    expect(tCritical(0.9, 1)).toBeCloseTo(Math.tan(0.45 * Math.PI), 9);
    expect(tCritical(0.95, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 9);
    // df = 2: qt(p, 2) = (2p − 1)·√(2/(1 − (2p−1)²)) → p = 0.975: 0.95·√(2/0.0975)
    expect(tCritical(0.95, 2)).toBeCloseTo(0.95 * Math.sqrt(2 / (1 - 0.95 * 0.95)), 9);
  });

  it('gives t = 0 and p = 1 for a mean change of exactly 0', () => {
    const r = pairedTTest([1, -1, 2, -2], 0.95);
    expect(r.t).toBe(0);
    expect(r.p).toBe(1);
  });

  it('says why instead of NaN: no pairs, one pair, or the same change for everyone', () => {
    expect(pairedTTest([], 0.95).problem).toMatch(/no respondent/);
    expect(pairedTTest([2], 0.95)).toMatchObject({
      mean: 2,
      t: null,
      problem: expect.stringMatching(/one respondent/),
    });
    expect(pairedTTest([1, 1, 1], 0.95)).toMatchObject({
      mean: 1,
      t: null,
      p: null,
      problem: expect.stringMatching(/same amount/),
    });
  });
});

describe('holmAdjust (p.adjust "holm")', () => {
  it('multiplies the i-th smallest by m − i + 1 and keeps the order (running maximum)', () => {
    // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max so far 0.06
    const got = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    const want = [0.03, 0.06, 0.06, 0.02];
    got.forEach((g, i) => {
      expect(g).toBeCloseTo(want[i], 15);
    });
  });
  it('caps at 1 and leaves missing values out of m', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    // m = 2: 0.02·2 = 0.04, 0.04·1 = 0.04
    const got = holmAdjust([0.02, null, 0.04]);
    expect(got[1]).toBeNull();
    expect(got[0]).toBeCloseTo(0.04, 15);
    expect(got[2]).toBeCloseTo(0.04, 15);
  });
});

describe('fidelity colours, decided on the counts', () => {
  it('colours a change of exactly ±5 pp yellow, beyond it green or red', () => {
    // 10/20 → 11/20: +5 exactly (floating point: 5.000000000000004)
    expect(fidelityColour({ agree: 10, answers: 20 }, { agree: 11, answers: 20 })).toBe('yellow');
    expect(fidelityColour({ agree: 10, answers: 20 }, { agree: 12, answers: 20 })).toBe('green');
    // 14/20 → 13/20: −5 exactly (floating point: −4.999999999999993)
    expect(fidelityColour({ agree: 14, answers: 20 }, { agree: 13, answers: 20 })).toBe('yellow');
    expect(fidelityColour({ agree: 14, answers: 20 }, { agree: 12, answers: 20 })).toBe('red');
    // 7/10 → 3/4: 100·(0.75 − 0.7) = 5.000000000000004 in floating point, exactly 5: yellow
    expect(fidelityColour({ agree: 7, answers: 10 }, { agree: 3, answers: 4 })).toBe('yellow');
    // 1/3 → 3/8: +4.17 pp, yellow; 1/3 → 4/10: +6.67 pp, green
    expect(fidelityColour({ agree: 1, answers: 3 }, { agree: 3, answers: 8 })).toBe('yellow');
    expect(fidelityColour({ agree: 1, answers: 3 }, { agree: 4, answers: 10 })).toBe('green');
  });

  it('agrees with exact rational comparison on every count up to 12 answers per wave', () => {
    // Independent check: the change in units of 1/(n0·n1·20) compared as integers.
    let checked = 0;
    for (let n0 = 1; n0 <= 12; n0++)
      for (let n1 = 1; n1 <= 12; n1++)
        for (let a0 = 0; a0 <= n0; a0++)
          for (let a1 = 0; a1 <= n1; a1++) {
            const num = 100 * (a1 * n0 - a0 * n1); // change·n0·n1, exact in integers
            const five = 5 * n0 * n1;
            const want = num > five ? 'green' : num < -five ? 'red' : 'yellow';
            expect(fidelityColour({ agree: a0, answers: n0 }, { agree: a1, answers: n1 })).toBe(
              want,
            );
            checked++;
          }
    expect(checked).toBeGreaterThan(5000);
  });

  it('gives shares, change in pp, and a reason when a wave has no answers', () => {
    expect(fidelityChange({ agree: 9, answers: 20 }, { agree: 15, answers: 22 })).toMatchObject({
      n_start: 20,
      n_end: 22,
      share_start: 0.45,
      share_end: 15 / 22,
      colour: 'green',
    });
    expect(
      fidelityChange({ agree: 9, answers: 20 }, { agree: 15, answers: 22 }).change_pp,
    ).toBeCloseTo(100 * (15 / 22 - 0.45), 12);
    expect(fidelityChange({ agree: 0, answers: 0 }, { agree: 1, answers: 2 })).toMatchObject({
      share_start: null,
      change_pp: null,
      colour: null,
      problem: 'no answers at the start',
    });
  });

  it('spread is the min and max of the available changes', () => {
    expect(spread([3, null, -2, 7])).toEqual({ min: -2, max: 7 });
    expect(spread([null])).toEqual({ min: null, max: null });
  });
});
