/**
 * Data shapes of the difference-in-differences estimators.
 */

// The cell vocabulary and the per-(cluster, cell) sums are the design's (src/design).
export type { Cell } from '../../design/cells.js';
export type { CellSums } from '../../design/cellsums.js';

/**
 * Person-level rows aggregated over the pooled weeks (a person contributes `weight` person-weeks).
 */
export interface PersonRows {
  clusters: string[];
  /** Cluster index g of each row (into `clusters`). */
  cluster: Int32Array;
  /** Cell of each row (see `Cell`). */
  cell: Uint8Array;
  /** Person-weeks m of each row. */
  weight: Float64Array;
  /** Σ y over the row's person-weeks. */
  sumY: Float64Array;
  /** Σ y² over the row's person-weeks. */
  sumYY: Float64Array;
  /**
   * Person of each row, when a person can have several rows (one per cohort
   * membership): rows sharing a person are one independent unit where
   * persons are the units (per-municipality effects). Omitted: every row is
   * its own person.
   */
  person?: Int32Array;
  covariates: CovariateColumn[];
}

/** A person-level covariate, constant over the person's weeks. */
export type CovariateColumn =
  | { name: string; kind: 'numeric'; values: Float64Array /* NaN = missing */ }
  | { name: string; kind: 'text'; values: string[] /* '' = missing */ };

/**
 * One consistent result shape for every DiD estimate. Nothing is ever NaN:
 * what cannot be computed is null, and `problem` says why in plain words.
 */
export interface DidEstimate {
  /**
   * The interaction coefficient d (treated·during − treated·before − comparison·during +
   * comparison·before).
   */
  estimate: number | null;
  /** Cluster-robust (CR1) standard error of d. */
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** Two-sided p-value of d/se against the standard normal. */
  p: number | null;
  /** Observations used (persons or person-weeks). */
  n: number;
  /** Clusters with any observation. */
  clusters: number;
  /**
   * Standard error that treats every observation as independent (no
   * clustering): sqrt(Σ_c var_c / n_c), var_c = Σy²/n_c − ȳ_c², i.e. the
   * heteroskedasticity-robust HC0 standard error of d. Shown beside `se` so a
   * reader sees what clustering does.
   */
  se_naive: number | null;
  /** Plain-language reason when the estimate or its SE could not be computed. */
  problem?: string;
}

/** Observations and mean outcome (the share, for a 0/1 outcome) of one cell. */
export interface CellShare {
  n: number;
  /** Σy / n; null for an empty cell. */
  share: number | null;
}

/** A DiD computed from the four cells, with the cells it was computed from. */
export interface CellDidEstimate extends DidEstimate {
  /** Index = Cell: comparison·before, comparison·during, treated·before, treated·during. */
  cells: CellShare[];
}
