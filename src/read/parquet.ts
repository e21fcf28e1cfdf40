/**
 * Reader for Parquet extracts, wide and long, into the same Extract the CSV
 * readers produce. The common layout (flat text and double columns,
 * dictionary or plain pages) is decoded by parquetFlat.ts, our own decoder,
 * which hands a week column over as references into its dictionary so each
 * code is looked up once per column chunk, not once per cell; anything else
 * (other types or encodings) is decoded by hyparquet (pure JavaScript, no
 * dependencies), with hyparquet-compressors for zstd, brotli and lz4 (polars
 * writes zstd by default, R arrow snappy). Both routes see the same checks
 * (checkFooter, checkPages, limits.ts) first.
 *
 * Columnar: a file is read one row group at a time (the decoded columns of
 * one group are used and dropped before the next), and each column of a
 * group is handled in one pass — a week column's strings become code ids
 * through the code dictionary, hours columns become exact scaled integers
 * (hours.ts), person columns dictionary levels. The header rules are the
 * CSV ones (header.ts), the week window and censor codes the same options.
 *
 * A Parquet file has no lines: messages name the row (1-based, counting
 * data rows only, so row 1 is the first person) and the column, and
 * Extract.lines holds these row numbers.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { AsyncBuffer, Compressors, FileMetaData, SchemaElement, SchemaTree } from 'hyparquet';
// hyparquet's modules are loaded one by one: its index loads all of them (its parquetRead, for
// columns parquetFlat.ts does not read, is loaded when one is met).
import { parquetHeader } from 'hyparquet/src/column.js';
import { parquetMetadataAsync, parquetSchema } from 'hyparquet/src/metadata.js';
import { snappyUncompress } from 'hyparquet/src/snappy.js';
import { serialOfLabel } from '../calendar/isoweek.js';
import { InputError } from '../errors.js';
import { PersonColumnBuilder, TextDictionary } from './dictionary.js';
import type { Extract } from './extract.js';
import { hashFileInBackground } from './hash.js';
import { ColumnKind, classifyHeader, type HeaderLayout } from './header.js';
import {
  HOURS_NEGATIVE,
  HOURS_NOT_DECIMAL,
  HOURS_TOO_LONG,
  HoursStore,
  hoursError,
  MAX_HOURS_DIGITS,
  parsedDecimals,
  parseHoursText,
} from './hours.js';
import {
  bytesInWords,
  MAX_LONG_ROWS,
  MAX_MATRIX_CELLS,
  MAX_PAGE_BYTES,
  MAX_PERSONS,
} from './limits.js';
import {
  isLongHeader,
  type LongReadOptions,
  longExtract,
  RowBuffer,
  readPersonsFile,
} from './long.js';
import {
  decodeFlat,
  type FlatColumn,
  firstRows,
  flatDecodable,
  flatRefs,
  flatValues,
  OutsideDictionary,
  type PageRef,
  tallyEntries,
  writeCodes,
} from './parquetFlat.js';
import { MAX_CODES } from './rows.js';
import { openInput } from './wide.js';
import { weekWindow, wideExtract } from './window.js';

export { isParquetHead } from './parquetHead.js';

/** What a Parquet column's values are, as far as the reader cares. */
export type ValueKind = 'text' | 'integer' | 'float32' | 'double' | 'other';

/** The kind of a (flat) column's values from its schema element. */
export function valueKind(e: SchemaElement): ValueKind {
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (
    logical === 'DATE' ||
    logical === 'TIME' ||
    logical === 'TIMESTAMP' ||
    converted === 'DATE' ||
    converted?.startsWith('TIME')
  )
    return 'other';
  switch (e.type) {
    case 'BYTE_ARRAY':
      return converted === 'DECIMAL' || logical === 'DECIMAL'
        ? 'double'
        : converted === undefined ||
            converted === 'UTF8' ||
            converted === 'ENUM' ||
            logical === 'STRING' ||
            logical === 'ENUM'
          ? 'text'
          : 'other';
    case 'INT32':
    case 'INT64':
      return converted === 'DECIMAL' || logical === 'DECIMAL' ? 'double' : 'integer';
    case 'FLOAT':
      return 'float32';
    case 'DOUBLE':
      return 'double';
    case 'FIXED_LEN_BYTE_ARRAY':
      return converted === 'DECIMAL' || logical === 'DECIMAL' ? 'double' : 'other';
    default:
      return 'other';
  }
}

/** A column's type as a user would name it ("int32", "double", "string", "timestamp"). */
export function typeName(e: SchemaElement): string {
  const logical = e.logical_type?.type;
  if (logical) return logical.toLowerCase();
  if (e.converted_type)
    return e.converted_type === 'UTF8' ? 'string' : e.converted_type.toLowerCase();
  return (e.type ?? 'group').toLowerCase();
}

/**
 * The file as hyparquet's AsyncBuffer: byte ranges read on demand, never the whole file at once.
 */
function fileSource(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const buf = new Uint8Array(Math.max(0, end - start));
      let done = 0;
      while (done < buf.length) {
        const { bytesRead } = await handle.read(buf, done, buf.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.buffer;
    },
  };
}

/** hyparquet's message for a file it cannot decode, as an InputError naming the file. */
function corrupt(file: string, err: unknown): InputError {
  const why = err instanceof Error ? err.message : String(err);
  return new InputError(
    `cannot read this Parquet file (${why.replace(/^parquet /, '')}); ` +
      `it may be truncated or damaged — write it again`,
    { file },
  );
}

