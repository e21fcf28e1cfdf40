/**
 * One benchmark run in its own process (so peak RSS is this run's alone):
 * the whole `effekt run` pipeline with a timer around each stage, plus a
 * bare byte loop over the same file as the floor any reader must pay.
 * Prints one JSON line.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { runEvaluation } from '../app/run.js';

/** Count newlines by reading the file in 8 MB chunks: what a bare byte loop costs. */
function byteLoop(file: string): { ms: number; cpuMs: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  let lines = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    for (let i = 0; i < n; i++) if (buf[i] === 10) lines++;
  }
  closeSync(fd);
  if (lines < 0) throw new Error('unreachable');
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

async function main(): Promise<void> {
  const [specFile, outDir] = process.argv.slice(2);
  const stages: Record<string, number> = {};
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const stagesCpu: Record<string, number> = {};
  let cLast = c0;
  const { spec, extract: x } = await runEvaluation(specFile, {
    out: outDir,
    // Stages of one kind (shares:<id>, did:<id>, …) add up under their kind.
    onStage: (name, ms) => {
      const key = name.split(':')[0];
      stages[key] = (stages[key] ?? 0) + ms;
      // CPU since the previous stage ended: stages run one after another, so
      // this is the stage's own CPU time (a nested stage's is not counted
      // again in the one around it; untimed steps join the next stage).
      const c = process.cpuUsage(cLast);
      cLast = process.cpuUsage();
      stagesCpu[key] = (stagesCpu[key] ?? 0) + (c.user + c.system) / 1000;
    },
  });
  const total = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const totalCpu = (c.user + c.system) / 1000;
  const bytes = statSync(spec.data.path).size;
  const bare = byteLoop(spec.data.path);
  process.stdout.write(
    `${JSON.stringify({
      persons: x.persons,
      weeks: x.weeks,
      bytes,
      stages,
      stages_cpu: stagesCpu,
      total_ms: total,
      // CPU time (user + system, all threads) of the evaluation and of the
      // byte scan: on a loaded machine these are what the wall times would be
      // on an idle one (for a one-thread run).
      total_cpu_ms: totalCpu,
      ingest_mb_s: bytes / 1e6 / (stages.read / 1000),
      bare_byte_loop_ms: bare.ms,
      bare_byte_loop_cpu_ms: bare.cpuMs,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(3);
});
