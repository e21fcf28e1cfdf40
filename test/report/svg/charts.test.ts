import { describe, expect, it } from 'vitest';
import { stackedAreaChart, stackedPolygons, stateChart } from '../../../src/report/states/chart.js';
import { forestPlot, groupThousands, lineChart, stepChart } from '../../../src/report/svg/index.js';
import { effectSpec, forestSpec, sharesSpec, statesSpec, survivalSpec } from './fixtures.js';
import { all, byClass, type El, legendLabels, num, parseSvg, text, texts } from './xml.js';

const seriesGroups = (doc: El) => byClass(doc, 'g', 'series');
/** y of a y tick (its label's baseline sits 4 px below the tick). */
const yTickAt = (doc: El, label: string) =>
  num(byClass(doc, 'text', 'y-tick').find((t) => text(t) === label)?.y) - 4;
const xTickAt = (doc: El, label: string) =>
  num(byClass(doc, 'text', 'x-tick').find((t) => text(t) === label)?.x);

describe('every chart', () => {
  const charts: [string, string][] = [
    ['shares', lineChart(sharesSpec)],
    ['effect', lineChart(effectSpec)],
    ['survival', stepChart(survivalSpec)],
    ['forest', forestPlot(forestSpec)],
    ['states', stateChart(statesSpec)],
  ];
  it.each(charts)(
    '%s: valid XML, accessible, white background, readable sans-serif text',
    (_, svg) => {
      const doc = parseSvg(svg);
      const root = doc.svg as El;
      expect(root.xmlns).toBe('http://www.w3.org/2000/svg');
      expect(root.role).toBe('img');
      const title = root.title as El;
      const desc = root.desc as El;
      expect(text(title).length).toBeGreaterThan(0);
      expect(text(desc).length).toBeGreaterThan(0);
      expect(String(root['aria-labelledby']).split(' ')).toEqual([title.id, desc.id]);
      const bg = all(doc, 'rect')[0];
      expect([bg.x, bg.y, bg.width, bg.fill]).toEqual(['0', '0', root.width, '#ffffff']);
      for (const t of all(doc, 'text')) {
        // 12 units at 640 wide print at 8.5 pt on a 16 cm column (see test/report/png.test.ts).
        expect(num(t['font-size'])).toBeGreaterThanOrEqual(12);
        expect(String(t['font-family']).startsWith("'DejaVu Sans'")).toBe(true);
        expect(String(t['font-family'])).toContain('sans-serif');
      }
      expect(Number(root.width)).toBe(640);
    },
  );
  it.each(charts)('%s: the title is printed and a note line ends up under the plot', (_, svg) => {
    const doc = parseSvg(svg);
    expect(texts(doc, 'title').join(' ')).toBe(text((doc.svg as El).title as El));
    const notes = byClass(doc, 'text', 'note');
    expect(notes.length).toBeGreaterThan(0);
    expect(text(notes[0]).startsWith('Note:')).toBe(true);
    const lowestData = Math.max(
      ...all(doc, 'text')
        .filter((t) => t.class !== 'note')
        .map((t) => num(t.y))
        .filter(Number.isFinite),
    );
    expect(num(notes[0].y)).toBeGreaterThan(lowestData);
  });
});

