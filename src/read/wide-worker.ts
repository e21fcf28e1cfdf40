/**
 * The second reader thread: scans the second half of a wide extract's rows
 * into its region of the shared code matrix (see wide-parallel.ts) and posts
 * back what cannot be shared (ids, hours, person columns, its dictionary).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { RowScanner, type ScanPlan } from './rows.js';

export interface WorkerTask {
  plan: ScanPlan;
  start: number;
  end: number;
  sab: SharedArrayBuffer;
  /** Hours: the same layout, persons × hours columns (Uint32). */
  hoursSab: SharedArrayBuffer;
  /** First row of this thread's region in the shared matrix, and its rows. */
  rowOffset: number;
  capRows: number;
  chunkBytes: number;
}

export type WorkerReply =
  | { ok: false; input: boolean; message: string }
  | {
      ok: true;
      persons: number;
      lineNo: number;
      /** False when the region overflowed and `codes` holds the rows instead. */
      sharedCodes: boolean;
      codes: Uint16Array | null;
      /**
       * False when hours left the shared region (rescaled, widened or grown) and `hours` holds
       * them.
       */
      sharedHours: boolean;
      hours: Uint32Array | Float64Array | null;
      hoursDecimals: number;
      lines: Int32Array;
      censoredBefore: Uint8Array | null;
      ids: string[];
      municipality: { levels: string[]; codes: Uint32Array };
      covariates: { levels: string[]; codes: Uint32Array }[];
      codeDict: string[];
      codeCounts: Float64Array;
      firstNewCodeRow: number;
    };

const task = workerData as WorkerTask;
const port = parentPort!;

port.once('message', (seed: string[]) => {
  void run(seed);
});

async function run(seed: string[]): Promise<void> {
  const fd = openSync(task.plan.file, 'r');
  try {
    const region = new Uint16Array(
      task.sab,
      task.rowOffset * task.plan.weeks * 2,
      task.capRows * task.plan.weeks,
    );
    const H = task.plan.nHours;
    const hoursRegion = new Uint32Array(task.hoursSab, task.rowOffset * H * 4, task.capRows * H);
    const s = new RowScanner(
      task.plan,
      (buf, offset, length, position) => readSync(fd, buf, offset, length, position),
      task.start,
      task.end,
      region,
      hoursRegion,
      0,
      seed,
      task.chunkBytes,
    );
    await s.scan();
    const n = s.persons;
    const sharedCodes = s.codes === region;
    const sharedHours = s.hours.data === hoursRegion;
    const municipality = s.municipality.finish(n);
    const covariates = s.covariates.map((c) => c.finish(n));
    const reply: WorkerReply = {
      ok: true,
      persons: n,
      lineNo: s.lineNo,
      sharedCodes,
      codes: sharedCodes ? null : s.codes,
      sharedHours,
      hours: sharedHours ? null : s.hours.data,
      hoursDecimals: s.hours.decimals,
      lines: s.lines,
      censoredBefore: s.censoredBefore,
      ids: s.ids,
      municipality: { levels: municipality.levels, codes: municipality.codes },
      covariates: covariates.map((c) => ({ levels: c.levels, codes: c.codes })),
      codeDict: s.codeDict.levels,
      codeCounts: s.codeCounts.slice(0, s.codeDict.size),
      firstNewCodeRow: s.firstNewCodeRow,
    };
    const transfer: ArrayBuffer[] = [
      reply.lines.buffer as ArrayBuffer,
      municipality.codes.buffer as ArrayBuffer,
      ...covariates.map((c) => c.codes.buffer as ArrayBuffer),
    ];
    if (reply.codes) transfer.push(reply.codes.buffer as ArrayBuffer);
    if (reply.hours) transfer.push(reply.hours.buffer as ArrayBuffer);
    if (reply.censoredBefore) transfer.push(reply.censoredBefore.buffer as ArrayBuffer);
    port.postMessage(reply, transfer);
  } catch (err) {
    port.postMessage({
      ok: false,
      input: err instanceof InputError,
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    } satisfies WorkerReply);
  } finally {
    closeSync(fd);
  }
}
