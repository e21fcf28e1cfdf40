/**
 * `effekt run SPEC.json [--out DIR]`: the main job.
 */
import path from 'node:path';
import chalk from 'chalk';
import { loadSpec } from '../spec/spec.js';
import { runEvaluation } from '../app/run.js';
import { count, pp, percent, pValue, fixed, levelLabel, significant } from '../report/format.js';
import type { Results } from '../pipeline/results.js';
import { progressBar } from './progress.js';

export interface RunOptions {
  out?: string;
  minCell: number;
  bootstrap?: number;
  quiet?: boolean;
  /** --bare-figures: no title and note inside the figures. */
  bareFigures?: boolean;
  /** --figure-min-persons N: weeks with a smaller cell are left out of share and effect figures. */
  figureMinPersons?: number;
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
  const figures = { bare: opts.bareFigures ?? false, ...(opts.figureMinPersons !== undefined ? { minPersons: opts.figureMinPersons } : {}) };
  let run;
  try {
    run = await runEvaluation(spec, { out: outDir, minCell: opts.minCell, bootstrap: opts.bootstrap, strict: opts.strict, figures, onRead: (d, t) => bar.update(d, t), onStage, onBootstrap });
  } finally {
    if (reading) bar.stop();
  }
  if (show) process.stdout.write(summary(run.results, outDir, run.files.length, Date.now() - started));
  return 0;
}

/** The short coloured summary printed after a run. */
export function summary(r: Results, outDir: string, files: number, ms: number): string {
  const lines: string[] = [];
  const d = r.data;
  const L = levelLabel(r.inference.level);
  lines.push(chalk.bold(`${r.spec.title}`));
  const excluded = Object.entries(d.excluded).filter(([, n]) => n > 0).map(([k, n]) => `${count(n)} ${k}`).join(', ');
  lines.push(`Persons: ${count(d.persons_read)} read, ${count(d.persons_in_cohorts)} in a cohort${excluded ? `, excluded: ${excluded}` : ''}`);
  lines.push(`Cells:   ${d.cells.map((c) => `${c.group}·${c.cohort} ${count(c.persons)}`).join(', ')}`);
  lines.push('');
  for (const [id, o] of Object.entries(r.outcomes)) {
    if (o.type === 'share') {
      const e = o.pooled;
      const sig = significant(e.p, r.inference.level);
      const boot = e.bootstrap && e.bootstrap.p !== null ? `, bootstrap ${pValue(e.bootstrap.p)}` : '';
      const text = e.estimate === null ? chalk.yellow(e.problem ?? 'not estimable') : `${(sig ? chalk.green : chalk.white)(pp(e.estimate))} (${L} CI ${pp(e.ci_low)} to ${pp(e.ci_high)}, ${pValue(e.p)}${boot})`;
      lines.push(`${chalk.bold(id.padEnd(22))} effect weeks ${e.weeks[0]}–${e.weeks[1]}: ${text}`);
      const h = o.heterogeneity;
      const raw = o.municipalities.flatMap((m) => (m.flag === null && m.estimate !== null ? [m.estimate] : []));
      if (h && raw.length) lines.push(`${''.padEnd(22)} municipalities ${pp(Math.min(...raw))} to ${pp(Math.max(...raw))} (shrunken ${pp(h.shrunk_min)} to ${pp(h.shrunk_max)}); Q ${fixed(h.q, 1)} on ${h.df} df, ${pValue(h.p)}, I² ${percent(h.i2, 0)}`);
    } else {
      const c = o.cox;
      const text = c.hr === null ? chalk.yellow(c.problem ?? 'not estimable') : `HR ${fixed(c.hr, 2)} (${L} CI ${fixed(c.ci_low, 2)} to ${fixed(c.ci_high, 2)}, ${pValue(c.p)})${o.duration_change === null ? '' : `; time to event ${percent(Math.abs(o.duration_change), 0)} ${o.duration_change >= 0 ? 'shorter' : 'longer'}`}`;
      lines.push(`${chalk.bold(id.padEnd(22))} ${text}`);
    }
  }
  if (r.warnings.length) {
    lines.push('');
    for (const w of r.warnings) lines.push(chalk.yellow(`warning: ${w}`));
  }
  lines.push('');
  lines.push(`Report: ${chalk.cyan(path.join(path.relative(process.cwd(), outDir) || '.', 'report.md'))} (${files} files, ${(ms / 1000).toFixed(1)} s)`);
  return `${lines.join('\n')}\n`;
}
