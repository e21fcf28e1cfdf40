/**
 * The rows of a wide extract, scanned byte by byte: the hot loop of the
 * reader. A RowScanner reads one byte range of the file (whole lines) and
 * writes straight into typed arrays. The one-thread reader runs one scanner
 * over the whole body; the two-thread reader runs one on the main thread and
 * one in a worker (see wide-parallel.ts), both with this same code, so both
 * accept and reject exactly the same bytes.
 *
 * Lines with a double quote take a slower, RFC 4180-aware path.
 */

import { InputError } from '../errors.js';
import { PersonColumnBuilder, TextDictionary } from './dictionary.js';
import { ByteChecker, type Decoder, decoderFor, type Encoding } from './encoding.js';
import type { PersonColumn } from './extract.js';
import { HoursStore, hoursError, parsedDecimals, parseHours, parseHoursText } from './hours.js';
import { lineTooLong, MAX_LINE_BYTES } from './limits.js';
import { splitQuotedLine } from './text.js';

/** What each column is for a run, as plain data (it is posted to a worker). */
export interface ScanPlan {
  file: string;
  encoding: Encoding;
  /** Separator byte (44 "," or 59 ";"). */
  sep: number;
  names: string[];
  /** Per column: a ColumnKind or one of the SKIPPED_* kinds below. */
  colKind: Int32Array;
  /** Per column: matrix week (Week), hours slot (Hours), else −1. */
  colSlot: Int32Array;
  /** Per column: index among covariates, else −1. */
  covariateSlot: Int32Array;
  idName: string;
  komName: string;
  municipalityColumn: number;
  covariateNames: string[];
  weeks: number;
  nHours: number;
  censorCodes: string[];
  /** Look at weeks before the window for censor codes. */
  trackCensor: boolean;
}

// Column kinds (ColumnKind from header.ts, plus columns outside the week window).
export const KIND_COVARIATE = 0;
export const KIND_ID = 1;
export const KIND_MUNICIPALITY = 2;
export const KIND_WEEK = 3;
export const KIND_HOURS = 4;
export const SKIPPED_EARLY_WEEK = 10;
export const SKIPPED = 11;
export const SKIPPED_HOURS = 12;

export const MAX_CODES = 65535;
const NL = 10;
const CR = 13;
const QUOTE = 34;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/**
 * Start of the codes of each length (1–4 digits) in a digit-code table: "7" → 7, "07" → 17, "771" →
 * 881.
 */
const DIGIT_OFFSET = [0, 0, 10, 110, 1110];

/**
 * The columns as runs: a run of kept week columns with consecutive matrix
 * weeks (KIND_WEEK), a run of weeks before the window read for censor codes
 * (SKIPPED_EARLY_WEEK), a run of other weeks outside the window (SKIPPED),
 * or a single other column. `segEnd` is the column after the run; `segSlot` the matrix
 * week of a week run's first column.
 */
interface Segments {
  segKind: Int32Array;
  segEnd: Int32Array;
  segSlot: Int32Array;
}

export function segmentsOf(plan: ScanPlan): Segments {
  const kind: number[] = [];
  const end: number[] = [];
  const slot: number[] = [];
  const { colKind, colSlot } = plan;
  for (let c = 0; c < colKind.length; c++) {
    const k = colKind[c];
    const g = kind.length - 1;
    const extends_ =
      g >= 0 &&
      end[g] === c &&
      kind[g] === k &&
      (k === SKIPPED ||
        k === SKIPPED_EARLY_WEEK ||
        (k === KIND_WEEK && colSlot[c] === colSlot[c - 1] + 1));
    if (extends_) {
      end[g] = c + 1;
    } else {
      kind.push(k);
      end.push(c + 1);
      slot.push(colSlot[c]);
    }
  }
  return {
    segKind: Int32Array.from(kind),
    segEnd: Int32Array.from(end),
    segSlot: Int32Array.from(slot),
  };
}

