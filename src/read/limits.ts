/**
 * The input limits, named. A file that claims more than these (in a
 * Parquet footer or page header, or in one CSV field) is refused with exit 2
 * before anything is allocated for it; none of them comes near a real
 * register (Denmark has 6 million persons; DREAM has about 1,500 weeks).
 * README "What is refused" lists them for users.
 */

/** Persons (rows of a wide extract) one file may hold. */
export const MAX_PERSONS = 50_000_000;

/** Rows of a long extract (person-weeks with a benefit). */
export const MAX_LONG_ROWS = 2 ** 32;

/** Cells of the persons × weeks code matrix held in memory (2 bytes each: 4 GiB). */
export const MAX_MATRIX_CELLS = 2 ** 31;

/** Bytes of one Parquet page or dictionary page after decompression. */
export const MAX_PAGE_BYTES = 256 * 2 ** 20;

/** Bytes of one CSV line, and so of one field (a wide line of 1,500 weeks is about 10 kB). */
export const MAX_LINE_BYTES = 64 * 2 ** 20;

/** The message for a line longer than MAX_LINE_BYTES. */
export function lineTooLong(): string {
  return (
    `the line is longer than ${bytesInWords(MAX_LINE_BYTES)} (no ` +
    `field of register or survey data is this long; is this the right ` +
    `file?)`
  );
}

/** "256 MiB", "1 MiB": a byte limit in words. */
export function bytesInWords(n: number): string {
  return n >= 2 ** 30 ? `${n / 2 ** 30} GiB` : n >= 2 ** 20 ? `${n / 2 ** 20} MiB` : `${n} bytes`;
}
