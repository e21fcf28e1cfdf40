/**
 * Scales and ticks for the figures: small pure functions, each tested.
 */

/** Maps a domain interval linearly onto a range interval. */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` intervals over [min, max]. */
export function niceStep(min: number, max: number, count: number): number {
  const span = Math.abs(max - min) || Math.abs(max) || 1;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** Tick values covering [min, max] at a nice step (the domain is widened to whole steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(min, max, count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo, i = 0; v <= hi + step * 1e-9 && i < 1000; i++, v = lo + i * step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Tick label text for an axis format. */
export function tickLabel(v: number, format: 'percent' | 'pp' | 'number' | 'ratio', step: number): string {
  const decimals = (scale: number) => Math.max(0, -Math.floor(Math.log10(step * scale) + 1e-9));
  if (format === 'percent') return `${(v * 100).toFixed(decimals(100))}%`;
  if (format === 'pp') {
    const s = (Math.abs(v) * 100).toFixed(decimals(100));
    return v < -1e-12 ? `−${s}` : v > 1e-12 ? `+${s}` : '0';
  }
  const s = Math.abs(v).toFixed(decimals(1));
  return v < -1e-12 ? `−${s}` : s;
}

/** Coordinates at two decimals: compact and byte-stable. */
export function c(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Text safe inside SVG/XML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
