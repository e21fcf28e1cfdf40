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

// results.json names its input by file name only (#12), so the hash holds in any clone (the <repo>/ replacement below is a no-op guard).
// Changed on purpose by #12: data.file without folders, suppression.hidden, every week since entry in the state
// distribution, persons per pooled and per-municipality cell (cell_persons).
const RESULTS_SHA256 = '0f108d04b1cdd4a4075d1c4667a9ebc4fba52e0543dc96915f62fbf07803b29a';

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
