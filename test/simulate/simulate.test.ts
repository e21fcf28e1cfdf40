/**
 * The simulator's files: deterministic bytes, DREAM shape (header, codes,
 * hours), a valid spec, the parameter checks, and the person-level
 * properties the process promises (absorbing death/emigration, group
 * differences in background).
 */

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTwoDigitYear, isValidIsoWeek, weekSerial } from '../../src/calendar/isoweek.js';
import { InputError } from '../../src/errors.js';
import {
  BRF_TREATED,
  CODE_TABLE,
  checkParams,
  extractCalendar,
  personGenerator,
  Random,
  resolveParams,
  STATE,
  simulateExtract,
  simulateToFiles,
} from '../../src/simulate/index.js';
import { loadSpec } from '../../src/spec/spec.js';
import { tmpFolder } from '../helpers/tmp.js';

const dir = tmpFolder('effekt-sim-');
const text = (file: string) => readFileSync(file, 'utf8');

describe('simulated files', () => {
  it('same seed and parameters give the same bytes; another seed gives others', async () => {
    const a = await simulateToFiles(resolveParams('brf', 400, 7), path.join(dir, 'a'));
    const b = await simulateToFiles(resolveParams('brf', 400, 7), path.join(dir, 'b'));
    const c = await simulateToFiles(resolveParams('brf', 400, 8), path.join(dir, 'c'));
    expect(text(a.csvPath)).toBe(text(b.csvPath));
    expect(text(a.specPath).replace('"name": "a"', '')).toBe(
      text(b.specPath).replace('"name": "b"', ''),
    );
    expect(text(a.csvPath)).not.toBe(text(c.csvPath));
    expect(a.bytes).toBe(statSync(a.csvPath).size);
    expect(a.persons).toBe(400);
  });

  it('a person is the same whatever the number of persons (one stream per row)', async () => {
    const small = await simulateToFiles(resolveParams('brf', 50, 3), path.join(dir, 'small'));
    const large = await simulateToFiles(resolveParams('brf', 120, 3), path.join(dir, 'large'));
    expect(text(large.csvPath).startsWith(text(small.csvPath))).toBe(true);
  });

  it(
    'writes the DREAM header: person columns, consecutive y_YYWW weeks (53 ' +
      'only where the year has it), timer_YYYY_MM months',
    async () => {
      const r = await simulateToFiles(resolveParams('brf', 300, 3), path.join(dir, 'shape'));
      const [header, ...rows] = text(r.csvPath).trimEnd().split('\n');
      const cols = header.split(',');
      expect(cols.slice(0, 6)).toEqual(['pnr', 'kom', 'alder', 'koen', 'herkomst', 'civilstand']);
      const weeks = cols.filter((c) => c.startsWith('y_'));
      expect(weeks).toHaveLength(53 + 4 * 52); // 2015-W01 … 2019-W52; 2015 is a 53-week year
      expect(weeks).toContain('y_1553');
      for (const yy of ['16', '17', '18', '19']) expect(weeks).not.toContain(`y_${yy}53`);
      const serials = weeks.map((c) => {
        const m = /^y_(\d\d)(\d\d)$/.exec(c)!;
        const year = expandTwoDigitYear(Number(m[1]));
        expect(isValidIsoWeek(year, Number(m[2]))).toBe(true);
        return weekSerial(year, Number(m[2]));
      });
      serials.forEach((s, i) => {
        i > 0 && expect(s - serials[i - 1]).toBe(1);
      });
      const months = cols.filter((c) => c.startsWith('timer_'));
      expect(months).toHaveLength(60);
      expect(months[0]).toBe('timer_2015_01');
      expect(months[59]).toBe('timer_2019_12');
      expect(cols).toHaveLength(6 + weeks.length + months.length); // nothing else
      expect(rows).toHaveLength(300);
    },
  );

  it('has week 53 in 2020 when the range reaches it, and 208 weeks for the benchmark range', () => {
    const to2020 = extractCalendar('2019-W01', '2021-W01');
    expect(to2020.weekColumns).toContain('y_2053');
    expect(to2020.weekColumns).not.toContain('y_1953');
    const bench = extractCalendar('2015-W40', '2019-W38');
    expect(bench.weeks).toBe(208);
    expect(bench.weekColumns[0]).toBe('y_1540');
    expect(bench.weekColumns).toContain('y_1553');
    expect(bench.monthColumns[0]).toBe('timer_2015_10'); // the Thursday of 2015-W40 is 1 October
  });

  it(
    'writes codes as three-digit text or empty, hours as non-negative ' +
      'numbers with one decimal or empty',
    async () => {
      const r = await simulateExtract({
        preset: 'brf',
        persons: 2000,
        seed: 11,
        weeks: 208,
        outDir: path.join(dir, 'cells'),
      });
      const [header, ...rows] = text(r.csvPath).trimEnd().split('\n');
      const cols = header.split(',');
      expect(cols.filter((c) => c.startsWith('y_'))).toHaveLength(208);
      const codeCols = cols.flatMap((c, i) => (c.startsWith('y_') ? [i] : []));
      const hourCols = cols.flatMap((c, i) => (c.startsWith('timer_') ? [i] : []));
      const ids = new Set<string>();
      const seen = new Set<string>();
      // collected, so one failure names the cells rather than stopping at the first
      const bad: string[] = [];
      let hoursCells = 0;
      rows.forEach((row, r) => {
        const f = row.split(',');
        if (f.length !== cols.length) bad.push(`row ${r + 2}: ${f.length} fields`);
        ids.add(f[0]);
        const person = /^\d{8},\d{3},(\d\d),[KM],(dansk|vestlig|ikke-vestlig),(gift|ugift)$/.exec(
          f.slice(0, 6).join(','),
        );
        if (!person || Number(person[1]) < 18 || Number(person[1]) > 64)
          bad.push(`row ${r + 2}: person columns ${f.slice(0, 6).join(',')}`);
        for (const i of codeCols) {
          if (!/^(\d{3})?$/.test(f[i])) bad.push(`row ${r + 2} ${cols[i]}: code "${f[i]}"`);
          seen.add(f[i]);
        }
        for (const i of hourCols) {
          if (f[i] === '') continue;
          hoursCells++;
          if (!/^\d+\.\d$/.test(f[i]) || !(Number(f[i]) > 0))
            bad.push(`row ${r + 2} ${cols[i]}: hours "${f[i]}"`);
        }
      });
      expect(bad.slice(0, 10)).toEqual([]);
      expect(ids.size).toBe(rows.length); // person ids are unique
      expect([...seen].sort()).toEqual(['', '130', '771', '772', '890', '997', '998']);
      expect(hoursCells).toBeGreaterThan(0);
    },
  );

  it(
    'writes a spec the spec reader accepts, with the design of the ' + 'reference evaluation',
    async () => {
      const r = await simulateToFiles(resolveParams('brf', 100, 1), path.join(dir, 'brf'));
      const raw = JSON.parse(text(r.specPath));
      expect(raw.name).toBe('brf');
      expect(raw.data.path).toBe('dream.csv');
      expect(raw.codes).toEqual({
        programme: ['771', '772'],
        internship: ['772'],
        censor: ['997', '998'],
      });
      expect(raw.pooled).toEqual({ weeks: [53, 104] });
      expect(raw.inference).toEqual({
        level: 0.95,
        cluster: 'municipality',
        bootstrap: 999,
        seed: 1,
      });
      const spec = loadSpec(r.specPath);
      expect([...spec.treated].sort()).toEqual(Object.keys(BRF_TREATED).sort());
      expect(spec.outcomes.map((o) => o.id)).toEqual([
        'internship',
        'hours',
        'hours-in-programme',
        'time-to-internship',
      ]);
    },
  );

  it('reports progress up to the total', async () => {
    const calls: [number, number][] = [];
    await simulateToFiles(resolveParams('none', 12_000, 2), path.join(dir, 'progress'), (d, t) =>
      calls.push([d, t]),
    );
    expect(calls.at(-1)).toEqual([12_000, 12_000]);
    calls.forEach(([d], i) => {
      i > 0 && expect(d).toBeGreaterThanOrEqual(calls[i - 1][0]);
    });
  });
});

