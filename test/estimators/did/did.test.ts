import { describe, it, expect } from 'vitest';
import { Matrix, inverse } from 'ml-matrix';
import {
  didFromCellSums, wildClusterBootstrap, didWithCovariates, balanceTable, preTrend, perMunicipality, restrictedFit, mulberry32,
  type CellSums, type PersonRows,
} from '../../../src/estimators/did/index.js';
import { zCritical } from '../../../src/estimators/normal.js';

/** Cluster × cell sums from explicit observations [cluster, cell, y]. */
function fromObs(clusters: string[], obs: [number, number, number][]): CellSums {
  const s: CellSums = { clusters, n: new Float64Array(4 * clusters.length), sumY: new Float64Array(4 * clusters.length), sumYY: new Float64Array(4 * clusters.length) };
  for (const [g, c, y] of obs) {
    s.n[4 * g + c]++;
    s.sumY[4 * g + c] += y;
    s.sumYY[4 * g + c] += y * y;
  }
  return s;
}

/**
 * Brute-force OLS + CR1 on explicit rows with full matrices: an independent
 * reference implementation of the textbook formulas
 *   β = (X'X)⁻¹X'y,  V = G/(G−1)·(N−1)/(N−K)·(X'X)⁻¹ Σ_g X_g'e_g e_g'X_g (X'X)⁻¹.
 */
function bruteForce(X: number[][], y: number[], cluster: number[]) {
  const Xm = new Matrix(X);
  const inv = inverse(Xm.transpose().mmul(Xm));
  const beta = inv.mmul(Xm.transpose()).mmul(Matrix.columnVector(y));
  const e = y.map((v, i) => v - X[i].reduce((a, x, k) => a + x * beta.get(k, 0), 0));
  const K = X[0].length;
  const groups = [...new Set(cluster)];
  const meat = Matrix.zeros(K, K);
  for (const g of groups) {
    const s = new Array(K).fill(0);
    cluster.forEach((c, i) => {
      if (c === g) for (let k = 0; k < K; k++) s[k] += X[i][k] * e[i];
    });
    meat.add(Matrix.columnVector(s).mmul(Matrix.rowVector(s)));
  }
  const G = groups.length;
  const N = y.length;
  const V = inv.mmul(meat).mmul(inv).mul((G / (G - 1)) * ((N - 1) / (N - K)));
  return { beta: beta.to1DArray(), se: Array.from({ length: K }, (_, k) => Math.sqrt(V.get(k, k))) };
}

describe('didFromCellSums', () => {
  it('matches a brute-force OLS with clustered sandwich on a small example', () => {
    // 4 clusters, two of them treated; y values chosen by hand.
    const obs: [number, number, number][] = [
      [0, 0, 1], [0, 0, 0], [0, 1, 1], [0, 1, 1], [0, 1, 0],
      [1, 0, 0], [1, 1, 0], [1, 1, 1], [1, 0, 0],
      [2, 2, 1], [2, 2, 0], [2, 3, 1], [2, 3, 1],
      [3, 2, 0], [3, 3, 1], [3, 3, 0], [3, 2, 0], [3, 3, 1],
    ];
    const e = didFromCellSums(fromObs(['a', 'b', 'c', 'd'], obs));
    const X = obs.map(([, c]) => [1, c >= 2 ? 1 : 0, c & 1, c === 3 ? 1 : 0]);
    const ref = bruteForce(X, obs.map((o) => o[2]), obs.map((o) => o[0]));
    expect(e.estimate).toBeCloseTo(ref.beta[3], 12);
    expect(e.se).toBeCloseTo(ref.se[3], 12);
    // Cell means by hand: C·B 1/4, C·D 3/5, T·B 1/4, T·D 4/5 → d = 4/5 − 1/4 − 3/5 + 1/4 = 0.2
    expect(e.estimate).toBeCloseTo(0.2, 12);
    expect(e.ci_high! - e.estimate!).toBeCloseTo(zCritical(0.95) * e.se!, 12);
  });

  it('naive SE is the classical OLS SE', () => {
    const obs: [number, number, number][] = [];
    const r = mulberry32(3);
    for (let i = 0; i < 200; i++) obs.push([i % 6, (i >> 1) % 4 === 3 ? 3 : i % 4, r() % 3 === 0 ? 1 : 0]);
    const e = didFromCellSums(fromObs(['a', 'b', 'c', 'd', 'e', 'f'], obs));
    const X = new Matrix(obs.map(([, c]) => [1, c >= 2 ? 1 : 0, c & 1, c === 3 ? 1 : 0]));
    const y = obs.map((o) => o[2]);
    const inv = inverse(X.transpose().mmul(X));
    const beta = inv.mmul(X.transpose()).mmul(Matrix.columnVector(y));
    const resid = Matrix.columnVector(y).sub(X.mmul(beta));
    const sigma2 = resid.transpose().mmul(resid).get(0, 0) / (y.length - 4);
    expect(e.se_naive).toBeCloseTo(Math.sqrt(sigma2 * inv.get(3, 3)), 12);
  });

  it('degenerate input gives a reason, never NaN', () => {
    const noCell = didFromCellSums(fromObs(['a', 'b', 'c'], [[0, 0, 1], [0, 1, 0], [1, 2, 1], [2, 2, 1]]));
    expect(noCell.estimate).toBeNull();
    expect(noCell.problem).toMatch(/no treated·during observations/);
    const oneTreated = didFromCellSums(fromObs(['a', 'b', 'c'], [[0, 0, 1], [0, 1, 0], [1, 0, 1], [1, 1, 1], [2, 2, 1], [2, 3, 0]]));
    expect(oneTreated.estimate).toBeCloseTo(-1 - 0 - 0.5 + 1, 12);
    expect(oneTreated.se).toBeNull();
    expect(oneTreated.problem).toMatch(/only one participating municipality/);
    const allZero = didFromCellSums(fromObs(['a', 'b', 'c', 'd'], [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0], [2, 2, 0], [2, 3, 0], [3, 2, 0], [3, 3, 0]]));
    expect(allZero.estimate).toBe(0);
    expect(allZero.se).toBeNull();
    expect(allZero.problem).toMatch(/no variation/);
    for (const e of [noCell, oneTreated, allZero]) for (const v of Object.values(e)) expect(Number.isNaN(v)).toBe(false);
  });
});

