/**
 * Byte-identical Office files. The docx and exceljs libraries stamp the
 * current time into the zip entries and docProps/core.xml, and docx numbers
 * drawings with a process-wide counter; this rewrites a finished package with
 * fixed timestamps, sequential drawing ids and a fixed entry order, so two
 * runs give the same bytes (the project's determinism rule).
 */
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate';

/**
 * The fixed time of the zip entries (zip cannot store dates before 1980). It
 * is not a document property: created/modified are left out of
 * docProps/core.xml, so no placeholder date shows in Word's or Excel's
 * properties.
 */
export const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

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
          /<dcterms:(created|modified)\b[^>]*(?:\/>|>[^<]*<\/dcterms:\1>)/g,
          '',
        ),
      );
    } else if (name === 'word/document.xml') {
      let id = 0;
      // docx numbers every bookmark 1 (a fresh counter per bookmark): number them in order;
      // they are not nested, so each end closes the start before it.
      let mark = 0;
      data = strToU8(
        strFromU8(data)
          .replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++id}"`)
          // The TOC field unwrapped from its content control (the only one effekt writes):
          // LibreOffice prints the field's instruction ("TOC \\h \\o …") inside one; Word reads
          // either.
          .replace(/<w:sdt><w:sdtPr>(?:(?!<\/w:sdtPr>).)*<\/w:sdtPr><w:sdtContent>/g, '')
          .replace(/<\/w:sdtContent><\/w:sdt>/g, '')
          // A field's begin, instruction and separator each in a run of its own, as Word
          // writes them: LibreOffice prints the TOC's instruction as text when they share one.
          .replace(
            /<w:r>(<w:rPr>(?:(?!<\/w:rPr>).)*<\/w:rPr>)?(<w:fldChar w:fldCharType="begin"[^>]*\/>)(<w:instrText[^>]*>[^<]*<\/w:instrText>)(<w:fldChar w:fldCharType="separate"\/>)<\/w:r>/g,
            (_, rPr: string | undefined, begin: string, instr: string, sep: string) =>
              [begin, instr, sep].map((x) => `<w:r>${rPr ?? ''}${x}</w:r>`).join(''),
          )
          .replace(/<w:bookmark(Start|End)\b[^>]*>/g, (tag, k: string) =>
            tag.replace(/w:id="\d+"/, `w:id="${k === 'Start' ? ++mark : mark}"`),
          ),
      );
    }
    out[name] = [data, { mtime: FIXED_DATE, level: name.endsWith('.png') ? 0 : 6 }];
  }
  return Buffer.from(zipSync(out));
}
