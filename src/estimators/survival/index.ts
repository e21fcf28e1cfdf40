/**
 * Survival estimators: Kaplan–Meier (Greenwood, log-log intervals), median,
 * restricted mean, log-rank, Cox proportional hazards (Efron/Breslow ties,
 * robust clustered variance) and a proportional-hazards check.
 */
export type { SurvivalData, KaplanMeier, KmStep } from './types.js';
export { kaplanMeier, survivalAt, medianSurvival, restrictedMean, weeklyGrid, logLogInterval } from './km.js';
export { logRank, type LogRank } from './logrank.js';
export { coxPH, coxDiD, coxLogLik, phTest, type CoxFit, type CoxDiD, type CoxOptions } from './cox.js';
export { chiSquareUpper, gammaQ, logGamma } from './chisq.js';
export { orderByTime } from './order.js';
