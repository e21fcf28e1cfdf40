/**
 * The simulator's municipality list with sizes honoured exactly
 * (`exactSizes`, for `effekt audit`), and the in-memory extract against the
 * file the wide reader reads.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExtract } from '../../src/read/index.js';
import {
  exactCounts,
  personGenerator,
  resolveParams,
  simulatedExtract,
  simulateToFiles,
} from '../../src/simulate/index.js';
import { tmpFolder } from '../helpers/tmp.js';

const dir = tmpFolder('effekt-exact-');

describe('exactCounts (largest remainder)', () => {
  it('returns whole sizes that add up to persons unchanged', () => {
    expect([...exactCounts([5, 3, 2], 10)]).toEqual([5, 3, 2]);
  });
  it('scales other sizes and rounds by largest remainder, ties to the earlier', () => {
    // 10 · (1/3 each) = 3.33…: floors 3, 3, 3; one left goes to the first.
    expect([...exactCounts([1, 1, 1], 10)]).toEqual([4, 3, 3]);
    // 7 · (0.5, 0.3, 0.2) = 3.5, 2.1, 1.4: floors 3, 2, 1; one left to the largest remainder (0.5).
    expect([...exactCounts([50, 30, 20], 7)]).toEqual([4, 2, 1]);
  });
});

describe('exactSizes', () => {
  const sizes = { '101': 120, '147': 37, '157': 3, '173': 40 };
  const count = (p: ReturnType<typeof resolveParams>) => {
    const gen = personGenerator(p);
    const n: Record<string, number> = {};
    let treated = 0;
    for (let i = 0; i < p.persons; i++) {
      const person = gen.next();
      n[person.kom] = (n[person.kom] ?? 0) + 1;
      if (person.treated) treated++;
    }
    return { n, treated };
  };
  it('gives every municipality exactly its persons, and the listed ones participate', () => {
    const p = resolveParams('brf', 200, 3, { exactSizes: true, treated: '101,157' });
    p.municipalities = { ...sizes };
    const { n, treated } = count(p);
    expect(n).toEqual(sizes);
    expect(treated).toBe(123);
  });
  it('drawn sizes (the default) vary by chance', () => {
    const p = resolveParams('brf', 200, 3, { treated: '101,157' });
    p.municipalities = { ...sizes };
    expect(count(p).n).not.toEqual(sizes);
  });
  it('the --set form: municipalities=code:size,… and exactSizes=true', () => {
    const p = resolveParams('none', 90, 1, {
      municipalities: '101:60,147:30',
      treated: '101',
      exactSizes: true,
    });
    expect(count(p).n).toEqual({ '101': 60, '147': 30 });
  });
});

describe('simulatedExtract', () => {
  it('holds what the wide reader reads from dream.csv of the same parameters', async () => {
    const p = resolveParams('brf', 300, 11, { exactSizes: true });
    const file = await simulateToFiles(p, path.join(dir, 'x'));
    const a = simulatedExtract(p);
    const b = await readExtract(file.csvPath, {});
    const decode = (x: typeof a) => Array.from(x.codes, (c) => x.codeDict[c]);
    const hours = (x: typeof a) => Array.from(x.hours, (h) => h / 10 ** x.hoursDecimals);
    expect(a.persons).toBe(b.persons);
    expect(a.ids).toEqual(b.ids);
    expect([a.firstWeek, a.weeks]).toEqual([b.firstWeek, b.weeks]);
    expect(decode(a)).toEqual(decode(b));
    expect(hours(a)).toEqual(hours(b));
    expect(a.hoursLabels).toEqual(b.hoursLabels);
    expect([...a.weekToHours]).toEqual([...b.weekToHours]);
    expect([...a.weeksPerHoursColumn]).toEqual([...b.weeksPerHoursColumn]);
    expect(a.municipality).toEqual(b.municipality);
    expect(a.covariates).toEqual(b.covariates);
  });
});
