/**
 * The report's figures, from Results: for each share outcome the four cells
 * by calendar week (seed figures 1, 3, 4, top), the weekly effect with its
 * dashed 95 % interval (bottom), and the variation between municipalities
 * (forest sorted by effect, placebo distribution, moderators); for each
 * survival outcome the Kaplan–Meier curves (seed figure 2); and the state
 * distribution by weeks since entry.
 */
import type { Results, ShareOutcomeResult, SurvivalOutcomeResult } from '../pipeline/results.js';
import { lineChart, PALETTE, stateChart, stepChart, type Series } from './svg/index.js';
import { levelLabel } from './format.js';
import { eventStudyFigure, eventStudyFigureFile, speakContext } from './eventstudy.js';
import { variationFigures, variationView } from './variation.js';
import { cellTitle } from './cells.js';

export interface Figure {
  outcome: string;
  kind: 'shares' | 'effect' | 'municipalities' | 'placebo' | 'moderator' | 'survival' | 'states' | 'event-study';
  file: string;
  svg: string;
}

/** Line order and style of the four cells: colour by group, dashes for the before cohort. */
const CELLS = ([['treated', 'during'], ['treated', 'before'], ['comparison', 'during'], ['comparison', 'before']] as const).map(([group, cohort]) => ({
  group,
  cohort,
  label: cellTitle(group, cohort),
  color: group === 'treated' ? PALETTE.vermillion : PALETTE.blue,
  dash: cohort === 'before',
}));

const WEEK_NOTE = 'Calendar week 1 is the first week of each cohort\'s entry window; the before cohort\'s weeks are a year (or its window) earlier than the during cohort\'s.';

function shareFigures(id: string, o: ShareOutcomeResult, L: string, level: number): Figure[] {
  const out: Figure[] = [];
  const series: Series[] = CELLS.map((cell) => ({
    label: cell.label,
    color: cell.color,
    dash: cell.dash,
    points: o.cells.filter((c) => c.group === cell.group && c.cohort === cell.cohort).map((c) => ({ x: c.week, y: c.share })),
  }));
  out.push({
    outcome: id,
    kind: 'shares',
    file: `${id}-shares.svg`,
    svg: lineChart({
      title: o.title,
      subtitle: `Share by calendar week, four cells: participating vs comparison municipalities × before vs during cohort.`,
      note: `Note: ${o.population === 'in-programme' ? 'Among cohort members still in the programme that week.' : 'Among all cohort members who have started, in the programme or not.'} ${WEEK_NOTE}`,
      xLabel: 'Calendar week since the start of the entry window',
      xTickStep: 13,
      yLabel: 'Share (%)',
      yFormat: 'percent',
      series,
      yDomain: [0, Math.max(0.05, ...o.cells.map((c) => c.share ?? 0))],
    }),
  });
  const eff = o.weekly.filter((w) => w.estimate !== null);
  out.push({
    outcome: id,
    kind: 'effect',
    file: `${id}-effect.svg`,
    svg: lineChart({
      title: `Effect on ${o.title.charAt(0).toLowerCase()}${o.title.slice(1)}`,
      subtitle: `Difference-in-differences by calendar week: (participants during − before) − (comparison during − before).`,
      note: `Note: Dashed lines and band: ${L} confidence interval, standard errors clustered by municipality (CR1). Pooled over weeks ${o.pooled.weeks[0]}–${o.pooled.weeks[1]}: ${o.pooled.estimate === null ? '–' : `${(o.pooled.estimate * 100).toFixed(1)} pp`}.`,
      xLabel: 'Calendar week since the start of the entry window',
      xTickStep: 13,
      yLabel: 'Effect (percentage points)',
      yFormat: 'pp',
      series: [{
        label: 'Estimated effect',
        color: PALETTE.black,
        points: o.weekly.map((w) => ({ x: w.week, y: w.estimate })),
        band: o.weekly.map((w) => ({ x: w.week, low: w.ci_low, high: w.ci_high })),
      }],
      referenceLines: [{ y: 0 }],
      bandLabel: `${L} confidence interval`,
      xDomain: eff.length ? [o.weekly[0].week, o.weekly[o.weekly.length - 1].week] : undefined,
    }),
  });
  if (o.municipalities.length > 0) {
    // Variation between municipalities: forest sorted by effect (raw and shrunken), placebo distribution, moderators.
    for (const f of variationFigures(variationView(id, o), 'en', level)) {
      const kind = f.file.endsWith('-municipalities') ? 'municipalities' : f.file.endsWith('-placebo') ? 'placebo' : 'moderator';
      out.push({ outcome: id, kind, file: `${f.file}.svg`, svg: f.svg });
    }
  }
  return out;
}

