/**
 * Randomisation inference over which municipalities participate, against an
 * exact enumeration of every assignment with a brute-force OLS and CR1
 * (helpers.ts), independent of the estimator's cell-sum shortcut.
 */
import { describe, expect, it } from 'vitest';
import { randomisationP } from '../../../src/estimators/did/index.js';
import { bruteForceOls, didRow, fromObs, type Obs, uniform } from './helpers.js';

/**
 * 24 municipalities, the first 3 participating; before and during observations with municipality
 * levels.
 */
function design(seed: number): { obs: Obs[]; G: number; M: number } {
  const u = uniform(seed);
  const G = 24;
  const M = 3;
  const obs: Obs[] = [];
  for (let g = 0; g < G; g++) {
    const level = 0.2 + 0.3 * u();
    for (const during of [0, 1]) {
      const n = 4 + Math.floor(u() * 6);
      for (let i = 0; i < n; i++)
        obs.push([g, (g < M ? 2 : 0) + during, u() < level + 0.1 * during * u() ? 1 : 0]);
    }
  }
  return { obs, G, M };
}

function tOf(obs: Obs[], treated: Set<number>): number {
  const cells = obs.map((o) => (treated.has(o[0]) ? 2 : 0) + (o[1] & 1));
  const fit = bruteForceOls(
    cells.map(didRow),
    obs.map((o) => o[2]),
    obs.map((o) => o[0]),
  );
  return fit.beta[3] / fit.se[3];
}

describe('randomisation inference over participating municipalities', () => {
  it('matches the exact p over all C(24, 3) = 2 024 assignments within Monte Carlo error', () => {
    const { obs, G, M } = design(4);
    const t = Math.abs(tOf(obs, new Set([0, 1, 2])));
    let k = 0;
    let all = 0;
    for (let a = 0; a < G; a++)
      for (let b = a + 1; b < G; b++)
        for (let c = b + 1; c < G; c++) {
          all++;
          if (Math.abs(tOf(obs, new Set([a, b, c]))) >= t * (1 - 1e-12)) k++;
        }
    expect(all).toBe(2024);
    const exact = k / all;
    const s = fromObs(
      Array.from({ length: G }, (_, g) => `m${g}`),
      obs,
    );
    const r = randomisationP(
      s,
      Array.from({ length: G }, (_, g) => g < M),
      { replications: 9999, seed: 3 },
    );
    // SE of a share over 9 999 draws ≤ 0.005.
    expect(Math.abs(r.p! - exact)).toBeLessThan(0.02);
    expect(r).toMatchObject({ replications: 9999, seed: 3, statistic: 't' });
  }, 60_000);

  it('needs at least 20 comparison municipalities', () => {
    const { obs } = design(5);
    const few = obs.filter((o) => o[0] < 15);
    const r = randomisationP(
      fromObs(
        Array.from({ length: 15 }, (_, g) => `m${g}`),
        few,
      ),
      Array.from({ length: 15 }, (_, g) => g < 3),
      { replications: 99, seed: 1 },
    );
    expect(r.p).toBeNull();
    expect(r.problem).toMatch(/fewer than 20 comparison municipalities/);
  });
});
