/**
 * Charts of the "Variation between municipalities" section: a forest plot
 * sorted by effect with raw and shrunken estimates and a line at the pooled
 * effect; the placebo distribution with the treated municipalities marked;
 * a moderator scatter with the fitted line. Data and words in (the caller
 * passes every label in the report's language), SVG text out.
 */

import { extent, groupThousands } from '../svg/charts.js';
import {
  diamond,
  forestFrame,
  forestRow,
  nHeader,
  referenceLine,
  rowLabel,
} from '../svg/forest.js';
import { frame, type LegendEntry, PALETTE, svgDocument } from '../svg/frame.js';
import { FONT } from '../svg/legend.js';
import { type AxisFormat, c } from '../svg/scale.js';
import { type FigureLang, SIZE } from '../svg/style.js';
import { esc, textWidth } from '../svg/text.js';

const finite = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);
const GREY = '#8c8c8c';

/** Widen a degenerate domain so a scale can be drawn. */
function padded(d: [number, number]): [number, number] {
  return d[0] === d[1] ? [d[0] - 0.01, d[1] + 0.01] : d;
}

/** Left margin that fits the widest row label. */
function labelMargin(labels: readonly string[]): number {
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, 12, true)));
  return Math.round(Math.min(340, Math.max(90, 16 + widest + 12)));
}

export interface ShrinkageRow {
  label: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Empirical-Bayes estimate; null when the municipality does not enter the pooled figures. */
  shrunk: number | null;
  n?: number | null;
  /** False: drawn in grey, hollow, as not informative (too few persons, no events). */
  informative: boolean;
}

export interface ShrinkageForestSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  xFormat?: AxisFormat;
  rows: ShrinkageRow[];
  /** The pooled (τ²-weighted) effect, drawn as a dashed vertical line. */
  pooled: number | null;
  reference?: number;
  labels: {
    estimate: string;
    interval: string;
    shrunk: string;
    pooled: string;
    notInformative: string;
    noEstimate: string;
  };
  width?: number;
  /** Leave out title, subtitle and note (the document captions the figure). */
  bare?: boolean;
  /** Tick number format ('da': decimal commas). */
  lang?: FigureLang;
}

/** Rows in ascending order of estimate; rows without an estimate last, in their given order. */
export function sortByEstimate<T extends { estimate: number | null }>(rows: readonly T[]): T[] {
  const withE = rows
    .filter((r) => finite(r.estimate))
    .sort((a, b) => (a.estimate as number) - (b.estimate as number));
  return [...withE, ...rows.filter((r) => !finite(r.estimate))];
}

/**
 * Forest plot sorted by effect: raw estimate with its interval, the shrunken estimate beside it,
 * the pooled effect as a line.
 */
