/**
 * The report in Danish and English, in every format: number formatting by
 * hand, no English left in a Danish report on an extract simulated here
 * (not the shipped sample), numbered distinct captions, a self-contained
 * HTML file, every figure in Word, tables in Excel as numbers, Danish CSVs,
 * report.tableWeeks, and --min-cell hiding the same values in every format.
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { summary } from '../../src/cli/run.js';
import { reportContext } from '../../src/report/context.js';
import { type Block, paragraph } from '../../src/report/document.js';
import {
  count,
  numberFormat,
  parseDisplayNumber,
  parseDisplayQuantity,
  percent,
  pp,
  pValue,
} from '../../src/report/format.js';
import { columnWidths, renderDocx } from '../../src/report/render/docx.js';
import { inlineRuns } from '../../src/report/render/inline.js';
import { numberCaptions, warningText } from '../../src/report/report.js';
import type { Results, ResultWarning } from '../../src/results/results.js';
import { resolveParams, simulateToFiles } from '../../src/simulate/index.js';
import { loadSpec, resolveSpec } from '../../src/spec/spec.js';
import { tmpFolder } from '../helpers/tmp.js';

describe('number formats per language', () => {
  const da = numberFormat('da');
  const en = numberFormat('en');
  it('Danish: decimal comma, thousands point, pct., pct.-point, true minus, p < 0,001', () => {
    expect(da.percent(0.2134)).toBe('21,3 pct.');
    expect(da.pp(0.102)).toBe('+10,2 pct.-point');
    expect(da.pp(-0.031)).toBe('\u22123,1 pct.-point');
    expect(da.ppNumber(-0.0049)).toBe('\u22120,5');
    expect(da.count(36489)).toBe('36.489');
    expect(da.count(1234567)).toBe('1.234.567');
    expect(da.count(999)).toBe('999');
    expect(da.fixed(1234.5, 1)).toBe('1.234,5');
    expect(da.pValue(0.0004)).toBe('p < 0,001');
    expect(da.pValue(0.0123)).toBe('p = 0,012');
    // Three decimals below 0.1: 0.045 never prints as 0.05 (nor, by binary rounding, as 0.04).
    expect(da.pValue(0.045)).toBe('p = 0,045');
    expect(en.pValue(0.045)).toBe('p = 0.045');
    expect(en.pValue(0.0455)).toBe('p = 0.046');
    expect(en.pValue(0.105)).toBe('p = 0.11');
    expect(en.pCell(0.045)).toBe('0.045');
    expect(da.pValue(0.0053)).toBe('p = 0,005');
    expect(da.pValue(0.4349)).toBe('p = 0,43');
    expect(da.levelLabel(0.9)).toBe('90 pct.');
    expect(da.levelLabel(0.975)).toBe('97,5 pct.');
    expect(da.ciLabel(0.95)).toBe('95 pct. konfidensinterval');
    expect(da.ppRange(-0.012, 0.034)).toBe('\u22121,2 til 3,4');
  });
  it('English: decimal point, thousands comma, %, pp; the old exports keep their output', () => {
    expect(en.percent(0.2134)).toBe('21.3 %');
    expect(en.pp(-0.031)).toBe('\u22123.1 pp');
    expect(en.count(36489)).toBe('36,489');
    expect(en.ciLabel(0.9)).toBe('90 % CI');
    expect(percent(0.2134)).toBe('21.3 %');
    expect(pp(0.102)).toBe('+10.2 pp');
    expect(count(36489)).toBe('36,489');
    expect(pValue(0.0004)).toBe('p < 0.001');
  });
  it('rounds half away from zero, and −0.0 shows no sign', () => {
    expect(da.ppNumber(0.00125, 2)).toBe('0,13');
    expect(da.ppNumber(-0.00125, 2)).toBe('\u22120,13');
    expect(da.signed(-0.004)).toBe('0,00');
  });
  it('reads numbers back as the report printed them', () => {
    expect(parseDisplayNumber('1.848', 'da')).toEqual({ value: 1848, decimals: 0 });
    expect(parseDisplayNumber('\u221210,7', 'da')).toEqual({ value: -10.7, decimals: 1 });
    expect(parseDisplayNumber('+12,3', 'da')).toEqual({ value: 12.3, decimals: 1 });
    expect(parseDisplayNumber('0,005', 'da')).toEqual({ value: 0.005, decimals: 3 });
    expect(parseDisplayNumber('1,848', 'en')).toEqual({ value: 1848, decimals: 0 });
    expect(parseDisplayNumber('0.43', 'en')).toEqual({ value: 0.43, decimals: 2 });
    for (const t of ['< 0,001', '2016-W01', '771, 772', 'København (101)', '–', '2.5', ''])
      expect(parseDisplayNumber(t, 'da')).toBeNull();
  });
});

describe('warnings in Danish', () => {
  it('says every warning the pipeline writes in Danish', () => {
    const spec = resolveSpec(
      {
        name: 'x',
        data: { path: 'd.csv' },
        codes: { programme: ['771'] },
        treated: ['165'],
        cohorts: {
          before: { entry: ['2016-W01', '2016-W52'], until: '2017-W52' },
          during: { entry: ['2017-W01', '2018-W52'], until: '2018-W52' },
        },
        outcomes: [{ id: 'h', type: 'share', state: 'hours', population: 'started' }],
      },
      '/tmp/spec.json',
    );
    const ctx = reportContext(spec, 'da', 0.95, 0);
    // Worded from the code and values, never from the English message (here left empty).
    const w = (code: string, values: ResultWarning['values'] = {}): ResultWarning => ({
      code,
      message: '',
      values,
    });
    const warnings = [
      w('treated-without-members', { municipalities: ['165'] }),
      w('treated-without-members', { municipalities: ['165', '430'] }),
      w('no-starts'),
      w('empty-cell', { group: 'treated', cohort: 'before' }),
      w('code-not-in-extract', {
        where: 'codes.censor[0]',
        code: '998',
        range: '2015-W40–2019-W38',
      }),
      w('week-columns-missing', { weeks: 3 }),
      w('no-hours-columns', { outcome: 'h' }),
      w('survey-file-not-read', { block: 'fidelity' }),
      w('something-new'),
    ];
    const da = warnings.map((w) => warningText(ctx, w));
    for (const d of da) expect(englishIn(d), d).toEqual([]);
    expect(da[3]).toBe(
      'gruppen Deltagerkommuner, førkohorte 2016 har ingen medlemmer: ingen effekt kan estimeres',
    );
    expect(da[6]).toContain('Andel med ordinære løntimer, blandt alle der er startet');
    expect(new Set(da).size).toBe(da.length);
  });
});

describe('captions and inline markup', () => {
  it('numbers tables and figures separately, in the language', () => {
    const blocks: Block[] = [
      { kind: 'table', id: 'a', caption: 'A', head: ['x'], rows: [] },
      { kind: 'figure', file: 'f', caption: 'F', alt: 'f' },
      paragraph('p'),
      { kind: 'table', id: 'b', caption: 'B', head: ['x'], rows: [] },
    ];
    const da = numberCaptions(blocks, 'da').flatMap((b) =>
      b.kind === 'table' || b.kind === 'figure' ? [b.caption] : [],
    );
    expect(da).toEqual(['Tabel 1. A', 'Figur 1. F', 'Tabel 2. B']);
    const en = numberCaptions(blocks, 'en').flatMap((b) =>
      b.kind === 'table' || b.kind === 'figure' ? [b.caption] : [],
    );
    expect(en).toEqual(['Table 1. A', 'Figure 1. F', 'Table 2. B']);
  });
  it('splits bold, italic and code runs', () => {
    expect(inlineRuns('a **b** *c* `d`')).toEqual([
      { text: 'a ' },
      { text: 'b', bold: true },
      { text: ' ' },
      { text: 'c', italic: true },
      { text: ' ' },
      { text: 'd', code: true },
    ]);
  });
});

/** The smallest valid PNG (1×1, white), to stand in for a rendered figure. */
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC',
  'base64',
);

