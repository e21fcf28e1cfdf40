/**
 * `npm run reproduce`: simulate (if the sample is missing) → run (the one
 * evaluation, app/run) → verify,
 * for CI jobs that reproduce published results. Exit 1 names the failed checks.
 *
 * Options: --fresh (simulate into a temporary folder even if the shipped
 * extract exists), --set key=value (simulator overrides, e.g. programmeEffect=false).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEvaluation } from '../app/run.js';
import { InputError } from '../errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'effekt');
const sample = path.join(root, 'data-samples', 'brf');

function effekt(args: string[]): number {
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  return r.status ?? 3;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const sets = args.flatMap((a, i) => (a === '--set' ? ['--set', args[i + 1]] : []));
  const fresh = args.includes('--fresh') || sets.length > 0;
  let spec = path.join(sample, 'spec.json');
  if (fresh || !existsSync(path.join(sample, 'dream.csv'))) {
    const dir = mkdtempSync(path.join(tmpdir(), 'effekt-brf-'));
    // The shipped sample's exact process: preset brf, 20,000 persons, seed 1, weeks 2015-W40 …
    // 2019-W38.
    const code = effekt([
      'simulate',
      '--preset',
      'brf',
      '--persons',
      '20000',
      '--seed',
      '1',
      '--set',
      'firstWeek=2015-W40',
      '--set',
      'lastWeek=2019-W38',
      '--out',
      path.join(dir, 'brf'),
      '--quiet',
      ...sets,
    ]);
    if (code !== 0) return code;
    spec = path.join(dir, 'brf', 'spec.json');
  }
  const out = mkdtempSync(path.join(tmpdir(), 'effekt-reproduce-'));
  // verify reads results.json only: no report files (their PNGs were most of the time).
  await runEvaluation(spec, { out, formats: [] });
  return effekt([
    'verify',
    path.join(out, 'results.json'),
    '--expect',
    path.join(sample, 'expected.json'),
  ]);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    const input = err instanceof InputError;
    process.stderr.write(`reproduce: ${input ? err.describe() : (err as Error).message}\n`);
    process.exitCode = input ? 2 : 3;
  },
);
