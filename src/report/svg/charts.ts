/**
 * Chart functions: data in, SVG text out. Deterministic (fixed rounding,
 * ids derived from the content, no dates), so report folders are
 * byte-identical across runs.
 *
 * Every text a chart prints comes in through its spec (titles, axis labels,
 * legend labels, notes), so the report can pass Danish or English; `lang`
 * sets the number format of the ticks.
 */
import { forestFrame, forestRow, nHeader, referenceLine } from './forest.js';
import { frame, hashId, type LegendEntry, PALETTE, svgDocument, TEXT_LEFT } from './frame.js';
import { type BandPoint, bandPolygons, isolatedPoints, type Point, pathSegments } from './path.js';
import { type AxisFormat, c } from './scale.js';
import {
  DASHES,
  FIGURE_WIDTH,
  type FigureLang,
  FONT,
  type MarkerShape,
  marker,
  SIZE,
} from './style.js';
import { esc, textWidth } from './text.js';

export type { BandPoint, Point } from './path.js';

export interface Series {
  label: string;
  points: Point[];
  /** Default: the next colour of the Okabe–Ito palette. */
  color?: string;
  /**
   * Line type: true or 'dashed' (e.g. the before cohorts), 'dotted', 'dashdot', or a dash array "6
   * 2".
   */
  dash?: boolean | 'dashed' | 'dotted' | 'dashdot' | string;
  /** A marker every few points (about 10 along the axis), so series stay apart in greyscale. */
  marker?: MarkerShape;
  /** Confidence interval per x (null bounds leave a gap). */
  band?: BandPoint[];
}

export interface ReferenceLine {
  y: number;
  /** Printed at the right end, just above the line. */
  label?: string;
}

/**
 * A range of x shaded behind the data: the pooling window of an effect, or
 * weeks left out (too few persons). With `value`, a horizontal line at that
 * y across the range (the pooled effect).
 */
export interface XWindow {
  from: number;
  to: number;
  /** 'window': a light tint; 'hatched': grey diagonal lines (weeks left out). */
  style: 'window' | 'hatched';
  /** Legend text for the shaded range (none: no legend entry). */
  label?: string;
  value?: number | null;
  /** Legend text for the line at `value`. */
  valueLabel?: string;
  /** Colour of the line at `value` (default vermillion). */
  valueColor?: string;
}

/** One row of a number-at-risk table under the plot: the count at each x tick. */
export interface RiskRow {
  label: string;
  /** Counts by x; a tick without a count (or a null: hidden) prints "–". */
  counts: { x: number; n: number | null }[];
  color?: string;
  marker?: MarkerShape;
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
  /**
   * How intervals are drawn: light band with thin solid edges (default), only the band, or only
   * dashed bounds (the seed's style).
   */
  bandStyle?: 'both' | 'band' | 'dashed';
  /** Legend text for the intervals (default "95 % confidence interval"). */
  bandLabel?: string;
  /** Fixed x tick step, e.g. 13 weeks (a quarter). */
  xTickStep?: number;
  /**
   * Explicit x ticks (e.g. weeks 1, 14, 27, …: the first week of each quarter); overrides
   * `xTickStep`.
   */
  xTicks?: number[];
  /** A second line under each x tick label, e.g. the ISO week of a calendar week. */
  xTickSecondary?: (x: number) => string;
  /** Shaded x ranges behind the data (pooling window, weeks left out). */
  windows?: XWindow[];
  /** A number-at-risk table under the x axis (survival curves), one row per series. */
  riskTable?: { title: string; rows: RiskRow[] };
  legendColumns?: number;
  width?: number;
  plotHeight?: number;
  /** Leave out title, subtitle and note (the document captions the figure). */
  bare?: boolean;
  /** Tick number format: 'da' prints decimal commas. */
  lang?: FigureLang;
  /** Text for screen readers (<desc>); default: an English sentence from the labels. */
  desc?: string;
}

export const DEFAULT_COLORS = [
  PALETTE.vermillion,
  PALETTE.blue,
  PALETTE.green,
  PALETTE.orange,
  PALETTE.purple,
  PALETTE.sky,
  PALETTE.black,
];
const NEUTRAL = '#666666';

const finite = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

