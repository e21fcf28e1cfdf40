/**
 * The in-memory form of a DREAM-style extract, shared by every later stage.
 *
 * Registers are large (10^6 persons × 10^3 weeks), so nothing here is one
 * object per person-week: codes are a persons × weeks Uint16Array over a code
 * dictionary, hours a persons × hours-columns array of exact integers (units
 * of 10^−hoursDecimals hours) at the resolution they were delivered in
 * (weekly or monthly), and person columns are dictionary-encoded.
 */
import { hoursCutoffs } from './hours.js';

/** A person-level column (municipality or covariate), dictionary-encoded. */
export interface PersonColumn {
  name: string;
  /** Distinct values in order of first appearance; index 0 is always '' (missing). */
  levels: string[];
  /** Level index per person. */
  codes: Uint32Array;
}

export type HoursKind = 'none' | 'weekly' | 'monthly';

export interface Extract {
  /** Path as given by the user (for messages). */
  file: string;
  format: 'wide' | 'long';
  /** SHA-256 of the input bytes (of every input file, concatenated in order). */
  sha256: string;
  bytes: number;
  persons: number;
  ids: string[];
  /** Source line of each person (wide: the row; long: the person's first row). */
  lines: Int32Array;
  municipality: PersonColumn;
  covariates: PersonColumn[];
  /** Week serial (see calendar/isoweek) of matrix column 0. */
  firstWeek: number;
  /** Number of consecutive weeks held; week column j is serial firstWeek + j. */
  weeks: number;
  /** 1 where the input had a column (or any row) for that week; gaps are 0. */
  weekPresent: Uint8Array;
  /** Benefit code dictionary: index 0 = no benefit (empty). */
  codeDict: string[];
  /** persons × weeks, row-major: codes[p * weeks + j]. */
  codes: Uint16Array;
  hoursKind: HoursKind;
  /** Labels of the hours columns, e.g. "timer_2017_03" or "h_1701". */
  hoursLabels: string[];
  /**
   * persons × hoursLabels.length, row-major; empty input = 0. Exact: each
   * value is the hours as written × 10^hoursDecimals (7.4 h with two decimals
   * is 740). Compare with a threshold through `hoursThreshold`, never as floats.
   */
  hours: Uint32Array | Float64Array;
  /** Decimals of the stored hours: hours = value / 10^hoursDecimals. */
  hoursDecimals: number;
  /** Matrix week j → hours column, or −1 when no hours were delivered for that week. */
  weekToHours: Int32Array;
  /**
   * Weeks each hours column covers: 1 for weekly columns; for monthly ones the
   * weeks whose Thursday is in the month (4 or 5). An hours threshold of a state
   * is a weekly one, compared with hours ÷ this (the month's weekly average).
   */
  weeksPerHoursColumn: Float64Array;
  /** The week range of the file itself (the matrix may hold a window of it). */
  fileWeeks: { first: number; last: number };
  /**
   * With a week window: 1 for persons with a death/emigration code before the window; else null.
   */
  censoredBeforeFirstWeek: Uint8Array | null;
  /** Counts of cells per code id (index as codeDict), over the whole matrix. */
  codeCounts: Float64Array;
}

/**
 * Hours of person p in matrix week j (0 when not delivered), as the nearest double (for display).
 */
/**
 * The extract as the analysis reads it: without the person ids and line numbers, which only
 * reading and its messages use (at register scale the ids alone are hundreds of MB).
 */
export function forAnalysis(x: Extract): Extract {
  return { ...x, ids: [], lines: new Int32Array(0) };
}

export function hoursAt(x: Extract, p: number, j: number): number {
  const h = x.weekToHours[j];
  return h < 0 ? 0 : x.hours[p * x.hoursLabels.length + h] / 10 ** x.hoursDecimals;
}

/**
 * Weekly-equivalent hours of person p in matrix week j (monthly hours ÷ the month's weeks), as the
 * nearest double.
 */
export function weeklyHoursAt(x: Extract, p: number, j: number): number {
  const h = x.weekToHours[j];
  return h < 0
    ? 0
    : x.hours[p * x.hoursLabels.length + h] / 10 ** x.hoursDecimals / x.weeksPerHoursColumn[h];
}

/**
 * An hours threshold (weekly hours, as written in the spec) as a cut-off per
 * hours column on the stored values: person p is above the threshold in
 * matrix week j exactly when `x.hours[p * H + h] > cut[h]` with
 * h = x.weekToHours[j] ≥ 0 (H = hoursLabels.length; no hours column = 0
 * hours, never above). Monthly columns compare the month's weekly average
 * (hours ÷ its weeks) without dividing, so 29.6 h in a 4-week month is not
 * above 7.4.
 */
export function hoursThreshold(x: Extract, threshold: number): Float64Array {
  return hoursCutoffs(threshold, x.weeksPerHoursColumn, x.hoursDecimals);
}

/** The text value of a person column for person p. */
export function personValue(col: PersonColumn, p: number): string {
  return col.levels[col.codes[p]];
}
