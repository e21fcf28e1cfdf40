/**
 * Word, Excel and CSV as their users work with them, on a small report made
 * of blocks here (no run): Word captions are SEQ fields inside bookmarks, a
 * TOC field, PAGE/NUMPAGES in the footer, the title in the header, document
 * properties without placeholders or dates, no word broken inside a table
 * cell; Excel sheets named in the report's language, every number a number
 * cell, headers frozen and bold, columns as wide as their text, a package
 * whose parts and relationships are all there; a human CSV starts with its
 * header row.
 */

import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { tableCsv } from '../../src/report/csv.js';
import type { Block, Lang, TableBlock } from '../../src/report/document.js';
import { heading, paragraph } from '../../src/report/document.js';
import { parseDisplayQuantity } from '../../src/report/format.js';
import { fitTable, renderDocx, splitCaption } from '../../src/report/render/docx.js';
import { withDpi } from '../../src/report/render/png.js';
import { numberFormatCode, renderXlsx, sheetName } from '../../src/report/render/xlsx.js';
import { numberCaptions } from '../../src/report/report.js';

/** The smallest valid PNG (1×1, white), to stand in for a rendered figure. */
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC',
  'base64',
);

const municipalities: TableBlock = {
  kind: 'table',
  id: 'internship-variation',
  caption:
    'Andel i virksomhedspraktik: effekt pr. deltagerkommune, med ' +
    'placebo-p-værdi og krympet estimat',
  head: ['Kommune', 'Personer', 'Effekt', '95 pct. KI (pct.-point)', 'Placebo-p', 'Krympet'],
  align: ['l', 'r', 'r', 'r', 'r', 'r'],
  rows: [
    ['København (101)', '1.829', '−10,7 pct.-point', '−20,7 til −0,7', '0,064', '−6,0 pct.-point'],
    [
      'Ringkøbing-Skjern (760)',
      '166',
      '+26,4 pct.-point',
      '12,1 til 40,7',
      '< 0,001',
      '+23,1 pct.-point',
    ],
    ['Faaborg-Midtfyn (430)', '–', '–', '–', '–', '–'],
  ],
  note: 'Note under the table.',
};

function report(lang: Lang): Block[] {
  return numberCaptions(
    [
      heading(1, 'Bedre Ressourceforløb'),
      heading(2, lang === 'da' ? 'Sammenfatning' : 'Summary'),
      paragraph('Kort svar.'),
      heading(2, 'Data'),
      {
        kind: 'table',
        id: 'key',
        caption: 'Hovedresultater',
        head: ['A', 'B'],
        rows: [['x', '21,3 pct.']],
      },
      { kind: 'figure', file: 'one', caption: 'Effekt', alt: 'en figur' },
      heading(3, 'Kommuner'),
      municipalities,
      { kind: 'figure', file: 'two', caption: 'Placebo', alt: 'to', note: 'Blokkens note.' },
    ],
    lang,
  );
}

async function docxParts(lang: Lang): Promise<Record<string, string>> {
  const bytes = await renderDocx(report(lang), lang, (file) => ({
    svg: '<svg/>',
    png: PNG_1x1,
    note: `Figurens egen note (${file}).`,
  }));
  const files = unzipSync(new Uint8Array(bytes));
  return Object.fromEntries(
    Object.entries(files)
      .filter(([n]) => n.endsWith('.xml'))
      .map(([n, d]) => [n, strFromU8(d)]),
  );
}

