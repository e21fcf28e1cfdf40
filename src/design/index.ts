/**
 * The design: groups, cohorts, entry periods, start rounds and cells — the
 * vocabulary every later stage asks for. See docs/architecture.md.
 */
export * from './cells.js';
export * from './cellsums.js';
export * from './periods.js';
export * from './rounds.js';
