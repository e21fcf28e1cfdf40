/**
 * Where cohort members are, week by week since entry: the state
 * distribution per cell (a figure evaluators use to read the shares right).
 * Each person-week falls in exactly one state, in this order of precedence:
 * censored, internship, in programme, ordinary hours (outside the
 * programme), another benefit, nothing.
 */

import type { CohortBuild } from '../cohorts/cohorts.js';
import { CELLS, type CohortName, cellLabel, type Group, memberCell } from '../design/cells.js';
import type { Extract } from '../read/extract.js';
import type { CompiledSpec } from '../spec/compile.js';

export const STATES = [
  'In internship',
  'In programme, other activity',
  'Ordinary hours, not in programme',
  'Other benefit',
  'No benefit, no hours',
  'Died or emigrated',
] as const;

export interface StateDistribution {
  states: readonly string[];
  /** Per cell, per week since entry k = 0..K: persons in each state. */
  cells: { group: Group; cohort: CohortName; weeks: number[]; counts: number[][] }[];
}

export function stateDistribution(
  x: Extract,
  plan: CompiledSpec,
  built: CohortBuild,
): StateDistribution {
  const m = built.members;
  const { programme, internship } = plan;
  const W = x.weeks;
  const H = x.hoursLabels.length;
  const defs = plan.cohorts;
  const K = plan.followUp;
  const S = STATES.length;
  const counts = CELLS.map(() => new Float64Array(K * S));
  const followed = CELLS.map(() => new Float64Array(K));
  for (let i = 0; i < m.size; i++) {
    const cell = memberCell(m, i);
    const until = defs[m.during[i]].until;
    const row = m.person[i] * W;
    const hrow = m.person[i] * H;
    const e = m.entry[i];
    const cc = counts[cell];
    for (let j = e; j <= until; j++) {
      const k = j - e;
      let s: number;
      if (j >= m.censorAt[i]) s = 5;
      else {
        const code = x.codes[row + j];
        const h = x.weekToHours[j];
        const hours = h < 0 ? 0 : x.hours[hrow + h];
        s = internship[code] ? 0 : programme[code] ? 1 : hours > 0 ? 2 : code !== 0 ? 3 : 4;
      }
      cc[k * S + s]++;
      followed[cell][k]++;
    }
  }
  return {
    states: STATES,
    cells: CELLS.map((cell) => {
      const weeks: number[] = [];
      const rows: number[][] = [];
      // Every week since entry, also those nobody was followed in: which weeks are empty must not
      // depend on a cell's members.
      for (let k = 0; k < K; k++) {
        weeks.push(k);
        rows.push(Array.from(counts[cell].subarray(k * S, k * S + S)));
      }
      return { ...cellLabel(cell), weeks, counts: rows };
    }),
  };
}
