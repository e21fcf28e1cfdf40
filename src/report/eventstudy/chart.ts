/**
 * The event-study chart (as fixest::iplot / did::ggdid draw it): per event
 * time e the estimate as a point with its pointwise interval as a line and
 * the simultaneous band as a light box behind it; e = −1, the reference
 * period, as an open point on zero; a dashed vertical line between the
 * pre-periods and e = 0; values in percentage points. With rounds (start
 * periods) their ATT(g, g + e) are drawn beside the pooled points, each
 * round its own colour and marker, so they can be told apart in greyscale.
 */
import { frame, PALETTE, svgDocument } from '../svg/frame.js';
import { FONT, type LegendEntry } from '../svg/legend.js';
import { c } from '../svg/scale.js';
import { SIZE } from '../svg/style.js';
import { esc } from '../svg/text.js';

export interface EventStudyPoint {
  e: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
  bandLow?: number | null;
  bandHigh?: number | null;
}

export interface EventStudyRound {
  label: string;
  points: { e: number; estimate: number | null }[];
}

export interface EventStudyChartSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  yLabel: string;
  points: EventStudyPoint[];
  /** Per-round estimates (shown when there is more than one round). */
  rounds?: EventStudyRound[];
  /** The reference event time (−1). */
  reference?: number;
  labels: {
    estimate: string;
    interval: string;
    band: string;
    reference: string;
    round: (label: string) => string;
  };
  width?: number;
  /** Leave out title, subtitle and note (the document captions the figure). */
  bare?: boolean;
  /** Tick number format ('da': decimal commas). */
  lang?: 'da' | 'en';
}

const ROUND_COLORS = [
  PALETTE.vermillion,
  PALETTE.green,
  PALETTE.purple,
  PALETTE.orange,
  PALETTE.sky,
];
const ok = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

/**
 * Marker for round i: circle-free shapes that differ without colour (triangle, square, diamond, …).
 */
function roundMarker(i: number, x: number, y: number, color: string): string {
  const s = 4;
  switch (i % 4) {
    case 0:
      return (
        `<polygon class="round-marker" points="${c(x)},${c(y - s - 1)} ` +
        `${c(x + s + 1)},${c(y + s)} ${c(x - s - 1)},${c(y + s)}" fill="${color}"/>`
      );
    case 1:
      return (
        `<rect class="round-marker" x="${c(x - s)}" y="${c(y - s)}" width="${2 * s}" ` +
        `height="${2 * s}" fill="${color}"/>`
      );
    case 2:
      return (
        `<polygon class="round-marker" points="${c(x - s - 1)},${c(y)} ` +
        `${c(x)},${c(y - s - 1)} ${c(x + s + 1)},${c(y)} ${c(x)},${c(y + s + 1)}" ` +
        `fill="${color}"/>`
      );
    default:
      return (
        `<polygon class="round-marker" points="${c(x)},${c(y + s + 1)} ` +
        `${c(x + s + 1)},${c(y - s)} ${c(x - s - 1)},${c(y - s)}" fill="${color}"/>`
      );
  }
}

