/**
 * Numbers as a report prints them. One place, so the terminal summary, the
 * markdown report and the figures agree on every digit.
 */
import { alpha } from '../estimators/normal.js';

import type { Lang } from './document.js';

/**
 * One style per language, used by every sentence, table cell and the
 * terminal summary:
 * - signs: effects are always signed ("+10.2", "−3.1") with a true minus
 *   sign (U+2212); plain values (shares, ratios) carry only a minus;
 * - rounding: shares and effects in percentage (points) with one decimal,
 *   standard errors with two, hazard ratios and SMDs with two;
 * - units: en "%" and "pp", da "pct." and "pct.-point";
 * - digits: en decimal point and thousands comma ("36,489.5"), da decimal
 *   comma and thousands point ("36.489,5").
 */
export interface NumberFormat {
  lang: Lang;
  /** 0.2134 → "21.3 %" / "21,3 pct." */
  percent(share: number | null | undefined, digits?: number): string;
  /** 0.2134 → "21.3" / "21,3" (no unit: for table cells under a "(%)" header). */
  percentNumber(share: number | null | undefined, digits?: number): string;
  /** 0.102 → "+10.2 pp" / "+10,2 pct.-point". */
  pp(diff: number | null | undefined, digits?: number, signed?: boolean): string;
  /** Percentage points without unit: "10.2", "−3.1" (signed: "+10.2"). */
  ppNumber(diff: number | null | undefined, digits?: number, signed?: boolean): string;
  /**
   * "p < 0.001", "p = 0.012", "p = 0.045", "p = 0.43" / "p < 0,001", …: three decimals below
   * 0.1, so no p near the usual thresholds rounds across them (0.045 never prints as 0.05).
   */
  pValue(p: number | null | undefined): string;
  /** A p-value for a table cell: "0.43", "< 0.001". */
  pCell(p: number | null | undefined): string;
  /** 36489 → "36,489" / "36.489". */
  count(n: number | null | undefined): string;
  /** A number with a true minus sign: "−0.07", "0.23" (signed: "+0.23"). */
  signed(v: number | null | undefined, digits?: number, plus?: boolean): string;
  /** Fixed decimals, "–" when missing. */
  fixed(v: number | null | undefined, digits?: number): string;
  /** "95 %" / "95 pct." for level 0.95. */
  levelLabel(level: number): string;
  /** "95 % CI" / "95 pct. konfidensinterval". */
  ciLabel(level: number): string;
  /** "7.1 to 13.3" / "7,1 til 13,3" (percentage points, no unit). */
  ppRange(low: number | null | undefined, high: number | null | undefined, digits?: number): string;
  /** "1.02 to 1.31" / "1,02 til 1,31". */
  range(low: number | null | undefined, high: number | null | undefined, digits?: number): string;
  /** Unit names: "pp"/"pct.-point", "%"/"pct.". */
  ppUnit: string;
  percentUnit: string;
}

const MISSING = '–';
const MINUS = '\u2212';

function missing(v: number | null | undefined): v is null | undefined {
  return v === null || v === undefined || !Number.isFinite(v);
}

/** Digits of |v| rounded half away from zero, with the language's decimal mark and grouping. */
function digitsText(abs: number, digits: number, lang: Lang): string {
  const [int, frac] = round(abs, digits).toFixed(digits).split('.');
  const sep = lang === 'da' ? '.' : ',';
  const grouped = int.length > 3 ? int.replace(/\B(?=(\d{3})+(?!\d))/g, sep) : int;
  return frac === undefined ? grouped : `${grouped}${lang === 'da' ? ',' : '.'}${frac}`;
}

/** v rounded at `digits`, with a true minus sign (and "+" when plus and > 0). */
function num(v: number, digits: number, lang: Lang, plus = false): string {
  const r = round(v, digits);
  const sign = r < 0 ? MINUS : r > 0 && plus ? '+' : '';
  return sign + digitsText(Math.abs(r), digits, lang);
}

