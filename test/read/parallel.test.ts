/**
 * The two-thread reader must give exactly what the one-thread reader gives:
 * the same matrix, dictionary (in order of first appearance), hours, person
 * columns and line numbers, and the same error — message, line and column —
 * for bad input in either half or an id repeated across the halves.
 * (Runs the compiled worker: `npm test` builds first.)
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Extract } from '../../src/read/extract.js';
import { type ReadOptions, readWide } from '../../src/read/wide.js';
import { tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder();
const WEEKS = Array.from({ length: 40 }, (_, i) => `y_17${String(i + 1).padStart(2, '0')}`);
const MONTHS = Array.from({ length: 9 }, (_, i) => `timer_2017_${String(i + 1).padStart(2, '0')}`);
const ROWS = 16000;

/** A deterministic pseudo-random stream (LCG). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * ~3 MB wide extract. Codes: four common ones, a 5-byte one, "X1" first at
 * row 5000 (after the seed, first half), "Z9" and "Q77777" only in the second
 * half, "X1" also early in the second half. Hours: one decimal, and three
 * decimals only in the second half. Municipalities include "Ærø"/"Årø", the
 * latter only from the second half on.
 */
function extractText(
  edit: (row: number, fields: string[]) => void = () => undefined,
  threeDecimals = true,
): string {
  const rnd = stream(7);
  const lines = [['pnr', 'kom', 'alder', ...WEEKS, ...MONTHS].join(',')];
  const common = ['771', '772', '130', '5111', '99999'];
  for (let r = 0; r < ROWS; r++) {
    const f: string[] = [
      `p${r}`,
      ['101', '165', 'Ærø'][Math.floor(rnd() * 3)],
      String(20 + Math.floor(rnd() * 40)),
    ];
    if (r > ROWS * 0.6 && rnd() < 0.2) f[1] = 'Årø';
    for (let w = 0; w < WEEKS.length; w++) {
      const u = rnd();
      let code = u < 0.5 ? '' : common[Math.floor(rnd() * common.length)];
      if (r >= 5000 && u > 0.97) code = 'X1';
      if (r >= ROWS * 0.7 && u > 0.985) code = 'Z9';
      if (r >= ROWS * 0.8 && u > 0.995) code = 'Q77777';
      if (r === 997 && w === 3) code = '997'; // a censor code, early
      f.push(code);
    }
    for (let m = 0; m < MONTHS.length; m++) {
      const u = rnd();
      f.push(
        u < 0.6
          ? ''
          : threeDecimals && r > ROWS * 0.75 && u > 0.95
            ? (rnd() * 100).toFixed(3)
            : (rnd() * 160).toFixed(1),
      );
    }
    edit(r, f);
    lines.push(f.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Everything an Extract holds, as plain values (hours as numbers: the array type may differ). */
function plain(x: Extract) {
  return {
    persons: x.persons,
    ids: x.ids,
    lines: Array.from(x.lines),
    codeDict: x.codeDict,
    codes: Buffer.from(x.codes.buffer, x.codes.byteOffset, x.codes.byteLength).toString('base64'),
    codeCounts: Array.from(x.codeCounts),
    hours: Array.from(x.hours),
    hoursDecimals: x.hoursDecimals,
    municipality: { levels: x.municipality.levels, codes: Array.from(x.municipality.codes) },
    covariates: x.covariates.map((c) => ({
      name: c.name,
      levels: c.levels,
      codes: Array.from(c.codes),
    })),
    censored: x.censoredBeforeFirstWeek ? Array.from(x.censoredBeforeFirstWeek) : null,
    weeks: [x.firstWeek, x.weeks],
  };
}

async function both(file: string, opts: ReadOptions = {}) {
  let threads = 0;
  const one = await readWide(file, { ...opts, threads: 1 });
  const two = await readWide(file, { ...opts, threads: 2, onThreads: (n) => (threads = n) });
  return { one, two, threads };
}

describe('two-thread reader', () => {
  const file = writeIn(dir, 'big.csv', extractText());

  it('gives the one-thread result exactly, on two threads', async () => {
    const { one, two, threads } = await both(file);
    expect(threads).toBe(2);
    expect(one.persons).toBe(ROWS);
    // The fixture does what it says: codes first seen late, three-decimal hours.
    expect(one.codeDict).toEqual(['', ...one.codeDict.slice(1)]);
    expect(one.codeDict.indexOf('Z9')).toBeGreaterThan(one.codeDict.indexOf('X1'));
    expect(one.codeDict).toContain('Q77777');
    expect(one.hoursDecimals).toBe(3);
    expect(one.municipality.levels).toContain('Årø');
    expect(plain(two)).toEqual(plain(one));
  });

  it('with a week window and censor codes before it', async () => {
    const opts = { keepWeeks: { from: 1701 + 0, to: 0 }, censorCodes: ['997'] };
    const { weekSerial } = await import('../../src/calendar/isoweek.js');
    opts.keepWeeks = { from: weekSerial(2017, 10), to: weekSerial(2017, 30) };
    const { one, two, threads } = await both(file, opts);
    expect(threads).toBe(2);
    expect(one.censoredBeforeFirstWeek![997]).toBe(1);
    expect(plain(two)).toEqual(plain(one));
  });

  it('with small chunks (lines carried over between reads)', async () => {
    const { one, two } = await both(file, { chunkBytes: 4096 });
    expect(plain(two)).toEqual(plain(one));
  });

  it('hours with the same decimals in both halves (merged in place)', async () => {
    const f = writeIn(dir, 'two-decimals.csv', extractText(undefined, false));
    const { one, two, threads } = await both(f);
    expect(threads).toBe(2);
    expect(one.hoursDecimals).toBe(2);
    expect(plain(two)).toEqual(plain(one));
  });

  it(
    'rows beyond the estimated room (long first lines): the halves grow and ' +
      'still merge exactly',
    async () => {
      // The row estimate comes from the first 64 kB (chunkBytes 4096): long lines there make it far
      // too small.
      const f = writeIn(
        dir,
        'long-first.csv',
        extractText((r, fields) => {
          if (r < 200) fields[2] = 'x'.repeat(2000);
        }),
      );
      const { one, two, threads } = await both(f, { chunkBytes: 4096 });
      expect(threads).toBe(2);
      expect(plain(two)).toEqual(plain(one));
    },
  );

  const sameError = async (
    name: string,
    edit: (row: number, f: string[]) => void,
    expected: { line: number; column: number; message: RegExp },
  ) => {
    const f = writeIn(dir, name, extractText(edit));
    const errs: InputError[] = [];
    for (const threads of [1, 2] as const) {
      const err = await readWide(f, { threads }).then(
        () => null,
        (e) => e,
      );
      expect(err).toBeInstanceOf(InputError);
      errs.push(err as InputError);
    }
    expect(errs[1].describe()).toBe(errs[0].describe());
    expect([errs[0].line, errs[0].column]).toEqual([expected.line, expected.column]);
    expect(errs[0].message).toMatch(expected.message);
  };

  it('bad hours in the second half: the same error', () =>
    sameError(
      'bad-hours.csv',
      (r, f) => {
        if (r === 12000) f[3 + WEEKS.length + 2] = '0x10';
      },
      {
        line: 12002,
        column: 3 + WEEKS.length + 3,
        message: /not a decimal number/,
      },
    ));

  it('an id in both halves: the same error, naming the first line', () =>
    sameError(
      'dup-across.csv',
      (r, f) => {
        if (r === 13000) f[0] = 'p100';
      },
      {
        line: 13002,
        column: 1,
        message: /duplicate person id "p100" \(first seen on line 102\)/,
      },
    ));

  it('an id twice in the second half', () =>
    sameError(
      'dup-second.csv',
      (r, f) => {
        if (r === 14000) f[0] = 'p12000';
      },
      {
        line: 14002,
        column: 1,
        message: /first seen on line 12002/,
      },
    ));

  it('a ragged row in the first half after the seed', () =>
    sameError('ragged.csv', (r, f) => r === 6000 && f.pop(), {
      line: 6002,
      column: 3 + WEEKS.length + MONTHS.length,
      message: /row has 51 fields, the header has 52/,
    }));

  it('the first error in the file wins (first half before second half)', () =>
    sameError(
      'two-errors.csv',
      (r, f) => {
        if (r === 7000 || r === 12000) f[1] = '"unclosed';
      },
      {
        line: 7002,
        column: 2,
        message: /quoted field is not closed/,
      },
    ));

  it('invalid UTF-8 in the second half', async () => {
    const text = Buffer.from(
      extractText((r, f) => {
        if (r === 15000) f[1] = 'MARK';
      }),
    );
    const at = text.indexOf('MARK');
    text[at] = 0xc6; // Latin-1 "Æ": not valid UTF-8 here
    await (async () => {
      const f = writeIn(dir, 'latin1-late.csv', text);
      const a = await readWide(f, { threads: 1 }).then(
        () => null,
        (e) => e as InputError,
      );
      const b = await readWide(f, { threads: 2 }).then(
        () => null,
        (e) => e as InputError,
      );
      expect(b!.describe()).toBe(a!.describe());
      expect([a!.line, a!.column]).toEqual([15002, 2]);
    })();
  });
});