/** [min, max] of the finite values, or `fallback` when there are none. */
export function extent(
  values: readonly (number | null | undefined)[],
  fallback: [number, number],
): [number, number] {
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

/** The dash array of a series' line type (null: solid). */
export function dashArray(dash: Series['dash']): string | null {
  if (dash === undefined || dash === false || dash === 'solid') return null;
  if (dash === true) return DASHES.dashed;
  if (dash === 'dashed' || dash === 'dotted' || dash === 'dashdot') return DASHES[dash];
  return dash;
}

/**
 * Indices of the points that carry a marker: about `count` along the series,
 * shifted by `phase` (0–1) so the markers of different series do not sit on top
 * of each other. Only points with a value are marked.
 */
export function markerIndices(points: readonly Point[], count: number, phase: number): number[] {
  const n = points.length;
  if (n === 0) return [];
  const every = Math.max(1, Math.round(n / Math.max(1, count)));
  const offset = Math.round(phase * every) % every;
  const out: number[] = [];
  for (let i = offset; i < n; i += every) if (finite(points[i].y)) out.push(i);
  return out;
}

/** The diagonal-line pattern for weeks left out, with a content-derived id. */
function hatchDefs(id: string): string {
  return (
    `<defs><pattern id="${id}" patternUnits="userSpaceOnUse" width="6" ` +
    `height="6" patternTransform="rotate(45)"><line x1="0" y1="0" ` +
    `x2="0" y2="6" stroke="#b0b0b0" stroke-width="1.5"/></pattern></defs>`
  );
}

export function lineChart(spec: LineChartSpec): string {
  const bandStyle = spec.bandStyle ?? 'both';
  const windows = spec.windows ?? [];
  const xs = spec.series.flatMap((s) => [
    ...s.points.map((p) => p.x),
    ...(s.band ?? []).map((b) => b.x),
  ]);
  const ys = [
    ...spec.series.flatMap((s) => [
      ...s.points.map((p) => p.y),
      ...(s.band ?? []).flatMap((b) => [b.low, b.high]),
    ]),
    ...(spec.referenceLines ?? []).map((r) => r.y),
    ...windows.map((w) => w.value),
    ...(spec.yFormat === 'percent' ? [0] : []),
  ];
  const xDomain = spec.xDomain ?? extent(xs, [0, 1]);
  let yDomain = spec.yDomain ?? extent(ys, [0, 1]);
  if (yDomain[0] === yDomain[1]) yDomain = [yDomain[0] - 0.01, yDomain[1] + 0.01];
  const colors = spec.series.map((s, i) => s.color ?? DEFAULT_COLORS[i % DEFAULT_COLORS.length]);
  const dashes = spec.series.map((s) => dashArray(s.dash));

  const legend: LegendEntry[] = spec.series.map((s, i) => ({
    label: s.label,
    color: colors[i],
    kind: 'line',
    dash: dashes[i],
    marker: s.marker,
  }));
  const banded = spec.series
    .map((s, i) => (s.band?.some((b) => finite(b.low) && finite(b.high)) ? i : -1))
    .filter((i) => i >= 0);
  if (banded.length) {
    const bandColors = [...new Set(banded.map((i) => colors[i]))];
    legend.push({
      label: spec.bandLabel ?? '95 % confidence interval',
      color: bandColors.length === 1 ? bandColors[0] : NEUTRAL,
      kind: bandStyle === 'dashed' ? 'interval' : 'band',
    });
  }
  const hatchId = `hatch-${hashId(`${spec.title}\n${spec.xLabel}\n${spec.yLabel}`)}`;
  for (const w of windows) {
    if (w.label)
      legend.push({
        label: w.label,
        color: w.style === 'hatched' ? '#b0b0b0' : WINDOW_FILL,
        kind: w.style === 'hatched' ? 'area' : 'window',
        pattern: w.style === 'hatched' ? hatchId : undefined,
      });
    if (finite(w.value) && w.valueLabel)
      legend.push({ label: w.valueLabel, color: w.valueColor ?? PALETTE.vermillion, kind: 'line' });
  }
  // Hatched legend swatches are the pattern on white.
  for (const e of legend) if (e.kind === 'area' && e.pattern === hatchId) e.color = '#ffffff';

  // Room under the axis for the at-risk table: a heading and a row per series.
  const risk = spec.riskTable;
  // Labels left of the counts when they fit in 30 % of the width, else each on a line above its
  // counts.
  const riskLabelWidth = risk
    ? Math.max(...risk.rows.map((r) => (r.marker ? 14 : 0) + textWidth(r.label, SIZE.small)))
    : 0;
  const riskLeft = Math.ceil(TEXT_LEFT + riskLabelWidth + 34);
  const riskStacked = riskLeft > 0.3 * (spec.width ?? FIGURE_WIDTH);
  const RISK_ROW = riskStacked ? 31 : 17;
  const belowAxis = risk ? 22 + risk.rows.length * RISK_ROW : 0;

  // Weeks are whole numbers: no tick at week 2.5.
  const xMinStep = xs.length > 0 && xs.every(Number.isInteger) ? 1 : 0;
  const f = frame({
    ...spec,
    xDomain,
    yDomain,
    legend,
    xMinStep,
    belowAxis,
    // The at-risk labels stand left of the plot, under the y tick labels.
    left: risk && !riskStacked ? Math.max(64, riskLeft) : undefined,
  });
  const body: string[] = [];
  if (windows.some((w) => w.style === 'hatched')) body.push(hatchDefs(hatchId));
  for (const w of windows) {
    const x0 = Math.max(f.left, Math.min(f.x(w.from), f.x(w.to)));
    const x1 = Math.min(f.right, Math.max(f.x(w.from), f.x(w.to)));
    if (x1 <= x0) continue;
    const fill = w.style === 'hatched' ? `url(#${hatchId})` : WINDOW_FILL;
    body.push(
      `<rect class="window" data-style="${w.style}" data-from="${w.from}" ` +
        `data-to="${w.to}" x="${c(x0)}" y="${c(f.top)}" width="${c(x1 - x0)}" ` +
        `height="${c(f.bottom - f.top)}" fill="${fill}" stroke="none"/>`,
    );
  }
  for (const r of spec.referenceLines ?? []) {
    const yy = c(f.y(r.y));
    body.push(
      `<line class="reference" x1="${f.left}" x2="${f.right}" y1="${yy}" ` +
        `y2="${yy}" stroke="#000" stroke-width="1"/>`,
    );
    if (r.label)
      body.push(
        `<text class="reference-label" x="${f.right - 4}" y="${c(f.y(r.y) - 5)}" ` +
          `${FONT} font-size="${SIZE.small}" text-anchor="end" fill="#000">${esc(r.label)}</text>`,
      );
  }
  for (const i of banded) {
    const band = spec.series[i].band as BandPoint[];
    if (bandStyle !== 'dashed') {
      for (const pts of bandPolygons(band, f.x, f.y, spec.step))
        body.push(
          `<polygon class="band" points="${pts}" fill="${colors[i]}" fill-opacity="0.15" ` +
            `stroke="none"/>`,
        );
    }
    // Edges: thin and solid with the band (a dashed edge would read as a dashed series); dashed
    // alone in the seed's style.
    const edge =
      bandStyle === 'dashed'
        ? 'stroke-width="1.2" stroke-dasharray="4 3"'
        : 'stroke-width="0.8" stroke-opacity="0.7"';
    if (bandStyle !== 'band') {
      for (const key of ['low', 'high'] as const) {
        for (const d of pathSegments(
          band.map((b) => ({ x: b.x, y: b[key] })),
          f.x,
          f.y,
          spec.step,
        ).filter(drawsLine)) {
          body.push(
            `<path class="band-bound" d="${d}" fill="none" stroke="${colors[i]}" ${edge}/>`,
          );
        }
      }
    }
  }
  spec.series.forEach((s, i) => {
    // One path per run between gaps (a lone point's path draws nothing; it gets a dot below).
    const paths = pathSegments(s.points, f.x, f.y, spec.step).map(
      (d) =>
        `<path d="${d}" fill="none" stroke="${colors[i]}" stroke-width="2"` +
        `${dashes[i] ? ` stroke-dasharray="${dashes[i]}"` : ''} ` +
        `stroke-linejoin="round"/>`,
    );
    // A week alone between gaps draws no line: mark it so it is not lost.
    const dots = isolatedPoints(s.points).map(
      (p) =>
        `<circle class="point" cx="${c(f.x(p.x))}" cy="${c(f.y(p.y as number))}" ` +
        `r="2.5" fill="${colors[i]}"/>`,
    );
    const marks = s.marker
      ? markerIndices(s.points, 10, spec.series.length > 1 ? i / spec.series.length : 0).map((k) =>
          marker(
            s.marker as MarkerShape,
            f.x(s.points[k].x),
            f.y(s.points[k].y as number),
            colors[i],
          ),
        )
      : [];
    body.push(
      `<g class="series" data-label="${esc(s.label)}"` +
        `${dashes[i] ? ` data-dash="${dashes[i]}"` : ''}` +
        `${s.marker ? ` data-marker="${s.marker}"` : ''}>` +
        `${[...paths, ...dots, ...marks].join('')}</g>`,
    );
  });
  for (const w of windows) {
    if (!finite(w.value)) continue;
    const x0 = Math.max(f.left, Math.min(f.x(w.from), f.x(w.to)));
    const x1 = Math.min(f.right, Math.max(f.x(w.from), f.x(w.to)));
    const yy = c(f.y(w.value));
    body.push(
      `<line class="window-value" x1="${c(x0)}" x2="${c(x1)}" y1="${yy}" ` +
        `y2="${yy}" stroke="${w.valueColor ?? PALETTE.vermillion}" stroke-width="3"/>`,
    );
  }
  if (risk) body.push(riskTable(risk, f, RISK_ROW, spec.lang ?? 'en', riskStacked));
  const extra = banded.length ? ` Shaded: ${spec.bandLabel ?? '95 % confidence interval'}.` : '';
  const desc =
    spec.desc ??
    `${spec.yLabel} by ${spec.xLabel.toLowerCase()}: ` +
      `${spec.series.map((s) => s.label).join('; ')}.${extra}`;
  return svgDocument(f, spec.title, desc, body);
}

/** Light tint of a window (pooling weeks): a light grey in print. */
const WINDOW_FILL = '#edf3f8';

/**
 * The number-at-risk table: heading, then per row its label at the left and the count under each x
 * tick.
 */
function riskTable(
  t: { title: string; rows: RiskRow[] },
  f: ReturnType<typeof frame>,
  rowH: number,
  lang: FigureLang,
  stacked: boolean,
): string {
  const out: string[] = [];
  const y0 = f.belowTop + 14;
  out.push(
    `<text class="risk-title" x="${TEXT_LEFT}" y="${c(y0)}" ${FONT} ` +
      `font-size="${SIZE.small}" font-weight="bold" fill="#000">${esc(t.title)}</text>`,
  );
  t.rows.forEach((r, i) => {
    // Stacked: the label on its own line, the counts on the next.
    const ly = y0 + (stacked ? i * rowH + 17 : (i + 1) * rowH);
    const yy = stacked ? ly + 14 : ly;
    const color = r.color ?? '#000';
    const cells: string[] = [];
    let lx = TEXT_LEFT;
    if (r.marker) {
      cells.push(marker(r.marker, lx + 4, ly - 4, color, 3.5, 'risk-marker'));
      lx += 14;
    }
    cells.push(
      `<text class="risk-label" x="${c(lx)}" y="${c(ly)}" ${FONT} font-size="${SIZE.small}" ` +
        `fill="${stacked ? '#333' : '#000'}">${esc(r.label)}</text>`,
    );
    for (const tick of f.xTicks) {
      const hit = r.counts.find((k) => k.x === tick);
      const txt = hit && finite(hit.n) ? groupThousands(hit.n, lang) : '\u2013';
      cells.push(
        `<text class="risk-n" data-x="${tick}" x="${c(f.x(tick))}" y="${c(yy)}" ` +
          `${FONT} font-size="${SIZE.small}" text-anchor="middle" fill="#000">${txt}</text>`,
      );
    }
    out.push(`<g class="risk-row" data-label="${esc(r.label)}">${cells.join('')}</g>`);
  });
  return `<g class="risk-table">${out.join('')}</g>`;
}

export type StepChartSpec = Omit<LineChartSpec, 'step' | 'yFormat'> & { yFormat?: AxisFormat };

/** Kaplan–Meier curves: a step line chart, by default on 0–100 %. Intervals follow the steps. */
export function stepChart(spec: StepChartSpec): string {
  return lineChart({
    ...spec,
    yFormat: spec.yFormat ?? 'percent',
    step: true,
    yDomain: spec.yDomain ?? [0, 1],
  });
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
  /** Legend text of the dots (default "Estimate"). */
  estimateLabel?: string;
  /** Printed in a row without an estimate (default "no estimate"). */
  missingLabel?: string;
  width?: number;
  /** Leave out title, subtitle and note. */
  bare?: boolean;
  /** Number format: 'da' prints decimal commas and thousands points. */
  lang?: FigureLang;
  /** Text for screen readers (<desc>); default: an English sentence. */
  desc?: string;
}

/** 12345 → "12,345" ('da': "12.345"); fixed, not locale-dependent. */
export function groupThousands(n: number, lang: FigureLang = 'en'): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '\u2212' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'da' ? '.' : ',');
}

