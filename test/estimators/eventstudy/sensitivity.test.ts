/**
 * The relative-magnitudes sensitivity against R (test/fixtures/reference/
 * event-study/sensitivity.R: the event study recomputed from dream.csv, the
 * worst-case bias as an Rglpk linear program, the breakdown value by grid and
 * uniroot) and against a case derived by hand.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type EventStudyEstimate,
  estimateEventStudy,
  relativeMagnitudes,
} from '../../../src/estimators/eventstudy/index.js';
import { zCritical } from '../../../src/estimators/normal.js';
import { computeEventStudyData } from '../../../src/outcomes/eventstudy.js';
import { readForSpec } from '../../../src/pipeline/read.js';
import { compileSpec } from '../../../src/spec/compile.js';
import { loadSpec } from '../../../src/spec/spec.js';
import { fixturesDir } from '../../helpers/tmp.js';

const dir = path.join(fixturesDir, 'event-study');

describe('relative-magnitudes sensitivity reproduces R (event-study fixture)', () => {
  const byOutcome: Record<string, EventStudyEstimate> = {};
  beforeAll(async () => {
    const spec = loadSpec(path.join(dir, 'spec.json'));
    const x = await readForSpec(spec);
    const data = computeEventStudyData(x, compileSpec(spec, x), spec.eventStudy!);
    for (const o of data.outcomes)
      byOutcome[o.outcome.id] = estimateEventStudy(
        {
          clusters: data.clusters,
          startPeriod: data.startPeriod,
          periods: spec.eventStudy!.entry.periods,
          used: data.periods.map((p) => p.used),
          persons: data.persons,
          n: o.n,
          sumY: o.sumY,
        },
        { comparison: 'never-treated', level: 0.95, bootstrap: 0, seed: 1 },
      );
  });

  it('every figure to 1e-8 relative', () => {
    const rows = readFileSync(path.join(dir, 'sensitivity-r.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => /^"([^"]+)",(.*)$/.exec(l)!);
    expect(rows.length).toBe(24);
    for (const [, key, value] of rows) {
      const want = Number(value);
      const [, id, part, field] = /^([^.]+)\.([a-z]+)\.(.+)$/.exec(key)!;
      const est = byOutcome[id];
      let got: number | null;
      if (part === 'overall') got = est.overall[field as 'estimate' | 'se'];
      else {
        const m = /^robust\[mbar:([0-9.]+)\]\.(ci_low|ci_high)$/.exec(field);
        const s = est.sensitivity;
        got = m
          ? s.robust.find((r) => r.mbar === Number(m[1]))![m[2] as 'ci_low' | 'ci_high']
          : (s[field as 'mbar'] as number | null);
      }
      expect(got, key).not.toBeNull();
      expect(Math.abs(got! - want), key).toBeLessThan(1e-8 * Math.max(Math.abs(want), 1e-3));
    }
    expect(byOutcome.internship.sensitivity.bias80).toBe(byOutcome.internship.pretest.bias80);
  });
});

describe('relative-magnitudes sensitivity by hand', () => {
  // Pre-period β(−3) = 0.02, β(−2) = −0.01 (β(−1) = 0); post β(0), β(1) with weights ½, ½.
  // Steps: −0.01 − 0.02 = −0.03 and 0 − (−0.01) = 0.01, so D = 0.03. Λ = ½·1 + ½·2 = 1.5.
  // Independent estimates (diagonal V): var 1e-4 each; θ̂ = 0.10 with var 1e-4.
  const v = 1e-4;
  const V = [
    [v, 0, 0, 0, 0],
    [0, v, 0, 0, 0],
    [0, 0, v, 0, 0],
    [0, 0, 0, v, 0],
    [0, 0, 0, 0, v],
  ];
  const inp = {
    e: [-3, -2, 0, 1],
    beta: [0.02, -0.01, 0.1, 0.1],
    V,
    theta: 0.1,
    weights: [0, 0, 0.5, 0.5],
    level: 0.95,
  };
  const s = relativeMagnitudes(inp, 0.07);
  const z = zCritical(0.95);

  it('D, Λ and the identified-set breakdown', () => {
    expect(s.max_pre_step).toBeCloseTo(0.03, 15);
    expect(s.lead).toBeCloseTo(1.5, 15);
    expect(s.mbar_identified).toBeCloseTo(0.1 / (0.03 * 1.5), 12);
    expect(s.bias80).toBe(0.07);
  });

  it('the breakdown value solves the lower end = 0 on the largest step', () => {
    // Piece (s = step −3→−2, σ = −1): w = 0.03, Var(w) = 2v (two independent β), Cov(θ̂, w) = 0.
    // Lower end 0.1 − m·0.03 − z·sqrt(v + 2v·m²) = 0, m = M̄·1.5: solve the quadratic by hand.
    // (0.1 − 0.03m)² = z²v(1 + 2m²) → (0.0009 − 2z²v)m² − 0.006m + (0.01 − z²v) = 0, smaller root.
    const a = 0.0009 - 2 * z * z * v;
    const b = -0.006;
    const c = 0.01 - z * z * v;
    const m = (-b - Math.sqrt(b * b - 4 * a * c)) / (2 * a);
    // The other step (w = 0.01) needs a larger m: 0.1 − 0.01m − z·sqrt(v(1 + m²)) > 0 at this m.
    expect(0.1 - 0.01 * m - z * Math.sqrt(v * (1 + m * m))).toBeGreaterThan(0);
    expect(s.mbar).toBeCloseTo(m / 1.5, 12);
    // At the breakdown value the robust interval's lower end is 0.
    const at = relativeMagnitudes({ ...inp, at: [s.mbar!] }, null).robust[0];
    expect(at.ci_low!).toBeCloseTo(0, 12);
  });

  it('M̄ = 0 gives the ordinary interval; an insignificant effect breaks down at 0', () => {
    const r0 = relativeMagnitudes({ ...inp, at: [0] }, null).robust[0];
    expect(r0.ci_low).toBeCloseTo(0.1 - z * 0.01, 14);
    expect(r0.ci_high).toBeCloseTo(0.1 + z * 0.01, 14);
    expect(relativeMagnitudes({ ...inp, theta: 0.015 }, null).mbar).toBe(0);
  });

  it('a gap in the pre-periods is a problem, not a number', () => {
    const g = relativeMagnitudes({ ...inp, e: [-4, -2, 0, 1] }, null);
    expect(g.mbar).toBeNull();
    expect(g.problem).toMatch(/event time -3|event time −3/);
  });
});
