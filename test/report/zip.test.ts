/**
 * The Office packages' zip: written with fixed dates and pictures stored as they are, read back
 * by an independent reader (fflate), and fflate's zips read by ours.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { stableOfficeZip, unzipEntries, zipEntries } from '../../src/report/render/zip.js';

const xml = strToU8(
  `<?xml version="1.0"?><w:document>${'<w:p>Æblegrød</w:p>'.repeat(500)}</w:document>`,
);
const png = new Uint8Array(4000).map((_, i) => (i * 7919) % 251);
const entries: [string, Uint8Array][] = [
  ['[Content_Types].xml', strToU8('<Types/>')],
  ['word/', new Uint8Array(0)],
  ['word/document.xml', xml],
  ['word/media/a.png', png],
  ['word/ø.xml', strToU8('<x/>')],
];

describe('zipEntries', () => {
  const zip = zipEntries(entries);
  it('an independent reader gets every entry back, in order', () => {
    const back = unzipSync(new Uint8Array(zip));
    expect(Object.keys(back)).toEqual(entries.map(([n]) => n));
    for (const [n, d] of entries) expect(Buffer.from(back[n]).equals(Buffer.from(d)), n).toBe(true);
  });
  it('stores the PNG as it is and compresses the XML', () => {
    expect(zip.includes(Buffer.from(png))).toBe(true);
    expect(zip.includes(Buffer.from(xml))).toBe(false);
    expect(zip.length).toBeLessThan(xml.length);
  });
  it('dates every entry 2000-01-01 00:00 (MS-DOS date 20 << 9 | 1 << 5 | 1 = 0x2821)', () => {
    let at = 0;
    for (const [n] of entries) {
      expect(zip.readUInt32LE(at), n).toBe(0x04034b50);
      expect([zip.readUInt16LE(at + 10), zip.readUInt16LE(at + 12)]).toEqual([0, 0x2821]);
      at += 30 + zip.readUInt16LE(at + 26) + zip.readUInt32LE(at + 18);
    }
  });
  it('the same entries give the same bytes', () => {
    expect(zipEntries(entries).equals(zip)).toBe(true);
  });
});

describe('unzipEntries', () => {
  it('reads a zip fflate wrote (stored and deflated entries, a comment)', () => {
    const theirs = zipSync(
      Object.fromEntries(entries.map(([n, d]) => [n, [d, { level: n.endsWith('.png') ? 0 : 9 }]])),
      { comment: 'written by fflate' },
    );
    const back = unzipEntries(theirs);
    expect(Object.keys(back)).toEqual(entries.map(([n]) => n));
    for (const [n, d] of entries) expect(Buffer.from(back[n]).equals(Buffer.from(d)), n).toBe(true);
  });
  it('stableOfficeZip of a package gives the same bytes as of its entries', () => {
    const pkg = zipSync(Object.fromEntries(entries));
    expect(stableOfficeZip(pkg).equals(stableOfficeZip(Object.fromEntries(entries)))).toBe(true);
  });
});