describe('lineChart: share curves (four cells)', () => {
  const svg = lineChart(sharesSpec);
  const doc = parseSvg(svg);
  it('one series group per input series, in order, with the labels', () => {
    expect(seriesGroups(doc).map((g) => g['data-label'])).toEqual(
      sharesSpec.series.map((s) => s.label),
    );
  });
  it(
    'the suppressed week breaks participants-during into two path segments; ' +
      'the others are whole',
    () => {
      expect(seriesGroups(doc).map((g) => all(g, 'path').length)).toEqual([2, 1, 1, 1]);
    },
  );
  it('before cohorts dashed, during cohorts solid', () => {
    expect(seriesGroups(doc).map((g) => all(g, 'path')[0]['stroke-dasharray'] ?? 'solid')).toEqual([
      'solid',
      '7 4',
      'solid',
      '7 4',
    ]);
  });
  it('legend names every series, and no interval when none is drawn', () => {
    expect(legendLabels(doc)).toEqual(sharesSpec.series.map((s) => s.label));
    expect(byClass(doc, 'polygon', 'band')).toHaveLength(0);
  });
  it('axis labels with units', () => {
    expect(texts(doc, 'x-label')).toEqual(['Calendar week']);
    expect(texts(doc, 'y-label')).toEqual(['Share (%)']);
  });
  it('ticks: 0–25 % in steps of 5 (from 0; max 0.23), weeks 1–8', () => {
    expect(texts(doc, 'y-tick')).toEqual(['0%', '5%', '10%', '15%', '20%', '25%']);
    expect(texts(doc, 'x-tick')).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });
  it('points land on their ticks: participants-before starts at (week 1, 5 %)', () => {
    const d = String(all(seriesGroups(doc)[1], 'path')[0].d);
    const [, mx, my] = /^M([\d.]+),([\d.]+)/.exec(d) ?? [];
    expect(num(mx)).toBeCloseTo(xTickAt(doc, '1'), 2);
    expect(num(my)).toBeCloseTo(yTickAt(doc, '5%'), 2);
  });
  it('subtitle and two note lines ("\\n" in the note)', () => {
    expect(texts(doc, 'subtitle').join(' ')).toBe(sharesSpec.subtitle);
    expect(texts(doc, 'note')).toEqual([
      'Note: Among cohort members still in the programme that week.',
      'Note: Week 4 of participants, during, is hidden (fewer than 5 persons).',
    ]);
  });
  it('is deterministic: the same input (even a copy) gives the identical string', () => {
    expect(lineChart(structuredClone(sharesSpec))).toBe(svg);
  });
});

describe('lineChart: weekly effect with interval', () => {
  const doc = parseSvg(lineChart(effectSpec));
  it(
    'light band and solid thin bounds (lower and upper): a dashed edge ' +
      'would read as a dashed series',
    () => {
      expect(byClass(doc, 'polygon', 'band')).toHaveLength(1);
      const bounds = byClass(doc, 'path', 'band-bound');
      expect(bounds).toHaveLength(2);
      expect(
        bounds.every((b) => b['stroke-dasharray'] === undefined && num(b['stroke-width']) < 2),
      ).toBe(true);
    },
  );
  it('legend names the interval', () => {
    expect(legendLabels(doc)).toEqual(['Estimated effect', '95 % confidence interval']);
  });
  it('zero line at the "0" tick, with its label', () => {
    const ref = byClass(doc, 'line', 'reference');
    expect(ref).toHaveLength(1);
    expect(num(ref[0].y1)).toBeCloseTo(yTickAt(doc, '0'), 2);
    expect(texts(doc, 'reference-label')).toEqual(['No effect']);
  });
  it('pp ticks: data −2…+9 pp and 0 → −5, 0, +5, +10', () => {
    expect(texts(doc, 'y-tick')).toEqual(['\u22125', '0', '+5', '+10']);
    expect(texts(doc, 'y-label')).toEqual(['Effect (percentage points)']);
  });
  it("bandStyle 'dashed' (the seed's style): dashed bounds only, a dashed legend line", () => {
    const d = parseSvg(lineChart({ ...effectSpec, bandStyle: 'dashed' }));
    expect(byClass(d, 'polygon', 'band')).toHaveLength(0);
    expect(byClass(d, 'path', 'band-bound')).toHaveLength(2);
    const entry = all(d, 'g').filter((g) => g.class === 'legend-entry')[1];
    expect(all(entry, 'line')[0]['stroke-dasharray']).toBe('4 3');
    expect(legendLabels(d)[1]).toBe('95 % confidence interval');
  });
  it('a missing week splits line, band and bounds', () => {
    const s = effectSpec.series[0];
    const gap = {
      ...effectSpec,
      series: [
        {
          ...s,
          points: s.points.map((p) => (p.x === 3 ? { x: 3, y: null } : p)),
          band: (s.band ?? []).map((b) => (b.x === 3 ? { x: 3, low: null, high: null } : b)),
        },
      ],
    };
    const d = parseSvg(lineChart(gap));
    expect(all(seriesGroups(d)[0], 'path')).toHaveLength(2);
    expect(byClass(d, 'polygon', 'band')).toHaveLength(2);
    expect(byClass(d, 'path', 'band-bound')).toHaveLength(4);
  });
  it('a week standing alone between gaps is marked with a dot', () => {
    const d = parseSvg(
      lineChart({
        ...effectSpec,
        series: [
          {
            label: 'E',
            points: [
              { x: 1, y: 0.1 },
              { x: 2, y: null },
              { x: 3, y: 0.2 },
              { x: 4, y: 0.3 },
            ],
          },
        ],
      }),
    );
    // two runs: week 1 alone (a path that draws nothing, plus the dot) and weeks 3–4
    expect(all(seriesGroups(d)[0], 'path').map((p) => /L/.test(String(p.d)))).toEqual([
      false,
      true,
    ]);
    const dots = byClass(d, 'circle', 'point');
    expect(dots).toHaveLength(1);
    expect(num(dots[0].cx)).toBeCloseTo(xTickAt(d, '1'), 2);
  });
});

