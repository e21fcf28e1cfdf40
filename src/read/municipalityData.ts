/**
 * The municipality file (the spec's `"municipalityData": "kommuner.csv"`):
 * one row per municipality, key column `municipality`, every other column
 * whose values are all numbers (empty = missing) a moderator, e.g. a
 * fidelity score. Columns with any text are not moderators; they are named
 * in `ignored` so the report can say so.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import { readCsvRecords } from './records.js';

export interface MunicipalityData {
  file: string;
  sha256: string;
  /** Municipality codes in file order. */
  municipalities: string[];
  /** Numeric columns: value per municipality code (a missing value is absent from the map). */
  moderators: { name: string; values: Map<string, number> }[];
  /** Columns left out because some value is not a number: name and the first offending line. */
  ignored: { name: string; line: number; value: string }[];
}

export const KEY_COLUMN = 'municipality';

/**
 * A finite decimal number as written ("12", "-0.5", "1e3", "3,25" with a decimal comma), or null.
 */
export function parseModeratorValue(text: string): number | null {
  const t = text.trim();
  if (/^[+-]?\d+,\d+$/.test(t)) return Number(t.replace(',', '.'));
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

export async function readMunicipalityData(file: string): Promise<MunicipalityData> {
  const name = path.basename(file);
  let header: string[] = [];
  let key = -1;
  const rows: { fields: string[]; line: number }[] = [];
  const seen = new Map<string, number>();
  const res = await readCsvRecords(file, {
    onHeader: (h) => {
      header = h;
      key = h.indexOf(KEY_COLUMN);
      if (key < 0)
        throw new InputError(
          `no "${KEY_COLUMN}" column (found ${h.map((c) => `"${c}"`).join(', ')}); ` +
            `the municipality file needs one row per municipality keyed by ` +
            `"${KEY_COLUMN}"`,
          { file: name, line: 1 },
        );
      const dup = h.findIndex(
        (c, i) => h.findIndex((d) => d.toLowerCase() === c.toLowerCase()) !== i,
      );
      if (dup >= 0)
        throw new InputError(`column "${h[dup]}" appears twice`, {
          file: name,
          line: 1,
          column: dup + 1,
        });
    },
    onRecord: (fields, line) => {
      const code = fields[key].trim();
      if (code === '')
        throw new InputError(`empty municipality code`, { file: name, line, column: key + 1 });
      const before = seen.get(code);
      if (before !== undefined)
        throw new InputError(
          `municipality ${code} has a second row (the first is on line ${before})`,
          { file: name, line, column: key + 1 },
        );
      seen.set(code, line);
      rows.push({ fields, line });
    },
  });
  const moderators: MunicipalityData['moderators'] = [];
  const ignored: MunicipalityData['ignored'] = [];
  header.forEach((col, j) => {
    if (j === key) return;
    const values = new Map<string, number>();
    for (const r of rows) {
      const text = r.fields[j].trim();
      if (text === '') continue;
      const v = parseModeratorValue(text);
      if (v === null) {
        ignored.push({ name: col, line: r.line, value: text });
        return;
      }
      values.set(r.fields[key].trim(), v);
    }
    moderators.push({ name: col, values });
  });
  return {
    file: name,
    sha256: res.sha256,
    municipalities: rows.map((r) => r.fields[key].trim()),
    moderators,
    ignored,
  };
}

/** Every treated municipality must have a row: an InputError naming the first that has none. */
export function checkTreatedInMunicipalityData(
  data: MunicipalityData,
  treated: readonly string[],
): void {
  const have = new Set(data.municipalities);
  const missing = treated.filter((t) => !have.has(t));
  if (missing.length > 0) {
    throw new InputError(
      `treated municipalit${missing.length > 1 ? 'ies' : 'y'} ${missing.join(', ')} ` +
        `ha${missing.length > 1 ? 've' : 's'} no row in ${data.file} ` +
        `(key column "${KEY_COLUMN}"); every treated municipality needs ` +
        `one`,
      { file: data.file },
    );
  }
}
