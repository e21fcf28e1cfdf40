/**
 * `npm run bench:formats`: reading the same extract as CSV and as Parquet.
 *
 * For each size (default 10^5 persons × 208 weeks; `--persons N,M` to
 * choose) it reuses or simulates .bench-data/pN/dream.csv (the files
 * `npm run bench` uses), writes dream.parquet beside it (snappy, row groups
 * of 50,000 persons, codes as text, hours as doubles), and reads each file
 * best of 3 in a child process, as a run reads it (the spec's week window)
 * and whole. Writes reports/bench-formats.md and .json. Not a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readExtract } from '../read/index.js';
import { simulateExtract, writeWideParquet } from '../simulate/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

interface Read {
  file: string;
  bytes: number;
  ms: number;
  cpu_ms: number;
  persons: number;
  weeks: number;
  threads: number;
  peak_rss_mb: number;
}

async function ensureFiles(
  persons: number,
): Promise<{ spec: string; csv: string; parquet: string }> {
  const dir = path.join(root, '.bench-data', `p${persons}`);
  const spec = path.join(dir, 'spec.json');
  const csv = path.join(dir, 'dream.csv');
  const parquet = path.join(dir, 'dream.parquet');
  if (!existsSync(spec) || !existsSync(csv)) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`simulating ${persons.toLocaleString('en-GB')} persons × 208 weeks …\n`);
    await simulateExtract({ preset: 'brf', persons, seed: 42, weeks: 208, outDir: dir });
  }
  if (!existsSync(parquet) || statSync(parquet).mtimeMs < statSync(csv).mtimeMs) {
    process.stderr.write(`writing ${parquet} …\n`);
    await writeWideParquet(await readExtract(csv), parquet);
  }
  return { spec, csv, parquet };
}

/**
 * Best of `times` reads in fresh processes: the one with the least CPU time (steadier than wall time
 * on a shared machine), with its wall time and peak RSS.
 */
function bestRead(file: string, spec: string, whole: boolean, times = 3): Read {
  let best: Read | null = null;
  for (let i = 0; i < times; i++) {
    const r = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=8192',
        path.join(here, 'read-one.js'),
        file,
        spec,
        ...(whole ? ['--whole'] : []),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (r.status !== 0) throw new Error(`reading ${file} failed: ${r.stderr}`);
    const run = JSON.parse(r.stdout.trim().split('\n').pop()!) as Read;
    if (best === null || run.cpu_ms < best.cpu_ms) best = run;
  }
  return best!;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function main(): Promise<void> {
  const at = process.argv.indexOf('--persons');
  const arg =
    process.argv.find((a) => a.startsWith('--persons='))?.slice(10) ??
    (at >= 0 ? process.argv[at + 1] : undefined);
  const sizes = arg ? arg.split(',').map(Number) : [1e5];
  const rows: { persons: number; mode: string; csv: Read; parquet: Read }[] = [];
  for (const n of sizes) {
    const f = await ensureFiles(n);
    for (const whole of [false, true]) {
      const mode = whole ? 'whole file (all weeks)' : "a run's week window";
      process.stderr.write(`reading ${n.toLocaleString('en-GB')} persons, ${mode} …\n`);
      rows.push({
        persons: n,
        mode,
        csv: bestRead(f.csv, f.spec, whole),
        parquet: bestRead(f.parquet, f.spec, whole),
      });
    }
  }
  const lines = ['# Reading CSV and Parquet of the same extract', ''];
  lines.push(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `shared with other jobs while measured, so times are indicative. ` +
      `Extract: simulated \`brf\` preset, 208 weekly code columns + ` +
      `48 monthly hours columns, seed 42. Parquet: written by effekt ` +
      `(hyparquet-writer), snappy, row groups of 50,000 persons, read by ` +
      `effekt's own decoder (src/read/parquetFlat.ts). Best of 3 reads, ` +
      `each in a fresh process, by CPU time: user + system over all ` +
      `threads (steadier than wall time on a shared machine); MB/s is of ` +
      `each file's own size. Load average (1 min) after the reads: ` +
      `${os.loadavg()[0].toFixed(1)}.`,
    '',
  );
  lines.push(
    '| persons | read | format | file | time | CPU time | MB/s | persons/s | threads | peak RSS |',
  );
  lines.push('|---:|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    for (const [name, x] of [
      ['CSV', r.csv],
      ['Parquet', r.parquet],
    ] as const) {
      lines.push(
        `| ${r.persons.toLocaleString('en-GB')} | ${r.mode} | ${name} ` +
          `| ${(x.bytes / 1e6).toFixed(1)} MB | ${fmt(x.ms)} | ${fmt(x.cpu_ms)} ` +
          `| ${(x.bytes / 1e6 / (x.ms / 1000)).toFixed(0)} | ` +
          `${Math.round(x.persons / (x.ms / 1000)).toLocaleString('en-GB')} ` +
          `| ${x.threads} | ${x.peak_rss_mb.toFixed(0)} MB |`,
      );
    }
  }
  lines.push('');
  for (const r of rows)
    lines.push(
      `- ${r.persons.toLocaleString('en-GB')} persons, ${r.mode}: Parquet ` +
        `takes ${(r.parquet.ms / r.csv.ms).toFixed(2)}× the CSV's time ` +
        `(${(r.parquet.cpu_ms / r.csv.cpu_ms).toFixed(2)}× its CPU time) ` +
        `and ${(r.parquet.peak_rss_mb / r.csv.peak_rss_mb).toFixed(2)}× ` +
        `its peak memory; the file is ${((r.parquet.bytes / r.csv.bytes) * 100).toFixed(0)} ` +
        `% of the CSV's size.`,
    );
  lines.push('');
  mkdirSync(path.join(root, 'reports'), { recursive: true });
  writeFileSync(path.join(root, 'reports', 'bench-formats.md'), `${lines.join('\n')}\n`);
  const machine = {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    node: process.version,
    shared: true,
  };
  writeFileSync(
    path.join(root, 'reports', 'bench-formats.json'),
    `${JSON.stringify({ machine, rows }, null, 2)}\n`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exit(3);
});
