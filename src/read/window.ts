/**
 * What the wide readers (CSV, wide.ts; Parquet, parquet.ts) share once a
 * header is known: the week window a run keeps (`weekWindow`) and the
 * Extract assembled from the rows read (`wideExtract`). One place, so the
 * two formats cannot drift apart.
 */
import { dayNumber, formatSerial, isoWeekday, monthOfSerial } from '../calendar/isoweek.js';
import { InputError } from '../errors.js';
import type { Extract, PersonColumn } from './extract.js';
import type { HeaderLayout } from './header.js';

/**
 * The weeks a read keeps: the file's range cut to `keepWeeks`, the hours columns kept, the matrix
 * grid.
 */
export interface WeekWindow {
  /** The file's own week range. */
  full: { lo: number; hi: number };
  lo: number;
  hi: number;
  /** Matrix weeks (hi − lo + 1). */
  weeks: number;
  /** Hours columns kept (weekly ones inside the window; monthly ones all), in column order. */
  keptHours: number[];
  grid: ReturnType<typeof weekGrid>;
  /** Whether week columns before the window are read for censor codes. */
  trackCensor: boolean;
  censorCodes: string[];
}

/**
 * The week window of a wide file; an error (at `where`) when the file's weeks miss the weeks
 * needed.
 */
export function weekWindow(
  layout: HeaderLayout,
  opts: { keepWeeks?: { from: number; to: number }; censorCodes?: string[] },
  where: { file: string; line?: number },
): WeekWindow {
  const full = weekRange(layout);
  const keep = opts.keepWeeks;
  const lo = keep ? Math.max(full.lo, keep.from) : full.lo;
  const hi = keep ? Math.min(full.hi, keep.to) : full.hi;
  if (hi < lo)
    throw new InputError(
      `the extract's weeks (${formatSerial(full.lo)} to ${formatSerial(full.hi)}) ` +
        `do not overlap the weeks needed (${formatSerial(keep!.from)} ` +
        `to ${formatSerial(keep!.to)})`,
      where,
    );
  const keptHours = layout.hoursColumns.filter(
    (c) => layout.hoursKind !== 'weekly' || (layout.weekOf[c] >= lo && layout.weekOf[c] <= hi),
  );
  const censorCodes = opts.censorCodes ?? [];
  return {
    full,
    lo,
    hi,
    weeks: hi - lo + 1,
    keptHours,
    grid: weekGrid(layout, lo, hi, keptHours),
    trackCensor: keep !== undefined && censorCodes.length > 0 && full.lo < lo,
    censorCodes,
  };
}

/** The rows a wide reader collected, before they become an Extract. */
export interface WideRows {
  persons: number;
  ids: string[];
  lines: Int32Array;
  /** The municipality column; null when the file has none. */
  municipality: PersonColumn | null;
  covariates: PersonColumn[];
  codeDict: string[];
  codes: Uint16Array;
  /** Cells per code id (at least codeDict.length long); index 0 is filled in here. */
  codeCounts: Float64Array;
  hours: Uint32Array | Float64Array;
  hoursDecimals: number;
  censoredBefore: Uint8Array | null;
}

/** The Extract of a wide file from its window and rows. */
export function wideExtract(
  src: { file: string; sha256: string; bytes: number; komName: string },
  layout: HeaderLayout,
  win: WeekWindow,
  rows: WideRows,
): Extract {
  const { persons } = rows;
  const { weeks, keptHours } = win;
  const nHours = keptHours.length;
  const codeCounts = rows.codeCounts.slice(0, rows.codeDict.length);
  let filled = 0;
  for (let i = 1; i < codeCounts.length; i++) filled += codeCounts[i];
  codeCounts[0] = persons * weeks - filled;
  return {
    file: src.file,
    format: 'wide',
    sha256: src.sha256,
    bytes: src.bytes,
    persons,
    ids: rows.ids,
    lines: rows.lines,
    municipality: rows.municipality ?? {
      name: src.komName,
      levels: [''],
      codes: new Uint32Array(persons),
    },
    covariates: rows.covariates,
    firstWeek: win.grid.firstWeek,
    weeks,
    weekPresent: win.grid.weekPresent,
    codeDict: rows.codeDict,
    codes: rows.codes,
    hoursKind: layout.hoursKind,
    hoursLabels: keptHours.map((c) => layout.names[c]),
    hours:
      rows.hours.length === persons * nHours
        ? rows.hours
        : rows.hours.subarray(0, persons * nHours),
    hoursDecimals: rows.hoursDecimals,
    weekToHours: win.grid.weekToHours,
    weeksPerHoursColumn: Float64Array.from(keptHours, (c) =>
      layout.hoursKind === 'monthly' ? thursdaysIn(layout.monthOf[c]) : 1,
    ),
    fileWeeks: { first: win.full.lo, last: win.full.hi },
    censoredBeforeFirstWeek: rows.censoredBefore,
    codeCounts,
  };
}

/** The week range spanned by week and weekly-hours columns. */
export function weekRange(layout: HeaderLayout): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  const cols =
    layout.hoursKind === 'weekly'
      ? [...layout.weekColumns, ...layout.hoursColumns]
      : layout.weekColumns;
  for (const c of cols) {
    lo = Math.min(lo, layout.weekOf[c]);
    hi = Math.max(hi, layout.weekOf[c]);
  }
  return { lo, hi };
}

/** The matrix weeks lo..hi: which have a column, and the hours column of each. */
export function weekGrid(
  layout: HeaderLayout,
  lo: number,
  hi: number,
  hoursColumns: number[],
): { firstWeek: number; weeks: number; weekPresent: Uint8Array; weekToHours: Int32Array } {
  const weeks = hi - lo + 1;
  const weekPresent = new Uint8Array(weeks);
  for (const c of layout.weekColumns) {
    const w = layout.weekOf[c];
    if (w >= lo && w <= hi) weekPresent[w - lo] = 1;
  }
  const weekToHours = new Int32Array(weeks).fill(-1);
  if (layout.hoursKind === 'weekly') {
    hoursColumns.forEach((c, h) => {
      weekToHours[layout.weekOf[c] - lo] = h;
    });
  } else if (layout.hoursKind === 'monthly') {
    const byMonth = new Map<number, number>();
    hoursColumns.forEach((c, h) => {
      byMonth.set(layout.monthOf[c], h);
    });
    for (let j = 0; j < weeks; j++) {
      const m = monthOfSerial(lo + j);
      weekToHours[j] = byMonth.get(m.year * 12 + (m.month - 1)) ?? -1;
    }
  }
  return { firstWeek: lo, weeks, weekPresent, weekToHours };
}

/** Thursdays in a month given as year·12 + (month − 1): the weeks DREAM assigns to it. */
export function thursdaysIn(monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const first = dayNumber(year, month, 1);
  const next = month === 12 ? dayNumber(year + 1, 1, 1) : dayNumber(year, month + 1, 1);
  let n = 0;
  for (let d = first; d < next; d++) if (isoWeekday(d) === 4) n++;
  return n;
}
