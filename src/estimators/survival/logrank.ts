/**
 * The k-sample log-rank test (R: survdiff, rho = 0): observed minus
 * expected events per group and the hypergeometric variance, χ² on k − 1 df.
 */
import { inverse, Matrix } from 'ml-matrix';
import { chiSquareUpper } from './chisq.js';
import { orderByTime } from './order.js';
import type { SurvivalData } from './types.js';

export interface LogRank {
  chisq: number;
  df: number;
  p: number;
  observed: number[];
  expected: number[];
}

/** `group[i]` in 0..k−1. */
export function logRank(d: SurvivalData, group: Uint8Array | Int32Array): LogRank {
  let k = 0;
  for (let i = 0; i < group.length; i++) k = Math.max(k, group[i] + 1);
  const order = orderByTime(d.time);
  const n = d.time.length;
  const atRisk = new Float64Array(k);
  for (let i = 0; i < n; i++) atRisk[group[i]]++;
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const V = Matrix.zeros(k, k);
  const deaths = new Float64Array(k);
  const leaving = new Float64Array(k);
  for (let i = 0; i < n; ) {
    const t = d.time[order[i]];
    deaths.fill(0);
    leaving.fill(0);
    while (i < n && d.time[order[i]] === t) {
      const s = order[i];
      if (d.event[s]) deaths[group[s]]++;
      leaving[group[s]]++;
      i++;
    }
    let D = 0;
    let N = 0;
    for (let g = 0; g < k; g++) {
      D += deaths[g];
      N += atRisk[g];
    }
    if (D > 0 && N > 0) {
      const f = N > 1 ? (D * (N - D)) / (N * N * (N - 1)) : 0;
      for (let g = 0; g < k; g++) {
        observed[g] += deaths[g];
        expected[g] += (D * atRisk[g]) / N;
        for (let h = 0; h < k; h++) V.set(g, h, V.get(g, h) + f * atRisk[g] * ((g === h ? N : 0) - atRisk[h]));
      }
    }
    for (let g = 0; g < k; g++) atRisk[g] -= leaving[g];
  }
  // χ² = (O − E)' V⁻ (O − E) on the first k − 1 groups (V is singular).
  const m = k - 1;
  let chisq = 0;
  if (m >= 1) {
    const diff = Matrix.columnVector(Array.from({ length: m }, (_, g) => observed[g] - expected[g]));
    const sub = V.subMatrix(0, m - 1, 0, m - 1);
    chisq = diff.transpose().mmul(inverse(sub)).mmul(diff).get(0, 0);
  }
  return { chisq, df: m, p: chiSquareUpper(chisq, m), observed: Array.from(observed), expected: Array.from(expected) };
}
