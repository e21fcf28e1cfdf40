import { describe, expect, it } from 'vitest';
import { bootstrapCriticalIndex } from '../../../src/estimators/did/bootstrap.js';
import {
  didFromCellSums,
  mulberry32,
  restrictedFit,
  wildClusterBootstrap,
} from '../../../src/estimators/did/index.js';
import { mulberry32Fill } from '../../../src/estimators/did/rng.js';
import { bruteForceOls, didRow, fromObs, type Obs, uniform } from './helpers.js';

/**
 * 4 comparison + 4 treated municipalities, 0/1 outcome with municipality-level differences and an
 * effect.
 */
function smallDesign(seed: number, effect: number): Obs[] {
  const u = uniform(seed);
  const obs: Obs[] = [];
  for (let g = 0; g < 8; g++) {
    const treated = g >= 4;
    const level = 0.2 + 0.15 * u();
    for (const during of [0, 1]) {
      const c = 2 * (treated ? 1 : 0) + during;
      const n = 10 + Math.floor(u() * 15);
      const p = level + 0.1 * (u() - 0.5) + (c === 3 ? effect : 0);
      for (let i = 0; i < n; i++) obs.push([g, c, u() < p ? 1 : 0]);
    }
  }
  return obs;
}

/**
 * The exact wild cluster restricted bootstrap by brute force: every one of
 * the 2^G Rademacher sign vectors, full OLS fits on the explicit rows.
 */
function exactWcr(obs: Obs[], G: number): { t: number; absT: number[] } {
  const y = obs.map((o) => o[2]);
  const cl = obs.map((o) => o[0]);
  const full = bruteForceOls(
    obs.map((o) => didRow(o[1])),
    y,
    cl,
  );
  const restricted = bruteForceOls(
    obs.map((o) => didRow(o[1]).slice(0, 3)),
    y,
    cl,
  );
  const fitted = y.map((v, i) => v - restricted.residuals[i]);
  const absT: number[] = [];
  for (let mask = 0; mask < 1 << G; mask++) {
    const yStar = obs.map(
      (o, i) => fitted[i] + ((mask >> o[0]) & 1 ? 1 : -1) * restricted.residuals[i],
    );
    const b = bruteForceOls(
      obs.map((o) => didRow(o[1])),
      yStar,
      cl,
    );
    absT.push(Math.abs(b.beta[3] / b.se[3]));
  }
  return { t: Math.abs(full.beta[3] / full.se[3]), absT };
}

describe('restricted fit', () => {
  it('is the least-squares fit of y = a + b·T + c·D on the observations', () => {
    const obs = smallDesign(3, 0.1);
    const s = fromObs(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], obs);
    const e = didFromCellSums(s);
    const f = restrictedFit(
      e.cells.map((c) => c.n),
      e.cells.map((c) => c.share!),
    );
    const ref = bruteForceOls(
      obs.map((o) => didRow(o[1]).slice(0, 3)),
      obs.map((o) => o[2]),
      obs.map((o) => o[0]),
    );
    const fittedByCell = [0, 1, 2, 3].map(
      (c) => (c >= 2 ? ref.beta[1] : 0) + (c & 1 ? ref.beta[2] : 0) + ref.beta[0],
    );
    f.forEach((v, c) => {
      expect(v).toBeCloseTo(fittedByCell[c], 12);
    });
  });

  it('with equal cell sizes is m_c − s_c·d/4 (closed form)', () => {
    const m = [0.1, 0.3, 0.2, 0.6];
    const d = m[3] - m[2] - m[1] + m[0];
    const s = [1, -1, -1, 1];
    restrictedFit([10, 10, 10, 10], m).forEach((v, c) => {
      expect(v).toBeCloseTo(m[c] - (s[c] * d) / 4, 12);
    });
  });
});

