// biome-ignore-all lint/suspicious/noExplicitAny: this test reads and edits free-form JSON (specs made wrong on purpose, results.json by path)
/**
 * The spec's eventStudy block: resolved start periods, and every mistake
 * rejected with its path and what was expected (exit 2 through the CLI).
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { weekSerial } from '../../src/calendar/isoweek.js';
import { resolveSpec } from '../../src/spec/spec.js';
import { effekt } from '../helpers/effekt.js';
import { specFails } from '../helpers/spec.js';
import { fixturesDir, tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder();
const base = () => ({
  name: 'brf',
  data: { path: 'dream.csv' },
  codes: { programme: ['771', '772'], internship: ['772'], censor: ['997'] },
  treated: ['165', '430'],
  cohorts: {
    before: { entry: ['2016-W01', '2016-W52'], until: '2017-W52' },
    during: { entry: ['2017-W01', '2018-W52'], until: '2018-W52' },
  },
  outcomes: [
    { id: 'internship', type: 'share', state: 'internship', population: 'in-programme' },
    { id: 'tti', type: 'survival', event: 'internship' },
  ],
  eventStudy: {
    entry: { from: '2014-W02', periods: 20, length: 13 },
    start: '2017-W01' as unknown,
    horizon: [0, 51],
    outcomes: ['internship'],
  } as Record<string, unknown>,
});
const fails = (mutate: (s: ReturnType<typeof base>) => void, re: RegExp) =>
  specFails(base, dir, mutate, re);

describe('spec: eventStudy', () => {
  it('one start week for all: every treated municipality gets the start period', () => {
    const es = resolveSpec(base(), `${dir}/spec.json`).eventStudy!;
    // 2015 has 53 ISO weeks: 2014-W02 + 12·13 weeks = 2017-W01, the first week of period 13.
    expect(weekSerial(2017, 1) - weekSerial(2014, 2)).toBe(156);
    // Periods count from 0 inside (P_13 is index 12).
    expect([...es.rounds]).toEqual([
      ['165', 12],
      ['430', 12],
    ]);
    expect(es.entry).toEqual({ from: weekSerial(2014, 2), length: 13, periods: 20 });
    expect(es).toMatchObject({ horizon: [0, 51], comparison: 'never-treated' });
    expect(es.outcomes.map((o) => o.id)).toEqual(['internship']);
  });

  it('rounds: one start week per municipality', () => {
    const s = base();
    s.eventStudy.start = { '165': '2017-W01', '430': '2017-W14' };
    s.eventStudy.comparison = 'not-yet-treated';
    const es = resolveSpec(s, `${dir}/spec.json`).eventStudy!;
    expect([...es.rounds]).toEqual([
      ['165', 12],
      ['430', 13],
    ]);
    expect(es.comparison).toBe('not-yet-treated');
  });

  it('rejects a start that is not the first week of a period, naming the periods', () => {
    fails(
      (s) => (s.eventStudy.start = '2017-W02'),
      /^eventStudy\.start: 2017-W02 is not the first week of an entry period \(periods start 2014-W02, 2014-W15/,
    );
    fails((s) => (s.eventStudy.start = '2013-W01'), /not the first week of an entry period/);
    fails((s) => (s.eventStudy.start = '2030-W01'), /not the first week of an entry period/);
  });

  it('rejects a start in the first period (no earlier period)', () => {
    fails(
      (s) => (s.eventStudy.start = '2014-W02'),
      /^eventStudy\.start: 2014-W02 starts the first entry period, which leaves no earlier period/,
    );
  });

  it('rejects a treated municipality missing from the rounds, naming it', () => {
    fails(
      (s) => (s.eventStudy.start = { '165': '2017-W01' }),
      /^eventStudy\.start: treated municipality 430 has no start week/,
    );
    fails(
      (s) => (s.eventStudy.start = { '165': '2017-W01', '430': '2017-W01', '999': '2017-W01' }),
      /^eventStudy\.start\.999: municipality 999 is not in "treated"/,
    );
  });

  it('rejects unknown or survival outcomes, bad horizons, bad comparison, unknown keys', () => {
    fails(
      (s) => (s.eventStudy.outcomes = ['nope']),
      /^eventStudy\.outcomes\[0\]: unknown outcome "nope"/,
    );
    fails((s) => (s.eventStudy.outcomes = ['tti']), /survival outcome/);
    fails((s) => (s.eventStudy.horizon = [10, 5]), /^eventStudy\.horizon\[1\]/);
    fails(
      (s) => (s.eventStudy.comparison = 'all'),
      /expected "never-treated" or "not-yet-treated"/,
    );
    fails((s) => (s.eventStudy.extra = 1), /unknown key "extra"/);
    fails(
      (s) => (s.eventStudy.entry = { from: '2014-W02', periods: 1, length: 13 }),
      /at least two entry periods/,
    );
    fails((s) => (s.eventStudy.start = '2017-W60'), /^eventStudy\.start: /);
  });

  it('through the CLI: exit 2, one line naming the municipality', () => {
    const spec = JSON.parse(
      JSON.stringify(require_json(path.join(fixturesDir, 'event-study', 'spec.json'))),
    );
    delete spec.eventStudy.start['657'];
    spec.data.path = path.join(fixturesDir, 'event-study', 'dream.csv');
    const file = writeIn(dir, 'bad-rounds.json', JSON.stringify(spec));
    const r = effekt(['run', file, '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/eventStudy\.start: treated municipality 657 has no start week/);
  });

  it('through the CLI: entry periods starting outside the extract', () => {
    const spec = require_json(path.join(fixturesDir, 'event-study', 'spec.json'));
    spec.eventStudy.entry.from = '2016-W01';
    spec.eventStudy.entry.periods = 20;
    spec.eventStudy.start = Object.fromEntries(
      Object.keys(spec.eventStudy.start).map((m) => [m, '2016-W14']),
    );
    spec.data.path = path.join(fixturesDir, 'event-study', 'dream.csv');
    const file = writeIn(dir, 'early.json', JSON.stringify(spec));
    const r = effekt(['run', file, '--out', path.join(dir, 'out2'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/eventStudy\.entry\.from: 2016-W01 is outside the extract's weeks/);
  });
});

function require_json(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}
