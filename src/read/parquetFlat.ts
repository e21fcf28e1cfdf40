/**
 * A decoder of our own for the common layout of a Parquet column chunk: a
 * flat column (optional or required) of text, doubles or floats, its pages
 * dictionary- or plain-encoded (v1 or v2 data pages), definition levels and
 * dictionary indices in the RLE/bit-packed hybrid. It gives the chunk
 * compactly, as numbers of its distinct entries (the dictionary, then any
 * plain values) and the pages' definition levels, so a week column becomes
 * code ids by looking each entry up once and goes into the code matrix
 * straight from the levels, instead of a JavaScript value per cell
 * (hyparquet's route, about 3× the CSV reader's CPU time). Anything else
 * (nested columns, other encodings or types) is left to hyparquet:
 * flatDecodable says which.
 *
 * Page headers are parsed and checked by the caller (parquet.ts,
 * checkPages: sizes, counts, MAX_PAGE_BYTES) before this runs; decompression
 * is hyparquet's decompressPage with the caller's checked decompressors.
 * Every read in decodeFlat is bounds-checked (flatRefs and writeCodes retrace
 * levels it has walked and checked): a lie in a page is an Error, which the
 * caller turns into "cannot read this Parquet file".
 */
import type { CompressionCodec, Compressors, PageHeader, SchemaElement } from 'hyparquet';
import { decompressPage } from 'hyparquet/src/datapage.js';

/** One page of a chunk: its parsed header and where its bytes lie in the chunk. */
export interface PageRef {
  header: PageHeader;
  start: number;
  end: number;
}

/**
 * One data page of a decoded chunk: rows `row`..`row + n`, whose present
 * values are `values[from..from + present]` of its column, and its definition
 * levels (null when every row has a value).
 */
export interface FlatPage {
  row: number;
  n: number;
  defs: Uint8Array | null;
  from: number;
  present: number;
}

/**
 * A decoded column chunk, kept compact: the values present, in row order, as
 * entry numbers into `entries` (whose entry 0 is null, a missing value), and
 * the pages' definition levels to place them in their rows (flatRefs, or
 * writeCodes for a week column). Entries are the values as hyparquet gives
 * them (text as strings decoded as hyparquet decodes them, numbers as
 * numbers). `values` has room for 8 more past the last (read, never used,
 * by branch-free loops).
 */
export interface FlatColumn {
  rows: number;
  entries: unknown[];
  pages: FlatPage[];
  values: Int32Array;
}

/** Encodings of dictionary indices (PLAIN_DICTIONARY is the old name of RLE_DICTIONARY). */
const DICTIONARY = new Set(['PLAIN_DICTIONARY', 'RLE_DICTIONARY']);

/**
 * Whether decodeFlat reads this chunk: a top-level column that is not
 * repeated, of text (BYTE_ARRAY, plain or annotated as a string or enum),
 * DOUBLE or FLOAT without annotation, all of its pages dictionary or
 * PLAIN-encoded.
 */
export function flatDecodable(e: SchemaElement, pages: PageRef[]): boolean {
  if (e.repetition_type === 'REPEATED' || (e.num_children ?? 0) > 0) return false;
  const ctype = e.converted_type;
  const ltype = e.logical_type?.type;
  const ok =
    e.type === 'BYTE_ARRAY'
      ? (ctype === undefined || ctype === 'UTF8' || ctype === 'ENUM') &&
        (ltype === undefined || ltype === 'STRING' || ltype === 'ENUM')
      : (e.type === 'DOUBLE' || e.type === 'FLOAT') && ctype === undefined && ltype === undefined;
  if (!ok) return false;
  for (const { header: h } of pages) {
    if (h.type === 'DICTIONARY_PAGE') {
      const enc = h.dictionary_page_header?.encoding;
      if (enc !== 'PLAIN' && enc !== 'PLAIN_DICTIONARY') return false;
    } else if (h.type === 'DATA_PAGE' || h.type === 'DATA_PAGE_V2') {
      const d = h.type === 'DATA_PAGE' ? h.data_page_header : h.data_page_header_v2;
      if (!d || (d.encoding !== 'PLAIN' && !DICTIONARY.has(d.encoding))) return false;
      if (
        h.type === 'DATA_PAGE' &&
        e.repetition_type !== 'REQUIRED' &&
        h.data_page_header?.definition_level_encoding !== 'RLE'
      )
        return false;
    } else return false;
  }
  return true;
}

