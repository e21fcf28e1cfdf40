/**
 * Reader for wide DREAM-style extracts: one row per person, one `y_YYWW`
 * column per ISO week, optional hours columns and person columns.
 *
 * The wide matrix is regular, so instead of a general CSV parser this scans
 * the byte buffer directly (see README "Reading speed" for the measurements
 * behind that choice). It reads the file in large chunks, never holds more
 * than one chunk of text, and writes straight into typed arrays. Lines with
 * a double quote take a slower, RFC 4180-aware path.
 */
import { open, stat } from 'node:fs/promises';
import { dayNumber, formatSerial, isoWeekday, monthOfSerial } from '../calendar/isoweek.js';
import { InputError } from './errors.js';
import type { Extract } from './extract.js';
import { PersonColumnBuilder, TextDictionary } from './dictionary.js';
import { classifyHeader, ColumnKind, type HeaderLayout } from './header.js';
import { detectSeparator, splitQuotedLine } from './text.js';
import { hashFileInBackground } from './hash.js';

export interface ReadOptions {
  /** Person id column (default "pnr"). */
  id?: string;
  /** Municipality column (default "kom"). */
  municipality?: string;
  /** Fail when the municipality column is missing (run needs it; inspect does not). */
  requireMunicipality?: boolean;
  /** Called after each chunk with bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Chunk size in bytes (tests use small chunks to exercise line carry-over). */
  chunkBytes?: number;
  /**
   * Keep only these weeks (week serials, inclusive) in the matrix. A run needs
   * the cohorts' weeks, not a register's 1,500: columns outside are still read
   * and checked, but not stored. Weekly hours columns follow the window;
   * monthly ones are all kept (they are few).
   */
  keepWeeks?: { from: number; to: number };
  /** With keepWeeks: codes that censor (death, emigration); a person with one before the window is flagged. */
  censorCodes?: string[];
}

/** Column kinds beyond ColumnKind for columns outside the week window. */
const SKIPPED_EARLY_WEEK = 10;
const SKIPPED = 11;
const SKIPPED_HOURS = 12;

const NL = 10;
const CR = 13;
const QUOTE = 34;
const MAX_CODES = 65535;

