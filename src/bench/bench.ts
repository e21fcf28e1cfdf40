/**
 * `npm run bench`: speed and memory of the whole pipeline at register scale.
 *
 * Generates (or reuses, in .bench-data/) simulated extracts of 10^4, 6·10^4,
 * 10^5 and 10^6 persons × 208 weeks, runs each in a child process (peak RSS
 * per run), and writes reports/bench.md and reports/bench.json. Also:
 *
 * - the whole evaluation of the 60,000-person extract against a bare byte
 *   scan of the same file, 3 runs, best and median (target ≤ 6×);
 * - reading alone on one and on two threads, 3 runs each, and data.table's
 *   fread on the same file with the same threads when R is installed;
 * - each stage's share of the 10^6 run.
 *
 * - the small run a user feels: `effekt run` on a 3,000-person simulated
 *   extract with every report format and with `--formats md,csv`, 3 runs
 *   each in fresh processes, wall and CPU time (targets ≤ 2.5 s and ≤ 1 s).
 *
 * `--quick` runs only the sizes up to 10^5; `--small` only the small runs.
 * `--register` runs 10^6 and 5·10^6 persons (target: 5·10^6 in ≤ 300 s at
 * ≤ 4 GB peak memory) and keeps its figures in reports/bench-register.json,
 * shown in bench.md.
 * Not a test: numbers depend on the machine and on what else runs on it
 * (the load average at each measurement is recorded).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateExtract } from '../simulate/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const reports = path.join(root, 'reports');

interface Run {
  persons: number;
  weeks: number;
  bytes: number;
  stages: Record<string, number>;
  /** CPU milliseconds per stage (user + system, every thread, while the stage ran). */
  stages_cpu?: Record<string, number>;
  total_ms: number;
  total_cpu_ms?: number;
  bare_byte_loop_cpu_ms?: number;
  ingest_mb_s: number;
  bare_byte_loop_ms: number;
  peak_rss_mb: number;
  load: number;
  simulate_ms?: number;
}

interface ReadRun {
  persons: number;
  bytes: number;
  threads: number;
  read_ms: number;
  cpu_ms: number;
  mb_s: number;
  peak_rss_mb: number;
  load: number;
}

interface Fread {
  threads: number;
  seconds: number[];
  /** CPU seconds (user + system, all threads) of each run. */
  cpu: number[];
}

/** One `effekt run` of the small extract in its own process. */
interface SmallRun {
  formats: string;
  wall_ms: number;
  cpu_ms: number;
  peak_rss_mb: number;
  load: number;
}

interface Results {
  machine: { cpus: number; model?: string; node: string; memory_gib: number };
  targets: typeof TARGETS;
  small?: SmallRun[];
  runs: Run[];
  /** The 60,000-person whole evaluations (3), for the ratio to the byte scan. */
  ratioRuns: Run[];
  reads: {
    persons: number;
    effekt: ReadRun[];
    fread: Fread[] | null;
    freadVersion: string | null;
  }[];
}

interface Register {
  machine: Results['machine'];
  runs: Run[];
}

const TARGETS = {
  ingest_mb_s: 100,
  total_1e6_s: 60,
  peak_rss_1e6_mb: 2048,
  vs_byte_loop: 6,
  small_all_formats_s: 2.5,
  small_md_csv_s: 1,
  register_s: 300,
  register_peak_rss_mb: 4096,
};

const SMALL_PERSONS = 3000;

const RATIO_PERSONS = 60000;

function machine(): Results['machine'] {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    node: process.version,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
  };
}

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

function lastJson<T>(r: ReturnType<typeof spawnSync>, what: string): T {
  if (r.status !== 0) throw new Error(`${what} failed: ${String(r.stderr)}`);
  return JSON.parse(String(r.stdout).trim().split('\n').pop()!) as T;
}

