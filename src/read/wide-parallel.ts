/**
 * Reading a wide extract on two threads into ONE shared code matrix.
 *
 * The body is cut at the line end nearest its middle. The main thread scans
 * the first half, a worker the second, both with the same RowScanner, both
 * writing codes straight into one SharedArrayBuffer: the first half from row
 * 0, the second from an estimated row of its own. At the end the second
 * half's rows are moved down behind the first's (one memmove), so nothing is
 * allocated twice or copied row by row. Hours go the same way. (Splitting into two matrices and
 * merging them cost as much as the second core saved; see README.)
 *
 * A common code dictionary: the main thread first scans about 1 MB of rows
 * and hands the codes seen so far to the worker as the start of its
 * dictionary, so both number those codes alike. A code the worker meets that
 * is not in that seed gets a provisional number; at the end its number in
 * the file's order of first appearance is settled and only the rows from the
 * first such code on are renumbered. The resulting dictionary, matrix and
 * person columns are the same as the one-thread reader's, number for number.
 *
 * Errors: when either half finds bad input (or an id occurs in both halves,
 * or the worker fails), this returns null and the one-thread reader reads
 * the file again, so the message names exactly the line and column it
 * always names.
 */
import { existsSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PersonColumnBuilder } from './dictionary.js';
import type { PersonColumn } from './extract.js';
import {
  estimateRows,
  MAX_CODES,
  type ReadAt,
  RowScanner,
  type ScannedRows,
  type ScanPlan,
} from './rows.js';
import type { WorkerReply, WorkerTask } from './wide-worker.js';

/** Bytes the main thread scans before the worker starts (their codes seed its dictionary). */
const SEED_BYTES = 1 << 20;

/** The compiled worker script (tests run from src/, so fall back to dist/). */
function workerScript(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const f of [
    path.join(here, 'wide-worker.js'),
    path.resolve(here, '../../dist/read/wide-worker.js'),
  ])
    if (existsSync(f)) return f;
  return null;
}

/** Offset of the first line start at or after `at` (size when none). */
async function lineStartAfter(handle: FileHandle, at: number, size: number): Promise<number> {
  const buf = Buffer.allocUnsafe(1 << 16);
  for (let pos = at; pos < size; ) {
    const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    pos += bytesRead;
  }
  return size;
}

/**
 * Rows on two threads; null when they must be read on one (bad input somewhere, or no worker
 * script).
 */
export async function readRowsInParallel(
  plan: ScanPlan,
  handle: FileHandle,
  size: number,
  bodyStart: number,
  avgLine: number,
  chunkBytes: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ScannedRows | null> {
  const script = workerScript();
  if (script === null) return null;
  const splitAt = await lineStartAfter(
    handle,
    bodyStart + Math.floor((size - bodyStart) / 2),
    size,
  );
  if (splitAt >= size || splitAt - bodyStart < SEED_BYTES) return null;
  const W = plan.weeks;
  const capA = estimateRows(avgLine, splitAt - bodyStart);
  const capB = estimateRows(avgLine, size - splitAt);
  const H = plan.nHours;
  const sab = new SharedArrayBuffer((capA + capB) * W * 2);
  const hoursSab = new SharedArrayBuffer((capA + capB) * H * 4);
  const task: WorkerTask = {
    plan,
    start: splitAt,
    end: size,
    sab,
    hoursSab,
    rowOffset: capA,
    capRows: capB,
    chunkBytes,
  };
  const worker = new Worker(script, { workerData: task });
  const reply = new Promise<WorkerReply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`reader thread stopped (exit code ${code})`)));
  });
  reply.catch(() => undefined);
  const half = size - bodyStart;
  const readAt: ReadAt = async (buf, offset, length, position) => {
    const { bytesRead } = await handle.read(buf, offset, length, position);
    // Both halves advance at about the same pace: report the first half's progress for the whole.
    onProgress?.(
      Math.min(
        size,
        bodyStart + 2 * (position + bytesRead - bodyStart) * (half / 2 / (splitAt - bodyStart)),
      ),
      size,
    );
    return bytesRead;
  };
  const a = new RowScanner(
    plan,
    readAt,
    bodyStart,
    splitAt,
    new Uint16Array(sab, 0, capA * W),
    new Uint32Array(hoursSab, 0, capA * H),
    1,
    null,
    chunkBytes,
  );
  let b: WorkerReply;
  try {
    await a.scan(SEED_BYTES);
    worker.postMessage(a.codeDict.levels.slice());
    await a.scan();
    b = await reply;
  } catch {
    // Bad input in the first half, or the worker could not start or stopped:
    // the one-thread read names the problem (a bug would show there too).
    return null;
  } finally {
    void worker.terminate();
  }
  if (!b.ok) return null;
  return merge(plan, a, b, sab, hoursSab, capA);
}

/**
 * One matrix, dictionary and set of person columns from the two halves; null when an id occurs in
 * both.
 */
