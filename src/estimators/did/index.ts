/**
 * Difference-in-differences estimators. Every estimate has one shape
 * (DidEstimate: estimate, se, ci_low, ci_high, p, n, clusters, se_naive,
 * and a plain-language `problem` when something could not be computed);
 * estimates from the four cells add `cells`.
 */
export type { Cell, CellSums, CellShare, CellDidEstimate, PersonRows, CovariateColumn, DidEstimate } from './types.js';
export { didFromCellSums, clusterCounts, cr1Factor } from './cr1.js';
export { cellTotals } from '../../design/cellsums.js';
export { CELL_NAMES } from '../../design/cells.js';
export { wildClusterBootstrap, restrictedFit, type BootstrapOptions, type BootstrapResult } from './bootstrap.js';
export { didWithCovariates, covariateTerms, levelsByFrequency, type AdjustedEstimate, type CovariateTerm } from './covariates.js';
export { balanceTable, standardisedDifference, type BalanceInput, type BalanceRow } from './balance.js';
export { perMunicipality, type MunicipalityDid, type MunicipalityEstimate } from './municipalities.js';
export { mulberry32 } from './rng.js';
