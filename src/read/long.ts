/**
 * Reader for long-format extracts: one row per person-week
 * (`pnr,week,code[,hours]`, week as `2017-W01` or `1701`), plus an optional
 * person file with municipality and covariates. Produces the same compact
 * Extract as the wide reader.
 */
import { createHash } from 'node:crypto';
import { formatSerial, serialOfLabel } from '../calendar/isoweek.js';
import { InputError } from './errors.js';
import type { Extract } from './extract.js';
import { PersonColumnBuilder, TextDictionary } from './dictionary.js';
import { readCsvRecords } from './records.js';
import type { ReadOptions } from './wide.js';

export interface LongReadOptions extends ReadOptions {
  /** Person file: id, municipality and covariate columns. */
  personsFile?: string;
}

/** Growable columns of person-week rows. */
class RowBuffer {
  person = new Int32Array(1 << 16);
  week = new Int32Array(1 << 16);
  code = new Uint16Array(1 << 16);
  hours = new Float32Array(1 << 16);
  line = new Int32Array(1 << 16);
  n = 0;

  push(person: number, week: number, code: number, hours: number, line: number): void {
    if (this.n === this.person.length) {
      const cap = this.n * 2;
      this.person = grown(this.person, new Int32Array(cap));
      this.week = grown(this.week, new Int32Array(cap));
      this.code = grown(this.code, new Uint16Array(cap));
      this.hours = grown(this.hours, new Float32Array(cap));
      this.line = grown(this.line, new Int32Array(cap));
    }
    const i = this.n++;
    this.person[i] = person;
    this.week[i] = week;
    this.code[i] = code;
    this.hours[i] = hours;
    this.line[i] = line;
  }
}

function grown<T extends Int32Array | Uint16Array | Float32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** True when a header is the long format's (has week and code columns, no y_ columns). */
export function isLongHeader(header: string[]): boolean {
  const lower = header.map((h) => h.trim().toLowerCase());
  return lower.includes('week') && lower.includes('code') && !lower.some((h) => h.startsWith('y_'));
}

