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
import type { ReportContext } from './context.js';
import { eventStudyFigure, eventStudyFigureFile, speakContext } from './eventstudy.js';
import { variationFigures, variationView } from './variation.js';

export interface Figure {
  outcome: string;
  kind: 'shares' | 'effect' | 'municipalities' | 'placebo' | 'moderator' | 'survival' | 'states' | 'event-study';
  file: string;
  svg: string;
}

const CELLS = [
  { group: 'treated', cohort: 'during', color: PALETTE.vermillion, dash: false },
  { group: 'treated', cohort: 'before', color: PALETTE.vermillion, dash: true },
  { group: 'comparison', cohort: 'during', color: PALETTE.blue, dash: false },
  { group: 'comparison', cohort: 'before', color: PALETTE.blue, dash: true },
] as const;

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

function shareFigures(id: string, o: ShareOutcomeResult, ctx: ReportContext): Figure[] {
  const { t, f } = ctx;
  const L = f.levelLabel(ctx.level);
  const title = ctx.outcomeTitle(id, o.title);
  const WEEK_NOTE = t({
    en: 'Calendar week 1 is the first week of each cohort\'s entry window; the before cohort\'s weeks are a year (or its window) earlier than the during cohort\'s.',
    da: 'Kalenderuge 1 er den første uge i hver kohortes indgangsvindue; førkohortens uger ligger et år (eller dens vindue) før programkohortens.',
  });
  const xCal = t({ en: 'Calendar week since the start of the entry window', da: 'Kalenderuge siden starten af indgangsvinduet' });
  const out: Figure[] = [];
  const series: Series[] = CELLS.map((cell) => ({
    label: ctx.cell(cell.group, cell.cohort),
    color: cell.color,
    dash: cell.dash,
    points: o.cells.filter((c) => c.group === cell.group && c.cohort === cell.cohort).map((c) => ({ x: c.week, y: c.share })),
  }));
  out.push({
    outcome: id,
    kind: 'shares',
    file: `${id}-shares.svg`,
    svg: lineChart({
      title,
      subtitle: t({ en: 'Share by calendar week, four groups: participating vs comparison municipalities × before vs during cohort.', da: 'Andel pr. kalenderuge, fire grupper: deltager- mod sammenligningskommuner × før- mod programkohorte.' }),
      note: t({
        en: `Note: ${o.population === 'in-programme' ? 'Among cohort members still in the programme that week.' : 'Among all cohort members who have started, in the programme or not.'} ${WEEK_NOTE}`,
        da: `Note: ${o.population === 'in-programme' ? 'Blandt kohortens medlemmer, der stadig er i programmet den uge.' : 'Blandt alle kohortens medlemmer, der er startet, i programmet eller ej.'} ${WEEK_NOTE}`,
      }),
      xLabel: xCal,
      xTickStep: 13,
      yLabel: t({ en: 'Share (%)', da: 'Andel (pct.)' }),
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
      title: t({ en: `Effect on ${lowerFirst(title)}`, da: `Effekt på ${lowerFirst(title)}` }),
      subtitle: t({ en: 'Difference-in-differences by calendar week: (participants during − before) − (comparison during − before).', da: 'Forskel-i-forskelle pr. kalenderuge: (deltagere programperiode − før) − (sammenligning programperiode − før).' }),
      note: t({
        en: `Note: Dashed lines and band: ${ctx.ci}, standard errors clustered by municipality (CR1). Pooled over weeks ${o.pooled.weeks[0]}–${o.pooled.weeks[1]}: ${f.pp(o.pooled.estimate)}.`,
        da: `Note: Stiplede linjer og bånd: ${ctx.ci}, klyngerobuste standardfejl (CR1). Samlet over uge ${o.pooled.weeks[0]}–${o.pooled.weeks[1]}: ${f.pp(o.pooled.estimate)}.`,
      }),
      xLabel: xCal,
      xTickStep: 13,
      yLabel: t({ en: 'Effect (percentage points)', da: 'Effekt (procentpoint)' }),
      yFormat: 'pp',
      series: [{
        label: t({ en: 'Estimated effect', da: 'Estimeret effekt' }),
        color: PALETTE.black,
        points: o.weekly.map((w) => ({ x: w.week, y: w.estimate })),
        band: o.weekly.map((w) => ({ x: w.week, low: w.ci_low, high: w.ci_high })),
      }],
      referenceLines: [{ y: 0 }],
      bandLabel: ctx.lang === 'da' ? ctx.ci : `${L} confidence interval`,
      xDomain: eff.length ? [o.weekly[0].week, o.weekly[o.weekly.length - 1].week] : undefined,
    }),
  });
  if (o.municipalities.length > 0) {
    // Variation between municipalities: forest sorted by effect (raw and shrunken), placebo distribution, moderators.
    for (const v of variationFigures(variationView(id, o), ctx.lang, ctx.level)) {
      const kind = v.file.endsWith('-municipalities') ? 'municipalities' : v.file.endsWith('-placebo') ? 'placebo' : 'moderator';
      out.push({ outcome: id, kind, file: `${v.file}.svg`, svg: v.svg });
    }
  }
  return out;
}

