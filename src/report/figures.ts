/**
 * The report's figures, from Results: for each share outcome the four cells
 * by calendar week (seed figures 1, 3, 4, top), the weekly effect with its
 * interval and the pooling window (bottom), the effect by weeks since entry,
 * and per-municipality effects; for each survival outcome the Kaplan–Meier
 * curves with a number-at-risk table (seed figure 2); and the state
 * distribution by weeks since entry.
 *
 * Made to print: the four cells differ by marker (participants ●, comparison
 * ■) and line type (during solid, before dashed) as well as colour; weeks
 * where a cell holds fewer than `minPersons` persons are left out (hatched)
 * and do not set the axis; calendar axes carry ISO weeks. Every text is in
 * the report's language; `bare` leaves out title and note for documents
 * that caption figures themselves (the texts are returned beside the SVG).
 */

import { isoWeekOfSerial } from '../calendar/isoweek.js';
import type { ShareCell } from '../outcomes/shares.js';
import type {
  Results,
  ShareOutcomeResult,
  SurvivalOutcomeResult,
  WeeklyEffect,
} from '../results/results.js';
import { type Lang, say, type Words } from './document.js';
import { eventStudyFigure, eventStudyFigureFile, speakContext } from './eventstudy.js';
import {
  lineChart,
  type MarkerShape,
  PALETTE,
  type RiskRow,
  type Series,
  stateChart,
  stepChart,
  type XWindow,
} from './svg/index.js';
import { variationFigures, variationView } from './variation.js';

export interface Figure {
  outcome: string;
  kind:
    | 'shares'
    | 'effect'
    | 'effect-since-entry'
    | 'municipalities'
    | 'placebo'
    | 'moderator'
    | 'survival'
    | 'states'
    | 'event-study';
  /** File name inside figures/ ("internship-effect.svg"); the PNG is `png` beside it. */
  file: string;
  png: string;
  svg: string;
  /** The figure's title, note and a short description, in the report's language (captions for bare figures). */
  title: string;
  note: string;
  alt: string;
}

/** The default of `FigureOptions.minPersons`. */
export const MIN_PERSONS_DEFAULT = 100;

export interface FigureOptions {
  lang?: Lang;
  /** No title, subtitle or note inside the figures. */
  bare?: boolean;
  /**
   * A week is shown in the share and effect figures only when each of the four
   * cells holds at least this many persons that week (default 100): the first
   * weeks of an entry window hold a few entrants, and their noisy estimates
   * must not set the axis.
   */
  minPersons?: number;
  /** ISO week serials (calendar/isoweek `weekSerial`) of calendar week 1 of each cohort: ISO weeks on calendar axes. */
  calendar?: { during: number; before: number } | null;
  /** Names of the groups and cohorts (e.g. from the spec's report.labels). */
  labels?: { treated?: string; comparison?: string; before?: string; during?: string };
  /** Outcome titles in the report's language, by outcome id (default: results.json's). */
  outcomeTitles?: Record<string, string>;
  /** State labels of the state distribution in the report's language, in results order. */
  stateLabels?: string[];
  /** The event of each survival outcome in words ("internship"), by outcome id. */
  events?: Record<string, string>;
}

interface Ctx {
  lang: Lang;
  /** Confidence level (the spec's inference.level). */
  level: number;
  bare: boolean;
  minPersons: number;
  calendar: { during: number; before: number } | null;
  t: (w: Words) => string;
  /** "95 %" / "95 pct." */
  L: string;
  cells: CellStyle[];
  titleOf: (id: string, fallback: string) => string;
}

interface CellStyle {
  group: 'treated' | 'comparison';
  cohort: 'before' | 'during';
  label: string;
  color: string;
  dash: boolean;
  marker: MarkerShape;
}

