/**
 * tables.xlsx: every table of the report, one sheet per table, written as
 * SpreadsheetML (see renderXlsx for why not through exceljs). Cells that the
 * report shows as a number, also with a sign or unit ("1.848", "−3,1", "+10,2 pct.-point",
 * "21,3 pct."), are written as numbers with a display format that prints
 * them as the report does (decimals, sign, unit), so Excel can compute with
 * them and shows them in the reader's own locale; everything else
 * ("< 0,001", "7,1 til 13,3", "–", municipality names) stays text. Sheets
 * are named in the report's language after the table ("7 Effekt pr.
 * deltagerkommune"). Row 1 holds the numbered caption, row 2 the column
 * headers, the note follows the rows.
 */
import { strToU8 } from 'fflate';
import type { Block, Lang, TableBlock } from '../document.js';
import { parseDisplayQuantity } from '../format.js';
import { esc } from '../svg/text.js';
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

/** A column's letters: 1 → A, 27 → AA. */
function columnName(i: number): string {
  let s = '';
  for (let n = i; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Excel's built-in number formats that the report uses; other codes get ids from 164 on. */
const BUILTIN_FORMATS = new Map([
  ['0', 1],
  ['0.00', 2],
  ['#,##0', 3],
  ['#,##0.00', 4],
]);

/** The fonts: Excel's default, the caption, the column headers, the note. */
const FONT = { normal: 0, caption: 1, head: 2, note: 3 } as const;
const FONTS = [
  '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
  '<font><b/><sz val="12"/><name val="Calibri"/><family val="2"/></font>',
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
  '<font><i/><sz val="9"/><name val="Calibri"/><family val="2"/></font>',
];

interface CellStyle {
  font?: number;
  numFmt?: string;
  horizontal?: 'left' | 'center' | 'right';
  /** The column header's look: wrapped, at the bottom, a thin line under it. */
  head?: boolean;
  /** Text longer than its column is wide: wrapped (its last line level with the row's numbers). */
  wrap?: boolean;
}

/** The workbook's cell formats (styles.xml cellXfs), each added once; index 0 is the default. */
class Styles {
  private xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private index = new Map<string, number>([['{}', 0]]);
  private formats = new Map<string, number>();

  id(style: CellStyle): number {
    const key = JSON.stringify(style);
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.xfs.length;
      this.index.set(key, id);
      this.xfs.push(this.xf(style));
    }
    return id;
  }

  private xf(s: CellStyle): string {
    let fmt = 0;
    if (s.numFmt !== undefined) {
      fmt = BUILTIN_FORMATS.get(s.numFmt) ?? this.formats.get(s.numFmt) ?? 164 + this.formats.size;
      if (!BUILTIN_FORMATS.has(s.numFmt)) this.formats.set(s.numFmt, fmt);
    }
    const font = s.font ?? FONT.normal;
    const border = s.head ? 1 : 0;
    const align = s.horizontal || s.head || s.wrap;
    const horizontal = s.horizontal ? ` horizontal="${s.horizontal}"` : '';
    const wrap = s.head ? ' vertical="bottom" wrapText="1"' : s.wrap ? ' wrapText="1"' : '';
    const alignment = `<alignment${horizontal}${wrap}/>`;
    return (
      `<xf numFmtId="${fmt}" fontId="${font}" fillId="0" borderId="${border}" xfId="0"` +
      (fmt ? ' applyNumberFormat="1"' : '') +
      (font ? ' applyFont="1"' : '') +
      (border ? ' applyBorder="1"' : '') +
      (align ? ` applyAlignment="1">${alignment}</xf>` : '/>')
    );
  }

  xml(): string {
    const formats = [...this.formats].map(
      ([code, id]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`,
    );
    return (
      `${XML}<styleSheet xmlns="${MAIN}">` +
      (formats.length ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '') +
      `<fonts count="${FONTS.length}">${FONTS.join('')}</fonts>` +
      '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
      '<fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
      '<border><left/><right/><top/><bottom style="thin"/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1">' +
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

/** The workbook's strings (sharedStrings.xml), each once, as Excel writes them. */
class Strings {
  private list: string[] = [];
  private index = new Map<string, number>();
  count = 0;

  id(s: string): number {
    this.count++;
    let id = this.index.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.index.set(s, id);
      this.list.push(s);
    }
    return id;
  }

  xml(): string {
    const si = this.list.map(
      (s) => `<si><t${/^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : ''}>${esc(s)}</t></si>`,
    );
    const counts = `count="${this.count}" uniqueCount="${si.length}"`;
    return `${XML}<sst xmlns="${MAIN}" ${counts}>${si.join('')}</sst>`;
  }
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

type Cell = { v: string | number; s: number };

/** The widest a column is made, in characters: longer text wraps. */
const MAX_WIDTH = 40;

/** A row of wrapped text (lines > 1) gets its height: 15 points a line. */
const rowHeight = (lines: number | undefined) =>
  lines && lines > 1 ? ` ht="${15 * lines}" customHeight="1"` : '';

/** One sheet's XML: the caption in row 1, headers in row 2 (frozen), the rows, the note. */
function sheetXml(b: TableBlock, lang: Lang, styles: Styles, strings: Strings): string {
  const rows = new Map<number, Cell[]>();
  const put = (r: number, cells: Cell[]) => rows.set(r, cells);
  put(1, [{ v: plainText(b.caption), s: styles.id({ font: FONT.caption }) }]);
  const lines = new Map<number, number>();
  const widths = b.head.map((h) => Math.min(MAX_WIDTH, Math.max(8, plainText(h).length * 0.9)));
  put(
    2,
    b.head.map((h, i) => {
      const a = b.align?.[i] ?? (i === 0 ? 'l' : 'r');
      const horizontal = a === 'r' ? 'right' : a === 'c' ? 'center' : 'left';
      return { v: plainText(h), s: styles.id({ font: FONT.head, horizontal, head: true }) };
    }),
  );
  b.rows.forEach((row, r) => {
    put(
      r + 3,
      row.map((text, i) => {
        const plain = plainText(text);
        const num = parseDisplayQuantity(plain, lang);
        widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i] ?? 0, plain.length + 2));
        if (num) {
          const numFmt = numberFormatCode(
            num.decimals,
            Math.abs(num.value) >= 1000,
            num.signed,
            num.unit,
          );
          return { v: num.value, s: styles.id({ numFmt, horizontal: 'right' }) };
        }
        const right = i > 0 && (b.align?.[i] ?? 'r') === 'r';
        // Text wider than the widest column (40) wraps in its cell rather than being cut by the next.
        const wrap = plain.length > MAX_WIDTH;
        // Its lines set the row's height (not every spreadsheet program fits rows when opening).
        if (wrap)
          lines.set(r + 3, Math.max(lines.get(r + 3) ?? 1, Math.ceil(plain.length / MAX_WIDTH)));
        return {
          v: plain,
          s: styles.id({
            ...(right ? { horizontal: 'right' as const } : {}),
            ...(wrap ? { wrap } : {}),
          }),
        };
      }),
    );
  });
  if (b.note) put(b.rows.length + 4, [{ v: plainText(b.note), s: styles.id({ font: FONT.note }) }]);
  const ncol = Math.max(1, ...[...rows.values()].map((c) => c.length));
  const lastRow = Math.max(...rows.keys());
  const cols = Array.from(
    { length: ncol },
    (_, i) => `<col min="${i + 1}" max="${i + 1}" width="${widths[i] ?? 10}" customWidth="1"/>`,
  );
  const data = [...rows].map(
    ([r, cells]) =>
      `<row r="${r}"${rowHeight(lines.get(r))}>${cells
        .map((c, i) => {
          const ref = `${columnName(i + 1)}${r}`;
          const s = c.s ? ` s="${c.s}"` : '';
          return typeof c.v === 'number'
            ? `<c r="${ref}"${s}><v>${c.v}</v></c>`
            : `<c r="${ref}"${s} t="s"><v>${strings.id(c.v)}</v></c>`;
        })
        .join('')}</row>`,
  );
  return (
    `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}">` +
    `<dimension ref="A1:${columnName(ncol)}${lastRow}"/>` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols.join('')}</cols><sheetData>${data.join('')}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>'
  );
}

/** A package relationship (the .rels parts). */
const rel = (id: number, type: string, target: string) =>
  `<Relationship Id="rId${id}" Type="${type}" Target="${target}"/>`;
/** A part's content type ([Content_Types].xml). */
const part = (name: string, type: string) =>
  `<Override PartName="/${name}" ContentType="${type}"/>`;

/**
 * The workbook as bytes: every table block, in report order. Written here
 * rather than through exceljs: loading exceljs and its dependency tree cost
 * ~0.25 s of CPU and writing with it ~0.35 s more for twenty small sheets,
 * about a tenth of the whole 3,000-person run, where these parts take ~0.02 s.
 * They are the few that a workbook of plain cells needs (ECMA-376 Part 1,
 * SpreadsheetML): the same values, number formats, fonts, alignment, borders,
 * column widths and frozen header rows exceljs wrote, zipped with fixed dates
 * (stableOfficeZip).
 */
export async function renderXlsx(blocks: Block[], lang: Lang): Promise<Buffer> {
  const styles = new Styles();
  const strings = new Strings();
  const sheets: { name: string; xml: string }[] = [];
  let n = 0;
  for (const b of blocks)
    if (b.kind === 'table')
      sheets.push({ name: sheetName(++n, b.caption), xml: sheetXml(b, lang, styles, strings) });
  const heading = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  const title =
    heading?.kind === 'heading' ? `<dc:title>${esc(plainText(heading.text))}</dc:title>` : '';
  const sheetPath = (i: number) => `worksheets/sheet${i + 1}.xml`;
  const files: Record<string, string> = {
    '[Content_Types].xml':
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ' +
      'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      part('xl/workbook.xml', `${CT}.sheet.main+xml`) +
      sheets.map((_, i) => part(`xl/${sheetPath(i)}`, `${CT}.worksheet+xml`)).join('') +
      part('xl/styles.xml', `${CT}.styles+xml`) +
      part('xl/sharedStrings.xml', `${CT}.sharedStrings+xml`) +
      part('docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
      part(
        'docProps/app.xml',
        'application/vnd.openxmlformats-officedocument.extended-properties+xml',
      ) +
      '</Types>',
    '_rels/.rels':
      `${XML}<Relationships xmlns="${PKG_REL}">` +
      rel(1, `${REL}/officeDocument`, 'xl/workbook.xml') +
      rel(2, `${PKG_REL}/metadata/core-properties`, 'docProps/core.xml') +
      rel(3, `${REL}/extended-properties`, 'docProps/app.xml') +
      '</Relationships>',
    'docProps/core.xml':
      `${XML}<cp:coreProperties ` +
      'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      `<dc:creator>effekt</dc:creator>${title}` +
      '<cp:lastModifiedBy>effekt</cp:lastModifiedBy></cp:coreProperties>',
    'docProps/app.xml':
      `${XML}<Properties ` +
      'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ' +
      'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
      '<Application>effekt</Application><HeadingPairs><vt:vector size="2" baseType="variant">' +
      '<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>' +
      `<vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
      `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">` +
      sheets.map((s) => `<vt:lpstr>${esc(s.name)}</vt:lpstr>`).join('') +
      '</vt:vector></TitlesOfParts></Properties>',
    // Relationship ids: 1 styles, 2 strings, 3… the sheets in order.
    'xl/workbook.xml':
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
      '<bookViews><workbookView/></bookViews><sheets>' +
      sheets
        .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 3}"/>`)
        .join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `${XML}<Relationships xmlns="${PKG_REL}">` +
      rel(1, `${REL}/styles`, 'styles.xml') +
      rel(2, `${REL}/sharedStrings`, 'sharedStrings.xml') +
      sheets.map((_, i) => rel(i + 3, `${REL}/worksheet`, sheetPath(i))).join('') +
      '</Relationships>',
    'xl/styles.xml': styles.xml(),
    'xl/sharedStrings.xml': strings.xml(),
  };
  sheets.forEach((s, i) => {
    files[`xl/${sheetPath(i)}`] = s.xml;
  });
  const parts: Record<string, Uint8Array> = {};
  for (const [name, xml] of Object.entries(files)) parts[name] = strToU8(xml);
  return stableOfficeZip(parts);
}
