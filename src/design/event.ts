/**
 * The event-study cell: start group g (the period a person's municipality
 * started, NEVER for never-treated) × entry period p (when the person
 * entered). The event time is e = p − g: negative before the municipality
 * started, 0 in its first period, NEVER-group cells have no event time.
 *
 * The classic 2×2 is the special case of two entry periods (0 before,
 * 1 during) and start groups {1, NEVER}: cell (g = 1, p = 1) is
 * treated·during, (NEVER, 0) is comparison·before. Only types and small pure
 * functions live here; the estimator is built by the event-study work.
 */
import { type Cell, cellIndex } from './cells.js';
import { NEVER } from './rounds.js';

export interface EventCell {
  /** Start period of the municipality (NEVER for never-treated). */
  start: number;
  /** Entry period of the person. */
  period: number;
}

/** Event time p − g of a cell, or null for a never-treated cell. */
export function eventTime(c: EventCell): number | null {
  return c.start === NEVER ? null : c.period - c.start;
}

/** Has the cell's municipality started by the person's entry period? */
export function isExposed(c: EventCell): boolean {
  return c.start !== NEVER && c.period >= c.start;
}

/** Stable key "g:p" of a cell ("never:p" for never-treated). */
export function eventCellKey(c: EventCell): string {
  return `${c.start === NEVER ? 'never' : c.start}:${c.period}`;
}

/** Every (start group × entry period) cell, start groups ascending with NEVER last, then periods. */
export function eventCells(starts: readonly number[], periods: number): EventCell[] {
  const groups = [...new Set(starts)].sort((a, b) => a - b);
  const out: EventCell[] = [];
  for (const start of groups)
    for (let period = 0; period < periods; period++) out.push({ start, period });
  return out;
}

/**
 * The 2×2 cell of an event cell in the classic design (two periods, start
 * groups 1 and NEVER); null for cells outside it.
 */
export function classicCell(c: EventCell): Cell | null {
  if (c.period !== 0 && c.period !== 1) return null;
  if (c.start === NEVER) return cellIndex(0, c.period);
  if (c.start === 1) return cellIndex(1, c.period);
  return null;
}
