import { describe, it, expect } from 'vitest';
import { perMunicipality, type PersonRows } from '../../../src/estimators/did/index.js';
import { bruteForceOls, didRow, fromObs, numbersIn, type Obs } from './helpers.js';

// Comparison a, b, c (cells 0, 1); treated e (index 3) and d (index 4), labels deliberately out of order.
const LABELS = ['a', 'b', 'c', 'e', 'd'];
const OBS: Obs[] = [
  [0, 0, 1], [0, 0, 0], [0, 0, 0], [0, 0, 1], [0, 1, 1], [0, 1, 1], [0, 1, 0],
  [1, 0, 0], [1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1], [1, 1, 1], [1, 1, 1],
  [2, 0, 1], [2, 0, 0], [2, 1, 0], [2, 1, 0], [2, 1, 1],
  [3, 2, 1], [3, 2, 0], [3, 2, 0], [3, 3, 1], [3, 3, 1], [3, 3, 0], [3, 3, 1],
  [4, 2, 0], [4, 2, 0], [4, 3, 0], [4, 3, 1], [4, 3, 0],
];

describe('perMunicipality on cell sums (CR1)', () => {
  const s = fromObs(LABELS, OBS);
  const m = perMunicipality(s, [3, 4]);

  it('each treated municipality against all comparison municipalities, sorted by label', () => {
    expect(m.map((x) => x.municipality)).toEqual(['d', 'e']);
    // Comparison before 4/9, during 6/10; d: 0/2 → 1/3; e: 1/3 → 3/4.
    expect(m[0].estimate).toBeCloseTo(1 / 3 - 0 - 6 / 10 + 4 / 9, 14);
    expect(m[1].estimate).toBeCloseTo(3 / 4 - 1 / 3 - 6 / 10 + 4 / 9, 14);
    expect(m[1].cells).toEqual([{ n: 9, share: 4 / 9 }, { n: 10, share: 6 / 10 }, { n: 3, share: 1 / 3 }, { n: 4, share: 3 / 4 }]);
    expect(m[1].n).toBe(26);
    expect(m[1].clusters).toBe(4);
  });

  it('SE is brute-force OLS + CR1 on that municipality and the comparison municipalities', () => {
    for (const [k, g] of [[0, 4], [1, 3]]) {
      const sub = OBS.filter((o) => o[0] === g || o[0] < 3);
      const ref = bruteForceOls(sub.map((o) => didRow(o[1])), sub.map((o) => o[2]), sub.map((o) => o[0]));
      expect(m[k].estimate).toBeCloseTo(ref.beta[3], 12);
      expect(m[k].se! / ref.se[3]).toBeCloseTo(1, 12);
      expect(m[k].se_naive! / ref.seHC0[3]).toBeCloseTo(1, 12);
      expect(m[k].ci_high! - m[k].estimate!).toBeCloseTo(1.959963984540054 * ref.se[3], 12);
      expect(m[k].clustering).toBe('municipality');
      expect(m[k].note).toMatch(/understates/);
    }
  });

  it('labels work as well as indices; omitted means every cluster with treated observations; unknown labels get a reason', () => {
    expect(perMunicipality(s, ['d', 'e'])).toEqual(m);
    expect(perMunicipality(s)).toEqual(m);
    const u = perMunicipality(s, ['zzz', 'e']);
    expect(u.map((x) => x.municipality)).toEqual(['e', 'zzz']);
    expect(u[1].estimate).toBeNull();
    expect(u[1].problem).toBe('no observations from municipality zzz');
  });

  it('degenerate: an empty own cell, fewer than two comparison municipalities', () => {
    const noBefore = perMunicipality(fromObs(LABELS, OBS.filter((o) => !(o[0] === 4 && o[1] === 2))), [3, 4]);
    expect(noBefore[0].estimate).toBeNull();
    expect(noBefore[0].problem).toBe('no treated·before observations for municipality d');
    expect(noBefore[1].se).not.toBeNull();
    const oneComparison = perMunicipality(fromObs(LABELS, OBS.filter((o) => o[0] >= 2)), [3, 4]);
    expect(oneComparison[0].estimate).not.toBeNull();
    expect(oneComparison[0].se).toBeNull();
    expect(oneComparison[0].problem).toMatch(/fewer than two comparison municipalities/);
    for (const r of [...noBefore, ...oneComparison]) numbersIn(r).forEach((v) => expect(Number.isFinite(v)).toBe(true));
  });
});

