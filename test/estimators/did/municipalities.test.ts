import { describe, expect, it } from 'vitest';
import { type PersonRows, perMunicipality } from '../../../src/estimators/did/index.js';
import { bruteForceOls, didRow, numbersIn } from './helpers.js';

describe('perMunicipality on person rows (persons as units on the treated side)', () => {
  // [cluster, cell, person-weeks, weeks in state]; a, b, e comparison; c, d treated.
  type Row = [number, number, number, number];
  const data: Row[] = [
    [0, 0, 10, 2],
    [0, 1, 10, 3],
    [1, 0, 10, 2],
    [1, 1, 10, 1],
    [4, 0, 5, 2],
    [4, 1, 5, 1],
    [2, 2, 10, 1],
    [2, 2, 10, 3],
    [2, 3, 10, 6],
    [2, 3, 10, 4],
    [3, 2, 8, 4],
    [3, 2, 12, 6],
    [3, 3, 10, 5],
    [3, 3, 6, 1],
  ];
  const toRows = (d: Row[]): PersonRows => ({
    clusters: ['a', 'b', 'c', 'd', 'e'],
    cluster: Int32Array.from(d.map((r) => r[0])),
    cell: Uint8Array.from(d.map((r) => r[1])),
    weight: Float64Array.from(d.map((r) => r[2])),
    sumY: Float64Array.from(d.map((r) => r[3])),
    sumYY: Float64Array.from(d.map((r) => r[3])),
    covariates: [],
  });
  const rows = toRows(data);
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

  it(
    'SE is brute-force OLS + CR1 on person-weeks with the partition {its ' +
      'persons} ∪ {comparison municipalities}',
    () => {
      for (const [k, g] of [
        [0, 2],
        [1, 3],
      ]) {
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
    },
  );

  it(
    'labels work as well as indices; omitted means every cluster with ' +
      'treated observations; unknown labels get a reason',
    () => {
      expect(perMunicipality(rows, ['d', 'c'])).toEqual(m);
      expect(perMunicipality(rows)).toEqual(m);
      const u = perMunicipality(rows, ['zzz', 'c']);
      expect(u.map((x) => x.municipality)).toEqual(['c', 'zzz']);
      expect(u[1].estimate).toBeNull();
      expect(u[1].problem).toBe('no observations from municipality zzz');
    },
  );

  it('degenerate: an empty own cell, fewer than two comparison municipalities', () => {
    const noBefore = perMunicipality(
      toRows(data.filter((r) => !(r[0] === 3 && r[1] === 2))),
      [2, 3],
    );
    expect(noBefore.map((x) => x.municipality)).toEqual(['c', 'd']);
    expect(noBefore[1].estimate).toBeNull();
    expect(noBefore[1].problem).toBe('no treated·before observations for municipality d');
    expect(noBefore[0].se).not.toBeNull();
    const oneComparison = perMunicipality(
      toRows(data.filter((r) => r[0] !== 1 && r[0] !== 4)),
      [2, 3],
    );
    expect(oneComparison[0].estimate).not.toBeNull();
    expect(oneComparison[0].se).toBeNull();
    expect(oneComparison[0].problem).toMatch(/fewer than two comparison municipalities/);
    for (const r of [...noBefore, ...oneComparison])
      numbersIn(r).forEach((v) => {
        expect(Number.isFinite(v)).toBe(true);
      });
  });
});

describe('perMunicipality: a person in both cohorts is one unit on the treated side', () => {
  // [cluster, cell, person-weeks, weeks in state, person]; a, b, e comparison; c treated.
  // Persons 10 and 11 of c are in both cohorts (a before row and a during row each).
  const data: [number, number, number, number, number][] = [
    [0, 0, 10, 2, 0],
    [0, 1, 10, 3, 1],
    [1, 0, 10, 2, 2],
    [1, 1, 10, 1, 3],
    [4, 0, 5, 2, 4],
    [4, 1, 5, 1, 5],
    [2, 2, 10, 1, 10],
    [2, 3, 10, 6, 10],
    [2, 2, 10, 3, 11],
    [2, 3, 8, 4, 11],
    [2, 2, 6, 1, 12],
    [2, 3, 7, 5, 13],
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

  it(
    'persons counts distinct persons; the SE is brute-force CR1 with one ' + 'cluster per person',
    () => {
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
    },
  );
});
