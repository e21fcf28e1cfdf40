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
// Updated by issue #14: results.json gains eventStudy (the sample's spec has the block), loses the
// withdrawn
// pre_trend and the duration weeks from capped restricted means, and suppression gains
// event_study_hidden.
// #12 (safety) changes results.json on purpose: data.file without folders, suppression.hidden,
// every week since entry in the
// state distribution, persons per pooled and per-municipality cell (cell_persons).
// #22 (inference): every outcome gains `headline` (the one headline rule,
// src/pipeline/headline.ts); nothing else changes.
// #21 (disclosure): placebo[].cell_persons, the comparison municipality's persons before and
// during, on which
// --min-cell rests its placebo estimate; nothing else changes without --min-cell.
// #22 (inference): every outcome gains `headline` (the one headline rule,
// src/pipeline/headline.ts).
// #22 (sensitivity): eventStudy.<id>.sensitivity, before_cohort, the before-cohort warning,
// survival rmst_did and
// one log-rank test, municipalities' p_size/p_size_holm and variation.size_model, headline reasons
// breakdown and
// before-cohort-overlaps-programme.
// Both together (the merge of #21's and #22's changes above).
// #22 (sensitivity, cohorts.placebo): the before-cohort warning also names the earlier placebo
// cohort.
// #21 (disclosure): placebo[].cell_n, the comparison municipality's person-weeks before and during,
// from which
// --min-cell recomputes the size-adjusted p over the shown placebos.
// #22 (inference): every outcome gains `headline` (the one headline rule,
// src/pipeline/headline.ts); bootstrap
// intervals by test inversion (`interval`, `weights` Rademacher/Webb), `effective_clusters` (G*) on
// the pooled,
// adjusted and event-study overall effects, `pooled_adjusted.bootstrap`, `overall.bootstrap`, and
// the event
// study's pre-test p is its wild bootstrap (the F p moves to `p_f`, with `replications`). Bootstrap
// p unchanged.
// Both together (the merge of main's #21 and #22 sensitivity changes with #22 inference's).
// All of the above together (main's #21 disclosure and #22 sensitivity with #22 inference).
// #22 (inference): pooled.randomisation, randomisation inference over who participates.
// #25/#22 (lead): warnings are {code, message, values} objects; #23 the Schoenfeld message prints p
// = 0.045.
const RESULTS_SHA256 = '5232728c54e945fd654d0ed26bf92e1c54940ddb1e1eaf7a314c96771940cd7e';

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