function runOne(spec: string, persons: number): Run {
  const out = path.join(root, '.bench-data', `report-${persons}`);
  const load = os.loadavg()[0];
  const heap = persons > 2e6 ? 8192 : 4096;
  const r = spawnSync(
    process.execPath,
    [`--max-old-space-size=${heap}`, path.join(here, 'one.js'), spec, out],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  return { ...lastJson<Run>(r, `benchmark run for ${persons} persons`), load };
}

function readOnce(spec: string, threads: number): ReadRun {
  const load = os.loadavg()[0];
  const r = spawnSync(process.execPath, [path.join(here, 'read.js'), spec, String(threads)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return { ...lastJson<ReadRun>(r, `read with ${threads} thread(s)`), load };
}

/**
 * data.table's fread on the file with a number of threads, 3 times (after one warm-up); null
 * without R.
 */
function fread(file: string, threads: number): Fread | null {
  const script =
    `suppressMessages(library(data.table)); setDTthreads(${threads}); ` +
    `invisible(fread(${JSON.stringify(file)}, showProgress = FALSE, ` +
    `nrows = 10)); for (i in 1:3) { t <- system.time(fread(${JSON.stringify(file)}, ` +
    `showProgress = FALSE)); cat(t[["elapsed"]], t[["user.self"]] ` +
    `+ t[["sys.self"]], "\\n") }`;
  const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0 || r.error) return null;
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  return { threads, seconds: rows.map((x) => x[0]), cpu: rows.map((x) => x[1]) };
}

function freadVersion(): string | null {
  const r = spawnSync(
    'Rscript',
    ['-e', 'cat(R.version.string, "; data.table", as.character(packageVersion("data.table")))'],
    { encoding: 'utf8' },
  );
  return r.status === 0 && !r.error ? r.stdout.trim() : null;
}

const fmt = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
const best = (xs: number[]): number => Math.min(...xs);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function runTable(runs: Run[]): string[] {
  const stageNames = [...new Set(runs.flatMap((r) => Object.keys(r.stages)))].filter(
    (s) => s !== 'read',
  );
  const lines = [
    `| persons | file | read | MB/s | ${stageNames.join(' | ')} | ` +
      `total | bare byte scan | total ÷ byte scan | peak RSS | load ` +
      `|`,
    `|---:|---:|---:|---:|${stageNames.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|`,
  ];
  for (const r of runs) {
    lines.push(
      `| ${r.persons.toLocaleString('en-GB')} | ${(r.bytes / 1e6).toFixed(0)} ` +
        `MB | ${fmt(r.stages.read)} | ${r.ingest_mb_s.toFixed(0)} | ` +
        `${stageNames.map((s) => fmt(r.stages[s] ?? 0)).join(' | ')} ` +
        `| ${fmt(r.total_ms)} | ${fmt(r.bare_byte_loop_ms)} | ` +
        `${(r.total_ms / r.bare_byte_loop_ms).toFixed(1)}× ` +
        `| ${r.peak_rss_mb.toFixed(0)} MB | ${r.load.toFixed(1)} |`,
    );
  }
  return lines;
}

function render(res: Results | null, reg: Register | null): string {
  const m = res?.machine ?? reg!.machine;
  const lines: string[] = ['# effekt benchmark', ''];
  lines.push(
    `Machine: ${m.cpus} × ${m.model ?? 'cpu'}, ${m.memory_gib} GiB, ` +
      `Node ${m.node}. Extracts: simulated \`brf\` preset, 208 weekly ` +
      `code columns + 48 monthly hours columns, seed 42. The machine ` +
      `is shared: "load" is the 1-minute load average when each measurement ` +
      `started (2 cores; above 2, other processes competed for them).`,
    '',
  );
  if (res) {
    if (res.runs.length) lines.push('## Whole runs', '', ...runTable(res.runs), '');
    const big = res.runs.find((r) => r.persons === 1e6);
    if (big) {
      lines.push('Stage shares of the 10^6 run:', '');
      const shares = Object.entries(big.stages).map(
        ([k, v]) => `${k} ${((v / big.total_ms) * 100).toFixed(1)} %`,
      );
      lines.push(`- ${shares.join(', ')}.`, '');
    }
    if (res.runs.length >= 2) {
      lines.push('How cost grows:', '');
      for (let i = 1; i < res.runs.length; i++) {
        const a = res.runs[i - 1];
        const b = res.runs[i];
        lines.push(
          `- ${a.persons.toLocaleString('en-GB')} → ${b.persons.toLocaleString('en-GB')} ` +
            `persons (×${(b.persons / a.persons).toFixed(1)}): total time ` +
            `×${(b.total_ms / a.total_ms).toFixed(1)}, peak RSS ` +
            `×${(b.peak_rss_mb / a.peak_rss_mb).toFixed(1)}.`,
        );
      }
      lines.push('');
    }
    if (res.ratioRuns.length) {
      const ratios = res.ratioRuns.map((r) => r.total_ms / r.bare_byte_loop_ms);
      const ratioBest =
        best(res.ratioRuns.map((r) => r.total_ms)) /
        best(res.ratioRuns.map((r) => r.bare_byte_loop_ms));
      lines.push(
        `## Whole evaluation ÷ bare byte scan, ${RATIO_PERSONS.toLocaleString('en-GB')} persons`,
        '',
      );
      lines.push(
        `${res.ratioRuns.length} runs: whole evaluation ` +
          `${res.ratioRuns.map((r) => fmt(r.total_ms)).join(', ')}; ` +
          `byte scan ${res.ratioRuns.map((r) => fmt(r.bare_byte_loop_ms)).join(', ')}; ` +
          `loads ${res.ratioRuns.map((r) => r.load.toFixed(1)).join(', ')}.`,
        '',
      );
      lines.push(
        `- **Best of ${res.ratioRuns.length}: ${ratioBest.toFixed(1)}×** ` +
          `(best evaluation ÷ best byte scan); per run ` +
          `${ratios.map((r) => `${r.toFixed(1)}×`).join(', ')}, ` +
          `median ${median(ratios).toFixed(1)}×. Target ≤ ${TARGETS.vs_byte_loop}×: ` +
          `${ratioBest <= TARGETS.vs_byte_loop ? 'met' : 'NOT met'}.`,
      );
      const cpuRuns = res.ratioRuns.filter((r) => r.total_cpu_ms && r.bare_byte_loop_cpu_ms);
      if (cpuRuns.length) {
        const cpuBest =
          best(cpuRuns.map((r) => r.total_cpu_ms!)) /
          best(cpuRuns.map((r) => r.bare_byte_loop_cpu_ms!));
        lines.push(
          `- In CPU time (user + system, every thread): best ${cpuBest.toFixed(1)}× ` +
            `(evaluation ${cpuRuns.map((r) => fmt(r.total_cpu_ms!)).join(', ')}; ` +
            `byte scan ${cpuRuns.map((r) => fmt(r.bare_byte_loop_cpu_ms!)).join(', ')}).`,
        );
        const fastest = cpuRuns.reduce((p, q) => (q.total_cpu_ms! < p.total_cpu_ms! ? q : p));
        const cpu = fastest.stages_cpu ?? {};
        const total = Object.values(cpu).reduce((a, v) => a + v, 0);
        if (total > 0)
          lines.push(
            `- CPU by stage (that run; a stage's CPU includes the other threads' while it ran): ` +
              `${Object.entries(cpu)
                .sort((p, q) => q[1] - p[1])
                .map(([k, v]) => `${k} ${((v / total) * 100).toFixed(0)} %`)
                .join(', ')}.`,
          );
      }
      lines.push('');
    }
    if (res.small?.length) lines.push(...smallTable(res.small));
    if (res.reads.length) {
      lines.push('## Reading: one thread, two threads, fread', '');
      lines.push(
        'The extract read as `run` reads it (its week window), 3 runs each, ' +
          'interleaved; best and median wall time. fread (R data.table) reads the ' +
          'same file into a data.table with the same number of threads (3 runs ' +
          'after a warm-up).',
        '',
      );
      lines.push(
        '| persons | file | reader | threads | best | median | MB/s (best) | ' +
          'CPU (best run) | peak RSS |',
      );
      lines.push('|---:|---:|---|---:|---:|---:|---:|---:|---:|');
      for (const r of res.reads) {
        const bytes = r.effekt[0].bytes;
        for (const t of [1, 2]) {
          const rs = r.effekt.filter((x) => x.threads === t);
          if (!rs.length) continue;
          const b = rs.reduce((p, q) => (q.read_ms < p.read_ms ? q : p));
          lines.push(
            `| ${r.persons.toLocaleString('en-GB')} | ${(bytes / 1e6).toFixed(0)} ` +
              `MB | effekt | ${t} | ${fmt(b.read_ms)} | ${fmt(median(rs.map((x) => x.read_ms)))} ` +
              `| ${(bytes / 1e6 / (b.read_ms / 1000)).toFixed(0)} | ${fmt(b.cpu_ms)} ` +
              `| ${b.peak_rss_mb.toFixed(0)} MB |`,
          );
        }
        for (const f of r.fread ?? []) {
          const b = best(f.seconds);
          const cpu = f.cpu?.[f.seconds.indexOf(b)];
          lines.push(
            `| ${r.persons.toLocaleString('en-GB')} | ${(bytes / 1e6).toFixed(0)} ` +
              `MB | fread | ${f.threads} | ${fmt(b * 1000)} | ${fmt(median(f.seconds) * 1000)} ` +
              `| ${(bytes / 1e6 / b).toFixed(0)} | ${cpu === undefined ? '' : fmt(cpu * 1000)} ` +
              `| |`,
          );
        }
      }
      lines.push('');
      const fv = res.reads.find((r) => r.freadVersion)?.freadVersion;
      lines.push(
        fv
          ? `fread: ${fv}.`
          : 'fread: R with data.table was not available on this machine, so it was not measured.',
        '',
      );
    }
    const bestMbs = Math.max(...res.runs.map((r) => r.ingest_mb_s));
    if (res.runs.length) lines.push('## Targets', '');
    if (res.runs.length)
      lines.push(
        `- Read ≥ ${TARGETS.ingest_mb_s} MB/s: ` +
          `${bestMbs >= TARGETS.ingest_mb_s ? 'met' : 'NOT met'} ` +
          `(best ${bestMbs.toFixed(0)} MB/s in a whole run).`,
      );
    if (big) {
      lines.push(
        `- Whole run on 10^6 persons ≤ ${TARGETS.total_1e6_s} s: ` +
          `${big.total_ms / 1000 <= TARGETS.total_1e6_s ? 'met' : 'NOT met'} ` +
          `(${fmt(big.total_ms)}).`,
      );
      lines.push(
        `- Peak RSS on 10^6 persons ≤ 2 GB: ` +
          `${big.peak_rss_mb <= TARGETS.peak_rss_1e6_mb ? 'met' : 'NOT met'} ` +
          `(${big.peak_rss_mb.toFixed(0)} MB).`,
      );
    }
    lines.push('');
  }
  if (reg) {
    lines.push('## Register scale (`npm run bench -- --register`)', '');
    lines.push(...runTable(reg.runs), '');
    const a = reg.runs.find((r) => r.persons === 1e6);
    const b = reg.runs.find((r) => r.persons === 5e6);
    if (a && b) {
      const t = b.total_ms / a.total_ms;
      const inTime = b.total_ms / 1000 <= TARGETS.register_s;
      const inMemory = b.peak_rss_mb <= TARGETS.register_peak_rss_mb;
      lines.push(
        `- 5·10^6 persons: ${fmt(b.total_ms)}` +
          `${b.total_cpu_ms ? ` (${fmt(b.total_cpu_ms)} CPU)` : ''}, ` +
          `target ≤ ${TARGETS.register_s} s: ${inTime ? 'met' : 'NOT met'}; ` +
          `peak RSS ${(b.peak_rss_mb / 1024).toFixed(2)} GB, target ≤ ` +
          `${TARGETS.register_peak_rss_mb / 1024} GB: ${inMemory ? 'met' : 'NOT met'}; ` +
          `${t.toFixed(1)}× the 10^6 run (load ${a.load.toFixed(1)} and ${b.load.toFixed(1)}).`,
      );
      lines.push(
        `- Stage shares of the 10^6 run: ${Object.entries(a.stages)
          .map(([k, v]) => `${k} ${((v / a.total_ms) * 100).toFixed(1)} %`)
          .join(', ')}.`,
        '',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function smallTable(runs: SmallRun[]): string[] {
  const lines = [
    `## The small run: \`effekt run\`, ${SMALL_PERSONS.toLocaleString('en-GB')} persons`,
    '',
    "A simulated extract (`brf` preset, the simulator's own weeks and spec), run as a user " +
      'runs it (a fresh process: Node starting, modules loading, the report written), 3 runs ' +
      'of each, interleaved. CPU: user + system of every thread.',
    '',
    '| formats | best wall | median wall | CPU (best run) | peak RSS | loads | target |',
    '|---|---:|---:|---:|---:|---|---|',
  ];
  for (const formats of [...new Set(runs.map((r) => r.formats))]) {
    const rs = runs.filter((r) => r.formats === formats);
    const b = rs.reduce((p, q) => (q.wall_ms < p.wall_ms ? q : p));
    const target = formats === 'all' ? TARGETS.small_all_formats_s : TARGETS.small_md_csv_s;
    lines.push(
      `| ${formats} | ${fmt(b.wall_ms)} | ${fmt(median(rs.map((r) => r.wall_ms)))} | ` +
        `${fmt(b.cpu_ms)} | ${b.peak_rss_mb.toFixed(0)} MB | ` +
        `${rs.map((r) => r.load.toFixed(1)).join(', ')} | ≤ ${target} s: ` +
        `${b.wall_ms / 1000 <= target ? 'met' : 'NOT met'} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The small runs: every format and md,csv, 3 of each, interleaved. */
async function smallRuns(): Promise<SmallRun[]> {
  const dir = path.join(root, '.bench-data', `small-p${SMALL_PERSONS}`);
  const spec = path.join(dir, 'spec.json');
  if (!existsSync(spec)) {
    mkdirSync(dir, { recursive: true });
    await simulateExtract({ preset: 'brf', persons: SMALL_PERSONS, seed: 3, outDir: dir });
  }
  const out: SmallRun[] = [];
  for (let i = 0; i < 3; i++)
    for (const formats of ['all', 'md,csv']) {
      const report = path.join(root, '.bench-data', `small-report-${i}-${formats}`);
      rmSync(report, { recursive: true, force: true });
      process.stderr.write(`small run ${i + 1} of 3, formats ${formats} …\n`);
      const args = ['run', spec, '--out', report, '-q'];
      if (formats !== 'all') args.push('--formats', formats);
      const load = os.loadavg()[0];
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [path.join(here, 'cli-one.js'), ...args], {
        encoding: 'utf8',
      });
      const wall = performance.now() - t0;
      rmSync(report, { recursive: true, force: true });
      const last = JSON.parse(String(r.stderr).trim().split('\n').pop()!) as {
        code: number;
        cpu_ms: number;
        peak_rss_mb: number;
      };
      if (last.code !== 0) throw new Error(`small run failed: ${r.stderr}`);
      out.push({
        formats,
        wall_ms: wall,
        cpu_ms: last.cpu_ms,
        peak_rss_mb: last.peak_rss_mb,
        load,
      });
    }
  return out;
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const register = process.argv.includes('--register');
  mkdirSync(reports, { recursive: true });
  const benchJson = path.join(reports, 'bench.json');
  const registerJson = path.join(reports, 'bench-register.json');

  if (register) {
    const runs: Run[] = [];
    for (const n of [1e6, 5e6]) {
      const { spec, ms } = await ensureExtract(n);
      process.stderr.write(`running ${n.toLocaleString('en-GB')} persons …\n`);
      const run = runOne(spec, n);
      if (ms > 0) run.simulate_ms = ms;
      runs.push(run);
      process.stderr.write(
        `  ${fmt(run.total_ms)}, read ${run.ingest_mb_s.toFixed(0)} MB/s, ` +
          `peak RSS ${run.peak_rss_mb.toFixed(0)} MB\n`,
      );
    }
    const reg: Register = { machine: machine(), runs };
    writeFileSync(registerJson, `${JSON.stringify(reg, null, 2)}\n`);
    const text = render(readJson<Results>(benchJson), reg);
    writeFileSync(path.join(reports, 'bench.md'), text);
    process.stdout.write(text);
    return;
  }

  if (process.argv.includes('--small')) {
    const prior = readJson<Results>(benchJson);
    const res: Results = prior
      ? { ...prior, small: await smallRuns() }
      : { machine: machine(), targets: TARGETS, runs: [], ratioRuns: [], reads: [] };
    if (!prior) res.small = await smallRuns();
    writeFileSync(benchJson, `${JSON.stringify(res, null, 2)}\n`);
    const text = render(res, readJson<Register>(registerJson));
    writeFileSync(path.join(reports, 'bench.md'), text);
    process.stdout.write(text);
    return;
  }
  const small = await smallRuns();
  const sizes = quick ? [1e4, RATIO_PERSONS, 1e5] : [1e4, RATIO_PERSONS, 1e5, 1e6];
  const runs: Run[] = [];
  const ratioRuns: Run[] = [];
  for (const n of sizes) {
    const { spec, ms } = await ensureExtract(n);
    const times = n === RATIO_PERSONS ? 3 : 1;
    for (let i = 0; i < times; i++) {
      process.stderr.write(
        `running ${n.toLocaleString('en-GB')} ` +
          `persons${times > 1 ? ` (${i + 1} of ${times})` : ''} …\n`,
      );
      const run = runOne(spec, n);
      if (ms > 0 && i === 0) run.simulate_ms = ms;
      if (n === RATIO_PERSONS) ratioRuns.push(run);
      if (i === 0) runs.push(run);
      process.stderr.write(
        `  ${fmt(run.total_ms)}, read ${run.ingest_mb_s.toFixed(0)} MB/s, ` +
          `byte scan ${fmt(run.bare_byte_loop_ms)}, peak RSS ${run.peak_rss_mb.toFixed(0)} ` +
          `MB\n`,
      );
    }
    const fastest = ratioRuns.length
      ? ratioRuns.reduce((p, q) => (q.total_ms < p.total_ms ? q : p))
      : null;
    if (fastest && n === RATIO_PERSONS) runs[runs.length - 1] = fastest;
  }
  const reads: Results['reads'] = [];
  const version = freadVersion();
  for (const n of quick ? [RATIO_PERSONS] : [RATIO_PERSONS, 1e6]) {
    const { spec } = await ensureExtract(n);
    process.stderr.write(
      `reading ${n.toLocaleString('en-GB')} persons on 1 and 2 threads (3 × each) …\n`,
    );
    const effekt: ReadRun[] = [];
    for (let i = 0; i < 3; i++) for (const t of [1, 2]) effekt.push(readOnce(spec, t));
    const file = path.join(path.dirname(spec), 'dream.csv');
    const fr = version
      ? [1, 2].map((t) => fread(file, t)).filter((f): f is Fread => f !== null)
      : null;
    reads.push({ persons: n, effekt, fread: fr, freadVersion: version });
  }
  const res: Results = { machine: machine(), targets: TARGETS, small, runs, ratioRuns, reads };
  writeFileSync(benchJson, `${JSON.stringify(res, null, 2)}\n`);
  const text = render(res, readJson<Register>(registerJson));
  writeFileSync(path.join(reports, 'bench.md'), text);
  process.stdout.write(text);
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exit(3);
});
