/**
 * report.docx from blocks, through the `docx` library (a maintained
 * OOXML writer; WordprocessingML by hand would be thousands of lines of
 * XML details). Made for people who go on working in Word:
 * - A4 with 2.5 cm margins (16 cm text width), Calibri 11 pt, Word's own
 *   Title/Heading 1–2 styles (navigation pane, table of contents);
 * - a TOC field (its entries cached, so the document reads before Word
 *   updates the field; Word offers to update fields on opening);
 * - captions as Word makes them: "Tabel {SEQ Tabel}" / "Figur {SEQ Figur}"
 *   with a bookmark on the label and number (cross-references, renumbering),
 *   table captions above tables, figure captions below figures, notes in 9 pt;
 * - the report title in the header, "Side X af Y" (PAGE, NUMPAGES) in the footer;
 * - document properties naming the title and effekt, no dates (reruns are
 *   byte-identical: `stableOfficeZip`).
 * Figures go in as their 300 dpi PNG at the full text width, without their
 * own title and note (the caption carries them).
 */
import { createHash } from 'node:crypto';
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  type IRunOptions,
  LineRuleType,
  NoBreakHyphen,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  SimpleField,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { unzipSync } from 'fflate';
import { VERSION } from '../../version.js';
import type { Block, FigureBlock, Lang, TableBlock } from '../document.js';
import type { FigureAsset } from './html.js';
import { inlineRuns, plainText } from './inline.js';
import { pngSize } from './png.js';
import { stableOfficeZip } from './zip.js';

/** Text width of A4 with 2.5 cm margins, in twentieths of a point (1 cm = 567). */
const CM = 567;
const PAGE = { width: 11906, height: 16838, margin: Math.round(2.5 * CM) };
/** The text width in CSS pixels (96 per inch), the unit of ImageRun sizes: 16 cm. */
export const TEXT_WIDTH_PX = Math.round((16 / 2.54) * 96);

/**
 * Text as run content that does not break where a reader would stumble: the
 * hyphen of "pct.-point" is Word's non-breaking hyphen, and a word joiner
 * (U+2060) after an en dash between digits keeps "2017–18" and "53–104" whole.
 */
function unbroken(text: string): (string | NoBreakHyphen)[] {
  const parts = text.replace(/(\d)\u2013(\d)/g, '$1\u2013\u2060$2').split('pct.-point');
  return parts.flatMap((p, i) =>
    i === 0 ? (p ? [p] : []) : ['pct.', new NoBreakHyphen(), ...(p ? [`point${p}`] : ['point'])],
  );
}

