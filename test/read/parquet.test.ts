/**
 * Parquet input: the same extract as CSV and as Parquet must give the same
 * Extract, field by field, and the same run; bad Parquet input gives the
 * CSV reader's errors (with "row N" for the line) and exit 2.
 *
 * The Parquet files are written here, from CSV text, with hyparquet-writer
 * directly (not with effekt's own writer), in several codecs and value types.
 */

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { type Extract, InputError, readExtract } from '../../src/read/index.js';
import { hoursOfValue, parquetRoutes } from '../../src/read/parquet.js';
import { writeWideParquet } from '../../src/simulate/parquet.js';
import { effekt } from '../helpers/effekt.js';
import { referenceDir, repoRoot, tmpFolder, writeIn } from '../helpers/tmp.js';

type Codec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'BROTLI' | 'ZSTD';
type ColumnType = 'STRING' | 'DOUBLE' | 'FLOAT' | 'INT32' | 'INT64';

/**
 * A zstd frame holding the input as one raw (stored) block — valid zstd
 * (RFC 8878 §3.1), enough to exercise the reader's zstd path without a
 * zstd compressor in Node 20.
 */
function zstdStored(input: Uint8Array): Uint8Array {
  // magic; single segment, 4-byte content size
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0xa0];
  const n = input.length;
  out.push(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255);
  let pos = 0;
  do {
    const size = Math.min(n - pos, 1 << 17);
    const last = pos + size >= n ? 1 : 0;
    const header = (size << 3) | last; // block type 0 = raw
    out.push(header & 255, (header >> 8) & 255, (header >> 16) & 255);
    for (let i = 0; i < size; i++) out.push(input[pos + i]);
    pos += size;
  } while (pos < n);
  return Uint8Array.from(out);
}

const compressors = {
  GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)),
  BROTLI: (b: Uint8Array) => new Uint8Array(brotliCompressSync(b)),
  ZSTD: zstdStored,
};

/**
 * CSV text (no quoted fields) → Parquet bytes: week columns as text (empty =
 * null), hours columns as `hoursType` (empty = null), other columns as text.
 */
function csvToParquet(
  csv: string,
  o: {
    codec?: Codec;
    hoursType?: ColumnType;
    codeType?: ColumnType;
    rowGroupSize?: number;
    types?: Record<string, ColumnType>;
    /** Every column PLAIN-encoded (no dictionary). */
    plain?: boolean;
    /** Columns without an empty cell written REQUIRED (no definition levels). */
    required?: boolean;
    /** Target page size in bytes (small: many pages per column chunk). */
    pageSize?: number;
  } = {},
): Buffer {
  const lines = csv
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  const [header, ...rows] = lines;
  const columnData = header.map((name, c) => {
    const lower = name.toLowerCase();
    const isHours = lower.startsWith('h_') || lower.startsWith('timer_') || lower === 'hours';
    const isCode = lower.startsWith('y_') || lower === 'code';
    const type: ColumnType =
      o.types?.[name] ??
      (isHours ? (o.hoursType ?? 'DOUBLE') : isCode ? (o.codeType ?? 'STRING') : 'STRING');
    const data = rows.map((r) => {
      const t = r[c];
      if (type === 'STRING') return isCode && t === '' ? null : t;
      if (t === '') return null;
      return type === 'INT64' ? BigInt(t) : Number(t);
    });
    return {
      name,
      data,
      type,
      ...(o.plain ? { encoding: 'PLAIN' as const } : {}),
      ...(o.required && !data.includes(null) ? { nullable: false } : {}),
    };
  });
  return Buffer.from(
    parquetWriteBuffer({
      columnData,
      codec: o.codec ?? 'SNAPPY',
      compressors,
      rowGroupSize: o.rowGroupSize ?? 1000,
      ...(o.pageSize ? { pageSize: o.pageSize } : {}),
    }),
  );
}

/**
 * Every field of two Extracts of the same data; codes compared as text (dictionary order is the
 * reader's own).
 */
