/**
 * The legend: below the plot (never over the data), in as many equal columns
 * as the longest entry allows, so no label runs into the next.
 */
import { c } from './scale.js';
import { FONT, type MarkerShape, marker, SIZE } from './style.js';
import { esc, textWidth } from './text.js';

export { FONT } from './style.js';

export interface LegendEntry {
  label: string;
  color: string;
  /**
   * line / dashed: a series; band: a confidence band (light fill, solid thin edge);
   * interval: a dashed interval line; point, diamond, area: markers; window: a shaded range of x.
   */
  kind: 'line' | 'dashed' | 'band' | 'interval' | 'point' | 'diamond' | 'area' | 'window';
  /** A series' own dash array (overrides the kind's). */
  dash?: string | null;
  /** A series' marker, drawn in the middle of the line sample. */
  marker?: MarkerShape;
  /** An area's pattern overlay (the id of a <pattern> in the same SVG). */
  pattern?: string;
}

export const LEGEND_FONT_SIZE = SIZE.legend;
export const LEGEND_ROW = 20;
const SYMBOL = 32; // symbol width + gap before the label
const GAP = 14; // between columns

/**
 * Columns for a legend: the most (up to `max`) that fit every entry into
 * `available` px; `fixed` forces a number (e.g. 2 for the 2×2 cells).
 */
export function legendColumns(
  labels: readonly string[],
  available: number,
  max = 4,
  fixed?: number,
): number {
  if (labels.length === 0) return 1;
  if (fixed !== undefined && fixed >= 1) return Math.min(fixed, labels.length);
  const widest = Math.max(...labels.map((l) => SYMBOL + textWidth(l, LEGEND_FONT_SIZE)));
  for (let n = Math.min(max, labels.length); n > 1; n--) {
    if (widest + GAP <= available / n) return n;
  }
  return 1;
}

export function legendRows(count: number, columns: number): number {
  return Math.ceil(count / Math.max(1, columns));
}

function symbol(e: LegendEntry, lx: number, ly: number): string {
  const mid = ly - 4;
  switch (e.kind) {
    case 'band':
      return (
        `<rect x="${c(lx)}" y="${c(ly - 9)}" width="22" height="10" fill="${e.color}" ` +
        `fill-opacity="0.18" stroke="${e.color}" stroke-width="1"/>`
      );
    case 'window':
      return `<rect x="${c(lx)}" y="${c(ly - 11)}" width="22" height="14" fill="${e.color}"/>`;
    case 'area': {
      const box = `x="${c(lx)}" y="${c(ly - 10)}" width="22" height="12"`;
      return (
        `<rect ${box} fill="${e.color}" stroke="#ffffff" stroke-width="0.5"/>` +
        `${e.pattern ? `<rect ${box} fill="url(#${e.pattern})"/>` : ''}`
      );
    }
    case 'point':
      return `<circle cx="${c(lx + 11)}" cy="${c(mid)}" r="4" fill="${e.color}"/>`;
    case 'diamond':
      return (
        `<polygon points="${c(lx + 4)},${c(mid)} ${c(lx + 11)},${c(mid - 7)} ` +
        `${c(lx + 18)},${c(mid)} ${c(lx + 11)},${c(mid + 7)}" fill="${e.color}"/>`
      );
    case 'interval':
      return (
        `<line x1="${c(lx)}" x2="${c(lx + 22)}" y1="${c(mid)}" y2="${c(mid)}" ` +
        `stroke="${e.color}" stroke-width="1.2" stroke-dasharray="4 3"/>`
      );
    default: {
      const dash = e.dash !== undefined ? e.dash : e.kind === 'dashed' ? '7 4' : null;
      const line =
        `<line x1="${c(lx - 2)}" x2="${c(lx + 24)}" y1="${c(mid)}" y2="${c(mid)}" ` +
        `stroke="${e.color}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
      return e.marker ? line + marker(e.marker, lx + 11, mid, e.color, 3.5, 'legend-marker') : line;
    }
  }
}

/** The legend group: entries row by row from (left, baseline of the first row). */
export function renderLegend(
  entries: readonly LegendEntry[],
  left: number,
  top: number,
  width: number,
  columns: number,
): string {
  // Columns as wide as the widest entry needs (up to an equal share), so short legends stay
  // together.
  const widest = Math.max(0, ...entries.map((e) => SYMBOL + textWidth(e.label, LEGEND_FONT_SIZE)));
  const colW = Math.min(width / Math.max(1, columns), widest + 2 * GAP);
  const items = entries.map((e, i) => {
    const lx = left + (i % columns) * colW;
    const ly = top + Math.floor(i / columns) * LEGEND_ROW;
    return (
      `<g class="legend-entry">${symbol(e, lx, ly)}<text x="${c(lx + SYMBOL)}" ` +
      `y="${c(ly)}" ${FONT} font-size="${LEGEND_FONT_SIZE}" fill="#000">${esc(e.label)}</text></g>`
    );
  });
  return `<g class="legend">${items.join('')}</g>`;
}
