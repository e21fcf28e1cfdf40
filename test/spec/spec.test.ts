// biome-ignore-all lint/suspicious/noExplicitAny: this test reads and edits free-form JSON (specs made wrong on purpose, results.json by path)
import { describe, expect, it } from 'vitest';
import { weekSerial } from '../../src/calendar/isoweek.js';
import { InputError } from '../../src/errors.js';
import { checkSpecAgainstExtract, loadSpec, resolveSpec } from '../../src/spec/spec.js';
import { specFails } from '../helpers/spec.js';
import { tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder();
const base = () => ({
  name: 'brf',
  data: { path: 'dream.csv', covariates: ['alder'] },
  codes: { programme: ['771', '772'], internship: ['772'], censor: ['997'] },
  treated: ['165'],
  cohorts: {
    before: { entry: ['2016-W01', '2016-W52'], until: '2017-W52' },
    during: { entry: ['2017-W01', '2018-W52'], until: '2018-W52' },
  },
  outcomes: [{ id: 'internship', type: 'share', state: 'internship', population: 'in-programme' }],
  pooled: { weeks: [53, 104] },
});
const fails = (mutate: (s: any) => void, re: RegExp) => specFails(base, dir, mutate, re);

describe('spec', () => {
  it('resolves defaults, paths and weeks', () => {
    const s = resolveSpec(base(), `${dir}/spec.json`);
    expect(s.data.id).toBe('pnr');
    expect(s.data.municipality).toBe('kom');
    expect(s.data.path).toBe(`${dir}/dream.csv`);
    expect(s.inference).toEqual({ level: 0.95, cluster: 'municipality', bootstrap: 999, seed: 1 });
    expect(s.cohorts.before.entryFrom).toBe(weekSerial(2016, 1));
    expect(s.cohorts.before.weeks).toBe(104); // 2016 and 2017 have 52 weeks each
    expect(s.cohorts.during.weeks).toBe(104);
    expect(s.states.hours.hoursAbove).toBe(0);
    expect(s.title).toBe('brf');
  });
  it('report settings: language, table weeks, labels and titles in both languages', () => {
    const d = resolveSpec(base(), `${dir}/spec.json`);
    expect(d.report).toEqual({
      language: 'en',
      tableWeeks: null,
      labels: {},
      formats: ['md', 'html', 'docx', 'xlsx', 'csv', 'svg', 'png'],
      dpi: 300,
    });
    expect(d.outcomes[0].titles).toEqual({
      en: 'Share in company internship, among those in the programme',
      da: 'Andel i virksomhedspraktik, blandt dem i programmet',
    });
    const s = resolveSpec(
      {
        ...base(),
        title: { en: 'Better courses', da: 'Bedre forløb' },
        report: {
          language: 'da',
          tableWeeks: [95, 13],
          labels: { treated: 'Deltagerkommuner 2017-18' },
          formats: ['md', 'csv'],
          dpi: 150,
        },
        outcomes: [
          { id: 'i', type: 'share', state: 'internship', population: 'started', title: 'Praktik' },
        ],
      },
      `${dir}/spec.json`,
    );
    expect(s.titles).toEqual({ en: 'Better courses', da: 'Bedre forløb' });
    expect(s.title).toBe('Better courses');
    expect(s.outcomes[0].titles).toEqual({ en: 'Praktik', da: 'Praktik' });
    expect(s.report).toEqual({
      language: 'da',
      tableWeeks: [95, 13],
      labels: { treated: 'Deltagerkommuner 2017-18' },
      formats: ['md', 'csv'],
      dpi: 150,
    });
    fails(
      (x) => (x.report = { language: 'de' }),
      /report\.language: expected "en" \(English\) or "da" \(Danish\)/,
    );
    fails(
      (x) => (x.report = { tableWeeks: [105] }),
      /report\.tableWeeks\[0\]: week 105 is past the longer cohort's last calendar week \(104\)/,
    );
    fails((x) => (x.report = { labels: { teated: 'x' } }), /report\.labels: unknown key "teated"/);
    fails(
      (x) => (x.title = { en: 'only English' }),
      /title: expected a title as text, or \{"en": "…", "da": "…"\}/,
    );
  });
  it('declared states: code set and hours threshold', () => {
    const s = resolveSpec(
      {
        ...base(),
        states: { 'fleksjob-over-10': { codes: ['521'], hoursAbove: 10 } },
        outcomes: [{ id: 'f', type: 'share', state: 'fleksjob-over-10', population: 'started' }],
      },
      `${dir}/s.json`,
    );
    expect(s.outcomes[0]).toMatchObject({
      type: 'share',
      state: { codes: ['521'], hoursAbove: 10 },
    });
  });
  it('rejects with the field path and what was expected', () => {
    fails((s) => (s.extra = 1), /\(top level\): unknown key "extra"/);
    fails(
      (s) => (s.codes.programme = [771]),
      /codes\.programme\[0\]: expected a benefit code as text/,
    );
    fails(
      (s) => (s.cohorts.during.entry[1] = '2018-W53'),
      /cohorts\.during\.entry\[1\]: 2018-W53 does not exist/,
    );
    fails(
      (s) => (s.cohorts.during.until = '2017-W10'),
      /cohorts\.during\.until: "until" \(2017-W10\) is before the end of the entry window/,
    );
    fails((s) => (s.treated = []), /treated: expected at least one treated municipality/);
    fails((s) => (s.outcomes[0].type = 'ratio'), /outcomes\[0\]\.type/);
    fails((s) => (s.outcomes[0].state = 'nope'), /outcomes\[0\]\.state: unknown state "nope"/);
    fails(
      (s) => (s.codes.internship = ['999']),
      /codes\.internship\[0\]: "999" is not a programme code/,
    );
    fails(
      (s) => (s.outcomes[0].population = 'all'),
      /outcomes\[0\]\.population: expected "in-programme" or "started"/,
    );
    fails((s) => (s.pooled.weeks = [53, 200]), /pooled\.weeks\[1\]/);
  });
  it('entry window outside the extract weeks', () => {
    const s = resolveSpec(base(), `${dir}/spec.json`);
    expect(() =>
      checkSpecAgainstExtract(s, {
        firstWeek: weekSerial(2016, 10),
        weeks: 200,
        covariates: [{ name: 'alder' }],
        file: 'x.csv',
      }),
    ).toThrow(/cohorts\.before\.entry\[0\]: 2016-W01 is outside the extract's weeks \(2016-W10 to/);
    expect(() =>
      checkSpecAgainstExtract(s, {
        firstWeek: weekSerial(2016, 1),
        weeks: 156,
        covariates: [],
        file: 'x.csv',
      }),
    ).toThrow(/data\.covariates\[0\]: no column "alder"/);
  });
  it('bad JSON names line and column', () => {
    const f = writeIn(dir, 'bad.json', '{\n  "name": "x",\n  oops\n}');
    try {
      loadSpec(f);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).line).toBe(3);
    }
  });
});
