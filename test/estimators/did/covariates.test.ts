import { describe, expect, it } from 'vitest';
import {
  type CellSums,
  type CovariateColumn,
  covariateTerms,
  didFromCellSums,
  didWithCovariates,
  levelsByFrequency,
  type PersonRows,
} from '../../../src/estimators/did/index.js';
import { bruteForceOls, numbersIn, uniform } from './helpers.js';

const CLUSTERS = ['101', '147', '151', '153', '157', '159', '161', '163'];

/**
 * 160 persons in 8 municipalities (0–3 comparison, 4–7 treated), each with
 * m = 1..5 person-weeks and k ≤ m weeks in the state; age (one missing) and
 * origin with dansk 6 in 10, vestlig and ikke-vestlig 2 in 10 each (one
 * dansk missing, so the two minor levels tie).
 */
function persons(seed = 5): PersonRows {
  const u = uniform(seed);
  const n = 160;
  const cluster = new Int32Array(n);
  const cell = new Uint8Array(n);
  const weight = new Float64Array(n);
  const sumY = new Float64Array(n);
  const age = new Float64Array(n);
  const origin: string[] = [];
  for (let i = 0; i < n; i++) {
    cluster[i] = i % 8;
    cell[i] = 2 * (cluster[i] >= 4 ? 1 : 0) + (Math.floor(i / 8) % 2);
    weight[i] = 1 + Math.floor(u() * 5);
    age[i] = 20 + Math.floor(u() * 40);
    const j = Math.floor(i / 16) % 10;
    origin.push(j < 6 ? 'dansk' : j < 8 ? 'vestlig' : 'ikke-vestlig');
    // The outcome depends on age and origin, so the adjustment matters.
    const p = Math.min(
      0.9,
      0.1 +
        0.005 * (age[i] - 20) +
        (origin[i] === 'vestlig' ? 0.1 : 0) +
        (cell[i] === 3 ? 0.1 : 0) +
        0.05 * (cluster[i] % 3),
    );
    for (let w = 0; w < weight[i]; w++) if (u() < p) sumY[i]++;
  }
  age[0] = NaN; // i = 0: dansk
  origin[1] = ''; // i = 1: dansk
  return {
    clusters: CLUSTERS,
    cluster,
    cell,
    weight,
    sumY,
    sumYY: sumY.slice(),
    covariates: [
      { name: 'alder', kind: 'numeric', values: age },
      { name: 'herkomst', kind: 'text', values: origin },
    ],
  };
}

function cellSumsOf(p: PersonRows): CellSums {
  const G = p.clusters.length;
  const s: CellSums = {
    clusters: p.clusters,
    n: new Float64Array(4 * G),
    sumY: new Float64Array(4 * G),
    sumYY: new Float64Array(4 * G),
  };
  for (let i = 0; i < p.cell.length; i++) {
    const j = 4 * p.cluster[i] + p.cell[i];
    s.n[j] += p.weight[i];
    s.sumY[j] += p.sumY[i];
    s.sumYY[j] += p.sumYY[i];
  }
  return s;
}

const close = (a: number | null, b: number | null, digits = 12) => {
  expect(a).not.toBeNull();
  expect(b).not.toBeNull();
  expect(Math.abs(a! - b!)).toBeLessThanOrEqual(10 ** -digits * Math.max(1, Math.abs(b!)));
};

