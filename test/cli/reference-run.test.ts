/**
 * The whole `effekt run` on the reference extract, read back from
 * results.json and compared with R (test/fixtures/reference/synthetic-1500):
 * every cell count, weekly and pooled DiD figure, Kaplan–Meier point and
 * the Cox model, to 1e-6 relative.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effekt } from '../helpers/effekt.js';
import { referenceDir, tmpFolder } from '../helpers/tmp.js';

const ref = JSON.parse(readFileSync(path.join(referenceDir, 'r-reference.json'), 'utf8')) as Record<
  string,
  number
>;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('effekt run on the R reference extract', () => {
  const out = tmpFolder('effekt-refrun-');
  const r = effekt(['run', path.join(referenceDir, 'spec.json'), '--out', out, '--quiet']);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));

  it('exits 0', () => expect(r.code).toBe(0));

  it('matches every reference figure', () => {
    let checked = 0;
    for (const [key, value] of Object.entries(ref)) {
      const parts = key.split('.');
      let got: number;
      if (parts[1] === 'cell') {
        const [outcome, , group, cohort, week, field] = parts;
        const cell = results.outcomes[outcome].cells.find(
          (c: Record<string, unknown>) =>
            c.group === group && c.cohort === cohort && c.week === Number(week),
        );
        got = cell[field];
      } else if (parts[1] === 'weekly') {
        const [outcome, , week, field] = parts;
        got = results.outcomes[outcome].weekly.find(
          (w: { week: number }) => w.week === Number(week),
        )[field];
      } else if (parts[1] === 'pooled') {
        got = results.outcomes[parts[0]].pooled[parts[2]];
      } else if (parts[1] === 'km') {
        const [, , group, cohort, week, field] = parts;
        got = results.outcomes['time-to-internship'].km.find(
          (k: Record<string, unknown>) =>
            k.group === group && k.cohort === cohort && k.week === Number(week),
        )[field];
      } else if (parts[1] === 'cox') {
        got = results.outcomes['time-to-internship'].cox[parts[2]];
      } else {
        got = results.outcomes['time-to-internship'].duration_change;
      }
      expect(rel(got, value), key).toBeLessThan(1e-6);
      checked++;
    }
    expect(checked).toBe(Object.keys(ref).length);
  });
});
