/**
 * `effekt run SPEC.json [--out DIR]`: the main job.
 */

import path from 'node:path';
import chalk from 'chalk';
import { runEvaluation } from '../app/run.js';
import { reportContext } from '../report/context.js';
import type { Lang } from '../report/document.js';
import { terminalSummary } from '../report/summary/terminal.js';
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

/**
 * The summary printed after a run, in the report's language: the report's own summary section
 * (report/summary/terminal.ts) as plain lines, the title in bold.
 */
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
  const ctx = reportContext(spec ?? null, lang, r.inference.level, r.suppression.min_cell);
  const where = path.relative(process.cwd(), outDir) || '.';
  const [title, ...rest] = terminalSummary(r, ctx, { outDir: where, files, ms, written });
  return `${[chalk.bold(title), ...rest].join('\n')}\n`;
}