describe('wild cluster bootstrap', () => {
  it('restricted fit is the no-interaction least-squares fit', () => {
    // With equal cell sizes the additive fit of means m is m_c − s_c·d/4.
    const m = [0.1, 0.3, 0.2, 0.6];
    const f = restrictedFit([10, 10, 10, 10], m);
    const d = m[3] - m[2] - m[1] + m[0];
    const s = [1, -1, -1, 1];
    f.forEach((v, c) => expect(v).toBeCloseTo(m[c] - (s[c] * d) / 4, 12));
  });

  it('is deterministic for a seed and enumerates exactly with few clusters', () => {
    const obs: [number, number, number][] = [];
    const r = mulberry32(11);
    for (let g = 0; g < 6; g++) for (let c = 0; c < 4; c++) for (let i = 0; i < 30; i++) {
      const treated = g >= 3;
      if ((c >= 2) !== treated) continue;
      obs.push([g, c, (r() % 100) < 20 + (c === 3 ? 25 : 0) + g * 3 ? 1 : 0]);
    }
    const s = fromObs(['a', 'b', 'c', 'd', 'e', 'f'], obs);
    const a = wildClusterBootstrap(s, { replications: 999, seed: 7 });
    const b = wildClusterBootstrap(s, { replications: 999, seed: 7 });
    expect(a).toEqual(b);
    // With 6 clusters the bootstrap p can take only multiples of 1/64 in expectation; it must
    // lie in [1/64 − noise, 1] and the interval must contain the estimate.
    const e = didFromCellSums(s);
    expect(a.ci_low!).toBeLessThan(e.estimate!);
    expect(a.ci_high!).toBeGreaterThan(e.estimate!);
    expect(a.p!).toBeGreaterThan(0);
  });
});

/** Simulated DiD with municipality shocks: 17 treated + 60 comparison municipalities. */
function simulateCells(seed: number, effect: number): CellSums {
  const rand = mulberry32(seed);
  const u = () => (rand() + 0.5) / 4294967296;
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const G = 77;
  const clusters = Array.from({ length: G }, (_, g) => `k${String(g).padStart(2, '0')}`);
  const s: CellSums = { clusters, n: new Float64Array(4 * G), sumY: new Float64Array(4 * G), sumYY: new Float64Array(4 * G) };
  for (let g = 0; g < G; g++) {
    const treated = g < 17 ? 1 : 0;
    const level = 0.15 + 0.04 * normal();
    for (const during of [0, 1]) {
      const shock = 0.03 * normal(); // municipality × cohort shock: what clustering must absorb
      const cell = 2 * treated + during;
      const p = Math.min(0.95, Math.max(0.01, level + 0.02 * during + shock + (cell === 3 ? effect : 0)));
      const n = 20 + (rand() % 60);
      let y = 0;
      for (let i = 0; i < n; i++) if (u() < p) y++;
      s.n[4 * g + cell] = n;
      s.sumY[4 * g + cell] = y;
      s.sumYY[4 * g + cell] = y;
    }
  }
  return s;
}

