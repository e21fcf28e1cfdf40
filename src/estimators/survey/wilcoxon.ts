/**
 * The Wilcoxon signed-rank test for paired answers, with the normal
 * approximation, continuity correction and tie correction, exactly as R's
 * `wilcox.test(follow, start, paired = TRUE, exact = FALSE, correct = TRUE)`:
 *
 *   d = follow − start, zero differences dropped, n = the rest;
 *   V = the sum of the midranks of |d| over the positive d;
 *   z = V − n(n+1)/4,
 *   σ = √( n(n+1)(2n+1)/24 − Σ(t³ − t)/48 )   (t: sizes of the tie groups of |d|),
 *   z' = (z − sign(z)·½) / σ,   p = 2·min(Φ(z'), 1 − Φ(z')).
 */
import { normalCdf, normalUpper } from '../normal.js';
import { midranks } from './ranks.js';

export interface SignedRankTest {
  /** R's V: sum of the ranks of the positive differences (0 when nothing is left to rank). */
  v: number;
  /** Differences left after dropping zeros. */
  nonzero: number;
  /** Zero differences dropped. */
  zeros: number;
  z: number | null;
  p: number | null;
  /** Why p could not be computed, in plain words. */
  problem: string | null;
}

/** The two-sided signed-rank test of `differences` (follow-up − start) against 0. */
export function signedRankTest(differences: readonly number[]): SignedRankTest {
  const d = differences.filter((x) => x !== 0);
  const zeros = differences.length - d.length;
  const n = d.length;
  const { ranks, tieSizes } = midranks(d.map(Math.abs));
  let v = 0;
  for (let i = 0; i < n; i++) if (d[i] > 0) v += ranks[i];
  const ties = tieSizes.reduce((a, t) => a + (t * t * t - t), 0);
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - ties / 48;
  if (n === 0)
    return { v, nonzero: n, zeros, z: null, p: null, problem: 'every difference is zero' };
  if (!(variance > 0))
    return {
      v,
      nonzero: n,
      zeros,
      z: null,
      p: null,
      problem: 'every nonzero difference has the same size',
    };
  const centred = v - (n * (n + 1)) / 4;
  const z = (centred - Math.sign(centred) * 0.5) / Math.sqrt(variance);
  const p = 2 * Math.min(normalCdf(z), normalUpper(z));
  return { v, nonzero: n, zeros, z, p: Math.min(1, p), problem: null };
}
