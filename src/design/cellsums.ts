/**
 * Per (cluster, cell) sums: the data the outcomes stage hands to the DiD
 * estimators. A cell's share is Σ y / n over its clusters, and the DiD
 * with clustered errors needs nothing more than these sums.
 */
import { CELL_COUNT } from './cells.js';

/**
 * Sufficient statistics of the saturated 2×2 linear probability model, per
 * cluster (municipality) and cell. Arrays have length 4·G, index g*4+cell.
 */
export interface CellSums {
  /** Cluster labels (municipality codes), index g. */
  clusters: string[];
  /** Observations (persons in a week, or person-weeks when pooled). */
  n: Float64Array;
  /** Σ y. */
  sumY: Float64Array;
  /** Σ y² (equals sumY for 0/1 outcomes). */
  sumYY: Float64Array;
}

/** All-zero sums for the given clusters. */
export function emptyCellSums(clusters: string[]): CellSums {
  const n = CELL_COUNT * clusters.length;
  return {
    clusters,
    n: new Float64Array(n),
    sumY: new Float64Array(n),
    sumYY: new Float64Array(n),
  };
}

/** Totals per cell over clusters: observations, Σy, Σy². */
export function cellTotals(s: CellSums): { n: number[]; sumY: number[]; sumYY: number[] } {
  const n = [0, 0, 0, 0];
  const sumY = [0, 0, 0, 0];
  const sumYY = [0, 0, 0, 0];
  for (let i = 0; i < s.n.length; i++) {
    const c = i & 3;
    n[c] += s.n[i];
    sumY[c] += s.sumY[i];
    sumYY[c] += s.sumYY[i];
  }
  return { n, sumY, sumYY };
}