describe('lineChart: escaping and UTF-8', () => {
  const spec = {
    ...sharesSpec,
    title: 'Ringkøbing-Skjern & Tårnby <pilot>',
    series: [{ ...sharesSpec.series[0], label: 'A & B <c> "d"' }],
  };
  const svg = lineChart(spec);
  it('&, <, > and quotes are escaped in text and attributes', () => {
    expect(svg).toContain('Ringkøbing-Skjern &amp; Tårnby &lt;pilot&gt;');
    expect(svg).toContain('data-label="A &amp; B &lt;c&gt; &quot;d&quot;"');
    expect(svg).not.toContain('<pilot>');
    expect(svg).not.toContain('<c>');
  });
  it('and read back as the original text', () => {
    const doc = parseSvg(svg);
    expect(text((doc.svg as El).title as El)).toBe(spec.title);
    expect(legendLabels(doc)).toEqual(['A & B <c> "d"']);
    expect(Buffer.from(svg, 'utf8').toString('utf8')).toContain('Ringkøbing-Skjern');
  });
});

describe('stepChart: Kaplan–Meier curves', () => {
  const svg = stepChart(survivalSpec);
  const doc = parseSvg(svg);
  it('four step series: horizontal then vertical moves only', () => {
    const groups = seriesGroups(doc);
    expect(groups.map((g) => g['data-label'])).toEqual(survivalSpec.series.map((s) => s.label));
    for (const g of groups)
      expect(String(all(g, 'path')[0].d)).toMatch(/^M[\d.]+,[\d.]+(H[\d.]+V[\d.]+)+$/);
  });
  it('y axis 0–100 % in steps of 20, weeks 0–4 as integers', () => {
    expect(texts(doc, 'y-tick')).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(texts(doc, 'x-tick')).toEqual(['0', '1', '2', '3', '4']);
    expect(texts(doc, 'x-label')).toEqual(['Weeks since entry']);
  });
  it('intervals for the two during cohorts, stepped, one legend entry in a neutral colour', () => {
    expect(byClass(doc, 'polygon', 'band')).toHaveLength(2);
    const bounds = byClass(doc, 'path', 'band-bound');
    expect(bounds).toHaveLength(4);
    expect(bounds.every((b) => /H/.test(String(b.d)))).toBe(true);
    expect(legendLabels(doc)).toEqual([
      ...survivalSpec.series.map((s) => s.label),
      '95 % confidence interval (during cohorts)',
    ]);
    const bandEntry = all(doc, 'g').filter((g) => g.class === 'legend-entry')[4];
    expect(all(bandEntry, 'rect')[0].fill).toBe('#666666');
  });
  it('starts at 100 % at week 0', () => {
    const [, mx, my] =
      /^M([\d.]+),([\d.]+)/.exec(String(all(seriesGroups(doc)[0], 'path')[0].d)) ?? [];
    expect(num(mx)).toBeCloseTo(xTickAt(doc, '0'), 2);
    expect(num(my)).toBeCloseTo(yTickAt(doc, '100%'), 2);
  });
  it('deterministic', () => expect(stepChart(structuredClone(survivalSpec))).toBe(svg));
});

