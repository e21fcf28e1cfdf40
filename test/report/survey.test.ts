/**
 * The survey side of the report: blocks (the traffic-light table keeps a
 * symbol and a word in every coloured cell), both languages, the figures
 * (valid SVG; significance and lights carried by shape, not colour alone),
 * and the municipality file of fidelity changes.
 */
import { describe, expect, it } from 'vitest';
import { reportContext } from '../../src/report/context.js';
import type { TableBlock } from '../../src/report/document.js';
import { numberFormat } from '../../src/report/format.js';
import { fidelityModeratorCsv, surveyCsvFiles } from '../../src/report/survey/files.js';
import { surveyFigures, surveySection } from '../../src/report/survey/section.js';
import type { SurveyResults } from '../../src/results/results.js';
import { all, parseXml } from '../helpers/xml.js';

const file = (name: string) => ({
  file: `/data/${name}`,
  sha256: 'x',
  rows: 10,
  scale: [1, 5] as [number, number],
  answers_used: 9,
  excluded: {
    'empty value': 1,
    'unknown municipality': 0,
    'missing municipality': 0,
    'value out of range': 0,
  },
  unknown_municipalities: [],
  respondents: 5,
  respondents_start_only: 1,
  respondents_second_only: 0,
});
const prog = (item: string, change: number | null, significant: boolean | null) => ({
  item,
  n: change === null ? null : 40,
  mean_start: 3,
  mean_follow: change === null ? null : 3 + change,
  change,
  se: 0.1,
  ci_low: change === null ? null : change - 0.2,
  ci_high: change === null ? null : change + 0.2,
  t: 1,
  df: 39,
  p_t: 0.01,
  v: 100,
  zeros: 3,
  p_wilcoxon: 0.02,
  p_holm: 0.04,
  significant,
  unpaired_start: 0,
  unpaired_follow: 0,
  problem: change === null ? 'small-cell' : null,
});
const survey: SurveyResults = {
  level: 0.9,
  agree: [4, 5],
  files: { progression: file('progression.csv'), fidelity: file('fidelity.csv') },
  progression: [prog('q1', 0.5, true), prog('q2', -0.1, false), prog('q3', null, null)],
  fidelity: [
    {
      element: 'e1',
      n_start: 20,
      n_end: 20,
      share_start: 0.5,
      share_end: 0.65,
      change_pp: 15,
      colour: 'green',
      spread_min: 5,
      spread_max: 25,
      municipalities: 2,
      problem: null,
    },
    {
      element: 'e2',
      n_start: 20,
      n_end: 20,
      share_start: 0.5,
      share_end: 0.55,
      change_pp: 5,
      colour: 'yellow',
      spread_min: -5,
      spread_max: 5,
      municipalities: 2,
      problem: null,
    },
    {
      element: 'e3',
      n_start: 20,
      n_end: 20,
      share_start: 0.5,
      share_end: 0.3,
      change_pp: -20,
      colour: 'red',
      spread_min: -30,
      spread_max: -10,
      municipalities: 2,
      problem: null,
    },
  ],
  fidelityByMunicipality: [
    {
      municipality: '101',
      element: 'e1',
      n_start: 10,
      n_end: 10,
      share_start: 0.5,
      share_end: 0.75,
      change_pp: 25,
      colour: 'green',
      problem: null,
    },
    {
      municipality: '101',
      element: 'e2',
      n_start: 10,
      n_end: 10,
      share_start: 0.5,
      share_end: 0.45,
      change_pp: -5,
      colour: 'yellow',
      problem: null,
    },
    {
      municipality: '101',
      element: 'e3',
      n_start: 10,
      n_end: 10,
      share_start: 0.5,
      share_end: 0.2,
      change_pp: -30,
      colour: 'red',
      problem: null,
    },
    {
      municipality: '157',
      element: 'e1',
      n_start: 10,
      n_end: 10,
      share_start: 0.5,
      share_end: 0.55,
      change_pp: 5,
      colour: 'yellow',
      problem: null,
    },
    {
      municipality: '157',
      element: 'e2',
      n_start: null,
      n_end: 10,
      share_start: null,
      share_end: 0.5,
      change_pp: null,
      colour: null,
      problem: 'small-cell',
    },
    {
      municipality: '157',
      element: 'e3',
      n_start: 10,
      n_end: 10,
      share_start: 0.5,
      share_end: 0.4,
      change_pp: -10,
      colour: 'red',
      problem: null,
    },
  ],
  suppression: { min_cell: 10, progression_items_hidden: 1, fidelity_rows_hidden: 1 },
};

const tables = (lang: 'da' | 'en') =>
  surveySection(survey, reportContext(null, lang, 0.9, 10)).filter(
    (b): b is TableBlock => b.kind === 'table',
  );

