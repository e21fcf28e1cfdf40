/**
 * Stage 1 of the pipeline: read an extract (wide or long) into an Extract.
 */
import { InputError } from '../errors.js';
import type { Extract } from './extract.js';
import { isLongHeader, type LongReadOptions, readLong } from './long.js';
import { isParquetHead } from './parquetHead.js';
import { detectSeparator, splitQuotedLine } from './text.js';
import { openInput, readWide } from './wide.js';

export { InputError } from '../errors.js';
export type { Extract, PersonColumn } from './extract.js';
export { hoursAt, hoursThreshold, personValue } from './extract.js';

/**
 * Read an extract: a Parquet file (chosen by its magic bytes "PAR1", not its
 * name) or a CSV file, wide or long from its header.
 */
export async function readExtract(file: string, opts: LongReadOptions = {}): Promise<Extract> {
  const { handle, size } = await openInput(file);
  const head = Buffer.alloc(Math.min(size, 1 << 16));
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  // Loaded only for Parquet input: CSV runs skip the Parquet libraries' start-up.
  if (isParquetHead(head)) return (await import('./parquet.js')).readParquet(file, opts);
  if (/\.parquet$/i.test(file)) {
    throw new InputError(
      'is named .parquet but is not a Parquet file (it does not start with ' +
        'the bytes "PAR1"); write it again as Parquet, or rename it if it is ' +
        'CSV',
      { file },
    );
  }
  const firstLine = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\n')[0]
    .replace(/\r$/, '');
  const sep = detectSeparator(firstLine);
  if (sep !== null && head.indexOf(0) < 0) {
    let header: string[] = [];
    try {
      header = splitQuotedLine(firstLine, sep, { file, line: 1 });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
    }
    if (isLongHeader(header)) return readLong(file, opts);
  }
  return readWide(file, opts);
}
