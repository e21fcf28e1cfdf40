/**
 * ISO-8601 week calendar.
 *
 * A week is carried through the pipeline as a *week serial*: the number of
 * whole weeks since ISO week 1970-W01 (which starts Monday 1969-12-29).
 * Serials make "weeks between" a subtraction and let a week range be a plain
 * integer interval; labels ("2017-W01") exist only at the edges.
 */

const MS_PER_DAY = 86_400_000;
/** Day number (days since 1970-01-01) of the Monday that starts week serial 0. */
const EPOCH_MONDAY = -3;

export interface IsoWeek {
  year: number;
  week: number;
}

/** Days since 1970-01-01 for a calendar date (month 1–12). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Calendar date of a day number. */
export function dateOfDay(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Weekday of a day number, ISO numbering: Monday = 1 … Sunday = 7. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * Number of ISO weeks in an ISO year: 53 when 1 January is a Thursday, or
 * a Wednesday in a leap year; otherwise 52.
 */
export function weeksInIsoYear(year: number): 52 | 53 {
  const jan1 = isoWeekday(dayNumber(year, 1, 1));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

/** Day number of the Monday of ISO week 1 of an ISO year (the week holding 4 January). */
function mondayOfWeekOne(year: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

/** True when the ISO year has this week (1–52 always, 53 only in long years). */
export function isValidIsoWeek(year: number, week: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(week) && week >= 1 && week <= weeksInIsoYear(year)
  );
}

/** Week serial of an ISO week. Throws RangeError for a week the year does not have. */
export function weekSerial(year: number, week: number): number {
  if (!isValidIsoWeek(year, week)) {
    throw new RangeError(
      `${year}-W${pad2(week)} does not exist (ISO year ${year} has ${weeksInIsoYear(year)} weeks)`,
    );
  }
  const monday = mondayOfWeekOne(year) + (week - 1) * 7;
  return (monday - EPOCH_MONDAY) / 7;
}

/** ISO week of a week serial. */
export function isoWeekOfSerial(serial: number): IsoWeek {
  return isoWeekOfDay(mondayOfSerial(serial));
}

/** Day number of the Monday of a week serial. */
export function mondayOfSerial(serial: number): number {
  return EPOCH_MONDAY + serial * 7;
}

/** Day number of the Thursday of a week serial; the Thursday decides the week's year and month. */
export function thursdayOfSerial(serial: number): number {
  return EPOCH_MONDAY + serial * 7 + 3;
}

/** ISO week containing a day number. */
export function isoWeekOfDay(day: number): IsoWeek {
  const thursday = day - isoWeekday(day) + 4;
  const year = dateOfDay(thursday).year;
  const week = Math.floor((thursday - mondayOfWeekOne(year)) / 7) + 1;
  return { year, week };
}

/** ISO week of a calendar date. */
export function isoWeekOfDate(year: number, month: number, day: number): IsoWeek {
  return isoWeekOfDay(dayNumber(year, month, day));
}

/** Week serial of the ISO week containing a calendar date. */
export function serialOfDate(year: number, month: number, day: number): number {
  const w = isoWeekOfDate(year, month, day);
  return weekSerial(w.year, w.week);
}

/**
 * The calendar month a week belongs to: the month of its Thursday (ISO rule,
 * as DREAM uses to spread monthly eIndkomst figures over weeks).
 */
export function monthOfSerial(serial: number): { year: number; month: number } {
  const d = dateOfDay(thursdayOfSerial(serial));
  return { year: d.year, month: d.month };
}

/** Number of weeks from a to b (b − a); positive when b is later. */
export function weeksBetween(a: IsoWeek, b: IsoWeek): number {
  return weekSerial(b.year, b.week) - weekSerial(a.year, a.week);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "2017-W01" */
export function formatIsoWeek(w: IsoWeek): string {
  return `${w.year}-W${pad2(w.week)}`;
}

/** "2017-W01" for a week serial. */
export function formatSerial(serial: number): string {
  return formatIsoWeek(isoWeekOfSerial(serial));
}

/** DREAM's two-digit year rule: < 90 → 20YY, otherwise 19YY. */
export function expandTwoDigitYear(yy: number): number {
  return yy < 90 ? 2000 + yy : 1900 + yy;
}

/**
 * Parse a week label as users write it: "2017-W01", "2017W01" or DREAM's
 * "1701". Returns null when the text is not a week label at all; throws
 * RangeError when it is shaped like one but names a week that does not exist.
 */
export function parseWeekLabel(text: string): IsoWeek | null {
  const s = text.trim();
  let m = /^(\d{4})-?W(\d{2})$/i.exec(s);
  let year: number;
  let week: number;
  if (m) {
    year = Number(m[1]);
    week = Number(m[2]);
  } else {
    m = /^(\d{2})(\d{2})$/.exec(s);
    if (!m) return null;
    year = expandTwoDigitYear(Number(m[1]));
    week = Number(m[2]);
  }
  if (!isValidIsoWeek(year, week)) {
    throw new RangeError(
      `${year}-W${pad2(week)} does not exist (ISO year ${year} has ${weeksInIsoYear(year)} weeks)`,
    );
  }
  return { year, week };
}

/** Week serial of a label, or throws RangeError with the reason. */
export function serialOfLabel(text: string): number {
  const w = parseWeekLabel(text);
  if (!w) throw new RangeError(`"${text}" is not a week (expected e.g. 2017-W01 or 1701)`);
  return weekSerial(w.year, w.week);
}
