/**
 * Survival estimators against R 4.2 / survival 3.5-3 on the reference
 * extract (test/fixtures/reference/synthetic-1500):
 *   survfit(Surv(time, event) ~ 1, conf.type = "log-log") per cell, and
 *   coxph(Surv(time, event) ~ treated * during, ties = "efron"); z = qnorm(0.975).
 * Every survival.* figure of r-reference.json, to 1e-6 relative.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  coxDiD,
  coxPH,
  kaplanMeier,
  survivalAt,
  weeklyGrid,
} from '../../../src/estimators/survival/index.js';
import { repoRoot } from '../../helpers/tmp.js';
import { rel } from './helpers.js';

const dir = path.resolve(repoRoot, 'test/fixtures/reference/synthetic-1500');
const ref = JSON.parse(readFileSync(path.join(dir, 'r-reference.json'), 'utf8')) as Record<
  string,
  number
>;
const rows = readFileSync(path.join(dir, 'surv.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [, kom, treated, during, time, event] = line.split(',');
    return {
      kom: Number(kom),
      treated: Number(treated),
      during: Number(during),
      time: Number(time),
      event: Number(event),
    };
  });
const all = {
  time: Float64Array.from(rows.map((r) => r.time)),
  event: Uint8Array.from(rows.map((r) => r.event)),
};
const treated = Uint8Array.from(rows.map((r) => r.treated));
const during = Uint8Array.from(rows.map((r) => r.during));
const kom = Int32Array.from(rows.map((r) => r.kom));

describe('survival reproduces R (synthetic-1500)', () => {
  it('covers every survival.* key of the reference', () => {
    const keys = Object.keys(ref).filter((k) => k.startsWith('survival.'));
    expect(keys.length).toBe(4 * 3 * 3 + 5 + 1);
  });

  for (const group of ['comparison', 'treated']) {
    for (const cohort of ['before', 'during']) {
      it(`Kaplan–Meier ${group}·${cohort} at 26, 52, 104 weeks`, () => {
        const sub = rows.filter(
          (r) =>
            r.treated === (group === 'treated' ? 1 : 0) &&
            r.during === (cohort === 'during' ? 1 : 0),
        );
        const km = kaplanMeier({
          time: Float64Array.from(sub.map((r) => r.time)),
          event: Uint8Array.from(sub.map((r) => r.event)),
        });
        const grid = weeklyGrid(km, 104);
        for (const w of [26, 52, 104]) {
          const key = `survival.km.${group}.${cohort}.${w}`;
          for (const s of [survivalAt(km, w), grid[w]]) {
            expect(rel(s.survival, ref[`${key}.survival`]), `${key}.survival`).toBeLessThan(1e-6);
            expect(rel(s.ci_low!, ref[`${key}.ci_low`]), `${key}.ci_low`).toBeLessThan(1e-6);
            expect(rel(s.ci_high!, ref[`${key}.ci_high`]), `${key}.ci_high`).toBeLessThan(1e-6);
          }
        }
      });
    }
  }

  it('Cox treated × during, Efron ties: hr, se, interval, p, duration change', () => {
    const res = coxDiD(all, treated, during, kom);
    for (const k of ['hr', 'se_log_hr', 'ci_low', 'ci_high', 'p'] as const) {
      expect(rel(res[k]!, ref[`survival.cox.${k}`]), k).toBeLessThan(1e-6);
    }
    expect(rel(res.duration_change!, ref['survival.duration_change'])).toBeLessThan(1e-6);
    expect(res.problem).toBeUndefined();
    expect(res.fit.converged).toBe(true);
    // the robust (municipality-clustered) error exists and is of the same order as the model-based
    // one
    expect(res.robust_se_log_hr! / res.se_log_hr!).toBeGreaterThan(0.5);
    expect(res.robust_se_log_hr! / res.se_log_hr!).toBeLessThan(2);
    // both call forms agree
    const viaOpts = coxDiD(all, treated, during, { cluster: kom });
    expect(viaOpts.robust_se_log_hr).toBe(res.robust_se_log_hr);
  });

  it('the same model through coxPH directly', () => {
    const n = rows.length;
    const X = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      X[3 * i] = treated[i];
      X[3 * i + 1] = during[i];
      X[3 * i + 2] = treated[i] * during[i];
    }
    const fit = coxPH(all, X, ['treated', 'during', 'treated:during']);
    expect(rel(fit.hr[2]!, ref['survival.cox.hr'])).toBeLessThan(1e-6);
    expect(rel(fit.se[2]!, ref['survival.cox.se_log_hr'])).toBeLessThan(1e-6);
    expect(rel(fit.p[2]!, ref['survival.cox.p'])).toBeLessThan(1e-6);
  });
});
