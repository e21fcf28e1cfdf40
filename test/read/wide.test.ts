import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { weekSerial } from '../../src/calendar/isoweek.js';
import { weeklyHoursAt } from '../../src/read/extract.js';
import { hoursAt, InputError, personValue, readExtract } from '../../src/read/index.js';
import { referenceDir, tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder();

async function expectInputError(
  content: string | Buffer,
  pattern: RegExp,
  where: { line?: number; column?: number } = {},
  name = 'bad.csv',
) {
  const file = writeIn(dir, name, content);
  const err = await readExtract(file).then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).message).toMatch(pattern);
  expect((err as InputError).file).toBe(file);
  if (where.line !== undefined) expect((err as InputError).line).toBe(where.line);
  if (where.column !== undefined) expect((err as InputError).column).toBe(where.column);
  return err as InputError;
}

describe('wide reader', () => {
  it('reads codes, persons, hours and covariates', async () => {
    const file = writeIn(
      dir,
      'ok.csv',
      `${[
        'pnr,kom,alder,y_1652,y_1701,y_1702,h_1701',
        '1,101,30,,771,772,',
        '2,165,41,130,130,,12.5',
      ].join('\n')}\n`,
    );
    const x = await readExtract(file);
    expect(x.persons).toBe(2);
    expect(x.ids).toEqual(['1', '2']);
    expect(x.firstWeek).toBe(weekSerial(2016, 52));
    expect(x.weeks).toBe(3);
    expect(x.codeDict.slice(1).sort()).toEqual(['130', '771', '772']);
    const code = (p: number, j: number) => x.codeDict[x.codes[p * x.weeks + j]];
    expect([code(0, 0), code(0, 1), code(0, 2)]).toEqual(['', '771', '772']);
    expect([code(1, 0), code(1, 1), code(1, 2)]).toEqual(['130', '130', '']);
    expect(x.hoursKind).toBe('weekly');
    expect(hoursAt(x, 1, 1)).toBe(12.5);
    expect(hoursAt(x, 0, 1)).toBe(0);
    expect(hoursAt(x, 1, 0)).toBe(0); // no hours column for 2016-W52
    expect(personValue(x.municipality, 1)).toBe('165');
    expect(x.covariates.map((c) => c.name)).toEqual(['alder']);
    expect(personValue(x.covariates[0], 0)).toBe('30');
    // counts per code: 3 empty cells + 771, 772, 130×2
    expect(x.codeCounts[0]).toBe(2);
    expect(x.codeCounts[x.codeDict.indexOf('130')]).toBe(2);
    expect(x.lines[1]).toBe(3);
  });

  it('handles ";" separator, BOM, CRLF, decimal comma and quoted fields', async () => {
    const text =
      '\uFEFFpnr;kom;navn;y_1701;y_1702;h_1701;h_1702\r\n7;101;"Hansen; ' +
      'Jens";771;;8,5;\r\n8;101;"a ""b""";;772;;3\r\n';
    const x = await readExtract(writeIn(dir, 'semi.csv', text));
    expect(x.persons).toBe(2);
    expect(x.ids).toEqual(['7', '8']);
    expect(personValue(x.covariates[0], 0)).toBe('Hansen; Jens');
    expect(personValue(x.covariates[0], 1)).toBe('a "b"');
    expect(hoursAt(x, 0, 0)).toBe(8.5);
    expect(hoursAt(x, 1, 1)).toBe(3);
    expect(x.codeDict[x.codes[1 * 2 + 1]]).toBe('772');
  });

  it('applies monthly hours to every week whose Thursday is in the month', async () => {
    // 2017-W04 (Thu 26 Jan) and W05 (Thu 2 Feb); W09 (Thu 2 Mar).
    const x = await readExtract(
      writeIn(
        dir,
        'monthly.csv',
        'pnr,kom,y_1704,y_1705,y_1709,timer_2017_01,timer_2017_02\n1,101,,,,10,20\n',
      ),
    );
    expect(x.hoursKind).toBe('monthly');
    expect(hoursAt(x, 0, 0)).toBe(10);
    expect(hoursAt(x, 0, 1)).toBe(20);
    expect(hoursAt(x, 0, 5)).toBe(0); // 2017-W09 is in March: no column
    // January 2017 has 4 Thursdays (5, 12, 19, 26), February 2017 has 4 (2, 9, 16, 23).
    expect(Array.from(x.weeksPerHoursColumn)).toEqual([4, 4]);
    expect(weeklyHoursAt(x, 0, 0)).toBe(2.5);
  });

  it('counts 5-Thursday months', async () => {
    // March 2018 has Thursdays 1, 8, 15, 22, 29.
    const x = await readExtract(
      writeIn(dir, 'm5.csv', 'pnr,kom,y_1810,timer_2018_03\n1,101,,50\n'),
    );
    expect(x.weeksPerHoursColumn[0]).toBe(5);
    expect(weeklyHoursAt(x, 0, 0)).toBe(10);
  });

  it('keeps a week range with gaps and marks them', async () => {
    const x = await readExtract(writeIn(dir, 'gap.csv', 'pnr,kom,y_1701,y_1704\n1,101,771,771\n'));
    expect(x.weeks).toBe(4);
    expect(Array.from(x.weekPresent)).toEqual([1, 0, 0, 1]);
  });

  it('crosses the 53-week year 2015 and small chunks carry lines over', async () => {
    const rows = ['pnr,kom,y_1552,y_1553,y_1601'];
    for (let i = 0; i < 500; i++) rows.push(`${i},101,${i % 2 ? '771' : ''},772,`);
    const file = writeIn(dir, 'w53.csv', rows.join('\n'));
    const { readWide } = await import('../../src/read/wide.js');
    const x = await readWide(file, { chunkBytes: 1024 });
    expect(x.persons).toBe(500);
    expect(x.weeks).toBe(3);
    expect(x.codeCounts[x.codeDict.indexOf('772')]).toBe(500);
    expect(x.codeCounts[x.codeDict.indexOf('771')]).toBe(250);
    expect(x.ids[499]).toBe('499');
  });

  it('reads the 1,500-person reference extract', async () => {
    const x = await readExtract(path.join(referenceDir, 'dream.csv'));
    expect(x.persons).toBe(1500);
    // 2015-W40 .. 2019-W05: 14 weeks of 2015 (40..53), 52 + 52 + 52, 5 of 2019
    expect(x.weeks).toBe(14 + 52 + 52 + 52 + 5);
    expect(x.hoursKind).toBe('monthly');
    expect(x.covariates.map((c) => c.name)).toEqual(['alder', 'koen', 'herkomst']);
    expect(x.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('wide reader errors', () => {
  it('missing file', async () => {
    const err = await readExtract(path.join(dir, 'nope.csv')).then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/no such file/);
  });
  it('binary file', () =>
    expectInputError(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]), /binary/));
  it('empty file', () => expectInputError('', /empty/));
  it('not a CSV', () =>
    expectInputError('just some words\nmore words\n', /no "," or ";" separator/, { line: 1 }));
  it('no header', () =>
    expectInputError('1,101,771,772\n2,101,,771\n', /looks like data, not a header/, { line: 1 }));
  it('missing id column', () =>
    expectInputError('person,kom,y_1701\n1,101,771\n', /no person id column "pnr"/, { line: 1 }));
  it('malformed week column', () =>
    expectInputError('pnr,kom,y_17x1\n1,101,771\n', /"y_17x1" is not a valid week column name/, {
      line: 1,
      column: 3,
    }));
  it('week 53 in a year without it', () =>
    expectInputError('pnr,kom,y_1652,y_1653\n1,101,771,771\n', /2016-W53, which does not exist/, {
      line: 1,
      column: 4,
    }));
  it('too few fields', () =>
    expectInputError(
      'pnr,kom,y_1701,y_1702\n1,101,771,772\n2,101,771\n',
      /row has 3 fields, the header has 4/,
      { line: 3 },
    ));
  it('too many fields', () =>
    expectInputError('pnr,kom,y_1701\n1,101,771,772\n', /more fields than the header's 3/, {
      line: 2,
      column: 4,
    }));
  it('duplicate person id', () =>
    expectInputError(
      'pnr,kom,y_1701\n1,101,771\n2,101,\n1,165,772\n',
      /duplicate person id "1" \(first seen on line 2\)/,
      { line: 4, column: 1 },
    ));
  it('non-numeric hours', () =>
    expectInputError(
      'pnr,kom,y_1701,h_1701\n1,101,771,abc\n',
      /hours "abc" in column h_1701 are not a decimal number/,
      { line: 2, column: 4 },
    ));
  it('negative hours', () =>
    expectInputError('pnr,kom,y_1701,timer_2017_01\n1,101,771,-3\n', /negative hours "-3"/, {
      line: 2,
      column: 4,
    }));
  it('header but no rows', () => expectInputError('pnr,kom,y_1701\n', /no rows/));
  it('unclosed quote', () =>
    expectInputError('pnr,kom,y_1701\n1,"101,771\n', /quoted field is not closed/, { line: 2 }));
});