describe('Word', () => {
  it('gives number columns room for their numbers and header words, text columns the rest', () => {
    const t = {
      kind: 'table' as const,
      id: 't',
      caption: 'T',
      head: ['Outcome', 'Measure', 'Estimate', 'p (bootstrap)'],
      align: ['l', 'l', 'r', 'r'] as ('l' | 'r')[],
      rows: [
        [
          'Share with ordinary paid hours, still in the programme',
          'Effect, pp (weeks 53–104)',
          '+10.5',
          '< 0.001',
        ],
      ],
    };
    const w = columnWidths(t, 9000);
    expect(w.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(9000);
    expect(w.reduce((x, y) => x + y, 0)).toBeGreaterThan(8990);
    // "Estimate" (8 letters, bold: 10 characters' worth at 110 twips + 160 padding), "(bootstrap)"
    // 11 → 13
    expect(w[2]).toBeGreaterThanOrEqual(10 * 110 + 160);
    expect(w[3]).toBeGreaterThanOrEqual(13 * 110 + 160);
    expect(w[0]).toBeGreaterThan(w[1]);
    // too wide for the page: everything shrinks in proportion
    const wide = {
      ...t,
      head: Array(12).fill('Percentage'),
      align: Array(12).fill('r'),
      rows: [Array(12).fill('1,234,567.8')],
    };
    const ww = columnWidths(wide, 9000);
    expect(new Set(ww).size).toBe(1);
    expect(ww[0] * 12).toBeLessThanOrEqual(9000);
  });
  it('puts every figure in as a PNG, with its caption under it', async () => {
    const blocks: Block[] = numberCaptions(
      [
        { kind: 'figure', file: 'one', caption: 'One', alt: 'one' },
        paragraph('text'),
        { kind: 'figure', file: 'two', caption: 'Two', alt: 'two', note: 'Note two.' },
      ],
      'en',
    );
    const bytes = await renderDocx(blocks, 'en', () => ({ svg: '<svg/>', png: PNG_1x1 }));
    const files = unzipSync(new Uint8Array(bytes));
    expect(
      Object.keys(files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png')),
    ).toHaveLength(1); // same bytes, stored once
    const xml = strFromU8(files['word/document.xml']);
    expect(xml.match(/<pic:pic\b/g)).toHaveLength(2);
    expect(xml).toContain('Figure 2. Two');
    // byte-identical when rendered again
    expect(
      Buffer.compare(
        bytes,
        await renderDocx(blocks, 'en', () => ({ svg: '<svg/>', png: PNG_1x1 })),
      ),
    ).toBe(0);
  });
});

// ---------------------------------------------------------------------------

/** Text of a docx, table rows as arrays of cell texts. */
function docxText(file: string): { text: string; rows: string[][] } {
  const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(file)))['word/document.xml']);
  const textOf = (x: string) =>
    [...x.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const rows = [...xml.matchAll(/<w:tr\b[\s\S]*?<\/w:tr>/g)].map((m) =>
    [...m[0].matchAll(/<w:tc\b[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0])),
  );
  const paragraphs = [...xml.matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
  return {
    text: paragraphs.join('\n').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    rows,
  };
}

/** Text of report.html without tags and data URIs; table rows as arrays. */
function htmlText(file: string): { text: string; rows: string[][] } {
  const html = readFileSync(file, 'utf8').replace(/data:[^"]+/g, '');
  const strip = (x: string) =>
    x
      .replace(/<style>[\s\S]*?<\/style>/g, '')
      .replace(/<\/?(td|th|tr|p|li|h\d|caption|figcaption)\b[^>]*>/g, ' \n ')
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"');
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => strip(c[1]).trim()),
  );
  return { text: strip(html), rows };
}

/** Every cell of every sheet: value and number format. */
async function xlsxCells(file: string): Promise<{
  sheets: string[];
  rows: (string | number | null)[][];
  cells: { v: unknown; fmt: string | undefined }[];
}> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: (string | number | null)[][] = [];
  const cells: { v: unknown; fmt: string | undefined }[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow((row) => {
      const r: (string | number | null)[] = [];
      row.eachCell({ includeEmpty: true }, (c) => {
        r.push(c.value as string | number | null);
        cells.push({ v: c.value, fmt: c.numFmt });
      });
      rows.push(r);
    });
  });
  return { sheets: wb.worksheets.map((w) => w.name), rows, cells };
}