describe('report.docx', () => {
  it('built before its PNGs are there (ready): the document of building it with them', async () => {
    const other = withDpi(PNG_1x1, 300);
    const png: Record<string, Buffer> = { one: PNG_1x1, two: other };
    const direct = unzipSync(
      new Uint8Array(
        await renderDocx(report('da'), 'da', (file) => ({
          svg: `<svg id="${file}"/>`,
          png: png[file],
        })),
      ),
    );
    // Assets with a size and no PNG until `ready` resolves.
    for (const size of [1, 2]) {
      const assets = new Map(
        ['one', 'two'].map((f) => [
          f,
          { svg: `<svg id="${f}"/>`, size: { width: 1, height: size } },
        ]),
      );
      let fill = () => {};
      const ready = new Promise<void>((resolve) => {
        fill = () => {
          for (const [f, a] of assets) Object.assign(a, { png: png[f] });
          resolve();
        };
      });
      const later = renderDocx(report('da'), 'da', (file) => assets.get(file), ready);
      setTimeout(fill, 10);
      const files = unzipSync(new Uint8Array(await later));
      // Same layout; the pictures' bytes are the PNGs (a wrong predicted size, 1 × 2, is built
      // again).
      expect(strFromU8(files['word/document.xml'])).toBe(strFromU8(direct['word/document.xml']));
      const media = (z: Record<string, Uint8Array>) =>
        Object.entries(z)
          .filter(([n]) => n.startsWith('word/media/'))
          .map(([, d]) => Buffer.from(d).toString('hex'))
          .sort();
      expect(media(files)).toEqual(media(direct));
      // Laid out before the PNGs: the entries are named by the SVGs, not the PNGs' bytes.
      const names = (z: Record<string, Uint8Array>) =>
        Object.keys(z)
          .filter((n) => n.startsWith('word/media/'))
          .sort();
      if (size === 1) expect(names(files)).not.toEqual(names(direct));
      else expect(names(files)).toEqual(names(direct));
      // The PNGs there from the start: the same bytes (they do not depend on the workers' timing).
      const early = await renderDocx(
        report('da'),
        'da',
        (file) => assets.get(file),
        Promise.resolve(),
      );
      expect(early.equals(await later)).toBe(true);
    }
  });

  it("holds each figure's PNG bytes as given, one entry per distinct picture", async () => {
    // Two pictures, different bytes (the second with a pHYs chunk), and a third figure repeating
    // the first.
    const other = withDpi(PNG_1x1, 300);
    const blocks: Block[] = [
      ...report('da'),
      { kind: 'figure', file: 'three', caption: 'Igen', alt: 'tre' },
    ];
    const png: Record<string, Buffer> = { one: PNG_1x1, two: other, three: PNG_1x1 };
    const bytes = await renderDocx(blocks, 'da', (file) => ({ svg: '<svg/>', png: png[file] }));
    const files = unzipSync(new Uint8Array(bytes));
    const media = Object.keys(files).filter((n) => /^word\/media\/.+\.png$/.test(n));
    expect(media).toHaveLength(2);
    const held = media.map((n) => Buffer.from(files[n]));
    expect(held.some((b) => b.equals(PNG_1x1))).toBe(true);
    expect(held.some((b) => b.equals(other))).toBe(true);
    // The document's three drawings point at them: two at the first, one at the second.
    const rels = strFromU8(files['word/_rels/document.xml.rels']);
    const doc = strFromU8(files['word/document.xml']);
    const target = (rid: string) =>
      (new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels) ?? [])[1];
    const used = [...doc.matchAll(/<a:blip r:embed="(\w+)"/g)].map((m) => target(m[1]));
    expect(used).toHaveLength(3);
    expect(used[0]).toBe(used[2]);
    expect(`word/${used[1]}`).toBe(media.find((n) => Buffer.from(files[n]).equals(other)));
  });

  it('tables: cell margins and the absent side borders said once per table', async () => {
    const x = (await docxParts('da'))['word/document.xml'];
    const tables = x.split('<w:tbl>').slice(1);
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) {
      const pr = t.slice(0, t.indexOf('</w:tblPr>'));
      // 60 twips left and right in every cell; no vertical lines anywhere.
      expect(pr).toMatch(
        /<w:tblCellMar><w:left w:type="dxa" w:w="60"\/><w:right w:type="dxa" w:w="60"\/>/,
      );
      for (const side of ['left', 'right', 'insideV'])
        expect(pr).toMatch(new RegExp(`<w:${side} w:val="none"`));
    }
    expect(x).not.toMatch(/<w:tcMar>/);
    // Header cells bold; body cells name no weight at all.
    expect(x).toMatch(/<w:tblHeader\/>(?:(?!<\/w:tr>).)*<w:b\/>/);
    expect(x).not.toMatch(/<w:b w:val="false"\/>/);
    expect(x).not.toMatch(/<w:tcBorders>(?:(?!<\/w:tcBorders>).)*<w:(left|right) /);
  });

  it('numbers captions with SEQ fields inside bookmarks, one per caption', async () => {
    const x = (await docxParts('da'))['word/document.xml'];
    const seq = [
      ...x.matchAll(/<w:fldSimple w:instr="SEQ (\w+) \\\* ARABIC">[\s\S]*?<w:t[^>]*>(\d+)</g),
    ].map((m) => `${m[1]} ${m[2]}`);
    expect(seq).toEqual(['Tabel 1', 'Figur 1', 'Tabel 2', 'Figur 2']);
    const names = [...x.matchAll(/<w:bookmarkStart\b[^>]*w:name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['Tabel_1', 'Figur_1', 'Tabel_2', 'Figur_2']);
    // every bookmark has its own id, and each end closes its start
    const starts = [...x.matchAll(/<w:bookmarkStart\b[^>]*w:id="(\d+)"/g)].map((m) => m[1]);
    const ends = [...x.matchAll(/<w:bookmarkEnd\b[^>]*w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(starts).size).toBe(4);
    expect(ends).toEqual(starts);
    expect(splitCaption('Figur 12. Effekt: x')).toEqual({
      label: 'Figur',
      n: '12',
      rest: 'Effekt: x',
    });
  });

  it('has a TOC field after the summary, with its entries cached', async () => {
    for (const lang of ['da', 'en'] as const) {
      const x = (await docxParts(lang))['word/document.xml'];
      expect(x).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;/);
      const at = (s: string) => x.indexOf(s);
      const contents = lang === 'da' ? 'Indhold' : 'Contents';
      const summary = lang === 'da' ? 'Sammenfatning' : 'Summary';
      // after the summary (heading and text), before the next section
      expect(at(`>${summary}<`)).toBeGreaterThan(0);
      expect(at(`>${contents}<`)).toBeGreaterThan(at('>Kort svar.<'));
      expect(at(`>${contents}<`)).toBeLessThan(x.lastIndexOf('>Data<'));
      // cached entries: the sections and subsections
      expect(x).toMatch(/w:pStyle w:val="TOC2"[\s\S]*?>Kommuner</);
    }
  });

  it('puts the page number in the footer and the title in the header', async () => {
    const parts = await docxParts('da');
    const footers = Object.entries(parts).filter(([n]) => /^word\/footer\d*\.xml$/.test(n));
    expect(footers.length).toBeGreaterThan(0);
    for (const [, f] of footers) {
      expect(f).toMatch(/<w:instrText[^>]*>PAGE</);
      expect(f).toMatch(/<w:instrText[^>]*>NUMPAGES</);
      expect(f).toContain('>Side <');
    }
    const headers = Object.entries(parts).filter(([n]) => /^word\/header\d*\.xml$/.test(n));
    expect(headers.some(([, h]) => h.includes('>Bedre Ressourceforløb<'))).toBe(true);
    expect(parts['word/settings.xml']).toMatch(
      /<w:updateFields w:val="true"\/>|<w:updateFields\/>/,
    );
  });

  it('names the title and effekt in the properties, with no placeholder and no date', async () => {
    const core = (await docxParts('da'))['docProps/core.xml'];
    expect(core).toContain('<dc:title>Bedre Ressourceforløb</dc:title>');
    expect(core).toContain('<dc:creator>effekt</dc:creator>');
    expect(core).toMatch(
      /<dc:description>Evalueringsrapport skrevet af værktøjet effekt \d+\.\d+\.\d+/,
    );
    expect(core).not.toMatch(/Un-named|2000-01-01|dcterms:created|dcterms:modified/);
  });

  it('puts the figure’s own note under a figure whose block has none', async () => {
    const x = (await docxParts('da'))['word/document.xml'];
    expect(x).toContain('Figurens egen note (one).');
    expect(x).toContain('Blokkens note.');
    expect(x).not.toContain('Figurens egen note (two).');
  });

  it('gives every column its longest word, in smaller type when the page needs it', () => {
    const { size, widths } = fitTable(municipalities);
    // "Ringkøbing-Skjern" (17 letters) at 110 twips a letter at 8.5 pt, plus 160 twips of margins
    expect(widths[0]).toBeGreaterThanOrEqual(Math.floor(((17 * 110 * size) / 17 + 160) * 0.999));
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(9071);
    // A table too wide for 8.5 pt goes down to 7.5 or 7 pt before any word would break.
    const wide: TableBlock = {
      ...municipalities,
      head: Array(9).fill('Sammenligningskommuner'),
      align: Array(9).fill('l'),
      rows: [Array(9).fill('Sammenligningskommuner')],
    };
    expect(fitTable(wide).size).toBeLessThan(17);
  });
});

