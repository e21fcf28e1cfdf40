/**
 * Difference-in-differences estimators. Every estimate has one shape
 * (DidEstimate: estimate, se, ci_low, ci_high, p, n, clusters, se_naive,
 * and a plain-language `problem` when something could not be computed);
 * estimates from the four cells add `cells`.
 */

export { CELL_NAMES } from '../../design/cells.js';
export { cellTotals } from '../../design/cellsums.js';
export {
  type BalanceInput,
  type BalanceRow,
  balanceTable,
  standardisedDifference,
} from './balance.js';
export {
  type BootstrapOptions,
  type BootstrapResult,
  cellSystem,
  INTERACTION,
  restrictedFit,
  wildClusterBootstrap,
} from './bootstrap.js';
export {
  type AdjustedBootstrapOptions,
  type AdjustedEstimate,
  type CovariateTerm,
  covariateTerms,
  didWithCovariates,
  type EffectiveClustersOf,
  levelsByFrequency,
} from './covariates.js';
export { clusterCounts, cr1Factor, didFromCellSums } from './cr1.js';
export {
  type MunicipalityDid,
  type MunicipalityEstimate,
  perMunicipality,
} from './municipalities.js';
export {
  RI_MIN_COMPARISON,
  type RandomisationResult,
  randomisationP,
} from './randomisation.js';
export { mulberry32 } from './rng.js';
export type {
  Cell,
  CellDidEstimate,
  CellShare,
  CellSums,
  CovariateColumn,
  DidEstimate,
  PersonRows,
} from './types.js';
export {
  type ClusterSystem,
  effectiveClusters,
  WEBB_BELOW,
  type WeightKind,
  weightDraws,
  weightKind,
  wildJoint,
  wildScalar,
} from './wild.js';
