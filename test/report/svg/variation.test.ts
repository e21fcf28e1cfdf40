import { describe, expect, it } from 'vitest';
import {
  moderatorScatter,
  placeboChart,
  shrinkageForest,
  sortByEstimate,
} from '../../../src/report/variation/charts.js';
import { all, byClass, type El, legendLabels, num, parseSvg, text, texts } from './xml.js';

const xTickAt = (doc: El, label: string) =>
  num(byClass(doc, 'text', 'x-tick').find((t) => text(t) === label)?.x);
/** Data x from a pixel x, by the two ticks labelled a and b (pp labels: "+10" is 0.10). */
function xScale(doc: El, a: string, av: number, b: string, bv: number): (px: number) => number {
  const pa = xTickAt(doc, a);
  const pb = xTickAt(doc, b);
  return (px) => av + ((px - pa) / (pb - pa)) * (bv - av);
}

const forestLabels = {
  estimate: 'Estimate',
  interval: '95 % confidence interval',
  shrunk: 'Shrunken estimate',
  pooled: 'Pooled effect',
  notInformative: 'Not informative',
  noEstimate: 'no estimate',
};

describe('shrinkageForest', () => {
  const svg = shrinkageForest({
    title: 'Effect per municipality',
    xLabel: 'Effect (pp)',
    pooled: 0.1,
    rows: [
      { label: 'B', estimate: 0.2, low: 0.1, high: 0.3, shrunk: 0.15, n: 40, informative: true },
      { label: 'A', estimate: -0.05, low: -0.2, high: 0.1, shrunk: 0.05, n: 30, informative: true },
      { label: 'C', estimate: 0.3, low: null, high: null, shrunk: null, n: 8, informative: false },
      { label: 'D', estimate: null, low: null, high: null, shrunk: null, informative: false },
    ],
    labels: forestLabels,
  });
  const doc = parseSvg(svg);

  it('rows sorted by effect, the one without an estimate last', () => {
    expect(texts(doc, 'row-label')).toEqual(['A', 'B', 'C', 'D']);
    expect(texts(doc, 'missing')).toEqual(['no estimate']);
  });
  it(
    'raw and shrunken estimates, the pooled line where the axis puts 0.1, ' +
      'non-informative rows hollow',
    () => {
      expect(byClass(doc, 'circle', 'estimate').length).toBe(2);
      expect(byClass(doc, 'circle', 'estimate not-informative').length).toBe(1);
      expect(byClass(doc, 'polygon', 'shrunk').length).toBe(2);
      const toX = xScale(doc, '0', 0, '+10', 0.1);
      const pooled = byClass(doc, 'line', 'pooled')[0];
      expect(toX(num(pooled.x1))).toBeCloseTo(0.1, 3);
      const shrunkA = byClass(doc, 'polygon', 'shrunk')[0];
      const cx = num(String(shrunkA.points).split(' ')[1].split(',')[0]);
      expect(toX(cx)).toBeCloseTo(0.05, 3);
      expect(legendLabels(doc)).toEqual([
        'Estimate',
        '95 % confidence interval',
        'Shrunken estimate',
        'Pooled effect',
        'Not informative',
      ]);
    },
  );
  it('sortByEstimate keeps rows without an estimate in their order', () => {
    expect(
      sortByEstimate([
        { estimate: null, k: 1 },
        { estimate: 2, k: 2 },
        { estimate: null, k: 3 },
        { estimate: -1, k: 4 },
      ]).map((r) => r.k),
    ).toEqual([4, 2, 1, 3]);
  });
});

describe('placeboChart', () => {
  const doc = parseSvg(
    placeboChart({
      title: 'Placebo',
      xLabel: 'Effect (pp)',
      placebo: [-0.1, 0, 0.05, 0.12, -0.03],
      quantiles: [-0.09, 0.11],
      treated: [
        { label: 'T2', estimate: 0.3, informative: true },
        { label: 'T1', estimate: 0.05, informative: false },
      ],
      labels: {
        placeboRow: 'Comparison municipalities',
        placebo: 'Placebo estimate',
        treated: 'Treated municipality',
        quantiles: 'Placebo quantiles',
        notInformative: 'Not informative',
      },
    }),
  );
  it(
    'one dot per placebo on the first row, a diamond per treated ' +
      'municipality on its own row, dashed quantile lines',
    () => {
      expect(texts(doc, 'row-label')).toEqual(['Comparison municipalities', 'T1', 'T2']);
      expect(byClass(doc, 'circle', 'placebo').length).toBe(5);
      expect(byClass(doc, 'polygon', 'treated').length).toBe(2);
      const q = byClass(doc, 'line', 'quantile');
      expect(q.length).toBe(2);
      const toX = xScale(doc, '0', 0, '+10', 0.1);
      expect(toX(num(q[1].x1))).toBeCloseTo(0.11, 3);
      expect(byClass(doc, 'polygon', 'treated')[0].fill).toBe('#8c8c8c');
    },
  );
});

describe('moderatorScatter', () => {
  const doc = parseSvg(
    moderatorScatter({
      title: 'Fidelity',
      xLabel: 'Fidelity score',
      yLabel: 'Effect (pp)',
      points: [
        { label: 'A', x: 40, y: 0.05 },
        { label: 'B', x: 60, y: 0.12 },
        { label: 'C', x: 80, y: 0.2 },
      ],
      line: { intercept: -0.1, slope: 0.0037 },
      labels: { points: 'Municipality', line: 'Weighted fit' },
    }),
  );
  it(
    'labelled points and the fitted line across the axis (5 % beyond the ' +
      'smallest and largest value)',
    () => {
      expect(all(doc, 'circle').filter((c) => c.class === 'point').length).toBe(3);
      expect(texts(doc, 'point-label')).toEqual(['A', 'B', 'C']);
      const fit = byClass(doc, 'line', 'fit')[0];
      const toX = (px: number) =>
        40 + ((px - xTickAt(doc, '40')) / (xTickAt(doc, '80') - xTickAt(doc, '40'))) * 40;
      expect(toX(num(fit.x1))).toBeCloseTo(38, 3); // the line spans the padded axis: 40 − 5 % of 40
      expect(toX(num(fit.x2))).toBeCloseTo(82, 3);
      expect(num(fit.y2)).toBeLessThan(num(fit.y1)); // rising line: smaller pixel y at the right
    },
  );
});
