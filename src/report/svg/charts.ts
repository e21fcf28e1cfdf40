/**
 * Chart functions: data in, SVG text out. Deterministic (fixed rounding,
 * ids derived from the content, no dates), so report folders are
 * byte-identical across runs.
 */
import { frame, svgDocument, PALETTE, TEXT_LEFT, type LegendEntry } from './frame.js';
import { FONT } from './legend.js';
import { bandPolygons, isolatedPoints, pathSegments, type BandPoint, type Point } from './path.js';
import { c, type AxisFormat } from './scale.js';
import { esc, textWidth } from './text.js';

export type { Point, BandPoint } from './path.js';

export interface Series {
  label: string;
  points: Point[];
  /** Default: the next colour of the Okabe–Ito palette. */
  color?: string;
  /** Dashed line (e.g. the before cohorts). */
  dash?: boolean;
  /** Confidence interval per x (null bounds leave a gap). */
  band?: BandPoint[];
}

export interface ReferenceLine {
  y: number;
  /** Printed at the right end, just above the line. */
  label?: string;
}

export interface LineChartSpec {
  title: string;
  subtitle?: string;
  /** Under the plot; "\n" starts a new line. */
  note?: string;
  xLabel: string;
  yLabel: string;
  yFormat: AxisFormat;
  xFormat?: AxisFormat;
  series: Series[];
  referenceLines?: ReferenceLine[];
  /** Default: the data's extent (for 'percent', from 0). */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Step interpolation (survival curves). */
  step?: boolean;
  /** How intervals are drawn: light band with dashed bounds (default), only the band, or only dashed bounds (the seed's style). */
  bandStyle?: 'both' | 'band' | 'dashed';
  /** Legend text for the intervals (default "95 % confidence interval"). */
  bandLabel?: string;
  /** Fixed x tick step, e.g. 13 weeks (a quarter). */
  xTickStep?: number;
  legendColumns?: number;
  width?: number;
  plotHeight?: number;
}

export const DEFAULT_COLORS = [PALETTE.vermillion, PALETTE.blue, PALETTE.green, PALETTE.orange, PALETTE.purple, PALETTE.sky, PALETTE.black];
const NEUTRAL = '#666666';

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** [min, max] of the finite values, or `fallback` when there are none. */
export function extent(values: readonly (number | null | undefined)[], fallback: [number, number]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!finite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? fallback : [lo, hi];
}

/** A one-point segment ("M x,y") draws nothing. */
const drawsLine = (d: string) => /[LHV]/.test(d);

