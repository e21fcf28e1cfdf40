/**
 * `effekt run SPEC.json [--out DIR]`: the main job.
 */

import path from 'node:path';
import chalk from 'chalk';
import { runEvaluation } from '../app/run.js';
import { alpha } from '../estimators/normal.js';
import { reportContext } from '../report/context.js';
import { type Lang, say } from '../report/document.js';
import { numberFormat } from '../report/format.js';
import { fewClusters, pooledVerdict, rejectedPreTests } from '../report/headline.js';
import { hiddenWords, isHidden } from '../report/hidden.js';
import { warningText } from '../report/report.js';
import { phRejected } from '../report/survival/words.js';
import type { Results } from '../results/results.js';
import type { ReportFormat, Spec } from '../spec/spec.js';
import { loadSpec } from '../spec/spec.js';
import { progressBar } from './progress.js';

export interface RunOptions {
  out?: string;
  minCell: number;
  bootstrap?: number;
  quiet?: boolean;
  lang?: Lang;
  force?: boolean;
  /** --bare-figures: no title and note inside the figures. */
  bareFigures?: boolean;
  /** --figure-min-persons N: weeks with a smaller cell are left out of share and effect figures. */
  figureMinPersons?: number;
  strict?: boolean;
  /** --formats md,csv: the report files to write (default: the spec's report.formats). */
  formats?: ReportFormat[];
}

export async function runCommand(specFile: string, opts: RunOptions): Promise<number> {
  const started = Date.now();
  const show = !opts.quiet;
  // Progress on the terminal: a line per finished stage (stderr, terminals only).
  const stageLines = show && process.stderr.isTTY;
  const spec = loadSpec(specFile);
  const outDir = path.resolve(opts.out ?? path.join('reports', spec.name));
  const lang: Lang = opts.lang ?? spec.report.language;

  const bar = progressBar('Reading extract', 1, 'bytes', show);
  let reading = true;
  const onStage = (name: string, ms: number) => {
    if (name === 'read' && reading) {
      bar.stop();
      reading = false;
    }
    if (stageLines && name !== 'read' && name !== 'report')
      process.stderr.write(
        chalk.dim(`  ${name.padEnd(32)} ${(Math.round(ms) / 1000).toFixed(1)} s\n`),
      );
  };

  // One bootstrap bar per pooled effect, created when the bootstrap starts.
  let bootBar: ReturnType<typeof progressBar> | null = null;
  const onBootstrap = (d: number, t: number) => {
    bootBar ??= progressBar('Bootstrapping', t, 'count', show);
    bootBar.update(d, t);
    if (d >= t) {
      bootBar.stop();
      bootBar = null;
    }
  };
  const figures = {
    bare: opts.bareFigures ?? false,
    ...(opts.figureMinPersons !== undefined ? { minPersons: opts.figureMinPersons } : {}),
  };
  let run: Awaited<ReturnType<typeof runEvaluation>>;
  try {
    run = await runEvaluation(spec, {
      out: outDir,
      lang,
      createParents: opts.out === undefined,
      force: opts.force,
      minCell: opts.minCell,
      bootstrap: opts.bootstrap,
      strict: opts.strict,
      figures,
      formats: opts.formats,
      onRead: (d, t) => bar.update(d, t),
      onStage,
      onBootstrap,
    });
  } finally {
    if (reading) bar.stop();
  }
  if (show)
    process.stdout.write(
      summary(run.results, outDir, run.files.length, Date.now() - started, spec, lang, run.files),
    );
  return 0;
}