/** Open a file for reading, turning OS errors into InputErrors. */
export async function openInput(file: string) {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError('is a directory, not a CSV file', { file });
    const handle = await open(file, 'r');
    return { handle, size: info.size };
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot open (${code ?? String(err)})`;
    throw new InputError(why, { file });
  }
}

/** Read a wide extract into typed arrays. */
export async function readWide(file: string, opts: ReadOptions = {}): Promise<Extract> {
  const idName = opts.id ?? 'pnr';
  const komName = opts.municipality ?? 'kom';
  const { handle, size } = await openInput(file);
  const sha256 = hashFileInBackground(file);
  // A rejected hash is reported at the end; keep it from being "unhandled" if parsing fails first.
  sha256.catch(() => undefined);
  try {
    let buf = Buffer.allocUnsafe(Math.max(1024, opts.chunkBytes ?? 8 * 1024 * 1024));
    let len = 0; // valid bytes in buf
    let pos = 0; // next unconsumed byte
    let fileOffset = 0;
    let eof = false;
    let lineNo = 0;
    // Position of the next double quote in buf (len when none); −1 = unknown.
    // Kept across lines so the quote check costs one search per chunk, not per line.
    let quotePos = -1;

    /** Fill the buffer after moving the unconsumed tail to its start. */
    const refill = async (): Promise<void> => {
      quotePos = -1;
      if (pos > 0) {
        buf.copy(buf, 0, pos, len);
        len -= pos;
        pos = 0;
      }
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, len, buf.length - len, fileOffset);
      if (bytesRead === 0) {
        eof = true;
      } else {
        len += bytesRead;
        fileOffset += bytesRead;
        opts.onProgress?.(fileOffset, size);
      }
    };

    /** End of the next line (index of '\n' or len at EOF), refilling as needed; −1 when no more input. */
    const nextLineEnd = async (): Promise<number> => {
      for (;;) {
        const nl = buf.indexOf(NL, pos);
        if (nl >= 0 && nl < len) return nl;
        if (eof) return pos < len ? len : -1;
        await refill();
      }
    };

    // ---- header
    await refill();
    if (len === 0) throw new InputError('the file is empty (expected a header row)', { file });
    const nul = buf.subarray(0, Math.min(len, 65536)).indexOf(0);
    if (nul >= 0) throw new InputError(`not a text CSV file (binary data at byte ${nul})`, { file });
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3; // UTF-8 byte-order mark
    const headerEnd = await nextLineEnd();
    let headerText = buf.toString('utf8', pos, headerEnd);
    if (headerText.endsWith('\r')) headerText = headerText.slice(0, -1);
    lineNo = 1;
    pos = headerEnd + 1;
    const sepChar = detectSeparator(headerText);
    if (sepChar === null) throw new InputError('not a CSV file: the first line has no "," or ";" separator', { file, line: 1 });
    const sep = sepChar.charCodeAt(0);
    const names = splitQuotedLine(headerText, sepChar, { file, line: 1 });
    checkLooksLikeHeader(names, file);
    const layout = classifyHeader(names, { file, id: idName, municipality: komName, requireMunicipality: opts.requireMunicipality ?? false });

    const full = weekRange(layout);
    const keep = opts.keepWeeks;
    const lo = keep ? Math.max(full.lo, keep.from) : full.lo;
    const hi = keep ? Math.min(full.hi, keep.to) : full.hi;
    if (hi < lo) throw new InputError(`the extract's weeks (${formatSerial(full.lo)} to ${formatSerial(full.hi)}) do not overlap the weeks needed (${formatSerial(keep!.from)} to ${formatSerial(keep!.to)})`, { file, line: 1 });
    const keptHours = layout.hoursColumns.filter((c) => layout.hoursKind !== 'weekly' || (layout.weekOf[c] >= lo && layout.weekOf[c] <= hi));
    const grid = weekGrid(layout, lo, hi, keptHours);
    const ncols = names.length;
    const nHours = keptHours.length;
    const weeks = grid.weeks;

    // Target slot for each column: matrix week (codes) or hours column; columns
    // outside the window become SkippedWeek / Skipped and are only checked.
    const colKind = Int32Array.from(layout.kinds);
    const colSlot = new Int32Array(ncols).fill(-1);
    for (const c of layout.weekColumns) {
      const w = layout.weekOf[c];
      if (w >= lo && w <= hi) colSlot[c] = w - lo;
      else colKind[c] = SKIPPED;
    }
    for (const c of layout.hoursColumns) colKind[c] = SKIPPED_HOURS;
    keptHours.forEach((c, h) => {
      colKind[c] = ColumnKind.Hours;
      colSlot[c] = h;
    });
    const censorText = new Set(opts.censorCodes ?? []);
    const trackCensor = keep !== undefined && censorText.size > 0 && full.lo < lo;
    let censoredBefore = trackCensor ? new Uint8Array(0) : null;
    // Weeks before the window are only looked at for censor codes, and only when that matters.
    if (trackCensor) for (const c of layout.weekColumns) if (layout.weekOf[c] < lo) colKind[c] = SKIPPED_EARLY_WEEK;
    const censorById = new Uint8Array(MAX_CODES + 1);
    const covariateSlot = new Int32Array(ncols).fill(-1);
    layout.covariateColumns.forEach((c, k) => (covariateSlot[c] = k));

    // ---- capacity from the first chunk's average line length
    let capacity = estimateRows(buf, pos, len, size - pos);
    let codes = new Uint16Array(capacity * weeks);
    let hours = new Float32Array(capacity * nHours);
    let lines = new Int32Array(capacity);
    if (censoredBefore) censoredBefore = new Uint8Array(capacity);
    const ids: string[] = [];
    const idLine = new Map<string, number>();
    const municipality = new PersonColumnBuilder(komName, capacity);
    const covariates = layout.covariateColumns.map((c) => new PersonColumnBuilder(layout.names[c], capacity));
    const codeDict = new TextDictionary();
    const shortCodeIds = new Map<number, number>(); // packed ≤4-byte code → id
    // Fixed size (512 kB): never reallocated, so the hot loop can hold it in a local.
    let codeCounts = new Float64Array(MAX_CODES + 1);
    const decimalComma = sepChar === ';';

    const grow = (): void => {
      capacity = Math.ceil(capacity * 1.5) + 1024;
      const c2 = new Uint16Array(capacity * weeks);
      c2.set(codes);
      codes = c2;
      const h2 = new Float32Array(capacity * nHours);
      h2.set(hours);
      hours = h2;
      const l2 = new Int32Array(capacity);
      l2.set(lines);
      lines = l2;
      if (censoredBefore) {
        const c2 = new Uint8Array(capacity);
        c2.set(censoredBefore);
        censoredBefore = c2;
      }
      municipality.grow(capacity);
      for (const cv of covariates) cv.grow(capacity);
    };

    const codeIdOf = (text: string, column: number): number => {
      const id = codeDict.id(text);
      if (id > MAX_CODES) throw new InputError(`more than ${MAX_CODES} distinct benefit codes`, { file, line: lineNo, column });
      if (censorText.has(text)) censorById[id] = 1;
      return id;
    };

    const levelCache = layout.names.map(() => new Map<number, number>());
    const columnOf = (col: number): PersonColumnBuilder => (col === layout.municipalityColumn ? municipality : covariates[covariateSlot[col]]);

    const setPersonField = (p: number, col: number, text: string, kind: number): void => {
      if (kind === ColumnKind.Id) {
        const id = text.trim();
        if (id === '') throw new InputError(`empty person id in column "${idName}"`, { file, line: lineNo, column: col + 1 });
        const prev = idLine.get(id);
        if (prev !== undefined) throw new InputError(`duplicate person id "${id}" (first seen on line ${prev})`, { file, line: lineNo, column: col + 1 });
        idLine.set(id, lineNo);
        ids.push(id);
      } else if (kind === ColumnKind.Municipality) {
        municipality.set(p, text.trim());
      } else {
        covariates[covariateSlot[col]].set(p, text.trim());
      }
    };

    const hoursError = (text: string, col: number): InputError => {
      const negative = /^\s*-/.test(text) && Number.isFinite(Number(text.replace(',', '.')));
      return new InputError(
        `${negative ? 'negative' : 'non-numeric'} hours "${text}" in column ${layout.names[col]} (expected a non-negative number; empty = 0)`,
        { file, line: lineNo, column: col + 1 },
      );
    };

    /** Handle one line given as separate field strings (the quoted slow path). */
    const handleSplitLine = (fields: string[], p: number): void => {
      if (fields.length !== ncols) {
        throw new InputError(`row has ${fields.length} fields, the header has ${ncols}`, { file, line: lineNo, column: Math.min(fields.length, ncols) + 1 });
      }
      const base = p * weeks;
      for (let col = 0; col < ncols; col++) {
        const kind = colKind[col];
        const text = fields[col];
        if (kind === ColumnKind.Week) {
          if (text !== '') {
            const id = codeIdOf(text, col + 1);
            codes[base + colSlot[col]] = id;
            codeCounts[id]++;
          }
        } else if (kind === ColumnKind.Hours || kind === SKIPPED_HOURS) {
          const t = text.trim();
          const v = t === '' ? 0 : Number(decimalComma ? t.replace(',', '.') : t);
          if (!Number.isFinite(v) || v < 0) throw hoursError(text, col);
          if (kind === ColumnKind.Hours) hours[p * nHours + colSlot[col]] = v;
        } else if (kind === SKIPPED_EARLY_WEEK) {
          if (censoredBefore && censorText.has(text)) censoredBefore[p] = 1;
        } else if (kind === SKIPPED) {
          // outside the window, after it: not needed
        } else {
          setPersonField(p, col, text, kind);
        }
      }
    };

    // ---- rows
    let persons = 0;
    for (;;) {
      const end = await nextLineEnd();
      if (end < 0) break;
      lineNo++;
      let e = end;
      if (e > pos && buf[e - 1] === CR) e--;
      const s = pos;
      pos = end + 1;
      if (e === s) continue; // blank line (e.g. the final newline)
      if (persons === capacity) grow();
      const p = persons;
      lines[p] = lineNo;
      if (quotePos < s) {
        quotePos = buf.indexOf(QUOTE, s);
        if (quotePos < 0 || quotePos >= len) quotePos = len;
      }
      if (quotePos < e) {
        handleSplitLine(splitQuotedLine(buf.toString('utf8', s, e), sepChar, { file, line: lineNo }), p);
        persons++;
        continue;
      }
      // Fast path: scan bytes, fields end at the separator or the line end.
      // Locals, not the closure's captured variables: V8 keeps them in registers.
      const b = buf;
      const cd = codes;
      const hs = hours;
      const cc = codeCounts;
      const base = p * weeks;
      const hbase = p * nHours;
      let col = 0;
      let lastKey = -1;
      let lastId = 0;
      // A separator written over the line end (restored below) lets the field
      // scan test one condition per byte instead of two.
      const sentinel = e < b.length;
      const saved = sentinel ? b[e] : 0;
      if (sentinel) b[e] = sep;
      // Field by field: find the field's end, then act on its kind. Most week
      // fields are empty or a three-byte code, so both get a short path.
      for (let fs = s; ; ) {
        let i = fs;
        if (sentinel) while (b[i] !== sep) i++;
        else while (i < e && b[i] !== sep) i++;
        if (col >= ncols) {
          throw new InputError(`row has more fields than the header's ${ncols}`, { file, line: lineNo, column: col + 1 });
        }
        const kind = colKind[col];
        if (kind === ColumnKind.Week || kind === SKIPPED_EARLY_WEEK) {
          const n = i - fs;
          if (n > 0) {
            let id: number;
            if (n <= 4) {
              let key = n * 4294967296;
              for (let j = fs, mul = 1; j < i; j++, mul *= 256) key += b[j] * mul;
              if (key === lastKey) {
                id = lastId;
              } else {
                const known = shortCodeIds.get(key);
                if (known === undefined) {
                  id = codeIdOf(b.toString('utf8', fs, i), col + 1);
                  shortCodeIds.set(key, id);
                } else {
                  id = known;
                }
                lastKey = key;
                lastId = id;
              }
            } else {
              id = codeIdOf(b.toString('utf8', fs, i), col + 1);
            }
            if (kind === ColumnKind.Week) {
              cd[base + colSlot[col]] = id;
              cc[id]++;
            } else if (censorById[id] === 1) {
              censoredBefore![p] = 1;
            }
          }
        } else if (kind === ColumnKind.Hours || kind === SKIPPED_HOURS) {
          if (i > fs) {
            const v = parseNonNegative(b, fs, i, decimalComma);
            if (v < 0) throw hoursError(b.toString('utf8', fs, i), col);
            if (kind === ColumnKind.Hours) hs[hbase + colSlot[col]] = v;
          }
        } else if (kind === SKIPPED) {
          // a week outside the window that cannot censor: not needed
        } else if (kind !== ColumnKind.Id && i - fs <= 6) {
          // Short person values (municipality, age, sex, origin) repeat across
          // millions of rows: look them up by their bytes, not as new strings.
          let key = (i - fs) * 281474976710656;
          for (let j = fs, mul = 1; j < i; j++, mul *= 256) key += b[j] * mul;
          const cache = levelCache[col];
          let level = cache.get(key);
          if (level === undefined) {
            level = columnOf(col).dict.id(b.toString('utf8', fs, i).trim());
            cache.set(key, level);
          }
          columnOf(col).codes[p] = level;
        } else {
          setPersonField(p, col, b.toString('utf8', fs, i), kind);
        }
        col++;
        if (i >= e) break;
        fs = i + 1;
      }
      if (sentinel) b[e] = saved;
      if (col !== ncols) {
        throw new InputError(`row has ${col} fields, the header has ${ncols}`, { file, line: lineNo, column: col + 1 });
      }
      persons++;
    }

    if (persons === 0) throw new InputError('the file has a header but no rows', { file, line: 2 });
    codeCounts = codeCounts.slice(0, codeDict.size);
    let filled = 0;
    for (let i = 1; i < codeCounts.length; i++) filled += codeCounts[i];
    codeCounts[0] = persons * weeks - filled;

    return {
      file,
      format: 'wide',
      sha256: await sha256,
      bytes: size,
      persons,
      ids,
      lines: lines.slice(0, persons),
      municipality: layout.municipalityColumn >= 0 ? municipality.finish(persons) : { name: komName, levels: [''], codes: new Uint32Array(persons) },
      covariates: covariates.map((c) => c.finish(persons)),
      firstWeek: grid.firstWeek,
      weeks,
      weekPresent: grid.weekPresent,
      codeDict: codeDict.levels,
      // subarray, not slice: a copy would double peak memory for the largest array.
      codes: persons * weeks === codes.length ? codes : codes.subarray(0, persons * weeks),
      hoursKind: layout.hoursKind,
      hoursLabels: keptHours.map((c) => layout.names[c]),
      hours: persons * nHours === hours.length ? hours : hours.subarray(0, persons * nHours),
      weekToHours: grid.weekToHours,
      weeksPerHoursColumn: Float64Array.from(keptHours, (c) => (layout.hoursKind === 'monthly' ? thursdaysIn(layout.monthOf[c]) : 1)),
      fileWeeks: { first: full.lo, last: full.hi },
      censoredBeforeFirstWeek: censoredBefore ? censoredBefore.slice(0, persons) : null,
      codeCounts,
    };
  } finally {
    await handle.close();
  }
}

