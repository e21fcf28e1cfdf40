/**
 * The design's vocabulary: groups, cohorts and the cells they make
 * (docs/definitions.md, "The data"). The classic 2×2 difference-in-differences is
 * one instance: group (comparison, treated) × cohort (before, during).
 *
 * Every stage asks this module for cell indices, labels and signs; none
 * spells them out again.
 */

/** A person's group: living in a treated (participating) municipality or not. */
export type Group = 'comparison' | 'treated';
/** The cohort of a membership: entered in the window before the programme or during it. */
export type CohortName = 'before' | 'during';

export const GROUPS: readonly Group[] = ['comparison', 'treated'];
export const COHORTS: readonly CohortName[] = ['before', 'during'];

/**
 * Cell of the 2×2 design, index = 2·treated + during:
 * 0 comparison·before, 1 comparison·during, 2 treated·before, 3 treated·during.
 */
export type Cell = 0 | 1 | 2 | 3;
/** Number of cells of the 2×2 design (per-cluster arrays have CELL_COUNT entries per cluster). */
export const CELL_COUNT = 4;
/** All cells in index order. */
export const CELLS: readonly Cell[] = [0, 1, 2, 3];

/** Cell index of a membership from its 0/1 treated and during flags. */
export function cellIndex(treated: number, during: number): Cell {
  return (2 * treated + during) as Cell;
}

/** What a person's membership carries to place it in a cell: 0/1 flags per membership. */
export interface CellFlags {
  treated: ArrayLike<number>;
  during: ArrayLike<number>;
}

/** The cell of membership i: the one mapping of a person's membership to its cell. */
export function memberCell(m: CellFlags, i: number): Cell {
  return cellIndex(m.treated[i], m.during[i]);
}

/** 1 when the cell is in the treated group. */
export function treatedOf(cell: number): 0 | 1 {
  return cell >= 2 ? 1 : 0;
}

/** 1 when the cell is in the during cohort. */
export function duringOf(cell: number): 0 | 1 {
  return (cell & 1) as 0 | 1;
}

/** Group and cohort of a cell. */
export function cellLabel(cell: number): { group: Group; cohort: CohortName } {
  return { group: GROUPS[treatedOf(cell)], cohort: COHORTS[duringOf(cell)] };
}

/** Plain names of the cells for messages, index = Cell ("treated·during"). */
export const CELL_NAMES = [
  'comparison·before',
  'comparison·during',
  'treated·before',
  'treated·during',
] as const;

/** Key of a (group, cohort) pair as used in lookups: "treated.during". */
export function cellKey(group: Group, cohort: CohortName): `${Group}.${CohortName}` {
  return `${group}.${cohort}`;
}

/**
 * Sign of each cell in the difference-in-differences
 * (treated·during − treated·before) − (comparison·during − comparison·before):
 * +comparison·before, −comparison·during, −treated·before, +treated·during.
 */
export const DID_SIGN = [1, -1, -1, 1] as const;

/** The DiD contrast of four per-cell values (means, sums): Σ_c DID_SIGN[c]·v[c]. */
export function didContrast(v: ArrayLike<number>): number {
  return v[3] - v[2] - v[1] + v[0];
}

/**
 * Names of the saturated model's terms, intercept first: y = a + b·treated + c·during +
 * d·treated·during.
 */
export const DID_TERMS = ['(intercept)', 'treated', 'during', 'treated·during'] as const;

/** The 0/1 regressors (treated, during, treated·during) of a cell, without the intercept. */
export function didRegressors(cell: number): [number, number, number] {
  const t = treatedOf(cell);
  const w = duringOf(cell);
  return [t, w, t * w];
}