/** Two summary lines for the survey side: significant questions, traffic lights, answers left out. */
export function surveyLines(r: Results, lang: Lang = 'en'): string[] {
  const s = r.survey;
  if (!s) return [];
  const f = numberFormat(lang);
  const t = (w: { en: string; da: string }) => say(lang, w);
  const out: string[] = [''];
  const left = (file: { excluded: Record<string, number> } | undefined) => {
    const parts = file
      ? Object.entries(file.excluded)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${f.count(n)} ${k}`)
      : [];
    return parts.length
      ? chalk.yellow(` (${t({ en: 'left out', da: 'udeladt' })}: ${parts.join(', ')})`)
      : '';
  };
  if (s.progression) {
    const sig = s.progression.filter((p) => p.significant === true).length;
    const a = f.fixed(alpha(r.inference.level), 2);
    out.push(
      `${chalk.bold(t({ en: 'progression', da: 'progression' }).padEnd(22))} ${t({
        en: `${sig} of ${s.progression.length} questions changed significantly (Holm, p < ${a})`,
        da: `${sig} ud af ${s.progression.length} spørgsmål ændrede sig signifikant (Holm, p < ${a})`,
      })}${left(s.files.progression)}`,
    );
  }
  if (s.fidelity) {
    const n = (c: string) => s.fidelity!.filter((x) => x.colour === c).length;
    out.push(
      `${chalk.bold(t({ en: 'fidelity', da: 'fidelitet' }).padEnd(22))} ${t({ en: `${s.fidelity.length} elements`, da: `${s.fidelity.length} elementer` })}: ${chalk.green(`${t({ en: 'green', da: 'grøn' })} ${n('green')} ▲`)}, ${chalk.yellow(`${t({ en: 'yellow', da: 'gul' })} ${n('yellow')} ■`)}, ${chalk.red(`${t({ en: 'red', da: 'rød' })} ${n('red')} ▼`)}${left(s.files.fidelity)}`,
    );
  }
  return out;
}

/** The short coloured summary printed after a run, in the report's language. */
export function summary(
  r: Results,
  outDir: string,
  files: number,
  ms: number,
  spec?: Spec,
  lang: Lang = 'en',
  /** The files written (relative to outDir): the report files named are those among them. */
  written?: readonly string[],
): string {
  const f = numberFormat(lang);
  const t = (w: { en: string; da: string }) => say(lang, w);
  const ctx = spec ? reportContext(spec, lang, r.inference.level, r.suppression.min_cell) : null;
  const cellName = (g: string, c: string) => (ctx ? ctx.cell(g, c) : `${g}·${c}`);
  const lines: string[] = [];
  const notes: string[] = [];
  const d = r.data;
  const ci = f.ciLabel(r.inference.level);
  lines.push(chalk.bold(ctx ? ctx.title : r.spec.title));
  const excluded = Object.entries(d.excluded)
    .filter(([, n]) => n === null || n > 0)
    .map(([k, n]) => `${f.count(n)} ${k}`)
    .join(', ');
  lines.push(
    t({
      en: `Persons: ${f.count(d.persons_read)} read, ${f.count(d.persons_in_cohorts)} in a cohort${excluded ? `, excluded: ${excluded}` : ''}`,
      da: `Personer: ${f.count(d.persons_read)} indlæst, ${f.count(d.persons_in_cohorts)} i en kohorte${excluded ? `, udeladt: ${f.count(d.persons_read - d.persons_in_cohorts)}` : ''}`,
    }),
  );
  lines.push(
    `${t({ en: 'Groups:', da: 'Grupper:' })}  ${d.cells.map((c) => `${cellName(c.group, c.cohort)} ${f.count(c.persons)}`).join('; ')}`,
  );
  lines.push('');
  for (const [id, o] of Object.entries(r.outcomes)) {
    const name = ctx ? ctx.outcomeTitle(id, o.title) : id;
    if (o.type === 'share') {
      const e = o.pooled;
      // The inference the diagnostics trust leads (report/headline): the bootstrap with few municipalities or on disagreement.
      const v = pooledVerdict(o);
      const hl = v.headline;
      const boot =
        e.bootstrap && e.bootstrap.p !== null ? `bootstrap ${f.pValue(e.bootstrap.p)}` : '';
      // CR1 as the headline states it (t with G − 1 df) when it leads.
      const c = hl.inference === 'cr1-t' ? hl : e;
      const cr1 = `${ci} ${f.ppRange(c.ci_low, c.ci_high)} ${f.ppUnit}, ${f.pValue(c.p)}`;
      const stats =
        v.leader === 'bootstrap' ? `${boot}; CR1 ${cr1}` : `${cr1}${boot ? `, ${boot}` : ''}`;
      const text =
        e.estimate === null
          ? chalk.yellow(
              isHidden(e.problem)
                ? hiddenWords(e.problem, lang, r.suppression.min_cell)
                : t({ en: e.problem ?? 'not estimable', da: 'kunne ikke estimeres' }),
            )
          : `${(v.significant ? chalk.green : chalk.white)(f.pp(e.estimate))} (${stats})`;
      const few = fewClusters(hl);
      if (hl.verdict === 'not-testable' && few) {
        notes.push(
          t({
            en: `${name}: the participating municipalities count as ${f.fixed(few.value, 1)} by size (< ${few.floor}): not testable, no interval or p-value keeps its confidence`,
            da: `${name}: deltagerkommunerne svarer efter størrelse til ${f.fixed(few.value, 1)} (< ${few.floor}): kan ikke testes, intet interval eller p-værdi holder sin sikkerhed`,
          }),
        );
      }
      lines.push(
        `${chalk.bold(name)}\n  ${t({ en: `effect, weeks ${e.weeks[0]}–${e.weeks[1]}`, da: `effekt, uge ${e.weeks[0]}–${e.weeks[1]}` })}: ${text}`,
      );
      const h = o.heterogeneity;
      const raw = o.municipalities.flatMap((m) =>
        m.flag === null && m.estimate !== null ? [m.estimate] : [],
      );
      if (h && raw.length) {
        lines.push(
          `  ${t({
            en: `municipalities ${f.pp(Math.min(...raw))} to ${f.pp(Math.max(...raw))} (shrunken ${f.pp(h.shrunk_min)} to ${f.pp(h.shrunk_max)}); Q ${f.fixed(h.q, 1)} on ${h.df} df, ${f.pValue(h.p)}, I² ${f.percent(h.i2)}`,
            da: `kommuner ${f.pp(Math.min(...raw))} til ${f.pp(Math.max(...raw))} (krympet ${f.pp(h.shrunk_min)} til ${f.pp(h.shrunk_max)}); Q ${f.fixed(h.q, 1)} med ${h.df} frihedsgrader, ${f.pValue(h.p)}, I² ${f.percent(h.i2)}`,
          })}`,
        );
      }
    } else {
      const c = o.cox;
      // 1 − 1/HR is a change in duration only under proportional hazards.
      const change =
        o.duration_change === null || phRejected(o, r.inference.level)
          ? ''
          : t({
              en: `; time to event ${f.percent(Math.abs(o.duration_change))} ${o.duration_change >= 0 ? 'shorter' : 'longer'}`,
              da: `; tid til hændelsen ${f.percent(Math.abs(o.duration_change))} ${o.duration_change >= 0 ? 'kortere' : 'længere'}`,
            });
      const text =
        c.hr === null
          ? chalk.yellow(
              isHidden(c.problem)
                ? hiddenWords(c.problem, lang, r.suppression.min_cell)
                : t({ en: c.problem ?? 'not estimable', da: 'kunne ikke estimeres' }),
            )
          : `${t({ en: 'hazard ratio', da: 'hazardratio' })} ${f.fixed(c.hr)} (${ci} ${f.range(c.ci_low, c.ci_high)}, ${f.pValue(c.p)})${change}`;
      const rm = o.rmst_did?.find((x) => x.horizon === 104 && x.estimate !== null);
      const rmText = rm
        ? t({
            en: `; restricted mean to week 104 ${f.signed(rm.estimate!, 1, true)} weeks (${ci} ${f.range(rm.ci_low, rm.ci_high, 1)}, ${f.pValue(rm.p)})`,
            da: `; begrænset middelværdi til uge 104 ${f.signed(rm.estimate!, 1, true)} uger (${ci} ${f.range(rm.ci_low, rm.ci_high, 1)}, ${f.pValue(rm.p)})`,
          })
        : '';
      lines.push(`${chalk.bold(name)}\n  ${text}${c.hr === null ? '' : rmText}`);
    }
  }
  if (r.survey) lines.push(...surveyLines(r, lang));
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) {
    const o = es.overall;
    const pt = es.pretest;
    const name = ctx ? ctx.outcomeTitle(id, id) : id;
    const pre =
      pt.p === null
        ? isHidden(pt.problem)
          ? `${t({ en: 'pre-test', da: 'førtest' })}: ${hiddenWords(pt.problem, lang, r.suppression.min_cell)}`
          : t({ en: `pre-test: ${pt.problem ?? 'none'}`, da: 'førtest: kunne ikke beregnes' })
        : t({
            en: `pre-test bootstrap ${f.pValue(pt.p)} (F(${pt.df}, ${pt.df_resid}) ${f.pValue(pt.p_f ?? null)})`,
            da: `førtest bootstrap ${f.pValue(pt.p)} (F(${pt.df}, ${pt.df_resid}) ${f.pValue(pt.p_f ?? null)})`,
          });
    const overall =
      o.estimate === null
        ? chalk.yellow(
            isHidden(o.problem)
              ? hiddenWords(o.problem, lang, r.suppression.min_cell)
              : t({ en: o.problem ?? 'not estimable', da: 'kunne ikke estimeres' }),
          )
        : `${f.pp(o.estimate)} (${ci} ${f.ppRange(o.ci_low, o.ci_high)} ${f.ppUnit})`;
    const sens = es.sensitivity;
    const breakdown =
      sens && sens.mbar !== null
        ? t({
            en: `; breakdown M̄ ${f.fixed(sens.mbar, 2)}, bias80 ${f.pp(sens.bias80, 1, false)}`,
            da: `; nedbrud M̄ ${f.fixed(sens.mbar, 2)}, bias80 ${f.pp(sens.bias80, 1, false)}`,
          })
        : '';
    lines.push(
      `${chalk.bold(t({ en: `${name}, event study`, da: `${name}, eventstudie` }))}\n  ${t({ en: 'overall', da: 'samlet' })} ${overall}; ${pre}${breakdown}`,
    );
  }
  const rejected = rejectedPreTests(r);
  if (rejected.length > 0) {
    notes.push(
      chalk.red(
        t({
          en: `the event-study pre-test rejects parallel trends (${rejected.join(', ')}): no effect in this run can be read as caused by the programme`,
          da: `eventstudiets førtest afviser parallelle trends (${rejected.join(', ')}): ingen effekt i denne kørsel kan læses som forårsaget af programmet`,
        }),
      ),
    );
  } else if (r.eventStudy === null) {
    notes.push(
      t({
        en: 'parallel trends not tested: add an eventStudy block to the spec',
        da: 'parallelle trends er ikke testet: tilføj en eventStudy-blok i specifikationen',
      }),
    );
  }
  if (notes.length) {
    lines.push('');
    for (const n of notes) lines.push(chalk.yellow(`${t({ en: 'note', da: 'bemærk' })}: ${n}`));
  }
  if (r.warnings.length) {
    lines.push('');
    for (const w of r.warnings)
      lines.push(
        chalk.yellow(`${t({ en: 'warning', da: 'advarsel' })}: ${ctx ? warningText(ctx, w) : w}`),
      );
  }
  lines.push('');
  const where = path.relative(process.cwd(), outDir) || '.';
  const shown = ['report.md', 'report.html', 'report.docx'].filter(
    (x) => written === undefined || written.includes(x),
  );
  if (shown.length === 0) shown.push('results.json');
  lines.push(
    `${t({ en: 'Report', da: 'Rapport' })}: ${shown.map((x) => chalk.cyan(path.join(where, x))).join(', ')} (${f.count(files)} ${t({ en: 'files', da: 'filer' })}, ${f.fixed(ms / 1000, 1)} s)`,
  );
  return `${lines.join('\n')}\n`;
}
