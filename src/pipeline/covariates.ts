/**
 * Covariates of cohort members, typed for the estimators: a column is
 * numeric when every non-missing value parses as a number, otherwise text.
 */
import type { CohortBuild } from '../cohorts/cohorts.js';
import { memberCell } from '../design/cells.js';
import type { CovariateColumn } from '../estimators/did/index.js';
import * as did from '../estimators/did/index.js';
import type { Extract, PersonColumn } from '../read/extract.js';
import type { BalanceRow } from '../results/results.js';
import type { Spec } from '../spec/spec.js';

export type { CovariateColumn };

export interface MemberCovariates {
  /** Cell per membership (design/cells: memberCell). */
  cell: Uint8Array;
  covariates: CovariateColumn[];
}

const MISSING = new Set(['', 'NA', '.', 'NaN']);

/** One column per spec covariate, one value per membership. */
export function covariateRows(x: Extract, spec: Spec, built: CohortBuild): MemberCovariates {
  const m = built.members;
  const cell = new Uint8Array(m.size);
  for (let i = 0; i < m.size; i++) cell[i] = memberCell(m, i);
  const covariates = spec.data.covariates.map((name): CovariateColumn => {
    const col = x.covariates.find((c) => c.name === name) as PersonColumn;
    const asNumber = col.levels.map((l) => (MISSING.has(l) ? NaN : Number(l.replace(',', '.'))));
    const numeric = col.levels.every((l, i) => MISSING.has(l) || Number.isFinite(asNumber[i]));
    if (numeric) {
      const values = new Float64Array(m.size);
      for (let i = 0; i < m.size; i++) values[i] = asNumber[col.codes[m.person[i]]];
      return { name, kind: 'numeric', values };
    }
    const values: string[] = new Array(m.size);
    for (let i = 0; i < m.size; i++) {
      const v = col.levels[col.codes[m.person[i]]];
      values[i] = MISSING.has(v) ? '' : v;
    }
    return { name, kind: 'text', values };
  });
  return { cell, covariates };
}

/** Covariate means per cell and standardised differences, treated vs comparison. */
export function balance(rows: MemberCovariates): BalanceRow[] {
  return did.balanceTable(rows);
}
