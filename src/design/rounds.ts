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

/** Start group label of a start period: the period number, or 'never'. */
export function startGroupLabel(start: number): number | 'never' {
  return start === NEVER ? 'never' : start;
}

/** The classic design as rounds: every treated municipality starts in the during period (index 1). */
export function classicRounds(treated: readonly string[]): StartRounds {
  return new Map(treated.map((t) => [t, 1]));
}

/** The distinct start periods, ascending (NEVER excluded). */
export function startPeriods(rounds: StartRounds): number[] {
  return [...new Set(rounds.values())].filter((p) => p !== NEVER).sort((a, b) => a - b);
}