/** Participants ● vs comparison ■ (marker), during solid/filled vs before dashed/open (line and marker): apart in greyscale too. */
function cellStyles(lang: Lang, labels: FigureOptions['labels'] = {}): CellStyle[] {
  const g = {
    treated: labels.treated ?? say(lang, { da: 'Deltagere', en: 'Participants' }),
    comparison: labels.comparison ?? say(lang, { da: 'Sammenligning', en: 'Comparison' }),
  };
  const k = {
    during: labels.during ?? say(lang, { da: 'under', en: 'during' }),
    before: labels.before ?? say(lang, { da: 'før', en: 'before' }),
  };
  const mk = (
    group: CellStyle['group'],
    cohort: CellStyle['cohort'],
    color: string,
    shape: 'circle' | 'square',
  ): CellStyle => ({
    group,
    cohort,
    label: `${g[group]}, ${k[cohort]}`,
    color,
    dash: cohort === 'before',
    marker: cohort === 'before' ? `${shape}-open` : shape,
  });
  return [
    mk('treated', 'during', PALETTE.vermillion, 'circle'),
    mk('treated', 'before', PALETTE.vermillion, 'circle'),
    mk('comparison', 'during', PALETTE.blue, 'square'),
    mk('comparison', 'before', PALETTE.blue, 'square'),
  ];
}

/** A number with the language's decimal mark and a true minus. */
function num(v: number, digits: number, lang: Lang, signed = false): string {
  const r = Number(v.toFixed(digits));
  const s = Math.abs(r).toFixed(digits);
  const sign = r < 0 ? '\u2212' : signed && r > 0 ? '+' : '';
  return sign + (lang === 'da' ? s.replace('.', ',') : s);
}

/** "+0.8 pp" / "+0,8 pct.-point"; "–" for no estimate. */
function ppText(v: number | null, lang: Lang): string {
  if (v === null || !Number.isFinite(v)) return '–';
  return `${num(v * 100, 1, lang, true)} ${lang === 'da' ? 'pct.-point' : 'pp'}`;
}

/** 2017-W43 for ISO week serial `serial`. */
export function isoWeekLabel(serial: number): string {
  const w = isoWeekOfSerial(serial);
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

/**
 * Weeks (of `cells`) in which some cell has fewer than `min` persons, or a
 * hidden count: they are left out of a figure. A week missing from a cell
 * counts as empty.
 */
export function thinWeeks(cells: readonly ShareCell[], min: number): Set<number> {
  const weeks = [...new Set(cells.map((c) => c.week))];
  const byKey = new Map(cells.map((c) => [`${c.group}.${c.cohort}.${c.week}`, c]));
  const out = new Set<number>();
  for (const w of weeks) {
    for (const g of ['treated', 'comparison']) {
      for (const k of ['before', 'during']) {
        const cell = byKey.get(`${g}.${k}.${w}`);
        if (!cell || cell.n === null || cell.n < min) out.add(w);
      }
    }
  }
  return out;
}

/** Maximal runs of consecutive whole numbers, as [first, last]. */
export function weekRuns(weeks: Iterable<number>): [number, number][] {
  const sorted = [...weeks].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && w === last[1] + 1) last[1] = w;
    else out.push([w, w]);
  }
  return out;
}

/** "weeks 1–4" / "uge 1–4"; several runs joined. */
function weeksText(runs: [number, number][], lang: Lang): string {
  const parts = runs.map(([a, b]) => (a === b ? `${a}` : `${a}\u2013${b}`));
  const word = say(lang, {
    da: runs.length === 1 && runs[0][0] === runs[0][1] ? 'uge' : 'uge',
    en: runs.length === 1 && runs[0][0] === runs[0][1] ? 'week' : 'weeks',
  });
  return `${word} ${parts.join(', ')}`;
}

/** Hatched windows over the weeks left out, half a week wider on each side so a lone week shows. */
function thinWindows(thin: Set<number>, ctx: Ctx): XWindow[] {
  return weekRuns(thin).map(([a, b], i) => ({
    from: a - 0.5,
    to: b + 0.5,
    style: 'hatched',
    label:
      i === 0
        ? ctx.t({
            da: `Under ${ctx.minPersons} personer i en celle: udeladt`,
            en: `Fewer than ${ctx.minPersons} persons in a cell: left out`,
          })
        : undefined,
  }));
}

function thinNote(thin: Set<number>, ctx: Ctx): string {
  if (thin.size === 0) return '';
  return (
    ' ' +
    ctx.t({
      da: `Uger med under ${ctx.minPersons} personer i en af de fire celler er udeladt (${weeksText(weekRuns(thin), 'da')}).`,
      en: `Weeks with fewer than ${ctx.minPersons} persons in one of the four cells are left out (${weeksText(weekRuns(thin), 'en')}).`,
    })
  );
}

