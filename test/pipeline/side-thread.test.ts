/**
 * Survival and the event study on a second thread (src/pipeline/side-thread.ts) give the numbers
 * one thread gives. The worker runs only from the compiled code (dist/, built by `npm test`
 * before the tests), so the built modules are checked against each other, and the built CLI's
 * results.json against the TypeScript sources' one-thread evaluation.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { fitsSecondThread } from '../../src/pipeline/side-thread.js';
import { simulateExtract } from '../../src/simulate/index.js';
import { effekt } from '../helpers/effekt.js';
import { repoRoot, tmpFolder } from '../helpers/tmp.js';

const dist = path.join(repoRoot, 'dist');
const built = existsSync(path.join(dist, 'pipeline', 'side-worker.js'));
// A small simulated extract: the simulator's spec has a survival outcome and an event study.
const folder = tmpFolder('effekt-side-');
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const sample = path.join(folder, 'sim', 'spec.json');
beforeAll(async () => {
  await simulateExtract({ preset: 'brf', persons: 3000, seed: 5, outDir: path.dirname(sample) });
});
const load = (f: string) => import(pathToFileURL(path.join(dist, f)).href);

describe.skipIf(!built)('side analyses on a second thread', () => {
  it('equal the same analyses on this thread', async () => {
    const { loadSpec } = await load('spec/spec.js');
    const { readForSpec } = await load('pipeline/read.js');
    const { compileSpec } = await load('spec/compile.js');
    const { buildCohorts } = await load('cohorts/cohorts.js');
    const { sideAnalyses } = await load('pipeline/side.js');
    const { sideOnAnotherThread } = await load('pipeline/side-thread.js');
    const spec = loadSpec(sample);
    const x = await readForSpec(spec);
    const plan = compileSpec(spec, x);
    const cohorts = buildCohorts(x, plan);
    const stages: string[] = [];
    const other = sideOnAnotherThread(x, plan, cohorts, (name: string) => stages.push(name));
    expect(other).not.toBeNull();
    const there = await other;
    expect(there).not.toBeNull();
    expect(there).toEqual(sideAnalyses(x, plan, cohorts));
    // The worker's stages reach the caller's listener.
    expect(stages).toContain('event-study');
  });

  it("the CLI's results.json equals the one-thread evaluation of the sources", async () => {
    const out = path.join(folder, 'out');
    const r = effekt(['run', sample, '--out', out, '--formats', 'csv', '-q']);
    expect(r.code).toBe(0);
    const here = path.join(folder, 'here');
    await runEvaluation(sample, { out: here, formats: ['csv'] });
    const results = (dir: string) => readFileSync(path.join(dir, 'results.json'), 'utf8');
    expect(results(out) === results(here)).toBe(true);
  });
});

describe('which extracts go to the second thread', () => {
  // Views over buffers that are never filled: only their sizes and kinds matter.
  const shared = (bytes: number) => ({ byteLength: bytes, buffer: new SharedArrayBuffer(8) });
  const own = (bytes: number) => ({ byteLength: bytes, buffer: new ArrayBuffer(8) });
  const x = (codes: object, hours: object, kom: object) =>
    ({ codes, hours, municipality: { levels: [], codes: kom } }) as unknown as Parameters<
      typeof fitsSecondThread
    >[0];
  const GiB = 2 ** 30;

  it('shares a code matrix and hours of up to 2 GiB, and copies at most 256 MB', () => {
    expect(fitsSecondThread(x(shared(1.5 * GiB), shared(0.5 * GiB), own(20e6)))).toBe(true);
    // a register: 5·10^6 persons × 195 weeks of codes and 48 hours columns
    expect(fitsSecondThread(x(shared(1.95e9), shared(0.96e9), own(20e6)))).toBe(false);
    // a matrix not in shared memory would be copied: only a small one goes
    expect(fitsSecondThread(x(own(100e6), own(10e6), own(1e6)))).toBe(true);
    expect(fitsSecondThread(x(own(300e6), own(0), own(1e6)))).toBe(false);
  });
});
