/**
 * State distribution: small multiples (2 columns) of stacked areas, the share
 * of each cell in each state by week since entry, with one shared legend.
 */
import {
  hashId,
  headingTexts,
  noteTexts,
  PALETTE,
  svgOpen,
  TEXT_LEFT,
  textLines,
  thinTicks,
  titleBlock,
} from '../svg/frame.js';
import {
  LEGEND_ROW,
  type LegendEntry,
  legendColumns,
  legendRows,
  renderLegend,
} from '../svg/legend.js';
import { runs } from '../svg/path.js';
import { c, linearScale, niceTicksInside, stepTicks, tickLabel } from '../svg/scale.js';
import { FIGURE_WIDTH, type FigureLang, FONT, luminance, SIZE } from '../svg/style.js';
import { esc, wrapText } from '../svg/text.js';

export interface StatePanel {
  title: string;
  /** x values (weeks since entry), ascending. */
  x: number[];
  /**
   * Per state, the share at each x (a column sums to ≤ 1). A null anywhere in a column leaves a gap
   * at that x.
   */
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
  /** Leave out title, subtitle and note. */
  bare?: boolean;
  /** Tick number format ('da': decimal commas). */
  lang?: FigureLang;
  /** Text for screen readers (<desc>); default: an English sentence. */
  desc?: string;
}

/**
 * State fills: Okabe–Ito, ordered so neighbours in the stack differ in
 * grey, each with its own overlay pattern (`STATE_PATTERNS`), so the states
 * stay apart on a greyscale print even where two fills have the same grey
 * (orange and sky blue do).
 */
export const STATE_COLORS = [
  PALETTE.blue,
  PALETTE.orange,
  PALETTE.green,
  PALETTE.sky,
  PALETTE.vermillion,
  PALETTE.purple,
  PALETTE.grey,
  PALETTE.yellow,
];

/**
 * Overlay pattern per state, in order: none on the first two (dark blue and
 * light orange differ by 0.26 in luminance, and the big areas stay calm),
 * then dots and lines of different direction on the rest.
 */
export type PatternName =
  | 'none'
  | 'diagonal'
  | 'backdiagonal'
  | 'horizontal'
  | 'vertical'
  | 'crosshatch'
  | 'grid'
  | 'dots';
export const STATE_PATTERNS: readonly PatternName[] = [
  'none',
  'none',
  'dots',
  'horizontal',
  'backdiagonal',
  'crosshatch',
  'vertical',
  'grid',
];

/**
 * A <pattern> of lines or dots over a fill: dark lines on light fills, white
 * lines on dark ones (by luminance), so the texture shows on either.
 */
export function patternDef(id: string, name: PatternName, fill: string): string {
  if (name === 'none') return '';
  const ink =
    luminance(fill) > 0.35
      ? 'stroke="#000000" stroke-opacity="0.45"'
      : 'stroke="#ffffff" stroke-opacity="0.75"';
  const dotInk =
    luminance(fill) > 0.35
      ? 'fill="#000000" fill-opacity="0.45"'
      : 'fill="#ffffff" fill-opacity="0.8"';
  const S = 7;
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" ${ink} stroke-width="1.2"/>`;
  const open = (rot: number) =>
    `<pattern id="${id}" data-pattern="${name}" patternUnits="userSpaceOnUse" ` +
    `width="${S}" height="${S}"${rot ? ` patternTransform="rotate(${rot})"` : ''}>`;
  switch (name) {
    case 'diagonal':
      return `${open(45)}${line(0, 0, 0, S)}</pattern>`;
    case 'backdiagonal':
      return `${open(-45)}${line(0, 0, 0, S)}</pattern>`;
    case 'horizontal':
      return `${open(0)}${line(0, S / 2, S, S / 2)}</pattern>`;
    case 'vertical':
      return `${open(0)}${line(S / 2, 0, S / 2, S)}</pattern>`;
    case 'crosshatch':
      return `${open(45)}${line(0, 0, 0, S)}${line(0, S / 2, S, S / 2)}</pattern>`;
    case 'grid':
      return `${open(0)}${line(S / 2, 0, S / 2, S)}${line(0, S / 2, S, S / 2)}</pattern>`;
    case 'dots':
      return `${open(0)}<circle cx="${S / 2}" cy="${S / 2}" r="1.3" ${dotInk}/></pattern>`;
  }
}

/**
 * Polygons (point lists) of one panel's stacked areas: per state, per run of
 * x where every state is defined, the band between the cumulative share
 * below it and including it.
 */