async function workbook(blocks: Block[], lang: Lang) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await renderXlsx(blocks, lang));
  return wb;
}

describe('tables.xlsx', () => {
  it('names sheets in the report’s language, readable, unique, at most 31 characters', async () => {
    expect(
      sheetName(7, 'Tabel 7. Andel i virksomhedspraktik: effekt pr. deltagerkommune, med placebo'),
    ).toBe('7 Effekt pr. deltagerkommune');
    expect(sheetName(1, 'Tabel 1. Hovedresultater')).toBe('1 Hovedresultater');
    expect(sheetName(3, 'Table 3. Persons read, in the cohorts and excluded')).toBe(
      '3 Persons read',
    );
    const long = sheetName(
      19,
      'Tabel 19. Fidelitetsgrad fordelt på kerneelementer ved start og slut',
    );
    expect(long.length).toBeLessThanOrEqual(31);
    expect(long).toBe('19 Fidelitetsgrad fordelt på');
    const wb = await workbook(report('da'), 'da');
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(['1 Hovedresultater', '2 Effekt pr. deltagerkommune']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('writes every number as a number cell that prints as the report does', async () => {
    const wb = await workbook(report('da'), 'da');
    const ws = wb.getWorksheet('2 Effekt pr. deltagerkommune')!;
    const row = ws.getRow(3);
    expect(row.getCell(2).value).toBe(1829);
    expect(row.getCell(2).numFmt).toBe('#,##0');
    expect(row.getCell(3).value).toBe(-10.7);
    expect(row.getCell(3).numFmt).toBe(
      '+0.0" pct.-point";"\u2212"0.0" pct.-point";0.0" pct.-point"',
    );
    expect(row.getCell(4).value).toBe('−20,7 til −0,7'); // an interval stays text
    expect(row.getCell(5).value).toBe(0.064);
    expect(ws.getRow(4).getCell(5).value).toBe('< 0,001');
    // no cell anywhere holds a number as text
    for (const w of wb.worksheets)
      w.eachRow((r, i) => {
        if (i < 2) return;
        r.eachCell((c) => {
          if (typeof c.value === 'string')
            expect(parseDisplayQuantity(c.value, 'da'), `${w.name}: ${c.value}`).toBeNull();
        });
      });
    expect(numberFormatCode(1, false, false, 'pct.')).toBe(
      '0.0" pct.";"\u2212"0.0" pct.";0.0" pct."',
    );
    expect(numberFormatCode(2, false)).toBe('0.00');
  });

  it('keeps caption and headers in view, bold, and each column as wide as its text', async () => {
    const wb = await workbook(report('da'), 'da');
    expect(wb.creator).toBe('effekt');
    expect(wb.title).toBe('Bedre Ressourceforløb');
    const ws = wb.getWorksheet('2 Effekt pr. deltagerkommune')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 12 });
    expect(ws.getCell('A1').value).toBe(
      'Tabel 2. Andel i virksomhedspraktik: effekt pr. deltagerkommune, med ' +
        'placebo-p-værdi og krympet estimat',
    );
    for (const [col, horizontal] of [
      ['A', 'left'],
      ['D', 'right'],
    ]) {
      const c = ws.getCell(`${col}2`);
      expect(c.font.bold).toBe(true);
      expect(c.alignment).toMatchObject({ horizontal, vertical: 'bottom', wrapText: true });
      expect(c.border.bottom?.style).toBe('thin');
    }
    // text cells in a right-aligned column stay right-aligned
    expect(ws.getCell('D3').alignment?.horizontal).toBe('right');
    // the note one row below the table, small and italic
    expect(ws.getCell('A7').value).toBe('Note under the table.');
    expect(ws.getCell('A7').font).toMatchObject({ italic: true, size: 9 });
    // widths by hand: the longest cell + 2 characters, or 0.9 per header character, 8 to 40:
    // "Ringkøbing-Skjern (760)" 23 + 2; "1.829" 7 < 8; "+26,4 pct.-point" 16 + 2;
    // header "95 pct. KI (pct.-point)" 23 × 0.9; "< 0,001" 7 + 2; "+23,1 pct.-point" 16 + 2
    const widths = ws.columns.map((c) => Math.round((c.width ?? 0) * 1e9) / 1e9);
    expect(widths).toEqual([25, 8, 18, 20.7, 9, 18]);
  });

  it('wraps text longer than the widest column (40) and makes its row tall enough', async () => {
    const label = 'Andel med ordinære løntimer, stadig i programmet'; // 48 characters: 2 lines
    const blocks: Block[] = [
      {
        kind: 'table',
        id: 'wrap',
        caption: 'Tabel 1. Hovedresultater',
        head: ['Udfald', 'Estimat'],
        rows: [
          ['Andel i virksomhedspraktik', '+10,5'],
          [label, '−0,3'],
        ],
      },
    ];
    const ws = (await workbook(blocks, 'da')).worksheets[0];
    expect(ws.getColumn(1).width).toBe(40);
    expect(ws.getCell('A4').value).toBe(label);
    expect(ws.getCell('A4').alignment).toMatchObject({ wrapText: true });
    expect(ws.getRow(4).height).toBe(30);
    // one line: no wrap, the default height
    expect(ws.getCell('A3').alignment?.wrapText).toBeFalsy();
    expect(ws.getRow(3).height).toBeUndefined();
  });

  it('is a complete package: every part typed, every relationship’s target there', async () => {
    const files = unzipSync(new Uint8Array(await renderXlsx(report('en'), 'en')));
    const types = strFromU8(files['[Content_Types].xml']);
    const overrides = [...types.matchAll(/PartName="\/([^"]+)"/g)].map((m) => m[1]);
    const defaults = [...types.matchAll(/Default Extension="([^"]+)"/g)].map((m) => m[1]);
    for (const name of Object.keys(files).filter((n) => n !== '[Content_Types].xml'))
      expect(overrides.includes(name) || defaults.includes(name.split('.').pop()!), name).toBe(
        true,
      );
    for (const o of overrides) expect(files[o], o).toBeDefined();
    for (const [name, data] of Object.entries(files)) {
      if (!name.endsWith('.rels')) continue;
      const dir = name.replace(/_rels\/[^/]+$/, '');
      for (const m of strFromU8(data).matchAll(/Target="([^"]+)"/g))
        expect(files[dir + m[1]], `${name} → ${m[1]}`).toBeDefined();
    }
  });

  it('has no placeholder date in its properties', async () => {
    const files = unzipSync(new Uint8Array(await renderXlsx(report('en'), 'en')));
    const core = strFromU8(files['docProps/core.xml']);
    expect(core).not.toMatch(/2000-01-01|1970|dcterms:created|dcterms:modified/);
    expect(core).toContain('<dc:creator>effekt</dc:creator>');
  });
});

describe('tables/*.csv', () => {
  it('begins with the header row; units go to the header, numbers stay numbers', () => {
    const csv = tableCsv(municipalities, 'da');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Kommune;Personer;Effekt (pct.-point);95 pct. KI (pct.-point);Placebo-p;Krympet (pct.-point)',
    );
    expect(lines[1]).toBe('København (101);1829;-10,7;−20,7 til −0,7;0,064;-6,0');
    expect(lines[2]).toBe('Ringkøbing-Skjern (760);166;26,4;12,1 til 40,7;< 0,001;23,1');
    expect(lines).toHaveLength(5); // header, three rows, the final line end
    const en = tableCsv(municipalities, 'en').slice(1).split('\r\n');
    expect(en[0].startsWith('Kommune,Personer,')).toBe(true);
  });
});
