/**
 * Size-adjusted placebo p (Ferman–Pinto) and Holm, derived by hand.
 */
import { describe, expect, it } from 'vitest';
import { sizeAdjustedP, sizeModel } from '../../../src/estimators/variation/index.js';

// Placebos with h = 1/N_b + 1/N_d of 0.02, 0.04, 0.06, 0.08 (N_b = N_d = 100, 50, 100/3, 25) and
// d² = 0.0003, 0.0005, 0.0007, 0.0009 (exactly a + b·h with a = 0.0001, b = 0.01).
const sizes = [100, 50, 100 / 3, 25];
const d2 = [0.0003, 0.0005, 0.0007, 0.0009];
const placebo = sizes.map((N, i) => ({
  estimate: (i % 2 === 0 ? 1 : -1) * Math.sqrt(d2[i]),
  nBefore: N,
  nDuring: N,
}));

describe('size-adjusted placebo p', () => {
  it('fits Var(d) = a + b·h by OLS of d² on h', () => {
    const m = sizeModel(placebo)!;
    expect(m.fit).toBe('ols');
    expect(m.a).toBeCloseTo(0.0001, 15);
    expect(m.b).toBeCloseTo(0.01, 15);
  });

  it(
    'ranks d/√(a + b·h): every placebo has |t| = 1, so t = 1 ties them all ' + 'and t = 0.9 none',
    () => {
      // A large municipality (N = 200 each: h = 0.01, Var = 0.0002) with d = √0.0002 has t = 1:
      // (1 + 4)/(1 + 4) = 1; a small one (N = 20: h = 0.1, Var = 0.0011) with d = 0.9·√0.0011 has
      // t = 0.9 < 1 for every placebo: also (1 + 4)/5 = 1. A large one with d = 0.05 (t = 3.54):
      // (1 + 0)/5 = 0.2. The raw ranking would call the small one's |d| = 0.0298 larger than every
      // placebo (p = 0.2) — the size effect Ferman and Pinto correct.
      const r = sizeAdjustedP(
        [
          { estimate: Math.sqrt(0.0002), nBefore: 200, nDuring: 200 },
          { estimate: 0.9 * Math.sqrt(0.0011), nBefore: 20, nDuring: 20 },
          { estimate: 0.05, nBefore: 200, nDuring: 200 },
          null,
        ],
        placebo,
      );
      expect(r.p[0]).toBeCloseTo(1, 12);
      expect(r.p[1]).toBeCloseTo(1, 12);
      expect(r.p[2]).toBeCloseTo(0.2, 12);
      expect(r.p[3]).toBeNull();
      // Holm over the three: sorted 0.2, 1, 1 → 3·0.2 = 0.6, then max(0.6, 2·1) → 1, 1.
      expect(r.p_holm[2]).toBeCloseTo(0.6, 12);
      expect(r.p_holm[0]).toBe(1);
      expect(r.p_holm[1]).toBe(1);
    },
  );

  it('a negative slope means constant variance; a negative intercept refits through 0', () => {
    const neg = sizeModel(
      placebo.map((p, i) => ({ ...p, nBefore: sizes[3 - i], nDuring: sizes[3 - i] })),
    )!;
    expect(neg.fit).toBe('constant');
    expect(neg.b).toBe(0);
    expect(neg.a).toBeCloseTo((0.0003 + 0.0005 + 0.0007 + 0.0009) / 4, 15);
    // d² = 0.0001, 0.0005 at h = 0.02, 0.04: OLS a = −0.0003 < 0 → b = Σh·d²/Σh² = (2e-6 +
    // 2e-5)/(4e-4 + 1.6e-3) = 0.011.
    const origin = sizeModel([
      { estimate: 0.01, nBefore: 100, nDuring: 100 },
      { estimate: Math.sqrt(0.0005), nBefore: 50, nDuring: 50 },
    ])!;
    expect(origin.fit).toBe('origin');
    expect(origin.a).toBe(0);
    expect(origin.b).toBeCloseTo(0.011, 14);
  });
});
