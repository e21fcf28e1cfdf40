/**
 * Bounds on the spec's numbers, named: a number beyond them is a typing
 * mistake (10^8 entry periods, a 10^9-week period), refused with its key
 * and the bound before anything is sized from it — never a hang, never a
 * week label that cannot be printed. README "What is refused" lists them.
 */

/**
 * Weeks any span in a spec may cover (entry periods together, a horizon, a table week): 100 ISO
 * years.
 */
export const MAX_SPEC_WEEKS = 5218;

/** Entry periods of an event study. */
export const MAX_ENTRY_PERIODS = 1000;

/** Wild bootstrap replications (spec and --bootstrap). */
export const MAX_BOOTSTRAP = 1_000_000;

export const tooManyWeeks = `expected at most ${MAX_SPEC_WEEKS} weeks (100 years)`;
