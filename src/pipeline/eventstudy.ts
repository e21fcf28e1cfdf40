/**
 * The event study as results.json keeps it (docs/definitions.md, "Event
 * study over entry periods"): `eventStudy.<outcome>` with att_gt, event_time, overall,
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

/**
 * Every event-study outcome of the spec; null when the spec has no
 * eventStudy block. Periods and start groups are numbered from 1 in
 * results.json (P_1 … P_n), as docs/definitions.md has them; the stages below
 * count from 0.
 */
export function eventStudyResults(
  x: Extract,
  plan: CompiledSpec,
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
      sensitivity: est.sensitivity,
      band: est.band,
      periods: periodRows(data, es),
      hidden: 0,
    };
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
      : `lacks follow-up: entrants of its last week (${formatSerial(p.lastWeek)}) ` +
        `would need weeks up to ${formatSerial(p.lastWeek + es.horizon[1])}, ` +
        `after the extract's last week`,
  }));
}

/**
 * The fewest persons behind any of the four cell means an ATT(g, p) rests on
 * (treated p and g − 1, comparison p and g − 1); for the base row its own
 * cell. Empty cells do not count (0 only when all are empty). g and p as
 * the estimator has them (0-based). The disclosure stage
 * rests the row on it (src/disclosure/parts/eventstudy.ts).
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
  // An empty cell has no mean and discloses nobody: the fewest persons of the cells that hold
  // anyone.
  const held = [treatedP, sum((h) => h === g, g - 1), sum(cmp, r.period), sum(cmp, g - 1)].filter(
    (n) => n > 0,
  );
  return held.length === 0 ? 0 : Math.min(...held);
}