describe('didWithCovariates', () => {
  it('without covariates equals didFromCellSums (0/1 outcome)', () => {
    const p = { ...persons(), covariates: [] };
    const a = didWithCovariates(p);
    const b = didFromCellSums(cellSumsOf(p));
    for (const f of ['estimate', 'se', 'ci_low', 'ci_high', 'p', 'se_naive'] as const)
      close(a[f], b[f]);
    expect(a.n).toBe(b.n);
    expect(a.clusters).toBe(b.clusters);
    expect(a.excluded_missing).toBe(0);
    expect(a.covariates).toEqual([]);
  });

  it('without covariates equals didFromCellSums (continuous outcome, Σy² ≠ Σy)', () => {
    const p = { ...persons(), covariates: [] };
    const u = uniform(8);
    for (let i = 0; i < p.weight.length; i++) {
      // m weekly hours values per person, summed here.
      let s = 0;
      let ss = 0;
      for (let w = 0; w < p.weight[i]; w++) {
        const h = Math.round(u() * 370) / 10;
        s += h;
        ss += h * h;
      }
      p.sumY[i] = s;
      p.sumYY[i] = ss;
    }
    const a = didWithCovariates(p);
    const b = didFromCellSums(cellSumsOf(p));
    for (const f of ['estimate', 'se', 'ci_low', 'ci_high', 'p', 'se_naive'] as const)
      close(a[f], b[f]);
  });

  it('with covariates equals brute-force OLS + CR1 on the expanded person-week rows', () => {
    const p = persons();
    const a = didWithCovariates(p);
    const age = (p.covariates[0] as { values: Float64Array }).values;
    const origin = (p.covariates[1] as { values: string[] }).values;
    // Reference level dansk; vestlig and ikke-vestlig tie at 32 persons each → alphabetical order.
    expect(a.covariates.map((c) => c.term)).toEqual([
      'alder',
      'herkomst=ikke-vestlig',
      'herkomst=vestlig',
    ]);
    const X: number[][] = [];
    const y: number[] = [];
    const cl: number[] = [];
    for (let i = 0; i < p.cell.length; i++) {
      if (Number.isNaN(age[i]) || origin[i] === '') continue;
      const c = p.cell[i];
      for (let w = 0; w < p.weight[i]; w++) {
        X.push([
          1,
          c >= 2 ? 1 : 0,
          c & 1,
          c === 3 ? 1 : 0,
          age[i],
          origin[i] === 'ikke-vestlig' ? 1 : 0,
          origin[i] === 'vestlig' ? 1 : 0,
        ]);
        y.push(w < p.sumY[i] ? 1 : 0);
        cl.push(p.cluster[i]);
      }
    }
    const ref = bruteForceOls(X, y, cl);
    close(a.estimate, ref.beta[3], 10);
    close(a.se, ref.se[3], 10);
    close(a.se_naive, ref.seHC0[3], 10);
    a.covariates.forEach((c, k) => {
      close(c.estimate, ref.beta[4 + k], 10);
      close(c.se, ref.se[4 + k], 10);
    });
    close(a.ci_high! - a.estimate!, 1.959963984540054 * ref.se[3], 10);
    expect(a.n).toBe(y.length);
    expect(a.clusters).toBe(8);
    expect(a.excluded_missing).toBe(2);
    expect(a.problem).toBeUndefined();
  });

  it(
    'counts only persons with person-weeks as excluded, and levels come ' +
      'from the persons in the model',
    () => {
      const p = persons();
      const origin = (p.covariates[1] as { values: string[] }).values;
      const age = (p.covariates[0] as { values: Float64Array }).values;
      origin[0] = 'grønlandsk'; // only on the person with missing age: not a level of the model
      p.weight[2] = 0; // no person-weeks …
      age[2] = NaN; // … so a missing value there excludes nobody
      p.sumY[2] = 0;
      const a = didWithCovariates(p);
      expect(a.excluded_missing).toBe(2);
      expect(a.covariates.map((c) => c.term)).toEqual([
        'alder',
        'herkomst=ikke-vestlig',
        'herkomst=vestlig',
      ]);
      expect(a.se).not.toBeNull();
    },
  );

  it('a text covariate with a single level adds no term and changes nothing', () => {
    const p = persons();
    const one: CovariateColumn = {
      name: 'land',
      kind: 'text',
      values: Array.from(p.cell, () => 'DK'),
    };
    const a = didWithCovariates({ ...p, covariates: [one] });
    const b = didFromCellSums(cellSumsOf(p));
    expect(a.covariates).toEqual([]);
    close(a.estimate, b.estimate);
    close(a.se, b.se);
  });

  it('a constant or duplicated covariate: no estimate, and the term is named', () => {
    const p = persons();
    const age = (p.covariates[0] as { values: Float64Array }).values;
    const constant = didWithCovariates({
      ...p,
      covariates: [
        { name: 'år', kind: 'numeric', values: new Float64Array(p.cell.length).fill(2017) },
      ],
    });
    expect(constant.estimate).toBeNull();
    expect(constant.problem).toMatch(/'år' is constant or a combination of the other terms/);
    const twice = didWithCovariates({
      ...p,
      covariates: [
        p.covariates[0],
        { name: 'alder2', kind: 'numeric', values: age.map((v) => 2 * v + 1) },
      ],
    });
    expect(twice.problem).toMatch(/'alder2'/);
    numbersIn(twice).forEach((v) => {
      expect(Number.isFinite(v)).toBe(true);
    });
  });

  it('degenerate: an empty cell, one treated municipality, an outcome that never varies', () => {
    const p = persons();
    const noTD = didWithCovariates({
      ...p,
      weight: p.weight.map((w, i) => (p.cell[i] === 3 ? 0 : w)),
    });
    expect(noTD.estimate).toBeNull();
    expect(noTD.problem).toMatch(/no treated·during observations/);
    // Only municipality 4 keeps its treated persons.
    const oneTreated = didWithCovariates({
      ...p,
      weight: p.weight.map((w, i) => (p.cluster[i] > 4 ? 0 : w)),
    });
    expect(oneTreated.estimate).not.toBeNull();
    expect(oneTreated.se).toBeNull();
    expect(oneTreated.problem).toMatch(/only one municipality has treated·before observations/);
    const zero = didWithCovariates({
      ...p,
      sumY: new Float64Array(p.cell.length),
      sumYY: new Float64Array(p.cell.length),
    });
    expect(zero.estimate).toBe(0);
    expect(zero.se).toBeNull();
    expect(zero.problem).toMatch(/fits every observation exactly/);
    for (const e of [noTD, oneTreated, zero])
      numbersIn(e).forEach((v) => {
        expect(Number.isFinite(v)).toBe(true);
      });
  });
});

describe('covariate terms', () => {
  it('reference = most frequent level, ties broken alphabetically', () => {
    expect(levelsByFrequency(['b', 'a', 'b', 'a', 'c', ''])).toEqual(['a', 'b', 'c']);
    expect(levelsByFrequency(['b', 'a', 'b', 'a', 'c'], Uint8Array.from([1, 0, 1, 1, 1]))).toEqual([
      'b',
      'a',
      'c',
    ]);
    const terms = covariateTerms([
      { name: 'x', kind: 'text', values: ['z', 'y', 'z', ''] },
      { name: 'v', kind: 'numeric', values: Float64Array.from([1, 2, NaN, 4]) },
    ]);
    expect(terms.map((t) => t.name)).toEqual(['x=y', 'v']);
    expect([0, 1, 2, 3].map((i) => terms[0].value(i))).toEqual([0, 1, 0, NaN]);
  });
});