export function lineChart(spec: LineChartSpec): string {
  const bandStyle = spec.bandStyle ?? 'both';
  const xs = spec.series.flatMap((s) => [...s.points.map((p) => p.x), ...(s.band ?? []).map((b) => b.x)]);
  const ys = [
    ...spec.series.flatMap((s) => [...s.points.map((p) => p.y), ...(s.band ?? []).flatMap((b) => [b.low, b.high])]),
    ...(spec.referenceLines ?? []).map((r) => r.y),
    ...(spec.yFormat === 'percent' ? [0] : []),
  ];
  const xDomain = spec.xDomain ?? extent(xs, [0, 1]);
  let yDomain = spec.yDomain ?? extent(ys, [0, 1]);
  if (yDomain[0] === yDomain[1]) yDomain = [yDomain[0] - 0.01, yDomain[1] + 0.01];
  const colors = spec.series.map((s, i) => s.color ?? DEFAULT_COLORS[i % DEFAULT_COLORS.length]);

  const legend: LegendEntry[] = spec.series.map((s, i) => ({ label: s.label, color: colors[i], kind: s.dash ? 'dashed' : 'line' }));
  const banded = spec.series.map((s, i) => (s.band && s.band.some((b) => finite(b.low) && finite(b.high)) ? i : -1)).filter((i) => i >= 0);
  if (banded.length) {
    const bandColors = [...new Set(banded.map((i) => colors[i]))];
    legend.push({ label: spec.bandLabel ?? '95 % confidence interval', color: bandColors.length === 1 ? bandColors[0] : NEUTRAL, kind: bandStyle === 'dashed' ? 'interval' : 'band' });
  }

  // Weeks are whole numbers: no tick at week 2.5.
  const xMinStep = xs.length > 0 && xs.every(Number.isInteger) ? 1 : 0;
  const f = frame({ ...spec, xDomain, yDomain, legend, xMinStep });
  const body: string[] = [];
  for (const r of spec.referenceLines ?? []) {
    const yy = c(f.y(r.y));
    body.push(`<line class="reference" x1="${f.left}" x2="${f.right}" y1="${yy}" y2="${yy}" stroke="#000" stroke-width="1"/>`);
    if (r.label) body.push(`<text class="reference-label" x="${f.right - 4}" y="${c(f.y(r.y) - 5)}" ${FONT} font-size="11" text-anchor="end" fill="#000">${esc(r.label)}</text>`);
  }
  for (const i of banded) {
    const band = spec.series[i].band as BandPoint[];
    if (bandStyle !== 'dashed') {
      for (const pts of bandPolygons(band, f.x, f.y, spec.step)) body.push(`<polygon class="band" points="${pts}" fill="${colors[i]}" fill-opacity="0.15" stroke="none"/>`);
    }
    if (bandStyle !== 'band') {
      for (const key of ['low', 'high'] as const) {
        for (const d of pathSegments(band.map((b) => ({ x: b.x, y: b[key] })), f.x, f.y, spec.step).filter(drawsLine)) {
          body.push(`<path class="band-bound" d="${d}" fill="none" stroke="${colors[i]}" stroke-width="1.2" stroke-dasharray="4 3"/>`);
        }
      }
    }
  }
  spec.series.forEach((s, i) => {
    // One path per run between gaps (a lone point's path draws nothing; it gets a dot below).
    const paths = pathSegments(s.points, f.x, f.y, spec.step).map(
      (d) => `<path d="${d}" fill="none" stroke="${colors[i]}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ''} stroke-linejoin="round"/>`,
    );
    // A week alone between gaps draws no line: mark it so it is not lost.
    const dots = isolatedPoints(s.points).map((p) => `<circle class="point" cx="${c(f.x(p.x))}" cy="${c(f.y(p.y as number))}" r="2.5" fill="${colors[i]}"/>`);
    body.push(`<g class="series" data-label="${esc(s.label)}">${[...paths, ...dots].join('')}</g>`);
  });
  const extra = banded.length ? ` Shaded or dashed: ${spec.bandLabel ?? '95 % confidence interval'}.` : '';
  const desc = `${spec.yLabel} by ${spec.xLabel.toLowerCase()}: ${spec.series.map((s) => s.label).join('; ')}.${extra}`;
  return svgDocument(f, spec.title, desc, body);
}

export type StepChartSpec = Omit<LineChartSpec, 'step' | 'yFormat'> & { yFormat?: AxisFormat };

/** Kaplan–Meier curves: a step line chart, by default on 0–100 %. Intervals follow the steps. */
export function stepChart(spec: StepChartSpec): string {
  return lineChart({ ...spec, yFormat: spec.yFormat ?? 'percent', step: true, yDomain: spec.yDomain ?? [0, 1] });
}

export interface ForestRow {
  label: string;
  /** null: no estimate (e.g. suppressed); the row is listed and says so. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Persons behind the estimate, printed in a column right of the plot. */
  n?: number | null;
}

export interface ForestSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  /** Default 'pp' (effects on shares, in percentage points). */
  xFormat?: AxisFormat;
  rows: ForestRow[];
  pooled?: ForestRow;
  /** The no-effect line; default 0. */
  reference?: number;
  /** Legend text of the interval lines (default "95 % confidence interval"). */
  intervalLabel?: string;
  /** Legend text of the point estimates (default "Estimate"). */
  estimateLabel?: string;
  width?: number;
}