/** Secondary tick labels with the during cohort's ISO week, and a sentence on the before cohort's. */
function calendarAxis(ctx: Ctx): { secondary?: (t: number) => string; note: string } {
  const cal = ctx.calendar;
  if (!cal)
    return {
      note: ctx.t({
        da: 'Kalenderuge 1 er første uge i hver kohortes indgangsvindue.',
        en: "Calendar week 1 is the first week of each cohort's entry window.",
      }),
    };
  const d1 = isoWeekLabel(cal.during);
  const b1 = isoWeekLabel(cal.before);
  const shift = cal.during - cal.before;
  return {
    secondary: (t) => isoWeekLabel(cal.during + t - 1),
    note: ctx.t({
      da: `Kalenderuge 1 er første uge i hver kohortes indgangsvindue; ISO-ugerne under aksen er under-kohortens (uge 1 = ${d1}); før-kohortens uger ligger ${shift} uger tidligere (uge 1 = ${b1}).`,
      en: `Calendar week 1 is the first week of each cohort's entry window; the ISO weeks under the axis are the during cohort's (week 1 = ${d1}); the before cohort's are ${shift} weeks earlier (week 1 = ${b1}).`,
    }),
  };
}

/** Calendar weeks 1, 14, 27, …: the first week of each quarter of the entry window (ISO W01, W14, W27, W40 for a January start). */
export function quarterTicks(domain: [number, number] | undefined): number[] | undefined {
  if (!domain) return undefined;
  const out: number[] = [];
  for (let w = 1 + 13 * Math.ceil((domain[0] - 1) / 13); w <= domain[1]; w += 13) out.push(w);
  return out;
}

