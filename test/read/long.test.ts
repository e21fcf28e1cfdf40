import { describe, expect, it } from 'vitest';
import { weekSerial } from '../../src/calendar/isoweek.js';
import { hoursAt, InputError, personValue, readExtract } from '../../src/read/index.js';
import { readLong } from '../../src/read/long.js';
import { tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder();

describe('long reader', () => {
  it('reads person-week rows and a person file into the same matrix as wide', async () => {
    const persons = writeIn(dir, 'persons.csv', 'pnr,kom,alder\n1,101,30\n2,165,41\n');
    const file = writeIn(
      dir,
      'long.csv',
      'pnr,week,code,hours\n1,2017-W01,771,\n1,1702,772,\n2,2016-W52,130,\n2,2017-W01,130,12.5\n',
    );
    const x = await readExtract(file, { personsFile: persons });
    expect(x.format).toBe('long');
    expect(x.persons).toBe(2);
    expect(x.firstWeek).toBe(weekSerial(2016, 52));
    expect(x.weeks).toBe(3);
    const code = (p: number, j: number) => x.codeDict[x.codes[p * x.weeks + j]];
    expect([code(0, 0), code(0, 1), code(0, 2)]).toEqual(['', '771', '772']);
    expect([code(1, 0), code(1, 1), code(1, 2)]).toEqual(['130', '130', '']);
    expect(hoursAt(x, 1, 1)).toBe(12.5);
    expect(personValue(x.municipality, 1)).toBe('165');
    expect(personValue(x.covariates[0], 0)).toBe('30');
  });

  it('keeps persons missing from the person file with an empty municipality', async () => {
    const persons = writeIn(dir, 'p2.csv', 'pnr,kom\n1,101\n');
    const file = writeIn(dir, 'l2.csv', 'pnr,week,code\n1,1701,771\n9,1701,771\n');
    const x = await readLong(file, { personsFile: persons });
    expect(x.persons).toBe(2);
    expect(personValue(x.municipality, 1)).toBe('');
  });

  it('rejects a bad week, a duplicate person-week and bad hours with line and column', async () => {
    const bad = async (content: string, re: RegExp, line: number) => {
      const err = await readExtract(writeIn(dir, 'bad.csv', content)).then(
        () => null,
        (e) => e,
      );
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toMatch(re);
      expect(err.line).toBe(line);
    };
    await bad('pnr,week,code\n1,2016-W53,771\n', /2016-W53 does not exist/, 2);
    await bad(
      'pnr,week,code\n1,1701,771\n1,2017-W01,772\n',
      /two rows for the same week \(first on line 2\)/,
      3,
    );
    await bad(
      'pnr,week,code,hours\n1,1701,771,x\n',
      /hours "x" in column hours are not a decimal number/,
      2,
    );
    await bad('pnr,week,code\n1,1701\n', /fields/, 2);
  });
});

describe('long format end to end', () => {
  it('gives the same cohorts and shares as the wide reference extract', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { referenceDir } = await import('../helpers/tmp.js');
    const { loadSpec, resolveSpec } = await import('../../src/spec/spec.js');
    const { buildCohorts } = await import('../../src/cohorts/cohorts.js');
    const { compileSpec } = await import('../../src/spec/compile.js');
    const { computeShares, shareCells } = await import('../../src/outcomes/shares.js');
    const { formatSerial } = await import('../../src/calendar/isoweek.js');
    // Turn the wide reference extract into long rows + a person file.
    const wide = await readExtract(path.join(referenceDir, 'dream.csv'));
    const rows = ['pnr,week,code,hours'];
    for (let p = 0; p < wide.persons; p++) {
      for (let j = 0; j < wide.weeks; j++) {
        const code = wide.codeDict[wide.codes[p * wide.weeks + j]];
        const h = hoursAt(wide, p, j);
        if (code !== '' || h > 0)
          rows.push(`${wide.ids[p]},${formatSerial(wide.firstWeek + j)},${code},${h || ''}`);
      }
    }
    const persons = [
      'pnr,kom,alder,koen,herkomst',
      ...wide.ids.map((id, p) =>
        [
          id,
          personValue(wide.municipality, p),
          ...wide.covariates.map((c) => personValue(c, p)),
        ].join(','),
      ),
    ];
    writeFileSync(path.join(dir, 'ref-long.csv'), rows.join('\n'));
    writeFileSync(path.join(dir, 'ref-persons.csv'), persons.join('\n'));
    const raw = JSON.parse(readFileSync(path.join(referenceDir, 'spec.json'), 'utf8'));
    const spec = resolveSpec(
      { ...raw, data: { ...raw.data, path: 'ref-long.csv', persons: 'ref-persons.csv' } },
      path.join(dir, 'spec.json'),
    );
    const long = await readExtract(spec.data.path, {
      personsFile: spec.data.persons!,
      requireMunicipality: true,
    });
    expect(long.format).toBe('long');
    const wideSpec = loadSpec(path.join(referenceDir, 'spec.json'));
    const cellsOf = (x: typeof wide, s: typeof spec) => {
      const b = buildCohorts(x, compileSpec(s, x));
      return shareCells(
        computeShares(x, compileSpec(s, x), b, s.outcomes[1] as never).calendar,
      ).filter((c) => c.n > 0);
    };
    expect(cellsOf(long, spec)).toEqual(cellsOf(wide, wideSpec));
  });
});

