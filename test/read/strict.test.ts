/**
 * Strict, exact input (issue 12, items 3–4): encodings, case-insensitive
 * duplicate columns, hours as decimals only, NUL bytes anywhere, pipes and
 * devices refused, and hours thresholds on the exact decimals.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCohorts } from '../../src/cohorts/cohorts.js';
import { computeDurations } from '../../src/outcomes/durations.js';
import { computeShares, shareCells } from '../../src/outcomes/shares.js';
import { hoursAt, hoursThreshold } from '../../src/read/extract.js';
import { decimalOf, hoursCutoffs, parsedDecimals, parseHours } from '../../src/read/hours.js';
import { InputError, personValue, readExtract } from '../../src/read/index.js';
import { compileSpec } from '../../src/spec/compile.js';
import { resolveSpec } from '../../src/spec/spec.js';
import { effekt } from '../helpers/effekt.js';
import { repoRoot, tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder();

async function inputError(
  file: string,
  opts: Parameters<typeof readExtract>[1] = {},
): Promise<InputError> {
  const err = await readExtract(file, opts).then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('text encodings', () => {
  // "Ærø" and "Årø" differ only in their first letter; so do the ids "Søren" and "Sören".
  const wide = 'pnr,kom,ø,y_1701\nSøren,Ærø,1,771\nSören,Årø,2,\nØ,Ærø,3,772\n';

  it('reads Latin-1 when declared: levels and ids stay distinct', async () => {
    const x = await readExtract(writeIn(dir, 'latin1.csv', latin1(wide)), { encoding: 'latin1' });
    expect(x.ids).toEqual(['Søren', 'Sören', 'Ø']);
    expect(x.municipality.levels).toEqual(['', 'Ærø', 'Årø']);
    expect([0, 1, 2].map((p) => personValue(x.municipality, p))).toEqual(['Ærø', 'Årø', 'Ærø']);
    expect(x.covariates[0].name).toBe('ø');
  });

  it('reads Windows-1252, where 0x80–0x9F are € ‚ „ … Œ and so on', async () => {
    // 0x80 = €, 0x8C = Œ, 0x9C = œ (Latin-1 has C1 controls there).
    const bytes = Buffer.concat([
      latin1('pnr,kom,y_1701\n1,'),
      Buffer.from([0x80, 0x8c, 0x9c]),
      latin1(',771\n2,æ,\n'),
    ]);
    const x = await readExtract(writeIn(dir, 'cp1252.csv', bytes), { encoding: 'windows-1252' });
    expect(x.municipality.levels).toEqual(['', '€Œœ', 'æ']);
    const l = await readExtract(writeIn(dir, 'cp1252-as-latin1.csv', bytes), {
      encoding: 'latin1',
    });
    expect(l.municipality.levels[1]).toBe('\u0080\u008c\u009c');
  });

  it('reads UTF-8 æøå by default', async () => {
    const x = await readExtract(writeIn(dir, 'utf8.csv', wide));
    expect(x.ids).toEqual(['Søren', 'Sören', 'Ø']);
    expect(x.municipality.levels).toEqual(['', 'Ærø', 'Årø']);
  });

  it('rejects invalid UTF-8 without a declaration, with line, column and the hint', async () => {
    const err = await inputError(writeIn(dir, 'latin1-undeclared.csv', latin1(wide)));
    // Line 1, column 3 is the header's "ø" (0xF8 is never valid UTF-8).
    expect([err.line, err.column]).toEqual([1, 3]);
    expect(err.message).toMatch(/invalid UTF-8 \(bytes F8/);
    expect(err.message).toMatch(/"encoding": "latin1" or "windows-1252" under "data"/);
    const body = await inputError(
      writeIn(dir, 'latin1-body.csv', latin1('pnr,kom,y_1701\n1,101,771\n2,Ærø,\n')),
    );
    expect([body.line, body.column]).toEqual([3, 2]);
  });

  it('finds invalid UTF-8 far into the file, by line and field', async () => {
    const rows = ['pnr,kom,y_1701,y_1702'];
    for (let i = 0; i < 20000; i++) rows.push(`${i},101,771,`);
    const text = Buffer.concat([
      Buffer.from(`${rows.join('\n')}\n20000,101,77`),
      Buffer.from([0xe6]),
      Buffer.from(',\n'),
    ]);
    const err = await inputError(writeIn(dir, 'late-latin1.csv', text), { chunkBytes: 4096 });
    expect([err.line, err.column]).toEqual([20002, 3]);
  });

  it('rejects a UTF-8 byte-order mark in a file declared Latin-1', async () => {
    const err = await inputError(
      writeIn(dir, 'bom-latin1.csv', '\uFEFFpnr,kom,y_1701\n1,101,771\n'),
      { encoding: 'latin1' },
    );
    expect(err.message).toMatch(/byte-order mark/);
  });

  it(
    'long format and person file: declared Latin-1 keeps levels apart; ' + 'undeclared is an error',
    async () => {
      const long = writeIn(
        dir,
        'l1.csv',
        latin1('pnr,week,code\nSøren,1701,771\nSören,1701,772\n'),
      );
      const persons = writeIn(dir, 'l1-persons.csv', latin1('pnr,kom\nSøren,Ærø\nSören,Årø\n'));
      const x = await readExtract(long, { personsFile: persons, encoding: 'latin1' });
      expect(x.ids).toEqual(['Søren', 'Sören']);
      expect(x.municipality.levels).toEqual(['', 'Ærø', 'Årø']);
      const err = await inputError(long, { personsFile: persons });
      expect(err.file).toBe(persons);
      expect([err.line, err.column]).toEqual([2, 1]);
      expect(err.message).toMatch(/invalid UTF-8/);
    },
  );

  it('inspect --encoding latin1 reads it; without, exit 2 with the hint', () => {
    const f = writeIn(dir, 'inspect-latin1.csv', latin1(wide));
    const ok = effekt(['inspect', f, '--encoding', 'latin1', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).persons).toBe(3);
    const bad = effekt(['inspect', f]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/:1:3: invalid UTF-8.*inspect: --encoding/);
  });

  it('the spec key data.encoding reaches the reader', () => {
    const s = resolveSpec(
      {
        name: 'e',
        data: { path: 'x.csv', encoding: 'windows-1252' },
        codes: { programme: ['1'] },
        treated: ['1'],
        cohorts: {
          before: { entry: ['2017-W01', '2017-W02'], until: '2017-W10' },
          during: { entry: ['2017-W03', '2017-W04'], until: '2017-W10' },
        },
        outcomes: [{ id: 'h', type: 'share', state: 'hours', population: 'in-programme' }],
      },
      path.join(dir, 'spec.json'),
    );
    expect(s.data.encoding).toBe('windows-1252');
    expect(() =>
      resolveSpec(
        { name: 'e', data: { path: 'x.csv', encoding: 'ascii' } } as never,
        path.join(dir, 'spec.json'),
      ),
    ).toThrow(/utf-8.*latin1.*windows-1252/);
  });
});

describe('duplicate columns', () => {
  it('compares names without letter case and names both columns', async () => {
    const err = await inputError(
      writeIn(dir, 'dupcase.csv', 'pnr,kom,y_1710,Y_1710\n1,101,771,772\n'),
    );
    expect(err.message).toMatch(/columns "y_1710" and "Y_1710" differ only in letter case/);
    expect(err.message).toMatch(/columns 3 and 4/);
    expect([err.line, err.column]).toEqual([1, 4]);
  });
  it('also in the long format', async () => {
    const err = await inputError(
      writeIn(dir, 'dupcase-long.csv', 'pnr,week,code,Code\n1,1701,771,772\n'),
    );
    expect(err.message).toMatch(/"code" and "Code"/);
  });
});

describe('hours: decimal numbers only', () => {
  const header = 'pnr;kom;y_1701;h_1701\n';
  const read = (value: string, sep = ';') =>
    readExtract(
      writeIn(
        dir,
        'h.csv',
        (sep === ';' ? header : header.replaceAll(';', ',')) +
          `1${sep}101${sep}771${sep}${value}\n`,
      ),
    );

  it.each([
    ['7.4', 7.4],
    ['7,4', 7.4],
    ['37', 37],
    [' 12 ', 12],
    ['07.40', 7.4],
    ['0', 0],
    ['', 0],
    ['168.123456', 168.123456],
  ])('accepts %j as %d', async (value, expected) => {
    expect(hoursAt(await read(value), 0, 0)).toBe(expected);
  });

  it.each([
    '0x10',
    '0b101',
    '0o7',
    '1e2',
    '1e400',
    '9'.repeat(400),
    'Infinity',
    'NaN',
    '+3',
    '.5',
    '7.',
    '1.000.000',
    '7.4.1',
    '12h',
    '１２',
  ])('rejects %j with line and column', async (value) => {
    const err = await inputError(writeIn(dir, 'hbad.csv', `${header}1;101;771;${value}\n`));
    expect([err.line, err.column]).toEqual([2, 4]);
    expect(err.message).toMatch(/are not a decimal number|more than 15 digits/);
  });

  it('rejects negative hours', async () => {
    const err = await inputError(writeIn(dir, 'hneg.csv', `${header}1;101;771;-3\n`));
    expect(err.message).toMatch(/negative hours "-3"/);
  });

  it('a decimal comma only with the ";" separator', async () => {
    const err = await inputError(
      writeIn(dir, 'hcomma.csv', 'pnr,kom,y_1701,h_1701\n1,101,771,"7,4"\n'),
    );
    expect(err.message).toMatch(/hours "7,4" in column h_1701 are not a decimal number/);
    expect([err.line, err.column]).toEqual([2, 4]);
  });

  it('more than 15 digits cannot be exact and is refused', async () => {
    const err = await inputError(
      writeIn(dir, 'hlong.csv', `${header}1;101;771;1234567890123456\n`),
    );
    expect(err.message).toMatch(/more than 15 digits/);
  });

  it('parses digits and decimals exactly', () => {
    const b = Buffer.from('0012.340');
    expect(parseHours(b, 0, b.length, false)).toBe(12340);
    expect(parsedDecimals).toBe(3);
  });

  it('long format: the same rules', async () => {
    const err = await inputError(
      writeIn(dir, 'hlong-fmt.csv', 'pnr,week,code,hours\n1,1701,771,0x10\n'),
    );
    expect(err.message).toMatch(/hours "0x10" in column hours are not a decimal number/);
    expect([err.line, err.column]).toEqual([2, 4]);
  });
});

describe('NUL bytes', () => {
  it('are rejected anywhere in a wide file, also after the first 64 KiB', async () => {
    const rows = ['pnr,kom,y_1701'];
    for (let i = 0; i < 10000; i++) rows.push(`${i},101,771`);
    const text = Buffer.concat([
      Buffer.from(`${rows.join('\n')}\n10000,101,7`),
      Buffer.from([0]),
      Buffer.from('1\n'),
    ]);
    expect(text.length).toBeGreaterThan(65536 * 1.5);
    const err = await inputError(writeIn(dir, 'nul.csv', text));
    expect(err.message).toMatch(/NUL byte/);
    expect([err.line, err.column]).toEqual([10002, 3]);
  });
  it('and in a long file', async () => {
    const rows = ['pnr,week,code'];
    for (let i = 0; i < 10000; i++) rows.push(`${i},1701,771`);
    const text = Buffer.concat([
      Buffer.from(`${rows.join('\n')}\n10000,1701,7`),
      Buffer.from([0]),
      Buffer.from('1\n'),
    ]);
    const err = await inputError(writeIn(dir, 'nul-long.csv', text));
    expect(err.message).toMatch(/NUL byte/);
    expect([err.line, err.column]).toEqual([10002, 3]);
  });
});

describe('pipes and devices are refused up front, never a hang', () => {
  it('a named pipe', async () => {
    const fifo = path.join(dir, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    const err = await inputError(fifo);
    expect(err.message).toMatch(/is a pipe, not a regular file/);
  }, 60_000);

  it('/dev/zero', async () => {
    const err = await inputError('/dev/zero');
    expect(err.message).toMatch(/is a device, not a regular file/);
  }, 60_000);

  it('a pipe from the shell (/dev/stdin) through the CLI: exit 2, one line', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'bin', 'effekt'), 'inspect', '/dev/stdin'],
      { input: 'pnr,kom,y_1701\n1,101,771\n', encoding: 'utf8', timeout: 300_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it('data.path = /dev/zero in a spec: exit 2', () => {
    const spec = writeIn(
      dir,
      'zero-spec.json',
      JSON.stringify({
        name: 'z',
        data: { path: '/dev/zero' },
        codes: { programme: ['1'] },
        treated: ['1'],
        cohorts: {
          before: { entry: ['2017-W01', '2017-W02'], until: '2017-W10' },
          during: { entry: ['2017-W03', '2017-W04'], until: '2017-W10' },
        },
        outcomes: [{ id: 'h', type: 'share', state: 'hours', population: 'in-programme' }],
      }),
    );
    const r = effekt(['run', spec, '--out', path.join(dir, 'zero-out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/dev\/zero: is a device/);
  });
});

describe('hours thresholds on the exact decimals', () => {
  it('the spec number is read as the decimal it was written as', () => {
    expect(decimalOf(7.4)).toEqual({ digits: 74n, decimals: 1 });
    expect(decimalOf(10)).toEqual({ digits: 10n, decimals: 0 });
    expect(decimalOf(1e-7)).toEqual({ digits: 1n, decimals: 7 });
    expect(decimalOf(2.5e21)).toEqual({ digits: 25n, decimals: -20 });
  });

  it('cut-offs: largest stored value not above threshold × weeks', () => {
    // 7.4 h/week, two decimals stored: weekly 740; 4-week month 2960; 5-week month 3700.
    expect(Array.from(hoursCutoffs(7.4, [1, 4, 5], 2))).toEqual([740, 2960, 3700]);
    // 7.45 h with one decimal stored: 74.5 → 74 (a stored 74.5 cannot occur; 75 is above).
    expect(Array.from(hoursCutoffs(7.45, [1], 1))).toEqual([74]);
  });

  // Weeks 2017-W01..W05: W01–W04 in January (4 Thursdays), W05 in February (4).
  // March 2018 has 5 Thursdays.
  // The during cohort's entry week has no starts (everyone starts in the before window).
  const spec = (hoursAbove: number, first: string, until: string, later: string) =>
    resolveSpec(
      {
        name: 'x',
        data: { path: 'x.csv' },
        codes: { programme: ['521'] },
        treated: ['165'],
        states: { over: { codes: ['521'], hoursAbove } },
        cohorts: {
          before: { entry: [first, first], until },
          during: { entry: [later, later], until: later },
        },
        outcomes: [
          { id: 'o', type: 'share', state: 'over', population: 'in-programme' },
          { id: 't', type: 'survival', event: 'over' },
        ],
      },
      path.join(dir, 'spec.json'),
    );

  it(
    'weekly: exactly 7.4 h is not above hoursAbove 7.4 (8 persons, 2 weeks ' + 'each: 0 of 16)',
    async () => {
      const rows = ['pnr,kom,y_1652,y_1701,y_1702,y_1703,h_1701,h_1702'];
      for (let i = 1; i <= 8; i++) rows.push(`${i},101,,521,521,521,7.4,7.40`);
      rows.push('9,101,,521,521,521,7.41,7.39'); // above in week 1 only
      const x = await readExtract(writeIn(dir, 'exact-weekly.csv', rows.join('\n')));
      const s = spec(7.4, '2017-W01', '2017-W02', '2017-W03');
      const b = buildCohorts(x, compileSpec(s, x));
      const cells = shareCells(
        computeShares(x, compileSpec(s, x), b, s.outcomes[0] as never).calendar,
      ).filter((c) => c.group === 'comparison' && c.cohort === 'before');
      expect(cells.map((c) => [c.n, c.events])).toEqual([
        [9, 1],
        [9, 0],
      ]);
      const d = computeDurations(x, compileSpec(s, x), b, s.outcomes[1] as never);
      // Person 9 has the event in its first week; nobody else has one.
      expect(b.members.size).toBe(9);
      expect(Array.from(d.event)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
      expect(d.time[8]).toBe(1);
    },
  );

  it(
    'monthly: the weekly average is compared exactly (1.05 h in a 5-week ' +
      'month is not above 0.21)',
    async () => {
      // In doubles 1.05 / 5 > 0.21 — the exact comparison says equal, so not above.
      expect(1.05 / 5 > 0.21).toBe(true);
      const rows = [
        'pnr,kom,y_1809,y_1810,y_1811,timer_2018_03',
        '1,101,,521,521,1.05', // exactly 0.21 h/week: not above
        '2,101,,521,521,1.06', // above
      ];
      const x = await readExtract(writeIn(dir, 'exact-monthly.csv', rows.join('\n')));
      expect(x.weeksPerHoursColumn[0]).toBe(5);
      const cut = hoursThreshold(x, 0.21);
      expect(Array.from(cut)).toEqual([105]);
      const s = spec(0.21, '2018-W10', '2018-W10', '2018-W11');
      const b = buildCohorts(x, compileSpec(s, x));
      const cells = shareCells(
        computeShares(x, compileSpec(s, x), b, s.outcomes[0] as never).calendar,
      ).filter((c) => c.group === 'comparison' && c.cohort === 'before');
      expect(cells.map((c) => [c.n, c.events])).toEqual([[2, 1]]);
    },
  );

  it('monthly: 29.6 h in a 4-week month is 7.4 h/week, not above 7.4; 29.61 is', async () => {
    const rows = [
      'pnr,kom,y_1652,y_1701,y_1702,timer_2017_01',
      '1,101,,521,521,29.6',
      '2,101,,521,521,29.61',
      '3,101,,521,521,29.60',
    ];
    const x = await readExtract(writeIn(dir, 'exact-monthly4.csv', rows.join('\n')));
    const s = spec(7.4, '2017-W01', '2017-W01', '2017-W02');
    const b = buildCohorts(x, compileSpec(s, x));
    const cells = shareCells(
      computeShares(x, compileSpec(s, x), b, s.outcomes[0] as never).calendar,
    ).filter((c) => c.group === 'comparison' && c.cohort === 'before');
    expect(cells.map((c) => [c.n, c.events])).toEqual([[3, 1]]);
  });
});
