/**
 * The event-study estimator against R (test/fixtures/reference/event-study,
 * see its README): every figure of r-reference.json (never-treated) and
 * r-reference-not-yet-treated.json to 1e-6 relative, from the outcomes
 * stage's per (municipality × period) sums of the shipped extract.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSerial } from '../../../src/calendar/isoweek.js';
import {
  type EventStudyEstimate,
  estimateEventStudy,
} from '../../../src/estimators/eventstudy/index.js';
import { normalQuantile, zCritical } from '../../../src/estimators/normal.js';
import { computeEventStudyData, type EventStudyData } from '../../../src/outcomes/eventstudy.js';
import { readForSpec } from '../../../src/pipeline/read.js';
import { compileSpec } from '../../../src/spec/compile.js';
import { loadSpec, type Spec } from '../../../src/spec/spec.js';
import { fixturesDir } from '../../helpers/tmp.js';

const dir = path.join(fixturesDir, 'event-study');

/**
 * Look up `eventStudy.<id>.<list>[k:v,...].<field>` or `eventStudy.<id>.<obj>.<field>` in an
 * estimate.
 */
function lookup(
  key: string,
  byOutcome: Record<string, EventStudyEstimate>,
  data: EventStudyData,
): unknown {
  const m = /^wide\.eventStudy\.([^.]+)\.([a-z_]+)(?:\[([^\]]+)\])?\.([a-z_0-9]+)$/.exec(key);
  if (!m) throw new Error(`unparsed key ${key}`);
  const [, id, part, sel, field] = m;
  const est = byOutcome[id];
  if (part === 'periods') {
    const p = data.periods[Number(sel.split(':')[1]) - 1];
    return field === 'first_week'
      ? formatSerial(p.firstWeek)
      : (p as unknown as Record<string, unknown>)[field];
  }
  const container = (est as unknown as Record<string, unknown>)[part];
  if (sel === undefined) return (container as Record<string, unknown>)[field];
  // R numbers periods and start groups from 1; the estimator counts from 0.
  const want = Object.fromEntries(
    sel
      .split(',')
      .map((kv) => kv.split(':'))
      .map(([k, v]) => [k, k === 'group' || k === 'period' ? String(Number(v) - 1) : v]),
  );
  const rows = (container as Record<string, unknown>[]).filter((r) =>
    Object.entries(want).every(([k, v]) => String(r[k]) === v),
  );
  if (rows.length !== 1) throw new Error(`${rows.length} rows match ${key}`);
  return rows[0][field];
}

for (const [specFile, refFile] of [
  ['spec.json', 'r-reference.json'],
  ['spec-not-yet-treated.json', 'r-reference-not-yet-treated.json'],
]) {
  describe(`event study reproduces R: ${refFile}`, () => {
    let spec: Spec;
    let data: EventStudyData;
    const byOutcome: Record<string, EventStudyEstimate> = {};
    beforeAll(async () => {
      spec = loadSpec(path.join(dir, specFile));
      const x = await readForSpec(spec);
      data = computeEventStudyData(x, compileSpec(spec, x), spec.eventStudy!);
      for (const o of data.outcomes) {
        byOutcome[o.outcome.id] = estimateEventStudy(
          {
            clusters: data.clusters,
            startPeriod: data.startPeriod,
            periods: spec.eventStudy!.entry.periods,
            used: data.periods.map((p) => p.used),
            persons: data.persons,
            n: o.n,
            sumY: o.sumY,
          },
          {
            comparison: spec.eventStudy!.comparison,
            level: spec.inference.level,
            bootstrap: spec.inference.bootstrap,
            seed: spec.inference.seed,
          },
        );
      }
    });

    it('every figure to 1e-6 relative', () => {
      const ref = JSON.parse(readFileSync(path.join(dir, refFile), 'utf8')) as Record<
        string,
        number | string
      >;
      const misses: string[] = [];
      let compared = 0;
      for (const [key, want] of Object.entries(ref)) {
        const got = lookup(key, byOutcome, data);
        compared++;
        if (typeof want === 'string') {
          if (got !== want) misses.push(`${key}: ${String(got)} ≠ ${want}`);
        } else if (
          typeof got !== 'number' ||
          Math.abs(got - want) > 1e-6 * Math.max(Math.abs(want), 1e-12) + (want === 0 ? 1e-12 : 0)
        ) {
          misses.push(`${key}: ${String(got)} ≠ ${want}`);
        }
      }
      expect(misses).toEqual([]);
      expect(compared).toBe(508);
    });

    it('the sup-t band lies between the pointwise interval and Bonferroni', () => {
      for (const est of Object.values(byOutcome)) {
        const rows = est.event_time.filter((r) => r.se !== null);
        expect(rows.length).toBeGreaterThan(10);
        const c = est.band.critical!;
        expect(c).toBeGreaterThan(zCritical(0.95));
        // Bonferroni over the K banded event times: the normal quantile at 1 − α/(2K).
        const K = rows.length;
        expect(K).toBe(14);
        expect(c).toBeLessThan(normalQuantile(1 - 0.05 / (2 * K)));
        for (const r of rows) {
          expect(r.band_low!).toBeLessThan(r.ci_low!);
          expect(r.band_high!).toBeGreaterThan(r.ci_high!);
        }
      }
    });
  });
}