function survivalFigure(id: string, o: SurvivalOutcomeResult, L: string): Figure {
  const series: Series[] = CELLS.map((cell) => {
    const rows = o.km.filter((r) => r.group === cell.group && r.cohort === cell.cohort);
    return {
      label: cell.label,
      color: cell.color,
      dash: cell.dash,
      points: rows.map((r) => ({ x: r.week, y: r.survival })),
      // Intervals for the during cohorts only: four bands would hide the curves.
      band: cell.cohort === 'during' ? rows.map((r) => ({ x: r.week, low: r.ci_low, high: r.ci_high })) : undefined,
    };
  });
  const hr = o.cox.hr === null ? '' : ` Hazard ratio (participants × during): ${o.cox.hr.toFixed(2)} (${L} CI ${o.cox.ci_low?.toFixed(2)}–${o.cox.ci_high?.toFixed(2)}).`;
  return {
    outcome: id,
    kind: 'survival',
    file: `${id}-survival.svg`,
    svg: stepChart({
      title: o.title,
      subtitle: `Share not yet in ${o.event} k weeks after programme entry (Kaplan–Meier).`,
      note: `Note: Dashed bands: ${L} log-log confidence intervals for the during cohorts.${hr}`,
      xLabel: 'Weeks since programme entry',
      xTickStep: 13,
      yLabel: `Not yet in ${o.event} (%)`,
      series,
      bandLabel: `${L} confidence interval (during cohorts)`,
    }),
  };
}

function statesFigure(r: Results): Figure | null {
  const d = r.state_distribution;
  if (!d || d.cells.every((c) => c.weeks.length === 0)) return null;
  const order = [['treated', 'before'], ['treated', 'during'], ['comparison', 'before'], ['comparison', 'during']] as const;
  const panels = order.map(([g, co]) => {
    const cell = d.cells.find((c) => c.group === g && c.cohort === co)!;
    return {
      title: cellTitle(g, co),
      x: cell.weeks,
      states: d.states.map((label, s) => ({
        label,
        share: cell.counts.map((row) => {
          if (row.some((v) => v === null)) return null;
          const tot = (row as number[]).reduce((a, b) => a + b, 0);
          return tot > 0 ? (row[s] as number) / tot : null;
        }),
      })),
    };
  });
  return {
    outcome: '_states',
    kind: 'states',
    file: 'state-distribution.svg',
    svg: stateChart({ title: 'Where cohort members are, by weeks since entry', subtitle: 'Share of each cell in each state; a person-week counts once, in the first state that applies.', xLabel: 'Weeks since programme entry', panels, note: 'Note: Followed to the cohort\'s last week; later weeks hold fewer persons (later entrants are followed for a shorter time).' }),
  };
}

export function renderFigures(r: Results): Figure[] {
  const out: Figure[] = [];
  const L = levelLabel(r.inference.level);
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') out.push(...shareFigures(id, o, L, r.inference.level));
    else out.push(survivalFigure(id, o, L));
  }
  const states = statesFigure(r);
  if (states) out.push(states);
  const ctx = speakContext('en', r.inference.level);
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) {
    out.push({ outcome: id, kind: 'event-study', file: eventStudyFigureFile(id), svg: eventStudyFigure(ctx, es) });
  }
  return out;
}
