/**
 * State distribution: small multiples (2 columns) of stacked areas, the share
 * of each cell in each state by week since entry, with one shared legend.
 */
import { svgOpen, textLines, thinTicks, PALETTE, TEXT_LEFT } from './frame.js';
import { FONT, legendColumns, legendRows, LEGEND_ROW, renderLegend, type LegendEntry } from './legend.js';
import { runs } from './path.js';
import { c, linearScale, niceTicksInside, stepTicks, tickLabel } from './scale.js';
import { esc, wrapText } from './text.js';

export interface StatePanel {
  title: string;
  /** x values (weeks since entry), ascending. */
  x: number[];
  /** Per state, the share at each x (a column sums to ≤ 1). A null anywhere in a column leaves a gap at that x. */
  states: { label: string; share: (number | null)[] }[];
}

export interface StateChartSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  /** Default "Share (%)". */
  yLabel?: string;
  panels: StatePanel[];
  /** One colour per state, in order; default Okabe–Ito. */
  colors?: string[];
  /** Default 2 (the 2×2 cells). */
  columns?: number;
  /** Default: 26 weeks for 1–3 years, 52 beyond, else a nice step. */
  xTickStep?: number;
  width?: number;
  panelHeight?: number;
}

export const STATE_COLORS = [PALETTE.blue, PALETTE.vermillion, PALETTE.green, PALETTE.orange, PALETTE.sky, PALETTE.purple, PALETTE.grey, PALETTE.yellow];

/**
 * Polygons (point lists) of one panel's stacked areas: per state, per run of
 * x where every state is defined, the band between the cumulative share
 * below it and including it.
 */
export function stackedPolygons(panel: StatePanel, X: (v: number) => number, Y: (v: number) => number): { state: number; points: string }[] {
  const idx = panel.x.map((_, i) => i);
  const defined = (i: number) => Number.isFinite(panel.x[i]) && panel.states.every((s) => s.share[i] !== null && s.share[i] !== undefined && Number.isFinite(s.share[i]));
  const out: { state: number; points: string }[] = [];
  const cum = panel.x.map(() => 0);
  panel.states.forEach((s, si) => {
    const lower = cum.slice();
    panel.x.forEach((_, i) => (cum[i] += defined(i) ? (s.share[i] as number) : 0));
    for (const run of runs(idx, defined)) {
      const top = run.map((i) => `${c(X(panel.x[i]))},${c(Y(cum[i]))}`);
      const bottom = run.slice().reverse().map((i) => `${c(X(panel.x[i]))},${c(Y(lower[i]))}`);
      out.push({ state: si, points: [...top, ...bottom].join(' ') });
    }
  });
  return out;
}

