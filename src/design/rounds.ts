/**
 * Start rounds: the entry period in which each treated municipality began
 * the programme (staggered adoption). A municipality that never started
 * (the comparison group) has start period Infinity, written 'never' in
 * specs and results.
 */

/** Start period (0-based entry period index) per treated municipality code. */
export type StartRounds = ReadonlyMap<string, number>;

/** The start period of municipalities that never start. */
export const NEVER = Infinity;

/** Start period of a municipality: its round, or NEVER when it is not treated. */
export function startPeriodOf(rounds: StartRounds, municipality: string): number {
  return rounds.get(municipality) ?? NEVER;
}
