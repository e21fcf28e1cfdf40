import { describe, expect, it } from 'vitest';
import {
  type CellSums,
  clusterCounts,
  cr1Factor,
  didFromCellSums,
} from '../../../src/estimators/did/index.js';
import { normalCdf } from '../../../src/estimators/normal.js';
import { bruteForceOls, didRow, fromObs, numbersIn, type Obs, uniform } from './helpers.js';

const Z95 = 1.959963984540054; // qnorm(0.975)

/**
 * 3 comparison municipalities (a, b, c: cells 0, 1) and 3 treated (d, e, f: cells 2, 3); 0/1
 * outcomes chosen by hand.
 */
const HAND: Obs[] = [
  [0, 0, 1],
  [0, 0, 0],
  [0, 1, 1],
  [0, 1, 1],
  [0, 1, 0],
  [1, 0, 0],
  [1, 0, 0],
  [1, 1, 0],
  [1, 1, 1],
  [2, 0, 1],
  [2, 0, 0],
  [2, 1, 0],
  [3, 2, 1],
  [3, 2, 0],
  [3, 3, 1],
  [3, 3, 1],
  [4, 2, 0],
  [4, 2, 0],
  [4, 3, 1],
  [4, 3, 0],
  [4, 3, 1],
  [5, 2, 1],
  [5, 3, 1],
];

describe('didFromCellSums', () => {
  const s = fromObs(['a', 'b', 'c', 'd', 'e', 'f'], HAND);
  const e = didFromCellSums(s);

  it('estimate is the difference of the four cell means (by hand)', () => {
    // C·B 2/6, C·D 3/6, T·B 2/5, T·D 5/6 → d = 5/6 − 2/5 − 3/6 + 2/6 = 4/15
    expect(e.estimate).toBeCloseTo(4 / 15, 14);
    expect(e.cells).toEqual([
      { n: 6, share: 2 / 6 },
      { n: 6, share: 3 / 6 },
      { n: 5, share: 2 / 5 },
      { n: 6, share: 5 / 6 },
    ]);
    expect(e.n).toBe(23);
    expect(e.clusters).toBe(6);
  });

  it('CR1 standard error equals brute-force OLS with the clustered sandwich', () => {
    const ref = bruteForceOls(
      HAND.map((o) => didRow(o[1])),
      HAND.map((o) => o[2]),
      HAND.map((o) => o[0]),
    );
    expect(e.estimate).toBeCloseTo(ref.beta[3], 12);
    expect(e.se).toBeCloseTo(ref.se[3], 12);
  });

  it('interval is estimate ± qnorm(0.975)·SE and p is two-sided normal', () => {
    expect(e.ci_low).toBeCloseTo(e.estimate! - Z95 * e.se!, 12);
    expect(e.ci_high).toBeCloseTo(e.estimate! + Z95 * e.se!, 12);
    expect(e.p).toBeCloseTo(2 * (1 - normalCdf(Math.abs(e.estimate! / e.se!))), 12);
    const e90 = didFromCellSums(s, 0.9);
    expect(e90.ci_high! - e90.estimate!).toBeCloseTo(1.6448536269514722 * e.se!, 12); // qnorm(0.95)
  });

  it('se_naive is sqrt(Σ p(1 − p)/n) over the cells, the unclustered HC0 SE', () => {
    const cells = [
      [2, 6],
      [3, 6],
      [2, 5],
      [5, 6],
    ];
    const byHand = Math.sqrt(cells.reduce((a, [k, n]) => a + ((k / n) * (1 - k / n)) / n, 0));
    expect(e.se_naive).toBeCloseTo(byHand, 14);
    const ref = bruteForceOls(
      HAND.map((o) => didRow(o[1])),
      HAND.map((o) => o[2]),
      HAND.map((o) => o[0]),
    );
    expect(e.se_naive).toBeCloseTo(ref.seHC0[3], 12);
  });

  it('matches brute force on unbalanced data with a continuous outcome and mixed clusters', () => {
    const u = uniform(17);
    const obs: Obs[] = [];
    for (let i = 0; i < 400; i++) {
      const g = Math.floor(u() * 9);
      const c = Math.floor(u() * 4);
      // hours-like, not 0/1: Σy² ≠ Σy
      obs.push([g, c, Math.round(u() * 37 * (1 + g / 10) * 10) / 10]);
    }
    const r = didFromCellSums(
      fromObs(['101', '147', '151', '153', '155', '157', '159', '161', '163'], obs),
    );
    const ref = bruteForceOls(
      obs.map((o) => didRow(o[1])),
      obs.map((o) => o[2]),
      obs.map((o) => o[0]),
    );
    expect(r.estimate).toBeCloseTo(ref.beta[3], 10);
    expect(r.se! / ref.se[3]).toBeCloseTo(1, 12);
    expect(r.se_naive! / ref.seHC0[3]).toBeCloseTo(1, 12);
    expect(r.n).toBe(400);
  });

  it('the CR1 factor is G/(G−1)·(N−1)/(N−K)', () => {
    expect(cr1Factor(30, 36489)).toBeCloseTo((30 / 29) * (36488 / 36485), 15);
    expect(cr1Factor(5, 100, 7)).toBeCloseTo((5 / 4) * (99 / 93), 15);
  });

  it('clusters counts only clusters with observations', () => {
    const t = fromObs(
      ['a', 'b', 'c', 'd', 'unused'],
      HAND.filter((o) => o[0] < 4),
    );
    expect(clusterCounts(t)).toEqual({ all: 4, treated: 1, comparison: 3, perCell: [3, 3, 1, 1] });
  });

  it('rejects arrays of the wrong length (a programming error)', () => {
    const bad: CellSums = {
      clusters: ['a', 'b'],
      n: new Float64Array(4),
      sumY: new Float64Array(4),
      sumYY: new Float64Array(4),
    };
    expect(() => didFromCellSums(bad)).toThrow(/length 4·G = 8/);
  });
});

