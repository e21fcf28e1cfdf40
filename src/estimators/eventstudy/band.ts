/**
 * The simultaneous (sup-t) band over the event times (docs/definitions.md, "Event study"):
 * a multiplier bootstrap of the cluster scores S_m — each draw gives every
 * municipality a Rademacher weight w_m = ±1 and t*_e = √(G/(G−1))·Σ_m w_m S_me
 * / SE_e, the same scaling as the covariance — and c = the level-quantile of
 * max_e |t*_e| (R's type-1 quantile, as `did`'s `mboot`). The band is
 * ATT(e) ± c·SE_e. Draws come from a seeded mulberry32 stream, 32 signs per
 * 32-bit draw, so a seed gives the same band on every machine.
 */
import { weightRows } from '../did/wild.js';
import type { SupTBand } from './types.js';

export interface BandInput {
  /** Scores G × K of the K event times with an SE. */
  S: Float64Array;
  G: number;
  K: number;
  se: number[];
  level: number;
  replications: number;
  seed: number;
}

/** The sup-t critical value c. */
export function supTCritical(inp: BandInput): SupTBand {
  const { S, G, K, se, level, replications: B, seed } = inp;
  const base = { replications: B, seed, weights: 'rademacher' as const };
  if (K === 0) return { critical: null, ...base, problem: 'no event time has a standard error' };
  if (!Number.isInteger(B) || B < 1)
    return {
      critical: null,
      ...base,
      problem: 'no bootstrap draws requested (inference.bootstrap = 0)',
    };
  // The wild bootstrap's Rademacher draws of the seed (the same bits, in the same order), shared
  // with the other tests on them.
  const rows = weightRows(seed, 'rademacher', G, B);
  const w = rows.w;
  const scale = Math.sqrt(G / (G - 1));
  const maxT = new Float64Array(B);
  const acc = new Float64Array(K);
  for (let b = 0; b < B; b++) {
    const wo = rows.next();
    acc.fill(0);
    for (let m = 0; m < G; m++) {
      const wm = w[wo + m];
      for (let k = 0; k < K; k++) acc[k] += wm * S[m * K + k];
    }
    let mx = 0;
    for (let k = 0; k < K; k++) mx = Math.max(mx, Math.abs((scale * acc[k]) / se[k]));
    maxT[b] = mx;
  }
  maxT.sort();
  return { critical: maxT[Math.max(0, Math.ceil(level * B - 1e-9) - 1)], ...base };
}
