/**
 * Pre-trend (placebo) check of the parallel-trends assumption.
 *
 * What it tests, exactly: within the before cohort only, over a window of
 * its calendar weeks [from, to] split into an early half and a late half,
 * the DiD
 *   (treated·late − treated·early) − (comparison·late − comparison·early)
 * of the person-week outcome, i.e. the interaction of y = a + b·T + c·L +
 * d·T·L on the before cohort's person-weeks in the window (L = late half),
 * clustered by municipality (CR1) exactly like the pooled effect. H0: the
 * treated–comparison gap did not change between the two halves. Nobody in
 * the window meets the programme, so a significant change means the two
 * groups were already drifting apart, and the DiD would attribute such a
 * drift to the programme.
 *
 * Default window: the first half of the before cohort's weeks. In the
 * standard design (before cohort entering in year 1 and followed to the end
 * of year 2, the programme starting in year 2) only the first half is
 * untouched by the programme; pass `weeks` for another design.
 *
 * It is a plausibility check, not a proof: it has little power against
 * slow drifts and says nothing about shocks that coincide with the programme.
 */
import { alpha } from '../normal.js';
import { cellDid } from './cr1.js';
import type { CellSums, DidEstimate } from './types.js';

/** The estimate fields of DidEstimate (n and clusters: person-weeks and municipalities in the window). */
export interface PreTrendResult extends Pick<DidEstimate, 'estimate' | 'se' | 'ci_low' | 'ci_high' | 'p' | 'n' | 'clusters'> {
  /** The window of the before cohort's calendar weeks, inclusive. */
  weeks: [number, number];
  /** Its early and late halves, inclusive. */
  early: [number, number];
  late: [number, number];
  /** p ≥ 1 − level (0.05 at the default level); null when the check could not be computed. */
  passed: boolean | null;
  /** A plain-language sentence for the report. */
  message: string;
}

const NAMES = ['comparison·early-half', 'comparison·late-half', 'treated·early-half', 'treated·late-half'] as const;

/** Minus sign and one decimal, in percentage points. */
const pct = (v: number) => `${v < -0.0005 ? '−' : ''}${Math.abs(v * 100).toFixed(1)}`;

/**
 * `beforeWeeks[t − 1]` are the calendar-week sums of the before cohort
 * (its cells 0 and 2; the during cells are ignored), all over the same
 * clusters. `weeks` = [from, to] (1-based, inclusive) overrides the window.
 */
export function preTrend(beforeWeeks: CellSums[], level = 0.95, weeks?: [number, number]): PreTrendResult {
  const from = weeks ? weeks[0] : 1;
  const to = weeks ? weeks[1] : Math.floor(beforeWeeks.length / 2);
  const len = to - from + 1;
  const mid = from + Math.floor(len / 2) - 1;
  const early: [number, number] = [from, mid];
  const late: [number, number] = [mid + 1, to];
  const none = (message: string, n = 0, clusters = 0): PreTrendResult =>
    ({ estimate: null, se: null, ci_low: null, ci_high: null, p: null, n, clusters, weeks: [from, to], early, late, passed: null, message });
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > beforeWeeks.length) {
    return none(`The pre-trend check could not be computed: weeks ${from}–${to} are not within the before cohort's weeks 1–${beforeWeeks.length}.`);
  }
  if (len < 2) return none('The pre-trend check could not be computed: too few calendar weeks in the before cohort.');

  const clusters = beforeWeeks[0].clusters;
  const G = clusters.length;
  // Recode: "during" := late half; cell 2·T + late from the before cells (0 comparison, 2 treated).
  const s: CellSums = { clusters, n: new Float64Array(4 * G), sumY: new Float64Array(4 * G), sumYY: new Float64Array(4 * G) };
  for (let t = from; t <= to; t++) {
    const w = beforeWeeks[t - 1];
    if (w.n.length !== 4 * G) throw new Error(`pre-trend: week ${t} has sums over ${w.n.length / 4} clusters, week 1 over ${G}`);
    const isLate = t > mid ? 1 : 0;
    for (let g = 0; g < G; g++) {
      for (const cell of [0, 2]) {
        const to4 = 4 * g + cell + isLate;
        s.n[to4] += w.n[4 * g + cell];
        s.sumY[to4] += w.sumY[4 * g + cell];
        s.sumYY[to4] += w.sumYY[4 * g + cell];
      }
    }
  }
  const e = cellDid(s, level, undefined, NAMES);
  if (e.estimate === null || e.se === null || e.p === null) {
    return none(`The pre-trend check could not be computed: ${e.problem ?? 'no standard error'}.`, e.n, e.clusters);
  }
  const passed = e.p >= alpha(level);
  const range = `weeks ${late[0]}–${late[1]} vs ${early[0]}–${early[1]} of the before cohort`;
  const L = `${Number((level * 100).toFixed(1))} %`;
  const ci = `${L} CI ${pct(e.ci_low!)} to ${pct(e.ci_high!)}`;
  const message = passed
    ? `No sign of diverging trends before the programme: the change in the participant–comparison gap (${range}) is ${pct(e.estimate)} pp (${ci}, p = ${e.p.toFixed(2)}).`
    : `Warning: participants and comparison were already drifting apart before the programme: the gap changed by ${pct(e.estimate)} pp (${range}; ${ci}, p = ${e.p < 0.001 ? '< 0.001' : e.p.toFixed(3)}). The parallel-trends assumption behind the effect estimate is doubtful.`;
  return { estimate: e.estimate, se: e.se, ci_low: e.ci_low, ci_high: e.ci_high, p: e.p, n: e.n, clusters: e.clusters, weeks: [from, to], early, late, passed, message };
}
