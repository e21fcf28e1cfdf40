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
import { runEvaluation } from '../../src/app/run.js';

// Updated by issue #14: results.json gains eventStudy (the sample's spec has the block), loses the withdrawn
// pre_trend and the duration weeks from capped restricted means, and suppression gains event_study_hidden.
const RESULTS_SHA256 = 'd5e552a64c85aba134324113d62b17707a2149aa6d53449587401342469ca39a';

describe('refactor guard: shipped sample', () => {
  it('results.json is byte-identical to the recorded one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'effekt-guard-'));
    try {
      const run = await runEvaluation('data-samples/brf/spec.json', { out: dir, minCell: 0 });
      expect(run.files).toContain('results.json');
      const text = readFileSync(path.join(dir, 'results.json'));
      expect(createHash('sha256').update(text).digest('hex')).toBe(RESULTS_SHA256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
