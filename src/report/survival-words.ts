/**
 * The sentences of a survival outcome (the pipeline returns the numbers):
 * the seed's duration sentence and the proportional-hazards verdict.
 */
import type { SurvivalOutcomeResult } from '../pipeline/results.js';
import { fixed, pValue, significant } from './format.js';

/**
 * "The hazard ratio 1.60 corresponds to a 37 % shorter mean time …": mean
 * duration without the programme (comparison cells' restricted mean) and
 * with it (÷ HR). `eventTitle` is the event state's title ("In company internship").
 */
export function durationSentence(o: SurvivalOutcomeResult, eventTitle: string): string {
  const hr = o.cox.hr;
  const { base_weeks: base, with_programme_weeks: withProgramme } = o.duration;
  if (hr === null || withProgramme === null || base === null) {
    return `No duration change could be derived${o.cox.problem ? `: ${o.cox.problem}` : ''}.`;
  }
  const horizon = o.summary[0]?.rmst_horizon;
  const event = `first week ${eventTitle.toLowerCase()}`;
  const pct = Math.abs(1 - 1 / hr) * 100;
  return `The hazard ratio ${fixed(hr, 2)} corresponds to a ${pct.toFixed(0)} % ${hr >= 1 ? 'shorter' : 'longer'} mean time from programme start to the ${event} (1 − 1/HR): if it took ${base.toFixed(1)} weeks without the programme (the comparison municipalities' mean within ${horizon} weeks), it takes ${withProgramme.toFixed(1)} weeks with it.`;
}

/** The proportional-hazards verdict on the treated·during term (the third term), at the spec's level. */
export function phMessage(ph: NonNullable<SurvivalOutcomeResult['ph_check']>, level: number): string {
  const inter = ph.terms[2];
  return significant(inter.p, level)
    ? `The treated·during hazard ratio changes over time since entry (Schoenfeld test ${pValue(inter.p)}, correlation with time ${inter.rho.toFixed(2)}): read it as an average over the follow-up, and look at the survival curves.`
    : `No evidence against proportional hazards for the treated·during effect (Schoenfeld test ${pValue(inter.p)}; global ${pValue(ph.p)}).`;
}
