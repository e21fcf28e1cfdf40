/**
 * `effekt inspect EXTRACT.csv`: what is in an extract.
 */
import chalk from 'chalk';
import { type DisclosedInspection, discloseInspection } from '../disclosure/index.js';
import type { Encoding } from '../read/encoding.js';
import { readExtract } from '../read/index.js';
import { inspectExtract } from '../read/inspect.js';
import { bytes, count, percent } from '../report/format.js';
import { problemWords } from '../report/hidden.js';
import { progressBar } from './progress.js';

export interface InspectOptions {
  id: string;
  municipality: string;
  persons?: string;
  encoding: Encoding;
  json?: boolean;
  top: number;
  /**
   * --min-cell: the disclosure stage's rule, as in `effekt run` (0: unsuppressed, and the output
   * says so).
   */
  minCell: number;
}

export async function inspectCommand(file: string, opts: InspectOptions): Promise<number> {
  const bar = progressBar('Reading', 1, 'bytes', !opts.json);
  const x = await readExtract(file, {
    id: opts.id,
    municipality: opts.municipality,
    personsFile: opts.persons,
    encoding: opts.encoding,
    onProgress: (d, t) => bar.update(d, t),
  });
  bar.stop();
  const info = discloseInspection(inspectExtract(x, opts.top), opts.minCell ?? 0);
  process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : renderInspection(info));
  return 0;
}

/** A count or a value hidden by --min-cell (null) prints "–". */
const shown = (v: number | null | undefined, f: (v: number) => string = String) =>
  v === null || v === undefined ? '–' : f(v);

export function renderInspection(i: DisclosedInspection): string {
  const h = (s: string) => chalk.bold(s);
  const lines: string[] = [];
  const N = i.suppression.min_cell;
  lines.push(
    `${h(i.file)}  ${chalk.dim(
      `${i.format} format, ${bytes(i.bytes)}, sha256 ${i.sha256.slice(0, 12)}…`,
    )}`,
  );
  lines.push('');
  lines.push(`${h('Persons')}        ${shown(i.persons, count)}`);
  lines.push(
    `${h('Weeks')}          ${i.firstWeek} to ${i.lastWeek} (${i.weeks} ` +
      `weeks, ${i.weekColumns} with a column${
        i.gaps.length ? `, ${chalk.yellow(`${i.gaps.length} missing`)}` : ''
      })`,
  );
  lines.push(
    `${h('Hours')}          ${
      i.hours.kind === 'none'
        ? chalk.yellow('none')
        : `${i.hours.kind}, ` +
          `${i.hours.columns} columns, covering ${i.hours.first} to ${i.hours.last}`
    }`,
  );
  lines.push(
    `${h('Municipality')}   column "${i.municipality.column}", ${i.municipality.distinct} ` +
      `distinct${i.municipality.missing !== 0 ? `, ${shown(i.municipality.missing)} missing` : ''}`,
  );
  lines.push('');
  lines.push(
    h(`Benefit codes (${i.distinctCodes} distinct; top ${i.codes.length} by person-weeks)`),
  );
  for (const c of i.codes)
    lines.push(
      `  ${c.code.padEnd(8)} ${shown(c.count, count).padStart(14)} ` +
        ` ${shown(c.share, percent).padStart(7)}`,
    );
  lines.push('');
  lines.push(h('Covariates'));
  if (i.covariates.length === 0) lines.push('  (none)');
  for (const c of i.covariates) {
    const miss = c.missing !== 0 ? chalk.dim(`, ${shown(c.missing)} missing`) : '';
    if (c.kind === 'numeric')
      lines.push(
        `  ${c.name.padEnd(14)} numeric, ${shown(c.min)} to ${shown(c.max)}, ` +
          `mean ${shown(c.mean, (v) => v.toFixed(1))}${miss}`,
      );
    else
      lines.push(
        `  ${c.name.padEnd(14)} ${c.levels} levels: ` +
          `${c.top!.map((t) => `${t.value} (${shown(t.count, count)})`).join(', ')}${miss}`,
      );
  }
  lines.push('');
  lines.push(h('Problems'));
  if (i.problems.length === 0) lines.push(chalk.green('  none found'));
  for (const p of i.problems) lines.push(chalk.yellow(`  • ${problemWords(p, 'en', N)}`));
  lines.push('');
  lines.push(
    i.suppression.unsuppressed
      ? chalk.yellow(
          'Unsuppressed: counts of fewer persons than any threshold are shown (no ' +
            '--min-cell). Use --min-cell N before this output leaves a secure ' +
            'environment.',
        )
      : `Small cells hidden (--min-cell ${N}): "–" rests on, or would ` +
          `reveal, a group of fewer than ${N} persons.`,
  );
  return `${lines.join('\n')}\n`;
}