/** The first capture of `re` in an SVG, as text (XML entities undone); "" when absent. */
function svgText(svg: string, re: RegExp): string {
  const m = re.exec(svg);
  return m ? unescapeXml(m[1]) : '';
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function shareFigures(id: string, o: ShareOutcomeResult, ctx: Ctx): Figure[] {
  const out: Figure[] = [];
  const { t } = ctx;
  const title = ctx.titleOf(id, o.title);
  const cal = calendarAxis(ctx);
  const thin = thinWeeks(o.cells, ctx.minPersons);
  const calendarX = t({
    da: 'Kalenderuge fra indgangsvinduets start',
    en: 'Calendar week since the start of the entry window',
  });
  const allWeeks = o.cells.map((c) => c.week);
  const xDomain: [number, number] | undefined = allWeeks.length
    ? [Math.min(...allWeeks), Math.max(...allWeeks)]
    : undefined;

  // Shares: the four cells; thin weeks out of lines and axis.
  const series: Series[] = ctx.cells.map((cell) => ({
    label: cell.label,
    color: cell.color,
    dash: cell.dash,
    marker: cell.marker,
    points: o.cells
      .filter((c) => c.group === cell.group && c.cohort === cell.cohort)
      .map((c) => ({ x: c.week, y: thin.has(c.week) ? null : c.share })),
  }));
  const shown = o.cells.filter((c) => !thin.has(c.week)).map((c) => c.share ?? 0);
  const population =
    o.population === 'in-programme'
      ? t({
          da: 'Blandt kohortens medlemmer, der stadig er i forløbet den uge.',
          en: 'Among cohort members still in the programme that week.',
        })
      : t({
          da: 'Blandt alle kohortens medlemmer, der er startet, i forløbet eller ej.',
          en: 'Among all cohort members who have started, in the programme or not.',
        });
  const sharesNote = `${t({ da: 'Note', en: 'Note' })}: ${population} ${cal.note}${thinNote(thin, ctx)}`;
  const sharesSubtitle = t({
    da: 'Andel pr. kalenderuge i fire celler: deltager- mod sammenligningskommuner × før- mod under-kohorte.',
    en: 'Share by calendar week, four cells: participating vs comparison municipalities × before vs during cohort.',
  });
  out.push({
    ...texts(
      id,
      'shares',
      `${id}-shares`,
      title,
      sharesNote,
      `${title}: ${lowerFirst(sharesSubtitle)}`,
    ),
    svg: lineChart({
      title,
      subtitle: sharesSubtitle,
      note: sharesNote,
      xLabel: calendarX,
      xTicks: quarterTicks(xDomain),
      xTickSecondary: cal.secondary,
      yLabel: t({ da: 'Andel (%)', en: 'Share (%)' }),
      yFormat: 'percent',
      series,
      windows: thinWindows(thin, ctx),
      xDomain,
      yDomain: [0, Math.max(0.05, ...shown)],
      bare: ctx.bare,
      lang: ctx.lang,
      desc: `${title}: ${lowerFirst(sharesSubtitle)}`,
    }),
  });

  // Effect by calendar week, the pooling window marked.
  const effectTitle = t({
    da: `Effekt på ${lowerFirst(title)}`,
    en: `Effect on ${lowerFirst(title)}`,
  });
  const p = o.pooled;
  const pooledSentence = t({
    da: `Samlet effekt over uge ${p.weeks[0]}\u2013${p.weeks[1]} (tonet felt, vandret streg): ${ppText(p.estimate, 'da')}.`,
    en: `Pooled over weeks ${p.weeks[0]}\u2013${p.weeks[1]} (shaded, horizontal bar): ${ppText(p.estimate, 'en')}.`,
  });
  const ciSentence = t({
    da: `Bånd: ${ctx.L} konfidensinterval, standardfejl klynget på kommune (CR1).`,
    en: `Band: ${ctx.L} confidence interval, standard errors clustered by municipality (CR1).`,
  });
  const effectNote = `${t({ da: 'Note', en: 'Note' })}: ${ciSentence} ${pooledSentence}${thinNote(thin, ctx)} ${cal.note}`;
  const effectSubtitle = t({
    da: 'Forskel-i-forskelle pr. kalenderuge: (deltagere under − før) − (sammenligning under − før).',
    en: 'Difference-in-differences by calendar week: (participants during − before) − (comparison during − before).',
  });
  out.push({
    ...texts(
      id,
      'effect',
      `${id}-effect`,
      effectTitle,
      effectNote,
      `${effectTitle}: ${lowerFirst(effectSubtitle)}`,
    ),
    svg: effectChart(o.weekly, thin, ctx, {
      title: effectTitle,
      subtitle: effectSubtitle,
      note: effectNote,
      xLabel: calendarX,
      secondary: cal.secondary,
      xDomain,
      windows: [
        ...thinWindows(thin, ctx),
        {
          from: p.weeks[0],
          to: p.weeks[1],
          style: 'window',
          label: t({
            da: `Vindue for samlet effekt, uge ${p.weeks[0]}\u2013${p.weeks[1]}`,
            en: `Pooling window, weeks ${p.weeks[0]}\u2013${p.weeks[1]}`,
          }),
          value: p.estimate,
          valueLabel: t({
            da: `Samlet effekt: ${ppText(p.estimate, 'da')}`,
            en: `Pooled effect: ${ppText(p.estimate, 'en')}`,
          }),
        },
      ],
    }),
  });

  // Effect by weeks since entry: its own figure.
  if (o.weekly_since_entry.length > 0) {
    const thinE = thinWeeks(o.cells_since_entry, ctx.minPersons);
    const eTitle = t({
      da: `Effekt på ${lowerFirst(title)}, efter uger siden start`,
      en: `Effect on ${lowerFirst(title)}, by weeks since entry`,
    });
    const eSubtitle = t({
      da: 'Forskel-i-forskelle pr. uge siden forløbsstart (uge 0 = startugen).',
      en: 'Difference-in-differences by week since programme entry (week 0 = the entry week).',
    });
    const eNote = `${t({ da: 'Note', en: 'Note' })}: ${ciSentence} ${population}${thinNote(thinE, ctx)} ${t({ da: 'Senere uger rummer færre personer (sene starter følges kortere tid).', en: 'Later weeks hold fewer persons (later entrants are followed for a shorter time).' })}`;
    const ws = o.weekly_since_entry.map((w) => w.week);
    out.push({
      ...texts(
        id,
        'effect-since-entry',
        `${id}-effect-since-entry`,
        eTitle,
        eNote,
        `${eTitle}: ${lowerFirst(eSubtitle)}`,
      ),
      svg: effectChart(o.weekly_since_entry, thinE, ctx, {
        title: eTitle,
        subtitle: eSubtitle,
        note: eNote,
        xLabel: t({ da: 'Uger siden forløbsstart', en: 'Weeks since programme entry' }),
        xDomain: [Math.min(...ws), Math.max(...ws)],
        windows: thinWindows(thinE, ctx),
      }),
    });
  }

  if (o.municipalities.length > 0) {
    // Variation between municipalities (report/variation.ts): forest sorted by effect (raw and shrunken), placebo distribution, moderators.
    for (const f of variationFigures(variationView(id, o), ctx.lang, ctx.level, ctx.bare)) {
      const kind = f.file.endsWith('-municipalities')
        ? 'municipalities'
        : f.file.endsWith('-placebo')
          ? 'placebo'
          : 'moderator';
      const title = svgText(f.svg, /<title[^>]*>([^<]*)<\/title>/);
      const note = [...f.svg.matchAll(/<text class="note"[^>]*>([^<]*)<\/text>/g)]
        .map((m) => unescapeXml(m[1]))
        .join(' ');
      out.push({
        ...texts(
          id,
          kind,
          f.file,
          title,
          note,
          svgText(f.svg, /<desc[^>]*>([^<]*)<\/desc>/) || title,
        ),
        svg: f.svg,
      });
    }
  }
  return out;
}

/** The weekly effect with its band; thin weeks left out (they do not set the axis). */
function effectChart(
  weekly: readonly WeeklyEffect[],
  thin: Set<number>,
  ctx: Ctx,
  s: {
    title: string;
    subtitle: string;
    note: string;
    xLabel: string;
    secondary?: (t: number) => string;
    xDomain?: [number, number];
    windows: XWindow[];
  },
): string {
  const { t } = ctx;
  const shown = weekly.filter((w) => !thin.has(w.week));
  return lineChart({
    title: s.title,
    subtitle: s.subtitle,
    note: s.note,
    xLabel: s.xLabel,
    ...(s.secondary ? { xTicks: quarterTicks(s.xDomain) } : { xTickStep: 13 }),
    xTickSecondary: s.secondary,
    yLabel: t({ da: 'Effekt (procentpoint)', en: 'Effect (percentage points)' }),
    yFormat: 'pp',
    series: [
      {
        label: t({ da: 'Estimeret effekt', en: 'Estimated effect' }),
        color: PALETTE.black,
        points: shown.map((w) => ({ x: w.week, y: w.estimate })),
        band: shown.map((w) => ({ x: w.week, low: w.ci_low, high: w.ci_high })),
      },
    ],
    referenceLines: [{ y: 0 }],
    bandLabel: t({ da: `${ctx.L} konfidensinterval`, en: `${ctx.L} confidence interval` }),
    windows: s.windows,
    xDomain:
      s.xDomain ?? (weekly.length ? [weekly[0].week, weekly[weekly.length - 1].week] : undefined),
    bare: ctx.bare,
    lang: ctx.lang,
    desc: `${s.title}: ${lowerFirst(s.subtitle)}`,
  });
}

/**
 * Persons at risk at the start of week `week` in one cell: the KM row's own
 * count when the table has that week, else the count of the next listed week
 * (no one leaves the risk set between listed weeks), else null.
 */
export function atRiskAt(
  rows: readonly { week: number; at_risk: number | null }[],
  week: number,
): number | null {
  const next = rows.filter((r) => r.week >= week).sort((a, b) => a.week - b.week)[0];
  return next ? next.at_risk : null;
}

function survivalFigure(id: string, o: SurvivalOutcomeResult, ctx: Ctx, event: string): Figure {
  const { t } = ctx;
  const title = ctx.titleOf(id, o.title);
  const series: Series[] = ctx.cells.map((cell) => {
    // The curve stops where fewer than minPersons are at risk (its tail rests on a handful).
    const rows = o.km.filter(
      (r) =>
        r.group === cell.group &&
        r.cohort === cell.cohort &&
        (r.at_risk === null || r.at_risk >= ctx.minPersons),
    );
    return {
      label: cell.label,
      color: cell.color,
      dash: cell.dash,
      marker: cell.marker,
      points: rows.map((r) => ({ x: r.week, y: r.survival })),
      // Intervals for the during cohorts only: four bands would hide the curves.
      band:
        cell.cohort === 'during'
          ? rows.map((r) => ({ x: r.week, low: r.ci_low, high: r.ci_high }))
          : undefined,
    };
  });
  const cut = o.km.some((r) => r.at_risk !== null && r.at_risk < ctx.minPersons);
  const weeks = o.km.map((r) => r.week);
  const maxWeek = weeks.length ? Math.max(...weeks) : 0;
  const riskRows: RiskRow[] = ctx.cells.map((cell) => {
    const rows = o.km.filter((r) => r.group === cell.group && r.cohort === cell.cohort);
    const counts: { x: number; n: number | null }[] = [];
    for (let w = 0; w <= maxWeek; w++) counts.push({ x: w, n: atRiskAt(rows, w) });
    return { label: cell.label, color: cell.color, marker: cell.marker, counts };
  });
  const hr =
    o.cox.hr === null
      ? ''
      : ' ' +
        t({
          da: `Hazard ratio (deltagere × under): ${num(o.cox.hr, 2, 'da')} (${ctx.L} KI ${o.cox.ci_low === null ? '–' : num(o.cox.ci_low, 2, 'da')}\u2013${o.cox.ci_high === null ? '–' : num(o.cox.ci_high, 2, 'da')}).`,
          en: `Hazard ratio (participants × during): ${num(o.cox.hr, 2, 'en')} (${ctx.L} CI ${o.cox.ci_low === null ? '–' : num(o.cox.ci_low, 2, 'en')}\u2013${o.cox.ci_high === null ? '–' : num(o.cox.ci_high, 2, 'en')}).`,
        });
  const note = `${t({ da: 'Note', en: 'Note' })}: ${t({ da: `Bånd: ${ctx.L} log-log-konfidensintervaller for under-kohorterne. Tabellen: personer i risiko ved ugens start.`, en: `Bands: ${ctx.L} log-log confidence intervals for the during cohorts. Table: persons at risk at the start of the week.` })}${cut ? ` ${t({ da: `Kurverne stopper, hvor under ${ctx.minPersons} personer er i risiko.`, en: `Curves stop where fewer than ${ctx.minPersons} persons are at risk.` })}` : ''}${hr}`;
  const subtitle = t({
    da: `Andel endnu ikke i ${event} k uger efter forløbsstart (Kaplan–Meier).`,
    en: `Share not yet in ${event} k weeks after programme entry (Kaplan–Meier).`,
  });
  return {
    ...texts(id, 'survival', `${id}-survival`, title, note, `${title}: ${lowerFirst(subtitle)}`),
    svg: stepChart({
      title,
      subtitle,
      note,
      xLabel: t({ da: 'Uger siden forløbsstart', en: 'Weeks since programme entry' }),
      xTickStep: 13,
      xDomain: weeks.length ? [Math.min(...weeks), maxWeek] : undefined,
      yLabel: t({ da: `Endnu ikke i ${event} (%)`, en: `Not yet in ${event} (%)` }),
      series,
      bandLabel: t({
        da: `${ctx.L} konfidensinterval (under-kohorter)`,
        en: `${ctx.L} confidence interval (during cohorts)`,
      }),
      riskTable: { title: t({ da: 'Antal i risiko', en: 'Number at risk' }), rows: riskRows },
      bare: ctx.bare,
      lang: ctx.lang,
      desc: `${title}: ${lowerFirst(subtitle)}`,
    }),
  };
}

function statesFigure(r: Results, ctx: Ctx, stateLabels?: string[]): Figure | null {
  const d = r.state_distribution;
  if (!d || d.cells.every((c) => c.weeks.length === 0)) return null;
  const { t } = ctx;
  const order = [
    ['treated', 'before'],
    ['treated', 'during'],
    ['comparison', 'before'],
    ['comparison', 'during'],
  ];
  let cut = false;
  const panels = order.map(([g, co]) => {
    const cell = d.cells.find((c) => c.group === g && c.cohort === co)!;
    const totals = cell.counts.map((row) =>
      row.some((v) => v === null) ? null : (row as number[]).reduce((a, b) => a + b, 0),
    );
    if (totals.some((tot) => tot !== null && tot > 0 && tot < ctx.minPersons)) cut = true;
    return {
      title: ctx.cells.find((s) => s.group === g && s.cohort === co)!.label,
      x: cell.weeks,
      states: d.states.map((label, s) => ({
        label: stateLabels?.[s] ?? label,
        // A week whose cell holds fewer than minPersons persons is left out (a gap): its shares jump about.
        share: cell.counts.map((row, i) => {
          const tot = totals[i];
          return tot !== null && tot > 0 && tot >= ctx.minPersons ? (row[s] as number) / tot : null;
        }),
      })),
    };
  });
  const title = t({
    da: 'Hvor kohortens medlemmer er, efter uger siden start',
    en: 'Where cohort members are, by weeks since entry',
  });
  const subtitle = t({
    da: 'Andel af hver celle i hver tilstand; en personuge tælles én gang, i den første tilstand, der gælder.',
    en: 'Share of each cell in each state; a person-week counts once, in the first state that applies.',
  });
  const cutNote = cut
    ? ' ' +
      t({
        da: `Uger med under ${ctx.minPersons} personer i cellen er udeladt.`,
        en: `Weeks with fewer than ${ctx.minPersons} persons in the cell are left out.`,
      })
    : '';
  const note = `${t({ da: 'Note', en: 'Note' })}: ${t({ da: 'Fulgt til kohortens sidste uge; senere uger rummer færre personer (sene starter følges kortere tid).', en: "Followed to the cohort's last week; later weeks hold fewer persons (later entrants are followed for a shorter time)." })}${cutNote}`;
  return {
    ...texts('_states', 'states', 'state-distribution', title, note, `${title}. ${subtitle}`),
    svg: stateChart({
      title,
      subtitle,
      xLabel: t({ da: 'Uger siden forløbsstart', en: 'Weeks since programme entry' }),
      yLabel: t({ da: 'Andel (%)', en: 'Share (%)' }),
      panels,
      note,
      bare: ctx.bare,
      lang: ctx.lang,
      desc: `${title}. ${subtitle}`,
    }),
  };
}

function texts(
  outcome: string,
  kind: Figure['kind'],
  base: string,
  title: string,
  note: string,
  alt: string,
): Omit<Figure, 'svg'> {
  return { outcome, kind, file: `${base}.svg`, png: `${base}.png`, title, note, alt };
}

/** "95 %" (en) or "95 pct." (da) for a confidence level. */
function levelText(level: number, lang: Lang): string {
  const v = Number((level * 100).toFixed(4));
  const s = lang === 'da' ? String(v).replace('.', ',') : String(v);
  return lang === 'da' ? `${s} pct.` : `${s} %`;
}

export function renderFigures(r: Results, opts: FigureOptions = {}): Figure[] {
  const lang = opts.lang ?? 'en';
  const ctx: Ctx = {
    lang,
    level: r.inference.level,
    bare: opts.bare ?? false,
    minPersons: opts.minPersons ?? MIN_PERSONS_DEFAULT,
    calendar: opts.calendar ?? null,
    t: (w) => say(lang, w),
    L: levelText(r.inference.level, lang),
    cells: cellStyles(lang, opts.labels),
    titleOf: (id, fallback) => opts.outcomeTitles?.[id] ?? fallback,
  };
  const out: Figure[] = [];
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') out.push(...shareFigures(id, o, ctx));
    else out.push(survivalFigure(id, o, ctx, opts.events?.[id] ?? o.event));
  }
  const states = statesFigure(r, ctx, opts.stateLabels);
  if (states) out.push(states);
  // Event study (report/eventstudy.ts): title, note and alt read back from its SVG.
  const speak = speakContext(lang, r.inference.level);
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) {
    const svg = eventStudyFigure(speak, es, ctx.bare);
    const file = eventStudyFigureFile(id);
    const title = svgText(svg, /<title[^>]*>([^<]*)<\/title>/);
    const note = [...svg.matchAll(/<text class="note"[^>]*>([^<]*)<\/text>/g)]
      .map((m) => unescapeXml(m[1]))
      .join(' ');
    out.push({
      outcome: id,
      kind: 'event-study',
      file,
      png: file.replace(/\.svg$/, '.png'),
      svg,
      title,
      note,
      alt: svgText(svg, /<desc[^>]*>([^<]*)<\/desc>/) || title,
    });
  }
  return out;
}
