/**
 * Hours, exactly as written. A threshold such as `hoursAbove: 7.4` must not
 * count a person with 7.4 hours, so hours are never rounded to binary
 * fractions: each value is kept as an integer count of 10^−d hours (d = the
 * most decimals any hours value in the file has), and a threshold becomes
 * an integer cut-off per hours column (see `hoursCutoffs`).
 *
 * Accepted spellings: digits with an optional decimal part ("37", "7.4",
 * "07.40"; with the ";" separator also "7,4"), spaces around them, empty
 * for 0. At most 15 digits in all, so every value is exact. Rejected: signs,
 * exponents, hex/binary ("0x10", "0b101"), "Infinity", "NaN", thousands
 * separators.
 */
import { InputError } from '../errors.js';

/** Most digits an hours value may have (every integer below 10^15 is exact in a double). */
export const MAX_HOURS_DIGITS = 15;
const LIMIT = 1e15;
const UINT32_MAX = 4294967295;

export const HOURS_NOT_DECIMAL = -1;
export const HOURS_NEGATIVE = -2;
export const HOURS_TOO_LONG = -3;

/** Decimals of the last value parsed by parseHours (read right after the call). */
export let parsedDecimals = 0;

/**
 * Parse hours from bytes [s, e): the value's digits as an integer (the
 * decimal point dropped; `parsedDecimals` says where it was), or a negative
 * HOURS_* code. Empty (or blank) is 0.
 */
export function parseHours(buf: Uint8Array, s: number, e: number, decimalComma: boolean): number {
  while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
  while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
  parsedDecimals = 0;
  if (s === e) return 0;
  let i = s;
  let v = 0;
  for (; i < e; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  const intDigits = i - s;
  let decimals = 0;
  if (i < e && intDigits > 0 && (buf[i] === 46 || (decimalComma && buf[i] === 44))) {
    for (i++; i < e; i++) {
      const c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      decimals++;
    }
    if (decimals === 0) return HOURS_NOT_DECIMAL; // "7."
  }
  if (i < e || intDigits === 0)
    return buf[s] === 45 && e - s > 1 ? HOURS_NEGATIVE : HOURS_NOT_DECIMAL;
  if (v >= LIMIT) return HOURS_TOO_LONG;
  parsedDecimals = decimals;
  return v;
}

/** Parse hours from text (the slow paths: quoted fields, long format). */
export function parseHoursText(text: string, decimalComma: boolean): number {
  return parseHours(Buffer.from(text, 'utf8'), 0, Buffer.byteLength(text, 'utf8'), decimalComma);
}

/** The InputError for a parseHours failure code. */
export function hoursError(
  code: number,
  text: string,
  column: string,
  where: { file: string; line: number; column: number },
  decimalComma: boolean,
): InputError {
  const spelled =
    `digits with an optional decimal part, e.g. 37 or 7.4${decimalComma ? ' or 7,4' : ''}; ` +
    `empty = 0`;
  if (code === HOURS_NEGATIVE)
    return new InputError(
      `negative hours "${text}" in column ${column} (expected a non-negative ` +
        `decimal number: ${spelled})`,
      where,
    );
  if (code === HOURS_TOO_LONG)
    return new InputError(
      `hours "${text}" in column ${column} have more than ${MAX_HOURS_DIGITS} ` +
        `digits (expected a decimal number of at most ${MAX_HOURS_DIGITS} ` +
        `digits)`,
      where,
    );
  return new InputError(
    `hours "${text}" in column ${column} are not a decimal number (expected ${spelled})`,
    where,
  );
}

/**
 * Hours as integers in units of 10^−decimals hours. Starts as a Uint32Array
 * with two decimals; a value with more decimals rescales what is stored, and
 * values beyond 32 bits move the store to a Float64Array (integers exact to
 * 2^53).
 */
export class HoursStore {
  data: Uint32Array | Float64Array;
  decimals = 2;
  private wide = false;

  /**
   * A store of `size` values, or one writing into a given (zeroed) array, e.g. a region of a shared
   * buffer.
   */
  constructor(size: number | Uint32Array) {
    this.data = typeof size === 'number' ? new Uint32Array(size) : size;
  }

  /** Store digits `v` with `k` decimals at index i; false when the value cannot be held exactly. */
  set(i: number, v: number, k: number): boolean {
    if (k > this.decimals && !this.rescale(k)) return false;
    const x = k === this.decimals ? v : v * 10 ** (this.decimals - k);
    if (x > UINT32_MAX && !this.wide) this.widen();
    if (x > Number.MAX_SAFE_INTEGER) return false;
    this.data[i] = x;
    return true;
  }

  grow(size: number): void {
    const next = this.wide ? new Float64Array(size) : new Uint32Array(size);
    next.set(this.data.subarray(0, Math.min(size, this.data.length)));
    this.data = next;
  }

  private widen(): void {
    this.data = Float64Array.from(this.data);
    this.wide = true;
  }

  private rescale(k: number): boolean {
    const f = 10 ** (k - this.decimals);
    let max = 0;
    for (let i = 0; i < this.data.length; i++) if (this.data[i] > max) max = this.data[i];
    if (max * f > Number.MAX_SAFE_INTEGER) return false;
    if (max * f > UINT32_MAX && !this.wide) this.widen();
    const d = this.data;
    for (let i = 0; i < d.length; i++) d[i] *= f;
    this.decimals = k;
    return true;
  }
}

/** A number as the decimal it was written as: digits × 10^−decimals (decimals may be negative). */
export function decimalOf(n: number): { digits: bigint; decimals: number } {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`not a non-negative finite number: ${n}`);
  // The shortest round-trip form is the decimal written in the spec (for ≤ 15 significant digits).
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) throw new RangeError(`unexpected number form ${String(n)}`);
  const frac = m[2] ?? '';
  return { digits: BigInt(m[1] + frac), decimals: frac.length - Number(m[3] ?? 0) };
}

/**
 * Per hours column, the largest stored hours value (units of 10^−decimals)
 * that is NOT above `threshold` hours a week times the column's weeks: a
 * person is above the threshold in a week exactly when the stored value
 * exceeds the cut-off. For monthly columns this compares the month's weekly
 * average (hours ÷ weeks) with the threshold without a division.
 */
export function hoursCutoffs(
  threshold: number,
  weeksPerColumn: ArrayLike<number>,
  decimals: number,
): Float64Array {
  const t = decimalOf(threshold);
  const cuts = new Float64Array(weeksPerColumn.length);
  for (let c = 0; c < weeksPerColumn.length; c++) {
    const w = weeksPerColumn[c];
    if (!Number.isInteger(w) || w < 0)
      throw new RangeError(`weeks per hours column must be a whole number, got ${w}`);
    // floor(t × w × 10^decimals / 10^t.decimals), exactly.
    const exp = decimals - t.decimals;
    const num = t.digits * BigInt(w) * (exp >= 0 ? 10n ** BigInt(exp) : 1n);
    const cut = exp >= 0 ? num : num / 10n ** BigInt(-exp);
    cuts[c] = Number(cut);
  }
  return cuts;
}
