/**
 * Shared names for the 2×2 design's cells, as the disclosure declarations
 * key them: index = 2·treated + during.
 */
export const CELL_KEYS = [
  'comparison.before',
  'comparison.during',
  'treated.before',
  'treated.during',
] as const;

/** Cell index of a group × cohort label pair. */
export function cellOf(group: string, cohort: string): number {
  return (group === 'treated' ? 2 : 0) + (cohort === 'during' ? 1 : 0);
}

/** The fields of a DiD estimate that rest on all of its cells. */
export const ESTIMATE_FIELDS = [
  'estimate',
  'se',
  'ci_low',
  'ci_high',
  'p',
  'se_naive',
  'n',
  'clusters',
] as const;
