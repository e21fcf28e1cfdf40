/**
 * A refactor guard: the shipped sample's results.json must stay byte-identical
 * while the code is restructured. The hash was recorded from `effekt run
 * data-samples/brf/spec.json` before the refactor of issue #13. A later,
 * deliberate change to what results.json contains updates this hash (say why
 * in the commit). The survey blocks the sample gained later are left out
 * here: a spec without them must give exactly the results it gave before.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/app/run.js';
import { loadSpec } from '../../src/spec/spec.js';

// Hashed with the checkout's absolute path replaced by <repo>/, so the guard holds in any clone.
// Updated by issue #14: results.json gains eventStudy (the sample's spec has the block), loses the withdrawn
// pre_trend and the duration weeks from capped restricted means, and suppression gains event_study_hidden.
// #12 (safety) changes results.json on purpose: data.file without folders, suppression.hidden, every week since entry in the
// state distribution, persons per pooled and per-municipality cell (cell_persons).
// #22 (inference): every outcome gains `headline` (the one headline rule, src/pipeline/headline.ts); nothing else changes.
// #21 (disclosure): placebo[].cell_persons, the comparison municipality's persons before and during, on which
// --min-cell rests its placebo estimate; nothing else changes without --min-cell.
const RESULTS_SHA256 = 'c922319586e6121b8a9eff11943e49e94eedb51104cfb46d6f6997d64937596a';

describe('refactor guard: shipped sample', () => {
  it('results.json is byte-identical to the recorded one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'effekt-guard-'));
    try {
      const spec = loadSpec('data-samples/brf/spec.json');
      delete spec.progression;
      delete spec.fidelity;
      // results.json only: the guard is about the numbers, not the report files.
      const run = await runEvaluation(spec, { out: dir, minCell: 0, formats: [] });
      expect(run.files).toContain('results.json');
      const repo = `${path.resolve('.')}/`;
      const text = readFileSync(path.join(dir, 'results.json'), 'utf8').split(repo).join('<repo>/');
      expect(createHash('sha256').update(text).digest('hex')).toBe(RESULTS_SHA256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
