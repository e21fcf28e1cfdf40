/**
 * The parts every chart shares: canvas, title, axes with ticks and labels,
 * a legend below the plot (never over the data), and a note line.
 */
import { c, esc, linearScale, niceTicks, tickLabel } from './scale.js';

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

export type AxisFormat = 'percent' | 'pp' | 'number' | 'ratio';

export interface LegendEntry {
  label: string;
  color: string;
  kind: 'line' | 'dashed' | 'band' | 'point' | 'area';
}

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
  width?: number;
  plotHeight?: number;
  /** Extra left margin (forest plots put labels there). */
  left?: number;
  /** Category labels instead of numeric y ticks (forest plot). */
  yCategories?: string[];
  /** Fixed x tick step (e.g. 13 weeks = a quarter); default: a nice step. */
  xTickStep?: number;
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
  /** SVG elements before the data (background, grid, axes). */
  head: string[];
  /** SVG elements after the data (legend, note). */
  tail: string[];
  xTicks: number[];
  yTicks: number[];
}

const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/** Ticks at multiples of a fixed step covering [min, max]. */
function stepTicks(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + 1e-9; v += step) out.push(v);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

/** Greedy word wrap at a character budget. */
export function wrap(text: string, maxChars: number): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if ((cur + ' ' + w).trim().length > maxChars && cur) {
      lines.push(cur);
      cur = w;
    } else {
      cur = (cur + ' ' + w).trim();
    }
  }
  if (cur) lines.push(cur);
  return lines;
}

