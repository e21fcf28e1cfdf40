/**
 * Calibration of preset brf against the published figures of Projekt Bedre
 * Ressourceforløb, with the statistics of src/simulate/calibrate.ts: they
 * are computed from the definitions (docs/definitions.md) on what a reader of
 * dream.csv sees (text codes, municipality, weeks, monthly hours), not from
 * the simulator's internal variables — the round-trip test below proves
 * that the file gives exactly the same numbers.
 *
 * Tolerances are about three times the spread of each statistic over seeds
 * at 20,000 persons (sampling error, municipality draws included; of seeds
 * 1–20, 17 pass every check, the others miss one by a little), so a failure
 * at the fixed seed means the process moved, not bad luck.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serialOfLabel } from '../../src/calendar/isoweek.js';
import {
  brfDesign,
  type CalibrationStats,
  CalibrationTally,
  calibrate,
  coxBreslowHazardRatio,
  resolveParams,
  simulateToFiles,
  trueEffect,
} from '../../src/simulate/index.js';
import { tmpFolder } from '../helpers/tmp.js';

const PERSONS = 20_000;
const SEED = 1;

/** value within published ± tolerance. */
const near = (value: number | null, target: number, tolerance: number) => {
  expect(value).not.toBeNull();
  expect(
    Math.abs((value as number) - target),
    `${value} vs ${target} ± ${tolerance}`,
  ).toBeLessThanOrEqual(tolerance);
};

describe('preset brf lands on the published figures (20,000 persons)', () => {
  const t0 = performance.now();
  const s = calibrate(resolveParams('brf', PERSONS, SEED));
  const ms = performance.now() - t0;

  it('runs in a few seconds', () => {
    expect(ms).toBeLessThan(120_000);
  });

  it('internship share at week 95: participants 14 % → 21 %, comparison 17 % → 14 %', () => {
    near(s.share('internship', 'treated.before', 95), 0.14, 0.035);
    near(s.share('internship', 'treated.during', 95), 0.21, 0.035);
    near(s.share('internship', 'comparison.before', 95), 0.17, 0.02);
    near(s.share('internship', 'comparison.during', 95), 0.14, 0.02);
  });

  it('internship effect about 10 pp at week 95, growing from about 3 pp in mid-2017', () => {
    near(s.did('internship', 95), 0.1, 0.05);
    near(s.did('internship', 26), 0.03, 0.035);
    expect(s.did('internship', 95)).toBeGreaterThan(s.did('internship', 26));
    near(s.pooled.internship, 0.09, 0.04);
  });

  it(
    'ordinary hours among all who started: 2.6 % → 3.3 % and 3.5 % → 3.1 %, ' +
      'effect about +1 pp; about 0 among those still in the programme',
    () => {
      near(s.share('hours', 'treated.before', 95), 0.026, 0.012);
      near(s.share('hours', 'treated.during', 95), 0.033, 0.01);
      near(s.share('hours', 'comparison.before', 95), 0.035, 0.011);
      near(s.share('hours', 'comparison.during', 95), 0.031, 0.006);
      near(s.pooled.hours, 0.01, 0.009);
      near(s.pooled.hoursInProgramme, 0, 0.007);
    },
  );

  it(
    'started an internship within 52 / 104 weeks: comparison 25 % / 40 % ' +
      '(both cohorts), participants during 30 % / 50 %',
    () => {
      for (const c of ['comparison.before', 'comparison.during'] as const) {
        near(s.survival[c].started52, 0.25, 0.025);
        near(s.survival[c].started104, 0.4, 0.055);
      }
      near(s.survival['treated.during'].started52, 0.3, 0.04);
      near(s.survival['treated.during'].started104, 0.5, 0.07);
    },
  );

  it('hazard ratio of treated·during about 1.61', () => {
    near(s.hazardRatio, 1.61, 0.3);
  });

  it(
    'per-municipality internship effects spread from a fall to a large gain ' +
      '(published −11 … +27 pp)',
    () => {
      const effects = Object.values(s.municipalities.internship);
      expect(effects).toHaveLength(17);
      near(Math.min(...effects), -0.11, 0.17);
      near(Math.max(...effects), 0.27, 0.17);
    },
  );

  it('about one person in ten has no start in an entry window (excluded by design)', () => {
    near(s.excluded / s.persons, 0.1, 0.04);
  });
});

