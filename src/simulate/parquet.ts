/**
 * Write a wide extract as Parquet (hyparquet-writer): the same columns as the
 * CSV — pnr, municipality and covariates as text, y_YYWW as text codes (null
 * = no benefit), hours columns as doubles — so `effekt simulate --format
 * parquet` and the bench can offer the same extract in both formats.
 *
 * Written a block of persons at a time (each block one row group), so
 * memory holds one block's columns, not the whole file's.
 */

import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import { isoWeekOfSerial } from '../calendar/isoweek.js';
import type { Extract } from '../read/extract.js';
import { readExtract } from '../read/index.js';

/** The writer's own schema element type (it pins its own hyparquet version). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/** The wide column name of a week serial: y_YYWW. */
export function weekColumnName(serial: number): string {
  const w = isoWeekOfSerial(serial);
  return `y_${String(w.year % 100).padStart(2, '0')}${String(w.week).padStart(2, '0')}`;
}

const text = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: 'OPTIONAL',
});
const double = (name: string): SchemaElement => ({
  name,
  type: 'DOUBLE',
  repetition_type: 'OPTIONAL',
});

/**
 * Write a wide Extract (as read, all weeks) to `file` as Parquet, `blockPersons`
 * persons per row group. Hours are written as the doubles nearest the exact
 * stored values (7.4 h is the double printed "7.4"), which the reader turns
 * back into the same exact values.
 */
export async function writeWideParquet(
  x: Extract,
  file: string,
  opts: { idName?: string; blockPersons?: number } = {},
): Promise<void> {
  if (x.format !== 'wide') throw new Error('writeWideParquet needs a wide extract');
  const block = Math.max(1, opts.blockPersons ?? 50_000);
  const weekCols: number[] = [];
  for (let j = 0; j < x.weeks; j++) if (x.weekPresent[j]) weekCols.push(j);
  const person = [
    { name: opts.idName ?? 'pnr', value: (p: number) => x.ids[p] },
    ...(x.municipality.levels.length > 1 || x.municipality.codes.some((c) => c !== 0)
      ? [x.municipality]
      : []
    ).map((c) => ({ name: c.name, value: (p: number) => c.levels[c.codes[p]] })),
    ...x.covariates.map((c) => ({ name: c.name, value: (p: number) => c.levels[c.codes[p]] })),
  ];
  const schema: SchemaElement[] = [
    { name: 'root', num_children: person.length + weekCols.length + x.hoursLabels.length },
    ...person.map((c) => text(c.name)),
    ...weekCols.map((j) => text(weekColumnName(x.firstWeek + j))),
    ...x.hoursLabels.map((h) => double(h)),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(file), schema, createdBy: 'effekt' });
  const H = x.hoursLabels.length;
  const scale = 10 ** x.hoursDecimals;
  for (let from = 0; from < x.persons; from += block) {
    const to = Math.min(x.persons, from + block);
    const n = to - from;
    const columnData = [
      ...person.map((c) => ({
        name: c.name,
        data: Array.from({ length: n }, (_, i) => c.value(from + i)),
      })),
      ...weekCols.map((j) => ({
        name: weekColumnName(x.firstWeek + j),
        data: Array.from({ length: n }, (_, i) => {
          const id = x.codes[(from + i) * x.weeks + j];
          return id === 0 ? null : x.codeDict[id];
        }),
      })),
      ...x.hoursLabels.map((name, h) => ({
        name,
        data: Float64Array.from({ length: n }, (_, i) => x.hours[(from + i) * H + h] / scale),
      })),
    ];
    await writer.write({ columnData, rowGroupSize: n });
  }
  await writer.finish();
}

/**
 * dream.parquet beside a simulated dream.csv (the same extract, all weeks),
 * with spec.json pointed at it. Returns the Parquet file's path and size.
 */
export async function addParquetCopy(
  csvPath: string,
  specPath: string,
): Promise<{ parquetPath: string; bytes: number }> {
  const x = await readExtract(csvPath);
  const parquetPath = path.join(path.dirname(csvPath), 'dream.parquet');
  await writeWideParquet(x, parquetPath);
  const spec = JSON.parse(await readFile(specPath, 'utf8')) as { data: { path: string } };
  spec.data.path = 'dream.parquet';
  await writeFile(specPath, `${JSON.stringify(spec, null, 2)}\n`);
  return { parquetPath, bytes: (await stat(parquetPath)).size };
}
