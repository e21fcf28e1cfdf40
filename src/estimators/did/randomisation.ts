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
import { DID_SIGN } from '../../design/cells.js';
import type { CellSums } from '../../design/cellsums.js';
import { cr1Factor, didFromCellSums, naiveVariance, ROUNDING } from './cr1.js';
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
  const draw = permutedDraw(s, obs);
  const rand = mulberry32(opts.seed);
  const order = obs.slice();
  const treated = draw.treated;
  let k = 0;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < M; i++) {
      const j = i + Math.floor((rand() * (order.length - i)) / 4294967296);
      const o = order[i];
      order[i] = order[j];
      order[j] = o;
    }
    treated.fill(0);
    for (let i = 0; i < M; i++) treated[order[i]] = 1;
    // A draw without a standard error cannot be as extreme as the data.
    if (permutedT(draw) >= floor) k++;
  }
  return { p: (1 + k) / (1 + B), ...base };
}

/**
 * A draw's data: the before (d = 0) and during (d = 1) sums of each municipality with
 * observations, whatever its group (obs[k]'s at k·2 + d), and who is called participating.
 */
interface PermutedDraw {
  obs: number[];
  n: Float64Array;
  sumY: Float64Array;
  sumYY: Float64Array;
  treated: Uint8Array;
  /** Scratch: per-cell totals and means. */
  tn: number[];
  ty: number[];
  tyy: number[];
  mean: number[];
}

function permutedDraw(s: CellSums, obs: number[]): PermutedDraw {
  const n = new Float64Array(2 * obs.length);
  const sumY = new Float64Array(2 * obs.length);
  const sumYY = new Float64Array(2 * obs.length);
  obs.forEach((g, k) => {
    for (const d of [0, 1]) {
      n[2 * k + d] = s.n[4 * g + d] + s.n[4 * g + 2 + d];
      sumY[2 * k + d] = s.sumY[4 * g + d] + s.sumY[4 * g + 2 + d];
      sumYY[2 * k + d] = s.sumYY[4 * g + d] + s.sumYY[4 * g + 2 + d];
    }
  });
  const treated = new Uint8Array(s.clusters.length);
  return {
    obs,
    n,
    sumY,
    sumYY,
    treated,
    tn: [0, 0, 0, 0],
    ty: [0, 0, 0, 0],
    tyy: [0, 0, 0, 0],
    mean: [0, 0, 0, 0],
  };
}

/**
 * |t| of the CR1 DiD when the flagged municipalities participate, or −1 where
 * didFromCellSums has no estimate or no standard error: didFromCellSums on the
 * municipalities' sums moved to the cells of their drawn group, operation for operation,
 * without building them. A municipality fills two of its four cells and leaves two at 0, and
 * the totals and Σ_g u_g² skip those zeros (x + 0 = x; a sum that starts at +0 never becomes
 * −0), so every number is the one didFromCellSums computes.
 */
function permutedT(p: PermutedDraw): number {
  const { obs, n, sumY, sumYY, treated, tn, ty, tyy, mean } = p;
  for (let c = 0; c < 4; c++) {
    tn[c] = 0;
    ty[c] = 0;
    tyy[c] = 0;
  }
  // cellTotals and clusterCounts
  let G = 0;
  const perCell = [0, 0, 0, 0];
  for (let k = 0; k < obs.length; k++) {
    const c0 = treated[obs[k]] ? 2 : 0;
    for (let d = 0; d < 2; d++) {
      const v = n[2 * k + d];
      tn[c0 + d] += v;
      ty[c0 + d] += sumY[2 * k + d];
      tyy[c0 + d] += sumYY[2 * k + d];
      if (v > 0) perCell[c0 + d]++;
    }
    if (n[2 * k] + n[2 * k + 1] > 0) G++;
  }
  for (let c = 0; c < 4; c++) if (!(tn[c] > 0)) return -1;
  const N = tn[0] + tn[1] + tn[2] + tn[3];
  for (let c = 0; c < 4; c++) mean[c] = ty[c] / tn[c];
  const estimate = mean[3] - mean[2] - mean[1] + mean[0];
  const vNaive = naiveVariance(tn, ty, tyy);
  if (G < 2 || perCell.includes(1) || N <= 4 || vNaive === 0) return -1;
  // scoreSquares
  let total = 0;
  for (let k = 0; k < obs.length; k++) {
    const c0 = treated[obs[k]] ? 2 : 0;
    let u = 0;
    for (let d = 0; d < 2; d++) {
      const v = n[2 * k + d];
      const c = c0 + d;
      if (v > 0) u += (DID_SIGN[c] * (sumY[2 * k + d] - v * mean[c])) / tn[c];
    }
    total += u * u;
  }
  const variance = cr1Factor(G, N) * total;
  if (!(variance > ROUNDING * vNaive)) return -1;
  return Math.abs(estimate / Math.sqrt(variance));
}
