/**
 * Stage 3 for survival outcomes: time from entry to the first week in the
 * event state (docs/definitions.md, "Survival outcomes").
 *
 * duration = first event week − entry week + 1 (event), otherwise censored
 * at the cohort's `until` week (duration = until − entry + 1) or the week
 * before a censor code (duration = censor week − entry). With
 * `censorAtExit`, leaving the programme also censors, at the last week in it.
 */

import type { CohortBuild } from '../cohorts/cohorts.js';
import { type Extract, hoursThreshold } from '../read/extract.js';
import type { CompiledSpec } from '../spec/compile.js';
import type { SurvivalOutcome } from '../spec/spec.js';

export interface Durations {
  outcome: SurvivalOutcome;
  /** Per membership (same order as CohortBuild.members). */
  time: Float64Array;
  event: Uint8Array;
}

export function computeDurations(
  x: Extract,
  plan: CompiledSpec,
  built: CohortBuild,
  outcome: SurvivalOutcome,
): Durations {
  const { members } = built;
  const programme = plan.programme;
  const st = plan.states.get(outcome.id)!;
  const W = x.weeks;
  const H = x.hoursLabels.length;
  const defs = plan.cohorts;
  // Hours thresholds compare the exact stored hours with a cut-off per hours column.
  const hoursCut = st.hoursAbove === null ? null : hoursThreshold(x, st.hoursAbove);
  const time = new Float64Array(members.size);
  const event = new Uint8Array(members.size);
  for (let m = 0; m < members.size; m++) {
    const e = members.entry[m];
    const until = defs[members.during[m]].until;
    const censor = members.censorAt[m];
    const row = members.person[m] * W;
    const hrow = members.person[m] * H;
    // Observed through the earlier of `until` and the week before a censor code.
    const last = Math.min(until, censor - 1);
    let t = last - e + 1;
    let d = 0;
    for (let j = e; j <= last; j++) {
      const code = x.codes[row + j];
      if (outcome.censorAtExit && programme[code] === 0) {
        t = j - e;
        break;
      }
      if (st.codes !== null && st.codes[code] === 0) continue;
      if (hoursCut !== null) {
        const h = x.weekToHours[j];
        if (!(h >= 0 && x.hours[hrow + h] > hoursCut[h])) continue;
      }
      t = j - e + 1;
      d = 1;
      break;
    }
    time[m] = t;
    event[m] = d;
  }
  return { outcome, time, event };
}