describe('coverage with a known effect (17 treated municipalities)', () => {
  it('CR1 and wild bootstrap 95 % intervals cover the truth about 95 % of the time', () => {
    const truth = 0.05;
    let cr1 = 0;
    let boot = 0;
    const R = 200;
    for (let rep = 0; rep < R; rep++) {
      const s = simulateCells(1000 + rep, truth);
      const e = didFromCellSums(s);
      if (e.ci_low! <= truth && truth <= e.ci_high!) cr1++;
      const b = wildClusterBootstrap(s, { replications: 199, seed: rep });
      if (b.ci_low! <= truth && truth <= b.ci_high!) boot++;
    }
    console.log(`coverage over ${R} replications: CR1 ${(cr1 / R).toFixed(3)}, wild bootstrap ${(boot / R).toFixed(3)}`);
    expect(cr1 / R).toBeGreaterThan(0.88);
    expect(cr1 / R).toBeLessThan(0.99);
    expect(boot / R).toBeGreaterThan(0.88);
    expect(boot / R).toBeLessThan(0.995);
  });
});

describe('covariate-adjusted DiD', () => {
  const rows = (): PersonRows => {
    const r = mulberry32(5);
    const n = 60;
    const cluster = new Int32Array(n);
    const cell = new Uint8Array(n);
    const weight = new Float64Array(n);
    const sumY = new Float64Array(n);
    const age = new Float64Array(n);
    const sex: string[] = [];
    for (let i = 0; i < n; i++) {
      cluster[i] = i % 6;
      const treated = cluster[i] >= 3 ? 1 : 0;
      cell[i] = 2 * treated + (i % 2);
      weight[i] = 1 + (r() % 4);
      sumY[i] = r() % (weight[i] + 1);
      age[i] = 20 + (r() % 40);
      sex.push(r() % 3 === 0 ? 'M' : 'K');
    }
    age[7] = NaN; // a missing covariate
    return { clusters: ['a', 'b', 'c', 'd', 'e', 'f'], cluster, cell, weight, sumY, sumYY: sumY.slice(), covariates: [{ name: 'alder', kind: 'numeric', values: age }, { name: 'koen', kind: 'text', values: sex }] };
  };

  it('without covariates equals the cell-sum estimator', () => {
    const p = { ...rows(), covariates: [] };
    const s: CellSums = { clusters: p.clusters, n: new Float64Array(24), sumY: new Float64Array(24), sumYY: new Float64Array(24) };
    for (let i = 0; i < p.cell.length; i++) {
      s.n[4 * p.cluster[i] + p.cell[i]] += p.weight[i];
      s.sumY[4 * p.cluster[i] + p.cell[i]] += p.sumY[i];
    }
    const a = didWithCovariates(p);
    const b = didFromCellSums(s);
    expect(a.estimate).toBeCloseTo(b.estimate!, 12);
    expect(a.se).toBeCloseTo(b.se!, 12);
  });

  it('matches brute-force OLS + CR1 on expanded person-week rows', () => {
    const p = rows();
    const a = didWithCovariates(p);
    expect(a.excluded_missing).toBe(1);
    // Expand each person into m person-weeks with y = 1 for the first sumY of them.
    const X: number[][] = [];
    const y: number[] = [];
    const cl: number[] = [];
    const age = (p.covariates[0] as { values: Float64Array }).values;
    const sex = (p.covariates[1] as { values: string[] }).values;
    // Reference level: the most frequent sex.
    const nK = sex.filter((s, i) => s === 'K' && !Number.isNaN(age[i])).length;
    const ref = nK >= (sex.length - 1) / 2 ? 'K' : 'M';
    for (let i = 0; i < p.cell.length; i++) {
      if (Number.isNaN(age[i])) continue;
      for (let w = 0; w < p.weight[i]; w++) {
        const c = p.cell[i];
        X.push([1, c >= 2 ? 1 : 0, c & 1, c === 3 ? 1 : 0, age[i], sex[i] === ref ? 0 : 1]);
        y.push(w < p.sumY[i] ? 1 : 0);
        cl.push(p.cluster[i]);
      }
    }
    const bf = bruteForce(X, y, cl);
    expect(a.estimate).toBeCloseTo(bf.beta[3], 10);
    expect(a.se).toBeCloseTo(bf.se[3], 10);
    expect(a.covariates[0].estimate).toBeCloseTo(bf.beta[4], 10);
    expect(a.covariates[1].se).toBeCloseTo(bf.se[5], 10);
    expect(a.n).toBe(y.length);
  });
});