function runs(text: string, base: IRunOptions = {}, whole = true): TextRun[] {
  return inlineRuns(text).map(
    (r) =>
      new TextRun({
        ...base,
        // Captions keep their characters as written (they are matched as text); the rest does not
        // break.
        children: whole ? unbroken(r.text) : [r.text],
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

/**
 * Width of one character of 8.5 pt table text, and a cell's side margins, in twips (estimates for
 * Calibri, generous for its wider substitutes).
 */
const CHAR_TWIPS = 110;
const CELL_PAD_TWIPS = 160;
/**
 * Table font sizes tried, in half-points (8.5, 7.5, 7 pt): the largest at which no word must break.
 */
const TABLE_SIZES = [17, 15, 14] as const;

/** The longest word of a text, in characters (bold text counted about 15 % wider). */
function longestWord(text: string, bold = false): number {
  const words = plainText(text).split(/\s+/);
  return Math.max(0, ...words.map((w) => Math.ceil(w.length * (bold ? 1.15 : 1))));
}

/**
 * Column widths (twips). Every column gets at least what its longest word
 * needs, so no word breaks inside itself ("Københ|avn"); a number column
 * gets its longest cell (numbers and intervals stay on one line). What is
 * left of the text width goes to the text columns, in proportion to how much
 * more their longest cells want. When even the minimum does not fit, all
 * columns shrink in proportion (`fitTable` first tries smaller type).
 */
export function columnWidths(
  b: TableBlock,
  total = TEXT_WIDTH_TWIPS,
  charTwips = CHAR_TWIPS,
): number[] {
  const a = b.align ?? b.head.map((_, i) => (i === 0 ? 'l' : 'r'));
  const tw = (chars: number) => Math.ceil(chars * charTwips + CELL_PAD_TWIPS);
  const cellLen = (i: number) => Math.max(1, ...b.rows.map((r) => plainText(r[i] ?? '').length));
  const wordLen = (i: number) => Math.max(1, ...b.rows.map((r) => longestWord(r[i] ?? '')));
  const headLen = (i: number) => longestWord(b.head[i], true);
  const text = (i: number) => a[i] !== 'r';
  const hard = b.head.map((_, i) => tw(Math.max(headLen(i), text(i) ? wordLen(i) : cellLen(i))));
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

/**
 * The largest table type size (half-points) at which every column's longest word fits, and the
 * widths.
 */
export function fitTable(
  b: TableBlock,
  total = TEXT_WIDTH_TWIPS,
): { size: number; widths: number[] } {
  for (const size of TABLE_SIZES) {
    const charTwips = (CHAR_TWIPS * size) / 17;
    const widths = columnWidths(b, total, charTwips);
    const a = b.align ?? b.head.map((_, i) => (i === 0 ? 'l' : 'r'));
    const need = b.head.map(
      (_, i) =>
        Math.max(
          longestWord(b.head[i], true),
          ...b.rows.map((r) =>
            a[i] === 'r' ? plainText(r[i] ?? '').length : longestWord(r[i] ?? ''),
          ),
        ) *
          charTwips +
        CELL_PAD_TWIPS,
    );
    if (widths.every((w, i) => w >= need[i] - 1)) return { size, widths };
  }
  const size = TABLE_SIZES[TABLE_SIZES.length - 1];
  return { size, widths: columnWidths(b, total, (CHAR_TWIPS * size) / 17) };
}

/** "Tabel 3. …" / "Figure 2. …" → label, number and the rest; null for an unnumbered caption. */
export function splitCaption(caption: string): { label: string; n: string; rest: string } | null {
  const m = /^(Tabel|Table|Figur|Figure) (\d+)\. ([\s\S]*)$/.exec(caption);
  return m ? { label: m[1], n: m[2], rest: m[3] } : null;
}

/**
 * A caption as Word writes one: the label, a SEQ field numbering it (its
 * result cached, so every reader shows the number before fields are
 * updated), both inside a bookmark ("Tabel_3") that cross-references point at.
 */
function captionParagraph(caption: string, keepNext: boolean): Paragraph {
  const c = splitCaption(caption);
  if (!c) return new Paragraph({ style: 'Caption', keepNext, children: runs(caption, {}, false) });
  return new Paragraph({
    style: 'Caption',
    keepNext,
    children: [
      new Bookmark({
        id: `${c.label}_${c.n}`,
        children: [new TextRun(`${c.label} `), new SimpleField(`SEQ ${c.label} \\* ARABIC`, c.n)],
      }),
      new TextRun('. '),
      ...runs(c.rest, {}, false),
    ],
  });
}

function tableBlock(b: TableBlock): (Paragraph | Table)[] {
  const a = b.align ?? b.head.map((_, i) => (i === 0 ? 'l' : 'r'));
  const { size, widths } = fitTable(b);
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
          // Body cells name no weight (not "bold off"): nothing around them is bold.
          children: runs(text, head ? { size, bold: true } : { size }),
        }),
      ],
      // Left and right: none from the table (left, right, inside vertical); the cell margins
      // are the table's too. Said once per table, not per cell: a third less XML for docx to
      // build, serialise and scan.
      borders: { top: NONE, bottom: head ? HEAVY : LINE },
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
    captionParagraph(b.caption, true),
    new Table({
      rows,
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      margins: { left: 60, right: 60 },
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

/**
 * The figures' PNGs by the stand-in bytes their ImageRun holds (hex). docx names each picture by a
 * SHA-1 of its bytes, computed in JavaScript (~0.25 s for two dozen print-size PNGs), and copies
 * the bytes through JSZip; a 32-byte stand-in (the PNG's SHA-256, computed natively) goes through
 * instead, and the package's picture entries are given the PNGs' bytes before zipping. The
 * stand-in is unique per picture, so identical figures still share one entry.
 */
type Pictures = Map<string, Uint8Array>;

function standIn(png: Uint8Array, pictures: Pictures): Uint8Array {
  const digest = createHash('sha256').update(png).digest();
  pictures.set(digest.toString('hex'), png);
  return new Uint8Array(digest);
}

/**
 * Figures placed before their PNG exists (`renderDocx`'s `ready`): each by its predicted size,
 * its stand-in the SHA-256 of its SVG (the same SVG gives the same PNG), keyed by the stand-in.
 * Whether a PNG happens to be there already does not matter: the bytes depend on the figures only.
 */
type Pending = Map<string, { asset: FigureAsset; size: { width: number; height: number } }[]>;

function pendingStandIn(
  asset: FigureAsset,
  size: { width: number; height: number },
  pending: Pending,
): Uint8Array {
  const digest = createHash('sha256').update(`svg\n${asset.svg}`).digest();
  const key = digest.toString('hex');
  pending.set(key, [...(pending.get(key) ?? []), { asset, size }]);
  return new Uint8Array(digest);
}

/** The package's entries with each picture's stand-in replaced by its PNG; every one replaced. */
function withPictures(files: Record<string, Uint8Array>, pictures: Pictures): void {
  const left = new Set(pictures.keys());
  for (const [name, bytes] of Object.entries(files)) {
    if (!name.startsWith('word/media/') || bytes.length !== 32) continue;
    const key = Buffer.from(bytes).toString('hex');
    const png = pictures.get(key);
    if (png) {
      files[name] = png;
      left.delete(key);
    }
  }
  if (left.size > 0)
    throw new Error(`report.docx: ${left.size} figure(s) missing from the package`);
}

function figureBlock(
  b: FigureBlock,
  asset: FigureAsset | undefined,
  pictures: Pictures,
  pending: Pending | null,
): Paragraph[] {
  const out: Paragraph[] = [];
  // The picture is bare (no title or note inside it): the caption names it, the note explains it.
  const note = b.note ?? asset?.note;
  // The PNG's size: predicted when its bytes may come later, else from the PNG.
  const size = pending && asset?.size ? asset.size : asset?.png && pngSize(asset.png);
  if (asset && size) {
    const { width, height } = size;
    const w = TEXT_WIDTH_PX;
    out.push(
      new Paragraph({
        keepNext: true,
        children: [
          new ImageRun({
            type: 'png',
            data: pending
              ? pendingStandIn(asset, size, pending)
              : standIn(asset.png as Uint8Array, pictures),
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
  out.push(captionParagraph(b.caption, Boolean(note)));
  if (note) out.push(new Paragraph({ style: 'Note', children: runs(note) }));
  return out;
}

/** "Side 3 af 12" / "Page 3 of 12", centred: PAGE and NUMPAGES fields. */
function pageFooter(w: (typeof WORDS)[Lang], style: { size: number; color: string }): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ ...style, children: [`${w.page} `, PageNumber.CURRENT] }),
          new TextRun({ ...style, children: [` ${w.of} `, PageNumber.TOTAL_PAGES] }),
        ],
      }),
    ],
  });
}

/** Words of the Word document's own furniture. */
const WORDS = {
  da: {
    contents: 'Indhold',
    page: 'Side',
    of: 'af',
    description: 'Evalueringsrapport skrevet af værktøjet effekt',
  },
  en: {
    contents: 'Contents',
    page: 'Page',
    of: 'of',
    description: 'Evaluation report written by effekt',
  },
} as const;

/** Is this heading the summary that comes before the table of contents? */
const SUMMARY = /^(Sammenfatning|Summary)$/;

/**
 * The Word document as bytes. `figures(file)` gives each figure's PNG (bare) and its own note.
 * With `ready`, a figure may come without its PNG but with its size (`FigureAsset.size`): the
 * document is built and laid out while the PNGs render (on other threads), and gets their bytes
 * once `ready` resolves (by then every asset holds its PNG). Should a PNG's size differ from the
 * one predicted, the document is built again with the PNGs, so the bytes are those of building
 * it with the PNGs at hand.
 */
export async function renderDocx(
  blocks: Block[],
  lang: Lang,
  figures: (file: string) => FigureAsset | undefined,
  ready?: Promise<unknown>,
): Promise<Buffer> {
  const figureAssets = blocks.flatMap((b) => (b.kind === 'figure' ? [figures(b.file)] : []));
  // A figure with neither its PNG nor a size: nothing to lay out before the PNGs are there.
  if (ready !== undefined && figureAssets.some((a) => a && !a.png && !a.size)) await ready;
  const w = WORDS[lang];
  const children: (Paragraph | Table | TableOfContents)[] = [];
  const pictures: Pictures = new Map();
  const pending: Pending | null = ready !== undefined ? new Map() : null;
  // Title → Title style; sections → Heading 1; subsections → Heading 2.
  const level = { 2: HeadingLevel.HEADING_1, 3: HeadingLevel.HEADING_2 } as const;
  const headings = blocks.filter(
    (b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level > 1,
  );
  // The contents come after the summary when the report opens with one, else after the title.
  const firstSection = headings[0];
  // A report with a contents block (buildReport's) gets the field there; else it is placed here.
  const hasTocBlock = blocks.some((b) => b.kind === 'toc');
  const tocBefore = hasTocBlock
    ? undefined
    : firstSection && SUMMARY.test(plainText(firstSection.text))
      ? headings.find((h) => h !== firstSection && h.level === 2)
      : firstSection;
  const toc = () => [
    new Paragraph({ style: 'TOCHeading', keepNext: true, children: [new TextRun(w.contents)] }),
    new TableOfContents(w.contents, {
      hyperlink: true,
      headingStyleRange: '1-2',
      // Cached entries (no page numbers until Word updates the field) so every reader shows the
      // contents.
      cachedEntries: headings.map((h) => ({ title: plainText(h.text), level: h.level - 1 })),
    }),
  ];
  for (const b of blocks) {
    if (b === tocBefore) children.push(...toc());
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
      case 'toc':
        // The contents block: Word's TOC field (page numbers), its entries cached.
        children.push(...toc());
        break;
      case 'table':
        children.push(...tableBlock(b));
        break;
      case 'figure':
        children.push(...figureBlock(b, figures(b.file), pictures, pending));
        break;
    }
  }
  if (!tocBefore && !hasTocBlock) children.push(...toc());
  const titleBlock = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  const title = titleBlock && titleBlock.kind === 'heading' ? plainText(titleBlock.text) : 'effekt';
  const small = { size: 18, color: '595959' };
  const doc = new Document({
    creator: 'effekt',
    lastModifiedBy: 'effekt',
    title,
    description: `${w.description} ${VERSION}`,
    // Word offers to update the fields (contents, caption numbers, pages) on opening.
    features: { updateFields: true },
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
          run: { size: 20, bold: true },
          paragraph: { spacing: { before: 200, after: 80 } },
        },
        {
          id: 'TOCHeading',
          name: 'TOC Heading',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: 'Calibri', size: 30, bold: true, color: '1A1A1A' },
          paragraph: { spacing: { before: 360, after: 120 } },
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
          titlePage: true,
        },
        headers: {
          // The title page carries the title itself.
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: title, ...small })],
              }),
            ],
          }),
        },
        footers: {
          first: pageFooter(w, small),
          default: pageFooter(w, small),
        },
        children,
      },
    ],
  });
  const entries = await packageEntries(doc);
  const files = entries instanceof Uint8Array ? unzipSync(entries) : entries;
  if (pending && pending.size > 0) {
    await ready;
    for (const [key, placed] of pending) {
      const png = placed[0].asset.png;
      for (const { asset, size } of placed) {
        const got = asset.png ? pngSize(asset.png) : null;
        const same = png && asset.png && (asset.png === png || Buffer.from(asset.png).equals(png));
        if (!got || !same || got.width !== size.width || got.height !== size.height)
          return renderDocx(blocks, lang, figures);
      }
      pictures.set(key, png as Uint8Array);
    }
  }
  withPictures(files, pictures);
  return stableOfficeZip(files);
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
