/** Warnings of the run, said in the report's language from their code and values. */

import type { ResultWarning } from '../results/results.js';
import type { ReportContext } from './context.js';

const list = (v: string | number | string[] | undefined): string =>
  Array.isArray(v) ? v.join(', ') : String(v ?? '');

/** A warning in the report's language; an unknown code keeps the pipeline's English message. */
export function warningText(ctx: ReportContext, w: ResultWarning): string {
  if (ctx.lang === 'en') return w.message;
  const v = w.values;
  switch (w.code) {
    case 'treated-without-members':
      return `deltagerkommune(r) ${list(v.municipalities)} har ingen kohortemedlemmer i udtrækket`;
    case 'no-starts':
      return (
        'ingen person startede i programmet i nogen af indgangsvinduerne: der ' +
        'er intet at estimere'
      );
    case 'empty-cell':
      return (
        `gruppen ${ctx.cell(String(v.group), String(v.cohort))} har ingen ` +
        `medlemmer: ingen effekt kan estimeres`
      );
    case 'code-not-in-extract':
      return (
        `${list(v.where)}: koden “${list(v.code)}” forekommer ikke i ` +
        `udtrækkets uger ${list(v.range)}`
      );
    case 'week-columns-missing':
      return (
        `${ctx.f.count(Number(v.weeks))} uge(r) inden for udtrækkets ` +
        `periode har ingen kolonne og læses som “ingen ydelse”`
      );
    case 'no-hours-columns': {
      const id = list(v.outcome);
      return (
        `udfaldet “${ctx.outcomeTitle(id, id)}” måler timer, men udtrækket ` +
        `har ingen timekolonner: hver uge tæller som 0 timer`
      );
    }
    case 'survey-file-not-read':
      return v.block === 'progression'
        ? 'spørgeskemafilen om progression blev ikke læst til denne evaluering: ' +
            'ingen resultater for progression'
        : 'spørgeskemafilen om fidelitet blev ikke læst til denne evaluering: ' +
            'ingen resultater for fidelitet';
    case 'before-cohort-overlaps-programme': {
      const what = [
        v.pooled_from !== undefined
          ? `dens puljede uger ${list(v.pooled_from)}–${list(v.pooled_to)}`
          : null,
        v.followed_to !== undefined ? `dens opfølgning til ${list(v.followed_to)}` : null,
      ]
        .filter((x) => x !== null)
        .join(' og ');
      return (
        `førkohorten overlapper programmet: ${what} ligger i eller efter ` +
        `programmets første uge ${list(v.programme_start)}; ` +
        ('hvis programmet nåede førkohortens deltagere, mens de stadig var i ' +
          'gang, er effekten undervurderet. ') +
        `Alternativ uden overlap: sæt \`cohorts.before.until\` til ${list(v.clean_until)}` +
        (v.clean_pooled_last !== undefined
          ? ` og lad \`pooled.weeks\` slutte i uge ${list(v.clean_pooled_last)} eller før`
          : '') +
        ('; eller tilføj en tidligere kohorte som `cohorts.placebo`, hvis ' +
          'forskel mod førkohorten bør være 0')
      );
    }
    default:
      return `en advarsel fra kørslen (${w.code}; teksten står i results.json)`;
  }
}
