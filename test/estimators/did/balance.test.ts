import { describe, expect, it } from 'vitest';
import { balanceTable, standardisedDifference } from '../../../src/estimators/did/index.js';

describe('balanceTable', () => {
  // Persons:        C·B C·B C·B  C·D T·B T·B T·D T·D T·D
  const cell = Uint8Array.from([0, 0, 0, 1, 2, 2, 3, 3, 3]);
  const rows = balanceTable({
    cell,
    covariates: [
      {
        name: 'alder',
        kind: 'numeric',
        values: Float64Array.from([30, 40, NaN, 20, 40, 50, 60, 62, 58]),
      },
      { name: 'koen', kind: 'text', values: ['K', 'M', 'K', 'M', 'K', 'K', '', 'M', 'K'] },
      {
        name: 'indkomst',
        kind: 'numeric',
        values: Float64Array.from([1, 2, 3, 4, 5, 6, NaN, NaN, NaN]),
      },
    ],
  });

  it('numeric: means per cell and SMD with sample variances (by hand)', () => {
    const age = rows[0];
    expect(age).toMatchObject({ covariate: 'alder', level: null, n: [2, 1, 2, 3] });
    expect(age.means).toEqual([35, 20, 45, 60]);
    // var C·B = var T·B = ((−5)² + 5²)/1 = 50 → (45 − 35)/√50
    expect(age.smd_before).toBeCloseTo(10 / Math.sqrt(50), 14);
    // var T·D = (0 + 4 + 4)/2 = 4, var C·D = 0 (one person) → (60 − 20)/√((4 + 0)/2)
    expect(age.smd_during).toBeCloseTo(40 / Math.sqrt(2), 14);
  });

  it(
    'text: one row per level (alphabetical) with shares among non-missing, ' + 'SMD with p(1 − p)',
    () => {
      const [k, m] = [rows[1], rows[2]];
      expect(k).toMatchObject({ covariate: 'koen', level: 'K', n: [3, 1, 2, 2] });
      expect(m.level).toBe('M');
      expect(k.means).toEqual([2 / 3, 0, 1, 1 / 2]);
      expect(m.means).toEqual([1 / 3, 1, 0, 1 / 2]);
      // before: (1 − 2/3)/√((0 + 2/9)/2) = 1; during: (1/2 − 0)/√((1/4 + 0)/2) = √2
      expect(k.smd_before).toBeCloseTo(1, 14);
      expect(k.smd_during).toBeCloseTo(Math.SQRT2, 14);
      expect(m.smd_before).toBeCloseTo(-1, 14);
      expect(m.smd_during).toBeCloseTo(-Math.SQRT2, 14);
    },
  );

  it('a cell with no values: mean and its SMD are null', () => {
    const inc = rows[3];
    expect(inc.n).toEqual([3, 1, 2, 0]);
    expect(inc.means).toEqual([2, 4, 5.5, null]);
    expect(inc.smd_during).toBeNull();
    // (5.5 − 2)/√((0.5 + 1)/2)
    expect(inc.smd_before).toBeCloseTo(3.5 / Math.sqrt(0.75), 14);
  });

  it('is stable for large values (birth years)', () => {
    const b = balanceTable({
      cell: Uint8Array.from([0, 0, 2, 2]),
      covariates: [
        {
          name: 'faar',
          kind: 'numeric',
          values: Float64Array.from([1e9 + 1980, 1e9 + 1990, 1e9 + 1985, 1e9 + 1995]),
        },
      ],
    });
    expect(b[0].smd_before).toBeCloseTo(5 / Math.sqrt(50), 10);
  });
});

describe('standardisedDifference', () => {
  it('is (mean_t − mean_c)/√((var_t + var_c)/2), null without variance or a mean', () => {
    expect(standardisedDifference(3, 1, 2, 6)).toBeCloseTo(1, 15);
    expect(standardisedDifference(1, 0, 0, 0)).toBeNull();
    expect(standardisedDifference(null, 0, 1, 1)).toBeNull();
  });
});