describe('with the programme effect switched off', () => {
  const off = calibrate(resolveParams('brf', PERSONS, SEED, { effect: 0 }));
  const offSwitch = calibrate(resolveParams('brf', PERSONS, SEED, { programmeEffect: false }));

  it('effect: 0 and programmeEffect: false are the same process', () => {
    expect(off.pooled).toEqual(offSwitch.pooled);
    expect(off.hazardRatio).toBe(offSwitch.hazardRatio);
  });

  it('the internship DiD is about 0 (within sampling error) and the hazard ratio about 1', () => {
    near(off.pooled.internship, 0, 0.03);
    near(off.did('internship', 95), 0, 0.05);
    near(off.hazardRatio, 1, 0.25);
    near(off.pooled.hours, 0, 0.01);
  });

  it('the published checks would fail: no 10 pp effect, no HR of 1.61', () => {
    expect(off.did('internship', 95)).toBeLessThan(0.05);
    expect(off.hazardRatio).toBeLessThan(1.3);
    expect(off.survival['treated.during'].started104!).toBeLessThan(0.43);
  });
});

describe('the true effect, from each person with and without the effect', () => {
  const te = trueEffect(resolveParams('brf', PERSONS, SEED));

  it('comparison persons live the same life in both runs; only participants change', () => {
    for (const cell of [0, 1]) {
      // cells 0 and 1: comparison before and during
      expect(te.on.series.internship.events[cell]).toEqual(te.off.series.internship.events[cell]);
      expect(te.on.series.hours.events[cell]).toEqual(te.off.series.hours.events[cell]);
    }
    expect(te.on.survival['comparison.during']).toEqual(te.off.survival['comparison.during']);
    expect(te.on.survival['treated.during']).not.toEqual(te.off.survival['treated.during']);
  });

  it(
    'is about +10 pp on the internship share at week 95, about +1 pp on ' +
      'hours, 0 on hours in the programme',
    () => {
      near(te.weekly.internship[95], 0.1, 0.03);
      near(te.pooled.hours, 0.01, 0.005);
      near(te.pooled.hoursInProgramme, 0, 0.004);
    },
  );

  it(
    'DiD with the effect minus DiD without it equals the true effect (up to ' +
      'participants who start again in the project period)',
    () => {
      near(
        te.on.pooled.internship - te.didWithoutEffect.pooled.internship,
        te.pooled.internship,
        0.005,
      );
    },
  );
});

describe('the checker reads the file the same way as the memory', () => {
  it('statistics from dream.csv equal those from the generator', async () => {
    const p = resolveParams('brf', 3000, 9);
    const r = await simulateToFiles(p, path.join(tmpFolder('effekt-cal-'), 'brf'));
    const [header, ...rows] = readFileSync(r.csvPath, 'utf8').trimEnd().split('\n');
    const cols = header.split(',');
    const weekCols = cols.flatMap((c, i) => (c.startsWith('y_') ? [i] : []));
    const hourCols = cols.flatMap((c, i) => (c.startsWith('timer_') ? [i] : []));
    const first = /^y_(\d\d)(\d\d)$/.exec(cols[weekCols[0]])!;
    const fields = rows.map((row) => row.split(','));
    // The code table is whatever text the file holds, in order of appearance ('' = no benefit).
    const table = [...new Set(['', ...fields.flatMap((f) => weekCols.map((i) => f[i]))])];
    const fromFile = new CalibrationTally(brfDesign(p.treated), {
      firstWeek: serialOfLabel(`20${first[1]}-W${first[2]}`),
      weeks: weekCols.length,
      months: hourCols.map((i) => {
        const m = /^timer_(\d{4})_(\d\d)$/.exec(cols[i])!;
        return { year: Number(m[1]), month: Number(m[2]) };
      }),
      codeTable: table,
    });
    for (const f of fields) {
      fromFile.add(
        f[1],
        weekCols.map((i) => table.indexOf(f[i])),
        hourCols.map((i) => (f[i] === '' ? 0 : Number(f[i]))),
      );
    }
    const a: CalibrationStats = fromFile.result();
    const b = calibrate(p);
    expect(a.members).toEqual(b.members);
    expect(a.excluded).toBe(b.excluded);
    expect(a.series).toEqual(b.series);
    expect(a.survival).toEqual(b.survival);
    expect(a.hazardRatio).toBeCloseTo(b.hazardRatio, 12);
    expect(a.municipalities).toEqual(b.municipalities);
  });
});

describe('the Cox (Breslow) hazard ratio', () => {
  it('recovers a known ratio from proportional risk sets', () => {
    // Cells 0..3 with hazards 0.1, 0.1, 0.08, 0.08·1.5 in every week: the interaction HR is 1.5.
    const h = [0.1, 0.1, 0.08, 0.12];
    const atRisk = h.map(() => Array.from({ length: 20 }, (_, d) => 10_000 * 0.9 ** d));
    const events = h.map((x, c) => atRisk[c].map((n) => n * x));
    expect(coxBreslowHazardRatio(atRisk, events)).toBeCloseTo(1.5, 8);
  });
});
