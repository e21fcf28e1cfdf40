/**
 * The parts every chart shares: canvas, title, axes with ticks and labels,
 * a legend below the plot (never over the data), and note lines.
 */
import {
  FONT,
  LEGEND_ROW,
  type LegendEntry,
  legendColumns,
  legendRows,
  renderLegend,
} from './legend.js';
import {
  type AxisFormat,
  c,
  linearScale,
  niceTicks,
  niceTicksInside,
  stepTicks,
  tickLabel,
} from './scale.js';
import { FIGURE_WIDTH, type FigureLang, SIZE } from './style.js';
import { esc, textWidth, wrapText } from './text.js';

export type { LegendEntry } from './legend.js';
export type { AxisFormat } from './scale.js';

/** Okabe–Ito, safe for the common colour-vision deficiencies. */
export const PALETTE = {
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
  grey: '#999999',
};

export const TEXT_LEFT = 16;
const TITLE_SIZE = SIZE.title;
const SUBTITLE_SIZE = SIZE.subtitle;
const NOTE_SIZE = SIZE.note;
const TICK_SIZE = SIZE.tick;
const NOTE_LINE = 16;
const LABEL_SIZE = SIZE.axisLabel;

export interface FrameSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  yDomain: [number, number];
  yFormat: AxisFormat;
  xFormat?: AxisFormat;
  legend: LegendEntry[];
  /** Legend columns; default: as many (≤ 4) as the longest label allows. */
  legendColumns?: number;
  width?: number;
  plotHeight?: number;
  /** Left edge of the plot (forest plots put labels there); default: room for the y tick labels. */
  left?: number;
  /** Space right of the plot (forest plots put n there); default 20. */
  rightMargin?: number;
  /** Category labels instead of numeric y ticks (forest plot). */
  yCategories?: string[];
  /** Fixed x tick step (e.g. 13 weeks = a quarter); default: a nice step. */
  xTickStep?: number;
  /** Explicit x ticks (inside the domain; the domain is kept); overrides `xTickStep`. */
  xTicks?: number[];
  /**
   * Widen the x axis to whole nice steps (forest plots); default: keep the domain, ticks inside it.
   */
  xNice?: boolean;
  /** Smallest x tick step (1 for weeks: no tick at week 2.5). */
  xMinStep?: number;
  /**
   * A second, grey line under each x tick label (e.g. the ISO week "2017-W43" of a calendar week).
   */
  xTickSecondary?: (t: number) => string;
  /**
   * Room (px) between the x-axis label and the legend, for a table under the plot (number at risk).
   */
  belowAxis?: number;
  /** Leave out title, subtitle and note (for documents that caption figures themselves). */
  bare?: boolean;
  /** Number format of the ticks: 'da' prints decimal commas. Default 'en'. */
  lang?: FigureLang;
}

export interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
  /** SVG elements before the data (background, title, grid, axes). */
  head: string[];
  /** SVG elements after the data (legend, note). */
  tail: string[];
  xTicks: number[];
  yTicks: number[];
  /** Top of the room reserved by `belowAxis` (below the x-axis label). */
  belowTop: number;
}

/** Block of text lines (title, subtitle, note), one <text> per line. */
export function textLines(
  lines: readonly string[],
  x: number,
  y0: number,
  lineHeight: number,
  attrs: string,
): string[] {
  return lines.map(
    (l, i) =>
      `<text ${attrs.replace('{x}', String(x)).replace('{y}', c(y0 + i * lineHeight))}>` +
      `${esc(l)}</text>`,
  );
}

/**
 * Drop every other tick (keeping the first) until labels of the estimated
 * width fit between neighbours: long axes must not print labels on top of each other.
 */
export function thinTicks(
  ticks: readonly number[],
  labels: (t: number) => string,
  pxPerUnit: number,
  fontSize = TICK_SIZE,
): number[] {
  let out = ticks.slice();
  for (let k = 0; k < 10 && out.length > 2; k++) {
    const spacing = Math.abs(out[1] - out[0]) * pxPerUnit;
    const widest = Math.max(...out.map((t) => textWidth(labels(t), fontSize)));
    if (widest + 8 <= spacing) break;
    out = out.filter((_, i) => i % 2 === 0);
  }
  return out;
}