// Text as hyparquet decodes it (not fatal: bytes that are not UTF-8 become U+FFFD, which the
// reader then refuses with its own message).
const utf8 = new TextDecoder();

/** A reader over one page's bytes, every read checked against its end. */
class Bytes {
  view: DataView;
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    public end: number,
  ) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new Error('a page ends before its values do');
  }
  varint(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const x = this.b[this.pos++];
      v += (x & 0x7f) * 2 ** shift;
      if ((x & 0x80) === 0) return v;
    }
    throw new Error('a run header is too long');
  }
}

/**
 * Bit-packed values of `width` bits (1–24) from byte `pos` of `b` into `out[from … to)`, each
 * moved past `base`; the index of the first value not below `size`, or −1 when all are inside.
 */
function unpackBits(
  b: Uint8Array,
  pos: number,
  width: number,
  out: Int32Array,
  from: number,
  to: number,
  base: number,
  size: number,
): number {
  const mask = 2 ** width - 1;
  let acc = 0;
  let bits = 0;
  for (let i = from; i < to; i++) {
    while (bits < width) {
      acc |= b[pos++] << bits;
      bits += 8;
    }
    const x = acc & mask;
    if (x >= size) return i;
    out[i] = x + base;
    acc >>>= width;
    bits -= width;
  }
  return -1;
}

/**
 * `count` dictionary indices in the RLE/bit-packed hybrid of `width` bits
 * (0–32) into `out` from 0, each moved past `base`; returns the number of the
 * first index not below `size` (outside the dictionary), or −1 when all are
 * inside.
 */
function indices(
  r: Bytes,
  width: number,
  count: number,
  out: Int32Array,
  base: number,
  size: number,
): number {
  if (width < 0 || width > 32) throw new Error(`a bit width of ${width}`);
  const bytesPerValue = (width + 7) >> 3;
  const mask = width === 32 ? 0xffffffff : 2 ** width - 1;
  let seen = 0;
  while (seen < count) {
    const header = r.varint();
    const groups = Math.floor(header / 2);
    if (header % 2 === 1) {
      // Bit-packed: `groups` groups of 8 values, `width` bytes a group.
      r.need(groups * width);
      const b = r.b;
      let pos = r.pos;
      const take = Math.min(groups * 8, count - seen);
      if (width === 0) {
        if (size < 1 && take > 0) return seen;
        out.fill(base, seen, seen + take);
      } else if (width <= 8) {
        // Whole groups: 8 values in `width` bytes, read as two 32-bit words.
        let i = seen;
        const whole = seen + (take & ~7);
        for (; i < whole; i += 8, pos += width) {
          const lo = b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (b[pos + 3] << 24);
          const hi =
            width > 4
              ? b[pos + 4] | (b[pos + 5] << 8) | (b[pos + 6] << 16) | (b[pos + 7] << 24)
              : 0;
          for (let j = 0, off = 0; j < 8; j++, off += width) {
            const x =
              off + width <= 32
                ? (lo >>> off) & mask
                : off >= 32
                  ? (hi >>> (off - 32)) & mask
                  : ((lo >>> off) | (hi << (32 - off))) & mask;
            if (x >= size) return i + j;
            out[i + j] = x + base;
          }
        }
        // The last, partial group.
        const bad = unpackBits(b, pos, width, out, i, seen + take, base, size);
        if (bad >= 0) return bad;
      } else if (width <= 24) {
        const bad = unpackBits(b, pos, width, out, seen, seen + take, base, size);
        if (bad >= 0) return bad;
      } else {
        for (let i = 0; i < take; i++) {
          const bit = i * width;
          let x = 0;
          for (let k = 0; k < width; k++) {
            const p = bit + k;
            if ((b[pos + (p >> 3)] >> (p & 7)) & 1) x += 2 ** k;
          }
          if (x >= size) return seen + i;
          out[seen + i] = x + base;
        }
      }
      r.pos += groups * width;
      seen += take;
    } else {
      r.need(bytesPerValue);
      let x = 0;
      for (let i = 0; i < bytesPerValue; i++) x += r.b[r.pos++] * 2 ** (8 * i);
      const take = Math.min(groups, count - seen);
      if (take > 0 && x >= size) return seen;
      out.fill(x + base, seen, seen + take);
      seen += take;
    }
  }
  return -1;
}