/** An error at a row of the file; `column` orders errors of one row as the CSV reader would. */
class RowProblem {
  constructor(
    readonly row: number,
    readonly column: number,
    readonly message: string,
  ) {}
}

/** The top-level columns of a file, refusing nested ones (lists, structs, maps). */
function flatColumns(
  metadata: FileMetaData,
  file: string,
): { names: string[]; elements: SchemaElement[] } {
  let tree: SchemaTree;
  try {
    tree = parquetSchema(metadata);
  } catch (err) {
    throw corrupt(file, err);
  }
  for (const c of tree.children) {
    if (c.children.length > 0 || c.element.repetition_type === 'REPEATED') {
      throw new InputError(
        `column "${c.element.name}" is nested (a list, struct or map); ` +
          `an extract has one value per cell: flatten it first`,
        { file },
      );
    }
  }
  const names = tree.children.map((c) => c.element.name);
  // The schema's children must be the columns every row group holds, in order (a wrong num_children
  // shifts them).
  if (tree.children.length + 1 !== metadata.schema.length)
    throw corrupt(
      file,
      new Error(
        `its schema lists ${metadata.schema.length - 1} columns but its ` +
          `tree holds ${tree.children.length}`,
      ),
    );
  metadata.row_groups.forEach((g, i) => {
    const got = g.columns.map((c) => c.meta_data?.path_in_schema?.[0]);
    if (got.length !== names.length || got.some((n, c) => n !== names[c]))
      throw corrupt(
        file,
        new Error(`row group ${i + 1} holds other columns than the schema names`),
      );
  });
  return { names, elements: tree.children.map((c) => c.element) };
}

/**
 * A count from the footer (int64 arrives as bigint) as a number, or an error naming what it counts.
 */
function footerCount(v: unknown, what: string, file: string): number {
  const n =
    typeof v === 'bigint'
      ? v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v)
        : -1
      : Number(v);
  if (!Number.isSafeInteger(n) || n < 0)
    throw corrupt(file, new Error(`the footer says ${what} is ${String(v)}`));
  return n;
}

/**
 * The footer's counts, checked before anything is sized from them: every
 * count a non-negative integer, the row groups' rows adding up to the file's,
 * every column chunk inside the file and holding one value per row. (The
 * pages themselves are checked against these counts as they are read:
 * checkPages.)
 */
function checkFooter(metadata: FileMetaData, file: string, size: number): number {
  const rows = footerCount(metadata.num_rows, 'the number of rows', file);
  let sum = 0;
  metadata.row_groups.forEach((g, i) => {
    const r = footerCount(g.num_rows, `the number of rows of row group ${i + 1}`, file);
    sum += r;
    for (const c of g.columns) {
      const m = c.meta_data;
      if (!m) throw corrupt(file, new Error(`row group ${i + 1} has a column without metadata`));
      const name = m.path_in_schema?.[0];
      const values = footerCount(m.num_values, `the number of values of column "${name}"`, file);
      const start = footerCount(
        m.dictionary_page_offset || m.data_page_offset,
        `the offset of column "${name}"`,
        file,
      );
      const length = footerCount(m.total_compressed_size, `the size of column "${name}"`, file);
      if (start + length > size)
        throw corrupt(
          file,
          new Error(`column "${name}" of row group ${i + 1} runs past the end of the file`),
        );
      if (values !== r)
        throw corrupt(
          file,
          new Error(
            `row group ${i + 1} says ${r} rows but its column "${name}" says ${values} values`,
          ),
        );
    }
  });
  if (sum !== rows)
    throw corrupt(file, new Error(`the footer says ${rows} rows but its row groups hold ${sum}`));
  return rows;
}

/**
 * Walk the page headers of one column chunk before hyparquet decodes it:
 * every page inside the chunk, no page or dictionary larger than
 * MAX_PAGE_BYTES once decompressed (refused before anything is allocated for
 * it), an uncompressed page as long as it says, a dictionary no longer than
 * the chunk's values, and the data pages holding exactly the row group's
 * rows (a footer that under- or over-states them is caught here, not read as
 * fewer or more persons).
 */
function checkPages(
  bytes: Uint8Array,
  codec: string,
  rows: number,
  name: string,
  group: number,
  file: string,
): PageRef[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = { view, offset: 0 };
  const pages: PageRef[] = [];
  let values = 0;
  const where = `column "${name}" of row group ${group + 1}`;
  while (reader.offset < bytes.byteLength) {
    let h: ReturnType<typeof parquetHeader>;
    try {
      h = parquetHeader(reader);
    } catch (err) {
      throw corrupt(file, err);
    }
    const packed = Number(h.compressed_page_size);
    const unpacked = Number(h.uncompressed_page_size);
    if (!Number.isSafeInteger(packed) || packed < 0 || reader.offset + packed > bytes.byteLength)
      throw corrupt(file, new Error(`a page of ${where} runs past the column`));
    if (!Number.isSafeInteger(unpacked) || unpacked < 0)
      throw corrupt(file, new Error(`a page of ${where} claims ${unpacked} bytes`));
    if (unpacked > MAX_PAGE_BYTES)
      throw new InputError(
        `a page of ${where} claims ${unpacked} bytes once decompressed, ` +
          `more than the ${bytesInWords(MAX_PAGE_BYTES)} a page may hold; ` +
          `the file is damaged or was written with unusually large pages ` +
          `(write it again with the default page size)`,
        { file },
      );
    if (codec === 'UNCOMPRESSED' && h.type !== 'DATA_PAGE_V2' && unpacked !== packed)
      throw corrupt(file, new Error(`an uncompressed page of ${where} claims two sizes`));
    if (h.type === 'DICTIONARY_PAGE') {
      const n = Number(h.dictionary_page_header?.num_values);
      if (!Number.isSafeInteger(n) || n < 0 || n > Math.max(rows, 1))
        throw corrupt(file, new Error(`the dictionary of ${where} claims ${n} entries`));
    } else if (h.type === 'DATA_PAGE' || h.type === 'DATA_PAGE_V2') {
      const n = Number(
        h.type === 'DATA_PAGE' ? h.data_page_header?.num_values : h.data_page_header_v2?.num_rows,
      );
      if (!Number.isSafeInteger(n) || n < 0)
        throw corrupt(file, new Error(`a page of ${where} claims ${n} values`));
      values += n;
    }
    pages.push({ header: h, start: reader.offset, end: reader.offset + packed });
    reader.offset += packed;
  }
  if (values !== rows)
    throw new InputError(
      `row group ${group + 1} says it holds ${rows} rows, but the pages ` +
        `of its column "${name}" hold ${values}; the file is damaged ` +
        `(its footer does not match its data) — write it again`,
      { file },
    );
  return pages;
}

