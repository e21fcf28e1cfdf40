/**
 * The share outcome's figures: the four cells by calendar week, the weekly
 * effect with its band and pooling window, the effect by weeks since entry.
 */

import type { ShareCell } from '../../outcomes/shares.js';
import type { Headline, ShareOutcomeResult, WeeklyEffect } from '../../results/results.js';
import { headlineInterval } from '../common.js';
import type { Lang } from '../document.js';
import { say } from '../document.js';
import {
  type Ctx,
  type Figure,
  isoWeekLabel,
  lowerFirst,
  svgText,
  texts,
  unescapeXml,
} from '../figure.js';
import { lineChart, PALETTE, type Series, type XWindow } from '../svg/index.js';
import { variationFigures, variationView } from '../variation/section.js';

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
      da:
        `Uger med under ${ctx.minPersons} personer i en af de fire celler ` +
        `er udeladt (${weeksText(weekRuns(thin), 'da')}).`,
      en:
        `Weeks with fewer than ${ctx.minPersons} persons in one of the ` +
        `four cells are left out (${weeksText(weekRuns(thin), 'en')}).`,
    })
  );
}

/**
 * Secondary tick labels with the during cohort's ISO week, and a sentence on the before cohort's.
 */
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
      da:
        `Kalenderuge 1 er første uge i hver kohortes indgangsvindue; ` +
        `ISO-ugerne under aksen er programkohortens (uge 1 = ${d1}); ` +
        `førkohortens uger ligger ${shift} uger tidligere (uge 1 = ${b1}).`,
      en:
        `Calendar week 1 is the first week of each cohort's entry window; ` +
        `the ISO weeks under the axis are the during cohort's (week 1 ` +
        `= ${d1}); the before cohort's are ${shift} weeks earlier (week ` +
        `1 = ${b1}).`,
    }),
  };
}

/**
 * Calendar weeks 1, 14, 27, …: the first week of each quarter of the entry window (ISO W01, W14,
 * W27, W40 for a January start).
 */
export function quarterTicks(domain: [number, number] | undefined): number[] | undefined {
  if (!domain) return undefined;
  const out: number[] = [];
  for (let w = 1 + 13 * Math.ceil((domain[0] - 1) / 13); w <= domain[1]; w += 13) out.push(w);
  return out;
}

export function shareFigures(id: string, o: ShareOutcomeResult, ctx: Ctx, h: Headline): Figure[] {
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
          da: 'Blandt kohortens medlemmer, der stadig er i programmet den uge.',
          en: 'Among cohort members still in the programme that week.',
        })
      : t({
          da: 'Blandt alle kohortens medlemmer, der er startet, i programmet eller ej.',
          en: 'Among all cohort members who have started, in the programme or not.',
        });
  const noteWord = t({ da: 'Note', en: 'Note' });
  const sharesNote = `${noteWord}: ${population} ${cal.note}${thinNote(thin, ctx)}`;
  const sharesSubtitle = t({
    da:
      'Andel pr. kalenderuge i fire celler: deltager- mod ' +
      'sammenligningskommuner × førkohorte mod programkohorte.',
    en:
      'Share by calendar week, four cells: participating vs comparison ' +
      'municipalities × before vs during cohort.',
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
    da:
      `Kohorteeffekt over uge ${p.weeks[0]}\u2013${p.weeks[1]} (tonet ` +
      `felt, vandret streg): ${ctx.f.pp(h.estimate)} (${headlineInterval(ctx.report, h, 'pp')}).`,
    en:
      `Cohort effect over weeks ${p.weeks[0]}\u2013${p.weeks[1]} (shaded, ` +
      `horizontal bar): ${ctx.f.pp(h.estimate)} (${headlineInterval(ctx.report, h, 'pp')}).`,
  });
  const ciSentence = t({
    da: `Bånd: ${ctx.L} konfidensinterval, standardfejl klynget på kommune (CR1).`,
    en: `Band: ${ctx.L} confidence interval, standard errors clustered by municipality (CR1).`,
  });
  const effectNote =
    `${t({ da: 'Note', en: 'Note' })}: ${ciSentence} ${pooledSentence}${thinNote(thin, ctx)} ` +
    `${cal.note}`;
  const effectSubtitle = t({
    da:
      'Forskel-i-forskelle pr. kalenderuge: (deltagere, program − før) − ' +
      '(sammenligning, program − før).',
    en:
      'Difference-in-differences by calendar week: (participants during − ' +
      'before) − (comparison during − before).',
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
            da: `Vindue for kohorteeffekten, uge ${p.weeks[0]}\u2013${p.weeks[1]}`,
            en: `Cohort-effect window, weeks ${p.weeks[0]}\u2013${p.weeks[1]}`,
          }),
          value: h.estimate,
          valueLabel: t({
            da: `Kohorteeffekt: ${ctx.f.pp(h.estimate)}`,
            en: `Cohort effect: ${ctx.f.pp(h.estimate)}`,
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
      da: 'Forskel-i-forskelle pr. uge siden programstart (uge 0 = startugen).',
      en: 'Difference-in-differences by week since programme entry (week 0 = the entry week).',
    });
    const eNote =
      `${t({ da: 'Note', en: 'Note' })}: ${ciSentence} ${population}${thinNote(thinE, ctx)} ` +
      `${t({
        da: 'Senere uger rummer færre personer (sene starter følges kortere tid).',
        en: 'Later weeks hold fewer persons (later entrants are followed for a shorter time).',
      })}`;
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
        xLabel: t({ da: 'Uger siden programstart', en: 'Weeks since programme entry' }),
        xDomain: [Math.min(...ws), Math.max(...ws)],
        windows: thinWindows(thinE, ctx),
      }),
    });
  }

  if (o.municipalities.length > 0) {
    // Variation between municipalities (report/variation/): forest sorted by effect (raw and
    // shrunken), placebo distribution, moderators.
    for (const f of variationFigures(variationView(id, o), ctx.report, ctx.bare)) {
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
    yLabel: t({ da: 'Effekt (pct.-point)', en: 'Effect (pp)' }),
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
