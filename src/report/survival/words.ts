/**
 * The sentences of a survival outcome (the pipeline returns the numbers):
 * what the hazard ratio says about durations and the proportional-hazards
 * verdict.
 */
import type { SurvivalOutcomeResult } from '../../results/results.js';
import { cellTitle } from '../cells.js';
import { fixed, percent, pValue, significant } from '../format.js';

/**
 * What the hazard ratio supports about durations, and no more: 1 − 1/HR is
 * the change in mean time to the event only under a constant hazard, and
 * the observed medians per cell where half had the event. No weeks are
 * computed from the hazard ratio (a restricted mean capped at the horizon
 * divided by HR means nothing). `eventTitle` is the event state's title.
 */
export function durationSentence(o: SurvivalOutcomeResult, eventTitle: string): string {
  const hr = o.cox.hr;
  const parts: string[] = [];
  const event = `the first week ${eventTitle.toLowerCase()}`;
  if (hr !== null && Number.isFinite(hr) && hr > 0 && o.duration_change !== null) {
    const d = o.duration_change;
    parts.push(
      `If the hazard were constant over time, a hazard ratio of ${fixed(hr, 2)} would mean a ${percent(Math.abs(d), 0)} ${d >= 0 ? 'shorter' : 'longer'} mean time to ${event} (1 − 1/HR); the curves show how far that assumption holds.`,
    );
  } else {
    parts.push(`No duration change can be derived${o.cox.problem ? `: ${o.cox.problem}` : ''}.`);
  }
  if (o.summary.some((s) => s.median !== null)) {
    parts.push(
      `Observed median weeks to ${event}: ${o.summary.map((s) => `${cellTitle(s.group, s.cohort)} ${s.median === null ? 'not reached' : s.median}`).join('; ')}.`,
    );
  } else {
    parts.push('No cell reached a median (fewer than half had the event within the follow-up).');
  }
  return parts.join(' ');
}

/** The proportional-hazards verdict on the treated·during term (the third term), at the spec's level. */
export function phMessage(
  ph: NonNullable<SurvivalOutcomeResult['ph_check']>,
  level: number,
): string {
  // Hidden by --min-cell: the terms are null and the disclosure stage's reason stands in the message.
  const inter = ph.terms?.[2];
  if (!inter || inter.p === null || ph.p === null)
    return (
      (ph as { message?: string }).message ?? 'The proportional-hazards check is not available.'
    );
  return significant(inter.p, level)
    ? `The treated·during hazard ratio changes over time since entry (Schoenfeld test ${pValue(inter.p)}, correlation with time ${inter.rho.toFixed(2)}): read it as an average over the follow-up, and look at the survival curves.`
    : `No evidence against proportional hazards for the treated·during effect (Schoenfeld test ${pValue(inter.p)}; global ${pValue(ph.p)}).`;
}
