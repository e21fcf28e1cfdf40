/**
 * The event-study chart: well-formed SVG; one point per event time with an
 * estimate, e = −1 drawn as the open reference point on zero, the pre/post
 * line between e = −1 and e = 0, band boxes wider than the intervals, and
 * per-round markers only when there is more than one round.
 */
import { describe, expect, it } from 'vitest';
import { eventStudyChart } from '../../src/report/eventstudy/chart.js';
import { all, parseXml } from '../helpers/xml.js';

const labels = {
  estimate: 'Effect',
  interval: '95 % CI',
  band: '95 % band',
  reference: 'reference',
  round: (l: string) => `Round ${l}`,
};
const points = [
  { e: -2, estimate: -0.01, low: -0.03, high: 0.01, bandLow: -0.04, bandHigh: 0.02 },
  { e: -1, estimate: 0, low: null, high: null, bandLow: null, bandHigh: null },
  { e: 0, estimate: 0.05, low: 0.03, high: 0.07, bandLow: 0.02, bandHigh: 0.08 },
  { e: 1, estimate: 0.06, low: 0.03, high: 0.09, bandLow: 0.02, bandHigh: 0.1 },
];

describe('event-study chart', () => {
  it('draws points, intervals, band boxes, the reference and the pre/post line', () => {
    const svg = eventStudyChart({ title: 'T', xLabel: 'e', yLabel: 'pp', points, labels });
    const doc = parseXml(svg);
    const circles = all(doc, 'circle').filter((c) => c.class === 'estimate');
    expect(circles.length).toBe(3);
    const ref = all(doc, 'circle').filter((c) => c.class === 'reference');
    expect(ref.length).toBe(1);
    expect(ref[0].fill).toBe('#ffffff');
    const lines = all(doc, 'line');
    const prePost = lines.filter((l) => l.class === 'pre-post');
    const intervals = lines.filter((l) => l.class === 'interval');
    expect(prePost.length).toBe(1);
    expect(intervals.length).toBe(3);
    // The divider lies halfway between e = −1 (reference) and e = 0.
    const xRef = Number(ref[0].cx);
    const x0 = Number(circles[1].cx);
    expect(Number(prePost[0].x1)).toBeCloseTo((xRef + x0) / 2, 1);
    // Band boxes reach beyond the pointwise intervals (y grows downward).
    const boxes = all(doc, 'rect').filter((r) => r.class === 'band');
    expect(boxes.length).toBe(3);
    boxes.forEach((b, i) => {
      const top = Number(b.y);
      const bottom = top + Number(b.height);
      const iv = intervals[i];
      expect(top).toBeLessThan(Math.min(Number(iv.y1), Number(iv.y2)));
      expect(bottom).toBeGreaterThan(Math.max(Number(iv.y1), Number(iv.y2)));
    });
    expect(all(doc, 'polygon').filter((p) => p.class === 'round-marker').length).toBe(0);
  });

  it('marks each round apart when there are several', () => {
    const rounds = [
      {
        label: '2017-W01',
        points: [
          { e: -2, estimate: -0.02 },
          { e: 0, estimate: 0.04 },
        ],
      },
      {
        label: '2017-W27',
        points: [
          { e: -2, estimate: 0.0 },
          { e: 0, estimate: 0.06 },
          { e: 1, estimate: 0.06 },
        ],
      },
    ];
    const doc = parseXml(
      eventStudyChart({ title: 'T', xLabel: 'e', yLabel: 'pp', points, rounds, labels }),
    );
    // Round 1: triangles (polygons); round 2: squares (rects), so they differ without colour.
    expect(all(doc, 'polygon').filter((p) => p.class === 'round-marker').length).toBe(2);
    expect(all(doc, 'rect').filter((p) => p.class === 'round-marker').length).toBe(3);
  });
});
