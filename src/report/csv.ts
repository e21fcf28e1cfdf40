/**
 * CSV output: fixed column order, fixed number text (csvNumber), "\n" line
 * ends, so two runs give byte-identical files.
 */

import type { Lang, TableBlock } from './document.js';
import { csvNumber, parseDisplayNumber } from './format.js';
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
 * numbers without thousands separators and with an ASCII minus (so Excel
 * reads them as numbers); a UTF-8 byte-order mark so Excel reads "ø" right.
 * Row 1 is the numbered caption, row 2 the headers, the note last.
 */
export function tableCsv(b: TableBlock, lang: Lang): string {
  const sep = lang === 'da' ? ';' : ',';
  const q = (v: string) =>
    v.includes(sep) || /["\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  const value = (text: string) => {
    const plain = plainText(text);
    const num = parseDisplayNumber(plain, lang);
    if (!num) return q(plain);
    const s = num.value.toFixed(num.decimals);
    return lang === 'da' ? s.replace('.', ',') : s;
  };
  const lines = [
    q(plainText(b.caption)),
    b.head.map((h) => q(plainText(h))).join(sep),
    ...b.rows.map((r) => r.map(value).join(sep)),
  ];
  if (b.note) lines.push(q(plainText(b.note)));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
