/**
 * Numbers as a report prints them. One place, so the terminal summary, the
 * markdown report and the figures agree on every digit.
 */
import { alpha } from '../estimators/normal.js';

/** 0.2134 → "21.3 %" */
export function percent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return `${(share * 100).toFixed(digits)} %`;
}

/** 0.102 → "+10.2 pp" (signed percentage points). */
export function pp(diff: number | null | undefined, digits = 1, signed = true): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return '–';
  const v = round(diff * 100, digits);
  const s = Math.abs(v).toFixed(digits);
  const sign = v > 0 && signed ? '+' : v < 0 ? '−' : '';
  return `${sign}${s} pp`;
}

/** Percentage points without unit and sign padding: "10.2", "−3.1". */
export function ppNumber(diff: number | null | undefined, digits = 1): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return '–';
  const v = round(diff * 100, digits);
  return (v < 0 ? '−' : '') + Math.abs(v).toFixed(digits);
}

/** p-values as journals print them: "p < 0.001", "p = 0.012", "p = 0.43". */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'p = –';
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return `p = ${p.toFixed(3)}`;
  return `p = ${p.toFixed(2)}`;
}

/** A count with thin thousands separators: 36489 → "36,489". */
export function count(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString('en-GB');
}

/** A signed number with a true minus sign: "−0.07", "0.23". */
export function signed(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const r = round(v, digits);
  return (r < 0 ? '−' : '') + Math.abs(r).toFixed(digits);
}

/** A plain number with fixed decimals, "–" when missing. */
export function fixed(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toFixed(digits);
}

/** Round half away from zero at `digits` decimals (toFixed rounds binary values unpredictably at .x5). */
export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.sign(v) * Math.round(Math.abs(v) * f + 1e-9) / f;
}

/**
 * A number for CSV/JSON output: shortest round-trip text at 12 significant
 * digits, so files are byte-identical across runs and platforms.
 */
export function csvNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(12)));
}

/** Bytes as "33.4 MB". */
export function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

/** "95 %" for a confidence level of 0.95. */
export function levelLabel(level: number): string {
  return `${Number((level * 100).toFixed(1))} %`;
}


/** Is a p-value significant at the spec's confidence level? p < 1 − level (0.05 at 95 %). */
export function significant(p: number | null | undefined, level: number): boolean {
  return p !== null && p !== undefined && Number.isFinite(p) && p < alpha(level);
}
