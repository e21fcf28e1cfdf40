/** The state distribution by weeks since entry, one panel per cell. */

import type { Results } from '../../results/results.js';
import { REPORT_CELLS } from '../context.js';
import { type Lang, say, type Words } from '../document.js';
import { type Ctx, type Figure, texts } from '../figure.js';
import { stateChart } from './chart.js';

/**
 * The states of results.json's state distribution (outcomes/states.ts, in
 * English there) in the report's language, in results order; the internship
 * state under the spec's title for it.
 */
export function stateNames(states: readonly string[], lang: Lang, internship: string): string[] {
  const words: Record<string, Words> = {
    'In internship': { en: internship, da: internship },
    'In programme, other activity': {
      en: 'In programme, other activity',
      da: 'I programmet, anden aktivitet',
    },
    'Ordinary hours, not in programme': {
      en: 'Ordinary hours, not in programme',
      da: 'Ordinære løntimer, ikke i programmet',
    },
    'Other benefit': { en: 'Other benefit', da: 'Anden ydelse' },
    'No benefit, no hours': { en: 'No benefit, no hours', da: 'Ingen ydelse, ingen timer' },
    'Died or emigrated': { en: 'Died or emigrated', da: 'Død eller udvandret' },
  };
  return states.map((s) => (words[s] ? say(lang, words[s]) : s));
}

export function statesFigure(r: Results, ctx: Ctx): Figure | null {
  const d = r.state_distribution;
  if (!d || d.cells.every((c) => c.weeks.length === 0)) return null;
  const { t } = ctx;
  let cut = false;
  const names = stateNames(d.states, ctx.lang, ctx.report.stateTitle('internship'));
  const panels = REPORT_CELLS.map(({ group: g, cohort: co }) => {
    const cell = d.cells.find((c) => c.group === g && c.cohort === co)!;
    const totals = cell.counts.map((row) =>
      row.some((v) => v === null) ? null : (row as number[]).reduce((a, b) => a + b, 0),
    );
    if (totals.some((tot) => tot !== null && tot > 0 && tot < ctx.minPersons)) cut = true;
    return {
      title: ctx.cells.find((s) => s.group === g && s.cohort === co)!.label,
      x: cell.weeks,
      states: d.states.map((label, s) => ({
        label: names[s] ?? label,
        // A week whose cell holds fewer than minPersons persons is left out (a gap): its shares
        // jump about.
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
    da:
      'Andel af hver celle i hver tilstand; en personuge tælles én gang, i ' +
      'den første tilstand, der gælder.',
    en:
      'Share of each cell in each state; a person-week counts once, in the ' +
      'first state that applies.',
  });
  const cutNote = cut
    ? ' ' +
      t({
        da: `Uger med under ${ctx.minPersons} personer i cellen er udeladt.`,
        en: `Weeks with fewer than ${ctx.minPersons} persons in the cell are left out.`,
      })
    : '';
  const note = `${t({ da: 'Note', en: 'Note' })}: ${t({
    da:
      'Fulgt til kohortens sidste uge; ' +
      'senere uger rummer færre personer (sene starter følges kortere tid).',
    en:
      "Followed to the cohort's last week; later weeks hold fewer persons " +
      '(later entrants are followed for a shorter time).',
  })}${cutNote}`;
  return {
    ...texts('_states', 'states', 'state-distribution', title, note, `${title}. ${subtitle}`),
    svg: stateChart({
      title,
      subtitle,
      xLabel: t({ da: 'Uger siden programstart', en: 'Weeks since programme entry' }),
      yLabel: t({ da: 'Andel (%)', en: 'Share (%)' }),
      panels,
      note,
      bare: ctx.bare,
      lang: ctx.lang,
      desc: `${title}. ${subtitle}`,
    }),
  };
}
