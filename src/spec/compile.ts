/**
 * The spec compiled once against the extract into what the stages need:
 * code sets → masks over the extract's code dictionary, cohort windows →
 * matrix week indices, each outcome's state → a compiled test. Cohorts and
 * outcomes take this form; none of them interprets the spec again.
 */
import { COHORTS, type CohortName } from '../design/cells.js';
import { lastWeekOfPeriod } from '../design/periods.js';
import type { Extract } from '../read/extract.js';
import { codeMask, compileState, type StateTest } from './codes.js';
import type { Spec } from './spec.js';

/** A cohort's weeks as matrix week indices (0 = the extract's first kept week). */
export interface CohortWindow {
  name: CohortName;
  entryFrom: number;
  entryTo: number;
  until: number;
  /** Calendar weeks t = 1..weeks run from entryFrom to until. */
  weeks: number;
}

export interface CompiledSpec {
  spec: Spec;
  /** 1 for each code id of the extract's dictionary in the set. */
  programme: Uint8Array;
  internship: Uint8Array;
  censor: Uint8Array;
  /** The cohorts, index = during (0 before, 1 during). */
  cohorts: readonly [CohortWindow, CohortWindow];
  /** Calendar weeks of the longer cohort (t = 1..calendarWeeks). */
  calendarWeeks: number;
  /** Weeks since entry of the longest follow-up (k = 0..followUp − 1). */
  followUp: number;
  treated: ReadonlySet<string>;
  /** Compiled state test per outcome id (a share outcome's state, a survival outcome's event). */
  states: ReadonlyMap<string, StateTest>;
}

/**
 * The weeks a run needs (week serials): the week before the earliest entry (to see a start) to the
 * latest
 * `until`, widened to the event study's entry periods and the horizon of their last entrants (the
 * reader
 * clips to the file).
 */
export function neededWeeks(spec: Spec): { from: number; to: number } {
  const { before, during, placebo } = spec.cohorts;
  let from = Math.min(before.entryFrom, during.entryFrom, placebo?.entryFrom ?? Infinity) - 1;
  let to = Math.max(before.until, during.until, placebo?.until ?? -Infinity);
  const es = spec.eventStudy;
  if (es) {
    from = Math.min(from, es.entry.from - 1);
    to = Math.max(to, lastWeekOfPeriod(es.entry, es.entry.periods - 1) + es.horizon[1]);
  }
  return { from, to };
}

/** Compile a resolved spec against the extract it runs on. */
export function compileSpec(spec: Spec, x: Pick<Extract, 'codeDict' | 'firstWeek'>): CompiledSpec {
  const window = (name: CohortName): CohortWindow => {
    const c = spec.cohorts[name];
    return {
      name,
      entryFrom: c.entryFrom - x.firstWeek,
      entryTo: c.entryTo - x.firstWeek,
      until: c.until - x.firstWeek,
      weeks: c.weeks,
    };
  };
  const cohorts = [window(COHORTS[0]), window(COHORTS[1])] as const;
  const states = new Map<string, StateTest>();
  for (const o of spec.outcomes)
    states.set(o.id, compileState(x.codeDict, o.type === 'share' ? o.state : o.event));
  return {
    spec,
    programme: codeMask(x.codeDict, spec.codes.programme),
    internship: codeMask(x.codeDict, spec.codes.internship),
    censor: codeMask(x.codeDict, spec.codes.censor),
    cohorts,
    calendarWeeks: Math.max(cohorts[0].weeks, cohorts[1].weeks),
    followUp:
      Math.max(cohorts[0].until - cohorts[0].entryFrom, cohorts[1].until - cohorts[1].entryFrom) +
      1,
    treated: new Set(spec.treated),
    states,
  };
}
