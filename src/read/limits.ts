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

/** Bytes of one CSV field (an id, a code, an hours value, a survey answer). */
export const MAX_FIELD_BYTES = 2 ** 20;

/** "256 MiB", "1 MiB": a byte limit in words. */
export function bytesInWords(n: number): string {
  return n >= 2 ** 30 ? `${n / 2 ** 30} GiB` : n >= 2 ** 20 ? `${n / 2 ** 20} MiB` : `${n} bytes`;
}
