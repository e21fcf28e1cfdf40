import { describe, expect, it } from 'vitest';
import {
  coord,
  linearScale,
  niceStep,
  niceTicks,
  niceTicksInside,
  stepTicks,
  tickLabel,
} from '../../../src/report/svg/index.js';

describe('linearScale', () => {
  it('maps the ends and the middle, also onto a reversed range (SVG y grows downwards)', () => {
    const s = linearScale([0, 10], [100, 200]);
    expect([s(0), s(5), s(10), s(-5)]).toEqual([100, 150, 200, 50]);
    const y = linearScale([0, 1], [300, 50]);
    expect([y(0), y(0.2), y(1)]).toEqual([300, 250, 50]);
  });
  it('a zero-width domain maps everything to the range start', () => {
    expect(linearScale([3, 3], [10, 20])(7)).toBe(10);
  });
});

describe('niceStep / niceTicks', () => {
  it('steps are 1, 2 or 5 × 10^k', () => {
    expect(niceStep(0, 0.23, 5)).toBe(0.05); // raw 0.046 → 5 × 0.01
    expect(niceStep(1, 104, 8)).toBe(20); // raw 12.9 → 2 × 10
    expect(niceStep(0, 1, 5)).toBe(0.2); // raw 0.2 → 2 × 0.1
    expect(niceStep(0, 1, 4)).toBe(0.5); // raw 0.25 → 5 × 0.1
    expect(niceStep(0, 3000, 5)).toBe(1000); // raw 600 → 10 × 100
  });
  it('ticks cover the domain at whole steps', () => {
    expect(niceTicks(0, 0.23, 5)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
    expect(niceTicks(-0.07, 0.12, 5)).toEqual([-0.1, -0.05, 0, 0.05, 0.1, 0.15]);
    expect(niceTicks(1, 104, 8)).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it('no binary noise in tick values', () => {
    expect(niceTicks(0, 0.7, 7)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });
  it('degenerate input: single value, reversed, non-finite', () => {
    expect(niceTicks(0, 0, 5)).toEqual([0]);
    expect(niceTicks(5, 5, 5)).toEqual([5]);
    expect(niceTicks(10, 0, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(Number.NaN, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it('niceTicksInside keeps the domain: weeks 1–104 get 20, 40, …, 100', () => {
    expect(niceTicksInside(1, 104, 8)).toEqual([20, 40, 60, 80, 100]);
    expect(niceTicksInside(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it('stepTicks: quarters of a year in weeks', () => {
    expect(stepTicks(1, 104, 13)).toEqual([0, 13, 26, 39, 52, 65, 78, 91, 104]);
    expect(stepTicks(0, 100, 26)).toEqual([0, 26, 52, 78, 104]);
    expect(stepTicks(0, 10, 0)).toEqual([]);
  });
});

describe('tickLabel', () => {
  it('percent: fractions shown as whole percent, decimals only when the step needs them', () => {
    expect(tickLabel(0, 'percent', 0.05)).toBe('0%');
    expect(tickLabel(0.1, 'percent', 0.05)).toBe('10%');
    expect(tickLabel(1, 'percent', 0.2)).toBe('100%');
    expect(tickLabel(0.025, 'percent', 0.005)).toBe('2.5%');
    expect(tickLabel(-0.05, 'percent', 0.05)).toBe('\u22125%');
  });
  it('pp: signed percentage points, zero unsigned, no "−0"', () => {
    expect(tickLabel(0.1, 'pp', 0.05)).toBe('+10');
    expect(tickLabel(-0.05, 'pp', 0.05)).toBe('\u22125');
    expect(tickLabel(0, 'pp', 0.05)).toBe('0');
    expect(tickLabel(-1e-15, 'pp', 0.05)).toBe('0');
    expect(tickLabel(0.025, 'pp', 0.005)).toBe('+2.5');
  });
  it('number: weeks as integers', () => {
    expect(tickLabel(26, 'number', 13)).toBe('26');
    expect(tickLabel(1200, 'number', 200)).toBe('1200');
    expect(tickLabel(2.5, 'number', 0.5)).toBe('2.5');
    expect(tickLabel(-1, 'number', 1)).toBe('\u22121');
  });
  it("'da': decimal comma, same signs", () => {
    expect(tickLabel(0.025, 'percent', 0.005, 'da')).toBe('2,5%');
    expect(tickLabel(-0.025, 'pp', 0.005, 'da')).toBe('\u22122,5');
    expect(tickLabel(2.5, 'number', 0.5, 'da')).toBe('2,5');
    expect(tickLabel(0.1, 'pp', 0.05, 'da')).toBe('+10');
  });
});

describe('coord', () => {
  it('two decimals, no negative zero', () => {
    expect(coord(12.3456)).toBe('12.35');
    expect(coord(3)).toBe('3');
    expect(coord(-0.001)).toBe('0');
    expect(coord(-2.5)).toBe('-2.5');
  });
});
