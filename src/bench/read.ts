/**
 * One reading measurement in its own process: the spec's extract read as
 * `run` reads it (its week window and censor codes), on a given number of
 * threads. Prints one JSON line: wall and CPU time, MB/s, threads used,
 * peak RSS. Used by `npm run bench` to compare one and two threads (and,
 * beside it, data.table's fread on the same file).
 *
 *   node dist/bench/read.js SPEC.json THREADS
 */
import { statSync } from 'node:fs';
import { readOptionsForSpec } from '../pipeline/read.js';
import { readExtract } from '../read/index.js';
import { loadSpec } from '../spec/spec.js';

async function main(): Promise<void> {
  const [specFile, threadsArg] = process.argv.slice(2);
  const threads = threadsArg === '2' ? 2 : 1;
  const spec = loadSpec(specFile);
  let used = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const x = await readExtract(spec.data.path, {
    ...readOptionsForSpec(spec),
    threads,
    onThreads: (n) => (used = n),
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const bytes = statSync(spec.data.path).size;
  process.stdout.write(
    `${JSON.stringify({
      persons: x.persons,
      bytes,
      threads: used,
      read_ms: ms,
      cpu_ms: (cpu.user + cpu.system) / 1000,
      mb_s: bytes / 1e6 / (ms / 1000),
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench read: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(3);
});
