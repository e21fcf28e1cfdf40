/**
 * Charts of the survey side. Both read in greyscale: meaning is carried by
 * shape and text as well as colour.
 *
 * - progressionChart: each item's mean change with its interval; items
 *   significant after Holm adjustment drawn as filled circles with "★" after
 *   the label, the others as open circles.
 * - fidelityChart: per core element the agreeing share at start (open
 *   circle) and at the end (a marker whose shape and colour give the traffic
 *   light: ▲ green, ■ yellow, ▼ red), joined by a line, with the change
 *   written at the right ("▲ +12.2").
 */

import { extent } from '../svg/charts.js';
import { forestFrame, forestRow, nHeader, referenceLine } from '../svg/forest.js';
import { frame, PALETTE, svgDocument, TEXT_LEFT } from '../svg/frame.js';
import { FONT } from '../svg/legend.js';
import { c } from '../svg/scale.js';
import { type FigureLang, SIZE } from '../svg/style.js';
import { esc, textWidth } from '../svg/text.js';

export type TrafficLight = 'green' | 'yellow' | 'red';

/**
 * Colours of the traffic light (Okabe–Ito green and vermillion, a darker yellow that shows on
 * white).
 */
export const TRAFFIC_COLORS: Record<TrafficLight, string> = {
  green: PALETTE.green,
  yellow: '#E5C800',
  red: PALETTE.vermillion,
};
/** Light tints for table cells (text stays black and readable). */
export const TRAFFIC_FILLS: Record<TrafficLight, string> = {
  green: '#C6EBDD',
  yellow: '#FFF3A8',
  red: '#F6CDB5',
};
/** The symbol of each light, used in figures and tables so colour is never the only cue. */
export const TRAFFIC_SYMBOLS: Record<TrafficLight, string> = { green: '▲', yellow: '■', red: '▼' };

const finite = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v);

export interface ProgressionChartRow {
  label: string;
  change: number | null;
  low: number | null;
  high: number | null;
  significant: boolean | null;
  n?: number | null;
}

export interface ProgressionChartSpec {
  title: string;
  /** No title, subtitle or note inside the figure (the document captions it). */
  bare?: boolean;
  /** Tick labels in the report's language (decimal comma in Danish). */
  lang?: FigureLang;
  subtitle?: string;
  /** Under the plot: should say what the interval is and what the markers mean. */
  note?: string;
  xLabel: string;
  rows: ProgressionChartRow[];
  /** Printed where a row has no estimate. */
  missingLabel?: string;
  width?: number;
}

/** Each item's mean change with its interval; significant items filled and starred. */
export function progressionChart(spec: ProgressionChartSpec): string {
  const rows = spec.rows;
  const n = rows.length;
  let xDomain = extent([0, ...rows.flatMap((r) => [r.change, r.low, r.high])], [-1, 1]);
  if (xDomain[0] === xDomain[1]) xDomain = [xDomain[0] - 0.1, xDomain[1] + 0.1];
  const labels = rows.map((r) => (r.significant ? `${r.label} ★` : r.label));
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, 12, true)));
  const hasN = rows.some((r) => finite(r.n));
  // The survey spec has no x format: changes are on the items' own scale.
  const f = forestFrame(
    { ...spec, xFormat: 'number' },
    {
      xDomain,
      legend: [],
      labels,
      plotHeight: Math.max(1, n) * 22 + 10,
      left: Math.round(Math.min(340, Math.max(90, TEXT_LEFT + widest + 12))),
      hasN,
    },
  );
  const body: string[] = [referenceLine(f, 0)];
  if (hasN) body.push(nHeader(f));
  rows.forEach((r, i) => {
    const sig = r.significant === true;
    body.push(
      ...forestRow(f, {
        y: f.y(i + 1),
        label: labels[i],
        bold: sig,
        n: finite(r.n) ? String(r.n) : undefined,
        estimate: r.change,
        low: r.low,
        high: r.high,
        refX: f.x(0),
        missingLabel: spec.missingLabel ?? 'no estimate',
        missingFill: '#666',
        color: PALETTE.blue,
        caps: true,
        // Filled or open, so significance reads without colour.
        marker: {
          kind: 'circle',
          cls: sig ? 'estimate significant' : 'estimate',
          r: 5,
          fill: sig ? PALETTE.blue : '#ffffff',
          stroke: PALETTE.blue,
          strokeWidth: 2,
        },
      }),
    );
  });
  const nSig = rows.filter((r) => r.significant === true).length;
  const desc =
    spec.lang === 'da'
      ? `${spec.xLabel} for ${n} spørgsmål med intervaller; ${nSig} markeret ` +
        `signifikante (udfyldt, med stjerne); referencelinje ved 0.`
      : `${spec.xLabel} for ${n} questions with intervals; ${nSig} marked ` +
        `significant (filled, starred); reference line at 0.`;
  return svgDocument(f, spec.title, desc, body);
}

