/**
 * The report's words for the design's cells (src/design/cells.ts owns the
 * cells themselves): "Participants" is the treated group as readers know it.
 */
import type { CohortName, Group } from '../design/cells.js';

const GROUP_TITLE: Record<Group, string> = { treated: 'Participants', comparison: 'Comparison' };

/** "Participants, during", "Comparison, before". */
export function cellTitle(group: Group, cohort: CohortName): string {
  return `${GROUP_TITLE[group]}, ${cohort}`;
}
