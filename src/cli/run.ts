/**
 * `effekt run SPEC.json [--out DIR]`: the main job.
 */
import { FEW_TREATED, pooledVerdict, rejectedPreTests } from '../report/headline.js';
import path from 'node:path';
import chalk from 'chalk';
import { loadSpec } from '../spec/spec.js';
import { runEvaluation } from '../app/run.js';
import { count, pp, percent, pValue, fixed, levelLabel } from '../report/format.js';
import type { Results } from '../pipeline/results.js';
import { progressBar } from './progress.js';
import { alpha } from '../estimators/normal.js';

export interface RunOptions {
  out?: string;
  minCell: number;
  bootstrap?: number;
  quiet?: boolean;
  force?: boolean;
  strict?: boolean;
}

export async function runCommand(specFile: string, opts: RunOptions): Promise<number> {
  const started = Date.now();
  const show = !opts.quiet;
  // Progress on the terminal: a line per finished stage (stderr, terminals only).
  const stageLines = show && process.stderr.isTTY;
  const spec = loadSpec(specFile);
  const outDir = path.resolve(opts.out ?? path.join('reports', spec.name));

  const bar = progressBar('Reading extract', 1, 'bytes', show);
  let reading = true;
  const onStage = (name: string, ms: number) => {
    if (name === 'read' && reading) {
      bar.stop();
      reading = false;
    }
    if (stageLines && name !== 'read' && name !== 'report') process.stderr.write(chalk.dim(`  ${name.padEnd(32)} ${(Math.round(ms) / 1000).toFixed(1)} s\n`));
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
  let run;
  try {
    run = await runEvaluation(spec, { out: outDir, createParents: opts.out === undefined, force: opts.force, minCell: opts.minCell, bootstrap: opts.bootstrap, strict: opts.strict, onRead: (d, t) => bar.update(d, t), onStage, onBootstrap });
  } finally {
    if (reading) bar.stop();
  }
  if (show) process.stdout.write(summary(run.results, outDir, run.files.length, Date.now() - started));
  return 0;
}

/** Two summary lines for the survey side: significant questions, traffic lights, answers left out. */
export function surveyLines(r: Results): string[] {
  const s = r.survey;
  if (!s) return [];
  const out: string[] = [''];
  const left = (f: { excluded: Record<string, number> } | undefined) => {
    const parts = f ? Object.entries(f.excluded).filter(([, n]) => n > 0).map(([k, n]) => `${count(n)} ${k}`) : [];
    return parts.length ? chalk.yellow(` (left out: ${parts.join(', ')})`) : '';
  };
  if (s.progression) {
    const sig = s.progression.filter((p) => p.significant === true).length;
    out.push(`${chalk.bold('progression'.padEnd(22))} ${sig} of ${s.progression.length} questions changed significantly (Holm, p < ${fixed(alpha(r.inference.level), 2)})${left(s.files.progression)}`);
  }
  if (s.fidelity) {
    const n = (c: string) => s.fidelity!.filter((f) => f.colour === c).length;
    out.push(`${chalk.bold('fidelity'.padEnd(22))} ${s.fidelity.length} elements: ${chalk.green(`${n('green')} green ▲`)}, ${chalk.yellow(`${n('yellow')} yellow ■`)}, ${chalk.red(`${n('red')} red ▼`)}${left(s.files.fidelity)}`);
  }
  return out;
}

/** The short coloured summary printed after a run. */
export function summary(r: Results, outDir: string, files: number, ms: number): string {
  const lines: string[] = [];
  const notes: string[] = [];
  const d = r.data;
  const L = levelLabel(r.inference.level);
  lines.push(chalk.bold(`${r.spec.title}`));
  // Counts hidden by --min-cell are null: printed as "–", never as a number.
  const excluded = Object.entries(d.excluded).filter(([, n]) => n === null || n > 0).map(([k, n]) => `${count(n)} ${k}`).join(', ');
  lines.push(`Persons: ${count(d.persons_read)} read, ${count(d.persons_in_cohorts)} in a cohort${excluded ? `, excluded: ${excluded}` : ''}`);
  lines.push(`Cells:   ${d.cells.map((c) => `${c.group}·${c.cohort} ${count(c.persons)}`).join(', ')}`);
  lines.push('');
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') {
      const e = o.pooled;
      const v = pooledVerdict(e, d.municipalities.treated, r.inference.level);
      const boot = e.bootstrap && e.bootstrap.p !== null ? `bootstrap ${pValue(e.bootstrap.p)}` : '';
      const cr1 = `${L} CI ${pp(e.ci_low)} to ${pp(e.ci_high)}, ${pValue(e.p)}`;
      const stats = v.leader === 'bootstrap' ? `${boot}; CR1 ${cr1}` : `${cr1}${boot ? `, ${boot}` : ''}`;
      const text = e.estimate === null ? chalk.yellow(e.problem ?? 'not estimable') : `${(v.significant ? chalk.green : chalk.white)(pp(e.estimate))} (${stats})`;
      lines.push(`${chalk.bold(id.padEnd(22))} effect weeks ${e.weeks[0]}–${e.weeks[1]}: ${text}`);
      if (v.reason === 'few-treated') notes.push(`${id}: ${d.municipalities.treated} participating municipalities (< ${FEW_TREATED}): the wild bootstrap p-value leads, not the clustered SE`);
      if (v.reason === 'disagree') notes.push(`${id}: the clustered SE and the wild bootstrap disagree on significance; the bootstrap leads (${boot})`);
      const h = o.heterogeneity;
      const raw = o.municipalities.flatMap((m) => (m.flag === null && m.estimate !== null ? [m.estimate] : []));
      if (h && raw.length) lines.push(`${''.padEnd(22)} municipalities ${pp(Math.min(...raw))} to ${pp(Math.max(...raw))} (shrunken ${pp(h.shrunk_min)} to ${pp(h.shrunk_max)}); Q ${fixed(h.q, 1)} on ${h.df} df, ${pValue(h.p)}, I² ${percent(h.i2, 0)}`);
    } else {
      const c = o.cox;
      const robust = c.robust_ci_low !== null && c.robust_ci_high !== null;
      const text = c.hr === null
        ? chalk.yellow(c.problem ?? 'not estimable')
        : `HR ${fixed(c.hr, 2)} (${L} CI ${fixed(robust ? c.robust_ci_low : c.ci_low, 2)} to ${fixed(robust ? c.robust_ci_high : c.ci_high, 2)}, ${pValue(robust ? c.robust_p : c.p)}${robust ? ', clustered by municipality' : ', model-based'})${o.duration_change === null ? '' : `; 1 − 1/HR = ${percent(o.duration_change, 0)} under a constant hazard`}`;
      lines.push(`${chalk.bold(id.padEnd(22))} ${text}`);
    }
  }
  if (r.survey) lines.push(...surveyLines(r));
  for (const [id, es] of Object.entries(r.eventStudy ?? {})) {
    const o = es.overall;
    const pt = es.pretest;
    const pre = pt.p === null ? `pre-test: ${pt.problem ?? 'none'}` : `pre-test F(${pt.df}, ${pt.df_resid}) ${pValue(pt.p)}`;
    lines.push(`${chalk.bold(`${id} event study`.padEnd(22))} overall ${o.estimate === null ? chalk.yellow(o.problem ?? 'not estimable') : `${pp(o.estimate)} (${L} CI ${pp(o.ci_low)} to ${pp(o.ci_high)})`}; ${pre}`);
  }
  const rejected = rejectedPreTests(r);
  if (rejected.length > 0) notes.push(chalk.red(`the event-study pre-test rejects parallel trends (${rejected.join(', ')}): no effect in this run can be read as caused by the programme`));
  else if (r.eventStudy === null) notes.push('parallel trends not tested: add an eventStudy block to the spec');
  if (notes.length) {
    lines.push('');
    for (const n of notes) lines.push(chalk.yellow(`note: ${n}`));
  }
  if (r.warnings.length) {
    lines.push('');
    for (const w of r.warnings) lines.push(chalk.yellow(`warning: ${w}`));
  }
  lines.push('');
  lines.push(`Report: ${chalk.cyan(path.join(path.relative(process.cwd(), outDir) || '.', 'report.md'))} (${files} files, ${(ms / 1000).toFixed(1)} s)`);
  return `${lines.join('\n')}\n`;
}