function expectSameExtract(pq: Extract, csv: Extract, lineShift = 1): number {
  let compared = 0;
  const same = (field: string, a: unknown, b: unknown) => {
    expect(a, field).toEqual(b);
    compared++;
  };
  for (const field of [
    'format',
    'persons',
    'ids',
    'municipality',
    'covariates',
    'firstWeek',
    'weeks',
    'weekPresent',
    'hoursKind',
    'hoursLabels',
    'hoursDecimals',
    'weekToHours',
    'weeksPerHoursColumn',
    'fileWeeks',
    'censoredBeforeFirstWeek',
  ] as const) {
    same(field, pq[field], csv[field]);
  }
  same('hours', Array.from(pq.hours), Array.from(csv.hours));
  same(
    'codes',
    Array.from(pq.codes, (id) => pq.codeDict[id]),
    Array.from(csv.codes, (id) => csv.codeDict[id]),
  );
  const counts = (x: Extract) =>
    Object.fromEntries(x.codeDict.map((c, i) => [c, x.codeCounts[i]]).filter(([, n]) => n !== 0));
  same('codeCounts', counts(pq), counts(csv));
  same('codeDict', [...pq.codeDict].sort(), [...csv.codeDict].sort());
  // A Parquet file has no header line: its rows are numbered from 1 (lines from a CSV person file
  // stay lines: lineShift 0).
  same(
    'lines',
    Array.from(pq.lines),
    Array.from(csv.lines, (l) => l - lineShift),
  );
  return compared;
}

const dir = tmpFolder('effekt-parquet-');

const WIDE = [
  'pnr,kom,alder,koen,y_1652,y_1701,y_1702,y_1703,y_1704,h_1652,h_1701,h_1702,h_1703,h_1704',
  '1,101,34,K,,771,771,772,,0,7.4,37,,12.25',
  '2,101,51,M,998,,,,,,,,,',
  '3,147,22,K,,,771,771,771,3,,7.5,0.5,',
  '4,,45,M,771,772,772,,890,,40,40,40,40',
  '5,147,29,K,,,,,,,,,,',
].join('\n');

