/**
 * Reader for long-format extracts: one row per person-week
 * (`pnr,week,code[,hours]`, week as `2017-W01` or `1701`), plus an optional
 * person file with municipality and covariates. Produces the same compact
 * Extract as the wide reader.
 */
import { createHash } from 'node:crypto';
import { formatSerial, serialOfLabel } from '../calendar/isoweek.js';
import { InputError } from '../errors.js';
import { PersonColumnBuilder, TextDictionary } from './dictionary.js';
import type { Extract } from './extract.js';
import { HoursStore, hoursError, parsedDecimals, parseHoursText } from './hours.js';
import { readCsvRecords } from './records.js';
import type { ReadOptions } from './wide.js';

export interface LongReadOptions extends ReadOptions {
  /** Person file: id, municipality and covariate columns. */
  personsFile?: string;
}

/** Growable columns of person-week rows; hours as written: digits and decimals (see hours.ts). */
export class RowBuffer {
  person = new Int32Array(1 << 16);
  week = new Int32Array(1 << 16);
  code = new Uint16Array(1 << 16);
  hoursDigits = new Float64Array(1 << 16);
  hoursDecimals = new Uint8Array(1 << 16);
  line = new Int32Array(1 << 16);
  n = 0;

  push(
    person: number,
    week: number,
    code: number,
    hoursDigits: number,
    hoursDecimals: number,
    line: number,
  ): void {
    if (this.n === this.person.length) {
      const cap = this.n * 2;
      this.person = grown(this.person, new Int32Array(cap));
      this.week = grown(this.week, new Int32Array(cap));
      this.code = grown(this.code, new Uint16Array(cap));
      this.hoursDigits = grown(this.hoursDigits, new Float64Array(cap));
      this.hoursDecimals = grown(this.hoursDecimals, new Uint8Array(cap));
      this.line = grown(this.line, new Int32Array(cap));
    }
    const i = this.n++;
    this.person[i] = person;
    this.week[i] = week;
    this.code[i] = code;
    this.hoursDigits[i] = hoursDigits;
    this.hoursDecimals[i] = hoursDecimals;
    this.line[i] = line;
  }
}

function grown<T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** True when a header is the long format's (has week and code columns, no y_ columns). */
export function isLongHeader(header: string[]): boolean {
  const lower = header.map((h) => h.trim().toLowerCase());
  return lower.includes('week') && lower.includes('code') && !lower.some((h) => h.startsWith('y_'));
}

/** Persons seen so far with their person-column builders. */
export class PersonTable {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();
  readonly firstLine: number[] = [];
  capacity = 1024;
  readonly municipality: PersonColumnBuilder;
  covariates: PersonColumnBuilder[] = [];

  constructor(komName: string) {
    this.municipality = new PersonColumnBuilder(komName, this.capacity);
  }

  add(id: string, line: number): number {
    const p = this.ids.length;
    if (p === this.capacity) {
      this.capacity *= 2;
      this.municipality.grow(this.capacity);
      for (const c of this.covariates) c.grow(this.capacity);
    }
    this.ids.push(id);
    this.index.set(id, p);
    this.firstLine.push(line);
    return p;
  }
}

/**
 * The person file of a long extract (id, municipality, covariates), read
 * first so persons are numbered in its order; without one, an empty table.
 */
export async function readPersonsFile(opts: LongReadOptions): Promise<{
  persons: PersonTable;
  hasMunicipality: boolean;
  sha256: string | null;
  bytes: number;
}> {
  const idName = opts.id ?? 'pnr';
  const komName = opts.municipality ?? 'kom';
  const encoding = opts.encoding ?? 'utf-8';
  const persons = new PersonTable(komName);
  let sha256: string | null = null;
  let bytes = 0;
  let hasMunicipality = false;
  const pf = opts.personsFile;
  if (pf) {
    let idCol = -1;
    let komCol = -1;
    let covCols: number[] = [];
    const res = await readCsvRecords(
      pf,
      {
        onHeader: (header) => {
          idCol = header.indexOf(idName);
          komCol = header.indexOf(komName);
          if (idCol < 0)
            throw new InputError(`no person id column "${idName}" in the header`, {
              file: pf,
              line: 1,
            });
          if (komCol < 0 && opts.requireMunicipality)
            throw new InputError(`no municipality column "${komName}" in the header`, {
              file: pf,
              line: 1,
            });
          covCols = header.flatMap((_, i) => (i !== idCol && i !== komCol ? [i] : []));
          persons.covariates = covCols.map(
            (c) => new PersonColumnBuilder(header[c], persons.capacity),
          );
        },
        onRecord: (fields, line) => {
          const id = fields[idCol].trim();
          if (id === '')
            throw new InputError(`empty person id in column "${idName}"`, {
              file: pf,
              line,
              column: idCol + 1,
            });
          const prev = persons.index.get(id);
          if (prev !== undefined)
            throw new InputError(
              `duplicate person id "${id}" (first seen on line ${persons.firstLine[prev]})`,
              { file: pf, line, column: idCol + 1 },
            );
          const p = persons.add(id, line);
          if (komCol >= 0) persons.municipality.set(p, fields[komCol].trim());
          covCols.forEach((c, k) => {
            persons.covariates[k].set(p, fields[c].trim());
          });
        },
      },
      encoding,
    );
    sha256 = res.sha256;
    bytes += res.bytes;
    hasMunicipality = komCol >= 0;
  }
  return { persons, hasMunicipality, sha256, bytes };
}