/** A page decompressor: the bytes, and the length its page header claims. */
type Inflate = (input: Uint8Array, length: number) => Uint8Array;

/**
 * The decompressors a file needs (the codecs its footer names), each checked
 * to give exactly the bytes its page header claims: gzip through Node's zlib
 * with that many bytes at most, so a page that inflates to more (a gzip
 * bomb) is refused instead of cut off; snappy (the most common codec)
 * through hyparquet's own decoder; brotli, zstd and lz4 through
 * hyparquet-compressors, loaded only for a file that uses them (loading it
 * costs about 40 ms of CPU, a tenth of reading a 100,000-person extract).
 */
async function compressorsFor(metadata: FileMetaData): Promise<Compressors> {
  const codecs = new Set(
    metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)),
  );
  const own: Record<string, Inflate> = {
    SNAPPY: (input, length) => {
      const out = new Uint8Array(length);
      snappyUncompress(input, out);
      return out;
    },
    GZIP: (input, length) =>
      new Uint8Array(gunzipSync(input, { maxOutputLength: Math.max(1, length) })),
  };
  const others = [...codecs].some((c) => c !== undefined && c !== 'UNCOMPRESSED' && !(c in own))
    ? ((await import('hyparquet-compressors')).compressors as Record<string, Inflate>)
    : {};
  return Object.fromEntries(
    Object.entries({ ...others, ...own }).map(([codec, inflate]) => [
      codec,
      (input: Uint8Array, length: number) => {
        let out: Uint8Array;
        try {
          out = inflate(input, length);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          throw new Error(
            code === 'ERR_BUFFER_TOO_LARGE'
              ? `a ${codec} page inflates to more than the ${length} bytes its header claims`
              : `a ${codec} page does not inflate to the ${length} bytes its ` +
                  `header claims (${err instanceof Error ? err.message : String(err)})`,
          );
        }
        if (out.length !== length)
          throw new Error(
            `a ${codec} page inflates to ${out.length} bytes, its header claims ${length}`,
          );
        return out;
      },
    ]),
  );
}

/**
 * Columns decoded at once: a row group's columns are decoded in batches of this many, so memory
 * holds one batch's values.
 */
const COLUMN_BATCH = 32;

/**
 * Column chunks decoded by each route since the process started: tests check
 * that a file took the route they mean to exercise (both give the same values).
 */
export const parquetRoutes = { own: 0, hyparquet: 0 };

/** One column of a row group: decoded by parquetFlat.ts, or hyparquet's values. */
type Column = FlatColumn | ArrayLike<unknown>;

function isFlat(c: Column): c is FlatColumn {
  return (c as FlatColumn).values instanceof Int32Array;
}

/** A column's values as hyparquet gives them (null for a missing one). */
function valuesOf(c: Column): ArrayLike<unknown> {
  return isFlat(c) ? flatValues(c) : c;
}

/**
 * Decode the given columns of each row group in turn, a batch of columns at
 * a time, and hand them to `use` (row group start, rows, column name →
 * values); `done` is called after each row group. A column whose chunk
 * parquetFlat.ts can read (`flat` names the columns it may try, with their
 * schema elements) is decoded there, the rest by hyparquet. Errors inside
 * either become InputErrors naming the file (a damaged file is bad input,
 * never a crash).
 */
