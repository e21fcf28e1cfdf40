/**
 * Each participating municipality's own DiD against the whole comparison
 * group, on the pooled weeks (heterogeneity; the seed reports −11 to +27 pp).
 *
 * A single municipality cannot be clustered on its own (its residuals sum to
 * zero within each cell), so the interval treats its persons as the
 * independent units and the comparison municipalities as clusters: the
 * sandwich over that partition, with the CR1 factor for its group count.
 */
import { twoSidedP, zCritical } from '../normal.js';
import { cr1Factor, SIGN } from './cr1.js';
import type { DidEstimate, PersonRows } from './types.js';

export interface MunicipalityEstimate extends DidEstimate {
  municipality: string;
  /** Persons of this municipality with person-weeks in the pooled window. */
  persons: number;
}

/** `treated`: cluster indices of the participating municipalities (the rest are comparison). */
export function perMunicipality(rows: PersonRows, treated: number[], level = 0.95): MunicipalityEstimate[] {
  const G = rows.clusters.length;
  const isTreated = new Uint8Array(G);
  for (const g of treated) isTreated[g] = 1;
  // Comparison side, shared by every municipality: per cluster n and Σy in cells 0 and 1.
  const compN = new Float64Array(2 * G);
  const compY = new Float64Array(2 * G);
  const rowsOf = new Map<number, number[]>();
  for (let i = 0; i < rows.cell.length; i++) {
    const m = rows.weight[i];
    if (m <= 0) continue;
    const g = rows.cluster[i];
    const c = rows.cell[i];
    if (!isTreated[g] && c < 2) {
      compN[2 * g + c] += m;
      compY[2 * g + c] += rows.sumY[i];
    } else if (isTreated[g] && c >= 2) {
      let list = rowsOf.get(g);
      if (!list) rowsOf.set(g, (list = []));
      list.push(i);
    }
  }
  const N0 = [0, 0];
  const S0 = [0, 0];
  let compClusters = 0;
  for (let g = 0; g < G; g++) {
    if (isTreated[g]) continue;
    if (compN[2 * g] + compN[2 * g + 1] > 0) compClusters++;
    for (const c of [0, 1]) {
      N0[c] += compN[2 * g + c];
      S0[c] += compY[2 * g + c];
    }
  }
  const z = zCritical(level);
  const out: MunicipalityEstimate[] = [];
  for (const g of [...treated].sort((a, b) => (rows.clusters[a] < rows.clusters[b] ? -1 : 1))) {
    const list = rowsOf.get(g) ?? [];
    const Nt = [0, 0];
    const St = [0, 0];
    for (const i of list) {
      Nt[rows.cell[i] - 2] += rows.weight[i];
      St[rows.cell[i] - 2] += rows.sumY[i];
    }
    const nCell = [N0[0], N0[1], Nt[0], Nt[1]];
    const N = nCell[0] + nCell[1] + nCell[2] + nCell[3];
    const base = { municipality: rows.clusters[g], persons: list.length, n: N, clusters: compClusters + (list.length > 0 ? 1 : 0), se_naive: null };
    const empty = nCell.findIndex((n) => n === 0);
    if (empty >= 0) {
      out.push({ ...base, estimate: null, se: null, ci_low: null, ci_high: null, p: null, problem: `no ${['comparison·before', 'comparison·during', 'treated·before', 'treated·during'][empty]} person-weeks` });
      continue;
    }
    const mean = [S0[0] / N0[0], S0[1] / N0[1], St[0] / Nt[0], St[1] / Nt[1]];
    const estimate = mean[3] - mean[2] - mean[1] + mean[0];
    let ss = 0;
    let groups = 0;
    for (const i of list) {
      const c = rows.cell[i];
      const u = (SIGN[c] * (rows.sumY[i] - rows.weight[i] * mean[c])) / nCell[c];
      ss += u * u;
      groups++;
    }
    for (let h = 0; h < G; h++) {
      if (isTreated[h] || compN[2 * h] + compN[2 * h + 1] === 0) continue;
      let u = 0;
      for (const c of [0, 1]) u += (SIGN[c] * (compY[2 * h + c] - compN[2 * h + c] * mean[c])) / nCell[c];
      ss += u * u;
      groups++;
    }
    const variance = groups > 1 && N > 4 ? cr1Factor(groups, N) * ss : 0;
    if (!(variance > 0)) {
      out.push({ ...base, estimate, se: null, ci_low: null, ci_high: null, p: null, problem: 'zero variance (no variation in the outcome)' });
      continue;
    }
    const se = Math.sqrt(variance);
    out.push({ ...base, estimate, se, ci_low: estimate - z * se, ci_high: estimate + z * se, p: twoSidedP(estimate / se) });
  }
  return out;
}