export function shrinkageForest(spec: ShrinkageForestSpec): string {
  const rows = sortByEstimate(spec.rows);
  const ref = spec.reference ?? 0;
  const xDomain = padded(
    extent(
      [...rows.flatMap((r) => [r.estimate, r.low, r.high, r.shrunk]), ref, spec.pooled],
      [ref - 0.1, ref + 0.1],
    ),
  );
  const n = Math.max(1, rows.length);
  const hasN = rows.some((r) => finite(r.n));
  const legend: LegendEntry[] = [
    { label: spec.labels.estimate, color: PALETTE.blue, kind: 'point' },
    { label: spec.labels.interval, color: PALETTE.blue, kind: 'line' },
    { label: spec.labels.shrunk, color: PALETTE.vermillion, kind: 'diamond' },
  ];
  if (finite(spec.pooled))
    legend.push({ label: spec.labels.pooled, color: PALETTE.vermillion, kind: 'dashed' });
  if (rows.some((r) => !r.informative))
    legend.push({ label: spec.labels.notInformative, color: GREY, kind: 'point' });
  const f = forestFrame(spec, {
    xDomain,
    legend,
    labels: rows.map((r) => r.label),
    rowCount: n,
    plotHeight: n * 24 + 10,
    left: labelMargin(rows.map((r) => r.label)),
    hasN,
  });
  const body: string[] = [referenceLine(f, ref)];
  if (finite(spec.pooled)) {
    body.push(
      `<line class="pooled" x1="${c(f.x(spec.pooled))}" x2="${c(f.x(spec.pooled))}" ` +
        `y1="${f.top}" y2="${f.bottom}" stroke="${PALETTE.vermillion}" ` +
        `stroke-width="1.5" stroke-dasharray="6 4"/>`,
    );
  }
  if (hasN) body.push(nHeader(f));
  rows.forEach((r, i) => {
    const yy = f.y(i + 1);
    const color = r.informative ? PALETTE.blue : GREY;
    body.push(
      ...forestRow(f, {
        y: yy,
        label: r.label,
        labelFill: r.informative ? '#000' : '#666',
        n: finite(r.n) ? groupThousands(r.n, spec.lang) : undefined,
        estimate: r.estimate,
        low: r.low,
        high: r.high,
        refX: f.x(ref),
        missingLabel: spec.labels.noEstimate,
        missingFill: '#666',
        color,
        // The raw estimate sits above the centre, the shrunken diamond below it.
        raise: 3,
        dash: r.informative ? undefined : '3 3',
        marker: r.informative
          ? { kind: 'circle', cls: 'estimate', r: 4, fill: color }
          : {
              kind: 'circle',
              cls: 'estimate not-informative',
              r: 4,
              fill: '#fff',
              stroke: color,
              strokeWidth: 1.5,
            },
      }),
    );
    if (finite(r.estimate) && finite(r.shrunk)) {
      const sx = f.x(r.shrunk);
      body.push(
        `<polygon class="shrunk" points="${c(sx - 5)},${c(yy + 5)} ${c(sx)},${c(yy)} ` +
          `${c(sx + 5)},${c(yy + 5)} ${c(sx)},${c(yy + 10)}" fill="${PALETTE.vermillion}"/>`,
      );
    }
  });
  const da = spec.lang === 'da';
  const pooledLine = finite(spec.pooled)
    ? da
      ? `${spec.labels.pooled.toLowerCase()} som stiplet linje; `
      : `${spec.labels.pooled.toLowerCase()} as a dashed line; `
    : '';
  const desc = da
    ? `${spec.xLabel}: ${rows.length} kommuner sorteret efter estimat, ` +
      `hver med ${spec.labels.interval.toLowerCase()} og ${spec.labels.shrunk.toLowerCase()}; ` +
      `${pooledLine}referencelinje ved ${ref}.`
    : `${spec.xLabel}: ${rows.length} municipalities sorted by estimate, ` +
      `each with ${spec.labels.interval.toLowerCase()} and ${spec.labels.shrunk.toLowerCase()}; ` +
      `${pooledLine}reference line at ${ref}.`;
  return svgDocument(f, spec.title, desc, body);
}

export interface PlaceboChartSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  xFormat?: AxisFormat;
  /** The comparison municipalities' placebo estimates. */
  placebo: number[];
  treated: { label: string; estimate: number | null; informative: boolean }[];
  /**
   * The placebo quantiles q(α/2), q(1 − α/2) the Conley–Taber interval uses, drawn as dashed lines.
   */
  quantiles?: [number, number] | null;
  labels: {
    placeboRow: string;
    placebo: string;
    treated: string;
    quantiles: string;
    notInformative: string;
  };
  width?: number;
  /** Leave out title, subtitle and note (the document captions the figure). */
  bare?: boolean;
  /** Tick number format ('da': decimal commas). */
  lang?: FigureLang;
}

/**
 * The placebo estimates on one row (grey dots), each treated municipality on its own row (a
 * diamond), the placebo quantiles as dashed lines.
 */