async function forEachRowGroup(
  src: AsyncBuffer,
  metadata: FileMetaData,
  file: string,
  columns: string[],
  use: (rowStart: number, rows: number, data: Map<string, Column>) => void,
  onProgress?: (done: number, total: number) => void,
  done?: () => void,
  batch = columns.length,
  flat: Map<string, SchemaElement> = new Map(),
): Promise<void> {
  let rowStart = 0;
  let bytesDone = 0;
  const pool: Int32Array[] = [];
  const compressors = await compressorsFor(metadata);
  for (const [g, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows);
    const chunkOf = new Map(
      group.columns.map((c) => [c.meta_data!.path_in_schema[0], c.meta_data!]),
    );
    for (let b = 0; b < columns.length; b += batch) {
      const names = columns.slice(b, b + batch);
      const ours = new Map<string, FlatColumn>();
      // The batch's chunks in one read when they lie together (they do unless the week window
      // skips many columns between them).
      const ranges = names.map((name) => {
        const m = chunkOf.get(name)!;
        const start = Number(m.dictionary_page_offset || m.data_page_offset);
        return { m, start, end: start + Number(m.total_compressed_size) };
      });
      const lo = Math.min(...ranges.map((r) => r.start));
      const hi = Math.max(...ranges.map((r) => r.end));
      const span = ranges.reduce((n, r) => n + (r.end - r.start), 0);
      const together =
        hi - lo <= 2 * span + 2 ** 20 ? new Uint8Array(await src.slice(lo, hi)) : null;
      for (const [c, name] of names.entries()) {
        const { m, start, end } = ranges[c];
        const bytes = together
          ? together.subarray(start - lo, end - lo)
          : new Uint8Array(await src.slice(start, end));
        const pages = checkPages(bytes, m.codec, rows, name, g, file);
        const e = flat.get(name);
        if (e && flatDecodable(e, pages)) {
          const spare = pool.pop();
          const values = spare && spare.length >= rows + 8 ? spare : new Int32Array(rows + 8);
          try {
            ours.set(name, decodeFlat(bytes, pages, e, m.codec, compressors, rows, values));
            parquetRoutes.own++;
          } catch (err) {
            if (err instanceof OutsideDictionary)
              throw outsideDictionary(rowStart + err.row, name, file);
            throw corrupt(file, err);
          }
        }
      }
      const theirs = names.filter((n) => !ours.has(n));
      parquetRoutes.hyparquet += theirs.length;
      const parts = new Map<string, { start: number; data: ArrayLike<unknown> }[]>();
      if (theirs.length > 0) {
        try {
          const { parquetRead } = await import('hyparquet/src/read.js');
          await parquetRead({
            file: src,
            metadata,
            compressors,
            columns: theirs,
            rowStart,
            rowEnd: rowStart + rows,
            onChunk: (c) => {
              // (Called outside the returned promise: must not throw.)
              let list = parts.get(c.columnName);
              if (!list) {
                list = [];
                parts.set(c.columnName, list);
              }
              list.push({ start: c.rowStart, data: c.columnData as ArrayLike<unknown> });
            },
          });
        } catch (err) {
          throw corrupt(file, err);
        }
      }
      const data = new Map<string, Column>();
      for (const name of names)
        data.set(
          name,
          ours.get(name) ?? joinParts(parts.get(name) ?? [], rowStart, rows, name, file),
        );
      use(rowStart, rows, data);
      // (`use` keeps no reference to a decoded column: their buffers serve the next batch.)
      for (const col of ours.values()) pool.push(col.values);
    }
    done?.();
    rowStart += rows;
    bytesDone += Number(group.total_compressed_size ?? group.total_byte_size);
    onProgress?.(Math.min(bytesDone, src.byteLength), src.byteLength);
  }
}

/** A dictionary index past the dictionary, at a row (0-based in the file). */
function outsideDictionary(row: number, name: string, file: string): InputError {
  return new InputError(
    `row ${row + 1}: column "${name}" refers to an entry ` +
      `its dictionary does not have; the file is damaged — write it ` +
      `again`,
    { file },
  );
}

/** One column of a row group from the pieces hyparquet delivered. */
function joinParts(
  list: { start: number; data: ArrayLike<unknown> }[],
  rowStart: number,
  rows: number,
  name: string,
  file: string,
): ArrayLike<unknown> {
  const got = list.reduce((n, p) => n + p.data.length, 0);
  if (got !== rows)
    throw corrupt(
      file,
      new Error(`column "${name}" has ${got} values in a row group of ${rows} rows`),
    );
  const out: ArrayLike<unknown> = list.length === 1 ? list[0].data : new Array(rows);
  if (list.length > 1)
    for (const p of list)
      for (let i = 0; i < p.data.length; i++)
        (out as unknown[])[p.start - rowStart + i] = p.data[i];
  // A missing value is null; undefined is a dictionary index outside the dictionary (or too few
  // values).
  if (Array.isArray(out))
    for (let i = 0; i < out.length; i++)
      if (out[i] === undefined) throw outsideDictionary(rowStart + i, name, file);
  return out;
}

/**
 * Text columns are UTF-8 in Parquet; bytes that are not (a Latin-1 export
 * stored as bytes) decode to U+FFFD, which would merge "Ærø" and "Årø":
 * refused, as the CSV reader refuses invalid UTF-8.
 */
function checkText(text: string, row: number, column: number, name: string): void {
  if (text.includes('\uFFFD')) {
    throw new RowProblem(
      row,
      column,
      `column "${name}" holds "${text}", whose bytes are not valid ` +
        `UTF-8 (Parquet text is UTF-8; write the file again from text ` +
        `decoded with its real encoding, e.g. Latin-1)`,
    );
  }
}

/** A person value (id, municipality, covariate) as the text a CSV would hold; null is empty. */
function personText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return (typeof v === 'string' ? v : String(v)).trim();
}

/** Shortest decimal that reads back as the same float32 (7.4f is 7.4, not 7.400000095367432). */
function float32Text(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const t = v.toPrecision(p);
    if (Math.fround(Number(t)) === v) return String(Number(t));
  }
  return String(v);
}

/**
 * Hours from a Parquet value: null = 0; numbers as the decimal they print
 * as (the shortest round-trip form, so 7.4 is 74 tenths exactly); text as in
 * CSV. Returns the digits (decimal point dropped) and sets `hoursDecimals`,
 * or a negative HOURS_* code, or HOURS_NOT_FINITE.
 */