export interface FidelityChartRow {
  label: string;
  start: number | null;
  end: number | null;
  colour: TrafficLight | null;
  /** Printed at the right, e.g. "+12.2" (the caller formats it in the report's language). */
  changeText: string;
}

export interface FidelityChartSpec {
  title: string;
  /** No title, subtitle or note inside the figure (the document captions it). */
  bare?: boolean;
  /** Tick labels in the report's language (decimal comma in Danish). */
  lang?: FigureLang;
  subtitle?: string;
  /** Under the plot: should explain the markers (start, and the three lights). */
  note?: string;
  xLabel: string;
  rows: FidelityChartRow[];
  width?: number;
}

/** A marker of the traffic light at (x, y): ▲ green, ■ yellow, ▼ red, always outlined in black. */
export function trafficMarker(colour: TrafficLight, x: number, y: number, size = 6): string {
  const s = size;
  const fill = TRAFFIC_COLORS[colour];
  const attrs = `class="end ${colour}" fill="${fill}" stroke="#000" stroke-width="1"`;
  if (colour === 'green')
    return (
      `<polygon ${attrs} points="${c(x - s)},${c(y + s * 0.8)} ${c(x + s)},${c(y + s * 0.8)} ` +
      `${c(x)},${c(y - s)}"/>`
    );
  if (colour === 'red')
    return (
      `<polygon ${attrs} points="${c(x - s)},${c(y - s * 0.8)} ${c(x + s)},${c(y - s * 0.8)} ` +
      `${c(x)},${c(y + s)}"/>`
    );
  return (
    `<rect ${attrs} x="${c(x - s * 0.8)}" y="${c(y - s * 0.8)}" width="${c(1.6 * s)}" ` +
    `height="${c(1.6 * s)}"/>`
  );
}

/**
 * Agreeing shares at start and end per element, the end marked by its traffic light, the change at
 * the right.
 */
export function fidelityChart(spec: FidelityChartSpec): string {
  const rows = spec.rows;
  const n = rows.length;
  const widest = Math.max(0, ...rows.map((r) => textWidth(r.label, 12, true)));
  const widestChange = Math.max(0, ...rows.map((r) => textWidth(`▲ ${r.changeText}`, 12)));
  const f = frame({
    title: spec.title,
    subtitle: spec.subtitle,
    note: spec.note,
    bare: spec.bare,
    lang: spec.lang,
    xLabel: spec.xLabel,
    yLabel: '',
    xFormat: 'percent',
    yFormat: 'number',
    xDomain: [0, 1],
    yDomain: [n + 0.5, 0.5],
    legend: [],
    plotHeight: Math.max(1, n) * 24 + 10,
    left: Math.round(Math.min(340, Math.max(90, TEXT_LEFT + widest + 12))),
    rightMargin: Math.round(28 + widestChange),
    yCategories: rows.map((r) => r.label),
    xTickStep: 0.2,
    width: spec.width,
  });
  const body: string[] = [];
  rows.forEach((r, i) => {
    const yy = f.y(i + 1);
    body.push(
      `<text class="row-label" x="${f.left - 8}" y="${c(yy + 4)}" ${FONT} ` +
        `font-size="${SIZE.small}" text-anchor="end" fill="#000">${esc(r.label)}</text>`,
    );
    if (finite(r.start) && finite(r.end)) {
      body.push(
        `<line class="change" x1="${c(f.x(r.start))}" x2="${c(f.x(r.end))}" ` +
          `y1="${c(yy)}" y2="${c(yy)}" stroke="#555555" stroke-width="2"/>`,
      );
    }
    if (finite(r.start))
      body.push(
        `<circle class="start" cx="${c(f.x(r.start))}" cy="${c(yy)}" ` +
          `r="5" fill="#ffffff" stroke="#000" stroke-width="1.5"/>`,
      );
    if (finite(r.end)) {
      if (r.colour) body.push(trafficMarker(r.colour, f.x(r.end), yy));
      else body.push(`<circle class="end" cx="${c(f.x(r.end))}" cy="${c(yy)}" r="4" fill="#000"/>`);
    }
    const text = r.colour ? `${TRAFFIC_SYMBOLS[r.colour]} ${r.changeText}` : r.changeText;
    body.push(
      `<text class="change-label" x="${c(f.right + 10)}" y="${c(yy + 4)}" ` +
        `${FONT} font-size="${SIZE.small}" fill="#000">${esc(text)}</text>`,
    );
  });
  const count = (k: TrafficLight) => rows.filter((r) => r.colour === k).length;
  const desc =
    spec.lang === 'da'
      ? `${spec.xLabel} ved start og slut for ${n} kerneelementer; trafiklys: ` +
        `grøn (▲) ${count('green')}, gul (■) ${count('yellow')}, rød ` +
        `(▼) ${count('red')}.`
      : `${spec.xLabel} at start and end for ${n} core elements: ${count('green')} ` +
        `green (▲), ${count('yellow')} yellow (■), ${count('red')} red ` +
        `(▼).`;
  return svgDocument(f, spec.title, desc, body);
}
