/**
 * The event-study report section in both languages, from a hand-made
 * result: the table, the pre-test sentence with its power, the periods left
 * out, the hedge when the pre-test rejects, and Danish number style.
 */
import { describe, expect, it } from 'vitest';
import { reportContext } from '../../src/report/context.js';
import type { Block } from '../../src/report/document.js';
import {
  eventStudyCsv,
  eventStudySection,
  notTestedSection,
  preTestSentence,
  sensitivitySentence,
} from '../../src/report/eventstudy/section.js';
import { numberFormat } from '../../src/report/format.js';
import type { EventStudyOutcomeResult } from '../../src/results/results.js';

function result(p: number): EventStudyOutcomeResult {
  return {
    title: 'Share in company internship',
    comparison: 'never-treated',
    horizon: [0, 51],
    entry: { from: '2016-W01', periods: 4, length: 13 },
    clusters: 40,
    rounds: [{ group: 3, first_week: '2016-W27', municipalities: ['101', '147'] }],
    entrants: 1234,
    excluded: {},
    att_gt: [],
    event_time: [
      {
        e: -2,
        estimate: -0.0123,
        se: 0.01,
        ci_low: -0.0319,
        ci_high: 0.0073,
        band_low: -0.04,
        band_high: 0.0154,
        n: 50,
      },
      {
        e: -1,
        estimate: 0,
        se: null,
        ci_low: null,
        ci_high: null,
        band_low: null,
        band_high: null,
        n: 60,
      },
      {
        e: 0,
        estimate: 0.0456,
        se: 0.01,
        ci_low: 0.026,
        ci_high: 0.0652,
        band_low: 0.02,
        band_high: 0.0712,
        n: 70,
      },
    ],
    overall: { estimate: 0.0456, se: 0.01, ci_low: 0.026, ci_high: 0.0652, p: 0.00001, n: 70 },
    pretest: {
      statistic: 1.5,
      df: 1,
      p_chisq: 0.22,
      f: 1.46,
      df_resid: 39,
      clusters: 40,
      p,
      slope50: 0.0123,
      slope80: 0.0167,
      bias80: 0.0234,
    },
    band: { critical: 2.56, replications: 999, seed: 1, weights: 'rademacher' },
    periods: [
      { period: 1, first_week: '2016-W01', persons: 300, used: true, why: null },
      { period: 4, first_week: '2016-W40', persons: 280, used: false, why: 'lacks follow-up' },
    ],
    hidden: 0,
  };
}
const text = (blocks: Block[]) =>
  blocks
    .map((b) =>
      b.kind === 'paragraph' || b.kind === 'heading'
        ? b.text
        : b.kind === 'table'
          ? [b.head.join('|'), ...b.rows.map((r) => r.join('|')), b.note ?? ''].join('\n')
          : '',
    )
    .join('\n');