describe('balance, pre-trend, municipalities', () => {
  it('balance: means and SMD by hand', () => {
    // Cells: 0 C·B ages 30, 40; 2 T·B ages 40, 50; 1 C·D 20; 3 T·D 60.
    const b = balanceTable({ cell: Uint8Array.from([0, 0, 2, 2, 1, 3]), covariates: [{ name: 'alder', kind: 'numeric', values: Float64Array.from([30, 40, 40, 50, 20, 60]) }, { name: 'koen', kind: 'text', values: ['K', 'M', 'K', 'K', 'M', ''] }] });
    expect(b[0].means).toEqual([35, 20, 45, 60]);
    // var = 50 in both before cells → SMD = 10 / sqrt(50) = 1.41421…
    expect(b[0].smd_before).toBeCloseTo(10 / Math.sqrt(50), 12);
    expect(b[0].smd_during).toBeNull(); // one person per cell: variance 0
    const k = b.find((r) => r.covariate === 'koen' && r.level === 'K')!;
    expect(k.means).toEqual([0.5, 0, 1, null]);
    // SMD for shares: (1 − 0.5) / sqrt((0 + 0.25)/2)
    expect(k.smd_before).toBeCloseTo(0.5 / Math.sqrt(0.125), 12);
  });

  it('pre-trend flags a diverging trend and passes a parallel one', () => {
    const mk = (drift: number) => {
      const weeks: CellSums[] = [];
      const clusters = Array.from({ length: 20 }, (_, g) => `k${g}`);
      const r = mulberry32(9);
      for (let t = 1; t <= 104; t++) {
        const s: CellSums = { clusters, n: new Float64Array(80), sumY: new Float64Array(80), sumYY: new Float64Array(80) };
        for (let g = 0; g < 20; g++) {
          const cell = g < 8 ? 2 : 0;
          const p = 0.2 + (cell === 2 ? drift * t : 0);
          let y = 0;
          for (let i = 0; i < 50; i++) if ((r() % 1000) / 1000 < p) y++;
          s.n[4 * g + cell] = 50;
          s.sumY[4 * g + cell] = y;
          s.sumYY[4 * g + cell] = y;
        }
        weeks.push(s);
      }
      return preTrend(weeks);
    };
    const flat = mk(0);
    expect(flat.early).toEqual([1, 26]);
    expect(flat.late).toEqual([27, 52]);
    expect(flat.passed).toBe(true);
    const drifting = mk(0.004);
    expect(drifting.passed).toBe(false);
    // Expected gap change: drift × (mean late week − mean early week) = 0.004 × 26 = 0.104
    expect(drifting.estimate!).toBeGreaterThan(0.07);
    expect(drifting.estimate!).toBeLessThan(0.14);
    expect(drifting.message).toMatch(/already drifting apart/);
  });

  it('per-municipality effect: each treated municipality against all comparison', () => {
    // cluster 0,1 comparison; 2,3 treated. Person rows: [cluster, cell, weeks, events]
    const data: [number, number, number, number][] = [
      [0, 0, 10, 2], [0, 1, 10, 3], [1, 0, 10, 2], [1, 1, 10, 1],
      [2, 2, 10, 1], [2, 2, 10, 3], [2, 3, 10, 6], [2, 3, 10, 4],
      [3, 2, 10, 5], [3, 3, 10, 5],
    ];
    const rows: PersonRows = {
      clusters: ['a', 'b', 'c', 'd'],
      cluster: Int32Array.from(data.map((d) => d[0])),
      cell: Uint8Array.from(data.map((d) => d[1])),
      weight: Float64Array.from(data.map((d) => d[2])),
      sumY: Float64Array.from(data.map((d) => d[3])),
      sumYY: Float64Array.from(data.map((d) => d[3])),
      covariates: [],
    };
    const m = perMunicipality(rows, [2, 3]);
    expect(m.map((x) => x.municipality)).toEqual(['c', 'd']);
    // Comparison: before 4/20, during 4/20 → change 0. c: before 4/20, during 10/20 → +0.3. d: 5/10 → 5/10 → 0.
    expect(m[0].estimate).toBeCloseTo(0.3, 12);
    expect(m[1].estimate).toBeCloseTo(0, 12);
    expect(m[0].persons).toBe(4);
    expect(m[0].se).not.toBeNull();
  });
});
