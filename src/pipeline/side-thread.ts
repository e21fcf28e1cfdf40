/**
 * The side analyses (side.ts) on a worker thread. The worker gets the extract, the compiled spec
 * and the cohorts as plain data: typed arrays in shared memory (the two-thread reader's code
 * matrix) are shared, the rest is copied once. Anything unexpected (no second core, no compiled
 * worker script, a copy too large, the worker failing) gives null and the caller computes the same
 * analyses on its own thread, so a message a user must see (an InputError) is thrown there, as
 * without the worker.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CohortBuild } from '../cohorts/cohorts.js';
import type { Extract } from '../read/extract.js';
import type { CompiledSpec } from '../spec/compile.js';
import { type SideResults, sideExtract } from './side.js';
import type { StageListener } from './stages.js';

/** Arrays not in shared memory are copied to the worker: above this, one thread costs less. */
const MAX_COPY_BYTES = 256 << 20;

export interface SideTask {
  x: Extract;
  plan: CompiledSpec;
  built: CohortBuild;
}

export type SideReply =
  | { ok: true; side: SideResults; stages: [string, number][] }
  | { ok: false; message: string };

/**
 * The compiled worker beside this module; null under the test runner (which runs the TypeScript
 * sources: a worker from dist/ could be older than them).
 */
function workerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.js')) return null;
  const f = path.join(path.dirname(here), 'side-worker.js');
  return existsSync(f) ? f : null;
}

/** Bytes a structured clone would copy: typed arrays not backed by shared memory. */
function copiedBytes(x: Extract): number {
  const arrays = [x.codes, x.hours, x.municipality.codes];
  return arrays.reduce((a, v) => a + (v.buffer instanceof SharedArrayBuffer ? 0 : v.byteLength), 0);
}

/** The side analyses on another thread; null when they should run on this one (see above). */
export function sideOnAnotherThread(
  x: Extract,
  plan: CompiledSpec,
  built: CohortBuild,
  onStage?: StageListener,
): Promise<SideResults | null> | null {
  const script = workerScript();
  if (!script || availableParallelism() < 2 || copiedBytes(x) > MAX_COPY_BYTES) return null;
  if (!plan.spec.eventStudy && !plan.spec.outcomes.some((o) => o.type === 'survival')) return null;
  const task: SideTask = { x: sideExtract(x), plan, built };
  return new Promise((resolve) => {
    let settled = false;
    const done = (side: SideResults | null) => {
      if (settled) return;
      settled = true;
      resolve(side);
      void worker.terminate();
    };
    const worker = new Worker(script, { workerData: task });
    worker.on('message', (m: SideReply) => {
      if (!m.ok) return done(null);
      for (const [name, ms] of m.stages) onStage?.(name, ms);
      done(m.side);
    });
    worker.on('error', () => done(null));
    worker.on('exit', () => done(null));
  });
}