describe('didFromCellSums on degenerate input: null and a reason, never NaN', () => {
  const noNaN = (e: object) =>
    numbersIn(e).forEach((v) => {
      expect(Number.isFinite(v)).toBe(true);
    });

  it('an empty cell: no estimate, names the cell and the week', () => {
    const e = didFromCellSums(
      fromObs(
        ['a', 'b', 'c', 'd'],
        [
          [0, 0, 1],
          [0, 1, 0],
          [1, 0, 0],
          [1, 1, 1],
          [2, 3, 1],
          [3, 3, 0],
        ],
      ),
      0.95,
      'in week 12',
    );
    expect(e.estimate).toBeNull();
    expect(e.se).toBeNull();
    expect(e.problem).toBe('no treated·before observations in week 12');
    expect(e.cells[2]).toEqual({ n: 0, share: null });
    noNaN(e);
  });

  it('one treated municipality: the estimate, but no clustered SE', () => {
    // Its residuals sum to 0 in each of its cells: CR1 would see none of its variation.
    const obs: Obs[] = [
      [0, 0, 1],
      [0, 0, 0],
      [0, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
      [2, 2, 0],
      [2, 3, 0],
      [2, 3, 1],
      [2, 3, 1],
    ];
    const e = didFromCellSums(fromObs(['a', 'b', 'c'], obs));
    // C·B 2/3, C·D 1/3, T·B 1/2, T·D 2/3
    expect(e.estimate).toBeCloseTo(2 / 3 - 1 / 2 - 1 / 3 + 2 / 3, 14);
    expect(e.se).toBeNull();
    expect(e.ci_low).toBeNull();
    expect(e.p).toBeNull();
    expect(e.problem).toMatch(/^only one municipality has treated observations/);
    expect(e.se_naive).not.toBeNull();
    noNaN(e);
  });

  it('one comparison municipality, and one municipality in a single cell', () => {
    const one = didFromCellSums(
      fromObs(
        ['a', 'b', 'c'],
        [
          [0, 0, 1],
          [0, 1, 0],
          [0, 0, 0],
          [1, 2, 1],
          [1, 3, 0],
          [2, 2, 0],
          [2, 3, 1],
        ],
      ),
    );
    expect(one.problem).toMatch(/^only one municipality has comparison observations/);
    const cell = didFromCellSums(
      fromObs(
        ['a', 'b', 'c', 'd'],
        [
          [0, 0, 1],
          [0, 1, 0],
          [1, 0, 0],
          [1, 1, 1],
          [2, 2, 1],
          [2, 3, 0],
          [3, 3, 1],
          [3, 3, 0],
        ],
      ),
    );
    expect(cell.problem).toMatch(/^only one municipality has treated·before observations/);
    expect(cell.se).toBeNull();
  });

  it('one municipality overall', () => {
    const e = didFromCellSums(
      fromObs(
        ['a'],
        [
          [0, 0, 1],
          [0, 1, 0],
          [0, 2, 1],
          [0, 3, 1],
          [0, 3, 0],
        ],
      ),
    );
    expect(e.estimate).toBeCloseTo(0.5 - 1 - 0 + 1, 14);
    expect(e.se).toBeNull();
    expect(e.clusters).toBe(1);
    expect(e.problem).toMatch(/^only one municipality has observations/);
    noNaN(e);
  });

  it('all outcomes 0: estimate 0, no SE (it would be 0)', () => {
    const obs: Obs[] = [];
    for (let g = 0; g < 4; g++)
      for (const c of g < 2 ? [0, 1] : [2, 3]) obs.push([g, c, 0], [g, c, 0]);
    const e = didFromCellSums(fromObs(['a', 'b', 'c', 'd'], obs));
    expect(e.estimate).toBe(0);
    expect(e.se).toBeNull();
    expect(e.se_naive).toBeNull();
    expect(e.problem).toMatch(/does not vary within any cell/);
    noNaN(e);
  });

  it('a constant non-integer outcome: rounding noise is not variation', () => {
    const obs: Obs[] = [];
    for (let g = 0; g < 4; g++)
      for (const c of g < 2 ? [0, 1] : [2, 3]) for (let i = 0; i < 7; i++) obs.push([g, c, 0.3]);
    const e = didFromCellSums(fromObs(['a', 'b', 'c', 'd'], obs));
    expect(Math.abs(e.estimate!)).toBeLessThan(1e-15);
    expect(e.se).toBeNull();
    expect(e.problem).toMatch(/does not vary/);
  });

  it('every municipality has the same cell means: zero clustered variance', () => {
    const obs: Obs[] = [];
    for (let g = 0; g < 4; g++)
      for (const c of g < 2 ? [0, 1] : [2, 3]) obs.push([g, c, 0], [g, c, 1]);
    const e = didFromCellSums(fromObs(['a', 'b', 'c', 'd'], obs));
    expect(e.estimate).toBe(0);
    expect(e.se_naive).toBeCloseTo(Math.sqrt(4 * (0.25 / 4)), 14);
    expect(e.se).toBeNull();
    expect(e.problem).toMatch(/clustered variance is zero/);
  });
});