/** Persons seen so far with their person-column builders. */
class PersonTable {
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

export async function readLong(file: string, opts: LongReadOptions = {}): Promise<Extract> {
  const idName = opts.id ?? 'pnr';
  const komName = opts.municipality ?? 'kom';
  const persons = new PersonTable(komName);
  const hash = createHash('sha256');
  let bytes = 0;
  let hasMunicipality = false;

  // ---- person file first, so persons are numbered in its order
  const pf = opts.personsFile;
  if (pf) {
    let idCol = -1;
    let komCol = -1;
    let covCols: number[] = [];
    const res = await readCsvRecords(pf, {
      onHeader: (header) => {
        idCol = header.indexOf(idName);
        komCol = header.indexOf(komName);
        if (idCol < 0) throw new InputError(`no person id column "${idName}" in the header`, { file: pf, line: 1 });
        if (komCol < 0 && opts.requireMunicipality) throw new InputError(`no municipality column "${komName}" in the header`, { file: pf, line: 1 });
        covCols = header.flatMap((_, i) => (i !== idCol && i !== komCol ? [i] : []));
        persons.covariates = covCols.map((c) => new PersonColumnBuilder(header[c], persons.capacity));
      },
      onRecord: (fields, line) => {
        const id = fields[idCol].trim();
        if (id === '') throw new InputError(`empty person id in column "${idName}"`, { file: pf, line, column: idCol + 1 });
        const prev = persons.index.get(id);
        if (prev !== undefined) throw new InputError(`duplicate person id "${id}" (first seen on line ${persons.firstLine[prev]})`, { file: pf, line, column: idCol + 1 });
        const p = persons.add(id, line);
        if (komCol >= 0) persons.municipality.set(p, fields[komCol].trim());
        covCols.forEach((c, k) => persons.covariates[k].set(p, fields[c].trim()));
      },
    });
    hash.update(res.sha256);
    bytes += res.bytes;
    hasMunicipality = komCol >= 0;
  }

  // ---- person-week rows
  const rows = new RowBuffer();
  const codeDict = new TextDictionary();
  let idCol = -1;
  let weekCol = -1;
  let codeCol = -1;
  let hoursCol = -1;
  const res = await readCsvRecords(file, {
    onHeader: (header) => {
      const lower = header.map((h) => h.toLowerCase());
      idCol = header.indexOf(idName);
      weekCol = lower.indexOf('week');
      codeCol = lower.indexOf('code');
      hoursCol = lower.indexOf('hours');
      if (idCol < 0) throw new InputError(`no person id column "${idName}" in the header (long format: ${idName},week,code[,hours])`, { file, line: 1 });
      if (weekCol < 0 || codeCol < 0) throw new InputError('long format needs columns week and code', { file, line: 1 });
    },
    onRecord: (fields, line) => {
      const id = fields[idCol].trim();
      if (id === '') throw new InputError(`empty person id in column "${idName}"`, { file, line, column: idCol + 1 });
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
      if (code > 65535) throw new InputError('more than 65535 distinct benefit codes', { file, line, column: codeCol + 1 });
      let h = 0;
      if (hoursCol >= 0) {
        const t = fields[hoursCol].trim();
        h = t === '' ? 0 : Number(t.replace(',', '.'));
        if (!Number.isFinite(h) || h < 0) {
          throw new InputError(`${Number.isFinite(h) ? 'negative' : 'non-numeric'} hours "${fields[hoursCol]}" (expected a non-negative number; empty = 0)`, { file, line, column: hoursCol + 1 });
        }
      }
      rows.push(p, week, code, h, line);
    },
    onProgress: opts.onProgress,
  });
  hash.update(res.sha256);
  bytes += res.bytes;
  if (rows.n === 0) throw new InputError('the file has a header but no rows', { file, line: 2 });

  // ---- build the matrix
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < rows.n; i++) {
    if (rows.week[i] < lo) lo = rows.week[i];
    if (rows.week[i] > hi) hi = rows.week[i];
  }
  const weeks = hi - lo + 1;
  const n = persons.ids.length;
  const codes = new Uint16Array(n * weeks);
  const withHours = hoursCol >= 0;
  const hours = new Float32Array(withHours ? n * weeks : 0);
  const seenAt = new Int32Array(n * weeks); // source line of each filled cell, to name duplicates
  const weekPresent = new Uint8Array(weeks);
  const codeCounts = new Float64Array(codeDict.size);
  for (let i = 0; i < rows.n; i++) {
    const j = rows.week[i] - lo;
    const cell = rows.person[i] * weeks + j;
    if (seenAt[cell] !== 0) {
      throw new InputError(`person "${persons.ids[rows.person[i]]}" has two rows for the same week (first on line ${seenAt[cell]})`, { file, line: rows.line[i] });
    }
    seenAt[cell] = rows.line[i];
    codes[cell] = rows.code[i];
    codeCounts[rows.code[i]]++;
    if (withHours) hours[cell] = rows.hours[i];
    weekPresent[j] = 1;
  }
  codeCounts[0] = n * weeks - codeCounts.reduce((a, b) => a + b, 0) + codeCounts[0];

  const lines = Int32Array.from(persons.firstLine);
  return {
    file,
    format: 'long',
    sha256: hash.digest('hex'),
    bytes,
    persons: n,
    ids: persons.ids,
    lines,
    municipality: hasMunicipality ? persons.municipality.finish(n) : { name: komName, levels: [''], codes: new Uint32Array(n) },
    covariates: persons.covariates.map((c) => c.finish(n)),
    firstWeek: lo,
    weeks,
    weekPresent,
    codeDict: codeDict.levels,
    codes,
    hoursKind: withHours ? 'weekly' : 'none',
    hoursLabels: withHours ? Array.from({ length: weeks }, (_, j) => `hours ${formatSerial(lo + j)}`) : [],
    hours,
    weekToHours: withHours ? Int32Array.from({ length: weeks }, (_, j) => j) : new Int32Array(weeks).fill(-1),
    weeksPerHoursColumn: new Float64Array(withHours ? weeks : 0).fill(1),
    fileWeeks: { first: lo, last: hi },
    censoredBeforeFirstWeek: null,
    codeCounts,
  };
}