describe('wide Parquet reads into the same Extract as the CSV', () => {
  const csvFile = writeIn(dir, 'wide.csv', `${WIDE}\n`);

  it('field by field, across row groups of 2 persons', async () => {
    const pqFile = writeIn(dir, 'wide.parquet', csvToParquet(WIDE, { rowGroupSize: 2 }));
    const [csv, pq] = [await readExtract(csvFile), await readExtract(pqFile)];
    expect(pq.persons).toBe(5);
    expect(expectSameExtract(pq, csv)).toBe(20);
    // Hours exactly: 7.4 h is 740 hundredths, 12.25 h is 1225.
    expect(pq.hours[0 * 5 + 1]).toBe(740);
    expect(pq.hours[0 * 5 + 4]).toBe(1225);
  });

  it('with the week window and censor codes of a run', async () => {
    const pqFile = writeIn(dir, 'wide-window.parquet', csvToParquet(WIDE, { rowGroupSize: 3 }));
    const opts = {
      keepWeeks: {
        from: 1 + (await readExtract(csvFile)).firstWeek,
        to: (await readExtract(csvFile)).firstWeek + 3,
      },
      censorCodes: ['998'],
      requireMunicipality: true,
    };
    const [csv, pq] = [await readExtract(csvFile, opts), await readExtract(pqFile, opts)];
    expect(pq.weeks).toBe(3);
    expect(Array.from(pq.censoredBeforeFirstWeek!)).toEqual([0, 1, 0, 0, 0]);
    expect(expectSameExtract(pq, csv)).toBe(20);
  });

  for (const codec of ['UNCOMPRESSED', 'GZIP', 'BROTLI', 'ZSTD'] as const) {
    it(`compressed with ${codec}`, async () => {
      const pqFile = writeIn(dir, `wide-${codec}.parquet`, csvToParquet(WIDE, { codec }));
      expect(expectSameExtract(await readExtract(pqFile), await readExtract(csvFile))).toBe(20);
    });
  }

  it('hours as float32: the float nearest 7.4 is read as 7.4 exactly', async () => {
    const pqFile = writeIn(dir, 'wide-float.parquet', csvToParquet(WIDE, { hoursType: 'FLOAT' }));
    expect(expectSameExtract(await readExtract(pqFile), await readExtract(csvFile))).toBe(20);
  });

  it('hours as int32 and int64 whole numbers', async () => {
    const whole = WIDE.replace('7.4', '7')
      .replace('12.25', '12')
      .replace('7.5', '8')
      .replace(',0.5,', ',1,');
    const wholeCsv = writeIn(dir, 'wide-whole.csv', whole);
    for (const hoursType of ['INT32', 'INT64'] as const) {
      const pqFile = writeIn(dir, `wide-${hoursType}.parquet`, csvToParquet(whole, { hoursType }));
      expect(expectSameExtract(await readExtract(pqFile), await readExtract(wholeCsv))).toBe(20);
    }
  });

  it('person columns given as numbers read as the CSV text', async () => {
    const pqFile = writeIn(
      dir,
      'wide-intpnr.parquet',
      csvToParquet(WIDE.replace(/\n4,,/, '\n4,0,'), { types: { pnr: 'INT64', alder: 'INT32' } }),
    );
    const csv = await readExtract(writeIn(dir, 'wide-intpnr.csv', WIDE.replace(/\n4,,/, '\n4,0,')));
    expect(expectSameExtract(await readExtract(pqFile), csv)).toBe(20);
  });

  it('is chosen by its magic bytes, not its name', async () => {
    const named = writeIn(dir, 'really-parquet.csv', csvToParquet(WIDE));
    const x = await readExtract(named);
    expect(x.persons).toBe(5);
    expect(x.lines[0]).toBe(1);
    const notParquet = writeIn(dir, 'not.parquet', WIDE);
    await expect(readExtract(notParquet)).rejects.toThrow(
      /not a Parquet file \(it does not start with the bytes "PAR1"\)/,
    );
  });

  it("effekt's own writer (simulate, bench) round-trips the extract", async () => {
    const csv = await readExtract(csvFile);
    const out = path.join(dir, 'own.parquet');
    await writeWideParquet(csv, out, { blockPersons: 2 });
    expect(expectSameExtract(await readExtract(out), csv)).toBe(20);
  });
});

const LONG = [
  'pnr,week,code,hours',
  '1,2017-W01,771,7.4',
  '1,2017-W02,772,',
  '2,2017-W01,998,',
  '3,2017-W03,771,37',
  '1,2017-W03,,12',
].join('\n');
const PERSONS = ['pnr,kom,alder', '1,101,34', '2,147,51', '3,101,22'].join('\n');

describe('long Parquet reads into the same Extract as the long CSV', () => {
  const csvFile = writeIn(dir, 'long.csv', `${LONG}\n`);
  const personsFile = writeIn(dir, 'persons.csv', `${PERSONS}\n`);

  it('with the person file, across row groups', async () => {
    const pqFile = writeIn(dir, 'long.parquet', csvToParquet(LONG, { rowGroupSize: 2 }));
    const [csv, pq] = [
      await readExtract(csvFile, { personsFile }),
      await readExtract(pqFile, { personsFile }),
    ];
    expect(pq.format).toBe('long');
    expect(pq.persons).toBe(3);
    expect(expectSameExtract(pq, csv, 0)).toBe(20);
  });

  it('weeks given as integers YYWW', async () => {
    const yyww = LONG.replace(/2017-W0(\d)/g, '170$1');
    const pqFile = writeIn(
      dir,
      'long-int.parquet',
      csvToParquet(yyww, { types: { week: 'INT32' } }),
    );
    expect(expectSameExtract(await readExtract(pqFile), await readExtract(csvFile))).toBe(20);
  });

  it('a person-week twice is an error at its row', async () => {
    const pqFile = writeIn(dir, 'long-dup.parquet', csvToParquet(`${LONG}\n1,2017-W02,771,`));
    await expect(readExtract(pqFile)).rejects.toThrow(
      'row 6: person "1" has two rows for the same week (first on row 2)',
    );
  });

  it('integer codes are refused with a hint', async () => {
    const pqFile = writeIn(
      dir,
      'long-intcode.parquet',
      csvToParquet(LONG.replace(/,,12/, ',0,12'), { codeType: 'INT32' }),
    );
    await expect(readExtract(pqFile)).rejects.toThrow(
      /column "code" holds int32 values; benefit codes must be text: cast the column to string/,
    );
  });
});

