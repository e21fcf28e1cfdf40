import { describe, it, expect } from 'vitest';
import { preTrend, type CellSums } from '../../../src/estimators/did/index.js';
import { normalCdf } from '../../../src/estimators/normal.js';

const G = 20; // clusters 0–7 treated, 8–19 comparison
const PER = 50; // persons per cluster and week
const A = 0.01; // municipality × half shock

/**
 * Weekly sums of a before cohort over `weeks` weeks. Share in week t:
 * 0.2 + drift·t for treated (0.2 for comparison) + a shock ±A per
 * municipality that flips sign between the halves of weeks 1–52 and
 * averages 0 within each group; treated shares jump by `later` after week 52.
 */
function beforeCohort(drift: number, later = 0, weeks = 104): CellSums[] {
  const clusters = Array.from({ length: G }, (_, g) => `k${g}`);
  return Array.from({ length: weeks }, (_, i) => {
    const t = i + 1;
    const s: CellSums = { clusters, n: new Float64Array(4 * G), sumY: new Float64Array(4 * G), sumYY: new Float64Array(4 * G) };
    for (let g = 0; g < G; g++) {
      const treated = g < 8;
      const cell = treated ? 2 : 0;
      const sign = g % 2 === 0 ? 1 : -1;
      const p = 0.2 + (treated ? drift * t + (t > 52 ? later : 0) : 0) + (t <= 26 ? A * sign : -A * sign);
      s.n[4 * g + cell] = PER;
      s.sumY[4 * g + cell] = PER * p;
      s.sumYY[4 * g + cell] = PER * p; // 0/1 outcome: Σy² = Σy
      // The during cells are not the before cohort's and must be ignored.
      s.n[4 * g + cell + 1] = 7;
      s.sumY[4 * g + cell + 1] = treated ? 7 : 0;
      s.sumYY[4 * g + cell + 1] = treated ? 7 : 0;
    }
    return s;
  });
}

/*
 * By hand, for the default window (weeks 1–52, early 1–26, late 27–52):
 * estimate = drift·(mean late week − mean early week) = drift·(39.5 − 13.5) = 26·drift.
 * Scores: comparison municipality ±A·(2·1300/15600) = ±A/6, treated ∓A·(2·1300/10400) = ∓A/4,
 * Σu² = 12·A²/36 + 8·A²/16 = 5A²/6; N = 20·52·50 = 52000, CR1 factor 20/19 · 51999/51996.
 */
const SE = Math.sqrt((20 / 19) * (51999 / 51996) * ((5 * A * A) / 6));
const pOf = (z: number) => 2 * (1 - normalCdf(Math.abs(z)));

describe('preTrend', () => {
  it('parallel enough: estimate, SE and p by hand, passed', () => {
    const r = preTrend(beforeCohort(0.0002, 0.3));
    expect(r.weeks).toEqual([1, 52]);
    expect(r.early).toEqual([1, 26]);
    expect(r.late).toEqual([27, 52]);
    expect(r.estimate).toBeCloseTo(26 * 0.0002, 13);
    expect(r.se! / SE).toBeCloseTo(1, 12);
    expect(r.p).toBeCloseTo(pOf((26 * 0.0002) / SE), 10);
    expect(r.n).toBe(52000);
    expect(r.clusters).toBe(20);
    expect(r.passed).toBe(true); // the jump after week 52 is outside the default window
    expect(r.message).toMatch(/^No sign of diverging trends/);
  });

  it('a differential trend fails', () => {
    const r = preTrend(beforeCohort(0.002));
    expect(r.estimate).toBeCloseTo(26 * 0.002, 13);
    expect(r.se! / SE).toBeCloseTo(1, 12);
    expect(r.p!).toBeLessThan(0.001);
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/^Warning: participants and comparison were already drifting apart.*gap changed by 5\.2 pp/);
  });

  it('an explicit window sees what the default leaves out', () => {
    const r = preTrend(beforeCohort(0, 0.3), 0.95, [1, 104]);
    expect(r.early).toEqual([1, 52]);
    expect(r.late).toEqual([53, 104]);
    expect(r.estimate).toBeCloseTo(0.3, 12);
    expect(r.passed).toBe(false);
  });

  it('cannot be computed: too few weeks, a window outside the data, one treated municipality', () => {
    expect(preTrend(beforeCohort(0, 0, 3)).message).toMatch(/too few calendar weeks/);
    expect(preTrend(beforeCohort(0, 0, 3)).passed).toBeNull();
    expect(preTrend(beforeCohort(0), 0.95, [0, 10]).message).toMatch(/not within the before cohort's weeks 1–104/);
    const weeks = beforeCohort(0.001);
    for (const s of weeks) for (let g = 1; g < 8; g++) s.n[4 * g + 2] = s.sumY[4 * g + 2] = s.sumYY[4 * g + 2] = 0;
    const r = preTrend(weeks);
    expect(r.estimate).toBeNull();
    expect(r.passed).toBeNull();
    expect(r.message).toBe('The pre-trend check could not be computed: only one municipality has treated observations: a municipality-clustered standard error would ignore that municipality\'s own variation.');
  });
});