export async function readLong(file: string, opts: LongReadOptions = {}): Promise<Extract> {
  const idName = opts.id ?? 'pnr';
  const encoding = opts.encoding ?? 'utf-8';
  const hash = createHash('sha256');
  const {
    persons,
    hasMunicipality,
    sha256: personsHash,
    bytes: personsBytes,
  } = await readPersonsFile(opts);
  if (personsHash !== null) hash.update(personsHash);
  let bytes = personsBytes;

  // ---- person-week rows
  const rows = new RowBuffer();
  const codeDict = new TextDictionary();
  let idCol = -1;
  let weekCol = -1;
  let codeCol = -1;
  let hoursCol = -1;
  let decimalComma = false;
  const res = await readCsvRecords(
    file,
    {
      onHeader: (header) => {
        const lower = header.map((h) => h.toLowerCase());
        idCol = header.indexOf(idName);
        weekCol = lower.indexOf('week');
        codeCol = lower.indexOf('code');
        hoursCol = lower.indexOf('hours');
        if (idCol < 0)
          throw new InputError(
            `no person id column "${idName}" in the header (long format: ` +
              `${idName},week,code[,hours])`,
            { file, line: 1 },
          );
        if (weekCol < 0 || codeCol < 0)
          throw new InputError('long format needs columns week and code', { file, line: 1 });
      },
      onSeparator: (sep) => (decimalComma = sep === ';'),
      onRecord: (fields, line) => {
        const id = fields[idCol].trim();
        if (id === '')
          throw new InputError(`empty person id in column "${idName}"`, {
            file,
            line,
            column: idCol + 1,
          });
        let p = persons.index.get(id);
        if (p === undefined) {
          // Kept, with an empty municipality: the cohort stage excludes and counts such persons.
          p = persons.add(id, line);
        }
        let week: number;
        try {
          week = serialOfLabel(fields[weekCol]);
        } catch (err) {
          throw new InputError(`${(err as Error).message}`, { file, line, column: weekCol + 1 });
        }
        const codeText = fields[codeCol].trim();
        const code = codeDict.id(codeText);
        if (code > 65535)
          throw new InputError('more than 65535 distinct benefit codes', {
            file,
            line,
            column: codeCol + 1,
          });
        let h = 0;
        let k = 0;
        if (hoursCol >= 0) {
          h = parseHoursText(fields[hoursCol], decimalComma);
          k = parsedDecimals;
          if (h < 0)
            throw hoursError(
              h,
              fields[hoursCol],
              'hours',
              { file, line, column: hoursCol + 1 },
              decimalComma,
            );
        }
        rows.push(p, week, code, h, k, line);
      },
      onProgress: opts.onProgress,
    },
    encoding,
  );
  hash.update(res.sha256);
  bytes += res.bytes;
  return longExtract(
    {
      file,
      rows,
      persons,
      codeDict,
      hasMunicipality,
      withHours: hoursCol >= 0,
      hoursColumn: hoursCol + 1,
      sha256: hash.digest('hex'),
      bytes,
      unit: 'line',
    },
    opts,
  );
}

/** Person-week rows read from a long extract (CSV or Parquet), before they become the matrix. */
export interface LongRows {
  file: string;
  rows: RowBuffer;
  persons: PersonTable;
  codeDict: TextDictionary;
  hasMunicipality: boolean;
  withHours: boolean;
  /** 1-based column of hours (for messages). */
  hoursColumn: number;
  sha256: string;
  bytes: number;
  /** What RowBuffer.line counts: CSV lines, or Parquet rows (1-based, no header). */
  unit: 'line' | 'row';
}