describe('event-study report section', () => {
  it('English: power sentence, table, periods left out', () => {
    const t = text(
      eventStudySection(
        reportContext(null, 'en', 0.95, 0),
        'internship',
        result(0.3),
        'internship-event-study.svg',
      ),
    );
    expect(t).toContain(
      'A trend of 1.67 pp per period would be detected with 80 % power; such ' +
        'a trend would shift the event-study average by 2.3 pp.',
    );
    expect(t).toContain('F(1, 39) = 1.46, p = 0.30');
    expect(t).toContain('−2|50|−1.2|−3.2 to 0.7|−4.0 to 1.5');
    expect(t).toContain('−1|60|0 (reference)|–|–');
    expect(t).toContain('**Periods left out.** Period 4 (2016-W40, 280 persons)');
    expect(t).toContain(
      '**Event-study average** (all entry periods from the start on, weighted ' +
        'by persons): +4.6 pp (95 % CI 2.6 to 6.5, p < 0.001; 70 persons).',
    );
  });

  it('Danish: decimal comma, pct.-point, konfidensinterval, true minus', () => {
    const t = text(
      eventStudySection(reportContext(null, 'da', 0.95, 0), 'internship', result(0.3), null),
    );
    expect(t).toContain(
      'En trend på 1,67 pct.-point pr. periode ville blive opdaget med 80 ' +
        'pct. styrke; en sådan trend ville flytte eventstudiets gennemsnit med ' +
        '2,3 pct.-point.',
    );
    expect(t).toContain('95 pct. konfidensinterval 2,6 til 6,5');
    expect(t).toContain('−2|50|−1,2|−3,2 til 0,7');
    expect(numberFormat('da').count(36489)).toBe('36.489');
    expect(numberFormat('en').count(36489)).toBe('36,489');
  });

  it(
    'a rejected pre-test (p below 1 − level) says the effects cannot be ' +
      'read as caused by the programme',
    () => {
      const r = result(0.01);
      expect(preTestSentence(reportContext(null, 'en', 0.95, 0), r)).toMatch(
        /^\*\*Pre-test: rejected\.\*\*.*cannot be read as caused by the programme/,
      );
      // At level 0.99 the same p does not reject.
      expect(preTestSentence(reportContext(null, 'en', 0.99, 0), r)).toMatch(
        /^\*\*Pre-test\.\*\* .*jointly consistent with zero/,
      );
      const t = text(eventStudySection(reportContext(null, 'en', 0.95, 0), 'internship', r, null));
      expect(t).toMatch(
        /a difference of \+4\.6 pp .* not an effect of the programme while the pre-test rejects/,
      );
    },
  );

  it('no eventStudy: not tested, and how to test it, in both languages', () => {
    expect(text(notTestedSection(reportContext(null, 'en', 0.95, 0)))).toMatch(
      /was \*\*not tested\*\*.*add one with entry periods/,
    );
    expect(text(notTestedSection(reportContext(null, 'da', 0.95, 0)))).toMatch(
      /er \*\*ikke testet\*\*/,
    );
  });

  it('the CSV lists event times, then ATT(g, p), then the overall effect', () => {
    const lines = eventStudyCsv(result(0.3)).trim().split('\n');
    expect(lines[0]).toBe(
      'kind,group,period,e,estimate,se,ci_low,ci_high,band_low,band_high,p,n,problem',
    );
    expect(lines[1]).toBe('event_time,,,-2,-0.0123,0.01,-0.0319,0.0073,-0.04,0.0154,,50,');
    expect(lines[lines.length - 1]).toBe('overall,,,,0.0456,0.01,0.026,0.0652,,,0.00001,70,');
  });
});

describe('sensitivity sentence', () => {
  const sens = (mbar: number) => ({
    method: 'relative-magnitudes' as const,
    max_pre_step: 0.0179,
    lead: 4,
    mbar,
    mbar_identified: 1.1,
    robust: [{ mbar: 1, ci_low: -0.0815, ci_high: 0.2754 }],
    bias80: 0.06,
  });
  it('names the breakdown value, the largest pre-period step and the interval at M̄ = 1', () => {
    const r = { ...result(0.3), sensitivity: sens(0.409) };
    const en = sensitivitySentence(reportContext(null, 'en', 0.95, 0), r)!;
    expect(en).toMatch(
      /of 0\.41 times the largest change between adjacent periods before it \(1\.79 pp\)/,
    );
    expect(en).toMatch(/breakdown value M̄ = 0\.41.*below 1/);
    expect(en).toMatch(/\(M̄ = 1\), the event-study average lies in −8\.2 pp to \+27\.5 pp/);
    const da = sensitivitySentence(reportContext(null, 'da', 0.95, 0), r)!;
    expect(da).toMatch(/nedbrudsværdi M̄ = 0,41/);
    expect(
      sensitivitySentence(reportContext(null, 'en', 0.95, 0), { ...r, sensitivity: sens(0) }),
    ).toMatch(/not distinguishable from zero even with exactly parallel trends/);
    expect(sensitivitySentence(reportContext(null, 'en', 0.95, 0), result(0.3))).toBeNull();
  });
});