describe("bad Parquet input: the CSV reader's errors, with the row", () => {
  const fails = async (name: string, bytes: Buffer) => {
    const file = writeIn(dir, name, bytes);
    try {
      await readExtract(file, { requireMunicipality: true });
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as InputError).describe();
    }
    throw new Error('no error');
  };

  it('integer code columns', async () => {
    const msg = await fails('int-codes.parquet', intCodesParquet());
    expect(msg).toMatch(
      /int-codes\.parquet: column "y_1652" holds int32 values; benefit codes must be text: cast the column to string/,
    );
  });

  it('negative hours, naming the row and column', async () => {
    const msg = await fails('neg.parquet', csvToParquet(WIDE.replace('7.5', '-7.5')));
    expect(msg).toMatch(/neg\.parquet: row 3: negative hours "-7.5" in column h_1702/);
  });

  it('non-finite hours', async () => {
    const bytes = csvToParquet(WIDE.replace('40,40,40,40', '40,40,Infinity,40'));
    const msg = await fails('inf.parquet', bytes);
    expect(msg).toMatch(/row 4: hours Infinity in column h_1703 are not a finite number/);
    const nan = await fails('nan.parquet', csvToParquet(WIDE.replace('12.25', 'NaN')));
    expect(nan).toMatch(/row 1: hours NaN in column h_1704 are not a finite number/);
  });

  it('the first problem in row order, whatever the column', async () => {
    // Row 3 has negative hours, row 2 a later column with NaN: row 2 is reported (as the CSV reader
    // would).
    const msg = await fails(
      'order.parquet',
      csvToParquet(
        WIDE.replace('7.5', '-7.5').replace(
          '2,101,51,M,998,,,,,,,,,',
          '2,101,51,M,998,,,,,,,,,NaN',
        ),
      ),
    );
    expect(msg).toMatch(/row 2: hours NaN in column h_1704/);
  });

  it('duplicate person ids', async () => {
    const msg = await fails('dup.parquet', csvToParquet(WIDE.replace('\n5,147', '\n3,147')));
    expect(msg).toBe(
      `${path.join(dir, 'dup.parquet')}: row 5: duplicate person id ` +
        `"3" in column "pnr" (first seen on row 3)`,
    );
  });

  it('malformed week column names', async () => {
    const msg = await fails('badname.parquet', csvToParquet(WIDE.replace('y_1704', 'y_17044')));
    expect(msg).toMatch(/column "y_17044" is not a valid week column name \(expected y_YYWW/);
  });

  it('week 53 in a year without it', async () => {
    const msg = await fails('w53.parquet', csvToParquet(WIDE.replace('y_1652', 'y_1753')));
    expect(msg).toMatch(
      /column "y_1753" names week 2017-W53, which does not exist \(ISO year 2017 has only 52 weeks\)/,
    );
  });

  it('a missing municipality column', async () => {
    const msg = await fails('nokom.parquet', csvToParquet(WIDE.replace('pnr,kom,', 'pnr,region,')));
    expect(msg).toMatch(/no municipality column "kom" among the file's columns/);
  });

  it('text that is not UTF-8 (a Latin-1 export stored as bytes)', async () => {
    const latin1 = (t: string) => Uint8Array.from(Buffer.from(t, 'latin1'));
    const bytes = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'pnr', data: ['1', '2'], type: 'STRING' },
          { name: 'kom', data: [latin1('Aarhus'), latin1('\u00c6r\u00f8')], type: 'BYTE_ARRAY' },
          { name: 'y_1701', data: ['771', null], type: 'STRING' },
        ],
      }),
    );
    expect(await fails('latin1.parquet', bytes)).toMatch(
      /latin1\.parquet: row 2: column "kom" holds ".*", whose bytes are not valid UTF-8/,
    );
  });

  it('a truncated file, and a damaged footer', async () => {
    const good = csvToParquet(WIDE);
    const cut = await fails('cut.parquet', good.subarray(0, Math.floor(good.length / 2)));
    expect(cut).toMatch(
      /cut\.parquet: cannot read this Parquet file \(.+\); it may be truncated or damaged/,
    );
    const damaged = Buffer.from(good);
    damaged.fill(0x7f, damaged.length - 40, damaged.length - 8);
    expect(await fails('damaged.parquet', damaged)).toMatch(
      /damaged\.parquet: cannot read this Parquet file/,
    );
    const pages = Buffer.from(good);
    pages.fill(0xff, 8, Math.floor(good.length / 2));
    expect(await fails('pages.parquet', pages)).toMatch(
      /pages\.parquet: cannot read this Parquet file/,
    );
  });

  it('the CLI: one line on stderr, exit 2', () => {
    writeFileSync(path.join(dir, 'cli-cut.parquet'), csvToParquet(WIDE).subarray(0, 100));
    const r = effekt(['inspect', path.join(dir, 'cli-cut.parquet')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cli-cut\.parquet: cannot read this Parquet file/);
  });
});

