/**
 * Chart functions: data in, SVG text out. Deterministic (fixed rounding,
 * no ids or dates), so report folders are byte-identical across runs.
 */
import { frame, svgDocument, wrap, PALETTE, type AxisFormat, type LegendEntry } from './frame.js';
import { c, esc } from './scale.js';

export interface Point {
  x: number;
  /** null breaks the line (a hidden or empty cell). */
  y: number | null;
}

export interface Series {
  label: string;
  points: Point[];
  color?: string;
  dash?: boolean;
  /** Confidence interval per x, drawn as a light band with dashed bounds. */
  band?: { x: number; low: number | null; high: number | null }[];
}

export interface LineChartSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  yLabel: string;
  yFormat: AxisFormat;
  series: Series[];
  referenceLines?: { y: number; label?: string }[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Step interpolation (survival curves). */
  step?: boolean;
  bandLabel?: string;
  /** Fixed x tick step, e.g. 13 weeks (a quarter). */
  xTickStep?: number;
}

const DEFAULT_COLORS = [PALETTE.vermillion, PALETTE.blue, PALETTE.green, PALETTE.orange, PALETTE.purple, PALETTE.sky, PALETTE.black];

/** Path segments of a series, broken at null values. */
export function pathSegments(points: Point[], x: (v: number) => number, y: (v: number) => number, step = false): string[] {
  const segs: string[] = [];
  let cur: string[] = [];
  let prevY = 0;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      if (cur.length) segs.push(cur.join(''));
      cur = [];
      continue;
    }
    if (cur.length === 0) cur.push(`M${c(x(p.x))},${c(y(p.y))}`);
    else if (step) cur.push(`H${c(x(p.x))}V${c(y(p.y))}`);
    else cur.push(`L${c(x(p.x))},${c(y(p.y))}`);
    prevY = p.y;
  }
  void prevY;
  if (cur.length) segs.push(cur.join(''));
  return segs;
}

function extent(values: number[], fallback: [number, number]): [number, number] {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return fallback;
  return [Math.min(...v), Math.max(...v)];
}