export function placeboChart(spec: PlaceboChartSpec): string {
  const treated = sortByEstimate(spec.treated);
  const labels = [spec.labels.placeboRow, ...treated.map((t) => t.label)];
  const n = labels.length;
  const xDomain = padded(
    extent(
      [...spec.placebo, ...treated.map((t) => t.estimate), ...(spec.quantiles ?? []), 0],
      [-0.1, 0.1],
    ),
  );
  const legend: LegendEntry[] = [
    { label: spec.labels.placebo, color: GREY, kind: 'point' },
    { label: spec.labels.treated, color: PALETTE.vermillion, kind: 'diamond' },
  ];
  if (spec.quantiles)
    legend.push({ label: spec.labels.quantiles, color: '#444444', kind: 'interval' });
  if (treated.some((t) => !t.informative))
    legend.push({ label: spec.labels.notInformative, color: GREY, kind: 'diamond' });
  const f = forestFrame(spec, {
    xDomain,
    legend,
    labels,
    plotHeight: n * 24 + 10,
    left: labelMargin(labels),
  });
  const body: string[] = [referenceLine(f, 0)];
  for (const q of spec.quantiles ?? []) {
    body.push(
      `<line class="quantile" x1="${c(f.x(q))}" x2="${c(f.x(q))}" y1="${f.top}" ` +
        `y2="${f.bottom}" stroke="#444444" stroke-width="1.2" stroke-dasharray="4 ` +
        `3"/>`,
    );
  }
  // The placebo row (first) is bold: it is the distribution the treated rows are read against.
  labels.forEach((l, i) => {
    body.push(rowLabel(f, f.y(i + 1), l, '#000', i === 0));
  });
  const y0 = f.y(1);
  for (const d of [...spec.placebo].sort((a, b) => a - b)) {
    body.push(
      `<circle class="placebo" cx="${c(f.x(d))}" cy="${c(y0)}" r="4.5" ` +
        `fill="${GREY}" fill-opacity="0.55" stroke="#555" stroke-width="0.6"/>`,
    );
  }
  treated.forEach((t, i) => {
    if (!finite(t.estimate)) return;
    const cx = f.x(t.estimate);
    const yy = f.y(i + 2);
    body.push(diamond('treated', cx, yy, 6, t.informative ? PALETTE.vermillion : GREY));
  });
  const desc =
    spec.lang === 'da'
      ? `${spec.xLabel}: ${spec.placebo.length} placeboestimater for ` +
        `sammenligningskommuner og ${treated.length} deltagerkommuner.`
      : `${spec.xLabel}: ${spec.placebo.length} placebo estimates of ` +
        `comparison municipalities and ${treated.length} participating ` +
        `municipalities.`;
  return svgDocument(f, spec.title, desc, body);
}

export interface ModeratorScatterSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  yLabel: string;
  yFormat?: AxisFormat;
  points: { label: string; x: number; y: number }[];
  /** The fitted line y = intercept + slope·x over the points' x range. */
  line: { intercept: number; slope: number } | null;
  labels: { points: string; line: string };
  width?: number;
  /** Leave out title, subtitle and note (the document captions the figure). */
  bare?: boolean;
  /** Tick number format ('da': decimal commas). */
  lang?: FigureLang;
}

