/**
 * The proportional-hazards verdict of a survival outcome as results.json
 * words it (English; the report's sections say it in their language).
 */
import type { SurvivalOutcomeResult } from '../../results/results.js';
import { pValue, significant } from '../format.js';

/**
 * Whether the Schoenfeld test rejects proportional hazards for the treated·during term at the
 * spec's level: then no duration change is derived from the hazard ratio (1 − 1/HR), anywhere.
 */
export function phRejected(o: SurvivalOutcomeResult, level: number): boolean {
  const p = o.ph_check?.terms?.[2]?.p;
  return p !== null && p !== undefined && significant(p, level);
}

/**
 * The proportional-hazards verdict on the treated·during term (the third term), at the spec's
 * level.
 */
export function phMessage(
  ph: NonNullable<SurvivalOutcomeResult['ph_check']>,
  level: number,
): string {
  // Hidden by --min-cell: the terms are null and the disclosure stage's reason stands in the
  // message.
  const inter = ph.terms?.[2];
  if (!inter || inter.p === null || ph.p === null)
    return (
      (ph as { message?: string }).message ?? 'The proportional-hazards check is not available.'
    );
  return significant(inter.p, level)
    ? `The treated·during hazard ratio changes over time since entry ` +
        `(Schoenfeld test ${pValue(inter.p)}, correlation with time ${inter.rho.toFixed(2)}): ` +
        `read it as an average over the follow-up, and look at the survival ` +
        `curves.`
    : `No evidence against proportional hazards for the treated·during ` +
        `effect (Schoenfeld test ${pValue(inter.p)}; global ${pValue(ph.p)}).`;
}