export function frame(s: FrameSpec): Frame {
  const width = s.width ?? FIGURE_WIDTH;
  const plotHeight = s.plotHeight ?? 300;
  const lang = s.lang ?? 'en';
  // Text blocks wrap 8 px short of the margins: the width table is an estimate.
  const textWidthAvail = width - 2 * TEXT_LEFT;
  const {
    lines: titleLines,
    subtitleLines,
    titleBottom,
    top,
  } = titleBlock(s.bare ? '' : s.title, s.bare ? undefined : s.subtitle, textWidthAvail);

  // y ticks first: their labels decide the left margin.
  const yTicks = s.yCategories ? [] : niceTicks(s.yDomain[0], s.yDomain[1], 5);
  const yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  const yTickText = (t: number) => tickLabel(t, s.yFormat, yStep, lang);
  const widestY = yTicks.length
    ? Math.max(...yTicks.map((t) => textWidth(yTickText(t), TICK_SIZE)))
    : 0;
  const left = s.left ?? Math.max(56, Math.ceil(34 + widestY));
  const right = width - (s.rightMargin ?? 20);
  const bottom = top + plotHeight;

  const xFormat = s.xFormat ?? 'number';
  let xTicks = s.xTicks
    ? s.xTicks.filter((t) => t >= s.xDomain[0] && t <= s.xDomain[1])
    : s.xTickStep
      ? stepTicks(s.xDomain[0], s.xDomain[1], s.xTickStep)
      : s.xNice
        ? niceTicks(s.xDomain[0], s.xDomain[1], 6, s.xMinStep)
        : niceTicksInside(s.xDomain[0], s.xDomain[1], 8, s.xMinStep);
  const xd: [number, number] =
    !s.xTicks && (s.xTickStep || s.xNice)
      ? [
          Math.min(xTicks[0] ?? s.xDomain[0], s.xDomain[0]),
          Math.max(xTicks[xTicks.length - 1] ?? s.xDomain[1], s.xDomain[1]),
        ]
      : s.xDomain;
  const yd: [number, number] = s.yCategories
    ? s.yDomain
    : [Math.min(yTicks[0], s.yDomain[0]), Math.max(yTicks[yTicks.length - 1], s.yDomain[1])];
  const x = linearScale(xd, [left, right]);
  const y = linearScale(yd, [bottom, top]);
  const xStep = xTicks.length > 1 ? xTicks[1] - xTicks[0] : 1;
  const xTickText = (t: number) => tickLabel(t, xFormat, xStep, lang);
  const second = s.xTickSecondary;
  const widestTickText = second
    ? (t: number) =>
        [xTickText(t), second(t)].reduce((a, b) =>
          textWidth(a, TICK_SIZE) >= textWidth(b, TICK_SIZE) ? a : b,
        )
    : xTickText;
  xTicks = thinTicks(xTicks, widestTickText, Math.abs(x(1) - x(0)));
  const xLabelY = bottom + 38 + (second ? 15 : 0);

  const head: string[] = [];
  const legendCols = legendColumns(
    s.legend.map((e) => e.label),
    textWidthAvail,
    4,
    s.legendColumns,
  );
  const nLegendRows = s.legend.length ? legendRows(s.legend.length, legendCols) : 0;
  const noteLines = s.note && !s.bare ? wrapText(s.note, textWidthAvail - 8, NOTE_SIZE) : [];
  // Baselines, top to bottom: x-axis label, the room below it, legend rows, note lines.
  const belowTop = xLabelY + 8;
  let cursor = xLabelY + (s.belowAxis ?? 0);
  const legendTop = cursor + 26;
  if (nLegendRows) cursor = legendTop + (nLegendRows - 1) * LEGEND_ROW;
  const noteTop = cursor + 26;
  if (noteLines.length) cursor = noteTop + (noteLines.length - 1) * NOTE_LINE;
  const height = cursor + 14;

  head.push(`<rect x="0" y="0" width="${width}" height="${c(height)}" fill="#ffffff"/>`);
  head.push(...headingTexts({ lines: titleLines, subtitleLines, titleBottom }));

  const grid: string[] = [];
  for (const t of yTicks) {
    const yy = c(y(t));
    grid.push(
      `<line x1="${left}" x2="${right}" y1="${yy}" y2="${yy}" stroke="#e5e5e5" stroke-width="1"/>`,
    );
  }
  head.push(`<g class="grid">${grid.join('')}</g>`);

  const ticks: string[] = [];
  for (const t of yTicks) {
    const yy = y(t);
    ticks.push(
      `<line x1="${left - 5}" x2="${left}" y1="${c(yy)}" y2="${c(yy)}" ` +
        `stroke="#333" stroke-width="1"/>`,
    );
    ticks.push(
      `<text class="y-tick" x="${left - 8}" y="${c(yy + 4)}" ${FONT} ` +
        `font-size="${TICK_SIZE}" text-anchor="end" fill="#333">${esc(yTickText(t))}</text>`,
    );
  }
  for (const t of xTicks) {
    const xx = c(x(t));
    ticks.push(
      `<line x1="${xx}" x2="${xx}" y1="${bottom}" y2="${bottom + 5}" ` +
        `stroke="#333" stroke-width="1"/>`,
    );
    ticks.push(
      `<text class="x-tick" x="${xx}" y="${bottom + 18}" ${FONT} font-size="${TICK_SIZE}" ` +
        `text-anchor="middle" fill="#333">${esc(xTickText(t))}</text>`,
    );
    if (second)
      ticks.push(
        `<text class="x-tick-secondary" x="${xx}" y="${bottom + 33}" ` +
          `${FONT} font-size="${TICK_SIZE}" text-anchor="middle" ` +
          `fill="#555">${esc(second(t))}</text>`,
      );
  }
  head.push(
    `<g class="axes"><line x1="${left}" x2="${right}" y1="${bottom}" ` +
      `y2="${bottom}" stroke="#333" stroke-width="1"/><line x1="${left}" ` +
      `x2="${left}" y1="${top}" y2="${bottom}" stroke="#333" stroke-width="1"/>` +
      `${ticks.join('')}</g>`,
  );
  head.push(
    `<text class="x-label" x="${c((left + right) / 2)}" y="${xLabelY}" ` +
      `${FONT} font-size="${LABEL_SIZE}" text-anchor="middle" fill="#000">${esc(s.xLabel)}</text>`,
  );
  // Next to the tick labels, even when the plot starts further right (room for an at-risk table's
  // labels).
  const yLabelX = Math.max(TEXT_LEFT + 4, left - widestY - 22);
  if (s.yLabel)
    head.push(
      `<text class="y-label" transform="translate(${c(yLabelX)} ${c((top + bottom) / 2)}) ` +
        `rotate(-90)" ${FONT} font-size="${LABEL_SIZE}" text-anchor="middle" ` +
        `fill="#000">${esc(s.yLabel)}</text>`,
    );

  const tail: string[] = [];
  if (s.legend.length)
    tail.push(renderLegend(s.legend, TEXT_LEFT, legendTop, textWidthAvail, legendCols));
  tail.push(...noteTexts(noteLines, noteTop));
  return { x, y, left, right, top, bottom, width, height, head, tail, xTicks, yTicks, belowTop };
}