describe('long format errors', () => {
  const bad = async (
    files: { long: string; persons?: string },
    re: RegExp,
    where: { file: 'long' | 'persons'; line?: number },
  ) => {
    const long = writeIn(dir, 'e-long.csv', files.long);
    const persons =
      files.persons === undefined ? undefined : writeIn(dir, 'e-persons.csv', files.persons);
    const err = await readExtract(long, { personsFile: persons, requireMunicipality: true }).then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(re);
    expect(err.file).toBe(where.file === 'long' ? long : persons);
    if (where.line !== undefined) expect(err.line).toBe(where.line);
  };
  it('duplicate person in the person file', () =>
    bad(
      { long: 'pnr,week,code\n1,1701,771\n', persons: 'pnr,kom\n1,101\n1,165\n' },
      /duplicate person id "1" \(first seen on line 2\)/,
      { file: 'persons', line: 3 },
    ));
  it('person file without the municipality column', () =>
    bad(
      { long: 'pnr,week,code\n1,1701,771\n', persons: 'pnr,alder\n1,30\n' },
      /no municipality column "kom"/,
      { file: 'persons', line: 1 },
    ));
  it('long file without an id column', () =>
    bad(
      { long: 'person,week,code\n1,1701,771\n', persons: 'pnr,kom\n1,101\n' },
      /no person id column "pnr"/,
      { file: 'long', line: 1 },
    ));
  it('binary person file', () =>
    bad({ long: 'pnr,week,code\n1,1701,771\n', persons: '\u0000\u0001binary' }, /binary/, {
      file: 'persons',
    }));
  it('empty person id', () =>
    bad({ long: 'pnr,week,code\n,1701,771\n', persons: 'pnr,kom\n1,101\n' }, /empty person id/, {
      file: 'long',
      line: 2,
    }));
  it('a week that is not a week', () =>
    bad(
      { long: 'pnr,week,code\n1,soon,771\n', persons: 'pnr,kom\n1,101\n' },
      /"soon" is not a week/,
      { file: 'long', line: 2 },
    ));
});

describe('long format: the week window', () => {
  it("keeps the spec's weeks as the wide reader does, censoring on codes before them", async () => {
    // The same extract twice: weeks 2016-W51 … 2017-W03; person 2 dies (997) before the window.
    const wide = writeIn(
      dir,
      'win-wide.csv',
      [
        'pnr,kom,y_1651,y_1652,y_1701,y_1702,y_1703,h_1651,h_1652,h_1701,h_1702,h_1703',
        '1,101,771,,771,772,,1,2,3.5,4,5',
        '2,165,997,,,,,,,,,',
        '3,101,,771,,,130,,,,,7.25',
      ].join('\n'),
    );
    const long = writeIn(
      dir,
      'win-long.csv',
      [
        'pnr,week,code,hours',
        '1,1651,771,1',
        '1,1652,,2',
        '1,1701,771,3.5',
        '1,1702,772,4',
        '1,1703,,5',
        '2,1651,997,',
        '3,1652,771,',
        '3,1703,130,7.25',
      ].join('\n'),
    );
    const persons = writeIn(dir, 'win-persons.csv', 'pnr,kom\n1,101\n2,165\n3,101\n');
    const opts = {
      keepWeeks: { from: weekSerial(2016, 52), to: weekSerial(2017, 2) },
      censorCodes: ['997'],
    };
    const w = await readExtract(wide, opts);
    const l = await readExtract(long, { ...opts, personsFile: persons });
    // Window 2016-W52 … 2017-W02: three weeks; the file's weeks are kept as fileWeeks.
    for (const x of [w, l]) {
      expect(x.firstWeek).toBe(weekSerial(2016, 52));
      expect(x.weeks).toBe(3);
      expect(x.fileWeeks).toEqual({ first: weekSerial(2016, 51), last: weekSerial(2017, 3) });
      expect(Array.from(x.censoredBeforeFirstWeek!)).toEqual([0, 1, 0]);
      const code = (p: number, j: number) => x.codeDict[x.codes[p * x.weeks + j]];
      expect([0, 1, 2].map((j) => code(0, j))).toEqual(['', '771', '772']);
      expect([0, 1, 2].map((j) => code(2, j))).toEqual(['771', '', '']);
      expect([0, 1, 2].map((j) => hoursAt(x, 0, j))).toEqual([2, 3.5, 4]);
      expect(x.codeCounts[0]).toBe(3 * 3 - 3); // filled: 771, 772 (person 1), 771 (person 3)
    }
    // A window outside the file's weeks is an error, as in the wide reader.
    const err = await readExtract(long, {
      keepWeeks: { from: weekSerial(2018, 1), to: weekSerial(2018, 5) },
      personsFile: persons,
    }).then(
      () => null,
      (e) => e,
    );
    expect(err.message).toMatch(/do not overlap the weeks needed/);
  });

  it('still finds two rows for one week outside the window', async () => {
    const long = writeIn(dir, 'win-dup.csv', 'pnr,week,code\n1,1701,771\n1,1650,771\n1,1650,772\n');
    const err = await readExtract(long, {
      keepWeeks: { from: weekSerial(2017, 1), to: weekSerial(2017, 1) },
    }).then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/two rows for the same week \(first on line 3\)/);
    expect(err.line).toBe(4);
  });
});