export function hoursOfValue(v: unknown, kind: ValueKind): number {
  lastDecimals = 0;
  if (v === null || v === undefined) return 0;
  if (typeof v === 'string') {
    const d = parseHoursText(v, false);
    lastDecimals = parsedDecimals;
    return d;
  }
  if (typeof v === 'bigint') {
    if (v < 0n) return HOURS_NEGATIVE;
    return v >= 10n ** BigInt(MAX_HOURS_DIGITS) ? HOURS_TOO_LONG : Number(v);
  }
  if (typeof v !== 'number') return HOURS_NOT_DECIMAL;
  if (!Number.isFinite(v)) return HOURS_NOT_FINITE;
  if (v < 0) return HOURS_NEGATIVE;
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(
    kind === 'float32' ? float32Text(v) : String(v),
  );
  if (!m) return HOURS_NOT_DECIMAL;
  let digits = m[1] + (m[2] ?? '');
  let decimals = (m[2] ?? '').length - Number(m[3] ?? 0);
  if (decimals < 0) {
    digits += '0'.repeat(-decimals);
    decimals = 0;
  }
  digits = digits.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_HOURS_DIGITS) return HOURS_TOO_LONG;
  lastDecimals = decimals;
  return Number(digits);
}

export const HOURS_NOT_FINITE = -4;
/** Decimals of the last value converted by hoursOfValue. */
let lastDecimals = 0;

/** The message for an hours value that cannot be used. */
function hoursProblem(code: number, v: unknown, column: string): string {
  const text = typeof v === 'string' ? v : String(v);
  if (code === HOURS_NOT_FINITE)
    return (
      `hours ${text} in column ${column} are not a finite number (expected ` +
      `a non-negative decimal number)`
    );
  return hoursError(code, text, column, { file: '', line: 0, column: 0 }, false).message;
}

/** Read a Parquet extract (wide or long, from its columns). */
export async function readParquet(file: string, opts: LongReadOptions = {}): Promise<Extract> {
  const { handle, size } = await openInput(file);
  try {
    const src = fileSource(handle, size);
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(src);
    } catch (err) {
      throw corrupt(file, err);
    }
    const rows = checkFooter(metadata, file, size);
    const { names, elements } = flatColumns(metadata, file);
    if (isLongHeader(names)) {
      if (rows > MAX_LONG_ROWS)
        throw new InputError(
          `the file claims ${rows} rows, more than the ${MAX_LONG_ROWS} a long extract may hold`,
          { file },
        );
      return await readLongParquet(file, src, metadata, names, elements, opts);
    }
    return await readWideParquet(file, size, src, metadata, names, elements, rows, opts);
  } finally {
    await handle.close();
  }
}

/**
 * The header rules of header.ts, with messages that do not point at a line 1 a Parquet file does
 * not have.
 */
function layoutOf(names: string[], file: string, opts: LongReadOptions): HeaderLayout {
  try {
    return classifyHeader(names, {
      file,
      id: opts.id ?? 'pnr',
      municipality: opts.municipality ?? 'kom',
      requireMunicipality: opts.requireMunicipality ?? false,
    });
  } catch (err) {
    if (err instanceof InputError)
      throw new InputError(err.message.replace(/ in the header\b/g, " among the file's columns"), {
        file,
      });
    throw err;
  }
}

/** The wide layout's columns, checked for the value types each kind needs. */
function checkWideTypes(
  layout: HeaderLayout,
  elements: SchemaElement[],
  file: string,
): ValueKind[] {
  return elements.map((e, c) => {
    const kind = valueKind(e);
    const name = layout.names[c];
    const k = layout.kinds[c];
    if (k === ColumnKind.Week && kind !== 'text') {
      throw new InputError(
        `column "${name}" holds ${typeName(e)} values; benefit codes ` +
          `must be text: cast the column to string (polars: pl.col(...).cast(pl.Utf8); ` +
          `R: as.character)`,
        { file },
      );
    }
    if (k === ColumnKind.Hours && kind === 'other') {
      throw new InputError(
        `column "${name}" holds ${typeName(e)} values; hours must be ` +
          `numbers (integer, float, double or decimal)`,
        { file },
      );
    }
    if (
      (k === ColumnKind.Id || k === ColumnKind.Municipality || k === ColumnKind.Covariate) &&
      kind === 'other' &&
      e.type !== 'BOOLEAN'
    ) {
      throw new InputError(
        `column "${name}" holds ${typeName(e)} values; person columns must be text or numbers`,
        { file },
      );
    }
    return kind;
  });
}

