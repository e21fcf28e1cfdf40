/**
 * `npm run bench`: speed and memory of the whole pipeline at register scale.
 *
 * Generates (or reuses, in .bench-data/) simulated extracts of 10^4, 10^5 and
 * 10^6 persons × 208 weeks, runs each in a child process (peak RSS per run),
 * and writes reports/bench.md and reports/bench.json. `--quick` runs only the
 * two smaller sizes. Not a test: numbers depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateExtract } from '../simulate/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

interface Run {
  persons: number;
  weeks: number;
  bytes: number;
  stages: Record<string, number>;
  total_ms: number;
  ingest_mb_s: number;
  bare_byte_loop_ms: number;
  peak_rss_mb: number;
  simulate_ms?: number;
}

const TARGETS = {
  ingest_mb_s: 100,
  total_1e6_s: 60,
  peak_rss_1e6_mb: 2048,
  vs_byte_loop: 8,
};

async function ensureExtract(persons: number): Promise<{ spec: string; ms: number }> {
  const dir = path.join(root, '.bench-data', `p${persons}`);
  const spec = path.join(dir, 'spec.json');
  if (existsSync(spec) && existsSync(path.join(dir, 'dream.csv'))) return { spec, ms: 0 };
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  process.stderr.write(`simulating ${persons.toLocaleString('en-GB')} persons × 208 weeks …\n`);
  await simulateExtract({ preset: 'brf', persons, seed: 42, weeks: 208, outDir: dir });
  return { spec, ms: performance.now() - t0 };
}

function runOne(spec: string, persons: number): Run {
  const out = path.join(root, '.bench-data', `report-${persons}`);
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', path.join(here, 'one.js'), spec, out], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`benchmark run failed for ${persons} persons: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const sizes = quick ? [1e4, 1e5] : [1e4, 1e5, 1e6];
  const runs: Run[] = [];
  for (const n of sizes) {
    const { spec, ms } = await ensureExtract(n);
    process.stderr.write(`running ${n.toLocaleString('en-GB')} persons …\n`);
    const run = runOne(spec, n);
    if (ms > 0) run.simulate_ms = ms;
    runs.push(run);
    process.stderr.write(`  ${fmt(run.total_ms)}, ingest ${run.ingest_mb_s.toFixed(0)} MB/s, peak RSS ${run.peak_rss_mb.toFixed(0)} MB\n`);
  }
  const stageNames = [...new Set(runs.flatMap((r) => Object.keys(r.stages)))];
  const lines: string[] = [];
  lines.push('# effekt benchmark', '');
  lines.push(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. Extracts: simulated \`brf\` preset, 208 weekly code columns + 48 monthly hours columns, seed 42.`, '');
  lines.push(`| persons | file | ingest | MB/s | ${stageNames.filter((s) => s !== 'read').join(' | ')} | total | bare byte loop | total ÷ byte loop | peak RSS |`);
  lines.push(`|---:|---:|---:|---:|${stageNames.filter((s) => s !== 'read').map(() => '---:').join('|')}|---:|---:|---:|---:|`);
  for (const r of runs) {
    lines.push(`| ${r.persons.toLocaleString('en-GB')} | ${(r.bytes / 1e6).toFixed(0)} MB | ${fmt(r.stages.read)} | ${r.ingest_mb_s.toFixed(0)} | ${stageNames.filter((s) => s !== 'read').map((s) => fmt(r.stages[s] ?? 0)).join(' | ')} | ${fmt(r.total_ms)} | ${fmt(r.bare_byte_loop_ms)} | ${(r.total_ms / r.bare_byte_loop_ms).toFixed(1)}× | ${r.peak_rss_mb.toFixed(0)} MB |`);
  }
  lines.push('');
  if (runs.length >= 2) {
    lines.push('## How cost grows', '');
    for (let i = 1; i < runs.length; i++) {
      const a = runs[i - 1];
      const b = runs[i];
      lines.push(`- ${a.persons.toLocaleString('en-GB')} → ${b.persons.toLocaleString('en-GB')} persons (×${(b.persons / a.persons).toFixed(0)}): total time ×${(b.total_ms / a.total_ms).toFixed(1)}, peak RSS ×${(b.peak_rss_mb / a.peak_rss_mb).toFixed(1)}.`);
    }
    lines.push('');
  }
  const big = runs.find((r) => r.persons === 1e6);
  lines.push('## Targets', '');
  const best = Math.max(...runs.map((r) => r.ingest_mb_s));
  lines.push(`- Ingest ≥ ${TARGETS.ingest_mb_s} MB/s: ${best >= TARGETS.ingest_mb_s ? 'met' : 'NOT met'} (best ${best.toFixed(0)} MB/s).`);
  if (big) {
    lines.push(`- Whole run on 10^6 persons ≤ ${TARGETS.total_1e6_s} s: ${big.total_ms / 1000 <= TARGETS.total_1e6_s ? 'met' : 'NOT met'} (${fmt(big.total_ms)}).`);
    lines.push(`- Peak RSS on 10^6 persons ≤ 2 GB: ${big.peak_rss_mb <= TARGETS.peak_rss_1e6_mb ? 'met' : 'NOT met'} (${big.peak_rss_mb.toFixed(0)} MB).`);
  } else {
    lines.push('- 10^6-person targets: not run (--quick).');
  }
  const mid = runs.find((r) => r.persons === 1e5) ?? runs[runs.length - 1];
  const ratio = mid.total_ms / mid.bare_byte_loop_ms;
  lines.push(`- Whole run within ${TARGETS.vs_byte_loop}× a bare byte loop over the same file: ${ratio <= TARGETS.vs_byte_loop ? 'met' : 'NOT met'} (${ratio.toFixed(1)}× at ${mid.persons.toLocaleString('en-GB')} persons).`);
  if (ratio > TARGETS.vs_byte_loop) {
    const readShare = mid.stages.read / mid.total_ms;
    lines.push(`  The gap: the bare loop here reads ${(mid.bytes / 1e6 / (mid.bare_byte_loop_ms / 1000)).toFixed(0)} MB/s (the issue measured 202 MB/s for its loop), while parsing fields into the code matrix runs at ${mid.ingest_mb_s.toFixed(0)} MB/s and takes ${(readShare * 100).toFixed(0)} % of the run; the estimators take the rest. A two-thread split-and-merge reader gained only ~5 % (the merge copies and remaps the code matrix; see README, "Open ends"); parsing into one shared buffer on both cores is the next step. It was not needed for the 60 s target.`);
  }
  lines.push('');
  mkdirSync(path.join(root, 'reports'), { recursive: true });
  writeFileSync(path.join(root, 'reports', 'bench.md'), `${lines.join('\n')}\n`);
  writeFileSync(path.join(root, 'reports', 'bench.json'), `${JSON.stringify({ machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, targets: TARGETS, runs }, null, 2)}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exit(3);
});