describe('forestPlot: per-municipality effects', () => {
  const svg = forestPlot(forestSpec);
  const doc = parseSvg(svg);
  it('a label per row and the pooled row last, names as UTF-8', () => {
    expect(texts(doc, 'row-label')).toEqual([
      'København',
      'Ringkøbing-Skjern',
      'Tårnby',
      'All participating (pooled)',
    ]);
    expect(svg).toContain('Ringkøbing-Skjern');
    expect(svg).toContain('Tårnby');
  });
  it('a dot per estimate, an interval per row with bounds, the pooled diamond', () => {
    expect(byClass(doc, 'circle', 'estimate')).toHaveLength(2);
    expect(byClass(doc, 'line', 'interval')).toHaveLength(3);
    expect(byClass(doc, 'polygon', 'pooled')).toHaveLength(1);
    expect(texts(doc, 'missing')).toEqual(['no estimate']);
  });
  it('n column', () => {
    expect(texts(doc, 'n-header')).toEqual(['n']);
    expect(texts(doc, 'n')).toEqual(['743', '1,176', '3']);
  });
  it('x ticks: data −12…+18 pp widened to −15…+20 in steps of 5; the zero line at "0"', () => {
    expect(texts(doc, 'x-tick')).toEqual([
      '\u221215',
      '\u221210',
      '\u22125',
      '0',
      '+5',
      '+10',
      '+15',
      '+20',
    ]);
    expect(texts(doc, 'x-label')).toEqual(['Effect (percentage points)']);
    const ref = byClass(doc, 'line', 'reference');
    expect(ref).toHaveLength(1);
    expect(num(ref[0].x1)).toBeCloseTo(xTickAt(doc, '0'), 2);
  });
  it('estimates sit at their values: København (+10 pp) at the "+10" tick', () => {
    expect(num(byClass(doc, 'circle', 'estimate')[0].cx)).toBeCloseTo(xTickAt(doc, '+10'), 2);
  });
  it('legend: estimate, interval, pooled (a diamond)', () => {
    expect(legendLabels(doc)).toEqual([
      'Estimate',
      '95 % confidence interval',
      'All participating (pooled)',
    ]);
    const pooledEntry = all(doc, 'g').filter((g) => g.class === 'legend-entry')[2];
    expect(all(pooledEntry, 'polygon')).toHaveLength(1);
  });
  it('deterministic', () => expect(forestPlot(structuredClone(forestSpec))).toBe(svg));
  it('thousands grouped without locale', () => {
    expect(groupThousands(36489)).toBe('36,489');
    expect(groupThousands(999)).toBe('999');
    expect(groupThousands(-1234567)).toBe('\u22121,234,567');
  });
});

describe('stateChart: state distribution, 2×2 small multiples', () => {
  const svg = stateChart(statesSpec);
  const doc = parseSvg(svg);
  it('a panel per cell with its title', () => {
    expect(byClass(doc, 'g', 'panel').map((p) => p['data-panel'])).toEqual(
      statesSpec.panels.map((p) => p.title),
    );
    expect(texts(doc, 'panel-title')).toEqual(statesSpec.panels.map((p) => p.title));
  });
  it(
    'a polygon per state per run of defined weeks: 3 × 3 whole panels + 3 × ' +
      '2 for the panel with a hidden week',
    () => {
      expect(byClass(doc, 'polygon', 'state')).toHaveLength(15);
      const third = byClass(doc, 'g', 'panel')[2];
      expect(byClass(third, 'polygon', 'state')).toHaveLength(6);
    },
  );
  it('shared legend names every state', () => {
    expect(legendLabels(doc)).toEqual(['In programme', 'Internship', 'Censored']);
  });
  it('axes per panel: 0–100 % in quarters, weeks 0–3, labels with units', () => {
    const panel = byClass(doc, 'g', 'panel')[0];
    expect(texts(panel, 'y-tick')).toEqual(['0%', '25%', '50%', '75%', '100%']);
    expect(texts(panel, 'x-tick')).toEqual(['0', '1', '2', '3']);
    expect(texts(panel, 'x-label')).toEqual(['Weeks since entry']);
    expect(texts(panel, 'y-label')).toEqual(['Share (%)']);
  });
  it('stacking, by hand: A = 0.5→0.25 below B = 0.5→0.75', () => {
    const id = (v: number) => v;
    const polys = stackedPolygons(
      {
        title: 'p',
        x: [0, 1],
        states: [
          { label: 'A', share: [0.5, 0.25] },
          { label: 'B', share: [0.5, 0.75] },
        ],
      },
      id,
      id,
    );
    expect(polys).toEqual([
      { state: 0, points: '0,0.5 1,0.25 1,0 0,0' },
      { state: 1, points: '0,1 1,1 1,0.25 0,0.5' },
    ]);
  });
  it('stackedAreaChart is the same chart; deterministic', () => {
    expect(stackedAreaChart).toBe(stateChart);
    expect(stackedAreaChart(structuredClone(statesSpec))).toBe(svg);
  });
});
