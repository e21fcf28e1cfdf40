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

// Hashed with the checkout's absolute path replaced by <repo>/, so the guard holds in any clone.
const RESULTS_SHA256 = '055f1775b12c117ba0341d428c23cb14d2ae9adce0f21bdad89dd3529203b863';

describe('refactor guard: shipped sample', () => {
  it('results.json is byte-identical to the recorded one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'effekt-guard-'));
    try {
      const run = await runEvaluation('data-samples/brf/spec.json', { out: dir, minCell: 0 });
      expect(run.files).toContain('results.json');
      const repo = `${path.resolve('.')}/`;
      const text = readFileSync(path.join(dir, 'results.json'), 'utf8').split(repo).join('<repo>/');
      expect(createHash('sha256').update(text).digest('hex')).toBe(RESULTS_SHA256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