function merge(
  plan: ScanPlan,
  a: RowScanner,
  b: Extract2,
  sab: SharedArrayBuffer,
  hoursSab: SharedArrayBuffer,
  capA: number,
): ScannedRows | null {
  const W = plan.weeks;
  const nA = a.persons;
  const nB = b.persons;
  const n = nA + nB;
  for (const id of b.ids) if (a.idLine.has(id)) return null;

  // Codes: the second half's rows move down behind the first's.
  const all = new Uint16Array(sab);
  let codes: Uint16Array;
  if (a.codes.buffer === sab && b.sharedCodes) {
    if (nA !== capA) all.copyWithin(nA * W, capA * W, (capA + nB) * W);
    codes = all.subarray(0, n * W);
  } else {
    codes = new Uint16Array(n * W);
    codes.set(a.codes.subarray(0, nA * W));
    codes.set(
      b.sharedCodes ? all.subarray(capA * W, (capA + nB) * W) : b.codes!.subarray(0, nB * W),
      nA * W,
    );
  }

  // The worker's code numbers in the file's order of first appearance.
  const map = new Uint16Array(b.codeDict.length);
  let identity = true;
  for (let i = 0; i < b.codeDict.length; i++) {
    const id = i < a.seedCodes ? i : a.codeDict.id(b.codeDict[i]);
    if (id > MAX_CODES) return null;
    map[i] = id;
    if (id !== i) identity = false;
  }
  if (!identity && b.firstNewCodeRow >= 0) {
    for (let k = (nA + b.firstNewCodeRow) * W, end = n * W; k < end; k++) codes[k] = map[codes[k]];
  }
  const codeCounts = a.codeCounts;
  for (let i = 0; i < b.codeCounts.length; i++) codeCounts[map[i]] += b.codeCounts[i];

  const hours = mergeHours(plan.nHours, a, b, hoursSab, capA);
  if (hours === null) return null;

  const lines = new Int32Array(n);
  lines.set(a.lines.subarray(0, nA));
  for (let i = 0; i < nB; i++) lines[nA + i] = b.lines[i] + a.lineNo;
  let censoredBefore: Uint8Array | null = null;
  if (a.censoredBefore) {
    censoredBefore = new Uint8Array(n);
    censoredBefore.set(a.censoredBefore.subarray(0, nA));
    censoredBefore.set(b.censoredBefore!.subarray(0, nB), nA);
  }
  return {
    persons: n,
    ids: a.ids.concat(b.ids),
    lines,
    codes,
    codeDict: a.codeDict.levels,
    codeCounts,
    hours: hours.values,
    hoursDecimals: hours.decimals,
    censoredBefore,
    municipality: mergeColumn(a.municipality, nA, b.municipality, nB),
    covariates: a.covariates.map((c, k) => mergeColumn(c, nA, b.covariates[k], nB)),
  };
}

/**
 * Both halves' hours at the larger number of decimals of the two: in place
 * when both stayed in the shared buffer with the same decimals (the rule),
 * else copied and rescaled; null when a value cannot be held exactly.
 */
function mergeHours(
  H: number,
  a: RowScanner,
  b: Extract2,
  hoursSab: SharedArrayBuffer,
  capA: number,
): { values: Uint32Array | Float64Array; decimals: number } | null {
  const nA = a.persons;
  const nB = b.persons;
  const n = nA + nB;
  const all = new Uint32Array(hoursSab);
  const decimals = Math.max(a.hours.decimals, b.hoursDecimals);
  if (a.hours.data.buffer === hoursSab && b.sharedHours && a.hours.decimals === b.hoursDecimals) {
    if (nA !== capA) all.copyWithin(nA * H, capA * H, (capA + nB) * H);
    return { values: all.subarray(0, n * H), decimals };
  }
  const hoursA = a.hours.data.subarray(0, nA * H);
  const hoursB = b.sharedHours
    ? all.subarray(capA * H, (capA + nB) * H)
    : b.hours!.subarray(0, nB * H);
  const values = new Float64Array(n * H);
  const fa = 10 ** (decimals - a.hours.decimals);
  const fb = 10 ** (decimals - b.hoursDecimals);
  for (let i = 0; i < hoursA.length; i++) values[i] = hoursA[i] * fa;
  for (let i = 0; i < hoursB.length; i++) values[nA * H + i] = hoursB[i] * fb;
  for (let i = 0; i < values.length; i++) if (values[i] > Number.MAX_SAFE_INTEGER) return null;
  return { values, decimals };
}

type Extract2 = Extract<WorkerReply, { ok: true }>;

/** A person column from the first half's builder and the second half's levels and codes. */
function mergeColumn(
  a: PersonColumnBuilder,
  nA: number,
  b: { levels: string[]; codes: Uint32Array },
  nB: number,
): PersonColumn {
  const map = Uint32Array.from(b.levels, (level) => a.dict.id(level));
  const codes = new Uint32Array(nA + nB);
  codes.set(a.codes.subarray(0, nA));
  for (let i = 0; i < nB; i++) codes[nA + i] = map[b.codes[i]];
  return { name: a.name, levels: a.dict.levels, codes };
}
