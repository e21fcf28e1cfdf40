/**
 * Survival estimators against R (shared/reference/synthetic-1500):
 * survfit(Surv(time, event) ~ 1, conf.type = "log-log") per cell and
 * coxph(Surv(time, event) ~ treated * during, ties = "efron").
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { kaplanMeier, survivalAt, coxDiD } from '../../../src/estimators/survival/index.js';
import { referenceDir } from '../../helpers/tmp.js';

const ref = JSON.parse(readFileSync(path.join(referenceDir, 'r-reference.json'), 'utf8')) as Record<string, number>;
const rows = readFileSync(path.join(referenceDir, 'surv.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((r) => {
  const [, kom, treated, during, time, event] = r.split(',');
  return { kom: Number(kom), treated: Number(treated), during: Number(during), time: Number(time), event: Number(event) };
});
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('survival reproduces R (synthetic-1500)', () => {
  for (const group of ['comparison', 'treated']) {
    for (const cohort of ['before', 'during']) {
      it(`Kaplan–Meier ${group}·${cohort} at 26, 52, 104 weeks`, () => {
        const sub = rows.filter((r) => r.treated === (group === 'treated' ? 1 : 0) && r.during === (cohort === 'during' ? 1 : 0));
        const km = kaplanMeier({ time: Float64Array.from(sub.map((r) => r.time)), event: Uint8Array.from(sub.map((r) => r.event)) });
        for (const w of [26, 52, 104]) {
          const s = survivalAt(km, w);
          const key = `survival.km.${group}.${cohort}.${w}`;
          expect(rel(s.survival, ref[`${key}.survival`]), `${key}.survival`).toBeLessThan(1e-6);
          expect(rel(s.ci_low!, ref[`${key}.ci_low`]), `${key}.ci_low`).toBeLessThan(1e-6);
          expect(rel(s.ci_high!, ref[`${key}.ci_high`]), `${key}.ci_high`).toBeLessThan(1e-6);
        }
      });
    }
  }

  it('Cox treated × during, Efron ties', () => {
    const d = { time: Float64Array.from(rows.map((r) => r.time)), event: Uint8Array.from(rows.map((r) => r.event)) };
    const res = coxDiD(d, Uint8Array.from(rows.map((r) => r.treated)), Uint8Array.from(rows.map((r) => r.during)), { cluster: Int32Array.from(rows.map((r) => r.kom)) });
    for (const k of ['hr', 'se_log_hr', 'ci_low', 'ci_high', 'p'] as const) {
      expect(rel(res[k]!, ref[`survival.cox.${k}`]), k).toBeLessThan(1e-6);
    }
    expect(rel(res.duration_change!, ref['survival.duration_change'])).toBeLessThan(1e-6);
    expect(res.robust_se_log_hr).toBeGreaterThan(0);
  });
});
