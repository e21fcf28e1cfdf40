import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { stateChart } from '../../src/report/states/chart.js';
import {
  esc,
  forestPlot,
  linearScale,
  lineChart,
  niceStep,
  niceTicks,
  pathSegments,
  tickLabel,
} from '../../src/report/svg/index.js';
import { textWidth } from '../../src/report/svg/text.js';
import { all, parseXml } from '../helpers/xml.js';

const textOf = (svg: string) =>
  all(parseXml(svg), 'text').map((t) =>
    typeof t === 'object' ? String(t['#text'] ?? '') : String(t),
  );

describe('scales and ticks', () => {
  it('linear scale maps the ends and the middle', () => {
    const s = linearScale([0, 10], [100, 200]);
    expect([s(0), s(5), s(10)]).toEqual([100, 150, 200]);
    const inv = linearScale([0, 1], [300, 50]);
    expect(inv(0.2)).toBe(250);
  });
  it('nice steps are 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(0, 0.23, 5)).toBe(0.05);
    expect(niceStep(0, 104, 8)).toBe(20);
    expect(niceTicks(0, 0.23, 5)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
    expect(niceTicks(-0.07, 0.12, 5)).toEqual([-0.1, -0.05, 0, 0.05, 0.1, 0.15]);
  });
  it('tick labels per format', () => {
    expect(tickLabel(0.15, 'percent', 0.05)).toBe('15%');
    expect(tickLabel(0.025, 'percent', 0.005)).toBe('2.5%');
    expect(tickLabel(-0.05, 'pp', 0.05)).toBe('−5');
    expect(tickLabel(0.1, 'pp', 0.05)).toBe('+10');
    expect(tickLabel(0, 'pp', 0.05)).toBe('0');
    expect(tickLabel(26, 'number', 13)).toBe('26');
  });
  it('escapes XML', () => {
    expect(esc('a & b < c "d"')).toBe('a &amp; b &lt; c &quot;d&quot;');
  });
  it('a null breaks a line into two path segments', () => {
    const id = (v: number) => v;
    expect(
      pathSegments(
        [
          { x: 0, y: 1 },
          { x: 1, y: 2 },
          { x: 2, y: null },
          { x: 3, y: 1 },
          { x: 4, y: 0 },
        ],
        id,
        id,
      ),
    ).toEqual(['M0,1L1,2', 'M3,1L4,0']);
    expect(
      pathSegments(
        [
          { x: 0, y: 1 },
          { x: 2, y: 0.5 },
        ],
        id,
        id,
        true,
      ),
    ).toEqual(['M0,1H2V0.5']);
  });
});