describe('survey report section', () => {
  it(
    'draws the traffic lights as fills with a symbol in every filled cell, ' +
      'the same shape as the rows',
    () => {
      for (const lang of ['en', 'da'] as const) {
        const ts = tables(lang).filter((t) => t.fills);
        expect(ts.map((t) => t.id)).toEqual(['survey-fidelity', 'survey-fidelity-municipalities']);
        let filled = 0;
        for (const t of ts) {
          expect(t.fills!.map((r) => r.length)).toEqual(t.rows.map((r) => r.length));
          t.rows.forEach((row, i) => {
            row.forEach((cell, j) => {
              if (t.fills![i][j] !== null) {
                expect(cell).toMatch(/[▲■▼]/);
                filled++;
              }
            });
          });
        }
        // fidelity: end and change for 3 elements; municipalities: 5 shown cells
        expect(filled).toBe(3 * 2 + 5);
      }
    },
  );

  it("names the colour in words in the change column, in the report's language", () => {
    const [en] = tables('en').filter((t) => t.id === 'survey-fidelity');
    expect(en.rows.map((r) => r[3])).toEqual([
      '▲ +15.0 (green)',
      '■ +5.0 (yellow)',
      '▼ −20.0 (red)',
    ]);
    const [da] = tables('da').filter((t) => t.id === 'survey-fidelity');
    expect(da.rows.map((r) => r[3])).toEqual(['▲ +15,0 (grøn)', '■ +5,0 (gul)', '▼ −20,0 (rød)']);
    expect(da.caption).toMatch(/Fidelitet fordelt på kerneelementer ved start og slut/);
  });

  it(
    'marks significant items, says why a hidden item is missing, and uses ' + "the spec's level",
    () => {
      const [t] = tables('en').filter((x) => x.id === 'survey-progression');
      expect(t.rows[0][0]).toBe('**q1** ★');
      expect(t.rows[1][0]).toBe('q2');
      expect(t.rows[2].join(' ')).toMatch(/hidden: it rests on a group of fewer than 10 persons/);
      expect(t.head).toContain('90 % CI');
      expect(t.note).toMatch(/p < 0.10/);
      const [da] = tables('da').filter((x) => x.id === 'survey-progression');
      expect(da.rows[2].join(' ')).toMatch(/skjult: bygger på en gruppe med færre end 10 personer/);
      expect(da.head).toContain('90 pct. konfidensinterval');
      const muni = tables('en').find((x) => x.id === 'survey-fidelity-municipalities')!;
      expect(muni.rows[1][2]).toBe('hidden');
    },
  );

  it('formats numbers with a true minus sign and a Danish decimal comma', () => {
    expect(numberFormat('da').signed(-4.55, 1)).toBe('−4,6');
    expect(numberFormat('en').signed(5, 1, true)).toBe('+5.0');
    expect(numberFormat('en').signed(0, 1, true)).toBe('0.0');
    expect(numberFormat('en').signed(null, 1)).toBe('–');
  });
});

describe('survey figures', () => {
  const figs = surveyFigures(survey, reportContext(null, 'en', 0.9, 10));

  it('writes two valid SVGs', () => {
    expect(figs.map((f) => f.file)).toEqual(['survey-progression', 'survey-fidelity']);
    for (const f of figs) expect(() => parseXml(f.svg)).not.toThrow();
  });

  it('marks significance by fill and a star, not by colour alone', () => {
    const doc = parseXml(figs[0].svg);
    const circles = all(doc, 'circle').filter((c) => String(c.class).startsWith('estimate'));
    expect(circles).toHaveLength(2); // the hidden item has no marker
    expect(circles.filter((c) => c.fill === '#ffffff')).toHaveLength(1);
    expect(circles.filter((c) => String(c.class).includes('significant'))).toHaveLength(1);
    expect(figs[0].svg).toContain('q1 ★');
    expect(figs[0].svg).toContain('no estimate');
  });

  it('gives each light its own shape and symbol', () => {
    const doc = parseXml(figs[1].svg);
    const ends = [...all(doc, 'polygon'), ...all(doc, 'rect')].filter((e) =>
      String(e.class).startsWith('end '),
    );
    expect(ends.map((e) => e.class).sort()).toEqual(['end green', 'end red', 'end yellow']);
    expect(all(doc, 'polygon').filter((e) => String(e.class).startsWith('end '))).toHaveLength(2); // ▲ and ▼
    expect(figs[1].svg).toContain('▲ +15.0');
    expect(figs[1].svg).toContain('■ +5.0');
    expect(figs[1].svg).toContain('▼ −20.0');
  });
});

describe('municipality file of fidelity changes (moderators)', () => {
  it(
    'has the key column municipality, one numeric column per element and ' +
      'the mean; a hidden value is empty',
    () => {
      const csv = fidelityModeratorCsv(survey.fidelityByMunicipality!, ['e1', 'e2', 'e3']);
      // 101: (25 − 5 − 30)/3 = −10/3; 157 has a hidden element → empty mean
      expect(csv).toBe(
        [
          'municipality,e1,e2,e3,fidelity_change',
          '101,25,-5,-30,-3.33333333333',
          '157,5,,-10,',
          '',
        ].join('\n'),
      );
    },
  );

  it('renames an element that would clash with the key or the mean column', () => {
    const rows = [
      {
        municipality: '101',
        element: 'municipality',
        n_start: 1,
        n_end: 1,
        share_start: 0,
        share_end: 1,
        change_pp: 100,
        colour: 'green' as const,
        problem: null,
      },
    ];
    expect(fidelityModeratorCsv(rows, ['municipality']).split('\n')[0]).toBe(
      'municipality,element_municipality,fidelity_change',
    );
  });

  it('writes four survey CSVs with the documented columns first', () => {
    const files = surveyCsvFiles(survey);
    expect(Object.keys(files)).toEqual([
      'survey/progression.csv',
      'survey/fidelity.csv',
      'survey/fidelity-municipalities.csv',
      'survey/fidelity-moderators.csv',
    ]);
    expect(
      files['survey/progression.csv']
        .split('\n')[0]
        .startsWith('item,n,mean_start,mean_follow,change'),
    ).toBe(true);
    expect(files['survey/fidelity.csv'].split('\n')[0]).toBe(
      'element,n_start,n_end,share_start,share_end,change_pp,colour,spread_min,spread_max,municipalities,problem',
    );
  });
});
