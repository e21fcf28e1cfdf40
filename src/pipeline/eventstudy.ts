/**
 * The event study as results.json keeps it (contract, "Event study over
 * entry periods"): `eventStudy.<outcome>` with att_gt, event_time, overall,
 * pretest and periods, plus the band's critical value, the rounds and the
 * entrants. One pass over persons (outcomes/eventstudy) feeds every outcome.
 */
import { formatSerial } from '../calendar/isoweek.js';
import { firstWeekOfPeriod } from '../design/periods.js';
import { NEVER } from '../design/rounds.js';
import { type AttGt, estimateEventStudy } from '../estimators/eventstudy/index.js';
import { computeEventStudyData, type EventStudyData } from '../outcomes/eventstudy.js';
import type { Extract } from '../read/extract.js';
import type {
  EventStudyOutcomeResult,
  EventStudyPeriodRow,
  EventStudyRound,
} from '../results/results.js';
import type { CompiledSpec } from '../spec/compile.js';
import type { EventStudyDef } from '../spec/spec.js';

/** Why an estimate was hidden, for the report and the disclosure stage. */
export const HIDDEN = (minCell: number) =>
  `hidden: rests on a cell with fewer than ${minCell} persons`;

/**
 * Every event-study outcome of the spec; null when the spec has no
 * eventStudy block. Periods and start groups are numbered from 1 in
 * results.json (P_1 … P_n), as the contract has them; the stages below
 * count from 0.
 */
export function eventStudyResults(
  x: Extract,
  plan: CompiledSpec,
  minCell: number,
): Record<string, EventStudyOutcomeResult> | null {
  const spec = plan.spec;
  const es = spec.eventStudy;
  if (!es) return null;
  const data = computeEventStudyData(x, plan, es);
  const out: Record<string, EventStudyOutcomeResult> = {};
  for (const o of data.outcomes) {
    const est = estimateEventStudy(
      {
        clusters: data.clusters,
        startPeriod: data.startPeriod,
        periods: es.entry.periods,
        used: data.periods.map((p) => p.used),
        persons: data.persons,
        n: o.n,
        sumY: o.sumY,
      },
      {
        comparison: es.comparison,
        level: spec.inference.level,
        bootstrap: spec.inference.bootstrap,
        seed: spec.inference.seed,
      },
    );
    const res: EventStudyOutcomeResult = {
      title: o.outcome.title,
      comparison: es.comparison,
      horizon: es.horizon,
      entry: {
        from: formatSerial(es.entry.from),
        periods: es.entry.periods,
        length: es.entry.length,
      },
      clusters: est.clusters,
      rounds: rounds(es),
      entrants: data.members,
      excluded: { ...data.excluded },
      att_gt: est.att_gt.map((r) => ({
        ...r,
        group: r.group + 1,
        period: r.period + 1,
        min_persons: minPersons(data, es, r),
      })),
      event_time: est.event_time,
      overall: est.overall,
      pretest: est.pretest,
      band: est.band,
      periods: periodRows(data, es),
      hidden: 0,
    };
    if (minCell > 0) res.hidden = hideSmall(res, minCell);
    out[o.outcome.id] = res;
  }
  return out;
}

function rounds(es: EventStudyDef): EventStudyRound[] {
  const by = new Map<number, string[]>();
  for (const [m, g] of es.rounds) by.set(g, [...(by.get(g) ?? []), m]);
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([g, ms]) => ({
      group: g + 1,
      first_week: formatSerial(firstWeekOfPeriod(es.entry, g)),
      municipalities: ms,
    }));
}

function periodRows(data: EventStudyData, es: EventStudyDef): EventStudyPeriodRow[] {
  return data.periods.map((p) => ({
    period: p.index + 1,
    first_week: formatSerial(p.firstWeek),
    persons: p.persons,
    used: p.used,
    why: p.used
      ? null
      : `lacks follow-up: entrants of its last week (${formatSerial(p.lastWeek)}) would need weeks up to ${formatSerial(p.lastWeek + es.horizon[1])}, after the extract's last week`,
  }));
}

/**
 * The fewest persons behind any of the four cell means an ATT(g, p) rests on
 * (treated p and g − 1, comparison p and g − 1); for the base row its own
 * cell. g and p as the estimator has them (0-based).
 */
function minPersons(data: EventStudyData, es: EventStudyDef, r: AttGt): number {
  const P = es.entry.periods;
  const sum = (inGroup: (g: number) => boolean, p: number) => {
    if (p < 0) return 0;
    let s = 0;
    data.clusters.forEach((_, m) => {
      if (inGroup(data.startPeriod[m])) s += data.persons[m * P + p];
    });
    return s;
  };
  const g = r.group;
  const treatedP = sum((h) => h === g, r.period);
  if (r.period === g - 1) return treatedP;
  const cmp = (h: number) =>
    h === NEVER ||
    (es.comparison === 'not-yet-treated' && h !== g && h > Math.max(r.period, g - 1));
  return Math.min(
    treatedP,
    sum((h) => h === g, g - 1),
    sum(cmp, r.period),
    sum(cmp, g - 1),
  );
}

/** Hide (null + reason) every estimate resting on fewer than minCell persons; returns how many. */
function hideSmall(res: EventStudyOutcomeResult, minCell: number): number {
  let hidden = 0;
  const why = HIDDEN(minCell);
  const small = (n: number | null) => n !== null && n > 0 && n < minCell;
  for (const r of res.att_gt) {
    if (r.min_persons === null || r.min_persons >= minCell) continue;
    Object.assign(r, {
      estimate: null,
      se: null,
      ci_low: null,
      ci_high: null,
      problem: why,
      min_persons: null,
    });
    if (small(r.n)) r.n = null;
    hidden++;
  }
  for (const r of res.event_time) {
    if (!small(r.n)) continue;
    Object.assign(r, {
      estimate: null,
      se: null,
      ci_low: null,
      ci_high: null,
      band_low: null,
      band_high: null,
      n: null,
      problem: why,
    });
    hidden++;
  }
  if (small(res.overall.n)) {
    if (res.overall.bootstrap)
      Object.assign(res.overall.bootstrap, { p: null, ci_low: null, ci_high: null, problem: why });
    delete res.overall.effective_clusters;
    Object.assign(res.overall, {
      estimate: null,
      se: null,
      ci_low: null,
      ci_high: null,
      p: null,
      n: null,
      problem: why,
    });
    hidden++;
  }
  for (const p of res.periods) {
    if (p.persons !== null && p.persons > 0 && p.persons < minCell) {
      p.persons = null;
      hidden++;
    }
  }
  return hidden;
}
