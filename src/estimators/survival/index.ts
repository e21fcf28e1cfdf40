/**
 * Survival estimators: Kaplan–Meier (Greenwood, log-log intervals), median,
 * restricted mean and weekly grid; k-sample log-rank; Cox proportional
 * hazards (Efron/Breslow ties, clustered robust variance) and its DiD form;
 * the Schoenfeld-residual proportional-hazards test. All match R survival.
 */

export { chiSquareUpper, gammaP, gammaQ, logGamma } from './chisq.js';
export { coxDiD, coxLogLik, coxPH, coxScore, coxScoreResiduals } from './cox.js';
export {
  kaplanMeier,
  logLogInterval,
  medianSurvival,
  restrictedMean,
  survivalAt,
  weeklyGrid,
} from './km.js';
export { logRank } from './logrank.js';
export { checkSurvivalData, orderByTime, type TimeBlocks, timeBlocks } from './order.js';
export {
  quantile7,
  type RmstDid,
  type RmstDidInput,
  rmstBootstrapDraws,
  rmstDiD,
  rmstDidReplicates,
} from './rmstdid.js';
export type {
  ChiSquareTest,
  CoxDiD,
  CoxFit,
  CoxOptions,
  KaplanMeier,
  KmStep,
  KmWeek,
  LogRank,
  PhTest,
  SurvivalData,
  Ties,
  ZphTransform,
} from './types.js';
export { phTest } from './zph.js';
