/**
 * The three averages a share outcome has, each with its own name (never "the pooled effect" for
 * more than one): the cohort effect (the DiD over the pooled calendar weeks' person-weeks), the
 * event-study average (entry periods from the start on, weighted by persons) and the average
 * municipality effect (the τ²-weighted mean of the municipality effects). When two differ by more
 * than the standard error of their difference, one sentence says why.
 */

import type { EventStudyOutcomeResult, ShareOutcomeResult } from '../../results/results.js';
import type { ReportContext } from '../context.js';

interface Average {
  key: 'cohort' | 'event-study' | 'municipalities';
  estimate: number;
  se: number;
}

/**
 * The standard error of the average municipality effect d̄* = Σ w·d / Σ w with w = 1/(SE² + τ²):
 * 1/√Σw over the municipalities that enter it (informative, with an estimate and a standard error).
 */
export function municipalityMeanSe(o: ShareOutcomeResult): number | null {
  const h = o.heterogeneity;
  if (!h) return null;
  let sw = 0;
  for (const m of o.municipalities)
    if (m.flag === null && m.estimate !== null && m.se !== null && m.se > 0)
      sw += 1 / (m.se * m.se + h.tau2);
  return sw > 0 ? 1 / Math.sqrt(sw) : null;
}

/** The averages that exist for this outcome. */
export function averages(o: ShareOutcomeResult, es?: EventStudyOutcomeResult): Average[] {
  const out: Average[] = [];
  const p = o.pooled;
  if (p.estimate !== null && p.se !== null)
    out.push({ key: 'cohort', estimate: p.estimate, se: p.se });
  const ov = es?.overall;
  if (ov && ov.estimate !== null && ov.se !== null)
    out.push({ key: 'event-study', estimate: ov.estimate, se: ov.se });
  const h = o.heterogeneity;
  const se = municipalityMeanSe(o);
  if (h && se !== null) out.push({ key: 'municipalities', estimate: h.mean, se });
  return out;
}

/** True when some two averages differ by more than √(SE₁² + SE₂²). */
export function averagesDiffer(list: readonly Average[]): boolean {
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i];
      const b = list[j];
      if (Math.abs(a.estimate - b.estimate) > Math.sqrt(a.se * a.se + b.se * b.se)) return true;
    }
  return false;
}

/** The sentence on why the averages differ, or null when none differs by more than its errors. */
export function estimandsSentence(
  ctx: ReportContext,
  o: ShareOutcomeResult,
  es?: EventStudyOutcomeResult,
): string | null {
  const list = averages(o, es);
  if (list.length < 2 || !averagesDiffer(list)) return null;
  const { f, t } = ctx;
  const w = o.pooled.weeks;
  const parts = list.map((a) => {
    const v = f.pp(a.estimate);
    if (a.key === 'cohort')
      return t({
        en:
          `the cohort effect (${v}) averages the person-weeks of calendar ` +
          `weeks ${w[0]}–${w[1]} and compares the ${ctx.labels.during} ` +
          `with the ${ctx.labels.before}`,
        da:
          `kohorteeffekten (${v}) er et gennemsnit over personugerne i ` +
          `kalenderuge ${w[0]}–${w[1]} og sammenligner ${ctx.labels.during} ` +
          `med ${ctx.labels.before}`,
      });
    if (a.key === 'event-study')
      return t({
        en:
          `the event-study average (${v}) weighs each entry period from ` +
          `the programme start on by its persons, measures ${es!.horizon[0]}–${es!.horizon[1]} ` +
          `weeks after entry and compares with the period just before the ` +
          `start`,
        da:
          `eventstudiets gennemsnit (${v}) vægter hver indgangsperiode ` +
          `fra programstart med dens personer, måler ${es!.horizon[0]}–${es!.horizon[1]} ` +
          `uger efter indgang og sammenligner med perioden lige før start`,
      });
    return t({
      en:
        `the average municipality effect (${v}) weighs each participating ` +
        `municipality by the precision of its own effect, not by its ` +
        `persons`,
      da:
        `den gennemsnitlige kommuneeffekt (${v}) vægter hver deltagerkommune ` +
        `efter præcisionen af dens egen effekt, ikke efter dens personer`,
    });
  });
  return t({
    en:
      `**Why the averages differ.** They differ by more than their ` +
      `standard errors because they weigh different weeks, persons ` +
      `and comparisons: ${parts.join('; ')}.`,
    da:
      `**Hvorfor gennemsnittene er forskellige.** De afviger mere end ` +
      `deres standardfejl, fordi de vægter forskellige uger, personer ` +
      `og sammenligninger: ${parts.join('; ')}.`,
  });
}
