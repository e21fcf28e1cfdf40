/**
 * tables.xlsx: every table of the report, one sheet per table, through
 * exceljs (a maintained SpreadsheetML writer). Cells that the report shows
 * as a number, also with a sign or unit ("1.848", "−3,1", "+10,2 pct.-point",
 * "21,3 pct."), are written as numbers with a display format that prints
 * them as the report does (decimals, sign, unit), so Excel can compute with
 * them and shows them in the reader's own locale; everything else
 * ("< 0,001", "7,1 til 13,3", "–", municipality names) stays text. Sheets
 * are named in the report's language after the table ("7 Effekt pr.
 * deltagerkommune"). Row 1 holds the numbered caption, row 2 the column
 * headers, the note follows the rows.
 */
import ExcelJS from 'exceljs';
import type { Block, Lang, TableBlock } from '../document.js';
import { parseDisplayQuantity } from '../format.js';
import { plainText } from './inline.js';
import { stableOfficeZip } from './zip.js';

/**
 * Excel's display format for a number printed with `decimals` decimals:
 * thousands grouped when `grouped`, "+" before positive values when the
 * report signs them, a true minus (U+2212) as the report prints it, and the
 * unit after the number (Excel shows it in the reader's locale's digits).
 */
export function numberFormatCode(
  decimals: number,
  grouped: boolean,
  signed = false,
  unit = '',
): string {
  const body = `${grouped ? '#,##0' : '0'}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
  const u = unit ? `" ${unit}"` : '';
  if (!signed && !unit) return body;
  return `${signed ? '+' : ''}${body}${u};"\u2212"${body}${u};${body}${u}`;
}

const MAX_SHEET = 31;

/** `text` cut at a word boundary to at most `max` characters, without a dangling comma or colon. */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const words = text.split(' ');
  let out = '';
  for (const w of words) {
    if (`${out} ${w}`.trim().length > max) break;
    out = `${out} ${w}`.trim();
  }
  return (out || text.slice(0, max)).replace(/[\s,:;–-]+$/, '');
}

/**
 * A sheet name in the report's language from the table's caption: its number
 * and what the table shows ("7 Effekt pr. deltagerkommune"), at most 31
 * characters cut at a word, none of []:*?/\. For "Outcome: what" captions
 * the part after the colon (the number and the caption in row 1 say which
 * outcome). Unique by the table number.
 */
export function sheetName(n: number, caption: string): string {
  const c = plainText(caption)
    .replace(/^(Tabel|Table) \d+\.\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const colon = c.lastIndexOf(': ');
  let what = colon > 0 ? c.slice(colon + 2) : c;
  // The part before a first comma or bracket when that part reads on its own.
  const head = what.split(/,|\s\(/)[0];
  if (head.length >= 12) what = head;
  what = what.charAt(0).toUpperCase() + what.slice(1);
  const prefix = `${n} `;
  return prefix + cutAtWord(what.replace(/[[\]:*?/\\]/g, '-'), MAX_SHEET - prefix.length);
}

function addTable(wb: ExcelJS.Workbook, n: number, b: TableBlock, lang: Lang): void {
  const ws = wb.addWorksheet(sheetName(n, b.caption), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.getCell(1, 1).value = plainText(b.caption);
  ws.getCell(1, 1).font = { bold: true, size: 12 };
  const widths = b.head.map((h) => Math.min(40, Math.max(8, plainText(h).length * 0.9)));
  b.head.forEach((h, i) => {
    const c = ws.getCell(2, i + 1);
    c.value = plainText(h);
    c.font = { bold: true };
    const a = b.align?.[i] ?? (i === 0 ? 'l' : 'r');
    c.alignment = {
      wrapText: true,
      vertical: 'bottom',
      horizontal: a === 'r' ? 'right' : a === 'c' ? 'center' : 'left',
    };
    c.border = { bottom: { style: 'thin' } };
  });
  b.rows.forEach((row, r) => {
    row.forEach((text, i) => {
      const c = ws.getCell(r + 3, i + 1);
      const plain = plainText(text);
      const num = parseDisplayQuantity(plain, lang);
      if (num) {
        c.value = num.value;
        c.numFmt = numberFormatCode(
          num.decimals,
          Math.abs(num.value) >= 1000,
          num.signed,
          num.unit,
        );
        c.alignment = { horizontal: 'right' };
      } else {
        c.value = plain;
        if (i > 0 && (b.align?.[i] ?? 'r') === 'r') c.alignment = { horizontal: 'right' };
      }
      widths[i] = Math.min(40, Math.max(widths[i], plain.length + 2));
    });
  });
  if (b.note) {
    const c = ws.getCell(b.rows.length + 4, 1);
    c.value = plainText(b.note);
    c.font = { italic: true, size: 9 };
  }
  ws.columns.forEach((col, i) => {
    col.width = widths[i] ?? 10;
  });
}

/** The workbook as bytes: every table block, in report order. */
export async function renderXlsx(blocks: Block[], lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'effekt';
  wb.lastModifiedBy = 'effekt';
  const title = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  if (title && title.kind === 'heading') wb.title = plainText(title.text);
  let n = 0;
  for (const b of blocks) if (b.kind === 'table') addTable(wb, ++n, b, lang);
  return stableOfficeZip(new Uint8Array(await wb.xlsx.writeBuffer()));
}
