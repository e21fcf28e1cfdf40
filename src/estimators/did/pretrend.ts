/**
 * Pre-trend (placebo) check for the parallel-trends assumption.
 *
 * Within the before cohort only — nobody there is exposed to the programme
 * in its first year — compare the treated−comparison gap in the late half of
 * that year with the early half: a DiD of treated × late on calendar weeks
 * 1..H (H = the first half of the before cohort's weeks, i.e. its first year
 * in the seed design), clustered by municipality. A significant "effect"
 * here means the groups were already drifting apart before the programme.
 */
import { didFromCellSums } from './cr1.js';
import type { CellSums } from './types.js';

export interface PreTrendResult {
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p: number | null;
  /** Calendar weeks compared: early [a, b] vs late [c, d]. */
  early: [number, number];
  late: [number, number];
  passed: boolean | null;
  message: string;
}

/**
 * `beforeWeeks[t-1]` are the calendar-week sums of the before cohort (cells
 * 0 and 2 are used; the during cells are ignored).
 */
export function preTrend(beforeWeeks: CellSums[], level = 0.95): PreTrendResult {
  const H = Math.floor(beforeWeeks.length / 2);
  const half = Math.floor(H / 2);
  const early: [number, number] = [1, half];
  const late: [number, number] = [half + 1, H];
  const none = (message: string): PreTrendResult => ({ estimate: null, se: null, ci_low: null, ci_high: null, p: null, early, late, passed: null, message });
  if (half < 1) return none('Too few calendar weeks in the before cohort for a pre-trend check.');
  const clusters = beforeWeeks[0].clusters;
  const G = clusters.length;
  // Recode: "during" := late half; cells 2·T + late, from the before cells (0: comparison, 2: treated).
  const s: CellSums = { clusters, n: new Float64Array(4 * G), sumY: new Float64Array(4 * G), sumYY: new Float64Array(4 * G) };
  for (let t = 1; t <= H; t++) {
    const w = beforeWeeks[t - 1];
    const late01 = t > half ? 1 : 0;
    for (let g = 0; g < G; g++) {
      for (const from of [0, 2]) {
        const to = 4 * g + from + late01;
        s.n[to] += w.n[4 * g + from];
        s.sumY[to] += w.sumY[4 * g + from];
        s.sumYY[to] += w.sumYY[4 * g + from];
      }
    }
  }
  const e = didFromCellSums(s, level);
  if (e.estimate === null || e.p === null) {
    // The recoded cells are early/late halves, not cohorts: say so in the reason.
    const why = (e.problem ?? 'no standard error').replace('·before', '·early-half').replace('·during', '·late-half');
    return none(`The pre-trend check could not be computed: ${why}.`);
  }
  const pct = (v: number) => `${v < -0.0005 ? '−' : ''}${Math.abs(v * 100).toFixed(1)}`;
  const passed = e.p >= 1 - level;
  const range = `weeks ${late[0]}–${late[1]} vs ${early[0]}–${early[1]} of the before cohort`;
  const L = `${Number((level * 100).toFixed(1))} %`;
  const message = passed
    ? `No sign of diverging trends before the programme: the change in the participant–comparison gap (${range}) is ${pct(e.estimate)} pp (${L} CI ${pct(e.ci_low!)} to ${pct(e.ci_high!)}, p = ${e.p.toFixed(2)}).`
    : `Warning: participants and comparison were already drifting apart before the programme: the gap changed by ${pct(e.estimate)} pp (${range}; ${L} CI ${pct(e.ci_low!)} to ${pct(e.ci_high!)}, p = ${e.p < 0.001 ? '< 0.001' : e.p.toFixed(3)}). The parallel-trends assumption behind the effect estimate is doubtful.`;
  return { estimate: e.estimate, se: e.se, ci_low: e.ci_low, ci_high: e.ci_high, p: e.p, early, late, passed, message };
}
