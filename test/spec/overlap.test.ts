/**
 * The before cohort inside the programme period: the sample's spec (before
 * cohort entering 2016, followed to 2017-W52, pooled weeks 53–104) overlaps
 * the programme that starts 2017-W01 by 52 pooled and 52 followed weeks
 * (2017 has 52 ISO weeks); the clean alternative the warning names does not,
 * and the run's warnings say so on a small extract.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSerial } from '../../src/calendar/isoweek.js';
import { disclose } from '../../src/disclosure/index.js';
import { evaluate, overlapWarning } from '../../src/pipeline/evaluate.js';
import { readForSpec } from '../../src/pipeline/read.js';
import { reportContext } from '../../src/report/context.js';
import { warningText } from '../../src/report/report.js';
import type { ShareOutcomeResult } from '../../src/results/results.js';
import { beforeCohortOverlap } from '../../src/spec/overlap.js';
import { resolveSpec } from '../../src/spec/spec.js';
import { fixturesDir, repoRoot } from '../helpers/tmp.js';

const sampleFile = path.join(repoRoot, 'data-samples/brf/spec.json');
const sample = () => JSON.parse(readFileSync(sampleFile, 'utf8'));
/**
 * The clean alternative: follow the before cohort only to the week before the start, pool weeks
 * 1–52.
 */
// biome-ignore lint/suspicious/noExplicitAny: a spec as JSON, edited in place
const clean = (raw: any) => {
  raw.cohorts.before.until = '2016-W52';
  raw.pooled = { weeks: [1, 52] };
  return raw;
};

describe('before cohort inside the programme period', () => {
  it('fires on the sample spec: 52 pooled and 52 followed weeks from 2017-W01', () => {
    const spec = resolveSpec(sample(), sampleFile);
    const o = beforeCohortOverlap(spec);
    expect(formatSerial(o.programmeStart)).toBe('2017-W01');
    expect(o.pooled.map(formatSerial)).toEqual(['2017-W01', '2017-W52']);
    expect(o.pooledOverlap).toBe(52);
    expect(o.followedOverlap).toBe(52);
    expect(formatSerial(o.cleanUntil)).toBe('2016-W52');
    expect(o.cleanPooledLast).toBe(52);
    const w = overlapWarning(spec, o);
    expect(w.code).toBe('before-cohort-overlaps-programme');
    expect(w.values).toMatchObject({ clean_until: '2016-W52', clean_pooled_last: 52 });
    expect(w.message).toMatch(/^the before cohort overlaps the programme: /);
    expect(w.message).toContain(
      'cohorts.before.until to 2016-W52 and pooled.weeks to end at week 52',
    );
    const da = warningText(reportContext(spec, 'da', 0.95, 0), w);
    expect(da).toMatch(
      /^førkohorten overlapper programmet: dens puljede uger 2017-W01–2017-W52 og/,
    );
    expect(da).toContain('sæt `cohorts.before.until` til 2016-W52');
    expect(w.message).toContain('or add an earlier cohort as cohorts.placebo');
    expect(da).toContain('tilføj en tidligere kohorte som `cohorts.placebo`');
  });

  it('disappears with the clean alternative', () => {
    const o = beforeCohortOverlap(resolveSpec(clean(sample()), sampleFile));
    expect(o.pooledOverlap).toBe(0);
    expect(o.followedOverlap).toBe(0);
  });

  it('an earlier event-study start is the programme start', () => {
    const raw = clean(sample());
    raw.eventStudy.start = '2016-W39';
    raw.eventStudy.entry = { from: '2015-W01', periods: 12, length: 13 };
    const o = beforeCohortOverlap(resolveSpec(raw, sampleFile));
    expect(formatSerial(o.programmeStart)).toBe('2016-W39');
    // 2016-W39 … W52 (14 weeks) of the follow-up and of pooled weeks 1–52.
    expect(o.followedOverlap).toBe(14);
    expect(o.pooledOverlap).toBe(14);
  });

  it('the run warns on an overlapping spec and not on the clean one', async () => {
    const file = path.join(fixturesDir, 'synthetic-1500', 'spec.json');
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    raw.inference = { ...raw.inference, bootstrap: 0 };
    for (const [r, overlaps] of [
      [structuredClone(raw), true],
      [clean(structuredClone(raw)), false],
    ] as const) {
      const spec = resolveSpec(r, file);
      const res = evaluate(await readForSpec(spec), spec);
      const ws = res.warnings.filter((w) => w.code === 'before-cohort-overlaps-programme');
      expect(ws.length).toBe(overlaps ? 1 : 0);
      expect(res.before_cohort?.overlaps).toBe(overlaps);
    }
  });
});

describe('the earlier placebo cohort', () => {
  it(
    'equals the pooled DiD of a spec with the placebo cohort as "before" ' +
      'and the before cohort as "during"',
    async () => {
      const file = path.join(fixturesDir, 'synthetic-1500', 'spec.json');
      const raw = JSON.parse(readFileSync(file, 'utf8'));
      raw.inference = { ...raw.inference, bootstrap: 0 };
      raw.cohorts.placebo = { entry: ['2015-W41', '2015-W52'], until: '2016-W52' };
      const spec = resolveSpec(raw, file);
      const res = evaluate(await readForSpec(spec), spec);
      // The before cohort (entry 2016-W01) is observed before the start (2017-W01) for 52 weeks;
      // the placebo cohort (2015-W41 to 2016-W52) for 65: weeks 1–52 are pooled.
      const hand = structuredClone(raw);
      hand.cohorts = {
        before: raw.cohorts.placebo,
        during: { entry: raw.cohorts.before.entry, until: '2016-W52' },
      };
      hand.pooled = { weeks: [1, 52] };
      const handSpec = resolveSpec(hand, file);
      const handRes = evaluate(await readForSpec(handSpec), handSpec);
      for (const id of ['internship', 'hours']) {
        const pc = (res.outcomes[id] as ShareOutcomeResult).placebo_cohort!;
        const want = (handRes.outcomes[id] as ShareOutcomeResult).pooled;
        expect(pc.weeks).toEqual([1, 52]);
        expect(pc.estimate).not.toBeNull();
        expect(pc.estimate).toBeCloseTo(want.estimate, 14);
        expect(pc.se).toBeCloseTo(want.se, 14);
        expect(pc.cell_persons).toEqual(want.cell_persons);
      }
      expect(
        (res.outcomes['time-to-internship'] as ShareOutcomeResult).placebo_cohort,
      ).toBeUndefined();
      // Disclosure control rests it on its four cells: with N above a cell's persons it is hidden.
      const smallest = Math.min(
        ...(res.outcomes.internship as ShareOutcomeResult).placebo_cohort!.cell_persons!,
      );
      const shown = disclose(res, smallest);
      const hidden = disclose(res, smallest + 1);
      expect(
        (shown.outcomes.internship as ShareOutcomeResult).placebo_cohort!.estimate,
      ).not.toBeNull();
      expect(
        (hidden.outcomes.internship as ShareOutcomeResult).placebo_cohort!.estimate,
      ).toBeNull();
      expect(
        (hidden.outcomes.internship as ShareOutcomeResult).placebo_cohort!.cell_persons,
      ).toContain(null);
    },
  );

  it('must enter before the before cohort', () => {
    const raw = sample();
    raw.cohorts.placebo = { entry: ['2016-W10', '2016-W20'], until: '2016-W52' };
    expect(() => resolveSpec(raw, sampleFile)).toThrow(
      /cohorts\.placebo\.entry\[1\]: the placebo cohort must enter before/,
    );
  });
});