export function eventStudyChart(spec: EventStudyChartSpec): string {
  const ref = spec.reference ?? -1;
  const rounds = spec.rounds && spec.rounds.length > 1 ? spec.rounds : [];
  const es = spec.points.map((p) => p.e);
  const values = [
    0,
    ...spec.points.flatMap((p) => [p.estimate, p.low, p.high, p.bandLow, p.bandHigh]),
    ...rounds.flatMap((r) => r.points.map((p) => p.estimate)),
  ].filter(ok);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 0.01) [lo, hi] = [lo - 0.005, hi + 0.005];
  const pad = 0.05 * (hi - lo);
  const legend: LegendEntry[] = [
    { label: spec.labels.estimate, color: PALETTE.blue, kind: 'point' },
    { label: spec.labels.interval, color: PALETTE.blue, kind: 'line' },
  ];
  if (spec.points.some((p) => ok(p.bandLow)))
    legend.push({ label: spec.labels.band, color: PALETTE.blue, kind: 'band' });
  rounds.forEach((r, i) => {
    legend.push({
      label: spec.labels.round(r.label),
      color: ROUND_COLORS[i % ROUND_COLORS.length],
      kind: 'point',
    });
  });
  const f = frame({
    title: spec.title,
    subtitle: spec.subtitle,
    note: spec.note,
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    xDomain: [Math.min(...es) - 0.6, Math.max(...es) + 0.6],
    yDomain: [lo - pad, hi + pad],
    yFormat: 'pp',
    legend,
    xMinStep: 1,
    width: spec.width,
    bare: spec.bare,
    lang: spec.lang,
  });
  const body: string[] = [];
  const halfWidth = Math.max(3, Math.min(14, 0.3 * Math.abs(f.x(1) - f.x(0))));
  // Zero line and the pre/post divider between the reference period and e = 0.
  body.push(
    `<line class="zero" x1="${f.left}" x2="${f.right}" y1="${c(f.y(0))}" ` +
      `y2="${c(f.y(0))}" stroke="#000" stroke-width="1"/>`,
  );
  const divider = c(f.x(ref + 0.5));
  body.push(
    `<line class="pre-post" x1="${divider}" x2="${divider}" y1="${f.top}" ` +
      `y2="${f.bottom}" stroke="#555" stroke-width="1" stroke-dasharray="5 ` +
      `4"/>`,
  );
  for (const p of spec.points) {
    const x = f.x(p.e);
    if (ok(p.bandLow) && ok(p.bandHigh)) {
      body.push(
        `<rect class="band" x="${c(x - halfWidth)}" y="${c(f.y(p.bandHigh))}" ` +
          `width="${c(2 * halfWidth)}" height="${c(f.y(p.bandLow) - f.y(p.bandHigh))}" ` +
          `fill="${PALETTE.blue}" fill-opacity="0.18" stroke="${PALETTE.blue}" ` +
          `stroke-opacity="0.5" stroke-width="0.8" stroke-dasharray="3 ` +
          `2"/>`,
      );
    }
    if (ok(p.low) && ok(p.high)) {
      body.push(
        `<line class="interval" x1="${c(x)}" x2="${c(x)}" y1="${c(f.y(p.low))}" ` +
          `y2="${c(f.y(p.high))}" stroke="${PALETTE.blue}" stroke-width="2"/>`,
      );
    }
    if (p.e === ref) {
      body.push(
        `<circle class="reference" cx="${c(x)}" cy="${c(f.y(0))}" r="4.5" ` +
          `fill="#ffffff" stroke="${PALETTE.blue}" stroke-width="2"/>`,
      );
      body.push(
        `<text class="reference-label" x="${c(x)}" y="${c(f.y(0) - 10)}" ` +
          `${FONT} font-size="${SIZE.small}" text-anchor="middle" ` +
          `fill="#333">${esc(spec.labels.reference)}</text>`,
      );
    } else if (ok(p.estimate)) {
      body.push(
        `<circle class="estimate" cx="${c(x)}" cy="${c(f.y(p.estimate))}" ` +
          `r="4" fill="${PALETTE.blue}"/>`,
      );
    }
  }
  rounds.forEach((r, i) => {
    const color = ROUND_COLORS[i % ROUND_COLORS.length];
    const offset = (i + 1) * (halfWidth / (rounds.length + 1)) + halfWidth * 0.2;
    for (const p of r.points) {
      if (!ok(p.estimate) || p.e === ref) continue;
      body.push(roundMarker(i, f.x(p.e) + offset, f.y(p.estimate), color));
    }
  });
  const refText = String(ref).replace('-', '\u2212');
  const desc =
    spec.lang === 'da'
      ? `${spec.yLabel} efter ${spec.xLabel.toLowerCase()}, ${spec.points.length} ` +
        `eventtider; referenceperiode e = ${refText}; stiplet linje mellem ` +
        `perioderne før og efter start.`
      : `${spec.yLabel} by ${spec.xLabel.toLowerCase()}, ${spec.points.length} ` +
        `event times; reference period e = ${refText}; dashed line between ` +
        `the periods before and after the start.`;
  return svgDocument(f, spec.title, desc, body);
}
