/**
 * Coverage of the 95 % intervals with a known effect in the reference
 * design: 17 treated and 60 comparison municipalities of varying size, a
 * municipality random effect (level) and a municipality × cohort random
 * effect (the shock that clustering must absorb), 0/1 outcomes, aggregated
 * straight into cluster × cell sums.
 */
import { describe, expect, it } from 'vitest';
import {
  type CellSums,
  didFromCellSums,
  wildClusterBootstrap,
} from '../../../src/estimators/did/index.js';
import { normal, uniform } from './helpers.js';

const TREATED = 17;
const COMPARISON = 60;
const TRUTH = 0.05;

function simulate(seed: number): CellSums {
  const u = uniform(seed);
  const z = normal(u);
  const G = TREATED + COMPARISON;
  const s: CellSums = {
    clusters: Array.from({ length: G }, (_, g) => `k${String(g).padStart(2, '0')}`),
    n: new Float64Array(4 * G),
    sumY: new Float64Array(4 * G),
    sumYY: new Float64Array(4 * G),
  };
  for (let g = 0; g < G; g++) {
    const treated = g < TREATED ? 1 : 0;
    const level = 0.15 + 0.04 * z(); // municipality random effect
    const size = Math.round(15 * Math.exp(1.2 * u())); // 15–50 persons per cell: unequal clusters
    for (const during of [0, 1]) {
      const cell = 2 * treated + during;
      const shock = 0.05 * z(); // municipality × cohort random effect
      const p = Math.min(
        0.95,
        Math.max(0.01, level + 0.02 * during + shock + (cell === 3 ? TRUTH : 0)),
      );
      let y = 0;
      for (let i = 0; i < size; i++) if (u() < p) y++;
      s.n[4 * g + cell] = size;
      s.sumY[4 * g + cell] = y;
      s.sumYY[4 * g + cell] = y;
    }
  }
  return s;
}

describe('coverage with a known effect (17 treated + 60 comparison municipalities)', () => {
  it(
    'CR1 and wild bootstrap 95 % intervals cover the truth in a plausible ' +
      'share of 200 replications',
    () => {
      const R = 200;
      let cr1 = 0;
      let boot = 0;
      let naive = 0;
      for (let rep = 0; rep < R; rep++) {
        const s = simulate(1000 + rep);
        const e = didFromCellSums(s);
        if (e.ci_low! <= TRUTH && TRUTH <= e.ci_high!) cr1++;
        if (Math.abs(e.estimate! - TRUTH) <= 1.959963984540054 * e.se_naive!) naive++;
        const b = wildClusterBootstrap(s, { replications: 199, seed: rep });
        if (b.ci_low! <= TRUTH && TRUTH <= b.ci_high!) boot++;
      }
      console.log(
        `coverage of the 95 % interval over ${R} replications: CR1 ${(cr1 / R).toFixed(3)}, ` +
          `wild cluster bootstrap ${(boot / R).toFixed(3)}, unclustered ` +
          `(se_naive) ${(naive / R).toFixed(3)}`,
      );
      expect(cr1 / R).toBeGreaterThanOrEqual(0.88);
      expect(cr1 / R).toBeLessThanOrEqual(0.99);
      expect(boot / R).toBeGreaterThanOrEqual(0.88);
      expect(boot / R).toBeLessThanOrEqual(0.99);
      // Ignoring the municipality × cohort shocks must cover visibly less.
      expect(naive).toBeLessThan(cr1);
    },
  );
});