/**
 * Parse a non-negative decimal number from bytes; −1 when the text is not
 * one (the caller reports it). Handles the plain forms registers hold
 * ("12", "8.5", "8,5" with ";" files); anything fancier goes to Number().
 */
function parseNonNegative(buf: Buffer, s: number, e: number, decimalComma: boolean): number {
  let v = 0;
  let i = s;
  let digits = 0;
  for (; i < e; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    digits++;
  }
  if (i < e && (buf[i] === 46 || (decimalComma && buf[i] === 44))) {
    let scale = 1;
    for (i++; i < e; i++) {
      const c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      scale *= 10;
      digits++;
    }
    v /= scale;
  }
  if (i === e && digits > 0) return v;
  // Uncommon spellings: " 12", "1e2", "+3".
  let text = buf.toString('utf8', s, e).trim();
  if (decimalComma) text = text.replace(',', '.');
  if (text === '') return 0;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : -1;
}

/** The week range spanned by week and weekly-hours columns. */
function weekRange(layout: HeaderLayout): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  const cols = layout.hoursKind === 'weekly' ? [...layout.weekColumns, ...layout.hoursColumns] : layout.weekColumns;
  for (const c of cols) {
    lo = Math.min(lo, layout.weekOf[c]);
    hi = Math.max(hi, layout.weekOf[c]);
  }
  return { lo, hi };
}