describe('charts', () => {
  const series = [
    {
      label: 'Participants, during',
      points: [
        { x: 1, y: 0.1 },
        { x: 2, y: 0.12 },
        { x: 3, y: null },
        { x: 4, y: 0.2 },
      ],
    },
    {
      label: 'Comparison & co <b>',
      dash: true,
      points: [
        { x: 1, y: 0.15 },
        { x: 2, y: 0.14 },
        { x: 3, y: 0.13 },
        { x: 4, y: 0.12 },
      ],
    },
  ];
  it('line chart: valid XML, one group per series, legend, axis labels, null gap', () => {
    const svg = lineChart({
      title: 'T',
      xLabel: 'Calendar week',
      yLabel: 'Share (%)',
      yFormat: 'percent',
      series,
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parseXml(svg);
    const groups = all(doc, 'g').filter((g) => g.class === 'series');
    expect(groups).toHaveLength(2);
    // the first series has a gap at x = 3: two path segments
    expect(all(groups[0], 'path')).toHaveLength(2);
    expect(all(groups[1], 'path')[0]['stroke-dasharray']).toBe('7 4');
    const texts = textOf(svg);
    expect(texts).toContain('Calendar week');
    expect(texts).toContain('Share (%)');
    expect(texts).toContain('Participants, during');
    expect(texts).toContain('Comparison & co <b>');
    expect(svg).toContain('Comparison &amp; co &lt;b&gt;');
    expect(texts).toContain('10%');
  });
  it('effect chart: band polygon, solid bounds and a zero line; legend names the interval', () => {
    const svg = lineChart({
      title: 'Effect',
      xLabel: 'Week',
      yLabel: 'Effect (percentage points)',
      yFormat: 'pp',
      referenceLines: [{ y: 0 }],
      series: [
        {
          label: 'Estimated effect',
          points: [
            { x: 1, y: 0.02 },
            { x: 2, y: 0.05 },
          ],
          band: [
            { x: 1, low: -0.01, high: 0.05 },
            { x: 2, low: 0.01, high: 0.09 },
          ],
        },
      ],
    });
    const doc = parseXml(svg);
    expect(all(doc, 'polygon').filter((p) => p.class === 'band')).toHaveLength(1);
    const bounds = all(doc, 'path').filter((p) => p.class === 'band-bound');
    expect(bounds).toHaveLength(2);
    expect(bounds.every((b) => b['stroke-dasharray'] === undefined)).toBe(true);
    expect(all(doc, 'line').filter((l) => l.class === 'reference')).toHaveLength(1);
    expect(textOf(svg)).toContain('95 % confidence interval');
  });
  it('is deterministic', () => {
    const a = lineChart({ title: 'T', xLabel: 'x', yLabel: 'y', yFormat: 'number', series });
    const b = lineChart({ title: 'T', xLabel: 'x', yLabel: 'y', yFormat: 'number', series });
    expect(a).toBe(b);
  });
  it('forest plot: a dot and interval per row, pooled diamond, UTF-8 names', () => {
    const svg = forestPlot({
      title: 'Per municipality',
      xLabel: 'Effect (percentage points)',
      xFormat: 'pp',
      rows: [
        { label: 'Ringkøbing-Skjern', estimate: 0.1, low: 0.02, high: 0.18 },
        { label: 'Tårnby', estimate: -0.05, low: -0.12, high: 0.02 },
      ],
      pooled: { label: 'Pooled', estimate: 0.04, low: 0.01, high: 0.07 },
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parseXml(svg);
    expect(all(doc, 'circle').filter((c) => c.class === 'estimate')).toHaveLength(2);
    expect(all(doc, 'line').filter((c) => c.class === 'interval')).toHaveLength(3);
    expect(all(doc, 'polygon').filter((c) => c.class === 'pooled')).toHaveLength(1);
    expect(textOf(svg)).toContain('Ringkøbing-Skjern');
  });
  it('state chart: a panel per cell, a polygon per state', () => {
    const svg = stateChart({
      title: 'States',
      xLabel: 'Weeks since entry',
      panels: [0, 1, 2, 3].map((k) => ({
        title: `Cell ${k}`,
        x: [0, 1, 2],
        states: [
          { label: 'A', share: [0.5, 0.4, 0.3] },
          { label: 'B', share: [0.5, 0.6, 0.7] },
        ],
      })),
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parseXml(svg);
    expect(all(doc, 'g').filter((g) => g.class === 'panel')).toHaveLength(4);
    expect(all(doc, 'polygon').filter((p) => p.class === 'state')).toHaveLength(8);
  });
  it("state chart: a long panel title wraps inside its panel, clear of the next panel's", () => {
    const title = 'Participating municipalities, during cohort 2017–18';
    const svg = stateChart({
      title: 'States',
      xLabel: 'Weeks since entry',
      panels: [0, 1].map(() => ({
        title,
        x: [0, 1],
        states: [{ label: 'A', share: [1, 1] }],
      })),
    });
    const doc = parseXml(svg);
    const lines = all(doc, 'text').filter((t) => t.class === 'panel-title');
    // Two panels, each title on two lines that together say the whole title.
    expect(lines).toHaveLength(4);
    const x = [...new Set(lines.map((t) => Number(t.x)))].sort((a, b) => a - b);
    expect(x).toHaveLength(2);
    const texts = (at: number) => lines.filter((t) => Number(t.x) === at).map((t) => t['#text']);
    expect(texts(x[0]).join(' ')).toBe(title);
    // No line of the first panel's title reaches the second panel's.
    for (const t of texts(x[0])) expect(x[0] + textWidth(String(t), 12, true)).toBeLessThan(x[1]);
  });
});