/** English words and phrases that must not appear in a Danish report. */
const ENGLISH = [
  'the',
  'and',
  'of',
  'with',
  'without',
  'effect',
  'share',
  'shares',
  'week',
  'weeks',
  'participants',
  'participating',
  'comparison',
  'estimated',
  'estimate',
  'programme',
  'survival',
  'not reached',
  'percentage',
  'points',
  'confidence',
  'figure',
  'table',
  'note',
  'before',
  'during',
  'persons',
  'hazard ratio',
  'calendar',
  'municipality',
  'municipalities',
  'warning',
  'could not',
  'among',
  'cohort',
  'pooled',
  'lower',
  'upper',
  'events',
  'within',
  'group',
  'groups',
  'read',
  'excluded',
  'internship',
  'hours',
  'time to',
  'method',
  'notes',
  'small cells',
  'standard error',
  'clustered',
  'degrees',
  'freedom',
  'check',
  'outcome',
  'measure',
  'key results',
  'entry',
  'followed',
  'inference',
  'software',
];

function englishIn(text: string): string[] {
  // File names (figures/<outcome id>-effect.svg) are ids, not words.
  // R calls quoted in method notes ("metafor::rma(method = \"FE\")") are code, not words.
  const t = text
    .replace(/effekt (\(version )?\d+\.\d+\.\d+/g, '')
    .replace(/figures\/[\w.-]+/g, '')
    .replace(/\w+::\w+\([^)]*\)/g, '')
    // Spec paths the reader must edit ("cohorts.before.until") are the spec's keys, not words.
    .replace(/\b(?:cohorts|pooled)\.[\w.]+/g, '');
  return ENGLISH.filter((w) =>
    new RegExp(`(^|[^\\p{L}])${w.replace(/ /g, '\\s+')}([^\\p{L}]|$)`, 'iu').test(t),
  );
}