/** The matrix weeks lo..hi: which have a column, and the hours column of each. */
function weekGrid(layout: HeaderLayout, lo: number, hi: number, hoursColumns: number[]): { firstWeek: number; weeks: number; weekPresent: Uint8Array; weekToHours: Int32Array } {
  const weeks = hi - lo + 1;
  const weekPresent = new Uint8Array(weeks);
  for (const c of layout.weekColumns) {
    const w = layout.weekOf[c];
    if (w >= lo && w <= hi) weekPresent[w - lo] = 1;
  }
  const weekToHours = new Int32Array(weeks).fill(-1);
  if (layout.hoursKind === 'weekly') {
    hoursColumns.forEach((c, h) => (weekToHours[layout.weekOf[c] - lo] = h));
  } else if (layout.hoursKind === 'monthly') {
    const byMonth = new Map<number, number>();
    hoursColumns.forEach((c, h) => byMonth.set(layout.monthOf[c], h));
    for (let j = 0; j < weeks; j++) {
      const m = monthOfSerial(lo + j);
      weekToHours[j] = byMonth.get(m.year * 12 + (m.month - 1)) ?? -1;
    }
  }
  return { firstWeek: lo, weeks, weekPresent, weekToHours };
}

/** Thursdays in a month given as year·12 + (month − 1): the weeks DREAM assigns to it. */
function thursdaysIn(monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const first = dayNumber(year, month, 1);
  const next = month === 12 ? dayNumber(year + 1, 1, 1) : dayNumber(year, month + 1, 1);
  let n = 0;
  for (let d = first; d < next; d++) if (isoWeekday(d) === 4) n++;
  return n;
}

/** Rows to allocate for: the rest of the file over the average line length seen so far, with slack. */
function estimateRows(buf: Buffer, from: number, to: number, remainingBytes: number): number {
  let newlines = 0;
  for (let i = buf.indexOf(NL, from); i >= 0 && i < to; i = buf.indexOf(NL, i + 1)) newlines++;
  if (newlines === 0) return 1024;
  const avg = (to - from) / newlines;
  return Math.ceil((remainingBytes / avg) * 1.05) + 64;
}

/**
 * A header whose id column holds what looks like an id value is data, not a
 * header (the user forgot the header row). Week columns are required, so a
 * data row as header is already caught unless names happen to match.
 */
function checkLooksLikeHeader(names: string[], file: string): void {
  const dataLike = names.filter((n) => /^\s*(\d+([.,]\d+)?)?\s*$/.test(n)).length;
  if (dataLike > names.length / 2) {
    throw new InputError('the first line looks like data, not a header row (a header names the columns, e.g. pnr,kom,y_1701,…)', { file, line: 1 });
  }
}
