/**
 * Randomisation inference over which municipalities participate: a second
 * opinion beside the wild bootstrap where comparison municipalities are many.
 * Each draw picks as many municipalities as participate, uniformly among all
 * with observations (partial Fisher–Yates on a seeded mulberry32 stream),
 * calls them participating and recomputes the studentised DiD t = d/SE(CR1)
 * from the municipalities' before and during sums (O(G) per draw);
 * p = (1 + #{|t*| ≥ |t|})/(1 + B). Studentising keeps the test closer to its
 * size when municipalities differ in size (Ferman & Pinto 2019; MacKinnon &
 * Webb 2020), though no randomisation test is exact when the participating
 * ones were not drawn at random.
 */
import { type CellSums, emptyCellSums } from '../../design/cellsums.js';
import { didFromCellSums } from './cr1.js';
import { mulberry32 } from './rng.js';

/** Randomisation inference runs only with at least this many comparison municipalities. */
export const RI_MIN_COMPARISON = 20;

export interface RandomisationResult {
  p: number | null;
  replications: number;
  seed: number;
  /** The statistic permuted: the CR1 t of the interaction. */
  statistic: 't';
  problem?: string;
}

/** The randomisation p of the pooled DiD; `participating[g]` marks the treated clusters. */
export function randomisationP(
  s: CellSums,
  participating: ArrayLike<boolean>,
  opts: { replications: number; seed: number },
): RandomisationResult {
  const B = opts.replications;
  const base = { replications: B, seed: opts.seed, statistic: 't' as const };
  const G = s.clusters.length;
  const obs = Array.from({ length: G }, (_, g) => g).filter(
    (g) => s.n[4 * g] + s.n[4 * g + 1] + s.n[4 * g + 2] + s.n[4 * g + 3] > 0,
  );
  const M = obs.filter((g) => participating[g]).length;
  if (obs.length - M < RI_MIN_COMPARISON)
    return {
      p: null,
      ...base,
      problem:
        `fewer than ${RI_MIN_COMPARISON} comparison municipalities: no ` +
        `randomisation inference`,
    };
  if (!Number.isInteger(B) || B < 1)
    return { p: null, ...base, problem: 'no bootstrap replications requested' };
  const observed = didFromCellSums(s);
  if (observed.estimate === null || observed.se === null)
    return { p: null, ...base, problem: observed.problem ?? 'no clustered standard error' };
  const t = Math.abs(observed.estimate / observed.se);
  const floor = t - 1e-12 * Math.max(1, t);
  const sums = emptyCellSums(s.clusters);
  // Before (cohort 0) and during (cohort 1) sums of each municipality, whatever its group.
  const at = (g: number, during: number, a: Float64Array) =>
    a[4 * g + during] + a[4 * g + 2 + during];
  const assign = (treated: Uint8Array) => {
    for (const g of obs)
      for (const d of [0, 1]) {
        const to = 4 * g + (treated[g] ? 2 : 0) + d;
        const off = 4 * g + (treated[g] ? 0 : 2) + d;
        sums.n[to] = at(g, d, s.n);
        sums.sumY[to] = at(g, d, s.sumY);
        sums.sumYY[to] = at(g, d, s.sumYY);
        sums.n[off] = 0;
        sums.sumY[off] = 0;
        sums.sumYY[off] = 0;
      }
  };
  const rand = mulberry32(opts.seed);
  const order = obs.slice();
  const treated = new Uint8Array(G);
  let k = 0;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < M; i++) {
      const j = i + Math.floor((rand() * (order.length - i)) / 4294967296);
      [order[i], order[j]] = [order[j], order[i]];
    }
    treated.fill(0);
    for (let i = 0; i < M; i++) treated[order[i]] = 1;
    assign(treated);
    const e = didFromCellSums(sums);
    // A draw without a standard error cannot be as extreme as the data.
    if (e.estimate !== null && e.se !== null && Math.abs(e.estimate / e.se) >= floor) k++;
  }
  return { p: (1 + k) / (1 + B), ...base };
}
