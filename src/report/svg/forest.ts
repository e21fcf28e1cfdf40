/**
 * The pieces every forest-style chart draws: the frame with one category row per item, the
 * reference line, the `n` column and one row (label, n, 'no estimate', interval, marker). The
 * generic forest plot, the shrinkage forest, the placebo chart and the survey progression chart
 * differ only in the parameters, so one drawing keeps their SVG alike.
 */

import { type Frame, frame, type LegendEntry } from './frame.js';
import { FONT } from './legend.js';
import { type AxisFormat, c } from './scale.js';
import { type FigureLang, SIZE } from './style.js';
import { esc } from './text.js';

const finite = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

/** What a forest chart's spec says about its frame; the chart specs are passed as they are. */
export interface ForestFrameText {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  /** Default 'pp' (effects on shares, in percentage points). */
  xFormat?: AxisFormat;
  width?: number;
  bare?: boolean;
  lang?: FigureLang;
}

export interface ForestLayout {
  xDomain: [number, number];
  legend: LegendEntry[];
  /** Row labels, top to bottom; their count sets the y domain unless `rowCount` is given. */
  labels: string[];
  /** Rows of the y domain when it is not the number of labels (an empty chart keeps one). */
  rowCount?: number;
  plotHeight: number;
  left: number;
  /** Room at the right for the `n` column. */
  hasN?: boolean;
}

/** The frame of a forest chart: rows 1…n from the top, a nice x axis, no y label. */
export function forestFrame(s: ForestFrameText, l: ForestLayout): Frame {
  const n = l.rowCount ?? l.labels.length;
  return frame({
    title: s.title,
    subtitle: s.subtitle,
    note: s.note,
    xLabel: s.xLabel,
    yLabel: '',
    xFormat: s.xFormat ?? 'pp',
    yFormat: 'number',
    xDomain: l.xDomain,
    yDomain: [n + 0.5, 0.5],
    legend: l.legend,
    plotHeight: l.plotHeight,
    left: l.left,
    rightMargin: l.hasN ? 76 : 20,
    yCategories: l.labels,
    xNice: true,
    width: s.width,
    bare: s.bare,
    lang: s.lang,
  });
}

/** The vertical no-effect line at data value `at`, over the whole plot height. */
export function referenceLine(f: Frame, at: number): string {
  const x = c(f.x(at));
  return (
    `<line class="reference" x1="${x}" x2="${x}" ` +
    `y1="${f.top}" y2="${f.bottom}" stroke="#000" stroke-width="1"/>`
  );
}

/** The header of the `n` column, above the plot at the right. */
export function nHeader(f: Frame): string {
  return (
    `<text class="n-header" x="${f.width - 16}" y="${c(f.top - 6)}" ` +
    `${FONT} font-size="${SIZE.small}" font-style="italic" text-anchor="end" ` +
    `fill="#000">n</text>`
  );
}

/** A row label, right-aligned against the plot; `y` is the row's centre. */
export function rowLabel(f: Frame, y: number, text: string, fill = '#000', bold = false): string {
  return (
    `<text class="row-label" x="${f.left - 8}" y="${c(y + 4)}" ${FONT} ` +
    `font-size="${SIZE.small}" text-anchor="end" fill="${fill}"` +
    `${bold ? ' font-weight="bold"' : ''}>${esc(text)}</text>`
  );
}

/** A diamond of half-width `size` centred at (x, y). */
export function diamond(cls: string, x: number, y: number, size: number, fill: string): string {
  return (
    `<polygon class="${cls}" points="${c(x - size)},${c(y)} ${c(x)},${c(y - size)} ` +
    `${c(x + size)},${c(y)} ${c(x)},${c(y + size)}" fill="${fill}"/>`
  );
}

/** The estimate's marker; a circle with `stroke` is drawn with an outline (hollow or ringed). */
export type ForestMarker =
  | { kind: 'circle'; cls: string; r: number; fill: string; stroke?: string; strokeWidth?: number }
  | { kind: 'diamond'; cls: string; size: number; fill: string };

export interface ForestRowSpec {
  /** The row's centre (f.y of its category). */
  y: number;
  label: string;
  labelFill?: string;
  bold?: boolean;
  /** Text of the `n` column; absent: the cell stays empty. */
  n?: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Where the 'no estimate' text starts: x of the reference line. */
  refX: number;
  missingLabel: string;
  missingFill: string;
  /** Colour of the interval line. */
  color: string;
  /** Interval and marker drawn this much above the row centre (room for a second marker). */
  raise?: number;
  /** Dash pattern of the interval line. */
  dash?: string;
  /** Short vertical ticks at both interval ends. */
  caps?: boolean;
  marker: ForestMarker;
}

/**
 * One forest row as SVG elements, in drawing order. Without an estimate the row shows the
 * 'no estimate' text instead of interval and marker.
 */
export function forestRow(f: Frame, r: ForestRowSpec): string[] {
  const out = [rowLabel(f, r.y, r.label, r.labelFill, r.bold)];
  if (r.n !== undefined)
    out.push(
      `<text class="n" x="${f.width - 16}" y="${c(r.y + 4)}" ${FONT} ` +
        `font-size="${SIZE.small}" text-anchor="end" fill="#333">${r.n}</text>`,
    );
  if (!finite(r.estimate)) {
    out.push(
      `<text class="missing" x="${c(r.refX + 6)}" y="${c(r.y + 4)}" ` +
        `${FONT} font-size="${SIZE.small}" font-style="italic" fill="${r.missingFill}">` +
        `${esc(r.missingLabel)}</text>`,
    );
    return out;
  }
  const y = r.y - (r.raise ?? 0);
  if (finite(r.low) && finite(r.high)) {
    out.push(
      `<line class="interval" x1="${c(f.x(r.low))}" x2="${c(f.x(r.high))}" ` +
        `y1="${c(y)}" y2="${c(y)}" stroke="${r.color}" stroke-width="2"` +
        `${r.dash ? ` stroke-dasharray="${r.dash}"` : ''}/>`,
    );
    if (r.caps)
      for (const v of [r.low, r.high])
        out.push(
          `<line class="interval-end" x1="${c(f.x(v))}" x2="${c(f.x(v))}" ` +
            `y1="${c(y - 4)}" y2="${c(y + 4)}" stroke="${r.color}" stroke-width="2"/>`,
        );
  }
  const m = r.marker;
  const cx = f.x(r.estimate);
  out.push(
    m.kind === 'diamond'
      ? diamond(m.cls, cx, y, m.size, m.fill)
      : `<circle class="${m.cls}" cx="${c(cx)}" cy="${c(y)}" r="${m.r}" fill="${m.fill}"` +
          `${m.stroke ? ` stroke="${m.stroke}" stroke-width="${m.strokeWidth ?? 1}"` : ''}/>`,
  );
  return out;
}
