/**
 * The legend: below the plot (never over the data), in as many equal columns
 * as the longest entry allows, so no label runs into the next.
 */
import { c } from './scale.js';
import { esc, textWidth } from './text.js';

export interface LegendEntry {
  label: string;
  color: string;
  /** line / dashed: a series; band: a confidence band (light fill, dashed edge); interval: a dashed interval line; point, diamond, area: markers. */
  kind: 'line' | 'dashed' | 'band' | 'interval' | 'point' | 'diamond' | 'area';
}

export const FONT = 'font-family="Helvetica, Arial, sans-serif"';
export const LEGEND_FONT_SIZE = 12;
export const LEGEND_ROW = 20;
const SYMBOL = 28; // symbol width + gap before the label
const GAP = 14; // between columns

/**
 * Columns for a legend: the most (up to `max`) that fit every entry into
 * `available` px; `fixed` forces a number (e.g. 2 for the 2×2 cells).
 */
export function legendColumns(labels: readonly string[], available: number, max = 4, fixed?: number): number {
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
      return `<rect x="${c(lx)}" y="${c(ly - 9)}" width="22" height="10" fill="${e.color}" fill-opacity="0.25" stroke="${e.color}" stroke-width="1" stroke-dasharray="4 3"/>`;
    case 'area':
      return `<rect x="${c(lx)}" y="${c(ly - 9)}" width="22" height="10" fill="${e.color}" fill-opacity="0.85"/>`;
    case 'point':
      return `<circle cx="${c(lx + 11)}" cy="${c(mid)}" r="4" fill="${e.color}"/>`;
    case 'diamond':
      return `<polygon points="${c(lx + 4)},${c(mid)} ${c(lx + 11)},${c(mid - 7)} ${c(lx + 18)},${c(mid)} ${c(lx + 11)},${c(mid + 7)}" fill="${e.color}"/>`;
    case 'interval':
      return `<line x1="${c(lx)}" x2="${c(lx + 22)}" y1="${c(mid)}" y2="${c(mid)}" stroke="${e.color}" stroke-width="1.2" stroke-dasharray="4 3"/>`;
    default:
      return `<line x1="${c(lx)}" x2="${c(lx + 22)}" y1="${c(mid)}" y2="${c(mid)}" stroke="${e.color}" stroke-width="2.5"${e.kind === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`;
  }
}

/** The legend group: entries row by row from (left, baseline of the first row). */
export function renderLegend(entries: readonly LegendEntry[], left: number, top: number, width: number, columns: number): string {
  // Columns as wide as the widest entry needs (up to an equal share), so short legends stay together.
  const widest = Math.max(0, ...entries.map((e) => SYMBOL + textWidth(e.label, LEGEND_FONT_SIZE)));
  const colW = Math.min(width / Math.max(1, columns), widest + 2 * GAP);
  const items = entries.map((e, i) => {
    const lx = left + (i % columns) * colW;
    const ly = top + Math.floor(i / columns) * LEGEND_ROW;
    return `<g class="legend-entry">${symbol(e, lx, ly)}<text x="${c(lx + SYMBOL)}" y="${c(ly)}" ${FONT} font-size="${LEGEND_FONT_SIZE}" fill="#000">${esc(e.label)}</text></g>`;
  });
  return `<g class="legend">${items.join('')}</g>`;
}
