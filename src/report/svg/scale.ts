/**
 * Scales, ticks and tick labels for the figures: small pure functions, each tested.
 */

export type AxisFormat = 'percent' | 'pp' | 'number' | 'ratio';

/**
 * Maps a domain interval linearly onto a range interval (a zero-width domain maps to the range
 * start).
 */
export function linearScale(
  domain: [number, number],
  range: [number, number],
): (v: number) => number {
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

/** Round away binary noise (0.1 + 0.2) so ticks compare and print cleanly. */
function clean(v: number): number {
  const r = Number(v.toPrecision(12));
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Tick values at a nice step covering [min, max]: the first tick is at or
 * below min and the last at or above max (the axis is widened to whole steps).
 * Reversed or non-finite input is tolerated (swapped; [0, 1] as a fallback).
 * `minStep` (e.g. 1 for weeks) keeps ticks off fractional values.
 */
export function niceTicks(min: number, max: number, count = 5, minStep = 0): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  if (min > max) [min, max] = [max, min];
  const step = Math.max(niceStep(min, max, count), minStep);
  const lo = Math.floor(min / step + 1e-9);
  const hi = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let i = lo; i <= hi && ticks.length < 1000; i++) ticks.push(clean(i * step));
  return ticks;
}

/** Nice ticks that lie inside [min, max] (the axis keeps its domain). */
export function niceTicksInside(min: number, max: number, count = 5, minStep = 0): number[] {
  if (min > max) [min, max] = [max, min];
  const eps = (max - min) * 1e-9;
  return niceTicks(min, max, count, minStep).filter((t) => t >= min - eps && t <= max + eps);
}

/**
 * Ticks at whole multiples of a fixed step (e.g. 13 weeks = a quarter),
 * from the multiple at or below min to the one at or above max.
 */
export function stepTicks(min: number, max: number, step: number): number[] {
  if (!(step > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min > max) [min, max] = [max, min];
  const lo = Math.floor(min / step + 1e-9);
  const hi = Math.ceil(max / step - 1e-9);
  const out: number[] = [];
  for (let i = lo; i <= hi && out.length < 1000; i++) out.push(clean(i * step));
  return out;
}

/** Decimals needed so that ticks `step` apart print distinctly, after multiplying by `scale`. */
function decimalsFor(step: number, scale: number): number {
  const s = Math.abs(step * scale);
  if (!(s > 0) || !Number.isFinite(s)) return 0;
  return Math.min(6, Math.max(0, -Math.floor(Math.log10(s) + 1e-9)));
}

const MINUS = '\u2212';

/**
 * Tick label text for an axis format; `step` is the tick spacing (it sets the decimals).
 *   percent: 0.15 → "15%", 0.025 (step 0.005) → "2.5%"
 *   pp:      0.1 → "+10", −0.05 → "−5", 0 → "0" (percentage points, signed)
 *   number / ratio: 26 → "26", −1.5 (step 0.5) → "−1.5"
 * Negative values use the true minus sign (U+2212), as the report's tables do.
 * `lang` 'da' prints a decimal comma ("2,5%").
 */
export function tickLabel(
  v: number,
  format: AxisFormat,
  step: number,
  lang: 'da' | 'en' = 'en',
): string {
  const scale = format === 'percent' || format === 'pp' ? 100 : 1;
  const d = decimalsFor(step, scale);
  const abs = Math.abs(v * scale).toFixed(d);
  const zero = Number(abs) === 0;
  const sign = zero ? '' : v < 0 ? MINUS : format === 'pp' ? '+' : '';
  return `${sign}${lang === 'da' ? abs.replace('.', ',') : abs}${format === 'percent' ? '%' : ''}`;
}

/** Coordinates at two decimals: compact and byte-stable ("-0" never appears). */
export function c(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}
