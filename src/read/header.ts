/**
 * What each column of a wide DREAM extract holds, decided from its name.
 */
import {
  expandTwoDigitYear,
  isValidIsoWeek,
  weekSerial,
  weeksInIsoYear,
} from '../calendar/isoweek.js';
import { InputError } from '../errors.js';

export enum ColumnKind {
  Covariate = 0,
  Id = 1,
  Municipality = 2,
  Week = 3,
  Hours = 4,
}

export interface HeaderLayout {
  names: string[];
  kinds: ColumnKind[];
  /** Week serial per Week column (and per weekly Hours column), else NaN. */
  weekOf: number[];
  /** Month per monthly Hours column as year*12 + (month-1), else NaN. */
  monthOf: number[];
  idColumn: number;
  municipalityColumn: number;
  covariateColumns: number[];
  weekColumns: number[];
  hoursColumns: number[];
  hoursKind: 'none' | 'weekly' | 'monthly';
}

const WEEK_RE = /^y_(\d{2})(\d{2})$/i;
const HOURS_WEEK_RE = /^h_(\d{2})(\d{2})$/i;
const HOURS_MONTH_RE = /^timer_(\d{4})_(\d{2})$/i;

function weekOfName(name: string, re: RegExp, file: string, column: number, what: string): number {
  const m = re.exec(name);
  if (!m) {
    throw new InputError(
      `column "${name}" is not a valid ${what} column name (expected ` +
        `${what === 'week' ? 'y_YYWW, e.g. y_1701' : 'h_YYWW, e.g. h_1701'})`,
      { file, line: 1, column },
    );
  }
  const year = expandTwoDigitYear(Number(m[1]));
  const week = Number(m[2]);
  if (!isValidIsoWeek(year, week)) {
    const why =
      week === 53
        ? `ISO year ${year} has only ${weeksInIsoYear(year)} weeks`
        : 'ISO weeks run from 01 to 52 or 53';
    throw new InputError(
      `column "${name}" names week ${year}-W${m[2]}, which does not exist (${why})`,
      { file, line: 1, column },
    );
  }
  return weekSerial(year, week);
}

/**
 * Classify the header's columns. Column numbers in messages are 1-based.
 * `municipality` may be absent from the file (inspect works without it);
 * `requireMunicipality` makes that an error.
 */
export function classifyHeader(
  names: string[],
  opts: { file: string; id: string; municipality: string; requireMunicipality: boolean },
): HeaderLayout {
  const { file } = opts;
  const kinds: ColumnKind[] = [];
  const weekOf: number[] = [];
  const monthOf: number[] = [];
  checkDuplicateColumns(names, file);
  let idColumn = -1;
  let municipalityColumn = -1;
  let weeklyHours = 0;
  let monthlyHours = 0;
  names.forEach((raw, i) => {
    const name = raw.trim();
    const column = i + 1;
    if (name === '')
      throw new InputError(`column ${column} has an empty name in the header`, {
        file,
        line: 1,
        column,
      });
    weekOf.push(NaN);
    monthOf.push(NaN);
    const lower = name.toLowerCase();
    if (name === opts.id) {
      idColumn = i;
      kinds.push(ColumnKind.Id);
    } else if (name === opts.municipality) {
      municipalityColumn = i;
      kinds.push(ColumnKind.Municipality);
    } else if (lower.startsWith('y_')) {
      weekOf[i] = weekOfName(name, WEEK_RE, file, column, 'week');
      kinds.push(ColumnKind.Week);
    } else if (lower.startsWith('h_')) {
      weekOf[i] = weekOfName(name, HOURS_WEEK_RE, file, column, 'hours');
      kinds.push(ColumnKind.Hours);
      weeklyHours++;
    } else if (lower.startsWith('timer_')) {
      const m = HOURS_MONTH_RE.exec(name);
      const month = m ? Number(m[2]) : 0;
      if (!m || month < 1 || month > 12) {
        throw new InputError(
          `column "${name}" is not a valid monthly hours column name (expected ` +
            `timer_YYYY_MM, e.g. timer_2017_03)`,
          { file, line: 1, column },
        );
      }
      monthOf[i] = Number(m[1]) * 12 + (month - 1);
      kinds.push(ColumnKind.Hours);
      monthlyHours++;
    } else {
      kinds.push(ColumnKind.Covariate);
    }
  });
  if (idColumn < 0) {
    throw new InputError(
      `no person id column "${opts.id}" in the header (columns: ${preview(names)}); ` +
        `name it with data.id in the spec`,
      { file, line: 1 },
    );
  }
  if (municipalityColumn < 0 && opts.requireMunicipality) {
    throw new InputError(
      `no municipality column "${opts.municipality}" in the header ` +
        `(columns: ${preview(names)}); name it with data.municipality ` +
        `in the spec`,
      { file, line: 1 },
    );
  }
  if (weeklyHours > 0 && monthlyHours > 0) {
    throw new InputError(
      'the header has both weekly (h_YYWW) and monthly (timer_YYYY_MM) hours ' +
        'columns; keep one kind',
      { file, line: 1 },
    );
  }
  const weekColumns = kinds.flatMap((k, i) => (k === ColumnKind.Week ? [i] : []));
  if (weekColumns.length === 0) {
    throw new InputError(`no week columns (y_YYWW) in the header (columns: ${preview(names)})`, {
      file,
      line: 1,
    });
  }
  return {
    names: names.map((n) => n.trim()),
    kinds,
    weekOf,
    monthOf,
    idColumn,
    municipalityColumn,
    covariateColumns: kinds.flatMap((k, i) => (k === ColumnKind.Covariate ? [i] : [])),
    weekColumns,
    hoursColumns: kinds.flatMap((k, i) => (k === ColumnKind.Hours ? [i] : [])),
    hoursKind: weeklyHours > 0 ? 'weekly' : monthlyHours > 0 ? 'monthly' : 'none',
  };
}

/**
 * Column names must differ in more than letter case: `y_1710` beside
 * `Y_1710` is one week twice (SAS and R treat such names alike, and a
 * reader keeping the later would silently overwrite the earlier).
 */
export function checkDuplicateColumns(names: string[], file: string): void {
  const seen = new Map<string, number>();
  names.forEach((raw, i) => {
    const name = raw.trim();
    const key = name.toLowerCase();
    const prev = seen.get(key);
    if (prev !== undefined) {
      const first = names[prev - 1].trim();
      const what =
        first === name
          ? `column "${name}" appears twice in the header`
          : `columns "${first}" and "${name}" differ only in letter case ` +
            `(column names are compared without case)`;
      throw new InputError(`${what} (columns ${prev} and ${i + 1}); remove or rename one`, {
        file,
        line: 1,
        column: i + 1,
      });
    }
    if (name !== '') seen.set(key, i + 1);
  });
}

function preview(names: string[]): string {
  const shown = names.slice(0, 6).join(', ');
  return names.length > 6 ? `${shown}, … (${names.length} in all)` : shown;
}
