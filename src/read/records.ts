/**
 * General CSV reading with csv-parse, for the inputs that are not the regular
 * wide matrix: long-format extracts and person files. Streams the file,
 * hashes it, detects the separator, and turns parser errors into InputErrors.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { InputError } from './errors.js';
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
  },
): Promise<CsvRecords> {
  const { onHeader, onRecord, onProgress } = handlers;
  const { handle, size } = await openInput(file);
  // Peek at the start for binary content and the separator.
  const head = Buffer.alloc(Math.min(size, 65536));
  await handle.read(head, 0, head.length, 0);
  await handle.close();
  if (size === 0) throw new InputError('the file is empty (expected a header row)', { file });
  const nul = head.indexOf(0);
  if (nul >= 0) throw new InputError(`not a text CSV file (binary data at byte ${nul})`, { file });
  const firstLine = head.toString('utf8').replace(/^\uFEFF/, '').split('\n')[0].replace(/\r$/, '');
  const sep = detectSeparator(firstLine);
  if (sep === null) throw new InputError('not a CSV file: the first line has no "," or ";" separator', { file, line: 1 });

  const hash = createHash('sha256');
  let bytesRead = 0;
  let header: string[] | null = null;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    bytesRead += chunk.length;
    onProgress?.(bytesRead, size);
  });
  const parser = stream.pipe(parse({ delimiter: sep, bom: true, info: true, relax_column_count: false, skip_empty_lines: true }));
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === null) {
        header = item.record.map((h) => h.trim());
        onHeader(header);
        continue;
      }
      onRecord(item.record, item.info.lines);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as { code?: string; message: string; lines?: number; record?: string[] };
    const line = e.lines;
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const n = e.record?.length;
      throw new InputError(`row has ${n ?? 'a different number of'} fields, the header has ${header?.length ?? '?'}`, { file, line, column: Math.min(n ?? 0, header?.length ?? 0) + 1 });
    }
    throw new InputError(`cannot parse CSV: ${e.message.replace(/^Invalid [^:]*: /, '')}`, { file, line });
  }
  if (header === null) throw new InputError('the file is empty (expected a header row)', { file });
  return { header, sha256: hash.digest('hex'), bytes: size };
}
