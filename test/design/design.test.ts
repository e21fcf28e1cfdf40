import { describe, expect, it } from 'vitest';
import { serialOfLabel } from '../../src/calendar/isoweek.js';
import {
  CELL_NAMES,
  CELLS,
  cellIndex,
  cellKey,
  cellLabel,
  cellTotals,
  DID_SIGN,
  didContrast,
  didRegressors,
  duringOf,
  emptyCellSums,
  entryPeriods,
  firstWeekOfPeriod,
  lastWeekOfPeriod,
  memberCell,
  NEVER,
  periodOf,
  startPeriodOf,
  treatedOf,
} from '../../src/design/index.js';

describe('the 2×2 cells', () => {
  it('index = 2·treated + during, and labels round-trip', () => {
    expect([cellIndex(0, 0), cellIndex(0, 1), cellIndex(1, 0), cellIndex(1, 1)]).toEqual([
      0, 1, 2, 3,
    ]);
    expect(CELLS.map((c) => cellLabel(c))).toEqual([
      { group: 'comparison', cohort: 'before' },
      { group: 'comparison', cohort: 'during' },
      { group: 'treated', cohort: 'before' },
      { group: 'treated', cohort: 'during' },
    ]);
    for (const c of CELLS) expect(cellIndex(treatedOf(c), duringOf(c))).toBe(c);
    expect(CELL_NAMES.map((n, c) => n === `${cellLabel(c).group}·${cellLabel(c).cohort}`)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(cellKey('treated', 'during')).toBe('treated.during');
  });

  it('places each membership in its cell from its treated and during flags', () => {
    const m = { treated: Uint8Array.from([1, 0, 1, 0]), during: Uint8Array.from([1, 1, 0, 0]) };
    expect([0, 1, 2, 3].map((i) => memberCell(m, i))).toEqual([3, 1, 2, 0]);
  });

  it("the DiD signs are the interaction regressor's contrast: (td − tb) − (cd − cb)", () => {
    // Hand derivation: means cb = 0.10, cd = 0.12, tb = 0.20, td = 0.30 → (0.30 − 0.20) − (0.12 −
    // 0.10) = 0.08.
    expect(didContrast([0.1, 0.12, 0.2, 0.3])).toBeCloseTo(0.08, 15);
    expect([...DID_SIGN]).toEqual([1, -1, -1, 1]);
    expect(CELLS.map((c) => didRegressors(c))).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
    ]);
  });

  it('cell sums: totals over clusters per cell', () => {
    const s = emptyCellSums(['a', 'b']);
    expect(s.n.length).toBe(8);
    s.n.set([1, 2, 3, 4, 10, 20, 30, 40]);
    s.sumY.set([1, 1, 1, 1, 5, 5, 5, 5]);
    s.sumYY.set([1, 1, 1, 1, 5, 5, 5, 5]);
    expect(cellTotals(s)).toEqual({ n: [11, 22, 33, 44], sumY: [6, 6, 6, 6], sumYY: [6, 6, 6, 6] });
  });
});

describe('entry periods', () => {
  const from = serialOfLabel('2017-W01');
  const e = entryPeriods(from, 13, 8);

  it('maps a week to its period and back', () => {
    expect(periodOf(e, from)).toBe(0);
    expect(periodOf(e, from + 12)).toBe(0);
    expect(periodOf(e, from + 13)).toBe(1);
    expect(periodOf(e, from + 8 * 13 - 1)).toBe(7);
    expect(periodOf(e, from + 8 * 13)).toBe(-1);
    expect(periodOf(e, from - 1)).toBe(-1);
    expect(firstWeekOfPeriod(e, 2)).toBe(from + 26);
    expect(lastWeekOfPeriod(e, 2)).toBe(from + 38);
    for (let p = 0; p < 8; p++) expect(periodOf(e, firstWeekOfPeriod(e, p))).toBe(p);
  });

  it('rejects impossible periods', () => {
    expect(() => firstWeekOfPeriod(e, 8)).toThrow(RangeError);
    expect(() => entryPeriods(from, 0, 3)).toThrow(RangeError);
    expect(() => entryPeriods(from, 4, 0)).toThrow(RangeError);
  });
});

describe('start rounds', () => {
  const rounds = new Map([
    ['101', 2],
    ['147', 4],
    ['165', 2],
  ]);

  it('never-treated municipalities start never', () => {
    expect(startPeriodOf(rounds, '147')).toBe(4);
    expect(startPeriodOf(rounds, '999')).toBe(NEVER);
  });
});
