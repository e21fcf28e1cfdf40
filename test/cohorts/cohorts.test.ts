/**
 * Cohort edge cases on tiny hand-written extracts. Each expectation follows
 * from the definitions (docs/definitions.md) by hand (weeks are written out below).
 */
import { describe, expect, it } from 'vitest';
import { weekSerial } from '../../src/calendar/isoweek.js';
import { buildCohorts } from '../../src/cohorts/cohorts.js';
import { computeDurations } from '../../src/outcomes/durations.js';
import { computeShares, shareCells } from '../../src/outcomes/shares.js';
import { readExtract } from '../../src/read/index.js';
import { compileSpec } from '../../src/spec/compile.js';
import { resolveSpec } from '../../src/spec/spec.js';
import { tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder();

// Extract weeks 2015-W52, 2015-W53, 2016-W01 … 2016-W04 (6 columns, index 0..5).
const weeks = ['1552', '1553', '1601', '1602', '1603', '1604'];
function spec(before: [string, string, string], during: [string, string, string]) {
  return resolveSpec(
    {
      name: 't',
      data: { path: 'x.csv' },
      codes: { programme: ['771', '772'], internship: ['772'], censor: ['997'] },
      treated: ['165'],
      cohorts: {
        before: { entry: [before[0], before[1]], until: before[2] },
        during: { entry: [during[0], during[1]], until: during[2] },
      },
      outcomes: [
        { id: 'internship', type: 'share', state: 'internship', population: 'in-programme' },
        { id: 'tti', type: 'survival', event: 'internship' },
      ],
      pooled: { weeks: [1, 2] },
    },
    `${dir}/spec.json`,
  );
}
async function extract(rows: string[][]) {
  const text = [
    `pnr,kom,${weeks.map((w) => `y_${w}`).join(',')}`,
    ...rows.map((r, i) => `${i + 1},${r[0]},${r.slice(1).join(',')}`),
  ].join('\n');
  return readExtract(writeIn(dir, `x${Math.random().toString(36).slice(2)}.csv`, text));
}
const entryOf = (b: ReturnType<typeof buildCohorts>, person: number, during: number) => {
  for (let m = 0; m < b.members.size; m++)
    if (b.members.person[m] === person && b.members.during[m] === during) return b.members.entry[m];
  return -1;
};

describe('cohort building', () => {
  // before: entry 2015-W53..2016-W01, until 2016-W02; during: entry 2016-W02..2016-W03, until
  // 2016-W04.
  const s = spec(['2015-W53', '2016-W01', '2016-W02'], ['2016-W02', '2016-W03', '2016-W04']);

  it('a spell already running at window start is not a start in the window', async () => {
    const x = await extract([['101', '771', '771', '771', '771', '', '']]);
    const b = buildCohorts(x, compileSpec(s, x));
    // Started in 2015-W52 (the first extract week counts as a start), before both windows.
    expect(b.members.size).toBe(0);
    expect(b.persons.excluded['no start in an entry window']).toBe(1);
  });

  it("a start in the extract's first week counts as a start", async () => {
    const s2 = spec(['2015-W52', '2015-W53', '2016-W02'], ['2016-W02', '2016-W03', '2016-W04']);
    const x = await extract([['101', '771', '771', '', '', '', '']]);
    const b = buildCohorts(x, compileSpec(s2, x));
    expect(entryOf(b, 0, 0)).toBe(0);
  });

  it('entry in 2015-W53 and in the last week of a window', async () => {
    const x = await extract([
      ['101', '', '771', '', '', '', ''], // starts 2015-W53 → before, index 1
      ['165', '', '', '', '', '771', ''], // starts 2016-W03, last week of during window → index 4
    ]);
    const b = buildCohorts(x, compileSpec(s, x));
    expect(entryOf(b, 0, 0)).toBe(1);
    expect(x.firstWeek + 1).toBe(weekSerial(2015, 53));
    expect(entryOf(b, 1, 1)).toBe(4);
    expect(b.members.treated[1]).toBe(1);
    expect(b.cellSizes).toEqual([1, 0, 0, 1]);
  });

  it(
    'two starts in one window: the first is the entry; a person may be in ' + 'both cohorts',
    async () => {
      const x = await extract([['101', '', '771', '', '771', '', '771']]);
      // starts at indices 1 (2015-W53, before), 3 (2016-W02, during), 5 (2016-W04, outside both)
      const b = buildCohorts(x, compileSpec(s, x));
      expect(entryOf(b, 0, 0)).toBe(1);
      expect(entryOf(b, 0, 1)).toBe(3);
      expect(b.persons.inBoth).toBe(1);
      expect(b.persons.inCohort).toBe(1);
    },
  );

  it("censoring before entry excludes; after entry it ends the person's weeks", async () => {
    const x = await extract([
      ['101', '997', '771', '', '', '', ''], // censor code before the start
      ['101', '', '771', '771', '997', '', ''], // entry 2015-W53 (index 1), censor at index 3
    ]);
    const b = buildCohorts(x, compileSpec(s, x));
    expect(b.persons.excluded['censored before entry']).toBe(1);
    expect(b.members.size).toBe(1);
    expect(b.members.censorAt[0]).toBe(3);
    const res = computeShares(x, compileSpec(s, x), b, s.outcomes[0] as never);
    // calendar week 1 = 2015-W53 (index 1), 2 = index 2, 3 = index 3 (censored): n = 1, 1, 0
    const cells = shareCells(res.calendar).filter(
      (c) => c.group === 'comparison' && c.cohort === 'before',
    );
    expect(cells.map((c) => c.n)).toEqual([1, 1, 0]);
    // survival: no internship, censored in the week before the censor code: 3 − 1 = 2 weeks
    const d = computeDurations(x, compileSpec(s, x), b, s.outcomes[1] as never);
    expect([d.time[0], d.event[0]]).toEqual([2, 0]);
  });

  it('durations: event in the entry week is 1 week; no event is censored at until', async () => {
    const x = await extract([
      ['101', '', '772', '771', '', '', ''], // entry index 1 in internship → time 1, event
      ['101', '', '', '', '771', '771', '771'], // during entry index 3, until index 5 → 3 weeks, censored
      ['101', '', '', '', '771', '771', '772'], // during entry 3, internship at 5 → 3, event
    ]);
    const b = buildCohorts(x, compileSpec(s, x));
    const d = computeDurations(x, compileSpec(s, x), b, s.outcomes[1] as never);
    expect(Array.from(d.time)).toEqual([1, 3, 3]);
    expect(Array.from(d.event)).toEqual([1, 0, 1]);
  });

  it('missing municipality is excluded and counted', async () => {
    const x = await extract([['', '', '771', '', '', '', '']]);
    const b = buildCohorts(x, compileSpec(s, x));
    expect(b.persons.excluded['missing municipality']).toBe(1);
    expect(b.persons.inCohort).toBe(0);
  });
});

describe('censorAtExit', () => {
  it('censors a survival duration when the person leaves the programme', async () => {
    const s = resolveSpec(
      {
        name: 't',
        data: { path: 'x.csv' },
        codes: { programme: ['771', '772'], internship: ['772'], censor: ['997'] },
        treated: ['165'],
        cohorts: {
          before: { entry: ['2015-W53', '2016-W01'], until: '2016-W02' },
          during: { entry: ['2016-W02', '2016-W03'], until: '2016-W04' },
        },
        outcomes: [{ id: 'tti', type: 'survival', event: 'internship', censorAtExit: true }],
      },
      `${dir}/spec.json`,
    );
    // entry 2016-W02 (index 3), in programme at 3 and 4, leaves at 5: censored after 2 weeks
    const x = await extract([['101', '', '', '', '771', '771', '']]);
    const b = buildCohorts(x, compileSpec(s, x));
    const d = computeDurations(x, compileSpec(s, x), b, s.outcomes[0] as never);
    expect([d.time[0], d.event[0]]).toEqual([2, 0]);
  });
});

describe('declared states with a weekly hours threshold on monthly hours', () => {
  it("compares the month's weekly average with the threshold", async () => {
    // Weeks 2017-W01..W05: W01–W04 have Thursdays in January (4 Thursdays), W05 in February.
    const text = [
      'pnr,kom,y_1652,y_1701,y_1702,y_1703,y_1704,y_1705,timer_2017_01,timer_2017_02',
      '1,101,,521,521,521,521,521,44,40', // 11 h/week in January, 10 h/week in February
      '2,101,,521,521,521,521,521,40,60', // 10 h/week in January, 15 in February
    ].join('\n');
    const x = await readExtract(writeIn(dir, 'flex.csv', text));
    const s = resolveSpec(
      {
        name: 'flex',
        data: { path: 'flex.csv' },
        codes: { programme: ['521'] },
        treated: ['165'],
        states: { 'fleksjob-over-10': { codes: ['521'], hoursAbove: 10 } },
        cohorts: {
          before: { entry: ['2017-W01', '2017-W01'], until: '2017-W05' },
          during: { entry: ['2017-W02', '2017-W03'], until: '2017-W05' },
        },
        outcomes: [
          { id: 'f', type: 'share', state: 'fleksjob-over-10', population: 'in-programme' },
        ],
      },
      `${dir}/spec.json`,
    );
    const b = buildCohorts(x, compileSpec(s, x));
    const cells = shareCells(
      computeShares(x, compileSpec(s, x), b, s.outcomes[0] as never).calendar,
    ).filter((c) => c.group === 'comparison' && c.cohort === 'before');
    // weeks 1–4 (January): person 1 above 10 h/week, person 2 not; week 5 (February): person 2 only
    expect(cells.map((c) => c.events)).toEqual([1, 1, 1, 1, 1]);
    expect(cells.map((c) => c.n)).toEqual([2, 2, 2, 2, 2]);
  });
});

describe('reading only the weeks a run needs', () => {
  it('gives the same cohorts, shares and durations as reading every week', async () => {
    const path = await import('node:path');
    const { referenceDir } = await import('../helpers/tmp.js');
    const { loadSpec } = await import('../../src/spec/spec.js');
    const { readForSpec } = await import('../../src/pipeline/read.js');
    const { neededWeeks } = await import('../../src/spec/compile.js');
    const spec = loadSpec(path.join(referenceDir, 'spec.json'));
    const all = await readExtract(spec.data.path);
    const windowed = await readForSpec(spec);
    expect(windowed.firstWeek).toBe(neededWeeks(spec).from);
    expect(windowed.weeks).toBeLessThan(all.weeks);
    const summary = (x: typeof all) => {
      const b = buildCohorts(x, compileSpec(spec, x));
      return {
        persons: b.persons,
        cells: shareCells(
          computeShares(x, compileSpec(spec, x), b, spec.outcomes[0] as never).calendar,
        ),
        hours: shareCells(
          computeShares(x, compileSpec(spec, x), b, spec.outcomes[1] as never).sinceEntry,
        ),
        durations: Array.from(
          computeDurations(x, compileSpec(spec, x), b, spec.outcomes[2] as never).time,
        ),
      };
    };
    expect(summary(windowed)).toEqual(summary(all));
  });

  it('a death or emigration code before the window still censors', async () => {
    const { readForSpec } = await import('../../src/pipeline/read.js');
    // Weeks 2015-W52 … 2016-W04; the spec needs 2015-W53 on, so 2015-W52 is outside the window.
    const _file = writeIn(
      dir,
      'early-death.csv',
      'pnr,kom,y_1552,y_1553,y_1601,y_1602,y_1603,y_1604\n1,101,998,,771,771,,\n2,101,,,771,772,,\n',
    );
    const s = resolveSpec(
      {
        name: 't',
        data: { path: 'early-death.csv' },
        // Codes and the treated municipality occur in the file, as a run requires.
        codes: { programme: ['771', '772'], internship: ['772'], censor: ['997', '998'] },
        treated: ['101'],
        cohorts: {
          before: { entry: ['2016-W01', '2016-W01'], until: '2016-W02' },
          during: { entry: ['2016-W02', '2016-W03'], until: '2016-W04' },
        },
        outcomes: [{ id: 'i', type: 'share', state: 'internship', population: 'in-programme' }],
      },
      `${dir}/spec.json`,
    );
    const x = await readForSpec(s);
    expect(x.firstWeek).toBe(weekSerial(2015, 53));
    expect(Array.from(x.censoredBeforeFirstWeek!)).toEqual([1, 0]);
    const b = buildCohorts(x, compileSpec(s, x));
    expect(b.persons.excluded['censored before entry']).toBe(1);
    expect(b.members.size).toBe(1);
  });
});