describe('simulated persons', () => {
  it('death and emigration are absorbing, with no hours afterwards', () => {
    const p = resolveParams('brf', 20_000, 4);
    const gen = personGenerator(p);
    const { monthOfWeek } = gen.calendar;
    let gone = 0;
    let broken = 0;
    for (let i = 0; i < p.persons; i++) {
      const { codes, hours } = gen.next();
      const at = codes.findIndex((c) => c === STATE.death || c === STATE.emigration);
      if (at < 0) continue;
      gone++;
      for (let j = at; j < codes.length; j++) if (codes[j] !== codes[at]) broken++;
      for (let m = monthOfWeek[at] + 1; m < hours.length; m++) if (hours[m] !== 0) broken++;
    }
    expect(gone).toBeGreaterThan(100);
    expect(broken).toBe(0);
  });

  it(
    'participants differ in background as the seed describes: older, more ' +
      'non-Western, less often married, more cash benefit before entry',
    () => {
      const p = resolveParams('brf', 30_000, 5);
      const gen = personGenerator(p);
      const g = [0, 1].map(() => ({
        n: 0,
        age: 0,
        nonWestern: 0,
        married: 0,
        weeksBefore: 0,
        cashBefore: 0,
      }));
      for (let i = 0; i < p.persons; i++) {
        const person = gen.next();
        const s = g[person.treated ? 1 : 0];
        s.n++;
        s.age += person.alder;
        s.nonWestern += person.herkomst === 'ikke-vestlig' ? 1 : 0;
        s.married += person.civilstand === 'gift' ? 1 : 0;
        const entry = person.codes.findIndex((c) => CODE_TABLE[c] === '771');
        for (let j = 0; j < entry; j++) {
          s.weeksBefore++;
          s.cashBefore += CODE_TABLE[person.codes[j]] === '130' ? 1 : 0;
        }
      }
      const [c, t] = g;
      expect(t.age / t.n - c.age / c.n).toBeGreaterThan(0.8);
      expect(t.nonWestern / t.n - c.nonWestern / c.n).toBeGreaterThan(0.03);
      expect(c.married / c.n - t.married / t.n).toBeGreaterThan(0.02);
      expect(t.cashBefore / t.weeksBefore - c.cashBefore / c.weeksBefore).toBeGreaterThan(0.05);
      // Sizes vary: København is the largest municipality, and about a quarter are participants.
      expect(t.n / (t.n + c.n)).toBeGreaterThan(0.2);
      expect(t.n / (t.n + c.n)).toBeLessThan(0.32);
    },
  );
});

