/**
 * report.docx from blocks, through the `docx` library (a maintained
 * OOXML writer; WordprocessingML by hand would be thousands of lines of
 * XML details). A4 with 2.5 cm margins (16 cm text width), Calibri 11 pt,
 * Word's own heading styles (so Word's navigation pane and table of
 * contents work), table captions above tables, figure captions below
 * figures, notes in 9 pt under both. Figures go in as their 300 dpi PNG at
 * the full text width; the package is rewritten by `stableOfficeZip` so
 * reruns give the same bytes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  type IRunOptions,
  LineRuleType,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, FigureBlock, Lang, TableBlock } from '../document.js';
import type { FigureAsset } from './html.js';
import { inlineRuns, plainText } from './inline.js';
import { stableOfficeZip } from './zip.js';

/** Text width of A4 with 2.5 cm margins, in twentieths of a point (1 cm = 567). */
const CM = 567;
const PAGE = { width: 11906, height: 16838, margin: Math.round(2.5 * CM) };
/** The text width in CSS pixels (96 per inch), the unit of ImageRun sizes: 16 cm. */
export const TEXT_WIDTH_PX = Math.round((16 / 2.54) * 96);

/** Width and height from a PNG's IHDR chunk. */
export function pngDimensions(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png.length < 24 || v.getUint32(0) !== 0x89504e47) throw new Error('not a PNG file');
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

function runs(text: string, base: IRunOptions = {}): TextRun[] {
  return inlineRuns(text).map(
    (r) =>
      new TextRun({
        ...base,
        text: r.text,
        bold: r.bold || base.bold,
        italics: r.italic || base.italics,
        ...(r.code ? { font: 'Consolas' } : {}),
      }),
  );
}

const LINE = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const HEAVY = { style: BorderStyle.SINGLE, size: 8, color: '333333' };
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

function align(a: string | undefined) {
  return a === 'r' ? AlignmentType.RIGHT : a === 'c' ? AlignmentType.CENTER : AlignmentType.LEFT;
}

/** Text width in twips: 16 cm. */
const TEXT_WIDTH_TWIPS = PAGE.width - 2 * PAGE.margin;

/** Width of one character of 8.5 pt table text, and a cell's side margins, in twips (estimates for Calibri). */
const CHAR_TWIPS = 110;
const CELL_PAD_TWIPS = 160;

/**
 * Column widths (twips). A number column gets what its longest cell and
 * its header's longest word need (neither numbers nor header words are
 * broken); a text column at least 12 characters' worth. What is left of
 * the text width goes to the text columns, in proportion to how much more
 * their longest cells want. When even the minimum does not fit, all
 * columns shrink in proportion.
 */
export function columnWidths(b: TableBlock, total = TEXT_WIDTH_TWIPS): number[] {
  const a = b.align ?? b.head.map((_, i) => (i === 0 ? 'l' : 'r'));
  const tw = (chars: number) => chars * CHAR_TWIPS + CELL_PAD_TWIPS;
  const cellLen = (i: number) => Math.max(1, ...b.rows.map((r) => plainText(r[i] ?? '').length));
  // Bold header words are about 15 % wider than body text.
  const headLen = (i: number) =>
    Math.max(
      ...plainText(b.head[i])
        .split(/\s+/)
        .map((w) => Math.ceil(w.length * 1.15)),
    );
  const text = (i: number) => a[i] !== 'r';
  const hard = b.head.map((_, i) =>
    tw(text(i) ? Math.min(12, Math.max(cellLen(i), headLen(i))) : Math.max(cellLen(i), headLen(i))),
  );
  const want = b.head.map((_, i) =>
    text(i) ? Math.max(hard[i], tw(Math.max(headLen(i), Math.min(40, cellLen(i))))) : hard[i],
  );
  const sumHard = hard.reduce((x, y) => x + y, 0);
  if (sumHard > total) return hard.map((w) => Math.floor((total * w) / sumHard));
  const extra = want.map((w, i) => w - hard[i]);
  const sumExtra = extra.reduce((x, y) => x + y, 0);
  const spare = total - sumHard;
  if (sumExtra === 0) {
    // Only number columns (or text that already fits): widen the text columns, else all.
    const textCols = a.filter((_, i) => text(i)).length;
    return hard.map((w, i) =>
      Math.floor(w + (textCols > 0 ? (text(i) ? spare / textCols : 0) : spare / hard.length)),
    );
  }
  // Text columns grow towards what they want; spare beyond that also goes to them.
  const grow = Math.min(spare, sumExtra);
  const rest = spare - grow;
  const textWant = want.reduce((x, y, i) => x + (text(i) ? y : 0), 0);
  return hard.map((w, i) =>
    Math.floor(w + (grow * extra[i]) / sumExtra + (text(i) ? (rest * want[i]) / textWant : 0)),
  );
}

function tableBlock(b: TableBlock): (Paragraph | Table)[] {
  const a = b.align ?? b.head.map((_, i) => (i === 0 ? 'l' : 'r'));
  const widths = columnWidths(b);
  // Short tables stay on one page: every row but the last keeps with the next.
  const keep = b.rows.length <= 25;
  const cell = (text: string, i: number, head: boolean, fill?: string | null, last = false) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      children: [
        new Paragraph({
          alignment: align(a[i]),
          keepNext: keep && !last,
          spacing: { before: 20, after: 20 },
          children: runs(text, { size: 17, bold: head }),
        }),
      ],
      borders: { top: NONE, left: NONE, right: NONE, bottom: head ? HEAVY : LINE },
      margins: { left: 60, right: 60 },
      ...(fill
        ? { shading: { type: ShadingType.CLEAR, fill: fill.replace('#', ''), color: 'auto' } }
        : {}),
    });
  const rows = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: b.head.map((h, i) => cell(h, i, true)),
    }),
    ...b.rows.map(
      (row, r) =>
        new TableRow({
          cantSplit: true,
          children: row.map((v, i) =>
            cell(v, i, false, b.fills?.[r]?.[i], r === b.rows.length - 1),
          ),
        }),
    ),
  ];
  return [
    new Paragraph({ style: 'Caption', keepNext: true, children: runs(b.caption, { bold: true }) }),
    new Table({
      rows,
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      borders: {
        top: HEAVY,
        bottom: HEAVY,
        left: NONE,
        right: NONE,
        insideHorizontal: LINE,
        insideVertical: NONE,
      },
    }),
    ...(b.note
      ? [new Paragraph({ style: 'Note', children: runs(b.note) })]
      : [new Paragraph({ style: 'Note', children: [] })]),
  ];
}

