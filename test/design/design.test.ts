import { describe, expect, it } from 'vitest';
import { serialOfLabel } from '../../src/calendar/isoweek.js';
import {
  CELL_NAMES,
  CELLS,
  cellIndex,
  cellKey,
  cellLabel,
  cellTotals,
  classicCell,
  classicRounds,
  DID_SIGN,
  didContrast,
  didRegressors,
  duringOf,
  emptyCellSums,
  entryPeriods,
  eventCellKey,
  eventCells,
  eventTime,
  firstWeekOfPeriod,
  isExposed,
  lastWeekOfPeriod,
  memberCell,
  NEVER,
  periodOf,
  startGroupLabel,
  startPeriodOf,
  startPeriods,
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
    // Hand derivation: means cb = 0.10, cd = 0.12, tb = 0.20, td = 0.30 → (0.30 − 0.20) − (0.12 − 0.10) = 0.08.
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

describe('start rounds and event-study cells', () => {
  const rounds = new Map([
    ['101', 2],
    ['147', 4],
    ['165', 2],
  ]);

  it('never-treated municipalities start never', () => {
    expect(startPeriodOf(rounds, '147')).toBe(4);
    expect(startPeriodOf(rounds, '999')).toBe(NEVER);
    expect(startGroupLabel(NEVER)).toBe('never');
    expect(startGroupLabel(2)).toBe(2);
    expect(startPeriods(rounds)).toEqual([2, 4]);
  });

  it('event time is entry period − start period', () => {
    expect(eventTime({ start: 2, period: 0 })).toBe(-2);
    expect(eventTime({ start: 2, period: 2 })).toBe(0);
    expect(eventTime({ start: NEVER, period: 3 })).toBeNull();
    expect(isExposed({ start: 2, period: 1 })).toBe(false);
    expect(isExposed({ start: 2, period: 3 })).toBe(true);
    expect(isExposed({ start: NEVER, period: 7 })).toBe(false);
    expect(eventCellKey({ start: NEVER, period: 1 })).toBe('never:1');
    const cells = eventCells([4, NEVER, 2, 2], 3);
    expect(cells.map(eventCellKey)).toEqual([
      '2:0',
      '2:1',
      '2:2',
      '4:0',
      '4:1',
      '4:2',
      'never:0',
      'never:1',
      'never:2',
    ]);
  });

  it('the classic 2×2 is the instance with two periods and start groups {1, never}', () => {
    const classic = classicRounds(['101', '165']);
    expect(startPeriodOf(classic, '101')).toBe(1);
    expect(startPeriodOf(classic, '147')).toBe(NEVER);
    const cells = eventCells([1, NEVER], 2);
    expect(cells.map((c) => classicCell(c))).toEqual([
      cellIndex(1, 0),
      cellIndex(1, 1),
      cellIndex(0, 0),
      cellIndex(0, 1),
    ]);
    // Only treated·during is exposed, so the DiD's interaction is the exposed cell.
    expect(cells.filter(isExposed).map((c) => classicCell(c))).toEqual([3]);
    expect(classicCell({ start: 2, period: 1 })).toBeNull();
  });
});
