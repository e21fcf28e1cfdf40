/**
 * Data shapes of the difference-in-differences estimators.
 */

/** Cell index of the 2×2 design: 2·treated + during. 0 comparison·before, 1 comparison·during, 2 treated·before, 3 treated·during. */
export type Cell = 0 | 1 | 2 | 3;

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

/** Person-level rows aggregated over the pooled weeks (a person contributes `weight` person-weeks). */
export interface PersonRows {
  clusters: string[];
  cluster: Int32Array;
  cell: Uint8Array;
  /** Person-weeks m of each row. */
  weight: Float64Array;
  sumY: Float64Array;
  sumYY: Float64Array;
  covariates: CovariateColumn[];
}

export type CovariateColumn =
  | { name: string; kind: 'numeric'; values: Float64Array /* NaN = missing */ }
  | { name: string; kind: 'text'; values: string[] /* '' = missing */ };

/** One consistent result shape for every DiD estimate. */
export interface DidEstimate {
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  /** Observations used (persons or person-weeks). */
  n: number;
  /** Clusters with any observation. */
  clusters: number;
  /** Classical OLS standard error, ignoring clustering (for comparison). */
  se_naive: number | null;
  /** Plain-language reason when the estimate or its SE could not be computed. */
  problem?: string;
}