async function readWideParquet(
  file: string,
  size: number,
  src: AsyncBuffer,
  metadata: FileMetaData,
  names: string[],
  elements: SchemaElement[],
  persons: number,
  opts: LongReadOptions,
): Promise<Extract> {
  const komName = opts.municipality ?? 'kom';
  const idName = opts.id ?? 'pnr';
  const layout = layoutOf(names, file, opts);
  const kinds = checkWideTypes(layout, elements, file);
  if (persons === 0) throw new InputError('the file has columns but no rows', { file });
  if (persons > MAX_PERSONS)
    throw new InputError(
      `the file claims ${persons} rows (persons), more than the ${MAX_PERSONS} ` +
        `a wide extract may hold`,
      { file },
    );
  const win = weekWindow(layout, opts, { file });
  const { lo, hi, weeks, keptHours, trackCensor } = win;
  const hoursSlot = new Map(keptHours.map((c, h) => [c, h]));
  const nHours = keptHours.length;
  const censorCodes = new Set(win.censorCodes);
  if (persons * weeks > MAX_MATRIX_CELLS)
    throw new InputError(
      `${persons} persons × ${weeks} weeks is more than the ${MAX_MATRIX_CELLS} ` +
        `person-weeks effekt holds in memory; read fewer weeks (the spec's ` +
        `windows) or split the extract`,
      { file },
    );

  // Columns to decode: person columns, week columns of the window (and before it when they can
  // censor), all hours columns (checked as CSV checks them).
  const wanted = layout.names.map((_, c) => {
    const k = layout.kinds[c];
    if (k !== ColumnKind.Week) return true;
    const w = layout.weekOf[c];
    return (w >= lo && w <= hi) || (trackCensor && w < lo);
  });
  const read = names.filter((_, c) => wanted[c]);

  const sha256 = hashFileInBackground(file);
  sha256.catch(() => undefined);
  const codes = new Uint16Array(persons * weeks);
  const codeDict = new TextDictionary();
  const codeCounts = new Float64Array(MAX_CODES + 1);
  const hours = new HoursStore(persons * nHours);
  const censoredBefore = trackCensor ? new Uint8Array(persons) : null;
  const ids: string[] = new Array(persons);
  const idRow = new Map<string, number>();
  const municipality = new PersonColumnBuilder(komName, persons);
  const covariates = layout.covariateColumns.map(
    (c) => new PersonColumnBuilder(layout.names[c], persons),
  );
  const covariateOf = new Map(layout.covariateColumns.map((c, k) => [c, covariates[k]]));

  /** Code id of a week value (null and '' are no benefit). */
  const codeId = (v: unknown, row: number, col: number): number => {
    if (v === null || v === undefined || v === '') return 0;
    const known = codeDict.size;
    const id = codeDict.id(v as string);
    if (id >= known) checkText(v as string, row, col, names[col]);
    if (id > MAX_CODES)
      throw new RowProblem(
        row,
        col,
        `more than ${MAX_CODES} distinct benefit codes (column ${names[col]})`,
      );
    return id;
  };

  // Week columns decoded by parquetFlat.ts go straight to code ids; every other column is handed
  // over as values.
  const flatHandlers: ((col: FlatColumn, start: number, n: number) => void)[] = [];
  /** Hours values already converted (hoursOfValue), with the column kind they were read as. */
  const hoursSeen = new Map<unknown, { kind: ValueKind; digits: number; decimals: number }>();
  /** A decoded column's entry number for each row (one buffer, reused column after column). */
  let refsBuffer = new Int32Array(0);
  const refsOf = (col: FlatColumn) => {
    if (refsBuffer.length < col.rows) refsBuffer = new Int32Array(col.rows);
    return flatRefs(col, refsBuffer.subarray(0, col.rows));
  };
  /** A batch's week columns with their code id per entry, written by writeWeeks. */
  let pending: { col: FlatColumn; ids: Int32Array; slot: number }[] = [];
  /** The batch's week cells into the matrix, and their counts per code. */
  const writeWeeks = (start: number) => {
    for (const { col, ids, slot } of pending) {
      writeCodes(col, ids, codes, start * weeks + slot, weeks);
      const cells = tallyEntries(col);
      for (let r = 1; r < ids.length; r++) if (ids[r] > 0) codeCounts[ids[r]] += cells[r];
    }
    pending = [];
  };
  const handlers: ((values: ArrayLike<unknown>, start: number, n: number) => void)[] =
    layout.names.map((name, c) => {
      const k = layout.kinds[c];
      if (k === ColumnKind.Id) {
        return (values, start, n) => {
          for (let i = 0; i < n; i++) {
            const row = start + i + 1;
            const id = personText(values[i]);
            if (id === '') throw new RowProblem(row, c, `empty person id in column "${idName}"`);
            checkText(id, row, c, name);
            const prev = idRow.get(id);
            if (prev !== undefined)
              throw new RowProblem(
                row,
                c,
                `duplicate person id "${id}" in column "${idName}" (first seen on row ${prev})`,
              );
            idRow.set(id, row);
            ids[start + i] = id;
          }
        };
      }
      if (k === ColumnKind.Municipality || k === ColumnKind.Covariate) {
        const builder = k === ColumnKind.Municipality ? municipality : covariateOf.get(c)!;
        flatHandlers[c] = (col, start, n) => {
          const { entries } = col;
          const refs = refsOf(col);
          // A level for each distinct entry, found (and checked) at its first row.
          const levelOf = new Int32Array(entries.length).fill(-1);
          for (let i = 0; i < n; i++) {
            const r = refs[i];
            let level = levelOf[r];
            if (level < 0) {
              const known = builder.dict.size;
              level = levelOf[r] = builder.dict.id(personText(entries[r]));
              if (level >= known) checkText(builder.dict.levels[level], start + i + 1, c, name);
            }
            builder.codes[start + i] = level;
          }
        };
        return (values, start, n) => {
          let last: unknown = Symbol('none');
          let level = 0;
          for (let i = 0; i < n; i++) {
            const v = values[i];
            if (v !== last) {
              const known = builder.dict.size;
              level = builder.dict.id(personText(v));
              if (level >= known) checkText(builder.dict.levels[level], start + i + 1, c, name);
              last = v;
            }
            builder.codes[start + i] = level;
          }
        };
      }
      if (k === ColumnKind.Week) {
        const w = layout.weekOf[c];
        if (w < lo) {
          // (Decoded by parquetFlat.ts: each distinct entry is checked once, at its first row.)
          flatHandlers[c] = (col, start, n) => {
            const { entries } = col;
            const refs = refsOf(col);
            const censors = new Int8Array(entries.length).fill(-1);
            for (let i = 0; i < n; i++) {
              const r = refs[i];
              if (r === 0) continue;
              let x = censors[r];
              if (x < 0) {
                const v = entries[r];
                x = censors[r] =
                  codeId(v, start + i + 1, c) !== 0 && censorCodes.has(v as string) ? 1 : 0;
              }
              if (x === 1) censoredBefore![start + i] = 1;
            }
          };
          return (values, start, n) => {
            for (let i = 0; i < n; i++) {
              // Into the code dictionary as the CSV reader does (its codes are the file's), then
              // checked for censoring.
              const v = values[i];
              if (codeId(v, start + i + 1, c) !== 0 && censorCodes.has(v as string))
                censoredBefore![start + i] = 1;
            }
          };
        }
        const slot = w - lo;
        flatHandlers[c] = (col, start) => {
          // Each distinct entry becomes a code id once, at its first row (checked there as the CSV
          // reader checks a new code, in the order the rows meet them); the cells are written by
          // writeWeeks.
          const first = firstRows(col);
          const met = [...first.keys()].filter((e) => first[e] >= 0);
          met.sort((a, b) => first[a] - first[b]);
          const ids = new Int32Array(col.entries.length);
          for (const e of met) ids[e] = codeId(col.entries[e], start + first[e] + 1, c);
          pending.push({ col, ids, slot });
        };
        return (values, start, n) => {
          // One pass over the column; nulls (most cells) cost a test, and repeats of the last code
          // skip the dictionary.
          let last: unknown = null;
          let lastId = 0;
          for (let i = 0; i < n; i++) {
            const v = values[i];
            if (v === null || v === undefined) continue;
            if (v !== last) {
              lastId = codeId(v, start + i + 1, c);
              last = v;
            }
            if (lastId !== 0) {
              codes[(start + i) * weeks + slot] = lastId;
              codeCounts[lastId]++;
            }
          }
        };
      }
      // Hours: every column is checked; kept ones are stored.
      const slot = hoursSlot.get(c) ?? -1;
      const kind = kinds[c];
      const tooMany = (v: unknown) =>
        `hours ${String(v)} in column ${name} cannot be held exactly ` +
        `beside the file's other hours (too many digits in all; at most ` +
        `${MAX_HOURS_DIGITS})`;
      flatHandlers[c] = (col, start, n) => {
        const { entries } = col;
        const refs = refsOf(col);
        // Each distinct value converted once, at its first row.
        const digitsOf = new Float64Array(entries.length).fill(-1);
        const decimalsOf = new Int32Array(entries.length);
        for (let i = 0; i < n; i++) {
          const r = refs[i];
          if (r === 0) continue;
          let digits = digitsOf[r];
          if (digits < 0) {
            const v = entries[r];
            // (The same values recur in every hours column: each converted once per file.)
            let known = hoursSeen.get(v);
            if (known === undefined || known.kind !== kind) {
              const d = v === 0 ? 0 : hoursOfValue(v, kind);
              known = { kind, digits: d, decimals: v === 0 ? 0 : lastDecimals };
              hoursSeen.set(v, known);
            }
            digits = known.digits;
            if (digits < 0) throw new RowProblem(start + i + 1, c, hoursProblem(digits, v, name));
            digitsOf[r] = digits;
            decimalsOf[r] = known.decimals;
          }
          if (
            slot >= 0 &&
            digits !== 0 &&
            !hours.set((start + i) * nHours + slot, digits, decimalsOf[r])
          )
            throw new RowProblem(start + i + 1, c, tooMany(entries[r]));
        }
      };
      return (values, start, n) => {
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v === null || v === undefined || v === 0) continue;
          const digits = hoursOfValue(v, kind);
          if (digits < 0) throw new RowProblem(start + i + 1, c, hoursProblem(digits, v, name));
          if (
            slot >= 0 &&
            digits !== 0 &&
            !hours.set((start + i) * nHours + slot, digits, lastDecimals)
          ) {
            throw new RowProblem(start + i + 1, c, tooMany(v));
          }
        }
      };
    });

  // Column by column; the first problem of a row group in row order (then column order) is
  // reported, as the CSV reader would.
  const columnOf = new Map(names.map((n, c) => [n, c]));
  let first: RowProblem | null = null;
  await forEachRowGroup(
    src,
    metadata,
    file,
    read,
    (start, n, data) => {
      for (const [name, values] of data) {
        const c = columnOf.get(name)!;
        try {
          if (!isFlat(values)) handlers[c](values, start, n);
          else if (flatHandlers[c]) flatHandlers[c](values, start, n);
          else handlers[c](flatValues(values), start, n);
        } catch (err) {
          if (!(err instanceof RowProblem)) throw err;
          if (
            first === null ||
            err.row < first.row ||
            (err.row === first.row && err.column < first.column)
          )
            first = err;
        }
      }
      writeWeeks(start);
    },
    opts.onProgress,
    () => {
      if (first !== null) {
        const p: RowProblem = first;
        throw new InputError(`row ${p.row}: ${p.message}`, { file });
      }
    },
    COLUMN_BATCH,
    new Map(read.map((name) => [name, elements[columnOf.get(name)!]])),
  );

  return wideExtract({ file, sha256: await sha256, bytes: size, komName }, layout, win, {
    persons,
    ids,
    lines: Int32Array.from({ length: persons }, (_, p) => p + 1),
    municipality: layout.municipalityColumn >= 0 ? municipality.finish(persons) : null,
    covariates: covariates.map((b) => b.finish(persons)),
    codeDict: codeDict.levels,
    codes,
    codeCounts,
    hours: hours.data,
    hoursDecimals: hours.decimals,
    censoredBefore,
  });
}

