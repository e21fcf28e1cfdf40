/**
 * Byte-identical Office files. The docx and exceljs libraries stamp the
 * current time into the zip entries and docProps/core.xml, and docx numbers
 * drawings with a process-wide counter; this rewrites a finished package with
 * fixed timestamps, sequential drawing ids and a fixed entry order, so two
 * runs give the same bytes (the project's determinism rule).
 */
import zlib from 'node:zlib';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { crc32 } from './png.js';

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
  const files = pkg instanceof Uint8Array ? unzipEntries(pkg) : pkg;
  const out: [string, Uint8Array][] = [];
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
    out.push([name, data]);
  }
  return zipEntries(out);
}

/** CRC-32 of the bytes: Node's zlib (native, Node 20.15+), else a table in JavaScript. */
const crc = (b: Uint8Array): number =>
  typeof zlib.crc32 === 'function' ? zlib.crc32(b) >>> 0 : crc32(b);

/** Pictures are compressed already: stored as they are (DEFLATE would gain nothing). */
const STORED = /\.(png|jpe?g|gif)$/i;

/**
 * A zip of the entries in the order given: DEFLATE (Node's zlib, level 6) for all but
 * pictures, `FIXED_DATE` on every entry, no extra fields or comments, so the bytes depend
 * only on the entries (and zlib's version). fflate's zipSync did the same in JavaScript,
 * 3–5 times slower (~0.1 s for a report's document.xml and the figures' checksums).
 */
export function zipEntries(entries: readonly (readonly [string, Uint8Array])[]): Buffer {
  // FIXED_DATE as MS-DOS date and time: 2000-01-01 is (2000 − 1980) << 9 | 1 << 5 | 1, 00:00:00 is 0.
  const date = (20 << 9) | (1 << 5) | 1;
  const parts: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const store = data.length === 0 || STORED.test(name);
    const body = store ? data : zlib.deflateRawSync(data, { level: 6 });
    const sum = crc(data);
    if (offset + body.length > 0xfffffff0 || entries.length > 0xffff)
      throw new Error('an Office package over 4 GB or 65,535 entries needs ZIP64');
    // Local header (30 bytes) and the central directory's record (46), APPNOTE 4.3.7 and 4.3.12.
    const head = Buffer.alloc(30);
    const rec = Buffer.alloc(46);
    head.writeUInt32LE(0x04034b50, 0);
    rec.writeUInt32LE(0x02014b50, 0);
    rec.writeUInt16LE(20, 4); // made by: version 2.0
    for (const [b, at] of [
      [head, 4],
      [rec, 6],
    ] as const) {
      b.writeUInt16LE(20, at); // needed to extract: 2.0
      b.writeUInt16LE(/[^\x20-\x7e]/.test(name) ? 0x800 : 0, at + 2); // UTF-8 name
      b.writeUInt16LE(store ? 0 : 8, at + 4);
      b.writeUInt16LE(0, at + 6); // 00:00:00
      b.writeUInt16LE(date, at + 8);
      b.writeUInt32LE(sum, at + 10);
      b.writeUInt32LE(body.length, at + 14);
      b.writeUInt32LE(data.length, at + 18);
      b.writeUInt16LE(nameBytes.length, at + 22);
    }
    rec.writeUInt32LE(offset, 42);
    parts.push(head, nameBytes, body);
    central.push(rec, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

/**
 * A zip's entries by name (folders as "name/" with no bytes), inflated by Node's zlib; a
 * package this reader does not handle (ZIP64, a method other than stored or DEFLATE) goes
 * to fflate's unzipSync.
 */
export function unzipEntries(zip: Uint8Array): Record<string, Uint8Array> {
  const b = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-central-directory record: the last signature, before a comment of ≤ 65,535 bytes.
  let end = -1;
  for (let at = b.length - 22; at >= Math.max(0, b.length - 22 - 0xffff); at--)
    if (b.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  if (end < 0) return unzipSync(zip);
  const count = b.readUInt16LE(end + 10);
  let at = b.readUInt32LE(end + 16);
  const out: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i++) {
    if (b.readUInt32LE(at) !== 0x02014b50) return unzipSync(zip);
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const local = b.readUInt32LE(at + 42);
    const nameLen = b.readUInt16LE(at + 28);
    const name = b.toString('utf8', at + 46, at + 46 + nameLen);
    if ((method !== 0 && method !== 8) || size === 0xffffffff || local === 0xffffffff)
      return unzipSync(zip);
    // The data follows the local header, whose name and extra field lengths may differ.
    const data = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const body = b.subarray(data, data + size);
    out[name] = method === 0 ? new Uint8Array(body) : new Uint8Array(zlib.inflateRawSync(body));
    at += 46 + nameLen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return out;
}
