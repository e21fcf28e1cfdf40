/**
 * SHA-256 of a file in a worker thread: the manifest needs the input's hash,
 * and hashing on the main thread would cost the reader ~7 % of its time.
 * The worker reads the file on its own (the OS page cache serves both).
 * A small file is hashed on this thread: starting a worker costs more
 * (~50 ms of CPU, competing for the cores with the analysis' second thread)
 * than hashing 16 MB (~30 ms).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

/** Files below this are hashed on the calling thread. */
const IN_THREAD_BYTES = 16 << 20;

const WORKER =
  `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const hash = createHash('sha256');
const fd = openSync(workerData, 'r');
const buf = Buffer.allocUnsafe(8 << 20);
for (;;) { const n = readSync(fd, buf, 0, buf.length, null); if (n === 0) break; ` +
  `hash.update(buf.subarray(0, n)); }
closeSync(fd);
parentPort.postMessage(hash.digest('hex'));
`;

/** Start hashing a file; resolves with the hex digest. */
export async function hashFileInBackground(file: string): Promise<string> {
  if ((await stat(file)).size < IN_THREAD_BYTES)
    return createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: file });
    w.once('message', (digest: string) => resolve(digest));
    w.once('error', reject);
  });
}