/** `n` PLAIN values of the column's type from `r`, appended to `entries`. */
function plainValues(r: Bytes, type: SchemaElement['type'], n: number, entries: unknown[]): void {
  if (type === 'BYTE_ARRAY') {
    for (let i = 0; i < n; i++) {
      r.need(4);
      const len = r.view.getUint32(r.pos, true);
      r.pos += 4;
      r.need(len);
      entries.push(utf8.decode(r.b.subarray(r.pos, r.pos + len)));
      r.pos += len;
    }
  } else if (type === 'DOUBLE') {
    r.need(8 * n);
    for (let i = 0; i < n; i++, r.pos += 8) entries.push(r.view.getFloat64(r.pos, true));
  } else {
    r.need(4 * n);
    for (let i = 0; i < n; i++, r.pos += 4) entries.push(r.view.getFloat32(r.pos, true));
  }
}

/** A dictionary index outside the dictionary: the row (0-based in the chunk) where it is. */
export class OutsideDictionary extends Error {
  constructor(readonly row: number) {
    super('a dictionary index outside the dictionary');
  }
}

/** Bits set in each byte value. */
const ONES = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x > 0; x >>= 1) n += x & 1;
  return n;
});

/** How many of `count` definition levels (1 bit each: 1 = a value, 0 = null) are 1. */
function countLevels(r: Bytes, count: number): number {
  const b = r.b;
  let seen = 0;
  let ones = 0;
  while (seen < count) {
    const header = r.varint();
    const groups = Math.floor(header / 2);
    if (header % 2 === 1) {
      r.need(groups);
      const take = Math.min(groups * 8, count - seen);
      const whole = take >> 3;
      for (let i = 0; i < whole; i++) ones += ONES[b[r.pos + i]];
      if (take & 7) ones += ONES[b[r.pos + whole] & ((1 << (take & 7)) - 1)];
      r.pos += groups;
      seen += take;
    } else {
      r.need(1);
      const v = b[r.pos++];
      if (v > 1) throw new Error(`a definition level of ${v} in a flat column`);
      const take = Math.min(groups, count - seen);
      ones += v * take;
      seen += take;
    }
  }
  return ones;
}

/**
 * Row references from `count` definition levels: from `at`, 0 for a null,
 * else the next of `values` from `k` (entry numbers).
 */
function spread(
  r: Bytes,
  count: number,
  refs: Int32Array,
  at: number,
  values: Int32Array,
  k: number,
): void {
  const b = r.b;
  let seen = 0;
  while (seen < count) {
    const header = r.varint();
    const groups = Math.floor(header / 2);
    if (header % 2 === 1) {
      r.need(groups);
      const take = Math.min(groups * 8, count - seen);
      let o = at + seen;
      for (let j = 0; j < take; j += 8) {
        const byte = b[r.pos + (j >> 3)];
        const m = Math.min(8, take - j);
        if (byte === 0xff && m === 8) {
          for (let t = 0; t < 8; t++) refs[o + t] = values[k + t];
          k += 8;
        } else {
          // Without a branch (nulls fall at random): a null takes the next value masked to 0
          // (`values` has room past its last value).
          for (let t = 0; t < m; t++) {
            const bit = (byte >> t) & 1;
            refs[o + t] = values[k] & -bit;
            k += bit;
          }
        }
        o += 8;
      }
      r.pos += groups;
      seen += take;
    } else {
      r.need(1);
      const v = r.b[r.pos++];
      const take = Math.min(groups, count - seen);
      if (v === 0) refs.fill(0, at + seen, at + seen + take);
      else {
        refs.set(values.subarray(k, k + take), at + seen);
        k += take;
      }
      seen += take;
    }
  }
}

/** Each row's entry number (0 for null) into `refs` (`col.rows` long). */
export function flatRefs(col: FlatColumn, refs: Int32Array): Int32Array {
  for (const p of col.pages) {
    if (p.defs === null) refs.set(col.values.subarray(p.from, p.from + p.n), p.row);
    else spread(new Bytes(p.defs, 0, p.defs.length), p.n, refs, p.row, col.values, p.from);
  }
  return refs;
}

/**
 * A week column into the code matrix: row i's code id `ids[entry]` at
 * `codes[at + i * stride]`; null cells are left as they are (0).
 */