describe('wild cluster bootstrap', () => {
  it('p-value and interval agree with the exact brute-force enumeration of all 2^8 draws', () => {
    for (const [seed, effect] of [
      [5, 0.25],
      [8, 0.0],
    ]) {
      const obs = smallDesign(seed, effect);
      const exact = exactWcr(obs, 8);
      const pExact = exact.absT.filter((v) => v >= exact.t * (1 - 1e-9)).length / exact.absT.length;
      const B = 40000;
      const b = wildClusterBootstrap(fromObs(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], obs), {
        replications: B,
        seed: 1,
      });
      // Monte Carlo error of a share over B draws is at most 0.5/√B = 0.0025.
      expect(Math.abs(b.p! - pExact)).toBeLessThan(0.01);
      // The interval inverts the test: the exact p of d = δ (all 2^8 draws, y shifted by δ in
      // treated·during) is at least 0.05 just inside each bound and below it well outside.
      const e = didFromCellSums(fromObs(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], obs));
      const exactP = (delta: number) => {
        const shifted: Obs[] = obs.map((o) => [o[0], o[1], o[2] - (o[1] === 3 ? delta : 0)]);
        const x = exactWcr(shifted, 8);
        return x.absT.filter((v) => v >= x.t * (1 - 1e-9)).length / x.absT.length;
      };
      for (const [bound, dir] of [
        [b.ci_low!, -1],
        [b.ci_high!, 1],
      ]) {
        expect(exactP(bound - dir * 0.05 * e.se!)).toBeGreaterThanOrEqual(0.04);
        expect(exactP(bound + dir * 0.3 * e.se!)).toBeLessThan(0.05);
      }
    }
  });

  it('the interval is exactly {δ : p(δ) ≥ 1 − level}: the same draws on data shifted by δ', () => {
    const s = fromObs(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], smallDesign(5, 0.25));
    const b = wildClusterBootstrap(s, { replications: 999, seed: 3 });
    const shifted = (delta: number) => {
      const t = { ...s, sumY: s.sumY.slice(), sumYY: s.sumYY.slice() };
      for (let g = 0; g < 8; g++) {
        const i = 4 * g + 3;
        t.sumYY[i] = s.sumYY[i] - 2 * delta * s.sumY[i] + delta * delta * s.n[i];
        t.sumY[i] = s.sumY[i] - delta * s.n[i];
      }
      return wildClusterBootstrap(t, { replications: 999, seed: 3 }).p!;
    };
    const width = b.ci_high! - b.ci_low!;
    for (const bound of [b.ci_low!, b.ci_high!]) {
      const inward = bound === b.ci_low ? 1 : -1;
      expect(shifted(bound + inward * 1e-6 * width)).toBeGreaterThanOrEqual(0.05);
      expect(shifted(bound - inward * 1e-6 * width)).toBeLessThan(0.05);
    }
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const s = fromObs(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], smallDesign(11, 0.15));
    const a = wildClusterBootstrap(s, { replications: 999, seed: 7 });
    expect(wildClusterBootstrap(s, { replications: 999, seed: 7 })).toEqual(a);
    expect(JSON.stringify(wildClusterBootstrap(s, { replications: 999, seed: 7 }))).toBe(
      JSON.stringify(a),
    );
    expect(a).toMatchObject({ replications: 999, seed: 7, weights: 'rademacher' });
    const other = wildClusterBootstrap(s, { replications: 999, seed: 8 });
    expect(other.p === a.p && other.ci_low === a.ci_low).toBe(false);
  });

  it(
    'p = (1 + #{|t*| ≥ |t|})/(1 + B): never 0, and 0 is outside the ' +
      'interval exactly when p < 1 − level',
    () => {
      const u = uniform(99);
      let outside = 0;
      for (let rep = 0; rep < 40; rep++) {
        const obs: Obs[] = [];
        const effect = 0.3 * u();
        for (let g = 0; g < 14; g++) {
          const c0 = g < 7 ? 0 : 2;
          for (const c of [c0, c0 + 1]) {
            const p = 0.25 + 0.1 * (u() - 0.5) + (c === 3 ? effect : 0);
            for (let i = 0; i < 20; i++) obs.push([g, c, u() < p ? 1 : 0]);
          }
        }
        const b = wildClusterBootstrap(
          fromObs(
            Array.from({ length: 14 }, (_, g) => `k${g}`),
            obs,
          ),
          { replications: 199, seed: rep },
        );
        expect(b.p!).toBeGreaterThanOrEqual(1 / 200);
        expect(b.p!).toBeLessThanOrEqual(1);
        expect(Math.round(b.p! * 200) / 200).toBeCloseTo(b.p!, 12); // a multiple of 1/(B + 1)
        const zeroOutside = b.ci_low! > 0 || b.ci_high! < 0;
        expect(zeroOutside).toBe(b.p! < 0.05 - 1e-12);
        if (zeroOutside) outside++;
      }
      expect(outside).toBeGreaterThan(3); // both branches were exercised
      expect(outside).toBeLessThan(37);
    },
  );

  it('the critical value is the (B + 1)·level-th order statistic', () => {
    expect(bootstrapCriticalIndex(999, 0.95)).toBe(949); // 950th of 999
    expect(bootstrapCriticalIndex(199, 0.95)).toBe(189); // 190th
    // 0.1·200 = 19.999…96 in floating point: still 20 beyond
    expect(bootstrapCriticalIndex(199, 0.9)).toBe(179);
    expect(bootstrapCriticalIndex(19, 0.95)).toBe(18);
    expect(bootstrapCriticalIndex(18, 0.95)).toBe(-1);
  });

  it('degenerate input and too few replications give a reason', () => {
    const one: Obs[] = [
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
      [2, 2, 1],
      [2, 3, 0],
      [2, 2, 0],
    ];
    const b1 = wildClusterBootstrap(fromObs(['a', 'b', 'c'], one), { replications: 99, seed: 1 });
    expect(b1.p).toBeNull();
    expect(b1.problem).toMatch(/only one municipality has treated observations/);
    const s = fromObs(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], smallDesign(2, 0.1));
    const few = wildClusterBootstrap(s, { replications: 10, seed: 1 });
    expect(few.p).not.toBeNull();
    expect(few.ci_low).toBeNull();
    expect(few.problem).toMatch(
      /too few replications for a 95 % bootstrap interval \(at least 19 needed\)/,
    );
    expect(wildClusterBootstrap(s, { replications: 0, seed: 1 }).problem).toMatch(
      /no bootstrap replications/,
    );
  });

  it('reports progress', () => {
    const calls: number[] = [];
    wildClusterBootstrap(fromObs(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], smallDesign(4, 0)), {
      replications: 300,
      seed: 1,
      onProgress: (d) => calls.push(d),
    });
    expect(calls.at(-1)).toBe(300);
    expect(calls.length).toBe(100);
  });
});

describe('mulberry32', () => {
  it('gives the same uint32 stream for a seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    xs.forEach((x) => {
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
    });
    // Roughly uniform bits: the mean of the low bit over 1000 draws is near 1/2.
    expect(Math.abs(xs.reduce((s, x) => s + (x & 1), 0) / 1000 - 0.5)).toBeLessThan(0.06);
  });

  it('mulberry32Fill continues the same stream in blocks', () => {
    for (const seed of [0, 1, 42, 2 ** 32 - 1]) {
      const a = mulberry32(seed);
      const state = Uint32Array.of(seed >>> 0);
      for (const n of [1, 7, 0, 300]) {
        const out = new Uint32Array(n);
        mulberry32Fill(state, out);
        expect(Array.from(out)).toEqual(Array.from({ length: n }, () => a()));
      }
    }
  });
});
