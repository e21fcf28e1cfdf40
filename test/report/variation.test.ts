import { describe, expect, it } from 'vitest';
import { reportContext } from '../../src/report/context.js';
import type { Block, TableBlock } from '../../src/report/document.js';
import { numberFormat } from '../../src/report/format.js';
import {
  type VariationOutcome,
  variationFigures,
  variationSection,
} from '../../src/report/variation/section.js';

const cells = [
  { n: 500, share: 0.2 },
  { n: 600, share: 0.25 },
  { n: 40, share: 0.3 },
  { n: 50, share: 0.5 },
];
const muni = (
  m: string,
  persons: number,
  d: number | null,
  extra: Partial<VariationOutcome['municipalities'][number]> = {},
): VariationOutcome['municipalities'][number] => ({
  municipality: m,
  persons,
  clustering: 'person-and-municipality',
  note: '',
  estimate: d,
  se: d === null ? null : 0.05,
  ci_low: d === null ? null : d - 0.1,
  ci_high: d === null ? null : d + 0.1,
  p: 0.1,
  n: 1000,
  clusters: 60,
  se_naive: 0.04,
  cells,
  p_perm: d === null ? null : 0.04,
  p_size: d === null ? null : 0.03,
  p_size_holm: d === null ? null : 0.01,
  ct_low: d === null ? null : d - 0.12,
  ct_high: d === null ? null : d + 0.08,
  shrunk: d === null ? null : d / 2,
  flag: null,
  ...extra,
});

const o: VariationOutcome = {
  id: 'internship',
  title: 'Share in internship',
  pooledWeeks: [53, 104],
  municipalities: [
    muni('157', 60, 0.25),
    muni('101', 300, -0.11, { p_perm: 0.5, p_size: 0.4, p_size_holm: 0.5 }),
    muni('165', 8, 0.4, { flag: 'few-persons', shrunk: null }),
    muni('185', 50, 0.02, { flag: 'no-events', shrunk: null }),
  ],
  placebo: Array.from({ length: 99 }, (_, i) => ({
    municipality: String(200 + i),
    estimate: (i - 49) / 330,
    persons: 40,
  })),
  heterogeneity: {
    q: 16.67,
    df: 1,
    p: 0.0001,
    i2: 0.64,
    tau2: 0.0102,
    mean: 0.07,
    fixed_mean: 0.05,
    shrunk_min: -0.055,
    shrunk_max: 0.125,
  },
  moderators: [
    {
      name: 'fidelity',
      slope: 0.0137,
      se: 0.004,
      p_perm: 0.01,
      permutations: 2,
      exact: true,
      intercept: -0.5,
      points: [
        { municipality: '157', x: 70, estimate: 0.25 },
        { municipality: '101', x: 40, estimate: -0.11 },
      ],
    },
  ],
  placebo_count: 99,
  min_persons: 10,
};

const text = (b: Block[]) =>
  b
    .map((x) =>
      x.kind === 'paragraph' || x.kind === 'heading'
        ? x.text
        : x.kind === 'table'
          ? `${x.caption} ${x.head.join(' ')} ${x.rows.flat().join(' ')} ${x.note}`
          : x.kind === 'figure'
            ? `${x.caption} ${x.note ?? ''}`
            : '',
    )
    .join('\n');