function survivalFigure(id: string, o: SurvivalOutcomeResult, ctx: ReportContext): Figure {
  const { t, f } = ctx;
  const title = ctx.outcomeTitle(id, o.title);
  const ev = lowerFirst(ctx.stateTitle(o.event));
  const series: Series[] = CELLS.map((cell) => {
    const rows = o.km.filter((r) => r.group === cell.group && r.cohort === cell.cohort);
    return {
      label: ctx.cell(cell.group, cell.cohort),
      color: cell.color,
      dash: cell.dash,
      points: rows.map((r) => ({ x: r.week, y: r.survival })),
      // Intervals for the during cohorts only: four bands would hide the curves.
      band: cell.cohort === 'during' ? rows.map((r) => ({ x: r.week, low: r.ci_low, high: r.ci_high })) : undefined,
    };
  });
  const hr = o.cox.hr === null ? '' : t({
    en: ` Hazard ratio (participants × during): ${f.fixed(o.cox.hr)} (${ctx.ci} ${f.range(o.cox.ci_low, o.cox.ci_high)}).`,
    da: ` Hazardratio (deltagere × programperiode): ${f.fixed(o.cox.hr)} (${ctx.ci} ${f.range(o.cox.ci_low, o.cox.ci_high)}).`,
  });
  return {
    outcome: id,
    kind: 'survival',
    file: `${id}-survival.svg`,
    svg: stepChart({
      title,
      subtitle: t({ en: `Share not yet “${ev}” k weeks after programme entry (Kaplan–Meier).`, da: `Andel endnu ikke “${ev}” k uger efter start i programmet (Kaplan–Meier).` }),
      note: t({ en: `Note: Dashed bands: ${ctx.ci} (log-log) for the during cohorts.${hr}`, da: `Note: Stiplede bånd: ${ctx.ci} (log-log) for programkohorterne.${hr}` }),
      xLabel: t({ en: 'Weeks since programme entry', da: 'Uger siden start i programmet' }),
      xTickStep: 13,
      yLabel: t({ en: `Not yet “${ev}” (%)`, da: `Endnu ikke “${ev}” (pct.)` }),
      series,
      bandLabel: t({ en: `${ctx.ci} (during cohorts)`, da: `${ctx.ci} (programkohorter)` }),
    }),
  };
}

function statesFigure(r: Results, ctx: ReportContext): Figure | null {
  const { t } = ctx;
  const d = r.state_distribution;
  if (!d || d.cells.every((c) => c.weeks.length === 0)) return null;
  const order = [['treated', 'before'], ['treated', 'during'], ['comparison', 'before'], ['comparison', 'during']];
  const panels = order.map(([g, co]) => {
    const cell = d.cells.find((c) => c.group === g && c.cohort === co)!;
    return {
      title: ctx.cell(g, co),
      x: cell.weeks,
      states: d.states.map((label, s) => ({
        label: stateLabel(ctx, label),
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
    svg: stateChart({
      title: t({ en: 'Where cohort members are, by weeks since entry', da: 'Hvor kohortens medlemmer er, efter uger siden start' }),
      subtitle: t({ en: 'Share of each group in each state; a person-week counts once, in the first state that applies.', da: 'Andel af hver gruppe i hver tilstand; en personuge tæller én gang, i den første tilstand der gælder.' }),
      xLabel: t({ en: 'Weeks since programme entry', da: 'Uger siden start i programmet' }),
      yLabel: t({ en: 'Share (%)', da: 'Andel (pct.)' }),
      panels,
      note: t({ en: 'Note: Followed to the cohort\'s last week; later weeks hold fewer persons (later entrants are followed for a shorter time).', da: 'Note: Fulgt til kohortens sidste uge; senere uger omfatter færre personer (senere startende følges kortere tid).' }),
    }),
  };
}

const STATE_NAMES: Record<string, { en: string; da: string }> = {
  'In internship': { en: 'In internship', da: 'I praktik' },
  'In programme, other activity': { en: 'In programme, other activity', da: 'I programmet, anden aktivitet' },
  'Ordinary hours, not in programme': { en: 'Ordinary hours, not in programme', da: 'Ordinære timer, ikke i programmet' },
  'Other benefit': { en: 'Other benefit', da: 'Anden ydelse' },
  'No benefit, no hours': { en: 'No benefit, no hours', da: 'Ingen ydelse, ingen timer' },
  'Died or emigrated': { en: 'Died or emigrated', da: 'Død eller udvandret' },
};

/** A state of the state distribution in the report's language. */
function stateLabel(ctx: ReportContext, label: string): string {
  const known = STATE_NAMES[label];
  return known ? ctx.t(known) : label;
}

export function renderFigures(r: Results, ctx: ReportContext): Figure[] {
  const out: Figure[] = [];
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') out.push(...shareFigures(id, o, ctx));
    else out.push(survivalFigure(id, o, ctx));
  }
  const states = statesFigure(r, ctx);
  if (states) out.push(states);
  const speak = speakContext(ctx.lang, r.inference.level);
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) {
    out.push({ outcome: id, kind: 'event-study', file: eventStudyFigureFile(id), svg: eventStudyFigure(speak, es) });
  }
  return out;
}
