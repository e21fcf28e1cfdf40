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
import { InputError } from '../errors.js';
import { ByteChecker, decoderFor, type Encoding } from './encoding.js';
import type { Extract } from './extract.js';
import { hashFileInBackground } from './hash.js';
import { classifyHeader, type HeaderLayout } from './header.js';
import { lineTooLong, MAX_LINE_BYTES } from './limits.js';
import {
  estimateRows,
  KIND_HOURS,
  type ReadAt,
  RowScanner,
  type ScannedRows,
  type ScanPlan,
  SKIPPED,
  SKIPPED_EARLY_WEEK,
  SKIPPED_HOURS,
  scannerRows,
} from './rows.js';
import { detectSeparator, splitQuotedLine } from './text.js';
import { readRowsInParallel } from './wide-parallel.js';
import { weekWindow, wideExtract } from './window.js';

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
  /**
   * With keepWeeks: codes that censor (death, emigration); a person with one before the window is
   * flagged.
   */
  censorCodes?: string[];
  /** Text encoding of the file (default UTF-8, which must then be valid). */
  encoding?: Encoding;
  /**
   * Threads to parse on (default: 2 for files of 16 MB and more on a machine with two cores, else
   * 1).
   */
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
        `is ${what}, not a regular file; effekt reads its input twice ` +
          `(to hash it and to read it), so save the data to a file first`,
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
        if (head.length >= MAX_LINE_BYTES) throw new InputError(lineTooLong(), { file, line: 1 });
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
        `the file starts with a UTF-8 byte-order mark, but data.encoding ` +
          `is "${encoding}"; it is probably UTF-8 (the default): remove ` +
          `data.encoding`,
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

    const win = weekWindow(layout, opts, { file, line: 1 });
    const plan = scanPlan(layout, {
      file,
      encoding,
      sep,
      idName,
      komName,
      lo: win.lo,
      hi: win.hi,
      keptHours: win.keptHours,
      censorCodes: win.censorCodes,
      trackCensor: win.trackCensor,
    });

    const sha256 = hashFileInBackground(file);
    // A rejected hash is reported at the end; keep it from being "unhandled" if parsing fails
    // first.
    sha256.catch(() => undefined);
    const avgLine = averageLineLength(head, bodyStart, headLen);
    const rows = await readRows(plan, handle, size, bodyStart, avgLine, chunkBytes, opts);

    if (rows.persons === 0)
      throw new InputError('the file has a header but no rows', { file, line: 2 });
    return wideExtract({ file, sha256: await sha256, bytes: size, komName }, layout, win, {
      ...rows,
      municipality: layout.municipalityColumn >= 0 ? rows.municipality : null,
    });
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

/**
 * A header whose id column holds what looks like an id value is data, not a
 * header (the user forgot the header row). Week columns are required, so a
 * data row as header is already caught unless names happen to match.
 */
function checkLooksLikeHeader(names: string[], file: string): void {
  const dataLike = names.filter((n) => /^\s*(\d+([.,]\d+)?)?\s*$/.test(n)).length;
  if (dataLike > names.length / 2) {
    throw new InputError(
      'the first line looks like data, not a header row (a header names the ' +
        'columns, e.g. pnr,kom,y_1701,…)',
      { file, line: 1 },
    );
  }
}
