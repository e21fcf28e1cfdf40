/**
 * tables.xlsx: every table of the report, one sheet per table, through
 * exceljs (a maintained SpreadsheetML writer). Cells that the report shows
 * as numbers ("1.848", "−3,1", "+10.2") are written as numbers with a
 * display format of the same decimals, so Excel can compute with them and
 * shows them in the reader's own locale; everything else ("< 0,001", "–",
 * municipality names) stays text. Row 1 holds the numbered caption, row 2
 * the column headers, the note follows the rows.
 */
import ExcelJS from 'exceljs';
import type { Block, Lang, TableBlock } from '../document.js';
import { parseDisplayNumber } from '../format.js';
import { plainText } from './inline.js';
import { FIXED_DATE, stableOfficeZip } from './zip.js';

/** Excel's display format for a number with `decimals` decimals (Excel shows it in the reader's locale). */
export function numberFormatCode(decimals: number, grouped: boolean): string {
  const base = grouped ? '#,##0' : '0';
  return decimals > 0 ? `${base}.${'0'.repeat(decimals)}` : base;
}

/** A sheet name: at most 31 characters, none of []:*?/\, unique by its table number. */
export function sheetName(n: number, id: string): string {
  return `${n} ${id}`.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);
}

function addTable(wb: ExcelJS.Workbook, n: number, b: TableBlock, lang: Lang): void {
  const ws = wb.addWorksheet(sheetName(n, b.id), { views: [{ state: 'frozen', ySplit: 2 }] });
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
      const num = parseDisplayNumber(plain, lang);
      if (num) {
        c.value = num.value;
        c.numFmt = numberFormatCode(num.decimals, Math.abs(num.value) >= 1000);
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
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  let n = 0;
  for (const b of blocks) if (b.kind === 'table') addTable(wb, ++n, b, lang);
  return stableOfficeZip(new Uint8Array(await wb.xlsx.writeBuffer()));
}