export function stateChart(spec: StateChartSpec): string {
  const width = spec.width ?? 720;
  const cols = Math.max(1, spec.columns ?? 2);
  const ph = spec.panelHeight ?? 170;
  const colors = spec.colors ?? STATE_COLORS;
  const yLabel = spec.yLabel ?? 'Share (%)';
  const labels = spec.panels[0]?.states.map((s) => s.label) ?? [];
  const avail = width - 2 * TEXT_LEFT;

  const titleLines = wrapText(spec.title, avail - 8, 16, true);
  const subtitleLines = spec.subtitle ? wrapText(spec.subtitle, avail - 8, 12) : [];
  const titleBottom = 22 + (titleLines.length - 1) * 20;
  const top = titleBottom + subtitleLines.length * 16 + 18 + 18; // + the panel title line

  const colW = avail / cols;
  const padL = 62; // y label and tick labels
  const pw = colW - padL - 16;
  const rowStride = ph + 78;
  const nRows = Math.ceil(spec.panels.length / cols);

  // One x scale for all panels, so they compare at a glance.
  const allX = spec.panels.flatMap((p) => p.x).filter(Number.isFinite);
  const xmin = allX.length ? Math.min(...allX) : 0;
  const xmax = allX.length ? Math.max(...allX) : 1;
  const span = xmax - xmin;
  const xStep = spec.xTickStep ?? (span >= 52 ? (span <= 156 ? 26 : 52) : undefined);
  const rawTicks = xStep ? stepTicks(xmin, xmax, xStep).filter((t) => t >= xmin && t <= xmax) : niceTicksInside(xmin, xmax, 5, allX.every(Number.isInteger) ? 1 : 0);
  const tickStep = rawTicks.length > 1 ? rawTicks[1] - rawTicks[0] : 1;
  const xTickText = (t: number) => tickLabel(t, 'number', tickStep);
  const xTicks = thinTicks(rawTicks, xTickText, pw / Math.max(1e-9, span || 1));
  const yTicks = [0, 0.25, 0.5, 0.75, 1];

  const legend: LegendEntry[] = labels.map((l, i) => ({ label: l, color: colors[i % colors.length], kind: 'area' }));
  const legendCols = legendColumns(labels, avail, 3);
  const legendTop = top + nRows * rowStride - 10;
  const noteLines = spec.note ? wrapText(spec.note, avail - 8, 11) : [];
  let cursor = legendTop + (legendRows(labels.length, legendCols) - 1) * LEGEND_ROW;
  const noteTop = cursor + 24;
  if (noteLines.length) cursor = noteTop + (noteLines.length - 1) * 15;
  const height = cursor + 14;

  const desc = `Share in each state (${labels.join('; ')}) by ${spec.xLabel.toLowerCase()}, one panel per cell: ${spec.panels.map((p) => p.title).join('; ')}.`;
  const out: string[] = [...svgOpen(width, height, spec.title, desc)];
  out.push(`<rect x="0" y="0" width="${width}" height="${c(height)}" fill="#ffffff"/>`);
  out.push(...textLines(titleLines, TEXT_LEFT, 22, 20, `class="title" x="{x}" y="{y}" ${FONT} font-size="16" font-weight="bold" fill="#000"`));
  out.push(...textLines(subtitleLines, TEXT_LEFT, titleBottom + 18, 16, `class="subtitle" x="{x}" y="{y}" ${FONT} font-size="12" fill="#333"`));

  spec.panels.forEach((panel, k) => {
    const colX = TEXT_LEFT + (k % cols) * colW;
    const ox = colX + padL;
    const oy = top + Math.floor(k / cols) * rowStride;
    const X = linearScale([xmin, span === 0 ? xmin + 1 : xmax], [ox, ox + pw]);
    const Y = linearScale([0, 1], [oy + ph, oy]);
    const parts: string[] = [];
    parts.push(`<text class="panel-title" x="${c(ox)}" y="${c(oy - 9)}" ${FONT} font-size="12" font-weight="bold" fill="#000">${esc(panel.title)}</text>`);
    for (const p of stackedPolygons(panel, X, Y)) {
      parts.push(`<polygon class="state" data-state="${esc(panel.states[p.state].label)}" points="${p.points}" fill="${colors[p.state % colors.length]}" fill-opacity="0.85" stroke="none"/>`);
    }
    const axes: string[] = [
      `<line x1="${c(ox)}" x2="${c(ox + pw)}" y1="${c(oy + ph)}" y2="${c(oy + ph)}" stroke="#333" stroke-width="1"/>`,
      `<line x1="${c(ox)}" x2="${c(ox)}" y1="${c(oy)}" y2="${c(oy + ph)}" stroke="#333" stroke-width="1"/>`,
    ];
    for (const t of yTicks) {
      const yy = Y(t);
      axes.push(`<line x1="${c(ox - 5)}" x2="${c(ox)}" y1="${c(yy)}" y2="${c(yy)}" stroke="#333" stroke-width="1"/>`);
      axes.push(`<text class="y-tick" x="${c(ox - 8)}" y="${c(yy + 4)}" ${FONT} font-size="11" text-anchor="end" fill="#333">${tickLabel(t, 'percent', 0.25)}</text>`);
    }
    for (const t of xTicks) {
      const xx = X(t);
      axes.push(`<line x1="${c(xx)}" x2="${c(xx)}" y1="${c(oy + ph)}" y2="${c(oy + ph + 5)}" stroke="#333" stroke-width="1"/>`);
      axes.push(`<text class="x-tick" x="${c(xx)}" y="${c(oy + ph + 18)}" ${FONT} font-size="11" text-anchor="middle" fill="#333">${esc(xTickText(t))}</text>`);
    }
    parts.push(`<g class="axes">${axes.join('')}</g>`);
    parts.push(`<text class="x-label" x="${c(ox + pw / 2)}" y="${c(oy + ph + 36)}" ${FONT} font-size="12" text-anchor="middle" fill="#000">${esc(spec.xLabel)}</text>`);
    parts.push(`<text class="y-label" transform="translate(${c(colX + 6)} ${c(oy + ph / 2)}) rotate(-90)" ${FONT} font-size="12" text-anchor="middle" fill="#000">${esc(yLabel)}</text>`);
    out.push(`<g class="panel" data-panel="${esc(panel.title)}">${parts.join('')}</g>`);
  });

  if (legend.length) out.push(renderLegend(legend, TEXT_LEFT, legendTop, avail, legendCols));
  out.push(...textLines(noteLines, TEXT_LEFT, noteTop, 15, `class="note" x="{x}" y="{y}" ${FONT} font-size="11" fill="#444"`));
  out.push('</svg>', '');
  return out.join('\n');
}

/** The state distribution under the name the figure list uses: 2×2 stacked-area small multiples. */
export const stackedAreaChart = stateChart;