/** A long Parquet extract (pnr, week, code[, hours]), with the person file (CSV) when given. */
async function readLongParquet(
  file: string,
  src: AsyncBuffer,
  metadata: FileMetaData,
  names: string[],
  elements: SchemaElement[],
  opts: LongReadOptions,
): Promise<Extract> {
  const idName = opts.id ?? 'pnr';
  const lower = names.map((n) => n.trim().toLowerCase());
  const idCol = names.indexOf(idName);
  const weekCol = lower.indexOf('week');
  const codeCol = lower.indexOf('code');
  const hoursCol = lower.indexOf('hours');
  if (idCol < 0)
    throw new InputError(
      `no person id column "${idName}" among the file's columns (long ` +
        `format: ${idName},week,code[,hours])`,
      { file },
    );
  const kindOf = (c: number) => valueKind(elements[c]);
  if (kindOf(codeCol) !== 'text')
    throw new InputError(
      `column "${names[codeCol]}" holds ${typeName(elements[codeCol])} ` +
        `values; benefit codes must be text: cast the column to string ` +
        `(polars: pl.col(...).cast(pl.Utf8); R: as.character)`,
      { file },
    );
  if (kindOf(weekCol) !== 'text' && kindOf(weekCol) !== 'integer')
    throw new InputError(
      `column "${names[weekCol]}" holds ${typeName(elements[weekCol])} ` +
        `values; weeks must be text such as 2017-W01 or 1701 (or the ` +
        `integer 1701)`,
      { file },
    );
  if (hoursCol >= 0 && kindOf(hoursCol) === 'other')
    throw new InputError(
      `column "${names[hoursCol]}" holds ${typeName(elements[hoursCol])} ` +
        `values; hours must be numbers (integer, float, double or decimal)`,
      { file },
    );
  if (kindOf(idCol) === 'other')
    throw new InputError(
      `column "${idName}" holds ${typeName(elements[idCol])} values; ` +
        `person ids must be text or integers`,
      { file },
    );

  const hash = createHash('sha256');
  const sha256 = hashFileInBackground(file);
  sha256.catch(() => undefined);
  const {
    persons,
    hasMunicipality,
    sha256: personsHash,
    bytes: personsBytes,
  } = await readPersonsFile(opts);
  if (personsHash !== null) hash.update(personsHash);

  const rows = new RowBuffer();
  const codeDict = new TextDictionary();
  const cols = [
    names[idCol],
    names[weekCol],
    names[codeCol],
    ...(hoursCol >= 0 ? [names[hoursCol]] : []),
  ];
  const hoursKind = hoursCol >= 0 ? kindOf(hoursCol) : 'other';
  await forEachRowGroup(
    src,
    metadata,
    file,
    cols,
    (start, n, data) => {
      const idv = valuesOf(data.get(cols[0])!);
      const weekv = valuesOf(data.get(cols[1])!);
      const codev = valuesOf(data.get(cols[2])!);
      const hoursv = hoursCol >= 0 ? valuesOf(data.get(cols[3])!) : null;
      for (let i = 0; i < n; i++) {
        const row = start + i + 1;
        const at = (msg: string) => new InputError(`row ${row}: ${msg}`, { file });
        const rethrow = (check: () => void) => {
          try {
            check();
          } catch (err) {
            throw err instanceof RowProblem ? at(err.message) : err;
          }
        };
        const id = personText(idv[i]);
        if (id === '') throw at(`empty person id in column "${idName}"`);
        let p = persons.index.get(id);
        if (p === undefined) {
          rethrow(() => checkText(id, row, idCol, idName));
          p = persons.add(id, row);
        }
        const wv = weekv[i];
        let week: number;
        try {
          week = serialOfLabel(
            typeof wv === 'string'
              ? wv
              : wv === null || wv === undefined
                ? ''
                : String(wv).padStart(4, '0'),
          );
        } catch (err) {
          throw at(`${(err as Error).message} in column "${names[weekCol]}"`);
        }
        const known = codeDict.size;
        const code = codeDict.id(personText(codev[i]));
        if (code >= known)
          rethrow(() => checkText(codeDict.levels[code], row, codeCol, names[codeCol]));
        if (code > MAX_CODES) throw at(`more than ${MAX_CODES} distinct benefit codes`);
        let h = 0;
        let k = 0;
        if (hoursv !== null) {
          h = hoursOfValue(hoursv[i], hoursKind);
          k = lastDecimals;
          if (h < 0) throw at(hoursProblem(h, hoursv[i], names[hoursCol]));
        }
        rows.push(p, week, code, h, k, row);
      }
    },
    opts.onProgress,
    undefined,
    cols.length,
    new Map(cols.map((name) => [name, elements[names.indexOf(name)]])),
  );
  hash.update(await sha256);
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
      bytes: personsBytes + src.byteLength,
      unit: 'row',
    },
    opts,
  );
}