/** The Extract of long rows: the week window, one row per person-week, the matrix. */
export function longExtract(input: LongRows, opts: LongReadOptions): Extract {
  const { file, rows, persons, codeDict, hasMunicipality, withHours, unit } = input;
  const komName = opts.municipality ?? 'kom';
  if (rows.n === 0)
    throw new InputError(
      'the file has a header but no rows',
      unit === 'line' ? { file, line: 2 } : { file },
    );

  // ---- the week window: the file's weeks, cut to the weeks needed (as the wide reader does)
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < rows.n; i++) {
    if (rows.week[i] < first) first = rows.week[i];
    if (rows.week[i] > last) last = rows.week[i];
  }
  const keep = opts.keepWeeks;
  const lo = keep ? Math.max(first, keep.from) : first;
  const hi = keep ? Math.min(last, keep.to) : last;
  if (hi < lo)
    throw new InputError(
      `the extract's weeks (${formatSerial(first)} to ${formatSerial(last)}) ` +
        `do not overlap the weeks needed (${formatSerial(keep!.from)} ` +
        `to ${formatSerial(keep!.to)})`,
      unit === 'line' ? { file, line: 1 } : { file },
    );
  const n = persons.ids.length;
  checkOneRowPerWeek(rows, first, last, n, persons.ids, file, unit);

  // ---- build the matrix of the window
  const weeks = hi - lo + 1;
  const codes = new Uint16Array(n * weeks);
  let decimals = 0;
  for (let i = 0; i < rows.n; i++)
    if (rows.week[i] >= lo && rows.week[i] <= hi && rows.hoursDecimals[i] > decimals)
      decimals = rows.hoursDecimals[i];
  const hours = new HoursStore(withHours ? n * weeks : 0);
  const weekPresent = new Uint8Array(weeks);
  const codeCounts = new Float64Array(codeDict.size);
  const censorText = new Set(opts.censorCodes ?? []);
  const censor = Uint8Array.from(codeDict.levels, (c, i) => (i > 0 && censorText.has(c) ? 1 : 0));
  const trackCensor = keep !== undefined && (opts.censorCodes ?? []).length > 0 && first < lo;
  const censoredBefore = trackCensor ? new Uint8Array(n) : null;
  for (let i = 0; i < rows.n; i++) {
    const w = rows.week[i];
    if (w < lo) {
      if (censoredBefore && censor[rows.code[i]] === 1) censoredBefore[rows.person[i]] = 1;
      continue;
    }
    if (w > hi) continue;
    const j = w - lo;
    const cell = rows.person[i] * weeks + j;
    codes[cell] = rows.code[i];
    codeCounts[rows.code[i]]++;
    if (
      withHours &&
      rows.hoursDigits[i] !== 0 &&
      !hours.set(cell, rows.hoursDigits[i], rows.hoursDecimals[i])
    ) {
      const msg =
        "hours cannot be held exactly beside the file's other hours (too many " +
        'digits in all; at most 15)';
      throw unit === 'line'
        ? new InputError(msg, { file, line: rows.line[i], column: input.hoursColumn })
        : new InputError(`row ${rows.line[i]}, column "hours": ${msg}`, { file });
    }
    weekPresent[j] = 1;
  }
  let filled = 0;
  for (let c = 1; c < codeCounts.length; c++) filled += codeCounts[c];
  codeCounts[0] = n * weeks - filled;

  const lines = Int32Array.from(persons.firstLine);
  return {
    file,
    format: 'long',
    sha256: input.sha256,
    bytes: input.bytes,
    persons: n,
    ids: persons.ids,
    lines,
    municipality: hasMunicipality
      ? persons.municipality.finish(n)
      : { name: komName, levels: [''], codes: new Uint32Array(n) },
    covariates: persons.covariates.map((c) => c.finish(n)),
    firstWeek: lo,
    weeks,
    weekPresent,
    codeDict: codeDict.levels,
    codes,
    hoursKind: withHours ? 'weekly' : 'none',
    hoursLabels: withHours
      ? Array.from({ length: weeks }, (_, j) => `hours ${formatSerial(lo + j)}`)
      : [],
    hours: hours.data,
    hoursDecimals: hours.decimals,
    weekToHours: withHours
      ? Int32Array.from({ length: weeks }, (_, j) => j)
      : new Int32Array(weeks).fill(-1),
    weeksPerHoursColumn: new Float64Array(withHours ? weeks : 0).fill(1),
    fileWeeks: { first, last },
    censoredBeforeFirstWeek: censoredBefore,
    codeCounts,
  };
}

/**
 * No person has two rows for one week, anywhere in the file (also outside
 * the weeks kept). Reported at the first repeated row in file order, naming
 * the cell's first row (rows are in file order in the buffer).
 */
function checkOneRowPerWeek(
  rows: RowBuffer,
  first: number,
  last: number,
  persons: number,
  ids: string[],
  file: string,
  unit: 'line' | 'row',
): void {
  const span = last - first + 1;
  const seenAt = new Int32Array(persons * span);
  for (let i = 0; i < rows.n; i++) {
    const cell = rows.person[i] * span + (rows.week[i] - first);
    if (seenAt[cell] !== 0) {
      const msg =
        `person "${ids[rows.person[i]]}" has two rows for the same week ` +
        `(first on ${unit} ${seenAt[cell]})`;
      throw unit === 'line'
        ? new InputError(msg, { file, line: rows.line[i] })
        : new InputError(`row ${rows.line[i]}: ${msg}`, { file });
    }
    seenAt[cell] = rows.line[i];
  }
}