/**
 * Per-municipality effects with intervals, a reference (zero) line and the pooled effect as a
 * diamond.
 */
export function forestPlot(spec: ForestSpec): string {
  const all = [...spec.rows, ...(spec.pooled ? [spec.pooled] : [])];
  const ref = spec.reference ?? 0;
  const xDomain = extent(
    [...all.flatMap((r) => [r.estimate, r.low, r.high]), ref],
    [ref - 0.1, ref + 0.1],
  );
  if (xDomain[0] === xDomain[1]) [xDomain[0], xDomain[1]] = [xDomain[0] - 0.01, xDomain[1] + 0.01];
  const n = all.length;
  const rowH = 22;
  const hasN = all.some((r) => finite(r.n));
  const legend: LegendEntry[] = [
    { label: spec.estimateLabel ?? 'Estimate', color: PALETTE.blue, kind: 'point' },
    { label: spec.intervalLabel ?? '95 % confidence interval', color: PALETTE.blue, kind: 'line' },
  ];
  if (spec.pooled)
    legend.push({ label: spec.pooled.label, color: PALETTE.vermillion, kind: 'diamond' });
  const widest = Math.max(0, ...all.map((r) => textWidth(r.label, SIZE.small, true)));
  const width = spec.width ?? 640;
  const left = Math.round(Math.min(0.5 * width, Math.max(90, 16 + widest + 12)));
  const f = forestFrame(
    { ...spec, width },
    { xDomain, legend, labels: all.map((r) => r.label), plotHeight: n * rowH + 10, left, hasN },
  );
  const body: string[] = [referenceLine(f, ref)];
  if (spec.pooled && spec.rows.length) {
    const sep = c(f.y(n - 0.5));
    body.push(
      `<line class="separator" x1="${TEXT_LEFT}" x2="${f.width - 16}" ` +
        `y1="${sep}" y2="${sep}" stroke="#bbbbbb" stroke-width="1"/>`,
    );
  }
  if (hasN) body.push(nHeader(f));
  all.forEach((r, i) => {
    const pooled = spec.pooled !== undefined && i === n - 1;
    const color = pooled ? PALETTE.vermillion : PALETTE.blue;
    body.push(
      ...forestRow(f, {
        y: f.y(i + 1),
        label: r.label,
        bold: pooled,
        n: finite(r.n) ? groupThousands(r.n, spec.lang) : undefined,
        estimate: r.estimate,
        low: r.low,
        high: r.high,
        refX: f.x(ref),
        missingLabel: spec.missingLabel ?? 'no estimate',
        missingFill: '#555',
        color,
        marker: pooled
          ? { kind: 'diamond', cls: 'pooled', size: 7, fill: color }
          : { kind: 'circle', cls: 'estimate', r: 4, fill: color },
      }),
    );
  });
  const desc =
    spec.desc ??
    `${spec.xLabel} with ${spec.intervalLabel ?? '95 % confidence interval'}s ` +
      `for ${spec.rows.length} rows${spec.pooled ? ` and ${spec.pooled.label}` : ''}; ` +
      `reference line at ${ref}.`;
  return svgDocument(f, spec.title, desc, body);
}
