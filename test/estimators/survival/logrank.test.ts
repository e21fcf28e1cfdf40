import { describe, expect, it } from 'vitest';
import { normalUpper } from '../../../src/estimators/normal.js';
import { logRank } from '../../../src/estimators/survival/index.js';
import { book, data } from './helpers.js';

describe('log-rank by hand', () => {
  it('two groups, no tied events', () => {
    // A: events at 1, 2; B: event at 3, censored at 4.
    // t=1: N=4, n_A=2, D=1: E_A = 1/2, V = D(N−D)/(N²(N−1))·n_A(N−n_A) = 3/48·4 = 1/4
    // t=2: N=3, n_A=1, D=1: E_A = 1/3, V = 2/18·2 = 2/9
    // t=3: N=2, n_A=0: nothing for A.  χ² = (2 − 5/6)² / (1/4 + 2/9)
    const r = logRank(data([1, 2, 3, 4], [1, 1, 1, 0]), Uint8Array.from([0, 0, 1, 1]));
    expect(r.observed).toEqual([2, 1]);
    expect(r.expected[0]).toBeCloseTo(5 / 6, 14);
    expect(r.expected[1]).toBeCloseTo(3 - 5 / 6, 14);
    expect(r.chisq).toBeCloseTo((7 / 6) ** 2 / (1 / 4 + 2 / 9), 13);
    expect(r.df).toBe(1);
  });

  it('tied events (hypergeometric variance), Therneau & Grambsch data set 1 by x', () => {
    // t=1: N=6, n₁=3, D=1: E₁ = 1/2, V = 1·5/(36·5)·3·3 = 1/4
    // t=6: N=4, n₁=1, D=2: E₁ = 1/2, V = 2·2/(16·3)·1·3 = 1/4   (Breslow's information would give
    // 3/8 here)
    // t=9: N=1, n₁=0.  O₁ = 2, E₁ = 1, χ² = 1²/(1/2) = 2, p = P(χ²₁ > 2) = 2(1 − Φ(√2))
    const r = logRank(book.d, Uint8Array.from(book.X));
    expect(r.observed[1]).toBe(2);
    expect(r.expected[1]).toBeCloseTo(1, 14);
    expect(r.chisq).toBeCloseTo(2, 13);
    expect(r.p).toBeCloseTo(2 * normalUpper(Math.SQRT2), 13);
  });

  it('three groups', () => {
    // one event each at t = 1, 2, 3 in groups 0, 1, 2.
    // t=1: N=3, n=(1,1,1): E = 1/3 each, V = 2/(9·2)·(3I − J) = (3I − J)/9
    // t=2: N=2, n=(0,1,1): E = (0, 1/2, 1/2), V = 1/4·[[0,0,0],[0,1,−1],[0,−1,1]]
    // t=3: N=1: E = (0, 0, 1), V = 0.   O − E = (2/3, 1/6, −5/6)
    // First two groups: V = [[2/9, −1/9], [−1/9, 17/36]], det = 5/54,
    // χ² = (54/5)·(17/36·4/9 + 2·1/9·2/3·1/6 + 2/9·1/36) = 2.6 on 2 df, p = e^{−1.3}
    const r = logRank(data([1, 2, 3], [1, 1, 1]), Int32Array.from([0, 1, 2]));
    expect(r.expected[0]).toBeCloseTo(1 / 3, 14);
    expect(r.expected[1]).toBeCloseTo(5 / 6, 14);
    expect(r.expected[2]).toBeCloseTo(11 / 6, 14);
    expect(r.chisq).toBeCloseTo(2.6, 13);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(Math.exp(-1.3), 13);
  });

  it('a group id nobody uses is left out, as R does', () => {
    const a = logRank(data([1, 2, 3, 4], [1, 1, 1, 0]), Int32Array.from([0, 0, 2, 2]));
    const b = logRank(data([1, 2, 3, 4], [1, 1, 1, 0]), Int32Array.from([0, 0, 1, 1]));
    expect(a.df).toBe(1);
    expect(a.chisq).toBeCloseTo(b.chisq, 14);
    expect(logRank(data([1, 2], [1, 0]), Int32Array.from([0, 0]))).toMatchObject({
      chisq: 0,
      df: 0,
      p: 1,
    });
  });
});

describe('log-rank against R', () => {
  it('survdiff(Surv(time, status) ~ x, data = aml)', () => {
    // R prints: Maintained N=11 O=7 E=10.69; Nonmaintained N=12 O=11 E=7.31; Chisq = 3.4 on 1 df, p
    // = 0.0653
    const maintained = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161];
    const mStatus = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const non = [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45];
    const nStatus = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1];
    const r = logRank(
      data([...maintained, ...non], [...mStatus, ...nStatus]),
      Uint8Array.from([...maintained.map(() => 0), ...non.map(() => 1)]),
    );
    expect(r.observed).toEqual([7, 11]);
    expect(r.expected[0]).toBeCloseTo(10.69, 2);
    expect(r.expected[1]).toBeCloseTo(7.31, 2);
    expect(r.chisq).toBeCloseTo(3.4, 1);
    expect(r.p).toBeCloseTo(0.0653, 4);
  });
});