/** 12345 → "12,345" (fixed, not locale-dependent). */
export function groupThousands(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '\u2212' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Per-municipality effects with intervals, a reference (zero) line and the pooled effect as a diamond. */
export function forestPlot(spec: ForestSpec): string {
  const all = [...spec.rows, ...(spec.pooled ? [spec.pooled] : [])];
  const ref = spec.reference ?? 0;
  const xDomain = extent([...all.flatMap((r) => [r.estimate, r.low, r.high]), ref], [ref - 0.1, ref + 0.1]);
  if (xDomain[0] === xDomain[1]) [xDomain[0], xDomain[1]] = [xDomain[0] - 0.01, xDomain[1] + 0.01];
  const n = all.length;
  const rowH = 22;
  const hasN = all.some((r) => finite(r.n));
  const legend: LegendEntry[] = [
    { label: spec.estimateLabel ?? 'Estimate', color: PALETTE.blue, kind: 'point' },
    { label: spec.intervalLabel ?? '95 % confidence interval', color: PALETTE.blue, kind: 'line' },
  ];
  if (spec.pooled) legend.push({ label: spec.pooled.label, color: PALETTE.vermillion, kind: 'diamond' });
  const widest = Math.max(0, ...all.map((r) => textWidth(r.label, 12, true)));
  const left = Math.round(Math.min(340, Math.max(90, 16 + widest + 12)));
  const f = frame({
    title: spec.title,
    subtitle: spec.subtitle,
    note: spec.note,
    xLabel: spec.xLabel,
    yLabel: '',
    xFormat: spec.xFormat ?? 'pp',
    yFormat: 'number',
    xDomain,
    yDomain: [n + 0.5, 0.5],
    legend,
    plotHeight: n * rowH + 10,
    left,
    rightMargin: hasN ? 76 : 20,
    yCategories: all.map((r) => r.label),
    xNice: true,
    width: spec.width,
  });
  const body: string[] = [];
  body.push(`<line class="reference" x1="${c(f.x(ref))}" x2="${c(f.x(ref))}" y1="${f.top}" y2="${f.bottom}" stroke="#000" stroke-width="1"/>`);
  if (spec.pooled && spec.rows.length) {
    const sep = c(f.y(n - 0.5));
    body.push(`<line class="separator" x1="${TEXT_LEFT}" x2="${f.width - 16}" y1="${sep}" y2="${sep}" stroke="#bbbbbb" stroke-width="1"/>`);
  }
  if (hasN) body.push(`<text class="n-header" x="${f.width - 16}" y="${c(f.top - 6)}" ${FONT} font-size="12" font-style="italic" text-anchor="end" fill="#000">n</text>`);
  all.forEach((r, i) => {
    const yy = f.y(i + 1);
    const pooled = spec.pooled !== undefined && i === n - 1;
    const color = pooled ? PALETTE.vermillion : PALETTE.blue;
    body.push(`<text class="row-label" x="${f.left - 8}" y="${c(yy + 4)}" ${FONT} font-size="12" text-anchor="end" fill="#000"${pooled ? ' font-weight="bold"' : ''}>${esc(r.label)}</text>`);
    if (finite(r.n)) body.push(`<text class="n" x="${f.width - 16}" y="${c(yy + 4)}" ${FONT} font-size="11" text-anchor="end" fill="#333">${groupThousands(r.n)}</text>`);
    if (!finite(r.estimate)) {
      body.push(`<text class="missing" x="${c(f.x(ref) + 6)}" y="${c(yy + 4)}" ${FONT} font-size="11" font-style="italic" fill="#666">no estimate</text>`);
      return;
    }
    if (finite(r.low) && finite(r.high)) body.push(`<line class="interval" x1="${c(f.x(r.low))}" x2="${c(f.x(r.high))}" y1="${c(yy)}" y2="${c(yy)}" stroke="${color}" stroke-width="2"/>`);
    const cx = f.x(r.estimate);
    if (pooled) body.push(`<polygon class="pooled" points="${c(cx - 7)},${c(yy)} ${c(cx)},${c(yy - 7)} ${c(cx + 7)},${c(yy)} ${c(cx)},${c(yy + 7)}" fill="${color}"/>`);
    else body.push(`<circle class="estimate" cx="${c(cx)}" cy="${c(yy)}" r="4" fill="${color}"/>`);
  });
  const desc = `${spec.xLabel} with ${spec.intervalLabel ?? '95 % confidence interval'}s for ${spec.rows.length} rows${spec.pooled ? ` and ${spec.pooled.label}` : ''}; reference line at ${ref}.`;
  return svgDocument(f, spec.title, desc, body);
}