export function frame(s: FrameSpec): Frame {
  const width = s.width ?? 720;
  const plotHeight = s.plotHeight ?? 300;
  // Title, subtitle, legend and note start at the canvas edge, not the plot's (forest plots have wide labels).
  const textLeft = 16;
  const subtitleLines = s.subtitle ? wrap(s.subtitle, Math.floor((width - 2 * textLeft) / 6.6)) : [];
  const top = 34 + subtitleLines.length * 16 + 10;
  const left = s.left ?? 64;
  const right = width - 20;
  const bottom = top + plotHeight;
  // Legend: rows of up to 3 entries below the x-axis label.
  const perRow = 3;
  const legendRows = Math.ceil(s.legend.length / perRow);
  const noteLines = s.note ? wrap(s.note, Math.floor((width - 2 * textLeft) / 6.1)) : [];
  const height = bottom + 48 + legendRows * 20 + (noteLines.length ? 8 + noteLines.length * 15 : 0) + 10;
  const xTicks = s.xTickStep
    ? stepTicks(s.xDomain[0], s.xDomain[1], s.xTickStep)
    : s.yCategories ? niceTicks(s.xDomain[0], s.xDomain[1], 6) : niceTicks(s.xDomain[0], s.xDomain[1], 8);
  const yTicks = s.yCategories ? [] : niceTicks(s.yDomain[0], s.yDomain[1], 5);
  const xd: [number, number] = [Math.min(xTicks[0], s.xDomain[0]), Math.max(xTicks[xTicks.length - 1], s.xDomain[1])];
  const yd: [number, number] = s.yCategories ? s.yDomain : [Math.min(yTicks[0], s.yDomain[0]), Math.max(yTicks[yTicks.length - 1], s.yDomain[1])];
  const x = linearScale(xd, [left, right]);
  const y = linearScale(yd, [bottom, top]);
  const head: string[] = [];
  head.push(`<rect x="0" y="0" width="${width}" height="${c(height)}" fill="#ffffff"/>`);
  head.push(`<text x="${textLeft}" y="22" ${FONT} font-size="16" font-weight="bold" fill="#000">${esc(s.title)}</text>`);
  subtitleLines.forEach((l, i) => head.push(`<text x="${textLeft}" y="${40 + i * 16}" ${FONT} font-size="12" fill="#333">${esc(l)}</text>`));
  // grid and ticks
  const xStep = xTicks.length > 1 ? xTicks[1] - xTicks[0] : 1;
  const yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  const grid: string[] = [];
  for (const t of yTicks) {
    grid.push(`<line x1="${left}" x2="${right}" y1="${c(y(t))}" y2="${c(y(t))}" stroke="#e5e5e5" stroke-width="1"/>`);
    grid.push(`<text x="${left - 6}" y="${c(y(t) + 4)}" ${FONT} font-size="11" text-anchor="end" fill="#333">${esc(tickLabel(t, s.yFormat, yStep))}</text>`);
  }
  for (const t of xTicks) {
    grid.push(`<line x1="${c(x(t))}" x2="${c(x(t))}" y1="${bottom}" y2="${bottom + 5}" stroke="#333" stroke-width="1"/>`);
    grid.push(`<text x="${c(x(t))}" y="${bottom + 18}" ${FONT} font-size="11" text-anchor="middle" fill="#333">${esc(tickLabel(t, s.xFormat ?? 'number', xStep))}</text>`);
  }
  head.push(`<g class="grid">${grid.join('')}</g>`);
  head.push(`<g class="axes"><line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#333" stroke-width="1"/><line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="#333" stroke-width="1"/></g>`);
  head.push(`<text class="x-label" x="${c((left + right) / 2)}" y="${bottom + 36}" ${FONT} font-size="12" text-anchor="middle" fill="#000">${esc(s.xLabel)}</text>`);
  head.push(`<text class="y-label" transform="translate(14 ${c((top + bottom) / 2)}) rotate(-90)" ${FONT} font-size="12" text-anchor="middle" fill="#000">${esc(s.yLabel)}</text>`);
  const tail: string[] = [];
  const colW = (right - textLeft) / perRow;
  const items = s.legend.map((e, i) => {
    const lx = textLeft + (i % perRow) * colW;
    const ly = bottom + 56 + Math.floor(i / perRow) * 20;
    let sym: string;
    if (e.kind === 'band' || e.kind === 'area') sym = `<rect x="${c(lx)}" y="${c(ly - 9)}" width="22" height="10" fill="${e.color}" fill-opacity="${e.kind === 'band' ? 0.25 : 0.85}" stroke="${e.kind === 'band' ? e.color : 'none'}" stroke-dasharray="${e.kind === 'band' ? '4 3' : 'none'}"/>`;
    else if (e.kind === 'point') sym = `<circle cx="${c(lx + 11)}" cy="${c(ly - 4)}" r="4" fill="${e.color}"/>`;
    else sym = `<line x1="${c(lx)}" x2="${c(lx + 22)}" y1="${c(ly - 4)}" y2="${c(ly - 4)}" stroke="${e.color}" stroke-width="2.5"${e.kind === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`;
    return `<g class="legend-entry">${sym}<text x="${c(lx + 28)}" y="${c(ly)}" ${FONT} font-size="12" fill="#000">${esc(e.label)}</text></g>`;
  });
  tail.push(`<g class="legend">${items.join('')}</g>`);
  noteLines.forEach((l, i) => tail.push(`<text class="note" x="${textLeft}" y="${c(bottom + 56 + legendRows * 20 + 6 + i * 15)}" ${FONT} font-size="11" fill="#444">${esc(l)}</text>`));
  return { x, y, left, right, top, bottom, width, height, head, tail, xTicks, yTicks };
}

/** Wrap the chart's parts in an accessible <svg>. */
export function svgDocument(f: Frame, title: string, desc: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${c(f.height)}" viewBox="0 0 ${f.width} ${c(f.height)}" role="img" aria-labelledby="t d">`,
    `<title id="t">${esc(title)}</title>`,
    `<desc id="d">${esc(desc)}</desc>`,
    ...f.head,
    `<g class="data">`,
    ...body,
    `</g>`,
    ...f.tail,
    `</svg>`,
    '',
  ].join('\n');
}
