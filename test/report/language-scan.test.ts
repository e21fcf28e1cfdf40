/**
 * Every word of every output in the report's language. One run per language
 * on an extract simulated here with a spec that names every outcome, state,
 * survey item and element and moderator in both languages; the text of each
 * output is extracted (SVG text, <title> and <desc>; the docx's XML text,
 * header, footer and properties; xlsx sheet names and strings; the HTML's
 * text and alt texts; the human CSVs' header rows; the terminal summary) and
 * scanned for words of the other language.
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { summary } from '../../src/cli/run.js';
import type { Lang } from '../../src/report/document.js';
import type { Results } from '../../src/results/results.js';
import { resolveParams, simulateToFiles } from '../../src/simulate/index.js';
import { loadSpec } from '../../src/spec/spec.js';
import { tmpFolder } from '../helpers/tmp.js';

/**
 * English words that have no place in a Danish report (words Danish shares —
 * "note", "start", "data", "median", "placebo", "test", "reference",
 * "interval", "element", "end", "to", "at", "for" — are left out).
 */
const ENGLISH = [
  'the',
  'and',
  'of',
  'with',
  'without',
  'by',
  'in',
  'on',
  'is',
  'are',
  'was',
  'were',
  'not',
  'no',
  'from',
  'than',
  'which',
  'when',
  'each',
  'every',
  'after',
  'only',
  'more',
  'less',
  'fewer',
  'this',
  'that',
  'these',
  'there',
  'its',
  'their',
  'as',
  'or',
  'between',
  'against',
  'above',
  'below',
  'effect',
  'effects',
  'share',
  'shares',
  'week',
  'weeks',
  'participants',
  'participating',
  'comparison',
  'estimate',
  'estimated',
  'estimates',
  'programme',
  'survival',
  'percentage',
  'points',
  'confidence',
  'intervals',
  'figure',
  'table',
  'before',
  'during',
  'persons',
  'hazard ratio',
  'calendar',
  'municipality',
  'municipalities',
  'warning',
  'among',
  'cohort',
  'cohorts',
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
  'method',
  'notes',
  'standard error',
  'clustered',
  'degrees',
  'freedom',
  'outcome',
  'measure',
  'key results',
  'entry',
  'followed',
  'software',
  'sorted',
  'treated',
  'line',
  'dashed',
  'green',
  'yellow',
  'red',
  'elements',
  'items',
  'questions',
  'significant',
  'marked',
  'filled',
  'starred',
  'quantiles',
  'weighted',
  'least-squares',
  'distribution',
  'other',
  'activity',
  'benefit',
  'died',
  'emigrated',
  'ordinary',
  'hidden',
  'answers',
  'respondents',
  'fidelity',
  'change',
  'band',
  'bands',
  'shrunken',
  'shaded',
  'left out',
  'not informative',
  'event time',
  'event times',
  'rounds',
  'period',
  'periods',
  'seed',
  'draws',
  'agreeing',
  'follow-up',
  'still',
  'started',
  'contents',
  'page',
  'yes',
  'none',
  'unknown',
  'reason',
];

/**
 * Danish words that have no place in an English report (shared words —
 * "start", "data", "placebo", "median", "under", "test", "side" — left out).
 */
const DANISH = [
  'og',
  'af',
  'til',
  'ikke',
  'på',
  'med',
  'efter',
  'før',
  'eller',
  'der',
  'som',
  'den',
  'det',
  'fra',
  'ved',
  'hver',
  'alle',
  'mod',
  'blandt',
  'uge',
  'uger',
  'kommune',
  'kommuner',
  'andel',
  'andele',
  'effekten',
  'deltagere',
  'deltagerkommuner',
  'sammenligningskommuner',
  'sammenligning',
  'forløb',
  'forløbet',
  'praktik',
  'virksomhedspraktik',
  'konfidensinterval',
  'procentpoint',
  'pct',
  'hændelse',
  'hændelser',
  'personer',
  'estimat',
  'estimater',
  'samlet',
  'tabel',
  'figur',
  'bemærk',
  'skjult',
  'krympet',
  'fordeling',
  'tilstand',
  'svar',
  'spørgsmål',
  'kerneelement',
  'kerneelementer',
  'grøn',
  'gul',
  'rød',
  'signifikant',
  'indhold',
  'løntimer',
  'programmet',
  'kohorte',
  'førkohorte',
  'programkohorte',
  'udeladt',
  'advarsler',
  'ingen',
  'mindst',
  'mellem',
  'omkring',
  'stiplet',
  'linje',
  'bånd',
  'enige',
  'slut',
  'opfølgning',
  'fidelitet',
  'hvor',
  'endnu',
];

/**
 * The words of `list` found in `text` as whole words (letters on neither side), case-insensitive.
 */
function wordsIn(text: string, list: readonly string[]): string[] {
  return list.filter((w) =>
    new RegExp(
      `(^|[^\\p{L}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}([^\\p{L}]|$)`,
      'iu',
    ).test(text),
  );
}

/**
 * Text that is no language: the tool's name and version, file names, ISO weeks, checksums, R-like
 * code.
 */
