/**
 * Reader for wide DREAM-style extracts: one row per person, one `y_YYWW`
 * column per ISO week, optional hours columns and person columns.
 *
 * The wide matrix is regular, so instead of a general CSV parser the rows
 * are scanned byte by byte (rows.ts; see README "Speed and memory" for the
 * measurements behind that choice), on two threads for large files
 * (wide-parallel.ts). This file reads the header and plans the columns.
 */
import { type FileHandle, open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dayNumber, formatSerial, isoWeekday, monthOfSerial } from '../calendar/isoweek.js';
import { InputError } from '../errors.js';
import { ByteChecker, decoderFor, type Encoding } from './encoding.js';
import type { Extract, PersonColumn } from './extract.js';
import { hashFileInBackground } from './hash.js';
import { classifyHeader, type HeaderLayout } from './header.js';
import {
  KIND_HOURS,
  type ReadAt,
  RowScanner,
  type ScanPlan,
  SKIPPED,
  SKIPPED_EARLY_WEEK,
  SKIPPED_HOURS,
} from './rows.js';
import { detectSeparator, splitQuotedLine } from './text.js';
import { readRowsInParallel } from './wide-parallel.js';

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
  /** Text encoding of the file (default UTF-8, which must then be valid). */
  encoding?: Encoding;
  /** Threads to parse on (default: 2 for files of 16 MB and more on a machine with two cores, else 1). */
  threads?: 1 | 2;
  /** Told how many threads parsed the rows (2 only when the two-thread read succeeded). */
  onThreads?: (threads: number) => void;
}

const NL = 10;

/**
 * Open a file for reading, turning OS errors into InputErrors. Only regular
 * files are read: a named pipe, a device (/dev/zero) or a socket is refused
 * up front, because the reader reads the file twice (to hash it and to
 * parse it) and sizes its arrays from the file's length, and because opening
 * a pipe without a writer would wait for ever.
 */