describe('variation section', () => {
  it(
    'English: the three questions answered, raw and shrunken ranges side by ' +
      'side, flags named, intervals explained',
    () => {
      const s = variationSection(o, reportContext(null, 'en', 0.95, 0));
      const t = text(s);
      expect(s[0]).toEqual({ kind: 'heading', level: 3, text: 'Variation between municipalities' });
      expect(t).toMatch(
        /\*\*Is the variation real\?\*\* The effects of the 2 participating municipalities with an informative estimate \(of 4\) range from −11\.0 pp to \+25\.0 pp\. The spread is larger than sampling/,
      );
      expect(t).toMatch(/About 64 % of the spread/);
      expect(t).toMatch(/standard deviation is estimated at 10\.1 pp/);
      expect(t).toMatch(
        /Shrunk toward the average municipality effect of \+7\.0 pp \(empirical Bayes\), they range from −5\.5 pp to \+12\.5 pp\./,
      );
      // 157, 165 and 185 have a size-adjusted, Holm-adjusted p of 0.01 (flagged ones are still
      // listed).
      expect(t).toMatch(/At the 95 % level, 3 municipalities stand out/);
      expect(t).toMatch(/adjusted by Holm's method for testing 4 municipalities/);
      expect(t).toMatch(
        /fidelity: \+1\.37 pp per unit \(SE 0\.40\), p = 0\.010 \(exact permutation test over all 2 orderings\): municipalities with higher fidelity had larger effects/,
      );
      expect(t).toMatch(/Gentofte \(157\): \+25\.0 pp, p = 0\.01/);
      expect(t).toMatch(
        /Not informative .*: Albertslund \(165\): 8 persons, fewer than the minimum of 10; Tårnby \(185\): nobody had the outcome in its cells\./,
      );
      const table = s.find(
        (b): b is TableBlock => b.kind === 'table' && b.id === 'internship-variation',
      )!;
      expect(table.rows.map((r) => r[0])).toEqual([
        'København (101)',
        'Tårnby (185)',
        'Gentofte (157)',
        'Albertslund (165)',
      ]);
      expect(table.note).toMatch(
        /Placebo interval \(Conley–Taber\): \[d − q\(0\.975\), d − q\(0\.025\)\], q quantiles of the 99 placebo effects \(linear interpolation between order statistics\)/,
      );
      expect(table.note).toMatch(/speaks only of sampling within the municipality/);
      expect(s.filter((b) => b.kind === 'figure').map((b) => (b as { file: string }).file)).toEqual(
        ['internship-municipalities', 'internship-placebo', 'internship-moderator-fidelity'],
      );
    },
  );

  it('Danish: decimal comma, pct.-point, true minus, "95 pct."', () => {
    const t = text(variationSection(o, reportContext(null, 'da', 0.95, 0)));
    expect(t).toMatch(
      /\*\*Er variationen reel\?\*\* Effekterne i de 2 deltagerkommuner med et informativt estimat \(af 4\) spænder fra −11,0 pct\.-point til \+25,0 pct\.-point\./,
    );
    expect(t).toMatch(/På 95 pct\.-niveau skiller 3 kommuner sig ud/);
    expect(t).toMatch(/Cochrans Q = 16,7 med 1 frihedsgrader, p < 0,001/);
    expect(t).not.toMatch(/\d\.\d+ pct|\d\.\d+ til\b|= \d\.\d| pp\b/); // decimal comma everywhere ("100.000" is a thousands separator)
  });

  it("too few placebos to single anyone out at the level, and the level is the spec's", () => {
    const few = { ...o, placebo: o.placebo.slice(0, 9), placebo_count: 9 };
    // Holm over the 4 tested: the smallest adjusted p is at least 4/(9 + 1) = 0.4.
    expect(text(variationSection(few, reportContext(null, 'en', 0.95, 0)))).toMatch(
      /With 9 placebo municipalities and 4 tested the smallest possible adjusted p-value is 0\.400, so no municipality can be singled out at the 95 % level\./,
    );
    expect(text(variationSection(few, reportContext(null, 'en', 0.5, 0)))).toMatch(
      /At the 50 % level, 3 municipalities stand out/,
    );
    // Only the adjusted p singles out: a raw placebo p of 0.04 with an adjusted one of 0.2 does
    // not.
    const raw = {
      ...o,
      municipalities: o.municipalities.map((m) => ({ ...m, p_size_holm: 0.2 })),
    };
    expect(text(variationSection(raw, reportContext(null, 'en', 0.95, 0)))).toMatch(
      /No municipality stands out at the 95 % level/,
    );
  });

  it('a municipality hidden by --min-cell shows no count of persons', () => {
    const hidden = {
      ...o,
      municipalities: [...o.municipalities, muni('230', 3, null, { problem: 'small-cell' })],
    };
    const table = variationSection(hidden, reportContext(null, 'en', 0.95, 0)).find(
      (b): b is TableBlock => b.kind === 'table' && b.id === 'internship-variation',
    )!;
    expect(table.rows.find((r) => r[0].endsWith('(230)'))!.slice(1, 3)).toEqual(['–', '–']);
  });

  it("names the municipality file's columns that are not moderators", () => {
    const t = text(
      variationSection(
        { ...o, ignoredColumns: [{ name: 'region', line: 2, value: 'Hovedstaden' }] },
        reportContext(null, 'en', 0.95, 0),
      ),
    );
    expect(t).toMatch(
      /Columns of the municipality file that do not hold only numbers are not used as moderators: region \(line 2: "Hovedstaden"\)\./,
    );
  });

  it('figures: forest, placebo and one scatter per moderator with a slope', () => {
    expect(variationFigures(o, reportContext(null, 'en', 0.95, 0)).map((f) => f.file)).toEqual([
      'internship-municipalities',
      'internship-placebo',
      'internship-moderator-fidelity',
    ]);
  });

  it("number formats: the report's one formatter", () => {
    const da = numberFormat('da');
    expect(da.fixed(-1234.5678, 2)).toBe('−1.234,57');
    expect(numberFormat('en').pp(0.0004)).toBe('0.0 pp');
    expect(da.pp(-0.123)).toBe('−12,3 pct.-point');
    expect(da.pValue(0.0004)).toBe('p < 0,001');
    expect(da.levelLabel(0.9)).toBe('90 pct.');
  });
});
