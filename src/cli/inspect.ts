/**
 * `effekt inspect EXTRACT.csv`: what is in an extract.
 */
import chalk from 'chalk';
import type { Encoding } from '../read/encoding.js';
import { readExtract } from '../read/index.js';
import { type Inspection, inspectExtract } from '../read/inspect.js';
import { bytes, count, percent } from '../report/format.js';
import { progressBar } from './progress.js';

export interface InspectOptions {
  id: string;
  municipality: string;
  persons?: string;
  encoding: Encoding;
  json?: boolean;
  top: number;
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
  const info = inspectExtract(x, opts.top);
  process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : renderInspection(info));
  return 0;
}

export function renderInspection(i: Inspection): string {
  const h = (s: string) => chalk.bold(s);
  const lines: string[] = [];
  lines.push(
    `${h(i.file)}  ${chalk.dim(`${i.format} format, ${bytes(i.bytes)}, sha256 ${i.sha256.slice(0, 12)}…`)}`,
  );
  lines.push('');
  lines.push(`${h('Persons')}        ${count(i.persons)}`);
  lines.push(
    `${h('Weeks')}          ${i.firstWeek} to ${i.lastWeek} (${i.weeks} weeks, ${i.weekColumns} with a column${i.gaps.length ? `, ${chalk.yellow(`${i.gaps.length} missing`)}` : ''})`,
  );
  lines.push(
    `${h('Hours')}          ${i.hours.kind === 'none' ? chalk.yellow('none') : `${i.hours.kind}, ${i.hours.columns} columns, covering ${i.hours.first} to ${i.hours.last}`}`,
  );
  lines.push(
    `${h('Municipality')}   column "${i.municipality.column}", ${i.municipality.distinct} distinct${i.municipality.missing ? `, ${i.municipality.missing} missing` : ''}`,
  );
  lines.push('');
  lines.push(
    h(`Benefit codes (${i.distinctCodes} distinct; top ${i.codes.length} by person-weeks)`),
  );
  for (const c of i.codes)
    lines.push(
      `  ${c.code.padEnd(8)} ${count(c.count).padStart(14)}  ${percent(c.share).padStart(7)}`,
    );
  lines.push('');
  lines.push(h('Covariates'));
  if (i.covariates.length === 0) lines.push('  (none)');
  for (const c of i.covariates) {
    const miss = c.missing ? chalk.dim(`, ${c.missing} missing`) : '';
    if (c.kind === 'numeric')
      lines.push(
        `  ${c.name.padEnd(14)} numeric, ${c.min} to ${c.max}, mean ${c.mean!.toFixed(1)}${miss}`,
      );
    else
      lines.push(
        `  ${c.name.padEnd(14)} ${c.levels} levels: ${c.top!.map((t) => `${t.value} (${count(t.count)})`).join(', ')}${miss}`,
      );
  }
  lines.push('');
  lines.push(h('Problems'));
  if (i.problems.length === 0) lines.push(chalk.green('  none found'));
  for (const p of i.problems) lines.push(chalk.yellow(`  • ${p}`));
  return `${lines.join('\n')}\n`;
}