export function stackedPolygons(
  panel: StatePanel,
  X: (v: number) => number,
  Y: (v: number) => number,
): { state: number; points: string }[] {
  const idx = panel.x.map((_, i) => i);
  const defined = (i: number) =>
    Number.isFinite(panel.x[i]) &&
    panel.states.every(
      (s) => s.share[i] !== null && s.share[i] !== undefined && Number.isFinite(s.share[i]),
    );
  const out: { state: number; points: string }[] = [];
  const cum = panel.x.map(() => 0);
  panel.states.forEach((s, si) => {
    const lower = cum.slice();
    panel.x.forEach((_, i) => {
      cum[i] += defined(i) ? (s.share[i] as number) : 0;
    });
    for (const run of runs(idx, defined)) {
      const top = run.map((i) => `${c(X(panel.x[i]))},${c(Y(cum[i]))}`);
      const bottom = run
        .slice()
        .reverse()
        .map((i) => `${c(X(panel.x[i]))},${c(Y(lower[i]))}`);
      out.push({ state: si, points: [...top, ...bottom].join(' ') });
    }
  });
  return out;
}

/** Line height of a wrapped panel title. */
const PANEL_TITLE_LINE = 14;

export function stateChart(spec: StateChartSpec): string {
  const width = spec.width ?? FIGURE_WIDTH;
  const lang = spec.lang ?? 'en';
  const cols = Math.max(1, spec.columns ?? 2);
  const ph = spec.panelHeight ?? 170;
  const colors = spec.colors ?? STATE_COLORS;
  const yLabel = spec.yLabel ?? 'Share (%)';
  const labels = spec.panels[0]?.states.map((s) => s.label) ?? [];
  const avail = width - 2 * TEXT_LEFT;

  const tb = titleBlock(spec.bare ? '' : spec.title, spec.bare ? undefined : spec.subtitle, avail);
  const colW = avail / cols;
  const padL = 64; // y label and tick labels
  const pw = colW - padL - 12;
  // Panel titles wrap within their panel's width (a long one ran into the next panel's).
  const panelTitles = spec.panels.map((p) => wrapText(p.title, pw + 8, SIZE.small, true));
  const extra = (Math.max(1, ...panelTitles.map((l) => l.length)) - 1) * PANEL_TITLE_LINE;
  const top = tb.top + 18 + extra; // + the panel title lines
  const rowStride = ph + 80 + extra;
  const nRows = Math.ceil(spec.panels.length / cols);

  // One x scale for all panels, so they compare at a glance.
  const allX = spec.panels.flatMap((p) => p.x).filter(Number.isFinite);
  const xmin = allX.length ? Math.min(...allX) : 0;
  const xmax = allX.length ? Math.max(...allX) : 1;
  const span = xmax - xmin;
  const xStep = spec.xTickStep ?? (span >= 52 ? (span <= 156 ? 26 : 52) : undefined);
  const rawTicks = xStep
    ? stepTicks(xmin, xmax, xStep).filter((t) => t >= xmin && t <= xmax)
    : niceTicksInside(xmin, xmax, 5, allX.every(Number.isInteger) ? 1 : 0);
  const tickStep = rawTicks.length > 1 ? rawTicks[1] - rawTicks[0] : 1;
  const xTickText = (t: number) => tickLabel(t, 'number', tickStep, lang);
  const xTicks = thinTicks(rawTicks, xTickText, pw / Math.max(1e-9, span || 1));
  const yTicks = [0, 0.25, 0.5, 0.75, 1];

  const idBase = `st-${hashId(`${spec.title}\n${labels.join('\n')}`)}`;
  const fillOf = (i: number) => colors[i % colors.length];
  const patternOf = (i: number): PatternName => STATE_PATTERNS[i % STATE_PATTERNS.length];
  const patternId = (i: number) => (patternOf(i) === 'none' ? undefined : `${idBase}-${i}`);
  const defs = labels.map((_, i) => patternDef(`${idBase}-${i}`, patternOf(i), fillOf(i))).join('');
  const legend: LegendEntry[] = labels.map((l, i) => ({
    label: l,
    color: fillOf(i),
    kind: 'area',
    pattern: patternId(i),
  }));
  const legendCols = legendColumns(labels, avail, 3);
  const legendTop = top + nRows * rowStride - 10;
  const noteLines = spec.note && !spec.bare ? wrapText(spec.note, avail - 8, SIZE.note) : [];
  let cursor = legendTop + (legendRows(labels.length, legendCols) - 1) * LEGEND_ROW;
  const noteTop = cursor + 26;
  if (noteLines.length) cursor = noteTop + (noteLines.length - 1) * 16;
  const height = cursor + 14;

  const desc =
    spec.desc ??
    `Share in each state (${labels.join('; ')}) by ${spec.xLabel.toLowerCase()}, ` +
      `one panel per cell: ${spec.panels.map((p) => p.title).join('; ')}.`;
  const out: string[] = [...svgOpen(width, height, spec.title, desc)];
  out.push(`<rect x="0" y="0" width="${width}" height="${c(height)}" fill="#ffffff"/>`);
  if (defs) out.push(`<defs>${defs}</defs>`);
  out.push(...headingTexts(tb));

  spec.panels.forEach((panel, k) => {
    const colX = TEXT_LEFT + (k % cols) * colW;
    const ox = colX + padL;
    const oy = top + Math.floor(k / cols) * rowStride;
    const X = linearScale([xmin, span === 0 ? xmin + 1 : xmax], [ox, ox + pw]);
    const Y = linearScale([0, 1], [oy + ph, oy]);
    const parts: string[] = [];
    // The last line just above the panel.
    const lines = panelTitles[k];
    parts.push(
      ...textLines(
        lines,
        Number(c(ox)),
        oy - 9 - (lines.length - 1) * PANEL_TITLE_LINE,
        PANEL_TITLE_LINE,
        `class="panel-title" x="{x}" y="{y}" ${FONT} font-size="${SIZE.small}" ` +
          `font-weight="bold" fill="#000"`,
      ),
    );
    for (const p of stackedPolygons(panel, X, Y)) {
      const pid = patternId(p.state);
      parts.push(
        `<polygon class="state" data-state="${esc(panel.states[p.state].label)}"` +
          `${pid ? ` data-pattern="${patternOf(p.state)}"` : ''} ` +
          `points="${p.points}" fill="${fillOf(p.state)}" stroke="#ffffff" ` +
          `stroke-width="0.6"/>`,
      );
      if (pid)
        parts.push(
          `<polygon class="state-pattern" points="${p.points}" fill="url(#${pid})" stroke="none"/>`,
        );
    }
    const axes: string[] = [
      `<line x1="${c(ox)}" x2="${c(ox + pw)}" y1="${c(oy + ph)}" y2="${c(oy + ph)}" ` +
        `stroke="#333" stroke-width="1"/>`,
      `<line x1="${c(ox)}" x2="${c(ox)}" y1="${c(oy)}" y2="${c(oy + ph)}" ` +
        `stroke="#333" stroke-width="1"/>`,
    ];
    for (const t of yTicks) {
      const yy = Y(t);
      axes.push(
        `<line x1="${c(ox - 5)}" x2="${c(ox)}" y1="${c(yy)}" y2="${c(yy)}" ` +
          `stroke="#333" stroke-width="1"/>`,
      );
      axes.push(
        `<text class="y-tick" x="${c(ox - 8)}" y="${c(yy + 4)}" ${FONT} ` +
          `font-size="${SIZE.tick}" text-anchor="end" ` +
          `fill="#333">${tickLabel(t, 'percent', 0.25, lang)}</text>`,
      );
    }
    for (const t of xTicks) {
      const xx = X(t);
      axes.push(
        `<line x1="${c(xx)}" x2="${c(xx)}" y1="${c(oy + ph)}" y2="${c(oy + ph + 5)}" ` +
          `stroke="#333" stroke-width="1"/>`,
      );
      axes.push(
        `<text class="x-tick" x="${c(xx)}" y="${c(oy + ph + 18)}" ${FONT} ` +
          `font-size="${SIZE.tick}" text-anchor="middle" fill="#333">${esc(xTickText(t))}</text>`,
      );
    }
    parts.push(`<g class="axes">${axes.join('')}</g>`);
    parts.push(
      `<text class="x-label" x="${c(ox + pw / 2)}" y="${c(oy + ph + 36)}" ` +
        `${FONT} font-size="${SIZE.axisLabel}" text-anchor="middle" ` +
        `fill="#000">${esc(spec.xLabel)}</text>`,
    );
    parts.push(
      `<text class="y-label" transform="translate(${c(colX + 6)} ${c(oy + ph / 2)}) ` +
        `rotate(-90)" ${FONT} font-size="${SIZE.axisLabel}" text-anchor="middle" ` +
        `fill="#000">${esc(yLabel)}</text>`,
    );
    out.push(`<g class="panel" data-panel="${esc(panel.title)}">${parts.join('')}</g>`);
  });

  if (legend.length) out.push(renderLegend(legend, TEXT_LEFT, legendTop, avail, legendCols));
  out.push(...noteTexts(noteLines, noteTop));
  out.push('</svg>', '');
  return out.join('\n');
}

/** The state distribution under the name the figure list uses: 2×2 stacked-area small multiples. */
export const stackedAreaChart = stateChart;