describe('parameters', () => {
  it(
    'applies overrides with their types and rejects unknown keys, wrong ' +
      'types and out-of-range values',
    () => {
      expect(resolveParams('brf', 10, 1, { effect: 0 }).effect).toBe(0);
      expect(resolveParams('brf', 10, 1, { programmeEffect: false }).programmeEffect).toBe(false);
      expect(resolveParams('brf', 10, 1, { treated: '101,147' }).treated).toEqual(['101', '147']);
      expect(
        resolveParams('brf', 10, 1, { municipalities: '101:5,147:2', treated: '101' })
          .municipalities,
      ).toEqual({ '101': 5, '147': 2 });
      expect(resolveParams('brf', 10, 1, { effectScope: 'all-in-programme' }).effectScope).toBe(
        'all-in-programme',
      );
      expect(() => resolveParams('brf', 10, 1, { nope: 1 })).toThrow(InputError);
      expect(() => resolveParams('brf', 10, 1, { effect: 'big' })).toThrow(/expected a number/);
      expect(() => resolveParams('brf', 10, 1, { programmeEffect: 1 })).toThrow(/true or false/);
      expect(() => resolveParams('brf', 10, 1, { exitHazard: 1.5 })).toThrow(/exitHazard/);
      expect(() => resolveParams('brf', 10, 1, { entrantShare: 0.99 })).toThrow(/exceeds 1/);
      expect(() => resolveParams('brf', 10, 1, { firstWeek: '2015-W54' })).toThrow(
        /does not exist/,
      );
      expect(() => resolveParams('brf', 10, 1, { lastWeek: '2014-W01' })).toThrow(
        /before firstWeek/,
      );
      expect(() => resolveParams('brf', 10, 1, { treated: '999' })).toThrow(
        /not among the municipalities/,
      );
      expect(() => resolveParams('brf', 10, 1, { effectScope: 'everyone' })).toThrow(/effectScope/);
      expect(() => resolveParams('brf', 0, 1)).toThrow(/persons/);
    },
  );

  it('preset none is neutral: no effect, no random effects, no group differences', () => {
    const p = resolveParams('none', 10, 1);
    expect(p.internshipEffect).toBe(1);
    expect(p.hoursEffect).toBe(1);
    expect(p.internshipWeeksEffect).toBe(1);
    for (const k of [
      'municipalitySd',
      'municipalityTrendSd',
      'hoursMunicipalitySd',
      'frailtySd',
      'internshipEffectSd',
      'hoursEffectSd',
      'ageGap',
    ] as const) {
      expect(p[k]).toBe(0);
    }
    expect(p.treatedInternshipLevel).toBe(1);
    expect(p.treatedHoursLevel).toBe(1);
    expect(p.nonWesternTreated).toBe(p.nonWestern);
    expect(p.marriedTreated).toBe(p.married);
    expect(() => checkParams(p)).not.toThrow();
  });

  it('the random stream is reproducible and covers (0, 1)', () => {
    const a = new Random(42, 5);
    const b = new Random(42, 5);
    const xs = Array.from({ length: 10_000 }, () => a.uniform());
    expect(xs).toEqual(Array.from({ length: 10_000 }, () => b.uniform()));
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 1);
    expect(new Random(42, 6).uniform()).not.toBe(new Random(42, 5).uniform());
  });
});