/** Reads bytes of the file at a position; resolves with the count read (0 at the end). */
export type ReadAt = (
  buf: Buffer,
  offset: number,
  length: number,
  position: number,
) => number | Promise<number>;

/** Rows of one byte range of the file, parsed into typed arrays. */
export class RowScanner {
  persons = 0;
  /** Lines consumed in this range (blank lines included). */
  lineNo: number;
  codes: Uint16Array;
  capacity: number;
  readonly hours: HoursStore;
  lines: Int32Array;
  censoredBefore: Uint8Array | null;
  readonly ids: string[] = [];
  readonly idLine = new Map<string, number>();
  readonly municipality: PersonColumnBuilder;
  readonly covariates: PersonColumnBuilder[];
  readonly codeDict: TextDictionary;
  /** Cells per code id (fixed size: never reallocated). */
  readonly codeCounts = new Float64Array(MAX_CODES + 1);
  /** Code ids below this came from the seed dictionary. */
  readonly seedCodes: number;
  /** First row (of this range) holding a code id ≥ seedCodes; −1 when none. */
  firstNewCodeRow = -1;

  private readonly decode: Decoder;
  private readonly checker: ByteChecker;
  private readonly censorText: Set<string>;
  private readonly censorById = new Uint8Array(MAX_CODES + 1);
  private readonly shortCodeIds = new Map<number, number>(); // packed ≤4-byte code → id
  /**
   * Code id by the value of a 1–4 digit code (offset by its length, see DIGIT_OFFSET); −1 = not yet
   * seen.
   */
  private readonly digitIds = new Int32Array(DIGIT_OFFSET[4] + 10000).fill(-1);
  private readonly segments: Segments;
  private readonly levelCache: Map<number, number>[];
  /**
   * Per person column: level by the value of a 1–4 digit field (as digitIds), made on first use.
   */
  private readonly levelDigits: (Int32Array | undefined)[] = [];
  private buf: Buffer;
  private len = 0;
  private pos = 0;
  private fileOffset: number;
  private checkedUpTo = 0;
  private eof = false;
  // Position of the next double quote in buf (len when none); −1 = unknown.
  private quotePos = -1;

  /**
   * @param codes  where row p's codes go (p × weeks); grows into private memory when full.
   * @param hours  where row p's hours go (p × hours columns), or null for a private array.
   * @param firstLine  line number of the range's first line, minus one (the lines before it).
   */
  constructor(
    readonly plan: ScanPlan,
    private readonly readAt: ReadAt,
    private readonly start: number,
    private readonly end: number,
    codes: Uint16Array,
    hours: Uint32Array | null,
    firstLine: number,
    seedDict: string[] | null,
    chunkBytes: number,
  ) {
    this.codes = codes;
    this.capacity = Math.floor(codes.length / Math.max(1, plan.weeks));
    this.hours = new HoursStore(hours ?? this.capacity * plan.nHours);
    this.lines = new Int32Array(this.capacity);
    this.censoredBefore = plan.trackCensor ? new Uint8Array(this.capacity) : null;
    this.municipality = new PersonColumnBuilder(plan.komName, this.capacity);
    this.covariates = plan.covariateNames.map((n) => new PersonColumnBuilder(n, this.capacity));
    this.codeDict = new TextDictionary();
    this.censorText = new Set(plan.censorCodes);
    for (const c of seedDict ?? []) {
      const id = this.codeDict.id(c);
      if (this.censorText.has(c)) this.censorById[id] = 1;
    }
    this.seedCodes = this.codeDict.size;
    this.levelCache = plan.names.map(() => new Map<number, number>());
    this.segments = segmentsOf(plan);
    this.decode = decoderFor(plan.encoding);
    this.checker = new ByteChecker(plan.file, plan.encoding, plan.sep);
    this.buf = Buffer.allocUnsafe(Math.max(1024, chunkBytes));
    this.fileOffset = start;
    this.lineNo = firstLine;
  }

