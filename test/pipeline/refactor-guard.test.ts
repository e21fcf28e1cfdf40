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

// data.file is the extract's absolute path, which depends on where the repository is checked out:
// it is replaced by "dream.csv" before hashing (the earlier hash held /work/wt/refactor's path).
const RESULTS_SHA256 = '6daa5abb1f91c4d74dadc4ff3e170f8a688ae582d1642ec17fcb6c5da6b4affd';

describe('refactor guard: shipped sample', () => {
  it('results.json is byte-identical to the recorded one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'effekt-guard-'));
    try {
      const run = await runEvaluation('data-samples/brf/spec.json', { out: dir, minCell: 0 });
      expect(run.files).toContain('results.json');
      const text = readFileSync(path.join(dir, 'results.json'), 'utf8');
      const placed = text.replace(/("file": )"[^"]*"/, '$1"dream.csv"');
      expect(placed).not.toBe(text);
      expect(createHash('sha256').update(placed).digest('hex')).toBe(RESULTS_SHA256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