/**
 * Title and subtitle wrapped to the width, and where the plot may start
 * (`top`). An empty title (a bare figure) leaves only a small margin.
 */
export function titleBlock(
  title: string,
  subtitle: string | undefined,
  available: number,
): { lines: string[]; subtitleLines: string[]; titleBottom: number; top: number } {
  const lines = title ? wrapText(title, available - 8, TITLE_SIZE, true) : [];
  const subtitleLines = subtitle ? wrapText(subtitle, available - 8, SUBTITLE_SIZE) : [];
  if (!lines.length && !subtitleLines.length)
    return { lines, subtitleLines, titleBottom: 0, top: 18 };
  const titleBottom = 22 + (Math.max(1, lines.length) - 1) * 20;
  return { lines, subtitleLines, titleBottom, top: titleBottom + subtitleLines.length * 17 + 18 };
}

/** The title and subtitle lines of `titleBlock` as SVG text, from the figure's left margin. */
export function headingTexts(
  tb: Pick<ReturnType<typeof titleBlock>, 'lines' | 'subtitleLines' | 'titleBottom'>,
): string[] {
  return [
    ...textLines(
      tb.lines,
      TEXT_LEFT,
      22,
      20,
      `class="title" x="{x}" y="{y}" ${FONT} font-size="${TITLE_SIZE}" ` +
        `font-weight="bold" fill="#000"`,
    ),
    ...textLines(
      tb.subtitleLines,
      TEXT_LEFT,
      tb.titleBottom + 18,
      17,
      `class="subtitle" x="{x}" y="{y}" ${FONT} font-size="${SUBTITLE_SIZE}" fill="#333"`,
    ),
  ];
}

/** A figure's wrapped note as SVG text, its first line at `top`. */
export function noteTexts(lines: readonly string[], top: number): string[] {
  return textLines(
    lines,
    TEXT_LEFT,
    top,
    NOTE_LINE,
    `class="note" x="{x}" y="{y}" ${FONT} font-size="${NOTE_SIZE}" fill="#444"`,
  );
}

/**
 * 32-bit FNV-1a as 8 hex digits: stable ids from content, so figures inlined together do not clash.
 */
export function hashId(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The outer <svg>, accessible: role="img", <title> and <desc> referenced by aria-labelledby. */
export function svgOpen(width: number, height: number, title: string, desc: string): string[] {
  const id = hashId(`${title}\n${desc}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${c(height)}" ` +
      `viewBox="0 0 ${width} ${c(height)}" role="img" aria-labelledby="title-${id} ` +
      `desc-${id}">`,
    `<title id="title-${id}">${esc(title)}</title>`,
    `<desc id="desc-${id}">${esc(desc)}</desc>`,
  ];
}

/** Wrap the chart's parts in an accessible <svg>. */
export function svgDocument(f: Frame, title: string, desc: string, body: string[]): string {
  return [
    ...svgOpen(f.width, f.height, title, desc),
    ...f.head,
    `<g class="data">`,
    ...body,
    `</g>`,
    ...f.tail,
    `</svg>`,
    '',
  ].join('\n');
}