export function lineChart(spec: LineChartSpec): string {
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = spec.series.flatMap((s) => [
    ...s.points.flatMap((p) => (p.y === null ? [] : [p.y])),
    ...(s.band ?? []).flatMap((b) => [b.low, b.high].filter((v): v is number => v !== null)),
  ]).concat((spec.referenceLines ?? []).map((r) => r.y));
  const xDomain = spec.xDomain ?? extent(xs, [0, 1]);
  let yDomain = spec.yDomain ?? extent(ys, [0, 1]);
  if (yDomain[0] === yDomain[1]) yDomain = [yDomain[0] - 0.01, yDomain[1] + 0.01];
  const colors = spec.series.map((s, i) => s.color ?? DEFAULT_COLORS[i % DEFAULT_COLORS.length]);
  const legend: LegendEntry[] = spec.series.map((s, i) => ({ label: s.label, color: colors[i], kind: s.dash ? 'dashed' : 'line' }));
  const bandIdx = spec.series.findIndex((s) => s.band && s.band.length > 0);
  if (bandIdx >= 0) legend.push({ label: spec.bandLabel ?? '95 % confidence interval', color: colors[bandIdx], kind: 'band' });
  const f = frame({ ...spec, xDomain, yDomain, legend });
  const body: string[] = [];
  for (const r of spec.referenceLines ?? []) {
    body.push(`<line class="reference" x1="${f.left}" x2="${f.right}" y1="${c(f.y(r.y))}" y2="${c(f.y(r.y))}" stroke="#000" stroke-width="1"/>`);
  }
  spec.series.forEach((s, i) => {
    if (!s.band || s.band.length === 0) return;
    // Band: one polygon per run of defined bounds, plus dashed bound lines (the seed's dashed interval).
    const runs: { x: number; low: number; high: number }[][] = [];
    let cur: { x: number; low: number; high: number }[] = [];
    for (const b of s.band) {
      if (b.low === null || b.high === null || !Number.isFinite(b.low) || !Number.isFinite(b.high)) {
        if (cur.length) runs.push(cur);
        cur = [];
      } else cur.push({ x: b.x, low: b.low, high: b.high });
    }
    if (cur.length) runs.push(cur);
    for (const run of runs) {
      const upper = run.map((b) => `${c(f.x(b.x))},${c(f.y(b.high))}`);
      const lower = run.slice().reverse().map((b) => `${c(f.x(b.x))},${c(f.y(b.low))}`);
      body.push(`<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${colors[i]}" fill-opacity="0.15" stroke="none"/>`);
    }
    for (const key of ['low', 'high'] as const) {
      const pts = s.band.map((b) => ({ x: b.x, y: b[key] }));
      for (const d of pathSegments(pts, f.x, f.y, spec.step)) body.push(`<path class="band-bound" d="${d}" fill="none" stroke="${colors[i]}" stroke-width="1.2" stroke-dasharray="4 3"/>`);
    }
  });
  spec.series.forEach((s, i) => {
    const segs = pathSegments(s.points, f.x, f.y, spec.step);
    body.push(`<g class="series" data-label="${esc(s.label)}">${segs.map((d) => `<path d="${d}" fill="none" stroke="${colors[i]}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ''} stroke-linejoin="round"/>`).join('')}</g>`);
  });
  const desc = `${spec.yLabel} by ${spec.xLabel.toLowerCase()}: ${spec.series.map((s) => s.label).join('; ')}.`;
  return svgDocument(f, spec.title, desc, body);
}

/** Kaplan–Meier curves: a step line chart on 0–100 %. */
export function stepChart(spec: Omit<LineChartSpec, 'step' | 'yFormat'> & { yFormat?: AxisFormat }): string {
  return lineChart({ ...spec, yFormat: spec.yFormat ?? 'percent', step: true, yDomain: spec.yDomain ?? [0, 1] });
}

export interface ForestRow {
  label: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
}

export interface ForestSpec {
  title: string;
  subtitle?: string;
  note?: string;
  xLabel: string;
  xFormat: AxisFormat;
  rows: ForestRow[];
  pooled?: ForestRow;
  reference?: number;
  /** Legend text of the interval lines (default "95 % confidence interval"). */
  intervalLabel?: string;
}

/** Per-municipality effects with intervals, a zero line and the pooled effect as a diamond. */
export function forestPlot(spec: ForestSpec): string {
  const all = [...spec.rows, ...(spec.pooled ? [spec.pooled] : [])];
  const vals = all.flatMap((r) => [r.estimate, r.low, r.high]).filter((v): v is number => v !== null && Number.isFinite(v));
  const ref = spec.reference ?? 0;
  const xDomain = extent([...vals, ref], [-0.1, 0.1]);
  const n = all.length;
  const rowH = 22;
  const legend: LegendEntry[] = [
    { label: 'Estimate', color: PALETTE.blue, kind: 'point' },
    { label: spec.intervalLabel ?? '95 % confidence interval', color: PALETTE.blue, kind: 'line' },
  ];
  if (spec.pooled) legend.push({ label: spec.pooled.label, color: PALETTE.vermillion, kind: 'point' });
  const labelWidth = Math.min(300, 24 + 6.8 * Math.max(...all.map((r) => r.label.length)));
  const f = frame({
    title: spec.title, subtitle: spec.subtitle, note: spec.note, xLabel: spec.xLabel, yLabel: '', xFormat: spec.xFormat, yFormat: 'number',
    xDomain, yDomain: [n + 0.5, 0.5], legend, plotHeight: n * rowH + 10, left: labelWidth, yCategories: all.map((r) => r.label),
  });
  const body: string[] = [];
  body.push(`<line class="reference" x1="${c(f.x(ref))}" x2="${c(f.x(ref))}" y1="${f.top}" y2="${f.bottom}" stroke="#000" stroke-width="1"/>`);
  all.forEach((r, i) => {
    const yy = f.y(i + 1);
    const pooled = spec.pooled !== undefined && i === n - 1;
    body.push(`<text class="row-label" x="${f.left - 8}" y="${c(yy + 4)}" font-family="Helvetica, Arial, sans-serif" font-size="12" text-anchor="end" fill="#000"${pooled ? ' font-weight="bold"' : ''}>${esc(r.label)}</text>`);
    if (r.estimate === null || !Number.isFinite(r.estimate)) return;
    if (r.low !== null && r.high !== null) body.push(`<line class="interval" x1="${c(f.x(r.low))}" x2="${c(f.x(r.high))}" y1="${c(yy)}" y2="${c(yy)}" stroke="${pooled ? PALETTE.vermillion : PALETTE.blue}" stroke-width="2"/>`);
    if (pooled) {
      const cx = f.x(r.estimate);
      body.push(`<polygon class="pooled" points="${c(cx - 7)},${c(yy)} ${c(cx)},${c(yy - 7)} ${c(cx + 7)},${c(yy)} ${c(cx)},${c(yy + 7)}" fill="${PALETTE.vermillion}"/>`);
    } else {
      body.push(`<circle class="estimate" cx="${c(f.x(r.estimate))}" cy="${c(yy)}" r="4" fill="${PALETTE.blue}"/>`);
    }
  });
  return svgDocument(f, spec.title, `${spec.xLabel} per row with intervals: ${spec.rows.length} rows.`, body);
}

export interface StatePanel {
  title: string;
  /** x values (weeks) and, per state, the share at each x (rows sum to ≤ 1). */
  x: number[];
  states: { label: string; share: (number | null)[] }[];
}

/** Small multiples of stacked areas: the share of a cell in each state by week (2 columns). */
export function stateChart(spec: { title: string; subtitle?: string; note?: string; xLabel: string; panels: StatePanel[] }): string {
  const colors = [PALETTE.blue, PALETTE.vermillion, PALETTE.green, PALETTE.orange, PALETTE.sky, PALETTE.purple, PALETTE.grey, PALETTE.yellow];
  const labels = spec.panels[0]?.states.map((s) => s.label) ?? [];
  const width = 720;
  const cols = 2;
  const pw = 280;
  const ph = 170;
  const gapX = 80;
  const top = 50 + (spec.subtitle ? 16 : 0);
  const rows = Math.ceil(spec.panels.length / cols);
  const legendTop = top + rows * (ph + 60);
  const legendRows = Math.ceil(labels.length / 3);
  const noteLines = spec.note ? wrap(spec.note, 110) : [];
  const height = legendTop + legendRows * 20 + 10 + noteLines.length * 15;
  const out: string[] = [];
  const F = 'font-family="Helvetica, Arial, sans-serif"';
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="t d">`);
  out.push(`<title id="t">${esc(spec.title)}</title>`, `<desc id="d">Share in each state by ${esc(spec.xLabel.toLowerCase())}, one panel per cell: ${esc(spec.panels.map((p) => p.title).join('; '))}.</desc>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="16" y="22" ${F} font-size="16" font-weight="bold">${esc(spec.title)}</text>`);
  if (spec.subtitle) out.push(`<text x="16" y="40" ${F} font-size="12" fill="#333">${esc(spec.subtitle)}</text>`);
  spec.panels.forEach((panel, k) => {
    const ox = 60 + (k % cols) * (pw + gapX);
    const oy = top + Math.floor(k / cols) * (ph + 60);
    const xmin = panel.x[0] ?? 0;
    const xmax = panel.x[panel.x.length - 1] ?? 1;
    const X = (v: number) => ox + ((v - xmin) / Math.max(1, xmax - xmin)) * pw;
    const Y = (v: number) => oy + ph - v * ph;
    out.push(`<g class="panel"><text x="${ox}" y="${oy - 8}" ${F} font-size="12" font-weight="bold">${esc(panel.title)}</text>`);
    const base = panel.x.map(() => 0);
    panel.states.forEach((s, si) => {
      const upper = panel.x.map((_, i) => base[i] + (s.share[i] ?? 0));
      const pts = [
        ...panel.x.map((x, i) => `${c(X(x))},${c(Y(upper[i]))}`),
        ...panel.x.slice().reverse().map((x, ri) => `${c(X(x))},${c(Y(base[panel.x.length - 1 - ri]))}`),
      ];
      out.push(`<polygon class="state" data-state="${esc(s.label)}" points="${pts.join(' ')}" fill="${colors[si % colors.length]}" fill-opacity="0.85" stroke="none"/>`);
      upper.forEach((u, i) => (base[i] = u));
    });
    out.push(`<line x1="${ox}" x2="${ox + pw}" y1="${oy + ph}" y2="${oy + ph}" stroke="#333"/><line x1="${ox}" x2="${ox}" y1="${oy}" y2="${oy + ph}" stroke="#333"/>`);
    for (const t of [0, 0.25, 0.5, 0.75, 1]) out.push(`<text x="${ox - 5}" y="${c(Y(t) + 4)}" ${F} font-size="10" text-anchor="end">${t * 100}%</text>`);
    const step = xmax - xmin > 150 ? 52 : 26;
    for (let t = Math.ceil(xmin / step) * step; t <= xmax; t += step) out.push(`<text x="${c(X(t))}" y="${oy + ph + 14}" ${F} font-size="10" text-anchor="middle">${t}</text>`);
    out.push(`<text class="x-label" x="${ox + pw / 2}" y="${oy + ph + 30}" ${F} font-size="11" text-anchor="middle">${esc(spec.xLabel)}</text>`);
    out.push(`<text class="y-label" transform="translate(${ox - 40} ${oy + ph / 2}) rotate(-90)" ${F} font-size="11" text-anchor="middle">Share (%)</text></g>`);
  });
  const legend = labels.map((l, i) => {
    const lx = 16 + (i % 3) * 225;
    const ly = legendTop + Math.floor(i / 3) * 20;
    return `<g class="legend-entry"><rect x="${lx}" y="${ly - 10}" width="22" height="10" fill="${colors[i % colors.length]}" fill-opacity="0.85"/><text x="${lx + 28}" y="${ly}" ${F} font-size="12">${esc(l)}</text></g>`;
  });
  out.push(`<g class="legend">${legend.join('')}</g>`);
  noteLines.forEach((l, i) => out.push(`<text class="note" x="16" y="${legendTop + legendRows * 20 + 8 + i * 15}" ${F} font-size="11" fill="#444">${esc(l)}</text>`));
  out.push('</svg>', '');
  return out.join('\n');
}
