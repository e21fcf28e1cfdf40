/**
 * The side analyses (side.ts) on a worker thread. The worker gets the extract, the compiled spec
 * and the cohorts as plain data: typed arrays in shared memory (the two-thread reader's code
 * matrix) are shared, the rest is copied once. Anything unexpected (no second core, no compiled
 * worker script, a copy too large, a register-sized extract, the worker failing) gives null and the caller computes the same
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
import type { Spec } from '../spec/spec.js';
import { type SideResults, sideExtract } from './side.js';
import type { StageListener } from './stages.js';

/** Arrays not in shared memory are copied to the worker: above this, one thread costs less. */
const MAX_COPY_BYTES = 256 << 20;

/**
 * Above this much code matrix and hours, one thread: the second thread's copies and working
 * memory come on top of the shares' (measured at 5·10^6 persons × 195 weeks, 2.9 GB of extract:
 * peak 4.09 GiB on two threads in 43 s, 3.79 GiB on one in 72 s), and a register-sized run
 * should fit in 4 GB.
 */
const MAX_PARALLEL_EXTRACT_BYTES = 2 ** 31;

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

/**
 * Whether the side analyses of this extract go to the second thread: what must be copied is at
 * most MAX_COPY_BYTES, and the code matrix and hours at most MAX_PARALLEL_EXTRACT_BYTES.
 */
export function fitsSecondThread(x: Pick<Extract, 'codes' | 'hours' | 'municipality'>): boolean {
  const extractBytes = x.codes.byteLength + x.hours.byteLength;
  return copiedBytes(x) <= MAX_COPY_BYTES && extractBytes <= MAX_PARALLEL_EXTRACT_BYTES;
}

/** Bytes a structured clone would copy: typed arrays not backed by shared memory. */
function copiedBytes(x: Pick<Extract, 'codes' | 'hours' | 'municipality'>): number {
  const arrays = [x.codes, x.hours, x.municipality.codes];
  return arrays.reduce((a, v) => a + (v.buffer instanceof SharedArrayBuffer ? 0 : v.byteLength), 0);
}

/** Whether a spec has side analyses at all (a survival outcome or an event study). */
export function hasSideAnalyses(spec: Spec): boolean {
  return spec.eventStudy !== null || spec.outcomes.some((o) => o.type === 'survival');
}

/**
 * A worker started before the extract is read (its modules load while this thread reads),
 * waiting for its task; null when the side analyses will run on this thread anyway.
 */
export interface SideThread {
  /** The side analyses on the worker; null when they should run on this thread after all. */
  run(
    x: Extract,
    plan: CompiledSpec,
    built: CohortBuild,
    onStage?: StageListener,
  ): Promise<SideResults | null> | null;
  /** Stop the worker (a run that ended before its task). */
  close(): void;
}

export function startSideThread(spec: Spec): SideThread | null {
  const script = workerScript();
  if (!script || availableParallelism() < 2 || !hasSideAnalyses(spec)) return null;
  const worker = new Worker(script);
  // Until a task is sent, a failing worker only means this thread does the work.
  let failed = false;
  const fail = () => {
    failed = true;
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  worker.unref();
  return {
    close: () => void worker.terminate(),
    run(x, plan, built, onStage) {
      if (failed || !fitsSecondThread(x)) {
        void worker.terminate();
        return null;
      }
      const task: SideTask = { x: sideExtract(x), plan, built };
      return new Promise((resolve) => {
        let settled = false;
        const done = (side: SideResults | null) => {
          if (settled) return;
          settled = true;
          resolve(side);
          void worker.terminate();
        };
        worker.on('message', (m: SideReply) => {
          if (!m.ok) return done(null);
          for (const [name, ms] of m.stages) onStage?.(name, ms);
          done(m.side);
        });
        worker.on('error', () => done(null));
        worker.on('exit', () => done(null));
        worker.ref();
        worker.postMessage(task);
      });
    },
  };
}

/** The side analyses on a worker started now; null when they should run on this thread. */
export function sideOnAnotherThread(
  x: Extract,
  plan: CompiledSpec,
  built: CohortBuild,
  onStage?: StageListener,
): Promise<SideResults | null> | null {
  return startSideThread(plan.spec)?.run(x, plan, built, onStage) ?? null;
}
