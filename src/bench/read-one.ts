/**
 * One read of an extract in its own process (so peak RSS is this read's
 * alone), as a run reads it (the spec's week window and options) or whole
 * (`--whole`: every week). Prints one JSON line: time, CPU time (all
 * threads; steadier than wall time on a shared machine), persons, peak RSS.
 */
import { statSync } from 'node:fs';
import { readExtract } from '../read/index.js';
import { neededWeeks } from '../spec/compile.js';
import { loadSpec } from '../spec/spec.js';

async function main(): Promise<void> {
  const [file, specFile, mode] = process.argv.slice(2);
  const spec = loadSpec(specFile);
  let threads = 1;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const x = await readExtract(file, {
    id: spec.data.id,
    municipality: spec.data.municipality,
    requireMunicipality: true,
    keepWeeks: mode === '--whole' ? undefined : neededWeeks(spec),
    censorCodes: spec.codes.censor,
    onThreads: (n) => (threads = n),
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const row = {
    file,
    bytes: statSync(file).size,
    ms,
    cpu_ms: (cpu.user + cpu.system) / 1000,
    persons: x.persons,
    weeks: x.weeks,
    threads,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(3);
});
