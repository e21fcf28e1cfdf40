/**
 * When a municipality's own estimate carries no information worth drawing
 * (docs/definitions.md, "Variation between municipalities"; issue 15): a municipality
 * where nobody had the outcome in its cells gets an "effect" that is only
 * the comparison group's change, with an interval from the comparison side
 * alone; one of a handful of persons gets an interval that speaks of almost
 * nobody. Such estimates are kept and listed, flagged, and enter no pooled
 * figure (Q, τ², shrinkage, moderators).
 */
import type { CellShare } from '../did/types.js';

/** Why an estimate is not informative. */
export type MunicipalityFlag = 'few-persons' | 'no-events' | 'all-events';

/**
 * The flag of a municipality from its persons and its two cells (treated·before,
 * treated·during: indices 2 and 3 of `cells`), or null when informative.
 * Fewer persons than `minPersons` comes first; then an outcome that never
 * (or always) occurs in its cells.
 */
export function municipalityFlag(
  persons: number,
  cells: readonly CellShare[],
  minPersons: number,
): MunicipalityFlag | null {
  if (persons < minPersons) return 'few-persons';
  const own = [cells[2], cells[3]];
  if (own.every((c) => c.n > 0 && c.share === 0)) return 'no-events';
  if (own.every((c) => c.n > 0 && c.share === 1)) return 'all-events';
  return null;
}