export function writeCodes(
  col: FlatColumn,
  ids: Int32Array,
  codes: Uint16Array,
  at: number,
  stride: number,
): void {
  const values = col.values;
  for (const p of col.pages) {
    let k = p.from;
    let o = at + p.row * stride;
    if (p.defs === null) {
      for (let i = 0; i < p.n; i++, o += stride) codes[o] = ids[values[k++]];
      continue;
    }
    const r = new Bytes(p.defs, 0, p.defs.length);
    const b = r.b;
    let seen = 0;
    while (seen < p.n) {
      const header = r.varint();
      const groups = Math.floor(header / 2);
      if (header % 2 === 1) {
        const take = Math.min(groups * 8, p.n - seen);
        for (let j = 0; j < take; j += 8) {
          const byte = b[r.pos + (j >> 3)];
          const m = Math.min(8, take - j);
          if (byte === 0xff && m === 8) {
            for (let t = 0; t < 8; t++, o += stride) codes[o] = ids[values[k++]];
          } else {
            // A null writes 0 (its cell is 0 already), without a branch.
            for (let t = 0; t < m; t++, o += stride) {
              const bit = (byte >> t) & 1;
              codes[o] = ids[values[k]] & -bit;
              k += bit;
            }
          }
        }
        r.pos += groups;
        seen += take;
      } else {
        const v = b[r.pos++];
        const take = Math.min(groups, p.n - seen);
        if (v === 0) o += take * stride;
        else for (let t = 0; t < take; t++, o += stride) codes[o] = ids[values[k++]];
        seen += take;
      }
    }
  }
}

/**
 * Cells per entry, counted in four interleaved tallies (one tally would wait
 * on its own last increment at every value).
 */
export function tallyEntries(col: FlatColumn): Float64Array {
  const { values, entries } = col;
  const end = col.pages.reduce((n, p) => n + p.present, 0);
  const tally = new Int32Array(4 * entries.length);
  let i = 0;
  for (; i + 4 <= end; i += 4) {
    tally[4 * values[i]]++;
    tally[4 * values[i + 1] + 1]++;
    tally[4 * values[i + 2] + 2]++;
    tally[4 * values[i + 3] + 3]++;
  }
  for (; i < end; i++) tally[4 * values[i]]++;
  const out = new Float64Array(entries.length);
  for (let e = 0; e < entries.length; e++)
    out[e] = tally[4 * e] + tally[4 * e + 1] + tally[4 * e + 2] + tally[4 * e + 3];
  return out;
}

/**
 * For each entry that some row holds, the first such row (0-based in the
 * chunk); −1 for an entry no row holds. Ordered by these rows, the entries
 * are met as a row-by-row reading meets them.
 */
export function firstRows(col: FlatColumn): Int32Array {
  const { values, entries, pages } = col;
  const first = new Int32Array(entries.length).fill(-1);
  if (entries.length > 64) {
    // Many entries (plain pages: one a value): through each row's reference.
    const refs = flatRefs(col, new Int32Array(col.rows));
    for (let i = col.rows - 1; i >= 0; i--) first[refs[i]] = i;
    first[0] = -1;
    return first;
  }
  let left = entries.length - 1;
  for (const p of pages) {
    for (let k = p.from; k < p.from + p.present && left > 0; k++) {
      const e = values[k];
      if (first[e] < 0) {
        first[e] = rowOf(p.defs, p.n, k - p.from, p.row);
        left--;
      }
    }
  }
  return first;
}

/**
 * Decode one column chunk (`chunk`: its bytes; `pages`: its checked pages)
 * of `rows` rows, its values into `values` (at least `rows` + 8 long).
 * Throws OutsideDictionary for an index past the dictionary, an Error for
 * any other damage.
 */
