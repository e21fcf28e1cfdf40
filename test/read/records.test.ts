/**
 * readCsvRecords splits small files without quotes itself (plainRecords) and leaves the rest to
 * csv-parse: both must give what csv-parse gives, record by record with line numbers, and the
 * same messages. csv-parse itself (its sync API on the same text) is the oracle.
 */
import { rmSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readCsvRecords } from '../../src/read/records.js';
import { tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder('effekt-records-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string | Buffer, encoding?: 'latin1') {
  const file = writeIn(dir, name, text);
  const rows: [string[], number][] = [];
  let header: string[] = [];
  const res = await readCsvRecords(
    file,
    { onHeader: (h) => (header = h), onRecord: (f, line) => rows.push([f, line]) },
    encoding,
  );
  return { header, rows, sha256: res.sha256 };
}

/** csv-parse's records and line numbers for the same text (header trimmed, as effekt does). */
function oracle(text: string, delimiter: string) {
  const all = parse(text, { delimiter, bom: true, info: true, skip_empty_lines: true }) as {
    record: string[];
    info: { lines: number };
  }[];
  return {
    header: all[0].record.map((h) => h.trim()),
    rows: all.slice(1).map((r) => [r.record, r.info.lines]),
  };
}

const cases: [string, string, string][] = [
  ['plain', 'kom,id,score\n101,1,3\n157,2,4\n', ','],
  ['CRLF and blank lines', 'kom;id;score\r\n\r\n101;1;3\r\n\r\n157;2; 4 \r\n', ';'],
  ['BOM, no final newline', '\uFEFFkom,id , score\n101,1,3\n157,2,', ','],
  ['empty fields and spaces', 'a,b,c\n, ,\n  x,y  ,z\n', ','],
  ['quoted (csv-parse reads it)', 'a,b\n"1,5",2\n"x\ny",3\n', ','],
  ['non-ASCII', 'kommune,navn\n101,København\n147,Frederiksberg\n', ','],
];

describe('readCsvRecords', () => {
  for (const [name, text, sep] of cases)
    it(`gives csv-parse's records and lines: ${name}`, async () => {
      const got = await read(`${name}.csv`, text);
      const want = oracle(text, sep);
      expect(got.header).toEqual(want.header);
      expect(got.rows).toEqual(want.rows);
    });

  it('reads Latin-1 text as csv-parse reads the decoded text', async () => {
    const text = 'kommune,navn\n101,København\n';
    const got = await read('latin1.csv', Buffer.from(text, 'latin1'), 'latin1');
    expect(got.rows).toEqual(oracle(text, ',').rows);
  });

  it('names the line and column of a row with too many or too few fields, either way', async () => {
    for (const [name, text, line, column] of [
      ['short-plain.csv', 'a,b,c\n1,2,3\n\n4,5\n', 4, 3],
      ['long-plain.csv', 'a,b\n1,2\n3,4,5\n', 3, 3],
      ['short-quoted.csv', 'a,b,c\n"1",2,3\n\n4,5\n', 4, 3],
    ] as const) {
      const err = await read(name, text).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      const e = err as InputError;
      expect(e.message).toMatch(/row has \d fields, the header has \d/);
      expect([e.line, e.column]).toEqual([line, column]);
    }
  });

  it('refuses an empty file; a header alone gives no records', async () => {
    await expect(read('empty.csv', '')).rejects.toThrow(/expected a header row/);
    expect((await read('header.csv', 'a,b\n\n')).rows).toEqual([]);
  });
});