export async function openInput(file: string) {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError('is a directory, not a CSV file', { file });
    if (!info.isFile()) {
      const what = info.isFIFO()
        ? 'a pipe'
        : info.isCharacterDevice() || info.isBlockDevice()
          ? 'a device'
          : info.isSocket()
            ? 'a socket'
            : 'not a regular file';
      throw new InputError(
        `is ${what}, not a regular file; effekt reads its input twice (to hash it and to read it), so save the data to a file first`,
        { file },
      );
    }
    const handle = await open(file, 'r');
    return { handle, size: info.size };
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot open (${code ?? String(err)})`;
    throw new InputError(why, { file });
  }
}

/** Files at least this large are read on two threads (when the machine has two cores). */
export const PARALLEL_MIN_BYTES = 16 << 20;

/** Read a wide extract into typed arrays. */
export async function readWide(file: string, opts: ReadOptions = {}): Promise<Extract> {
  const idName = opts.id ?? 'pnr';
  const komName = opts.municipality ?? 'kom';
  const encoding = opts.encoding ?? 'utf-8';
  const chunkBytes = Math.max(1024, opts.chunkBytes ?? 8 * 1024 * 1024);
  const { handle, size } = await openInput(file);
  try {
    if (size === 0) throw new InputError('the file is empty (expected a header row)', { file });
    // ---- header: read until the first line end
    let head = Buffer.allocUnsafe(Math.min(size, Math.max(chunkBytes, 1 << 16)));
    let headLen = 0;
    let headerEnd = -1;
    for (;;) {
      if (headLen === head.length) {
        const bigger = Buffer.allocUnsafe(head.length * 2);
        head.copy(bigger, 0, 0, headLen);
        head = bigger;
      }
      const { bytesRead } = await handle.read(head, headLen, head.length - headLen, headLen);
      headLen += bytesRead;
      headerEnd = head.subarray(0, headLen).indexOf(NL);
      if (headerEnd >= 0 || bytesRead === 0) break;
    }
    const lineEnd = headerEnd >= 0 ? headerEnd : headLen;
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    if (bom && encoding !== 'utf-8') {
      throw new InputError(
        `the file starts with a UTF-8 byte-order mark, but data.encoding is "${encoding}"; it is probably UTF-8 (the default): remove data.encoding`,
        { file, line: 1 },
      );
    }
    const sepChar = detectSeparator(head.toString('latin1', bom, lineEnd));
    const sep = (sepChar ?? ',').charCodeAt(0);
    new ByteChecker(file, encoding, sep).check(head, 0, lineEnd, 1);
    let headerText = decoderFor(encoding)(head, bom, lineEnd);
    if (headerText.endsWith('\r')) headerText = headerText.slice(0, -1);
    if (sepChar === null)
      throw new InputError('not a CSV file: the first line has no "," or ";" separator', {
        file,
        line: 1,
      });
    const names = splitQuotedLine(headerText, sepChar, { file, line: 1 });
    checkLooksLikeHeader(names, file);
    const layout = classifyHeader(names, {
      file,
      id: idName,
      municipality: komName,
      requireMunicipality: opts.requireMunicipality ?? false,
    });
    const bodyStart = lineEnd + 1;

    const full = weekRange(layout);
    const keep = opts.keepWeeks;
    const lo = keep ? Math.max(full.lo, keep.from) : full.lo;
    const hi = keep ? Math.min(full.hi, keep.to) : full.hi;
    if (hi < lo)
      throw new InputError(
        `the extract's weeks (${formatSerial(full.lo)} to ${formatSerial(full.hi)}) do not overlap the weeks needed (${formatSerial(keep!.from)} to ${formatSerial(keep!.to)})`,
        { file, line: 1 },
      );
    const keptHours = layout.hoursColumns.filter(
      (c) => layout.hoursKind !== 'weekly' || (layout.weekOf[c] >= lo && layout.weekOf[c] <= hi),
    );
    const grid = weekGrid(layout, lo, hi, keptHours);
    const plan = scanPlan(layout, {
      file,
      encoding,
      sep,
      idName,
      komName,
      lo,
      hi,
      keptHours,
      censorCodes: opts.censorCodes ?? [],
      trackCensor: keep !== undefined && (opts.censorCodes ?? []).length > 0 && full.lo < lo,
    });

    const sha256 = hashFileInBackground(file);
    // A rejected hash is reported at the end; keep it from being "unhandled" if parsing fails first.
    sha256.catch(() => undefined);
    const avgLine = averageLineLength(head, bodyStart, headLen);
    const rows = await readRows(plan, handle, size, bodyStart, avgLine, chunkBytes, opts);

    const { persons, weeks, nHours } = {
      persons: rows.persons,
      weeks: plan.weeks,
      nHours: plan.nHours,
    };
    if (persons === 0) throw new InputError('the file has a header but no rows', { file, line: 2 });
    const codeCounts = rows.codeCounts.slice(0, rows.codeDict.length);
    let filled = 0;
    for (let i = 1; i < codeCounts.length; i++) filled += codeCounts[i];
    codeCounts[0] = persons * weeks - filled;

    return {
      file,
      format: 'wide',
      sha256: await sha256,
      bytes: size,
      persons,
      ids: rows.ids,
      lines: rows.lines,
      municipality:
        layout.municipalityColumn >= 0
          ? rows.municipality
          : { name: komName, levels: [''], codes: new Uint32Array(persons) },
      covariates: rows.covariates,
      firstWeek: grid.firstWeek,
      weeks,
      weekPresent: grid.weekPresent,
      codeDict: rows.codeDict,
      codes: rows.codes,
      hoursKind: layout.hoursKind,
      hoursLabels: keptHours.map((c) => layout.names[c]),
      hours:
        rows.hours.length === persons * nHours
          ? rows.hours
          : rows.hours.subarray(0, persons * nHours),
      hoursDecimals: rows.hoursDecimals,
      weekToHours: grid.weekToHours,
      weeksPerHoursColumn: Float64Array.from(keptHours, (c) =>
        layout.hoursKind === 'monthly' ? thursdaysIn(layout.monthOf[c]) : 1,
      ),
      fileWeeks: { first: full.lo, last: full.hi },
      censoredBeforeFirstWeek: rows.censoredBefore,
      codeCounts,
    };
  } finally {
    await handle.close();
  }
}

