/** Warnings of the run, said in the report's language. */

import type { ResultWarning } from '../results/results.js';
import type { ReportContext } from './context.js';

/** Warnings from the pipeline (English in results.json), said in the report's language. */
export function warningText(ctx: ReportContext, warning: string | ResultWarning): string {
  // Coded warnings carry their message in the report's language already.
  if (typeof warning !== 'string') return warning.message;
  const w = warning;
  if (ctx.lang === 'en') return w;
  let m = /^treated municipalit(?:y|ies) (.+) ha(?:s|ve) no cohort members in the extract$/.exec(w);
  if (m) return `deltagerkommune(r) ${m[1]} har ingen kohortemedlemmer i udtrækket`;
  if (/^no person started the programme in either entry window/.test(w))
    return 'ingen person startede i programmet i nogen af indgangsvinduerne: der er intet at estimere';
  m = /^the cell (\w+)·(\w+) has no members/.exec(w);
  if (m) return `gruppen ${ctx.cell(m[1], m[2])} har ingen medlemmer: ingen effekt kan estimeres`;
  m = /^(.+): code "(\w+)" does not occur in the extract's weeks (.+)$/.exec(w);
  if (m) return `${m[1]}: koden “${m[2]}” forekommer ikke i udtrækkets uger ${m[3]}`;
  m = /^(\d+) weeks? inside the extract's range have no column/.exec(w);
  if (m)
    return `${m[1]} uge(r) inden for udtrækkets periode har ingen kolonne og læses som “ingen ydelse”`;
  m = /^outcome "(.+)" measures hours, but the extract has no hours columns/.exec(w);
  if (m)
    return `udfaldet “${ctx.outcomeTitle(m[1], m[1])}” måler timer, men udtrækket har ingen timekolonner: hver uge tæller som 0 timer`;
  m =
    /^the before cohort overlaps the programme: (.+) fall on or after the programme's first week (\S+); .*Clean alternative: set cohorts\.before\.until to (\S+)(?: and pooled\.weeks to end at week (\d+) or earlier)?; or add an earlier cohort as cohorts\.placebo, .*$/.exec(
      w,
    );
  if (m) {
    const what = m[1]
      .replace(/its pooled weeks (\S+)–(\S+)/, 'dens puljede uger $1–$2')
      .replace(/its follow-up to (\S+)/, 'dens opfølgning til $1')
      .replace(' and ', ' og ');
    return (
      `førkohorten overlapper programmet: ${what} ligger i eller efter programmets første uge ${m[2]}; ` +
      'hvis programmet nåede førkohortens deltagere, mens de stadig var i gang, er effekten undervurderet. ' +
      `Alternativ uden overlap: sæt \`cohorts.before.until\` til ${m[3]}` +
      (m[4] ? ` og lad \`pooled.weeks\` slutte i uge ${m[4]} eller før` : '') +
      '; eller tilføj en tidligere kohorte som `cohorts.placebo`, hvis forskel mod førkohorten bør være 0'
    );
  }
  return 'en advarsel fra kørslen (teksten står i results.json)';
}