/** Effect against a moderator, one labelled dot per municipality, with the weighted fitted line. */
export function moderatorScatter(spec: ModeratorScatterSpec): string {
  const xs = spec.points.map((p) => p.x);
  const raw = padded(extent(xs, [0, 1]));
  // 5 % room on each side, so no dot sits on an axis.
  const pad = (raw[1] - raw[0]) * 0.05;
  const xDomain: [number, number] = [raw[0] - pad, raw[1] + pad];
  const lineYs = spec.line ? xDomain.map((x) => spec.line!.intercept + spec.line!.slope * x) : [];
  const yDomain = padded(extent([...spec.points.map((p) => p.y), ...lineYs, 0], [-0.1, 0.1]));
  const legend: LegendEntry[] = [{ label: spec.labels.points, color: PALETTE.blue, kind: 'point' }];
  if (spec.line) legend.push({ label: spec.labels.line, color: PALETTE.vermillion, kind: 'line' });
  const f = frame({
    title: spec.title,
    subtitle: spec.subtitle,
    note: spec.note,
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    xFormat: 'number',
    yFormat: spec.yFormat ?? 'pp',
    xDomain,
    yDomain,
    legend,
    width: spec.width,
    bare: spec.bare,
    lang: spec.lang,
  });
  const body: string[] = [];
  if (yDomain[0] < 0 && yDomain[1] > 0)
    body.push(
      `<line class="reference" x1="${f.left}" x2="${f.right}" y1="${c(f.y(0))}" ` +
        `y2="${c(f.y(0))}" stroke="#000" stroke-width="1"/>`,
    );
  if (spec.line) {
    const [a, b] = xDomain;
    body.push(
      `<line class="fit" x1="${c(f.x(a))}" x2="${c(f.x(b))}" y1="${c(f.y(lineYs[0]))}" ` +
        `y2="${c(f.y(lineYs[1]))}" stroke="${PALETTE.vermillion}" stroke-width="2"/>`,
    );
  }
  // Labels placed greedily where they overlap neither an earlier label nor a point
  // (right or left of the point, above, below or level with it); the least overlap when none is
  // free.
  type Box = { x0: number; x1: number; y0: number; y1: number };
  const area = (a: Box, b: Box) =>
    Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) *
    Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
  const placed: Box[] = spec.points.map((p) => {
    const cx = f.x(p.x);
    const cy = f.y(p.y);
    return { x0: cx - 5, x1: cx + 5, y0: cy - 5, y1: cy + 5 };
  });
  for (const p of spec.points) {
    const cx = f.x(p.x);
    const cy = f.y(p.y);
    body.push(`<circle class="point" cx="${c(cx)}" cy="${c(cy)}" r="4.5" fill="${PALETTE.blue}"/>`);
  }
  const h = SIZE.small;
  for (const p of spec.points) {
    const cx = f.x(p.x);
    const cy = f.y(p.y);
    const w = textWidth(p.label, SIZE.small);
    let best: { box: Box; x: number; y: number; anchor: string; cost: number } | null = null;
    for (const [dx, dy] of [
      [1, -1],
      [-1, -1],
      [1, 1],
      [-1, 1],
      [1, 0],
      [-1, 0],
    ]) {
      const x = cx + dx * 7;
      // baseline: above the point, below it, or level with it
      const y = dy < 0 ? cy - 6 : dy > 0 ? cy + h + 4 : cy + h / 3;
      const box: Box = {
        x0: dx > 0 ? x : x - w,
        x1: dx > 0 ? x + w : x,
        y0: y - h * 0.8,
        y1: y + h * 0.2,
      };
      const outside =
        box.x0 < f.left || box.x1 > f.right || box.y0 < f.top || box.y1 > f.bottom ? 1e6 : 0;
      const cost = outside + placed.reduce((sum, b) => sum + area(box, b), 0);
      if (best === null || cost < best.cost)
        best = { box, x, y, anchor: dx > 0 ? 'start' : 'end', cost };
      if (cost === 0) break;
    }
    if (!best) continue;
    placed.push(best.box);
    body.push(
      `<text class="point-label" x="${c(best.x)}" y="${c(best.y)}" ` +
        `${FONT} font-size="${SIZE.small}" text-anchor="${best.anchor}" ` +
        `fill="#333">${esc(p.label)}</text>`,
    );
  }
  const desc =
    spec.lang === 'da'
      ? `${spec.yLabel} mod ${spec.xLabel}: ${spec.points.length} ` +
        `kommuner${spec.line ? ', med den vægtede regressionslinje' : ''}.`
      : `${spec.yLabel} against ${spec.xLabel}: ${spec.points.length} ` +
        `municipalities${spec.line ? ', with the weighted least-squares line' : ''}.`;
  return svgDocument(f, spec.title, desc, body);
}