/** The column plan for the row scanners: which columns are kept, where each goes. */
function scanPlan(
  layout: HeaderLayout,
  o: {
    file: string;
    encoding: Encoding;
    sep: number;
    idName: string;
    komName: string;
    lo: number;
    hi: number;
    keptHours: number[];
    censorCodes: string[];
    trackCensor: boolean;
  },
): ScanPlan {
  const ncols = layout.names.length;
  // Target slot for each column: matrix week (codes) or hours column; columns
  // outside the window become SKIPPED_* and are only checked.
  const colKind = Int32Array.from(layout.kinds);
  const colSlot = new Int32Array(ncols).fill(-1);
  for (const c of layout.weekColumns) {
    const w = layout.weekOf[c];
    if (w >= o.lo && w <= o.hi) colSlot[c] = w - o.lo;
    else colKind[c] = SKIPPED;
  }
  for (const c of layout.hoursColumns) colKind[c] = SKIPPED_HOURS;
  o.keptHours.forEach((c, h) => {
    colKind[c] = KIND_HOURS;
    colSlot[c] = h;
  });
  // Weeks before the window are only looked at for censor codes, and only when that matters.
  if (o.trackCensor)
    for (const c of layout.weekColumns)
      if (layout.weekOf[c] < o.lo) colKind[c] = SKIPPED_EARLY_WEEK;
  const covariateSlot = new Int32Array(ncols).fill(-1);
  layout.covariateColumns.forEach((c, k) => {
    covariateSlot[c] = k;
  });
  return {
    file: o.file,
    encoding: o.encoding,
    sep: o.sep,
    names: layout.names,
    colKind,
    colSlot,
    covariateSlot,
    idName: o.idName,
    komName: o.komName,
    municipalityColumn: layout.municipalityColumn,
    covariateNames: layout.covariateColumns.map((c) => layout.names[c]),
    weeks: o.hi - o.lo + 1,
    nHours: o.keptHours.length,
    censorCodes: o.censorCodes,
    trackCensor: o.trackCensor,
  };
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

/** Rows of the body on one thread, or on two when the file is large. */
async function readRows(
  plan: ScanPlan,
  handle: FileHandle,
  size: number,
  bodyStart: number,
  avgLine: number,
  chunkBytes: number,
  opts: ReadOptions,
): Promise<ScannedRows> {
  const threads =
    opts.threads ?? (size - bodyStart >= PARALLEL_MIN_BYTES && availableParallelism() >= 2 ? 2 : 1);
  const readAt: ReadAt = async (buf, offset, length, position) => {
    const { bytesRead } = await handle.read(buf, offset, length, position);
    opts.onProgress?.(position + bytesRead, size);
    return bytesRead;
  };
  if (threads >= 2) {
    const rows = await readRowsInParallel(
      plan,
      handle,
      size,
      bodyStart,
      avgLine,
      chunkBytes,
      opts.onProgress,
    );
    if (rows !== null) {
      opts.onThreads?.(2);
      return rows;
    }
    // An error (or a duplicate id across the halves): the one-thread reader names it exactly.
  }
  const capacity = estimateRows(avgLine, size - bodyStart);
  const scanner = new RowScanner(
    plan,
    readAt,
    bodyStart,
    size,
    new Uint16Array(capacity * plan.weeks),
    null,
    1,
    null,
    chunkBytes,
  );
  await scanner.scan();
  opts.onThreads?.(1);
  return scannerRows(scanner);
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

/** Average length of the whole lines in buf[from, to). */
function averageLineLength(buf: Buffer, from: number, to: number): number {
  let newlines = 0;
  let last = from;
  for (let i = buf.indexOf(NL, from); i >= 0 && i < to; i = buf.indexOf(NL, i + 1)) {
    newlines++;
    last = i + 1;
  }
  return newlines === 0 ? Math.max(1, to - from) : (last - from) / newlines;
}

/** Rows to allocate for a number of bytes at an average line length, with slack. */
export function estimateRows(avgLine: number, bytes: number): number {
  return Math.ceil((bytes / avgLine) * 1.05) + 64;
}

/**
 * A header whose id column holds what looks like an id value is data, not a
 * header (the user forgot the header row). Week columns are required, so a
 * data row as header is already caught unless names happen to match.
 */
function checkLooksLikeHeader(names: string[], file: string): void {
  const dataLike = names.filter((n) => /^\s*(\d+([.,]\d+)?)?\s*$/.test(n)).length;
  if (dataLike > names.length / 2) {
    throw new InputError(
      'the first line looks like data, not a header row (a header names the columns, e.g. pnr,kom,y_1701,…)',
      { file, line: 1 },
    );
  }
}