export function decodeFlat(
  chunk: Uint8Array,
  pages: PageRef[],
  e: SchemaElement,
  codec: CompressionCodec,
  compressors: Compressors,
  rows: number,
  values: Int32Array = new Int32Array(rows + 8),
): FlatColumn {
  const optional = e.repetition_type !== 'REQUIRED';
  const entries: unknown[] = [null];
  const out: FlatPage[] = [];
  let from = 0;
  let dictBase = 0;
  let dictSize = 0;
  let row = 0;
  for (const { header: h, start, end } of pages) {
    if (h.type === 'DICTIONARY_PAGE') {
      const page = decompressPage(
        chunk.subarray(start, end),
        h.uncompressed_page_size,
        codec,
        compressors,
      );
      dictBase = entries.length;
      dictSize = h.dictionary_page_header!.num_values;
      plainValues(new Bytes(page, 0, page.length), e.type, dictSize, entries);
      continue;
    }
    let n: number;
    let encoding: string;
    let data: Bytes;
    let defs: Bytes | null = null;
    if (h.type === 'DATA_PAGE') {
      const d = h.data_page_header!;
      n = d.num_values;
      encoding = d.encoding;
      if (row + n > rows) throw new Error('the pages hold more values than the row group');
      const page = decompressPage(
        chunk.subarray(start, end),
        h.uncompressed_page_size,
        codec,
        compressors,
      );
      data = new Bytes(page, 0, page.length);
      if (optional) {
        data.need(4);
        const len = data.view.getUint32(0, true);
        data.pos = 4;
        data.need(len);
        defs = new Bytes(page, 4, 4 + len);
        data.pos = 4 + len;
      }
    } else if (h.type === 'DATA_PAGE_V2') {
      const d = h.data_page_header_v2!;
      n = d.num_rows;
      encoding = d.encoding;
      if (row + n > rows) throw new Error('the pages hold more values than the row group');
      if (d.num_values !== n)
        throw new Error(`a page of a flat column has ${d.num_values} values in ${n} rows`);
      const defLen = d.definition_levels_byte_length;
      if (d.repetition_levels_byte_length !== 0)
        throw new Error('a flat column has repetition levels');
      if (!(defLen >= 0 && defLen <= end - start)) throw new Error('its levels run past the page');
      if (optional) defs = new Bytes(chunk, start, start + defLen);
      const packed = chunk.subarray(start + defLen, end);
      const size = h.uncompressed_page_size - defLen;
      const page =
        d.is_compressed !== false && size > 0
          ? decompressPage(packed, size, codec, compressors)
          : packed;
      data = new Bytes(page, 0, page.length);
    } else {
      continue; // not reached: flatDecodable takes only these pages
    }
    // Values present: counted from the levels (a first walk over their few bytes).
    const present = defs === null ? n : countLevels(new Bytes(defs.b, defs.pos, defs.end), n);
    // (A page of nulls only has nothing to read past its levels.)
    if (present > 0 && DICTIONARY.has(encoding)) {
      data.need(1);
      const width = data.b[data.pos++];
      // (Width 0: every index is 0, and a writer may then leave the runs out.)
      let bad = -1;
      if (width > 0) bad = indices(data, width, present, values.subarray(from), dictBase, dictSize);
      else if (dictSize < 1) bad = 0;
      else values.fill(dictBase, from, from + present);
      const levels = defs === null ? null : defs.b.subarray(defs.pos, defs.end);
      if (bad >= 0) throw new OutsideDictionary(rowOf(levels, n, bad, row));
    } else if (present > 0) {
      const base = entries.length;
      plainValues(data, e.type, present, entries);
      for (let k = 0; k < present; k++) values[from + k] = base + k;
    }
    out.push({
      row,
      n,
      defs: defs === null ? null : defs.b.subarray(defs.pos, defs.end),
      from,
      present,
    });
    from += present;
    row += n;
  }
  if (row !== rows) throw new Error(`the pages hold ${row} values in a row group of ${rows} rows`);
  values.fill(0, from, from + 8); // (the room past the last value: read as entry 0, null)
  return { rows, entries, pages: out, values };
}

/** A decoded chunk as hyparquet's array of values (null for a missing one). */
export function flatValues(col: FlatColumn): unknown[] {
  const refs = flatRefs(col, new Int32Array(col.rows));
  const out: unknown[] = new Array(refs.length);
  for (let i = 0; i < refs.length; i++) out[i] = col.entries[refs[i]];
  return out;
}

/** The row (from `row`) of a page's k-th value (0-based), from the page's `n` definition levels. */
function rowOf(defs: Uint8Array | null, n: number, k: number, row: number): number {
  if (defs === null) return row + k;
  const r = new Bytes(defs, 0, defs.length);
  let seen = 0;
  while (seen < n) {
    const header = r.varint();
    const groups = Math.floor(header / 2);
    if (header % 2 === 1) {
      r.need(groups);
      const take = Math.min(groups * 8, n - seen);
      for (let i = 0; i < take; i++)
        if ((r.b[r.pos + (i >> 3)] >> (i & 7)) & 1 && k-- === 0) return row + seen + i;
      r.pos += groups;
      seen += take;
    } else {
      r.need(1);
      const v = r.b[r.pos++];
      const take = Math.min(groups, n - seen);
      if (v === 1 && k < take) return row + seen + k;
      k -= v * take;
      seen += take;
    }
  }
  return row + n - 1;
}
