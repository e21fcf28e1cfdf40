/**
 * One benchmark run in its own process (so peak RSS is this run's alone):
 * the whole `effekt run` pipeline with a timer around each stage, plus a
 * bare byte loop over the same file as the floor any reader must pay.
 * Prints one JSON line.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { loadSpec } from '../spec/spec.js';
import { readForSpec } from '../pipeline/read.js';
import { evaluate } from '../pipeline/evaluate.js';
import { knownMunicipalities, readSurveyForSpec } from '../pipeline/surveyRead.js';
import { writeReport } from '../report/write.js';

/** Count newlines by reading the file in 8 MB chunks: what a bare byte loop costs. */
function byteLoop(file: string): number {
  const t0 = performance.now();
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
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const [specFile, outDir] = process.argv.slice(2);
  const spec = loadSpec(specFile);
  const stages: Record<string, number> = {};
  const t0 = performance.now();
  const x = await readForSpec(spec);
  stages.read = performance.now() - t0;
  const survey = await readSurveyForSpec(spec, knownMunicipalities(spec, x.municipality.levels));
  const results = evaluate(x, spec, {
    survey,
    timer: (name, fn) => {
      const s = performance.now();
      const out = fn();
      const key = name.split(':')[0];
      stages[key] = (stages[key] ?? 0) + performance.now() - s;
      return out;
    },
  });
  const t1 = performance.now();
  writeReport(outDir, results, spec, x, { timings: {}, startedAt: Date.now(), minCell: 0 });
  stages.report = performance.now() - t1;
  const total = performance.now() - t0;
  const bytes = statSync(spec.data.path).size;
  const bare = byteLoop(spec.data.path);
  process.stdout.write(`${JSON.stringify({
    persons: x.persons,
    weeks: x.weeks,
    bytes,
    stages,
    total_ms: total,
    ingest_mb_s: bytes / 1e6 / (stages.read / 1000),
    bare_byte_loop_ms: bare,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  })}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(3);
});
