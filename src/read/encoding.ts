/**
 * Text encodings of input files and the byte-level checks every reader makes:
 * UTF-8 (the default) must be valid, and no file may hold a NUL byte.
 *
 * Register extracts made by SAS are often Latin-1 or Windows-1252; read as
 * UTF-8, æøå would become U+FFFD and "Ærø" and "Årø" would merge. So invalid
 * UTF-8 is an error with the hint to declare `data.encoding`, never replaced.
 */
import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';

export const ENCODINGS = ['utf-8', 'latin1', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Decodes bytes [s, e) of a buffer to text. */
export type Decoder = (buf: Buffer, s: number, e: number) => string;

// Windows-1252 differs from Latin-1 only in 0x80–0x9F. The five bytes it
// leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode to the C1 control of
// the same number, as the WHATWG encoding standard does.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeCp1252(buf: Buffer, s: number, e: number): string {
  const text = buf.toString('latin1', s, e);
  // eslint-disable-next-line no-control-regex
  return /[\x80-\x9f]/.test(text)
    ? text.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]))
    : text;
}

/** The decoder for an encoding. */
export function decoderFor(encoding: Encoding): Decoder {
  if (encoding === 'latin1') return (buf, s, e) => buf.toString('latin1', s, e);
  if (encoding === 'windows-1252') return decodeCp1252;
  return (buf, s, e) => buf.toString('utf8', s, e);
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when the bytes there are not one. */
function utf8SequenceLength(buf: Uint8Array, i: number, end: number): number {
  const b = buf[i];
  if (b < 0x80) return 1;
  let n: number;
  let min: number;
  if (b >= 0xc2 && b <= 0xdf) {
    n = 2;
    min = 0x80;
  } else if (b >= 0xe0 && b <= 0xef) {
    n = 3;
    min = 0x800;
  } else if (b >= 0xf0 && b <= 0xf4) {
    n = 4;
    min = 0x10000;
  } else return 0;
  if (i + n > end) return 0;
  let cp = b & (0x7f >> n);
  for (let k = 1; k < n; k++) {
    const c = buf[i + k];
    if ((c & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/** Index of the first byte in [s, e) that does not start a valid UTF-8 sequence, or −1. */
export function firstInvalidUtf8(buf: Uint8Array, s: number, e: number): number {
  for (let i = s; i < e; ) {
    const n = utf8SequenceLength(buf, i, e);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/**
 * The 1-based field number of byte `at` on the line starting at `lineStart`
 * (separators inside double quotes do not count).
 */
export function fieldAt(buf: Uint8Array, lineStart: number, at: number, sep: number): number {
  let column = 1;
  let inQuotes = false;
  for (let i = lineStart; i < at; i++) {
    const c = buf[i];
    if (c === 34) inQuotes = !inQuotes;
    else if (c === sep && !inQuotes) column++;
  }
  return column;
}

/**
 * Checks the bytes of a file as they are read, chunk by chunk, for NUL bytes
 * and (with UTF-8) invalid sequences. Call `check` with whole lines only (a
 * line end never falls inside a UTF-8 sequence); it throws an InputError
 * naming the line and field.
 */
export class ByteChecker {
  constructor(
    private readonly file: string,
    private readonly encoding: Encoding,
    private sep = 44,
  ) {}

  setSeparator(sep: number): void {
    this.sep = sep;
  }

  /**
   * Check bytes [s, e) of buf, which start at the beginning of line `line`
   * (1-based) and end at a line end or the end of the file.
   */
  check(buf: Buffer, s: number, e: number, line: number): void {
    if (s >= e) return;
    const nul = buf.indexOf(0, s);
    const badNul = nul >= 0 && nul < e ? nul : -1;
    let badUtf8 = -1;
    if (this.encoding === 'utf-8' && !isUtf8(buf.subarray(s, e)))
      badUtf8 = firstInvalidUtf8(buf, s, e);
    if (badNul < 0 && badUtf8 < 0) return;
    const at = badNul >= 0 && (badUtf8 < 0 || badNul < badUtf8) ? badNul : badUtf8;
    // Line and field of the offending byte.
    let lineNo = line;
    let lineStart = s;
    for (let i = buf.indexOf(10, s); i >= 0 && i < at; i = buf.indexOf(10, i + 1)) {
      lineNo++;
      lineStart = i + 1;
    }
    const where = { file: this.file, line: lineNo, column: fieldAt(buf, lineStart, at, this.sep) };
    if (at === badNul) {
      throw new InputError(
        'not a text CSV file: it holds a NUL byte (binary data); export the extract as plain text',
        where,
      );
    }
    const hex = Array.from(buf.subarray(at, Math.min(at + 4, e)), (b) =>
      b.toString(16).toUpperCase().padStart(2, '0'),
    ).join(' ');
    throw new InputError(
      `invalid UTF-8 (bytes ${hex}); if the file is Latin-1 or Windows-1252, ` +
        `as SAS exports often are, set "encoding": "latin1" or "windows-1252" ` +
        `under "data" in the spec (inspect: --encoding)`,
      where,
    );
  }
}
