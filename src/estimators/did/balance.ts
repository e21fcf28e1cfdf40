/**
 * Balance of background characteristics: means per cell and standardised
 * mean differences (SMD) of treated vs comparison within each cohort,
 * SMD = (mean_t − mean_c) / sqrt((var_t + var_c) / 2) (Austin 2009).
 * Numeric covariates use the sample variance (n − 1); text covariates are
 * shown per level as shares, with the share's variance p(1 − p).
 * Missing values ('' or NaN) are left out per covariate and visible in `n`.
 */
import type { CovariateColumn } from './types.js';

/** One row per person (or cohort membership): its cell and covariate values. */
export interface BalanceInput {
  cell: Uint8Array;
  covariates: CovariateColumn[];
}

export interface BalanceRow {
  covariate: string;
  /** Level of a text covariate; null for a numeric one. */
  level: string | null;
  /** Persons with a non-missing value per cell (index = Cell). */
  n: number[];
  /**
   * Mean (or share of the level) per cell: comparison·before, comparison·during, treated·before,
   * treated·during; null when the cell has no value.
   */
  means: (number | null)[];
  /** Treated·before vs comparison·before. */
  smd_before: number | null;
  /** Treated·during vs comparison·during. */
  smd_during: number | null;
}

/**
 * (mean_t − mean_c) / sqrt((var_t + var_c)/2); null when a mean is missing or both variances are 0.
 */
export function standardisedDifference(
  meanT: number | null,
  meanC: number | null,
  varT: number,
  varC: number,
): number | null {
  if (meanT === null || meanC === null) return null;
  const pooled = Math.sqrt((varT + varC) / 2);
  return pooled > 0 ? (meanT - meanC) / pooled : null;
}

function numericRow(name: string, cell: Uint8Array, values: Float64Array): BalanceRow {
  const n = [0, 0, 0, 0];
  const sum = [0, 0, 0, 0];
  for (let i = 0; i < cell.length; i++) {
    if (Number.isNaN(values[i])) continue;
    n[cell[i]]++;
    sum[cell[i]] += values[i];
  }
  const means = n.map((k, c) => (k > 0 ? sum[c] / k : null));
  // Second pass on deviations: stable for large values such as birth years.
  const dev = [0, 0, 0, 0];
  for (let i = 0; i < cell.length; i++) {
    if (Number.isNaN(values[i])) continue;
    const d = values[i] - means[cell[i]]!;
    dev[cell[i]] += d * d;
  }
  const variance = n.map((k, c) => (k > 1 ? dev[c] / (k - 1) : 0));
  return {
    covariate: name,
    level: null,
    n,
    means,
    smd_before: standardisedDifference(means[2], means[0], variance[2], variance[0]),
    smd_during: standardisedDifference(means[3], means[1], variance[3], variance[1]),
  };
}

function textRows(name: string, cell: Uint8Array, values: string[]): BalanceRow[] {
  const n = [0, 0, 0, 0];
  const byLevel = new Map<string, number[]>();
  for (let i = 0; i < cell.length; i++) {
    const v = values[i];
    if (v === '') continue;
    const c = cell[i];
    n[c]++;
    let k = byLevel.get(v);
    if (!k) {
      k = [0, 0, 0, 0];
      byLevel.set(v, k);
    }
    k[c]++;
  }
  return [...byLevel.keys()].sort().map((level) => {
    const k = byLevel.get(level)!;
    const share = k.map((x, c) => (n[c] > 0 ? x / n[c] : null));
    const v = share.map((p) => (p === null ? 0 : p * (1 - p)));
    return {
      covariate: name,
      level,
      n: [...n],
      means: share,
      smd_before: standardisedDifference(share[2], share[0], v[2], v[0]),
      smd_during: standardisedDifference(share[3], share[1], v[3], v[1]),
    };
  });
}

/**
 * One row per numeric covariate and per level (alphabetical) of a text covariate, in column order.
 */
export function balanceTable(rows: BalanceInput): BalanceRow[] {
  return rows.covariates.flatMap((col) =>
    col.kind === 'numeric'
      ? [numericRow(col.name, rows.cell, col.values)]
      : textRows(col.name, rows.cell, col.values),
  );
}
