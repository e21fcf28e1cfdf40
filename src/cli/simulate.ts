/**
 * `effekt simulate`: write a synthetic DREAM-style extract and its spec.
 */

import path from 'node:path';
import { InputError } from '../errors.js';
import { simulateFolder } from '../simulate/index.js';
import { progressBar } from './progress.js';

export interface SimulateOptions {
  preset: 'brf' | 'none';
  persons: number;
  seed: number;
  out: string;
  set?: string[];
  quiet?: boolean;
  /** Write into a folder effekt did not write (every file there is kept). */
  force?: boolean;
  /** parquet: also write dream.parquet (the same extract) and point spec.json at it. */
  format?: 'csv' | 'parquet';
}

/** "key=value" overrides, numbers parsed. */
export function parseOverrides(set: string[] = []): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const s of set) {
    const m = /^([A-Za-z][\w.]*)=(.*)$/.exec(s);
    if (!m) throw new InputError(`--set expects key=value, got "${s}"`);
    const v = m[2];
    out[m[1]] =
      v === 'true'
        ? true
        : v === 'false'
          ? false
          : Number.isFinite(Number(v)) && v.trim() !== ''
            ? Number(v)
            : v;
  }
  return out;
}

export async function simulateCommand(o: SimulateOptions): Promise<number> {
  const bar = progressBar('Simulating', o.persons, 'count', !o.quiet);
  const res = await simulateFolder({
    preset: o.preset,
    persons: o.persons,
    seed: o.seed,
    outDir: o.out,
    overrides: parseOverrides(o.set),
    onProgress: (d) => bar.update(d),
    format: o.format,
    force: o.force,
  }).finally(() => bar.stop());
  if (!o.quiet) {
    const at = (f: string) => path.relative(process.cwd(), path.join(res.target, f)) || f;
    process.stdout.write(
      `Wrote ${at('dream.csv')} (${res.persons.toLocaleString('en-GB')} ` +
        `persons, ${(res.bytes / 1e6).toFixed(1)} MB) and ${at('spec.json')}\n`,
    );
    if (res.parquetBytes !== undefined)
      process.stdout.write(
        `Wrote ${at('dream.parquet')} (${(res.parquetBytes / 1e6).toFixed(1)} ` +
          `MB); spec.json reads it\n`,
      );
  }
  return 0;
}
