/**
 * CSV output: fixed column order, fixed number text (csvNumber), "\n" line
 * ends, so two runs give byte-identical files.
 */
import { csvNumber } from './format.js';

export type CsvValue = string | number | null | undefined;

function field(v: CsvValue): string {
  if (typeof v === 'number') return csvNumber(v);
  if (v === null || v === undefined) return '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows of objects to CSV text with the given columns (in that order). */
export function toCsv<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const out: string[] = [columns.join(',')];
  for (const r of rows) out.push(columns.map((c) => field(r[c] as CsvValue)).join(','));
  return `${out.join('\n')}\n`;
}