/**
 * A wide file whose week columns are int32 codes (as polars writes a code column it parsed as
 * numbers).
 */
function intCodesParquet(): Buffer {
  const numeric = WIDE.split('\n')
    .map((l, i) =>
      i === 0
        ? l
        : l
            .split(',')
            .map((v, c) => (c >= 4 && c <= 8 && v === '' ? '0' : v))
            .join(','),
    )
    .join('\n');
  return csvToParquet(numeric, { codeType: 'INT32' });
}

describe('hours values', () => {
  it('as the decimal they print as', () => {
    expect([
      hoursOfValue(7.4, 'double'),
      hoursOfValue(37, 'double'),
      hoursOfValue(1e-7, 'double'),
      hoursOfValue(123456789012345, 'double'),
    ]).toEqual([74, 37, 1, 123456789012345]);
    expect(hoursOfValue(Math.fround(7.4), 'float32')).toBe(74);
    expect(hoursOfValue(1234567890123456, 'double')).toBeLessThan(0);
    expect(hoursOfValue(-0.5, 'double')).toBeLessThan(0);
    expect(hoursOfValue(10n ** 15n, 'integer')).toBeLessThan(0);
    expect(hoursOfValue(null, 'double')).toBe(0);
  });
});

/** Column chunks each route decoded while `read` ran. */
async function routes<T>(read: () => Promise<T>): Promise<{ own: number; hyparquet: number }> {
  const before = { ...parquetRoutes };
  await read();
  return {
    own: parquetRoutes.own - before.own,
    hyparquet: parquetRoutes.hyparquet - before.hyparquet,
  };
}

