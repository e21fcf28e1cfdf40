/**
 * Survival estimators: Kaplan–Meier (Greenwood, log-log intervals), median,
 * restricted mean and weekly grid; k-sample log-rank; Cox proportional
 * hazards (Efron/Breslow ties, clustered robust variance) and its DiD form;
 * the Schoenfeld-residual proportional-hazards test. All match R survival.
 */
export type { SurvivalData, ChiSquareTest, KaplanMeier, KmStep, KmWeek, LogRank, Ties, CoxOptions, CoxFit, CoxDiD, PhTest, ZphTransform } from './types.js';
export { kaplanMeier, survivalAt, weeklyGrid, medianSurvival, restrictedMean, logLogInterval } from './km.js';
export { logRank } from './logrank.js';
export { coxPH, coxDiD, coxLogLik, coxScore, coxScoreResiduals } from './cox.js';
export { phTest } from './zph.js';
export { chiSquareUpper, gammaP, gammaQ, logGamma } from './chisq.js';
export { checkSurvivalData, orderByTime, timeBlocks, type TimeBlocks } from './order.js';