function figureBlock(b: FigureBlock, asset: FigureAsset | undefined): Paragraph[] {
  const out: Paragraph[] = [];
  if (asset?.png) {
    const { width, height } = pngDimensions(asset.png);
    const w = TEXT_WIDTH_PX;
    out.push(
      new Paragraph({
        keepNext: true,
        children: [
          new ImageRun({
            type: 'png',
            data: asset.png,
            transformation: { width: w, height: Math.round((w * height) / width) },
            altText: { name: b.file, title: plainText(b.caption), description: b.alt },
          }),
        ],
      }),
    );
  } else {
    // A figure without its PNG cannot go into Word; say so where it would be.
    out.push(
      new Paragraph({
        keepNext: true,
        children: [new TextRun({ text: `[figures/${b.file}.svg]`, italics: true })],
      }),
    );
  }
  out.push(new Paragraph({ style: 'Caption', children: runs(b.caption, { bold: true }) }));
  if (b.note) out.push(new Paragraph({ style: 'Note', children: runs(b.note) }));
  return out;
}

/** The Word document as bytes. `figures(file)` gives each figure's PNG (and SVG). */
export async function renderDocx(
  blocks: Block[],
  lang: Lang,
  figures: (file: string) => FigureAsset | undefined,
): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  const level = {
    1: HeadingLevel.HEADING_1,
    2: HeadingLevel.HEADING_2,
    3: HeadingLevel.HEADING_3,
  } as const;
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        children.push(
          new Paragraph({
            heading: b.level === 1 ? HeadingLevel.TITLE : level[b.level],
            keepNext: true,
            children: runs(b.text),
          }),
        );
        break;
      case 'paragraph':
        children.push(new Paragraph({ children: runs(b.text) }));
        break;
      case 'list':
        for (const i of b.items)
          children.push(new Paragraph({ bullet: { level: 0 }, children: runs(i) }));
        break;
      case 'table':
        children.push(...tableBlock(b));
        break;
      case 'figure':
        children.push(...figureBlock(b, figures(b.file)));
        break;
    }
  }
  const title = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  const doc = new Document({
    creator: 'effekt',
    title: title && title.kind === 'heading' ? plainText(title.text) : 'effekt',
    styles: {
      default: {
        document: {
          run: {
            font: 'Calibri',
            size: 22,
            language: { value: lang === 'da' ? 'da-DK' : 'en-GB' },
          },
          paragraph: { spacing: { after: 120, line: 264, lineRule: LineRuleType.AUTO } },
        },
        title: {
          run: { font: 'Calibri', size: 36, bold: true, color: '1A1A1A' },
          paragraph: { spacing: { after: 240 } },
        },
        heading1: {
          run: { font: 'Calibri', size: 30, bold: true, color: '1A1A1A' },
          paragraph: { spacing: { before: 360, after: 120 } },
        },
        heading2: {
          run: { font: 'Calibri', size: 26, bold: true, color: '1A1A1A' },
          paragraph: { spacing: { before: 320, after: 120 } },
        },
        heading3: {
          run: { font: 'Calibri', size: 23, bold: true, color: '1A1A1A' },
          paragraph: { spacing: { before: 240, after: 80 } },
        },
      },
      paragraphStyles: [
        {
          id: 'Caption',
          name: 'Caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 20 },
          paragraph: { spacing: { before: 200, after: 80 } },
        },
        {
          id: 'Note',
          name: 'Note',
          basedOn: 'Normal',
          next: 'Normal',
          run: { size: 18, color: '404040' },
          paragraph: { spacing: { before: 60, after: 240 } },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.margin,
              bottom: PAGE.margin,
              left: PAGE.margin,
              right: PAGE.margin,
            },
          },
        },
        children,
      },
    ],
  });
  return stableOfficeZip(await packageEntries(doc));
}

/** What docx's compiler gives: a JSZip package whose entries hold their bytes as given. */
interface Compiled {
  files: Record<
    string,
    { name: string; dir: boolean; async(t: 'uint8array'): Promise<Uint8Array> }
  >;
}

/**
 * The package's entries as docx's Packer would zip them, without Packer's DEFLATE
 * pass: Packer compresses every entry (the figures' PNGs too, ~7 MB for two dozen
 * figures, in JavaScript) and `stableOfficeZip` would only inflate them again.
 * Uses the Packer's compiler (docx 9.6, pinned); without one, Packer's own route.
 */
async function packageEntries(doc: Document): Promise<Uint8Array | Record<string, Uint8Array>> {
  const compiler = (Packer as unknown as { compiler?: { compile(d: Document): Compiled } })
    .compiler;
  if (typeof compiler?.compile !== 'function') return Packer.toBuffer(doc);
  const out: Record<string, Uint8Array> = {};
  for (const f of Object.values(compiler.compile(doc).files))
    out[f.name] = f.dir ? new Uint8Array(0) : await f.async('uint8array');
  return out;
}
