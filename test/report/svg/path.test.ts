import { describe, expect, it } from 'vitest';
import { bandPolygons, isolatedPoints, pathSegments, runs } from '../../../src/report/svg/index.js';

const id = (v: number) => v;

describe('runs', () => {
  it('splits at undefined items', () => {
    expect(runs([1, 2, null, 3, null, null, 4], (v) => v !== null)).toEqual([[1, 2], [3], [4]]);
    expect(runs([null], (v) => v !== null)).toEqual([]);
  });
});

describe('pathSegments', () => {
  it('a null breaks a line into two segments', () => {
    expect(
      pathSegments(
        [
          { x: 0, y: 1 },
          { x: 1, y: 2 },
          { x: 2, y: null },
          { x: 3, y: 1 },
          { x: 4, y: 0 },
        ],
        id,
        id,
      ),
    ).toEqual(['M0,1L1,2', 'M3,1L4,0']);
  });
  it('non-finite values break it too; leading and trailing gaps give no empty segment', () => {
    expect(
      pathSegments(
        [
          { x: 0, y: null },
          { x: 1, y: 2 },
          { x: 2, y: Number.NaN },
          { x: 3, y: 1 },
          { x: 4, y: null },
        ],
        id,
        id,
      ),
    ).toEqual(['M1,2', 'M3,1']);
  });
  it('step: hold the value until the next x, then drop (Kaplan–Meier)', () => {
    expect(
      pathSegments(
        [
          { x: 0, y: 1 },
          { x: 2, y: 0.5 },
          { x: 5, y: 0.25 },
        ],
        id,
        id,
        true,
      ),
    ).toEqual(['M0,1H2V0.5H5V0.25']);
  });
  it('applies the scales and rounds to two decimals', () => {
    expect(
      pathSegments(
        [{ x: 1, y: 1 / 3 }],
        (v) => v * 10,
        (v) => 100 - v * 100,
      ),
    ).toEqual(['M10,66.67']);
  });
});

describe('isolatedPoints', () => {
  it('points with gaps on both sides', () => {
    expect(
      isolatedPoints([
        { x: 0, y: 1 },
        { x: 1, y: null },
        { x: 2, y: 3 },
        { x: 3, y: 4 },
        { x: 4, y: null },
        { x: 5, y: 6 },
      ]),
    ).toEqual([
      { x: 0, y: 1 },
      { x: 5, y: 6 },
    ]);
  });
});

describe('bandPolygons', () => {
  it('along the upper bound, back along the lower', () => {
    expect(
      bandPolygons(
        [
          { x: 0, low: 1, high: 3 },
          { x: 2, low: 2, high: 4 },
        ],
        id,
        id,
      ),
    ).toEqual(['0,3 2,4 2,2 0,1']);
  });
  it('step bands follow the steps', () => {
    expect(
      bandPolygons(
        [
          { x: 0, low: 1, high: 3 },
          { x: 2, low: 2, high: 4 },
        ],
        id,
        id,
        true,
      ),
    ).toEqual(['0,3 2,3 2,4 2,2 2,1 0,1']);
  });
  it('a missing bound splits the band', () => {
    const b = [
      { x: 0, low: 1, high: 3 },
      { x: 1, low: 1, high: 3 },
      { x: 2, low: null, high: 4 },
      { x: 3, low: 2, high: 4 },
      { x: 4, low: 2, high: 4 },
    ];
    expect(bandPolygons(b, id, id)).toEqual(['0,3 1,3 1,1 0,1', '3,4 4,4 4,2 3,2']);
  });
});
