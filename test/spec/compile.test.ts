/**
 * The spec compiled against an extract: code sets become masks over the
 * extract's code dictionary, cohort windows become matrix week indices.
 * Expected values are derived by hand from the ISO calendar.
 */
import { describe, expect, it } from 'vitest';
import { serialOfLabel } from '../../src/calendar/isoweek.js';
import { compileSpec, neededWeeks } from '../../src/spec/compile.js';
import { resolveSpec } from '../../src/spec/spec.js';

const spec = resolveSpec(
  {
    name: 't',
    data: { path: 'x.csv' },
    codes: { programme: ['771', '772'], internship: ['772'], censor: ['997'] },
    treated: ['165', '101'],
    states: { benefit: { codes: ['130'] } },
    // 2016 has 52 ISO weeks, so 2017-W01 is 52 weeks after 2016-W01.
    cohorts: {
      before: { entry: ['2016-W01', '2016-W52'], until: '2017-W52' },
      during: { entry: ['2017-W01', '2018-W52'], until: '2018-W52' },
    },
    outcomes: [
      { id: 'internship', type: 'share', state: 'internship', population: 'in-programme' },
      { id: 'benefit', type: 'share', state: 'benefit', population: 'started' },
      { id: 'tti', type: 'survival', event: 'internship' },
    ],
  },
  '/tmp/spec.json',
);

describe('compileSpec', () => {
  // Dictionary id 0 is the empty code; the extract starts at 2015-W53 (the week before 2016-W01).
  const codeDict = ['', '130', '771', '997', '772'];
  const firstWeek = serialOfLabel('2015-W53');
  const plan = compileSpec(spec, { codeDict, firstWeek });

  it('turns code sets into masks over the dictionary', () => {
    expect([...plan.programme]).toEqual([0, 0, 1, 0, 1]);
    expect([...plan.internship]).toEqual([0, 0, 0, 0, 1]);
    expect([...plan.censor]).toEqual([0, 0, 0, 1, 0]);
    expect([...plan.states.get('benefit')!.codes!]).toEqual([0, 1, 0, 0, 0]);
    expect([...plan.states.get('tti')!.codes!]).toEqual([0, 0, 0, 0, 1]);
    expect(plan.states.size).toBe(3);
    expect([...plan.treated].sort()).toEqual(['101', '165']);
  });

  it('turns cohort windows into matrix week indices', () => {
    // before: 2016-W01 is index 1; 2016-W52 index 52; 2017-W52 index 104. during: 2017-W01 index
    // 53,
    // 2018-W52 index 53 + 52 + 51 = 156.
    expect(plan.cohorts.map((c) => [c.name, c.entryFrom, c.entryTo, c.until, c.weeks])).toEqual([
      ['before', 1, 52, 104, 104],
      ['during', 53, 156, 156, 104],
    ]);
    expect(plan.calendarWeeks).toBe(104);
    // Longest follow-up since entry: until − entryFrom + 1 = 104 for both.
    expect(plan.followUp).toBe(104);
  });

  it('reads from the week before the first entry to the last until', () => {
    expect(neededWeeks(spec)).toEqual({
      from: serialOfLabel('2015-W53'),
      to: serialOfLabel('2018-W52'),
    });
  });
});