describe("effekt's own decoder (parquetFlat.ts) and hyparquet give the CSV's Extract", () => {
  const csvText = readFileSync(path.join(referenceDir, 'dream.csv'), 'utf8');
  const csvFile = path.join(referenceDir, 'dream.csv');
  const columns = csvText.slice(0, csvText.indexOf('\n')).split(',').length;
  // The first 700 persons, as the DuckDB files hold them.
  const first700 = writeIn(
    dir,
    'first700.csv',
    `${csvText.split('\n').slice(0, 701).join('\n')}\n`,
  );
  const duckdb = path.join(repoRoot, 'test/fixtures/parquet-duckdb');

  for (const [file, hyparquet] of [
    ['v1-snappy.parquet', 0],
    ['v1-uncompressed-float.parquet', 0],
    // Its ids are DELTA_LENGTH_BYTE_ARRAY: that column alone goes to hyparquet.
    ['v2-snappy.parquet', 1],
  ] as const) {
    it(`DuckDB's ${file} (v1 data pages; see the fixture's README)`, async () => {
      let pq: Extract | undefined;
      const r = await routes(async () => (pq = await readExtract(path.join(duckdb, file))));
      expect(r).toEqual({ own: columns - hyparquet, hyparquet });
      expect(pq!.persons).toBe(700);
      expect(expectSameExtract(pq!, await readExtract(first700))).toBe(20);
    });
  }

  it('plain pages, many to a column chunk, required columns, row groups of 700', async () => {
    const pqFile = writeIn(
      dir,
      'plain-required.parquet',
      csvToParquet(csvText, { plain: true, required: true, pageSize: 512, rowGroupSize: 700 }),
    );
    const r = await routes(async () =>
      expect(expectSameExtract(await readExtract(pqFile), await readExtract(csvFile))).toBe(20),
    );
    expect(r).toEqual({ own: columns * 3, hyparquet: 0 });
  });

  it('dictionary pages, many to a column chunk, float hours, with the week window', async () => {
    const pqFile = writeIn(
      dir,
      'pages.parquet',
      csvToParquet(csvText, { pageSize: 256, hoursType: 'FLOAT', rowGroupSize: 600 }),
    );
    const x = await readExtract(csvFile);
    const opts = {
      keepWeeks: { from: x.firstWeek + 30, to: x.firstWeek + 90 },
      censorCodes: ['130'],
      requireMunicipality: true,
    };
    expect(
      expectSameExtract(await readExtract(pqFile, opts), await readExtract(csvFile, opts)),
    ).toBe(20);
  });

  it('integer person columns and hours go to hyparquet, the rest to our decoder', async () => {
    const hours = csvText
      .slice(0, csvText.indexOf('\n'))
      .split(',')
      .filter((n) => n.startsWith('timer_'));
    // Hours as whole numbers (int32), in the CSV too.
    const whole = csvText.replace(/\b(\d+)\.\d+\b/g, (m) => String(Math.round(Number(m))));
    const wholeCsv = writeIn(dir, 'whole.csv', whole);
    const mixed = writeIn(
      dir,
      'mixed.parquet',
      csvToParquet(whole, { types: { pnr: 'INT64', alder: 'INT32' }, hoursType: 'INT32' }),
    );
    let pq: Extract | undefined;
    const r = await routes(async () => (pq = await readExtract(mixed)));
    // (Two row groups: 1,000 persons and 500.)
    expect(r).toEqual({ own: 2 * (columns - 2 - hours.length), hyparquet: 2 * (2 + hours.length) });
    expect(expectSameExtract(pq!, await readExtract(wholeCsv))).toBe(20);
  });
});

