/**
 * The general restricted wild cluster bootstrap (src/estimators/did/wild.ts):
 * its weights, its agreement between the scalar and the joint test, and the
 * effective number of clusters against closed forms.
 */
import { describe, expect, it } from 'vitest';
import {
  cellSystem,
  effectiveClusters,
  INTERACTION,
  mulberry32,
  weightDraws,
  weightKind,
  wildJoint,
  wildScalar,
} from '../../../src/estimators/did/index.js';
import { fromObs, type Obs, uniform } from './helpers.js';

function design(seed: number, G: number, treated: number, effect: number): Obs[] {
  const u = uniform(seed);
  const obs: Obs[] = [];
  for (let g = 0; g < G; g++) {
    const t = g < treated;
    const level = 0.2 + 0.2 * u();
    for (const during of [0, 1]) {
      const c = 2 * (t ? 1 : 0) + during;
      const n = 5 + Math.floor(u() * 30);
      const p = level + 0.1 * (u() - 0.5) + (c === 3 ? effect : 0);
      for (let i = 0; i < n; i++) obs.push([g, c, u() < p ? 1 : 0]);
    }
  }
  return obs;
}

describe('wild bootstrap weights', () => {
  it(
    'Rademacher: one bit per cluster, 32 per 32-bit draw, bit 1 = +1 (the ' +
      'order effekt has always used)',
    () => {
      const w = weightDraws(5, 'rademacher', 40, 2);
      const r = mulberry32(5);
      const a = r();
      const b = r();
      for (let g = 0; g < 32; g++) expect(w[g]).toBe((a >>> g) & 1 ? 1 : -1);
      for (let g = 32; g < 40; g++) expect(w[g]).toBe((b >>> (g - 32)) & 1 ? 1 : -1);
    },
  );

  it('Webb: six points ±√½, ±1, ±√(3/2), mean 0, variance 1, one draw per cluster', () => {
    const w = weightDraws(9, 'webb', 50, 400);
    const values = new Set(Array.from(w, (v) => v.toFixed(12)));
    expect([...values].sort()).toEqual(
      [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)]
        .map((v) => v.toFixed(12))
        .sort(),
    );
    const mean = w.reduce((a, v) => a + v, 0) / w.length;
    const variance = w.reduce((a, v) => a + v * v, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.02); // 20 000 draws: SE 0.007
    expect(Math.abs(variance - 1)).toBeLessThan(0.02); // E w² = (½ + 1 + 3/2)/3 = 1
    const r = mulberry32(9);
    expect(w[0]).toBe(
      [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)][
        Math.floor((r() * 6) / 2 ** 32)
      ],
    );
  });

  it('Webb below 13 participating municipalities, Rademacher from 13', () => {
    expect(weightKind(5)).toBe('webb');
    expect(weightKind(12)).toBe('webb');
    expect(weightKind(13)).toBe('rademacher');
    expect(weightKind(17)).toBe('rademacher');
  });
});

describe('restricted wild bootstrap', () => {
  it('the joint Wald test of one restriction is the scalar test (W = t²), draw for draw', () => {
    for (const kind of ['rademacher', 'webb'] as const) {
      const s = fromObs(
        Array.from({ length: 12 }, (_, g) => `m${g}`),
        design(3, 12, 4, 0.05),
      );
      const sys = cellSystem(s);
      const opts = { replications: 499, seed: 4, weights: kind, level: 0.95 };
      const a = wildScalar(sys, INTERACTION, opts)!;
      const j = wildJoint(sys, Float64Array.from(INTERACTION), 1, opts)!;
      expect(j.statistic).toBeCloseTo((a.estimate / a.se) ** 2, 9);
      expect(j.p).toBe(a.p);
    }
  });
});

describe(
  'effective number of participating municipalities ' + '(Carter–Schnepel–Steigerwald, ρ = 0)',
  () => {
    it('is the inverse Herfindahl index of their sizes when both cohorts are alike', () => {
      // Treated municipalities with 10, 10, 20 and 40 observations per cohort cell; comparisons
      // anything.
      const sizes = [10, 10, 20, 40];
      const obs: Obs[] = [];
      sizes.forEach((n, g) => {
        for (const c of [2, 3]) for (let i = 0; i < n; i++) obs.push([g, c, i % 3 === 0 ? 1 : 0]);
      });
      for (let g = 4; g < 10; g++)
        for (const c of [0, 1]) for (let i = 0; i < 7 + g; i++) obs.push([g, c, i % 2]);
      const s = fromObs(
        Array.from({ length: 10 }, (_, g) => `m${g}`),
        obs,
      );
      const part = Array.from({ length: 10 }, (_, g) => g < 4);
      const e = effectiveClusters(cellSystem(s), INTERACTION, part)!;
      // (Σn)²/Σn² = 80²/(100 + 100 + 400 + 1600) = 6400/2200
      expect(e.gstar).toBeCloseTo(6400 / 2200, 12);
      expect(e.max_share).toBeCloseTo(40 / 80, 12);
      expect(e.max_index).toBe(3);
    });
  },
);
