/**
 * General CSV reading with csv-parse, for the inputs that are not the regular
 * wide matrix: long-format extracts and person files. Streams the file,
 * hashes it, detects the separator, and turns parser errors into InputErrors.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import { ByteChecker, decoderFor, type Encoding } from './encoding.js';
import { checkDuplicateColumns } from './header.js';
import { lineTooLong, MAX_LINE_BYTES } from './limits.js';
import { detectSeparator } from './text.js';
import { openInput } from './wide.js';

export interface CsvRecords {
  header: string[];
  sha256: string;
  bytes: number;
}

/**
 * Stream a CSV file's records to `onRecord(fields, line)` (line numbers are
 * 1-based; the header is line 1). Returns the header and the file's hash.
 */
export async function readCsvRecords(
  file: string,
  handlers: {
    /** Called once with the trimmed header before any record. */
    onHeader: (header: string[]) => void;
    onRecord: (fields: string[], line: number) => void;
    onProgress?: (bytesRead: number, totalBytes: number) => void;
    /** Called once with the detected separator, before the header. */
    onSeparator?: (sep: ',' | ';') => void;
  },
  encoding: Encoding = 'utf-8',
): Promise<CsvRecords> {
  const { onProgress } = handlers;
  const { handle, size } = await openInput(file);
  // Peek at the start for the separator.
  const head = Buffer.alloc(Math.min(size, 65536));
  await handle.read(head, 0, head.length, 0);
  await handle.close();
  if (size === 0) throw new InputError('the file is empty (expected a header row)', { file });
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (bom && encoding !== 'utf-8') {
    throw new InputError(
      `the file starts with a UTF-8 byte-order mark, but data.encoding ` +
        `is "${encoding}"; it is probably UTF-8 (the default): remove ` +
        `data.encoding`,
      { file, line: 1 },
    );
  }
  const firstLine = head
    .toString('latin1', bom ? 3 : 0)
    .split('\n')[0]
    .replace(/\r$/, '');
  const sep = detectSeparator(firstLine);
  const checker = new ByteChecker(file, encoding, (sep ?? ',').charCodeAt(0));
  const headEnd = head.indexOf(10);
  checker.check(head, 0, headEnd >= 0 ? headEnd : head.length, 1);
  if (sep === null)
    throw new InputError('not a CSV file: the first line has no "," or ";" separator', {
      file,
      line: 1,
    });
  handlers.onSeparator?.(sep);
  if (size <= WHOLE_FILE_BYTES) {
    const whole = await readFile(file);
    const plain = plainRecords(whole, sep, checker, encoding, file, handlers);
    if (plain) return plain;
  }

  const hash = createHash('sha256');
  let bytesRead = 0;
  const records = recordSink(file, handlers);
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    bytesRead += chunk.length;
    onProgress?.(bytesRead, size);
  });
  const decoded = stream.pipe(checkedText(checker, encoding, file));
  const parser = decoded.pipe(
    parse({
      delimiter: sep,
      bom: true,
      info: true,
      // The field count is checked by recordSink, as for the files split directly.
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  // A byte problem stops the text stream; make it the parser's error.
  decoded.on('error', (err) => parser.destroy(err));
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>)
      records.add(item.record, item.info.lines);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as { message: string; lines?: number };
    throw new InputError(`cannot parse CSV: ${e.message.replace(/^Invalid [^:]*: /, '')}`, {
      file,
      line: e.lines,
    });
  }
  return { header: records.header(), sha256: hash.digest('hex'), bytes: size };
}

/**
 * Where a file's records go, whichever way it was split: the first is the header (trimmed, no
 * duplicate names), every other must have as many fields, with its line for any message.
 */
function recordSink(file: string, handlers: Parameters<typeof readCsvRecords>[1]) {
  let header: string[] | null = null;
  return {
    add(fields: string[], line: number): void {
      if (header === null) {
        header = fields.map((h) => h.trim());
        checkDuplicateColumns(header, file);
        handlers.onHeader(header);
        return;
      }
      if (fields.length !== header.length)
        throw new InputError(`row has ${fields.length} fields, the header has ${header.length}`, {
          file,
          line,
          column: Math.min(fields.length, header.length) + 1,
        });
      handlers.onRecord(fields, line);
    },
    /** The header; an InputError when the file had none. */
    header(): string[] {
      if (header === null)
        throw new InputError('the file is empty (expected a header row)', { file });
      return header;
    },
  };
}

/** Files up to this size are read whole and, without quotes, split directly (see plainRecords). */
const WHOLE_FILE_BYTES = 16 << 20;

/**
 * The records of a file without a quote character or a lone carriage return, split at line ends
 * and separators: what csv-parse gives for such a file (no field can hold a separator or a line
 * end), without its cost per field, which dominates reading the small survey, municipality and
 * person files (~0.15 s of CPU for the simulator's two survey files). Null for any other file
 * (csv-parse reads it). Same checks, line numbers and messages.
 */
function plainRecords(
  buf: Buffer,
  sep: ',' | ';',
  checker: ByteChecker,
  encoding: Encoding,
  file: string,
  handlers: Parameters<typeof readCsvRecords>[1],
): CsvRecords | null {
  if (buf.indexOf(34) >= 0) return null; // "
  for (let i = buf.indexOf(13); i >= 0; i = buf.indexOf(13, i + 1))
    if (buf[i + 1] !== 10) return null;
  checker.check(buf, 0, buf.length, 1);
  let text = decoderFor(encoding)(buf, 0, buf.length);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = recordSink(file, handlers);
  let line = 0;
  for (let s = 0; s < text.length; ) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    line++;
    const row = text.slice(s, e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e);
    s = e + 1;
    if (row === '') continue;
    records.add(row.split(sep), line);
  }
  const header = records.header();
  handlers.onProgress?.(buf.length, buf.length);
  return { header, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
}

/**
 * Bytes → text, whole lines at a time, after checking them (NUL bytes; with
 * UTF-8, invalid sequences) so a problem is named by line and field.
 */
function checkedText(checker: ByteChecker, encoding: Encoding, file: string): Transform {
  const decode = decoderFor(encoding);
  // Bytes after the last line end, kept as a list of chunks: a long line is joined once, when it
  // ends (linear, not a copy per chunk).
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  const countLines = (buf: Buffer, end: number): number => {
    let n = 0;
    for (let i = buf.indexOf(10); i >= 0 && i < end; i = buf.indexOf(10, i + 1)) n++;
    return n;
  };
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        const nl = chunk.lastIndexOf(10);
        if (nl < 0) {
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes > MAX_LINE_BYTES)
            throw new InputError(lineTooLong(), { file: file, line });
          done();
          return;
        }
        const head = pending.length
          ? Buffer.concat([...pending, chunk.subarray(0, nl + 1)])
          : chunk.subarray(0, nl + 1);
        if (head.length > MAX_LINE_BYTES && head.indexOf(10) > MAX_LINE_BYTES)
          throw new InputError(lineTooLong(), { file: file, line });
        checker.check(head, 0, head.length, line);
        line += countLines(head, head.length);
        this.push(decode(head, 0, head.length));
        pending = nl + 1 < chunk.length ? [Buffer.from(chunk.subarray(nl + 1))] : [];
        pendingBytes = chunk.length - nl - 1;
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        const carry = Buffer.concat(pending);
        checker.check(carry, 0, carry.length, line);
        if (carry.length) this.push(decode(carry, 0, carry.length));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
