/**
 * `effekt run` on the variation-survey reference (register synthetic-1500,
 * municipality file kommuner.csv), wide and long format, read back from
 * results.json and compared with R (test/fixtures/reference/variation-survey,
 * see its README) to 1e-6 relative: every per-municipality, placebo,
 * heterogeneity and moderator figure. The survey figures of the same file
 * belong to the survey blocks and are not checked here.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSerial } from '../../src/calendar/isoweek.js';
import { hoursAt, personValue, readExtract } from '../../src/read/index.js';
import { effekt } from '../helpers/effekt.js';
import { fixturesDir, tmpFolder } from '../helpers/tmp.js';

const dir = path.join(fixturesDir, 'variation-survey');
const ref = JSON.parse(readFileSync(path.join(dir, 'r-reference.json'), 'utf8')) as Record<
  string,
  number | string
>;
const variationKeys = Object.keys(ref).filter((k) => k.startsWith('wide.outcomes.'));

/**
 * Follow a reference key ("outcomes.internship.municipalities[municipality:155].se") into
 * results.json.
 */
function lookup(results: unknown, key: string): unknown {
  let node: unknown = results;
  for (const part of key.match(/[^.[\]]+(\[[^\]]*\])?/g)!) {
    const m = /^([^[]+)(?:\[([^\]]*)\])?$/.exec(part)!;
    node = (node as Record<string, unknown>)[m[1]];
    if (m[2] !== undefined) {
      const conds = m[2].split(',').map((c) => c.split(':'));
      node = (node as Record<string, unknown>[]).find((e) =>
        conds.every(([f, v]) => String(e[f]) === v),
      );
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * The reference spec as this build reads it: paths made absolute; survey blocks left out (another
 * stage's).
 */
function specFor(out: string, data: Record<string, unknown>): string {
  const raw = JSON.parse(readFileSync(path.join(dir, 'spec.json'), 'utf8'));
  delete raw.progression;
  delete raw.fidelity;
  raw.data = { ...raw.data, ...data };
  raw.municipalityData = path.join(dir, 'kommuner.csv');
  const file = path.join(out, 'spec.json');
  writeFileSync(file, JSON.stringify(raw));
  return file;
}

function compare(results: unknown): number {
  let checked = 0;
  for (const key of variationKeys) {
    const want = ref[key];
    const got = lookup(results, key.slice('wide.'.length));
    expect(got, key).toBeTypeOf('number');
    const rel =
      want === 0
        ? Math.abs(got as number)
        : Math.abs((got as number) - (want as number)) / Math.abs(want as number);
    expect(rel, `${key}: ${got} vs ${want}`).toBeLessThan(1e-6);
    checked++;
  }
  return checked;
}

describe('effekt run reproduces R on variation between municipalities (variation-survey)', () => {
  const out = tmpFolder('effekt-varrun-');
  const wide = (() => {
    const spec = specFor(out, { path: path.join(fixturesDir, 'synthetic-1500', 'dream.csv') });
    const r = effekt(['run', spec, '--out', path.join(out, 'wide'), '--quiet']);
    return {
      r,
      results:
        r.code === 0
          ? JSON.parse(readFileSync(path.join(out, 'wide', 'results.json'), 'utf8'))
          : null,
    };
  })();

  it('wide: exits 0 and matches every figure', () => {
    expect(wide.r.stderr).toBe('');
    expect(wide.r.code).toBe(0);
    expect(variationKeys.length).toBeGreaterThanOrEqual(2 * (7 * 8 + 23 + 8 + 2 * 4));
    expect(compare(wide.results)).toBe(variationKeys.length);
  });

  it('wide: the report has the section, its table and its figures', () => {
    const md = readFileSync(path.join(out, 'wide', 'report.md'), 'utf8');
    expect(md).toMatch(/Variation between municipalities/);
    expect(md).toMatch(/Is the variation real\?/);
    expect(md).toMatch(/Placebo interval \(Conley–Taber\)/);
    for (const f of [
      'internship-municipalities',
      'internship-placebo',
      'internship-moderator-fidelity',
      'hours-placebo',
    ]) {
      expect(readFileSync(path.join(out, 'wide', 'figures', `${f}.svg`), 'utf8')).toMatch(/^<svg/);
    }
  });

  describe('long format', () => {
    let results: unknown;
    let code: number | null = null;
    beforeAll(async () => {
      const x = await readExtract(path.join(fixturesDir, 'synthetic-1500', 'dream.csv'));
      const rows = ['pnr,week,code,hours'];
      for (let p = 0; p < x.persons; p++) {
        for (let j = 0; j < x.weeks; j++) {
          const c = x.codeDict[x.codes[p * x.weeks + j]];
          const h = hoursAt(x, p, j);
          if (c !== '' || h > 0)
            rows.push(`${x.ids[p]},${formatSerial(x.firstWeek + j)},${c},${h || ''}`);
        }
      }
      writeFileSync(path.join(out, 'long.csv'), rows.join('\n'));
      writeFileSync(
        path.join(out, 'persons.csv'),
        [
          'pnr,kom,alder,koen,herkomst',
          ...x.ids.map((id, p) =>
            [
              id,
              personValue(x.municipality, p),
              ...x.covariates.map((c) => personValue(c, p)),
            ].join(','),
          ),
        ].join('\n'),
      );
      const spec = specFor(out, {
        path: path.join(out, 'long.csv'),
        persons: path.join(out, 'persons.csv'),
      });
      const r = effekt(['run', spec, '--out', path.join(out, 'long'), '--quiet']);
      code = r.code;
      if (r.code === 0)
        results = JSON.parse(readFileSync(path.join(out, 'long', 'results.json'), 'utf8'));
    });

    it('exits 0 and matches every figure', () => {
      expect(code).toBe(0);
      expect(compare(results)).toBe(variationKeys.length);
    });
  });

  it(
    'a treated municipality missing from the municipality file: exit 2, one ' + 'line naming it',
    () => {
      const k = path.join(out, 'few.csv');
      writeFileSync(
        k,
        readFileSync(path.join(dir, 'kommuner.csv'), 'utf8')
          .split('\n')
          .filter((l) => !l.startsWith('190,'))
          .join('\n'),
      );
      const spec = specFor(out, { path: path.join(fixturesDir, 'synthetic-1500', 'dream.csv') });
      const raw = JSON.parse(readFileSync(spec, 'utf8'));
      raw.municipalityData = k;
      writeFileSync(spec, JSON.stringify(raw));
      const r = effekt(['run', spec, '--out', path.join(out, 'few'), '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n').length).toBe(1);
      expect(r.stderr).toMatch(/treated municipality 190 has no row in few\.csv/);
    },
  );
});
