/**
 * Parquet's magic bytes, apart from the Parquet reader so that reading a CSV
 * file does not load the Parquet libraries (about 70 ms CPU per process).
 */
/** True when a file starts with the Parquet magic bytes "PAR1". */
export function isParquetHead(head: Uint8Array): boolean {
  return (
    head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31
  );
}