describe('perMunicipality on person rows (persons as units on the treated side)', () => {
  // [cluster, cell, person-weeks, weeks in state]; a, b, e comparison; c, d treated.
  const data: [number, number, number, number][] = [
    [0, 0, 10, 2], [0, 1, 10, 3], [1, 0, 10, 2], [1, 1, 10, 1], [4, 0, 5, 2], [4, 1, 5, 1],
    [2, 2, 10, 1], [2, 2, 10, 3], [2, 3, 10, 6], [2, 3, 10, 4],
    [3, 2, 8, 4], [3, 2, 12, 6], [3, 3, 10, 5], [3, 3, 6, 1],
  ];
  const rows: PersonRows = {
    clusters: ['a', 'b', 'c', 'd', 'e'],
    cluster: Int32Array.from(data.map((d) => d[0])),
    cell: Uint8Array.from(data.map((d) => d[1])),
    weight: Float64Array.from(data.map((d) => d[2])),
    sumY: Float64Array.from(data.map((d) => d[3])),
    sumYY: Float64Array.from(data.map((d) => d[3])),
    covariates: [],
  };
  const m = perMunicipality(rows, [3, 2]);

  it('estimates by hand', () => {
    expect(m.map((x) => x.municipality)).toEqual(['c', 'd']);
    // Comparison 6/25 → 5/25; c: 4/20 → 10/20; d: 10/20 → 6/16.
    expect(m[0].estimate).toBeCloseTo(0.5 - 0.2 - 0.2 + 0.24, 14);
    expect(m[1].estimate).toBeCloseTo(0.375 - 0.5 - 0.2 + 0.24, 14);
    expect(m[0].persons).toBe(4);
    expect(m[0].n).toBe(90);
    expect(m[0].clustering).toBe('person-and-municipality');
  });

  it('SE is brute-force OLS + CR1 on person-weeks with the partition {its persons} ∪ {comparison municipalities}', () => {
    for (const [k, g] of [[0, 2], [1, 3]]) {
      const X: number[][] = [];
      const y: number[] = [];
      const cl: string[] = [];
      data.forEach(([h, c, weeks, events], i) => {
        if (h !== g && c >= 2) return;
        for (let w = 0; w < weeks; w++) {
          X.push(didRow(c));
          y.push(w < events ? 1 : 0);
          cl.push(c >= 2 ? `person ${i}` : `municipality ${h}`);
        }
      });
      const ref = bruteForceOls(X, y, cl);
      expect(m[k].estimate).toBeCloseTo(ref.beta[3], 12);
      expect(m[k].se! / ref.se[3]).toBeCloseTo(1, 12);
      expect(m[k].se_naive! / ref.seHC0[3]).toBeCloseTo(1, 12);
    }
  });
});

describe('perMunicipality: a person in both cohorts is one unit on the treated side', () => {
  // [cluster, cell, person-weeks, weeks in state, person]; a, b, e comparison; c treated.
  // Persons 10 and 11 of c are in both cohorts (a before row and a during row each).
  const data: [number, number, number, number, number][] = [
    [0, 0, 10, 2, 0], [0, 1, 10, 3, 1], [1, 0, 10, 2, 2], [1, 1, 10, 1, 3], [4, 0, 5, 2, 4], [4, 1, 5, 1, 5],
    [2, 2, 10, 1, 10], [2, 3, 10, 6, 10], [2, 2, 10, 3, 11], [2, 3, 8, 4, 11], [2, 2, 6, 1, 12], [2, 3, 7, 5, 13],
  ];
  const rows: PersonRows = {
    clusters: ['a', 'b', 'c', 'd', 'e'],
    cluster: Int32Array.from(data.map((d) => d[0])),
    cell: Uint8Array.from(data.map((d) => d[1])),
    weight: Float64Array.from(data.map((d) => d[2])),
    sumY: Float64Array.from(data.map((d) => d[3])),
    sumYY: Float64Array.from(data.map((d) => d[3])),
    person: Int32Array.from(data.map((d) => d[4])),
    covariates: [],
  };
  const [m] = perMunicipality(rows, [2]);

  it('persons counts distinct persons; the SE is brute-force CR1 with one cluster per person', () => {
    expect(m.persons).toBe(4);
    expect(m.clusters).toBe(4 + 3);
    const X: number[][] = [];
    const y: number[] = [];
    const cl: string[] = [];
    for (const [h, c, weeks, events, person] of data) {
      for (let w = 0; w < weeks; w++) {
        X.push(didRow(c));
        y.push(w < events ? 1 : 0);
        cl.push(c >= 2 ? `person ${person}` : `municipality ${h}`);
      }
    }
    const ref = bruteForceOls(X, y, cl);
    expect(m.estimate).toBeCloseTo(ref.beta[3], 12);
    expect(m.se! / ref.se[3]).toBeCloseTo(1, 12);
    // Counting memberships as units gives a different (wrong) answer: the test can tell them apart.
    const asMemberships = perMunicipality({ ...rows, person: undefined }, [2])[0];
    expect(Math.abs(asMemberships.se! / ref.se[3] - 1)).toBeGreaterThan(1e-3);
    expect(asMemberships.persons).toBe(6);
  });
});
