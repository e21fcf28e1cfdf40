/** The survival outcome's figure: Kaplan–Meier curves with a number-at-risk table. */

import type { Headline, SurvivalOutcomeResult } from '../../results/results.js';
import { headlineInterval } from '../common.js';
import { type Ctx, type Figure, lowerFirst, texts } from '../figure.js';
import { type RiskRow, type Series, stepChart } from '../svg/index.js';

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

export function survivalFigure(
  id: string,
  o: SurvivalOutcomeResult,
  ctx: Ctx,
  event: string,
  h: Headline,
): Figure {
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
  // The outcome's headline: the same hazard ratio, interval and p as the report's text and Table 1.
  const hr =
    h.estimate === null
      ? ''
      : ' ' +
        t({
          da:
            `Hazardratio (deltagere × programkohorte): ${ctx.f.fixed(h.estimate, 2)} ` +
            `(${headlineInterval(ctx.report, h, 'ratio')}).`,
          en:
            `Hazard ratio (participants × during): ${ctx.f.fixed(h.estimate, 2)} ` +
            `(${headlineInterval(ctx.report, h, 'ratio')}).`,
        });
  const note = `${t({ da: 'Note', en: 'Note' })}: ${t({
    da:
      `Bånd: ${ctx.L} log-log-konfidensintervaller for programkohorterne. ` +
      `Tabellen: personer i risiko ved ugens start.`,
    en:
      `Bands: ${ctx.L} log-log confidence intervals for the during cohorts. ` +
      `Table: persons at risk at the start of the week.`,
  })}${
    cut
      ? ` ${t({
          da: `Kurverne stopper, hvor under ${ctx.minPersons} personer er i risiko.`,
          en: `Curves stop where fewer than ${ctx.minPersons} persons are at risk.`,
        })}`
      : ''
  }${hr}`;
  // State titles often carry their preposition ("I virksomhedspraktik", "In company internship"):
  // "endnu ikke i virksomhedspraktik", never "endnu ikke i i …".
  const inState = /^(i|in) /i.test(event) ? event : `${t({ da: 'i', en: 'in' })} ${event}`;
  const subtitle = t({
    da: `Andel endnu ikke ${inState} k uger efter programstart (Kaplan–Meier).`,
    en: `Share not yet ${inState} k weeks after programme entry (Kaplan–Meier).`,
  });
  return {
    ...texts(id, 'survival', `${id}-survival`, title, note, `${title}: ${lowerFirst(subtitle)}`),
    svg: stepChart({
      title,
      subtitle,
      note,
      xLabel: t({ da: 'Uger siden programstart', en: 'Weeks since programme entry' }),
      xTickStep: 13,
      xDomain: weeks.length ? [Math.min(...weeks), maxWeek] : undefined,
      yLabel: t({ da: `Endnu ikke ${inState} (%)`, en: `Not yet ${inState} (%)` }),
      series,
      bandLabel: t({
        da: `${ctx.L} konfidensinterval (programkohorter)`,
        en: `${ctx.L} confidence interval (during cohorts)`,
      }),
      riskTable: { title: t({ da: 'Antal i risiko', en: 'Number at risk' }), rows: riskRows },
      bare: ctx.bare,
      lang: ctx.lang,
      desc: `${title}: ${lowerFirst(subtitle)}`,
    }),
  };
}
