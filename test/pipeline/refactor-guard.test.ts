/**
 * A refactor guard: the shipped sample's results.json must stay byte-identical
 * while the code is restructured. The hash was recorded from `effekt run
 * data-samples/brf/spec.json` before the refactor of issue #13. A later,
 * deliberate change to what results.json contains updates this hash (say why
 * in the commit).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/spec.js';
import { readForSpec } from '../../src/pipeline/read.js';
import { evaluate } from '../../src/pipeline/evaluate.js';
import { writeReport } from '../../src/report/write.js';

const RESULTS_SHA256 = 'c00a481c7c411b52c487e9e6d1d83718425b4f1726984186d9612bcef5d886e3';

describe('refactor guard: shipped sample', () => {
  it('results.json is byte-identical to the recorded one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'effekt-guard-'));
    try {
      const spec = loadSpec('data-samples/brf/spec.json');
      const x = await readForSpec(spec);
      const r = evaluate(x, spec, { minCell: 0 });
      writeReport(dir, r, spec, x, { timings: {}, startedAt: 0, minCell: 0 });
      const text = readFileSync(path.join(dir, 'results.json'));
      expect(createHash('sha256').update(text).digest('hex')).toBe(RESULTS_SHA256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