/**
 * Numbers written the English way: decimal point ("10.5"), thousands comma ("1,848"), ASCII minus
 * before a digit, "pp" or "%".
 */
function englishNumbersIn(text: string): string[] {
  const t = text
    .replace(/effekt (\(version )?\d+\.\d+\.\d+/g, '')
    .replace(/\d{4}-W\d{2}/g, '')
    .replace(/SHA-256 \S+/g, '');
  const out: string[] = [];
  for (const re of [
    /\d\.\d{1,2}(?!\d)/g,
    /\b[1-9]\d{0,2},\d{3}(?!\d)/g,
    /(^|[\s(])-\d/g,
    /\bpp\b/g,
    /\d ?%/g,
  ]) {
    for (const m of t.matchAll(re)) out.push(t.slice(Math.max(0, m.index! - 30), m.index! + 20));
  }
  return out;
}

describe('a Danish report on an extract simulated here', () => {
  const dir = tmpFolder('effekt-lang-');
  const out = path.join(dir, 'report');
  const hidden = path.join(dir, 'hidden');
  let results: Results;
  let specFile: string;
  beforeAll(async () => {
    // Seed and size not used anywhere else; titles left to the language's defaults.
    await simulateToFiles(resolveParams('brf', 3000, 29), path.join(dir, 'sim'));
    specFile = path.join(dir, 'sim', 'spec.json');
    const raw = JSON.parse(readFileSync(specFile, 'utf8'));
    delete raw.title;
    for (const o of raw.outcomes) delete o.title;
    // PNGs at 30 dpi: Word's text is what is checked here; test/report/report.test.ts checks print
    // size.
    raw.report = { language: 'da', tableWeeks: [1, 13, 52, 95, 104], dpi: 30 };
    writeFileSync(specFile, JSON.stringify(raw));
    results = (await runEvaluation(specFile, { out, bootstrap: 19 })).results;
    await runEvaluation(specFile, { out: hidden, bootstrap: 19, minCell: 100 });
  });

  it(
    'has no English phrase and no English-formatted number in report.md, ' +
      'report.html and report.docx',
    () => {
      const md = readFileSync(path.join(out, 'report.md'), 'utf8').replace(
        /!\[[^\]]*\]\([^)]*\)/g,
        '',
      );
      const html = htmlText(path.join(out, 'report.html')).text;
      const docx = docxText(path.join(out, 'report.docx')).text;
      for (const [name, text] of [
        ['md', md],
        ['html', html],
        ['docx', docx],
      ] as const) {
        expect(text.length, name).toBeGreaterThan(5000);
        expect(englishIn(text), name).toEqual([]);
        expect(englishNumbersIn(text), name).toEqual([]);
      }
      // the scan finds English when it is there
      expect(englishIn('The effect of the programme')).toEqual([
        'the',
        'of',
        'effect',
        'programme',
      ]);
      expect(englishNumbersIn('1,848 persons, +10.5 pp')).toHaveLength(3);
      // Danish numbers are there
      expect(md).toMatch(
        /pct\.-point \(95 pct\. konfidensinterval −?\d+,\d til −?\d+,\d pct\.-point, p [<=] 0,\d+\)/,
      );
      expect(md).toContain('95 pct. konfidensinterval');
      expect(md).not.toContain('intervalll');
      expect(md).toContain('Deltagerkommuner');
      expect(md).toContain('Sammenligningskommuner');
    },
  );

  it('the terminal summary is Danish too', () => {
    const spec = loadSpec(specFile);
    const text = summary(results, out, 40, 1234, spec, 'da')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour escapes
      .replace(/\x1b\[[0-9;]*m/g, '')
      .replace(/^Rapport: .*$/m, '');
    expect(englishIn(text)).toEqual([]);
    expect(englishNumbersIn(text)).toEqual([]);
    expect(text).toMatch(/Andel i virksomhedspraktik[^:\n]*: [+−]\d+,\d pct\.-point\./);
  });

  it('captions are numbered and distinct, the same in every format', () => {
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    const captions = [...md.matchAll(/^\*\*((?:Tabel|Figur) \d+\. [^*]+)\*\*/gm)].map((m) => m[1]);
    const figures = readdirSync(path.join(out, 'figures')).filter((f) => f.endsWith('.svg'));
    expect(captions.filter((c) => c.startsWith('Figur'))).toHaveLength(figures.length);
    expect(captions.filter((c) => c.startsWith('Tabel')).length).toBeGreaterThanOrEqual(8);
    const texts = captions.map((c) => c.replace(/^(Tabel|Figur) \d+\. /, ''));
    expect(new Set(texts).size).toBe(texts.length);
    captions
      .filter((c) => c.startsWith('Figur'))
      .forEach((c, i) => {
        expect(c.startsWith(`Figur ${i + 1}. `)).toBe(true);
      });
    const docx = docxText(path.join(out, 'report.docx')).text;
    const html = htmlText(path.join(out, 'report.html')).text;
    for (const c of captions) {
      expect(docx, c).toContain(c);
      expect(html, c).toContain(c);
    }
    expect(captions[0]).toBe('Tabel 1. Hovedresultater');
  });

  it('report.html needs nothing outside itself', () => {
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/\s(src|href)="(?!data:)/);
    expect(html).not.toMatch(/<(script|link|iframe|object)\b/);
    expect(html).not.toMatch(/url\(/);
    const figures = readdirSync(path.join(out, 'figures')).filter((f) => f.endsWith('.svg'));
    expect(html.match(/<img src="data:image\/(png|svg\+xml);base64,/g)).toHaveLength(
      figures.length,
    );
    expect(html).toContain('<html lang="da">');
  });

  it('tables.xlsx has one sheet per table, numbers as numbers with a display format', async () => {
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    const tables = [...md.matchAll(/^\*\*Tabel \d+\./gm)].length;
    const x = await xlsxCells(path.join(out, 'tables.xlsx'));
    expect(x.sheets).toHaveLength(tables);
    expect(x.sheets).toContain('5 Balance i baggrundsvariable');
    expect(x.sheets.every((s) => s.length <= 31 && /^\d+ \p{Lu}/u.test(s))).toBe(true);
    expect(new Set(x.sheets).size).toBe(x.sheets.length);
    const numbers = x.cells.filter((c) => typeof c.v === 'number');
    expect(numbers.length).toBeGreaterThan(200);
    expect(
      numbers.every(
        (c) => typeof c.fmt === 'string' && /^\+?(#,##)?0(\.0+)?(" [^"]+")?(;|$)/.test(c.fmt),
      ),
    ).toBe(true);
    // no cell holds a number as text
    expect(
      x.cells.filter((c) => typeof c.v === 'string' && parseDisplayQuantity(c.v, 'da') !== null),
    ).toEqual([]);
    // the pooled effect of the key-results sheet equals results.json, rounded as printed
    const key = x.rows.find(
      (r) => typeof r[0] === 'string' && r[0].startsWith('Andel i virksomhedspraktik'),
    )!;
    const o = results.outcomes.internship;
    if (o.type !== 'share') throw new Error('share outcome expected');
    expect(key[2]).toBeCloseTo(Math.round(o.pooled.estimate! * 1000) / 10, 10);
  });

  it('report.tableWeeks chooses the weekly rows, week 95 included', () => {
    const csv = readFileSync(
      path.join(
        out,
        'tables',
        readdirSync(path.join(out, 'tables')).find((f) => f.endsWith('-internship-weeks.csv'))!,
      ),
      'utf8',
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split('\r\n');
    // the header row first: the file opens in Excel as a table
    expect(lines[0].split(';')[0]).toBe('Uge');
    expect(lines.slice(1, 6).map((l) => l.split(';')[0])).toEqual(['1', '13', '52', '95', '104']);
    // Danish Excel: decimal comma, ASCII minus, no thousands point
    const cells = lines.slice(1, 6).flatMap((l) => l.split(';').slice(1, 6));
    expect(cells.every((c) => /^(-?\d+(,\d+)?|–)$/.test(c))).toBe(true);
    expect(cells.some((c) => c.includes(','))).toBe(true);
  });

  it('two runs give byte-identical docx and xlsx', async () => {
    const again = path.join(dir, 'again');
    await runEvaluation(specFile, { out: again, bootstrap: 19 });
    for (const f of ['report.docx', 'tables.xlsx', 'report.html', 'report.md']) {
      expect(
        Buffer.compare(readFileSync(path.join(out, f)), readFileSync(path.join(again, f))),
        f,
      ).toBe(0);
    }
  });

  it('--min-cell hides the same values in md, html, docx, xlsx and the tables CSVs', async () => {
    const o = results.outcomes.internship;
    if (o.type !== 'share') throw new Error('share outcome expected');
    // A municipality below 100 persons: its count and effect must not appear anywhere.
    const small = o.municipalities.find((m) => m.persons < 100 && m.estimate !== null);
    expect(small).toBeDefined();
    const f = numberFormat('da');
    const shown = [f.count(small!.persons), f.ppNumber(small!.estimate, 1, true)];
    // Week 1's cells hold fewer than 100 persons: their shares must not appear.
    const week1 = o.cells.filter((c) => c.week === 1 && c.n > 0 && c.n < 100);
    expect(week1.length).toBeGreaterThan(0);
    const rowsOf = async () => ({
      html: htmlText(path.join(hidden, 'report.html')).rows,
      docx: docxText(path.join(hidden, 'report.docx')).rows,
      md: readFileSync(path.join(hidden, 'report.md'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .map((l) =>
          l
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim()),
        ),
      xlsx: (await xlsxCells(path.join(hidden, 'tables.xlsx'))).rows.map((r) =>
        r.map((v) =>
          typeof v === 'number'
            ? Number.isInteger(v)
              ? String(v)
              : f.fixed(v, 1)
            : String(v ?? ''),
        ),
      ),
      csv: readdirSync(path.join(hidden, 'tables')).flatMap((n) =>
        readFileSync(path.join(hidden, 'tables', n), 'utf8')
          .split('\r\n')
          .map((l) => l.split(';')),
      ),
    });
    const all = await rowsOf();
    const label = (m: string) => m.includes(`(${small!.municipality})`);
    for (const [fmt, rows] of Object.entries(all)) {
      const mRows = rows.filter((r) => label(r[0] ?? ''));
      expect(mRows.length, fmt).toBeGreaterThan(0);
      for (const r of mRows) {
        // every cell is "–", empty, or a word saying why (no number)
        expect(
          r.slice(1).every((c) => c === '–' || c === '' || /^skjult\b/.test(c)),
          `${fmt}: ${r.join(' | ')}`,
        ).toBe(true);
        for (const v of shown) expect(r.slice(1), fmt).not.toContain(v);
      }
      const w1 = rows.filter((r) => r[0] === '1' && r.length >= 9);
      expect(w1.length, fmt).toBeGreaterThan(0);
      // the four share columns of week 1: hidden where the cell was small
      for (const r of w1)
        expect(r.slice(1, 5).filter((c) => c === '–').length, fmt).toBeGreaterThanOrEqual(
          week1.length,
        );
    }
    // the forest plot does not print the small municipality's count
    const svg = readFileSync(path.join(hidden, 'figures', 'internship-municipalities.svg'), 'utf8');
    expect(svg).not.toContain(`n = ${f.count(small!.persons)}<`);
  });
});
