/**
 * The cohort and share stages against the reference implementation's
 * person-week files: every (cell, calendar week) n and events, the
 * weeks-since-entry axis, and every member's survival time and event flag.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCohorts } from '../../src/cohorts/cohorts.js';
import { computeDurations } from '../../src/outcomes/durations.js';
import { computeShares, shareCells } from '../../src/outcomes/shares.js';
import { readExtract } from '../../src/read/index.js';
import { compileSpec } from '../../src/spec/compile.js';
import {
  checkSpecAgainstExtract,
  loadSpec,
  type ShareOutcome,
  type SurvivalOutcome,
} from '../../src/spec/spec.js';
import { referenceDir } from '../helpers/tmp.js';

function readCsv(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v])));
}

/** "group.cohort.week" → {n, events} from a person-week file. */
function aggregate(
  rows: Record<string, string>[],
  weekKey: 't' | 'k',
): Map<string, { n: number; events: number }> {
  const out = new Map<string, { n: number; events: number }>();
  for (const r of rows) {
    const key = `${r.treated === '1' ? 'treated' : 'comparison'}.${r.during === '1' ? 'during' : 'before'}.${r[weekKey]}`;
    const c = out.get(key) ?? { n: 0, events: 0 };
    c.n++;
    c.events += Number(r.y);
    out.set(key, c);
  }
  return out;
}

describe('cohorts and shares reproduce the reference person-weeks (synthetic-1500)', () => {
  const spec = loadSpec(path.join(referenceDir, 'spec.json'));
  let x: Awaited<ReturnType<typeof readExtract>>;
  let built: ReturnType<typeof buildCohorts>;
  beforeAll(async () => {
    x = await readExtract(spec.data.path, {
      id: spec.data.id,
      municipality: spec.data.municipality,
      requireMunicipality: true,
    });
    checkSpecAgainstExtract(spec, x);
    built = buildCohorts(x, compileSpec(spec, x));
  });

  for (const id of ['internship', 'hours']) {
    it(`${id}: n and events for every cell and calendar week`, () => {
      const outcome = spec.outcomes.find((o) => o.id === id) as ShareOutcome;
      const res = computeShares(x, compileSpec(spec, x), built, outcome);
      const expected = aggregate(readCsv(path.join(referenceDir, `pw_${id}.csv`)), 't');
      const got = new Map(
        shareCells(res.calendar)
          .filter((c) => c.n > 0)
          .map((c) => [`${c.group}.${c.cohort}.${c.week}`, { n: c.n, events: c.events }]),
      );
      expect(got.size).toBe(expected.size);
      for (const [key, v] of expected) expect(got.get(key), key).toEqual(v);
    });
    it(`${id}: n and events on the weeks-since-entry axis`, () => {
      const outcome = spec.outcomes.find((o) => o.id === id) as ShareOutcome;
      const res = computeShares(x, compileSpec(spec, x), built, outcome);
      const expected = aggregate(readCsv(path.join(referenceDir, `pw_${id}.csv`)), 'k');
      const got = new Map(
        shareCells(res.sinceEntry)
          .filter((c) => c.n > 0)
          .map((c) => [`${c.group}.${c.cohort}.${c.week}`, { n: c.n, events: c.events }]),
      );
      expect(got.size).toBe(expected.size);
      for (const [key, v] of expected) expect(got.get(key), key).toEqual(v);
    });
  }

  it('survival durations and events per member', () => {
    const outcome = spec.outcomes.find((o) => o.type === 'survival') as SurvivalOutcome;
    const d = computeDurations(x, compileSpec(spec, x), built, outcome);
    const expected = readCsv(path.join(referenceDir, 'surv.csv'));
    expect(built.members.size).toBe(expected.length);
    const got = new Map<string, string>();
    for (let m = 0; m < built.members.size; m++) {
      got.set(
        `${x.ids[built.members.person[m]]}.${built.members.during[m]}`,
        `${d.time[m]},${d.event[m]},${built.clusters[built.members.cluster[m]]},${built.members.treated[m]}`,
      );
    }
    for (const r of expected)
      expect(got.get(`${r.pnr}.${r.during}`), r.pnr).toBe(
        `${r.time},${r.event},${r.kom},${r.treated}`,
      );
  });

  it('persons read = persons in a cohort + persons excluded, by reason', () => {
    const ex = built.persons.excluded;
    const excluded = Object.values(ex).reduce((a, b) => a + b, 0);
    expect(built.persons.read).toBe(1500);
    expect(built.persons.inCohort + excluded).toBe(1500);
    const pnrs = new Set(readCsv(path.join(referenceDir, 'surv.csv')).map((r) => r.pnr));
    expect(built.persons.inCohort).toBe(pnrs.size);
  });
});