/** The number formatting of one language. */
export function numberFormat(lang: Lang): NumberFormat {
  const da = lang === 'da';
  const ppUnit = da ? 'pct.-point' : 'pp';
  const percentUnit = da ? 'pct.' : '%';
  const to = da ? 'til' : 'to';
  const f: NumberFormat = {
    lang,
    ppUnit,
    percentUnit,
    percent: (share, digits = 1) =>
      missing(share) ? MISSING : `${num(share * 100, digits, lang)} ${percentUnit}`,
    percentNumber: (share, digits = 1) =>
      missing(share) ? MISSING : num(share * 100, digits, lang),
    pp: (diff, digits = 1, sgn = true) =>
      missing(diff) ? MISSING : `${num(diff * 100, digits, lang, sgn)} ${ppUnit}`,
    ppNumber: (diff, digits = 1, sgn = false) =>
      missing(diff) ? MISSING : num(diff * 100, digits, lang, sgn),
    pValue: (p) => {
      if (missing(p)) return `p = ${MISSING}`;
      if (p < 0.001) return `p < ${digitsText(0.001, 3, lang)}`;
      return `p = ${digitsText(p, p < 0.1 ? 3 : 2, lang)}`;
    },
    // A no-break space keeps "< 0.001" on one line in a narrow column.
    pCell: (p) => f.pValue(p).replace(/^p = /, '').replace(/^p < /, '<\u00a0'),
    count: (n) => (missing(n) ? MISSING : num(Math.round(n), 0, lang)),
    signed: (v, digits = 2, plus = false) => (missing(v) ? MISSING : num(v, digits, lang, plus)),
    fixed: (v, digits = 2) => (missing(v) ? MISSING : num(v, digits, lang)),
    levelLabel: (level) => {
      const pct = Number((level * 100).toFixed(1));
      return `${digitsText(pct, Number.isInteger(pct) ? 0 : 1, lang)} ${percentUnit}`;
    },
    ciLabel: (level) =>
      da ? `${f.levelLabel(level)} konfidensinterval` : `${f.levelLabel(level)} CI`,
    ppRange: (low, high, digits = 1) =>
      missing(low) || missing(high)
        ? MISSING
        : `${f.ppNumber(low, digits)} ${to} ${f.ppNumber(high, digits)}`,
    range: (low, high, digits = 2) =>
      missing(low) || missing(high)
        ? MISSING
        : `${f.fixed(low, digits)} ${to} ${f.fixed(high, digits)}`,
  };
  return f;
}

const EN = numberFormat('en');

/** 0.2134 → "21.3 %" */
export function percent(share: number | null | undefined, digits = 1): string {
  return EN.percent(share, digits);
}

/** 0.102 → "+10.2 pp" (signed percentage points). */
export function pp(diff: number | null | undefined, digits = 1, signed = true): string {
  return EN.pp(diff, digits, signed);
}

/** Percentage points without unit and sign padding: "10.2", "−3.1". */
export function ppNumber(diff: number | null | undefined, digits = 1): string {
  return EN.ppNumber(diff, digits);
}

/** p-values as journals print them: "p < 0.001", "p = 0.012", "p = 0.43". */
export function pValue(p: number | null | undefined): string {
  return EN.pValue(p);
}

/** A count with thousands separators: 36489 → "36,489"; missing → "–". */
export function count(n: number | null | undefined): string {
  return EN.count(n);
}

/** A signed number with a true minus sign: "−0.07", "0.23". */
export function signed(v: number | null | undefined, digits = 2): string {
  return EN.signed(v, digits);
}

/** A plain number with fixed decimals, "–" when missing. */
export function fixed(v: number | null | undefined, digits = 2): string {
  return EN.fixed(v, digits);
}

/**
 * Round half away from zero at `digits` decimals (toFixed rounds binary values unpredictably at
 * .x5).
 */
export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return (Math.sign(v) * Math.round(Math.abs(v) * f + 1e-9)) / f;
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
  return EN.levelLabel(level);
}

/** A printed number: sign, integer part (grouped by thousands or not), decimals; per language. */
const DISPLAY_NUMBER: Record<Lang, RegExp> = {
  da: /^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/,
  en: /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/,
};

/**
 * A number as the report printed it, and its decimals; null when the text is not a plain number.
 */
export function parseDisplayNumber(
  text: string,
  lang: Lang,
): { value: number; decimals: number } | null {
  const t = text.trim().replace(/\u2212/g, '-');
  const m = DISPLAY_NUMBER[lang].exec(t);
  if (!m) return null;
  const int = m[2].split(lang === 'da' ? '.' : ',').join('');
  const frac = m[3] ?? '';
  const value = Number(`${m[1] === '-' ? '-' : ''}${int}${frac ? `.${frac}` : ''}`);
  return Number.isFinite(value) ? { value, decimals: frac.length } : null;
}

/**
 * A table cell as the report printed it, read back for Excel: its number and
 * decimals, whether it carried a sign, and its unit ("pct.-point"/"pp",
 * "pct."/"%", or ""); null when the cell is not one number ("< 0,001",
 * "7,1 til 13,3", "–", names).
 */
export function parseDisplayQuantity(
  text: string,
  lang: Lang,
): { value: number; decimals: number; signed: boolean; unit: string } | null {
  const f = numberFormat(lang);
  const t = text.trim();
  for (const unit of [f.ppUnit, f.percentUnit, '']) {
    if (unit && !t.endsWith(` ${unit}`)) continue;
    const n = parseDisplayNumber(unit ? t.slice(0, -unit.length - 1) : t, lang);
    if (n) return { ...n, signed: /^[+\u2212-]/.test(t), unit };
  }
  return null;
}

/** Is a p-value significant at the spec's confidence level? p < 1 − level (0.05 at 95 %). */
export function significant(p: number | null | undefined, level: number): boolean {
  return p !== null && p !== undefined && Number.isFinite(p) && p < alpha(level);
}
