/**
 * The survey side against R (test/fixtures/reference/variation-survey,
 * README there): every `wide.survey.*` figure of r-reference.json — 11
 * progression items, 8 fidelity elements, 7 municipalities × 8 elements —
 * to 1e-9 relative, colours exactly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateSurvey } from '../../../src/pipeline/survey.js';
import { readSurvey } from '../../../src/read/survey.js';
import type { SurveyResults } from '../../../src/results/results.js';
import { fixturesDir } from '../../helpers/tmp.js';

const dir = path.join(fixturesDir, 'variation-survey');
const reference: Record<string, number | string> = JSON.parse(
  readFileSync(path.join(dir, 'r-reference.json'), 'utf8'),
);

/** Resolve "survey.progression[item:q1].t" in the results. */
function lookup(results: { survey: SurveyResults }, key: string): unknown {
  let cur: unknown = results;
  for (const part of key.split(/\.(?![^[]*\])/)) {
    const m = /^([A-Za-z_]+)(?:\[(.+)\])?$/.exec(part);
    if (!m) throw new Error(`bad key part ${part}`);
    cur = (cur as Record<string, unknown>)[m[1]];
    if (m[2]) {
      const conds = m[2].split(',').map((c) => c.split(':') as [string, string]);
      cur = (cur as Record<string, unknown>[]).find((row) =>
        conds.every(([f, v]) => String(row[f]) === v),
      );
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

describe('survey side against R (variation-survey)', async () => {
  const [progression, fidelity] = await Promise.all([
    readSurvey(path.join(dir, 'progression.csv'), 'progression'),
    readSurvey(path.join(dir, 'fidelity.csv'), 'fidelity'),
  ]);
  const survey = evaluateSurvey({ progression, fidelity }, { level: 0.95, agree: [4, 5] });
  const keys = Object.keys(reference).filter((k) => k.startsWith('wide.survey.'));

  it(
    'compares every survey figure of the R reference (11 items × 9 + 8 ' +
      'elements × 8 + 56 municipality-elements × 4)',
    () => {
      expect(keys.length).toBe(11 * 9 + 8 * 8 + 7 * 8 * 4);
      let compared = 0;
      for (const key of keys) {
        const want = reference[key];
        const got = lookup({ survey }, key.slice('wide.'.length));
        if (typeof want === 'string') {
          expect(got, key).toBe(want);
        } else {
          expect(typeof got, key).toBe('number');
          const g = got as number;
          // R's figures are written at 12 significant digits.
          expect(Math.abs(g - want), `${key}: ${g} vs R ${want}`).toBeLessThanOrEqual(
            1e-9 * Math.max(Math.abs(want), 1e-300) + 1e-12 * (want === 0 ? 1 : 0),
          );
        }
        compared++;
      }
      expect(compared).toBe(387);
    },
  );

  it(
    'has as many rows as R: 11 items, 8 elements, 56 municipality-elements; ' +
      'nothing left out of the reference files',
    () => {
      expect(survey.progression).toHaveLength(11);
      expect(survey.fidelity).toHaveLength(8);
      expect(survey.fidelityByMunicipality).toHaveLength(56);
      for (const f of [survey.files.progression!, survey.files.fidelity!]) {
        expect(f.answers_used).toBe(f.rows);
        expect(Object.values(f.excluded).every((n) => n === 0)).toBe(true);
      }
    },
  );

  it(
    'reads both colours at exactly ±5 pp as yellow (three municipalities ' +
      'with 20 answers per wave)',
    () => {
      const exact = survey.fidelityByMunicipality!.filter(
        (r) => r.n_start === 20 && r.n_end === 20 && Math.abs(Math.abs(r.change_pp!) - 5) < 1e-9,
      );
      expect(exact.length).toBeGreaterThan(0);
      for (const r of exact) expect(r.colour).toBe('yellow');
    },
  );
});
