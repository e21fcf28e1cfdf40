/**
 * The k-sample log-rank test, as R's survdiff(rho = 0): at each event time,
 * expected events per group n_g·D/N and the hypergeometric covariance
 *   V_gh += D (N − D) / (N² (N − 1)) · n_g (N·[g = h] − n_h),
 * then χ² = (O − E)' V⁻¹ (O − E) over the groups with E > 0, dropping one
 * (V is singular), on (number of such groups − 1) df.
 */
import { chiSquareUpper } from './chisq.js';
import { quadraticForm } from './linalg.js';
import { checkSurvivalData, timeBlocks } from './order.js';
import type { LogRank, SurvivalData } from './types.js';

/** `group[i]` is subject i's group id, 0..k−1. */
export function logRank(d: SurvivalData, group: Uint8Array | Int32Array): LogRank {
  checkSurvivalData(d);
  const n = d.time.length;
  if (group.length !== n)
    throw new RangeError(`group has ${group.length} entries for ${n} subjects`);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!(group[i] >= 0))
      throw new RangeError(`group[${i}] = ${group[i]}: group ids must be 0, 1, 2, ...`);
    k = Math.max(k, group[i] + 1);
  }
  const B = timeBlocks(d.time);
  const atRisk = new Float64Array(k);
  for (let i = 0; i < n; i++) atRisk[group[i]]++;
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const V = new Float64Array(k * k);
  const deaths = new Float64Array(k);
  const leaving = new Float64Array(k);
  for (let b = 0; b + 1 < B.start.length; b++) {
    deaths.fill(0);
    leaving.fill(0);
    for (let j = B.start[b]; j < B.start[b + 1]; j++) {
      const i = B.order[j];
      if (d.event[i]) deaths[group[i]]++;
      leaving[group[i]]++;
    }
    let D = 0;
    let N = 0;
    for (let g = 0; g < k; g++) {
      D += deaths[g];
      N += atRisk[g];
    }
    if (D > 0) {
      const f = N > 1 ? (D * (N - D)) / (N * N * (N - 1)) : 0;
      for (let g = 0; g < k; g++) {
        observed[g] += deaths[g];
        expected[g] += (D * atRisk[g]) / N;
        for (let h = 0; h < k; h++) V[g * k + h] += f * atRisk[g] * ((g === h ? N : 0) - atRisk[h]);
      }
    }
    for (let g = 0; g < k; g++) atRisk[g] -= leaving[g];
  }
  // groups that never had anyone at risk at an event time carry no information (R drops them)
  const used: number[] = [];
  for (let g = 0; g < k; g++) if (expected[g] > 0) used.push(g);
  const m = used.length - 1;
  let chisq = 0;
  if (m >= 1) {
    const diff = new Float64Array(m);
    const sub = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      diff[a] = observed[used[a + 1]] - expected[used[a + 1]];
      for (let c = 0; c < m; c++) sub[a * m + c] = V[used[a + 1] * k + used[c + 1]];
    }
    chisq = quadraticForm(sub, m, diff).value;
  }
  const df = Math.max(0, m);
  return {
    chisq,
    df,
    p: df === 0 ? 1 : chiSquareUpper(chisq, df),
    observed: Array.from(observed),
    expected: Array.from(expected),
  };
}
