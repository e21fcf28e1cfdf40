/**
 * Persons behind the pooled estimates, per cell: what disclosure control
 * needs to know whether a pooled or per-municipality cell holds fewer than
 * N persons (the estimates themselves count person-weeks).
 */
import type { PersonRows } from '../estimators/did/index.js';

/**
 * Memberships with person-weeks in the pooled weeks, per cell (index = 2·treated + during), overall
 * and per cluster.
 */
export function pooledCellPersons(rows: PersonRows): {
  all: number[];
  byCluster: Map<string, number[]>;
} {
  const all = [0, 0, 0, 0];
  const byCluster = new Map<string, number[]>();
  for (let i = 0; i < rows.cell.length; i++) {
    if (!(rows.weight[i] > 0)) continue;
    const c = rows.cell[i];
    all[c]++;
    const label = rows.clusters[rows.cluster[i]];
    let k = byCluster.get(label);
    if (!k) {
      k = [0, 0, 0, 0];
      byCluster.set(label, k);
    }
    k[c]++;
  }
  return { all, byCluster };
}

/** A municipality's own cells (2, 3) against all comparison persons (cells 0, 1). */
export function municipalityCellPersons(
  p: ReturnType<typeof pooledCellPersons>,
  municipality: string,
): number[] {
  const own = p.byCluster.get(municipality) ?? [0, 0, 0, 0];
  return [p.all[0], p.all[1], own[2], own[3]];
}
