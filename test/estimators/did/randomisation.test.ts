/**
 * Randomisation inference over which municipalities participate, against an
 * exact enumeration of every assignment with a brute-force OLS and CR1
 * (helpers.ts), independent of the estimator's cell-sum shortcut.
 */
import { describe, expect, it } from 'vitest';
import { didFromCellSums, mulberry32, randomisationP } from '../../../src/estimators/did/index.js';
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

  it(
    'each draw is didFromCellSums on the drawn assignment, to the bit: the count equals ' +
      'building the cell sums of every draw (partial Fisher–Yates on mulberry32) and testing |t|',
    () => {
      for (const seed of [1, 2, 3]) {
        const { obs, G, M } = design(seed);
        // Non-integer outcomes, an effect, and a municipality without observations.
        const s = fromObs(
          Array.from({ length: G + 1 }, (_, g) => `m${g}`),
          obs.map(
            ([g, c, y], i) => [g, c, (i % 3 === 0 ? y * 0.37 : y) + (c === 3 ? 0.1 : 0)] as Obs,
          ),
        );
        const participating = Array.from({ length: G + 1 }, (_, g) => g < M);
        const B = 199;
        const observed = didFromCellSums(s);
        const t = Math.abs(observed.estimate! / observed.se!);
        const floor = t - 1e-12 * Math.max(1, t);
        const withObs = Array.from({ length: G }, (_, g) => g);
        const rand = mulberry32(seed);
        const order = withObs.slice();
        let k = 0;
        for (let b = 0; b < B; b++) {
          for (let i = 0; i < M; i++) {
            const j = i + Math.floor((rand() * (order.length - i)) / 2 ** 32);
            [order[i], order[j]] = [order[j], order[i]];
          }
          const drawn = new Set(order.slice(0, M));
          const d = fromObs(s.clusters, []);
          for (const g of withObs)
            for (const during of [0, 1]) {
              const to = 4 * g + (drawn.has(g) ? 2 : 0) + during;
              for (const a of ['n', 'sumY', 'sumYY'] as const)
                d[a][to] = s[a][4 * g + during] + s[a][4 * g + 2 + during];
            }
          const e = didFromCellSums(d);
          if (e.estimate !== null && e.se !== null && Math.abs(e.estimate / e.se) >= floor) k++;
        }
        expect(k).toBeGreaterThan(0);
        expect(k).toBeLessThan(B);
        expect(randomisationP(s, participating, { replications: B, seed }).p).toBe(
          (1 + k) / (1 + B),
        );
      }
    },
  );

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