describe('the 1,500-person R reference, read from Parquet', () => {
  const csvText = readFileSync(path.join(referenceDir, 'dream.csv'), 'utf8');
  const runDir = tmpFolder('effekt-parquet-ref-');
  writeFileSync(path.join(runDir, 'dream.parquet'), csvToParquet(csvText, { rowGroupSize: 400 }));
  copyFileSync(path.join(referenceDir, 'dream.csv'), path.join(runDir, 'dream.csv'));
  const spec = JSON.parse(readFileSync(path.join(referenceDir, 'spec.json'), 'utf8'));
  writeFileSync(path.join(runDir, 'spec-csv.json'), JSON.stringify(spec));
  writeFileSync(
    path.join(runDir, 'spec-parquet.json'),
    JSON.stringify({ ...spec, data: { ...spec.data, path: 'dream.parquet' } }),
  );

  it("gives the CSV's Extract", async () => {
    const [csv, pq] = [
      await readExtract(path.join(runDir, 'dream.csv')),
      await readExtract(path.join(runDir, 'dream.parquet')),
    ];
    expect(pq.persons).toBe(1500);
    expect(expectSameExtract(pq, csv)).toBe(20);
  });

  it("gives the same results.json as the CSV run, and R's figures", () => {
    const a = effekt([
      'run',
      path.join(runDir, 'spec-csv.json'),
      '--out',
      path.join(runDir, 'out-csv'),
      '--quiet',
    ]);
    const b = effekt([
      'run',
      path.join(runDir, 'spec-parquet.json'),
      '--out',
      path.join(runDir, 'out-parquet'),
      '--quiet',
    ]);
    expect([a.code, b.code, b.stderr]).toEqual([0, 0, '']);
    const ra = JSON.parse(readFileSync(path.join(runDir, 'out-csv', 'results.json'), 'utf8'));
    const rb = JSON.parse(readFileSync(path.join(runDir, 'out-parquet', 'results.json'), 'utf8'));
    expect(rb.data.file).toMatch(/dream\.parquet$/);
    expect(rb.data.sha256).not.toBe(ra.data.sha256);
    for (const r of [ra, rb]) {
      delete r.data.file;
      delete r.data.sha256;
    }
    expect(rb).toEqual(ra);
    // And R's figures through the Parquet route (see test/cli/reference-run.test.ts for the key
    // scheme).
    const ref = JSON.parse(
      readFileSync(path.join(referenceDir, 'r-reference.json'), 'utf8'),
    ) as Record<string, number>;
    let checked = 0;
    for (const [key, value] of Object.entries(ref)) {
      const parts = key.split('.');
      let got: number | undefined;
      if (parts[1] === 'cell') {
        const [outcome, , group, cohort, week, field] = parts;
        got = rb.outcomes[outcome].cells.find(
          (c: Record<string, unknown>) =>
            c.group === group && c.cohort === cohort && c.week === Number(week),
        )[field];
      } else if (parts[1] === 'weekly') {
        got = rb.outcomes[parts[0]].weekly.find(
          (w: { week: number }) => w.week === Number(parts[2]),
        )[parts[3]];
      } else if (parts[1] === 'pooled') {
        got = rb.outcomes[parts[0]].pooled[parts[2]];
      } else if (parts[1] === 'km') {
        const [, , group, cohort, week, field] = parts;
        got = rb.outcomes['time-to-internship'].km.find(
          (k: Record<string, unknown>) =>
            k.group === group && k.cohort === cohort && k.week === Number(week),
        )[field];
      } else if (parts[1] === 'cox') {
        got = rb.outcomes['time-to-internship'].cox[parts[2]];
      } else {
        got = rb.outcomes['time-to-internship'].duration_change;
      }
      expect(Math.abs(got! - value) / Math.max(1e-300, Math.abs(value)), key).toBeLessThan(1e-6);
      checked++;
    }
    expect(checked).toBe(Object.keys(ref).length);
    expect(checked).toBeGreaterThan(100);
  });
});

describe('effekt simulate --format parquet', () => {
  it(
    'writes dream.parquet beside dream.csv, the same extract, and points ' + 'spec.json at it',
    async () => {
      const out = tmpFolder('effekt-parquet-sim-');
      const r = effekt([
        'simulate',
        '--persons',
        '300',
        '--seed',
        '3',
        '--out',
        out,
        '--format',
        'parquet',
        '--quiet',
      ]);
      expect(r.code).toBe(0);
      const spec = JSON.parse(readFileSync(path.join(out, 'spec.json'), 'utf8'));
      expect(spec.data.path).toBe('dream.parquet');
      const [csv, pq] = [
        await readExtract(path.join(out, 'dream.csv')),
        await readExtract(path.join(out, 'dream.parquet')),
      ];
      expect(pq.persons).toBe(300);
      expect(readFileSync(path.join(out, 'dream.parquet')).subarray(0, 4).toString('latin1')).toBe(
        'PAR1',
      );
      expect(expectSameExtract(pq, csv)).toBe(20);
    },
  );
});
