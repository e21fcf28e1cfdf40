/**
 * CSV output: fixed column order, fixed number text (csvNumber), "\n" line
 * ends, so two runs give byte-identical files.
 */

import type { Lang, TableBlock } from './document.js';
import { csvNumber, parseDisplayQuantity } from './format.js';
import { plainText } from './render/inline.js';

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

/**
 * A report table as CSV for a person opening it in Excel: in Danish `;`
 * between fields and decimal comma, in English `,` and decimal point;
 * numbers without thousands separators, sign or unit and with an ASCII minus
 * (so Excel reads them as numbers); a unit every number of a column shares
 * goes into its header ("Effekt (pct.-point)"); a UTF-8 byte-order mark so
 * Excel reads "ø" right. The first line is the header row (no caption or
 * note rows: the file opens as a table; caption and note are in the report
 * and in tables.xlsx).
 */
export function tableCsv(b: TableBlock, lang: Lang): string {
  const sep = lang === 'da' ? ';' : ',';
  const q = (v: string) =>
    v.includes(sep) || /["\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  const parsed = b.rows.map((r) => r.map((text) => parseDisplayQuantity(plainText(text), lang)));
  const units = b.head.map((_, i) => {
    const u = new Set(parsed.flatMap((r) => (r[i] ? [r[i]!.unit] : [])));
    return u.size === 1 ? [...u][0] : '';
  });
  const value = (text: string, i: number, num: ReturnType<typeof parseDisplayQuantity>) => {
    // A number whose unit differs from the column's stays as printed, so the unit is not lost.
    if (!num || num.unit !== units[i]) return q(plainText(text));
    const s = num.value.toFixed(num.decimals);
    return lang === 'da' ? s.replace('.', ',') : s;
  };
  const head = b.head.map((h, i) => {
    const text = plainText(h);
    return q(units[i] && !text.includes(units[i]) ? `${text} (${units[i]})` : text);
  });
  const lines = [
    head.join(sep),
    ...b.rows.map((r, k) => r.map((v, i) => value(v, i, parsed[k][i])).join(sep)),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