  /** Bytes of the range consumed so far. */
  get bytesDone(): number {
    return this.fileOffset - this.len + this.pos - this.start;
  }

  private async refill(): Promise<void> {
    this.quotePos = -1;
    const { pos } = this;
    if (pos > 0) {
      this.buf.copy(this.buf, 0, pos, this.len);
      this.len -= pos;
      this.checkedUpTo -= pos;
      this.pos = 0;
    }
    if (this.len >= this.buf.length - 1) {
      // The line at pos fills the buffer: grow it, up to the longest line read.
      if (this.buf.length >= MAX_LINE_BYTES)
        throw new InputError(lineTooLong(), { file: this.plan.file, line: this.lineNo + 1 });
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    // One byte stays free behind the data: the row scan writes a sentinel there.
    const want = Math.min(this.buf.length - this.len - 1, this.end - this.fileOffset);
    const n = want > 0 ? await this.readAt(this.buf, this.len, want, this.fileOffset) : 0;
    if (n === 0) {
      this.eof = true;
      this.checker.check(this.buf, this.checkedUpTo, this.len, this.lineNo + 1);
      this.checkedUpTo = this.len;
      return;
    }
    this.len += n;
    this.fileOffset += n;
    // Check the new whole lines (a line end never falls inside a UTF-8 sequence).
    const lastNl = this.buf.lastIndexOf(NL, this.len - 1);
    if (lastNl >= this.checkedUpTo) {
      this.checker.check(this.buf, this.checkedUpTo, lastNl + 1, this.lineNo + 1);
      this.checkedUpTo = lastNl + 1;
    }
  }

  /**
   * End of the next line (index of '\n' or len at the end), refilling as needed; −1 when no more
   * input.
   */
  private async nextLineEnd(): Promise<number> {
    for (;;) {
      const nl = this.buf.indexOf(NL, this.pos);
      if (nl >= 0 && nl < this.len) return nl;
      if (this.eof) return this.pos < this.len ? this.len : -1;
      await this.refill();
    }
  }

  private grow(): void {
    const { plan } = this;
    this.capacity = Math.ceil(this.capacity * 1.5) + 1024;
    const c2 = new Uint16Array(this.capacity * plan.weeks);
    c2.set(this.codes.subarray(0, this.persons * plan.weeks));
    this.codes = c2;
    this.hours.grow(this.capacity * plan.nHours);
    const l2 = new Int32Array(this.capacity);
    l2.set(this.lines);
    this.lines = l2;
    if (this.censoredBefore) {
      const c3 = new Uint8Array(this.capacity);
      c3.set(this.censoredBefore);
      this.censoredBefore = c3;
    }
    this.municipality.grow(this.capacity);
    for (const cv of this.covariates) cv.grow(this.capacity);
  }

  private where(column: number): { file: string; line: number; column: number } {
    return { file: this.plan.file, line: this.lineNo, column };
  }

  private codeIdOf(text: string, column: number): number {
    const id = this.codeDict.id(text);
    if (id > MAX_CODES)
      throw new InputError(`more than ${MAX_CODES} distinct benefit codes`, this.where(column));
    if (this.censorText.has(text)) this.censorById[id] = 1;
    if (id >= this.seedCodes && this.firstNewCodeRow < 0) this.firstNewCodeRow = this.persons;
    return id;
  }

  /** Code id of the field [fs, i) in column col (0-based), through the byte-key map. */
  private codeIdAt(b: Buffer, fs: number, i: number, col: number): number {
    const n = i - fs;
    if (n > 4) return this.codeIdOf(this.decode(b, fs, i), col + 1);
    let key = n * 4294967296;
    for (let j = fs, mul = 1; j < i; j++, mul *= 256) key += b[j] * mul;
    let id = this.shortCodeIds.get(key);
    if (id === undefined) {
      id = this.codeIdOf(this.decode(b, fs, i), col + 1);
      this.shortCodeIds.set(key, id);
    }
    return id;
  }

  private setPersonField(p: number, col: number, text: string, kind: number): void {
    if (kind === KIND_ID) {
      const id = text.trim();
      if (id === '')
        throw new InputError(
          `empty person id in column "${this.plan.idName}"`,
          this.where(col + 1),
        );
      const prev = this.idLine.get(id);
      if (prev !== undefined)
        throw new InputError(
          `duplicate person id "${id}" (first seen on line ${prev})`,
          this.where(col + 1),
        );
      this.idLine.set(id, this.lineNo);
      this.ids.push(id);
    } else if (kind === KIND_MUNICIPALITY) {
      this.municipality.set(p, text.trim());
    } else {
      this.covariates[this.plan.covariateSlot[col]].set(p, text.trim());
    }
  }

  private setHours(p: number, col: number, v: number, k: number, text: () => string): void {
    const { plan } = this;
    const decimalComma = plan.sep === 59;
    if (v < 0) throw hoursError(v, text(), plan.names[col], this.where(col + 1), decimalComma);
    if (
      plan.colKind[col] === KIND_HOURS &&
      !this.hours.set(p * plan.nHours + plan.colSlot[col], v, k)
    ) {
      throw new InputError(
        `hours "${text()}" in column ${plan.names[col]} cannot be held ` +
          `exactly beside the file's other hours (too many digits in all; ` +
          `at most 15)`,
        this.where(col + 1),
      );
    }
  }

  /** Handle one line given as separate field strings (the quoted slow path). */
  private handleSplitLine(fields: string[], p: number): void {
    const { plan } = this;
    const ncols = plan.names.length;
    if (fields.length !== ncols) {
      throw new InputError(
        `row has ${fields.length} fields, the header has ${ncols}`,
        this.where(Math.min(fields.length, ncols) + 1),
      );
    }
    const base = p * plan.weeks;
    const decimalComma = plan.sep === 59;
    for (let col = 0; col < ncols; col++) {
      const kind = plan.colKind[col];
      const text = fields[col];
      if (kind === KIND_WEEK) {
        if (text !== '') {
          const id = this.codeIdOf(text, col + 1);
          this.codes[base + plan.colSlot[col]] = id;
          this.codeCounts[id]++;
        }
      } else if (kind === KIND_HOURS || kind === SKIPPED_HOURS) {
        const v = parseHoursText(text, decimalComma);
        this.setHours(p, col, v, parsedDecimals, () => text);
      } else if (kind === SKIPPED_EARLY_WEEK) {
        if (this.censoredBefore && this.censorText.has(text)) this.censoredBefore[p] = 1;
      } else if (kind === SKIPPED) {
        // outside the window, after it: not needed
      } else {
        this.setPersonField(p, col, text, kind);
      }
    }
  }

  /**
   * Scan the rows of the range (or stop at the first line start at or after `untilBytes` into it).
   */
  async scan(untilBytes = Infinity): Promise<void> {
    const { plan } = this;
    const sepChar = String.fromCharCode(plan.sep);
    for (;;) {
      if (this.bytesDone >= untilBytes) return;
      // The next line end: found in the buffer, or after a refill (the only await).
      let end = this.buf.indexOf(NL, this.pos);
      if (end < 0 || end >= this.len) end = await this.nextLineEnd();
      if (end < 0) break;
      this.lineNo++;
      const b = this.buf;
      let e = end;
      if (e > this.pos && b[e - 1] === CR) e--;
      const s = this.pos;
      this.pos = end + 1;
      if (e === s) continue; // blank line (e.g. the final newline)
      if (this.persons === this.capacity) this.grow();
      const p = this.persons;
      this.lines[p] = this.lineNo;
      if (this.quotePos < s) {
        this.quotePos = b.indexOf(QUOTE, s);
        if (this.quotePos < 0 || this.quotePos >= this.len) this.quotePos = this.len;
      }
      if (this.quotePos < e)
        this.handleSplitLine(
          splitQuotedLine(this.decode(b, s, e), sepChar, { file: plan.file, line: this.lineNo }),
          p,
        );
      else this.scanRow(b, s, e, p);
      this.persons++;
    }
  }

  /**
   * One unquoted row, bytes [s, e) of b, as person p. A plain (not async)
   * method kept small, so V8 optimizes it early and fully.
   */
  private scanRow(b: Buffer, s: number, e: number, p: number): void {
    const { plan } = this;
    const ncols = plan.names.length;
    const sep = plan.sep;
    const censorById = this.censorById;
    const digitIds = this.digitIds;
    const { segKind, segEnd, segSlot } = this.segments;
    const nSegments = segKind.length;
    const decode = this.decode;
    // Fast path: scan bytes, fields end at the separator or the line end.
    // Locals, not fields: V8 keeps them in registers.
    const cd = this.codes;
    const cc = this.codeCounts;
    const base = p * plan.weeks;
    let col = 0;
    let ended = false;
    // A separator written over the line end (restored below) lets the field
    // scan test one condition per byte instead of two (refill keeps a spare byte).
    const saved = b[e];
    b[e] = sep;
    let fs = s;
    // Segment by segment: a run of consecutive kept weeks and a run of weeks
    // outside the window each get a tight loop; other columns one at a time.
    for (let g = 0; g < nSegments && !ended; g++) {
      const kind = segKind[g];
      const last = segEnd[g];
      if (kind === KIND_WEEK || kind === SKIPPED_EARLY_WEEK) {
        // Kept weeks store their codes; weeks before the window only look for censor codes.
        const keep = kind === KIND_WEEK;
        let slot = base + segSlot[g];
        for (;;) {
          let i = fs;
          while (b[i] !== sep) i++;
          const n = i - fs;
          if (n > 0) {
            // Codes of 1–4 digits (nearly all) through a table; others through a map. The person
            // columns below repeat this lookup on purpose: a shared function costs a call per field
            // in the reader's hottest loop.
            let id = -1;
            if (n <= 4) {
              let t = 0;
              for (let j = fs; j < i; j++) {
                const c = b[j] - 48;
                if (c < 0 || c > 9) {
                  t = -1;
                  break;
                }
                t = t * 10 + c;
              }
              if (t >= 0) {
                t += DIGIT_OFFSET[n];
                id = digitIds[t];
                if (id < 0) id = digitIds[t] = this.codeIdOf(decode(b, fs, i), col + 1);
              }
            }
            if (id < 0) id = this.codeIdAt(b, fs, i, col);
            if (keep) {
              cd[slot] = id;
              cc[id]++;
            } else if (censorById[id] === 1) {
              this.censoredBefore![p] = 1;
            }
          }
          col++;
          slot++;
          if (i >= e) {
            ended = true;
            break;
          }
          fs = i + 1;
          if (col === last) break;
        }
        continue;
      }
      if (kind === SKIPPED) {
        // Weeks outside the window that cannot censor: only counted.
        for (;;) {
          let i = fs;
          while (b[i] !== sep) i++;
          col++;
          if (i >= e) {
            ended = true;
            break;
          }
          fs = i + 1;
          if (col === last) break;
        }
        continue;
      }
      let i = fs;
      while (b[i] !== sep) i++;
      this.otherField(b, fs, i, col, kind, p);
      col++;
      if (i >= e) ended = true;
      else fs = i + 1;
    }
    // (An error above leaves the sentinel in place: the buffer is not read again.)
    b[e] = saved;
    if (!ended) {
      throw new InputError(`row has more fields than the header's ${ncols}`, this.where(ncols + 1));
    }
    if (col !== ncols) {
      throw new InputError(`row has ${col} fields, the header has ${ncols}`, this.where(col + 1));
    }
  }

  /** A field [fs, i) of a column that is not in a run: hours, a person value or the id. */
  private otherField(b: Buffer, fs: number, i: number, col: number, kind: number, p: number): void {
    const { plan } = this;
    const decode = this.decode;
    if (kind === KIND_HOURS || kind === SKIPPED_HOURS) {
      if (i > fs) {
        const v = parseHours(b, fs, i, plan.sep === 59);
        if (v !== 0) {
          const k = parsedDecimals;
          const store = this.hours;
          // Common case inline: a kept column, no more decimals than stored, fits 32 bits.
          const x =
            kind === KIND_HOURS && v > 0 && k <= store.decimals
              ? v * POW10[store.decimals - k]
              : -1;
          if (x >= 0 && x <= 4294967295) store.data[p * plan.nHours + plan.colSlot[col]] = x;
          else this.setHours(p, col, v, k, () => decode(b, fs, i));
        }
      }
    } else if (kind !== KIND_ID && i - fs <= 6) {
      const column =
        col === plan.municipalityColumn
          ? this.municipality
          : this.covariates[plan.covariateSlot[col]];
      // Short person values (municipality, age, sex, origin) repeat across
      // millions of rows: look them up by their bytes, not as new strings;
      // 1–4 digits (most of them) through a table.
      const n = i - fs;
      if (n <= 4) {
        let t = 0;
        for (let j = fs; j < i; j++) {
          const c = b[j] - 48;
          if (c < 0 || c > 9) {
            t = -1;
            break;
          }
          t = t * 10 + c;
        }
        if (t >= 0) {
          t += DIGIT_OFFSET[n];
          let table = this.levelDigits[col];
          if (table === undefined)
            table = this.levelDigits[col] = new Int32Array(DIGIT_OFFSET[4] + 10000).fill(-1);
          let level = table[t];
          if (level < 0) level = table[t] = column.dict.id(decode(b, fs, i).trim());
          column.codes[p] = level;
          return;
        }
      }
      let key = n * 281474976710656;
      for (let j = fs, mul = 1; j < i; j++, mul *= 256) key += b[j] * mul;
      const cache = this.levelCache[col];
      let level = cache.get(key);
      if (level === undefined) {
        level = column.dict.id(decode(b, fs, i).trim());
        cache.set(key, level);
      }
      column.codes[p] = level;
    } else {
      this.setPersonField(p, col, decode(b, fs, i), kind);
    }
  }
}

/** The rows of a file, merged from one or two scanners. */
export interface ScannedRows {
  persons: number;
  ids: string[];
  lines: Int32Array;
  codes: Uint16Array;
  codeDict: string[];
  codeCounts: Float64Array;
  hours: Uint32Array | Float64Array;
  hoursDecimals: number;
  censoredBefore: Uint8Array | null;
  municipality: PersonColumn;
  covariates: PersonColumn[];
}

/** A single scanner's rows, trimmed to the persons read. */
export function scannerRows(s: RowScanner): ScannedRows {
  const n = s.persons;
  const weeks = s.plan.weeks;
  return {
    persons: n,
    ids: s.ids,
    lines: s.lines.slice(0, n),
    // subarray, not slice: a copy would double peak memory for the largest array.
    codes: n * weeks === s.codes.length ? s.codes : s.codes.subarray(0, n * weeks),
    codeDict: s.codeDict.levels,
    codeCounts: s.codeCounts,
    hours: s.hours.data,
    hoursDecimals: s.hours.decimals,
    censoredBefore: s.censoredBefore ? s.censoredBefore.slice(0, n) : null,
    municipality: s.municipality.finish(n),
    covariates: s.covariates.map((c) => c.finish(n)),
  };
}

/** Rows to allocate for a number of bytes at an average line length, with slack. */
export function estimateRows(avgLine: number, bytes: number): number {
  return Math.ceil((bytes / avgLine) * 1.05) + 64;
}
