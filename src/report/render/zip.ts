/**
 * Byte-identical Office files. The docx and exceljs libraries stamp the
 * current time into the zip entries and docProps/core.xml, and docx numbers
 * drawings with a process-wide counter; this rewrites a finished package with
 * fixed timestamps, sequential drawing ids and a fixed entry order, so two
 * runs give the same bytes (the project's determinism rule).
 */
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate';

/** The fixed time written into the package: 1 January 2000 (zip cannot store dates before 1980). */
export const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));
const FIXED_ISO = '2000-01-01T00:00:00Z';

/**
 * Rewrite an Office package (docx, xlsx) so its bytes depend only on its content:
 * the package's bytes, or its entries by name (folders as "name/" with no bytes,
 * as unzipping lists them), which skips compressing and inflating them again.
 */
export function stableOfficeZip(pkg: Uint8Array | Record<string, Uint8Array>): Buffer {
  const files = pkg instanceof Uint8Array ? unzipSync(pkg) : pkg;
  const out: Zippable = {};
  // [Content_Types].xml first, as Office writes it; the rest in name order.
  const names = Object.keys(files).sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const name of names) {
    let data = files[name];
    if (name === 'docProps/core.xml') {
      data = strToU8(
        strFromU8(data).replace(
          /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g,
          `$1${FIXED_ISO}$2`,
        ),
      );
    } else if (name === 'word/document.xml') {
      let id = 0;
      data = strToU8(
        strFromU8(data).replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++id}"`),
      );
    }
    out[name] = [data, { mtime: FIXED_DATE, level: name.endsWith('.png') ? 0 : 6 }];
  }
  return Buffer.from(zipSync(out));
}