function neutral(text: string): string {
  return (
    text
      .replace(/effekt \(version \d+\.\d+\.\d+\)|effekt \d+\.\d+\.\d+/g, '')
      .replace(/`[^`]*`/g, '')
      .replace(/\b[\w-]+\.(csv|json|svg|png|docx|xlsx|md|html)\b/g, '')
      .replace(/figures\/[\w.-]+/g, '')
      .replace(/\d{4}-W\d{2}/g, '')
      .replace(/SHA-256 \S+/g, '')
      .replace(/--[a-z-]+/g, '')
      // spec keys (cohorts.before.until, pooled.weeks) are names, in docx and HTML without their
      // code marks
      .replace(/\b[a-z]\w*(\.[a-z]\w*)+\b/gi, '')
      // covariate names and levels are the extract's own words ("herkomst: ikke-vestlig")
      .replace(/\b(alder|koen|herkomst|civilstand)\b:?[^|\n]*/g, '')
  );
}

const unescapeXml = (t: string) =>
  t
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Text of every output of a report folder, by output. */
function outputTexts(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(path.join(dir, 'figures')).filter((x) => x.endsWith('.svg'))) {
    const svg = readFileSync(path.join(dir, 'figures', f), 'utf8');
    out[`figures/${f}`] = unescapeXml(
      [...svg.matchAll(/<(text|title|desc|tspan)\b[^>]*>([^<]*)</g)].map((m) => m[2]).join('\n'),
    );
  }
  const docx = unzipSync(new Uint8Array(readFileSync(path.join(dir, 'report.docx'))));
  for (const [name, data] of Object.entries(docx)) {
    if (!/^(word\/(document|header\d*|footer\d*)|docProps\/core)\.xml$/.test(name)) continue;
    const xml = strFromU8(data);
    const texts = [
      ...[...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]),
      ...[...xml.matchAll(/<(dc:title|dc:description)>([^<]*)</g)].map((m) => m[2]),
      ...[...xml.matchAll(/\sdescr="([^"]*)"/g)].map((m) => m[1]),
    ];
    out[`report.docx:${name}`] = unescapeXml(texts.join('\n'));
  }
  const xlsx = unzipSync(new Uint8Array(readFileSync(path.join(dir, 'tables.xlsx'))));
  const wb = strFromU8(xlsx['xl/workbook.xml']);
  const strings = Object.entries(xlsx)
    .filter(([n]) => /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(n))
    .flatMap(([, d]) =>
      [...strFromU8(d).matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => m[1]),
    );
  out['tables.xlsx'] = unescapeXml(
    [...[...wb.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]), ...strings].join('\n'),
  );
  const html = readFileSync(path.join(dir, 'report.html'), 'utf8').replace(/data:[^"]+/g, '');
  out['report.html'] = unescapeXml(
    [
      html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '\n'),
      ...[...html.matchAll(/\salt="([^"]*)"/g)].map((m) => m[1]),
    ].join('\n'),
  );
  out['report.md'] = readFileSync(path.join(dir, 'report.md'), 'utf8').replace(/\]\([^)]*\)/g, ']');
  for (const f of readdirSync(path.join(dir, 'tables')))
    out[`tables/${f}`] = readFileSync(path.join(dir, 'tables', f), 'utf8').split(/\r?\n/)[0];
  return out;
}

describe('every output in the report’s language', () => {
  const dir = tmpFolder('effekt-scan-');
  const runs: Partial<Record<Lang, { out: string; results: Results }>> = {};
  let specFile = '';
  beforeAll(async () => {
    // An extract and seed used nowhere else; every name given in both languages.
    await simulateToFiles(resolveParams('brf', 2500, 41), path.join(dir, 'sim'));
    specFile = path.join(dir, 'sim', 'spec.json');
    const raw = JSON.parse(readFileSync(specFile, 'utf8'));
    raw.title = { en: 'Evaluation of the programme', da: 'Evaluering af indsatsen' };
    raw.states = {
      internship: { codes: raw.codes.internship, title: { en: 'In internship', da: 'I praktik' } },
    };
    raw.outcomes.forEach((o: { title: unknown }, i: number) => {
      o.title = { en: `Outcome number ${i + 1}`, da: `Udfald nummer ${i + 1}` };
    });
    // PNGs at 30 dpi: the words are scanned here; test/report/report.test.ts checks print size.
    raw.report = { ...raw.report, dpi: 30 };
    writeFileSync(specFile, JSON.stringify(raw));
    for (const lang of ['da', 'en'] as const) {
      const out = path.join(dir, lang);
      const r = await runEvaluation(specFile, { out, bootstrap: 19, lang });
      runs[lang] = { out, results: r.results };
    }
  });

  for (const [lang, other, list] of [
    ['da', 'English', ENGLISH],
    ['en', 'Danish', DANISH],
  ] as const) {
    it(`--lang ${lang}: no ${other} word in any output`, () => {
      const run = runs[lang]!;
      const texts = outputTexts(run.out);
      const spec = loadSpec(specFile);
      texts.terminal = summary(run.results, run.out, 40, 1234, spec, lang)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour escapes
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\n')
        .filter((l) => !/^(Rapport|Report): /.test(l))
        .join('\n');
      expect(Object.keys(texts).filter((k) => k.startsWith('figures/')).length).toBeGreaterThan(15);
      const found: Record<string, string[]> = {};
      for (const [name, text] of Object.entries(texts)) {
        const words = wordsIn(neutral(text), list);
        if (words.length > 0) found[name] = words;
      }
      expect(JSON.stringify(found, null, 1).replace(/\n\s*/g, ' ')).toBe('{}');
    });
  }

  it('the scan finds the other language when it is there', () => {
    expect(wordsIn('Effekt pr. deltagerkommune: Share in company internship', ENGLISH)).toEqual([
      'in',
      'share',
      'internship',
    ]);
    expect(wordsIn('Effect by week, sorteret efter effekt', DANISH)).toEqual(['efter']);
    expect(wordsIn(neutral('lavet med effekt 0.1.0 i `internship-weeks.csv`'), ENGLISH)).toEqual(
      [],
    );
  });
});
