import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/estimators/did/index.js';
import {
  factorial,
  forEachPermutation,
  slopePermutationTest,
  weightedSlope,
} from '../../../src/estimators/variation/index.js';

/**
 * WLS by the normal equations with full matrices: β = (X'WX)⁻¹X'Wy, Var β = (X'WX)⁻¹ (known
 * variances).
 */
function wls(d: number[], x: number[], w: number[]) {
  const X = new Matrix(x.map((v) => [1, v]));
  const W = Matrix.diag(w);
  const inv = inverse(X.transpose().mmul(W).mmul(X));
  const beta = inv.mmul(X.transpose()).mmul(W).mmul(Matrix.columnVector(d)).to1DArray();
  return { intercept: beta[0], slope: beta[1], se: Math.sqrt(inv.get(1, 1)) };
}

/** All permutations of an array, recursively (independent of Heap's algorithm). */
function permutations<T>(a: T[]): T[][] {
  if (a.length <= 1) return [a];
  return a.flatMap((v, i) =>
    permutations([...a.slice(0, i), ...a.slice(i + 1)]).map((p) => [v, ...p]),
  );
}

const d = [0.2, 0.05, 0.3, -0.1, 0.15, 0.25];
const x = [70, 50, 80, 40, 50, 65];
const w = [10, 40, 5, 20, 30, 8];

describe('weightedSlope', () => {
  it('equals the normal-equations WLS with known variances', () => {
    const got = weightedSlope(d, x, w)!;
    const ref = wls(d, x, w);
    expect(got.slope).toBeCloseTo(ref.slope, 13);
    expect(got.se / ref.se).toBeCloseTo(1, 12);
    expect(got.intercept).toBeCloseTo(ref.intercept, 11);
  });
  it('a constant moderator has no slope', () =>
    expect(
      weightedSlope(
        d,
        x.map(() => 3),
        w,
      ),
    ).toBeNull());
});

describe('a moderator equal but for rounding', () => {
  it(
    'is constant (no slope with a standard error of 10^13), while a real ' + 'small spread is kept',
    () => {
      // 0.1 + 0.2 is 0.30000000000000004: the same value as 0.3 to a reader, 5.6e-17 apart as
      // doubles.
      expect(weightedSlope([0.1, 0.2, 0.3], [0.3, 0.1 + 0.2, 0.3], [1, 1, 1])).toBeNull();
      expect(weightedSlope([0.1, 0.2, 0.3], [1 / 3, 1 - 2 / 3, 1 / 3], [1, 1, 1])).toBeNull();
      // One part in 10^6 is a spread a moderator can have: slope = Σ(x − x̄)(d − d̄)/Σ(x − x̄)².
      const fit = weightedSlope([0.1, 0.2, 0.3], [0.3, 0.3000003, 0.3000006], [1, 1, 1]);
      expect(fit!.slope).toBeCloseTo(0.1 / 3e-7, 0);
    },
  );
});

describe('forEachPermutation', () => {
  it('visits all n! orderings once, identity first', () => {
    const seen = new Set<string>();
    let first = '';
    forEachPermutation(5, (p) => {
      if (!first) first = p.join();
      seen.add(p.join());
    });
    expect(first).toBe('0,1,2,3,4');
    expect(seen.size).toBe(120);
    expect(factorial(7)).toBe(5040);
  });
});

describe('slopePermutationTest', () => {
  it(
    'exact: the share of all M! orderings with |slope*| ≥ |slope|, ties (x ' +
      'has two 50s) counted',
    () => {
      const obs = Math.abs(wls(d, x, w).slope);
      const all = permutations(x);
      const k = all.filter((px) => Math.abs(wls(d, px, w).slope) >= obs * (1 - 1e-9)).length;
      const t = slopePermutationTest(d, x, w, { seed: 1 })!;
      expect(t.exact).toBe(true);
      expect(t.permutations).toBe(720);
      expect(t.p).toBeCloseTo(k / 720, 15);
      expect(k).toBeGreaterThanOrEqual(2); // the identity and the swap of the tied values
    },
  );

  it(
    'random draws when M! exceeds the limit: (1 + #)/(1 + B), seeded, close ' +
      'to the exact value',
    () => {
      const exact = slopePermutationTest(d, x, w, { seed: 1 })!.p;
      const a = slopePermutationTest(d, x, w, { seed: 7, maxExact: 100, draws: 20000 })!;
      const b = slopePermutationTest(d, x, w, { seed: 7, maxExact: 100, draws: 20000 })!;
      expect(a).toEqual(b);
      expect(a.exact).toBe(false);
      expect(a.permutations).toBe(20000);
      expect(Math.abs(a.p - exact)).toBeLessThan(
        4 * Math.sqrt((exact * (1 - exact)) / 20000) + 1e-4,
      );
      expect((a.p * 20001 - 1) % 1).toBeCloseTo(0, 6);
    },
  );

  it(
    'random draws are Fisher–Yates shuffles on mulberry32(seed), whichever test ' +
      'drew them before (kept orderings are reused only for the same seed, M and B)',
    () => {
      const obs = Math.abs(wls(d, x, w).slope);
      const B = 500;
      const byHand = (seed: number) => {
        const rand = mulberry32(seed);
        let k = 0;
        for (let b = 0; b < B; b++) {
          const perm = d.map((_, i) => i);
          for (let i = perm.length - 1; i > 0; i--) {
            const j = Math.floor((rand() / 2 ** 32) * (i + 1));
            [perm[i], perm[j]] = [perm[j], perm[i]];
          }
          const px = perm.map((i) => x[i]);
          if (Math.abs(wls(d, px, w).slope) >= obs * (1 - 1e-9)) k++;
        }
        return (1 + k) / (1 + B);
      };
      const opts = (seed: number, draws = B) => ({ seed, maxExact: 100, draws });
      const first = slopePermutationTest(d, x, w, opts(3))!.p;
      expect(first).toBeCloseTo(byHand(3), 12);
      expect(slopePermutationTest(d, x, w, opts(4))!.p).toBeCloseTo(byHand(4), 12);
      slopePermutationTest(d, x, w, opts(3, 400));
      expect(slopePermutationTest(d, x, w, opts(3))!.p).toBe(first);
    },
  );

  it(
    'a moderator with a large offset (x = 10^9 + small spread) gives the ' +
      'same p: the identity still counts',
    () => {
      const shifted = slopePermutationTest(
        d,
        x.map((v) => 1e9 + v / 100),
        w,
        { seed: 1 },
      )!;
      expect(shifted.p).toBe(slopePermutationTest(d, x, w, { seed: 1 })!.p);
    },
  );

  it('a constant moderator: null', () =>
    expect(
      slopePermutationTest(
        d,
        x.map(() => 1),
        w,
        { seed: 1 },
      ),
    ).toBeNull());
});
