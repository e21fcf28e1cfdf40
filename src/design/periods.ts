/**
 * Entry periods: consecutive blocks of calendar weeks in which persons
 * enter (start) the programme. The classic design has two, the before and
 * the during entry window; an event study has many equal-length periods.
 *
 * Weeks are week serials (calendar/isoweek). Period p (0-based) covers
 * serials from + p·length … from + (p+1)·length − 1.
 */

export interface EntryPeriods {
  /** Week serial of the first week of period 0. */
  from: number;
  /** Weeks per period (≥ 1). */
  length: number;
  /** Number of periods (≥ 1). */
  periods: number;
}

/** Period index of a week serial, or -1 when the week is outside every period. */
export function periodOf(e: EntryPeriods, serial: number): number {
  const d = serial - e.from;
  if (d < 0) return -1;
  const p = Math.floor(d / e.length);
  return p < e.periods ? p : -1;
}

/** Week serial of the first week of period p. */
export function firstWeekOfPeriod(e: EntryPeriods, p: number): number {
  if (!Number.isInteger(p) || p < 0 || p >= e.periods)
    throw new RangeError(`period ${p} is outside 0..${e.periods - 1}`);
  return e.from + p * e.length;
}

/** Week serial of the last week of period p. */
export function lastWeekOfPeriod(e: EntryPeriods, p: number): number {
  return firstWeekOfPeriod(e, p) + e.length - 1;
}

/**
 * Entry periods from a validated description; throws RangeError on a non-positive length or count.
 */
export function entryPeriods(from: number, length: number, periods: number): EntryPeriods {
  if (!Number.isInteger(length) || length < 1)
    throw new RangeError(`an entry period needs a whole number of weeks ≥ 1, got ${length}`);
  if (!Number.isInteger(periods) || periods < 1)
    throw new RangeError(`expected at least one entry period, got ${periods}`);
  return { from, length, periods };
}
