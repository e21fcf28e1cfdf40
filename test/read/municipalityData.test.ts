import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  checkTreatedInMunicipalityData,
  parseModeratorValue,
  readMunicipalityData,
} from '../../src/read/municipalityData.js';
import { fixturesDir, tmpFolder, writeIn } from '../helpers/tmp.js';

const dir = tmpFolder('effekt-kommuner-');

async function error(text: string): Promise<InputError> {
  const f = writeIn(dir, `k${Math.random().toString(36).slice(2)}.csv`, text);
  const e = await readMunicipalityData(f).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('readMunicipalityData', () => {
  it('reads the reference file: key column and two numeric moderators', async () => {
    const d = await readMunicipalityData(
      path.join(fixturesDir, 'variation-survey', 'kommuner.csv'),
    );
    expect(d.moderators.map((m) => m.name)).toEqual(['fidelity', 'caseload']);
    expect(d.municipalities.length).toBe(30);
    expect(d.moderators[0].values.get('101')).toBe(44.7);
    expect(d.moderators[1].values.get('147')).toBe(30);
    expect(d.ignored).toEqual([]);
    expect(d.file).toBe('kommuner.csv');
    expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it(
    'text columns are not moderators and are named; empty values are ' +
      'missing; ";" files with decimal commas',
    async () => {
      const f = writeIn(
        dir,
        'mixed.csv',
        'region;municipality;score;note\nH;101;1,5;ok\nH;147;;x\nS;151;-2;\n',
      );
      const d = await readMunicipalityData(f);
      expect(d.moderators.map((m) => m.name)).toEqual(['score']);
      expect([...d.moderators[0].values]).toEqual([
        ['101', 1.5],
        ['151', -2],
      ]);
      expect(d.ignored.map((i) => [i.name, i.line, i.value])).toEqual([
        ['region', 2, 'H'],
        ['note', 2, 'ok'],
      ]);
    },
  );

  it(
    'bad files: no key column, a duplicate municipality, an empty code, a ' + 'duplicate column',
    async () => {
      const a = await error('kom,fidelity\n101,3\n');
      expect(a.describe()).toMatch(/:1: no "municipality" column/);
      const b = await error('municipality,fidelity\n101,3\n147,2\n101,4\n');
      expect(b.line).toBe(4);
      expect(b.message).toMatch(/municipality 101 has a second row \(the first is on line 2\)/);
      const c = await error('municipality,fidelity\n,3\n');
      expect(c.line).toBe(2);
      const dup = await error('municipality,x,X\n101,1,2\n');
      expect(dup.column).toBe(3);
    },
  );

  it('a treated municipality without a row is an InputError', async () => {
    const d = await readMunicipalityData(writeIn(dir, 'few.csv', 'municipality,f\n101,1\n'));
    expect(() => checkTreatedInMunicipalityData(d, ['101', '165', '157'])).toThrow(
      /treated municipalities 165, 157 have no row in few.csv/,
    );
    expect(() => checkTreatedInMunicipalityData(d, ['101'])).not.toThrow();
  });

  it('parseModeratorValue: decimal numbers as written only', () => {
    expect(parseModeratorValue(' 12 ')).toBe(12);
    expect(parseModeratorValue('.5')).toBe(0.5);
    expect(parseModeratorValue('1e3')).toBe(1000);
    expect(parseModeratorValue('0x10')).toBeNull();
    expect(parseModeratorValue('Infinity')).toBeNull();
    expect(parseModeratorValue('1'.repeat(400))).toBeNull();
    expect(parseModeratorValue('abc')).toBeNull();
  });
});
