/**
 * Stage 2: who is in which cohort, from which entry week, in which group
 * (docs/definitions.md, "Cohorts, cells and exclusions": start, entry week,
 * group, censoring).
 *
 * A membership is one (person, cohort) pair; a person may belong to both
 * cohorts. Persons in no cohort are counted by the reason they were left out.
 */

import { cellIndex } from '../design/cells.js';
import type { Extract } from '../read/extract.js';
import type { CompiledSpec } from '../spec/compile.js';

export interface Memberships {
  /** Number of memberships. */
  size: number;
  person: Int32Array;
  /** 0 before, 1 during. */
  during: Uint8Array;
  treated: Uint8Array;
  /** Index into `clusters`. */
  cluster: Int32Array;
  /** Matrix week index (0 = extract's first week) of the entry week. */
  entry: Int32Array;
  /** Matrix week index of the first censor code, or a large number when none. */
  censorAt: Int32Array;
}

export interface ExclusionCounts {
  /** No programme start inside either cohort's entry window. */
  'no start in an entry window': number;
  /** Started only in weeks at or after a death/emigration code. */
  'censored before entry': number;
  /** Empty municipality (e.g. absent from the person file). */
  'missing municipality': number;
}

export interface CohortBuild {
  members: Memberships;
  /** Municipality codes of members, sorted; `cluster` indexes this. */
  clusters: string[];
  persons: { read: number; inCohort: number; inBoth: number; excluded: ExclusionCounts };
  /** Members per cell, index cellIndex(treated, during). */
  cellSizes: [number, number, number, number];
  /** Treated municipalities of the spec with no members (worth a warning). */
  treatedWithoutMembers: string[];
}

export const NO_CENSOR = 0x3fffffff;

/** Build cohort memberships in one pass over persons. */
export function buildCohorts(x: Extract, plan: CompiledSpec): CohortBuild {
  const { spec, programme, censor } = plan;
  const treatedSet = plan.treated;
  const windows = plan.cohorts.map((c) => ({ from: c.entryFrom, to: c.entryTo }));
  const W = x.weeks;
  const kom = x.municipality;
  const missingKom = kom.levels.map((l) => l === '' || l.toUpperCase() === 'NA' || l === '.');

  // Memberships are at most 2 per person; allocate for that and trim.
  const cap = 2 * x.persons;
  const person = new Int32Array(cap);
  const during = new Uint8Array(cap);
  const treated = new Uint8Array(cap);
  const komLevel = new Int32Array(cap);
  const entry = new Int32Array(cap);
  const censorAt = new Int32Array(cap);
  let m = 0;
  const excluded: ExclusionCounts = {
    'no start in an entry window': 0,
    'censored before entry': 0,
    'missing municipality': 0,
  };
  let inBoth = 0;
  let inCohort = 0;
  const lastEntry = Math.max(windows[0].to, windows[1].to);

  for (let p = 0; p < x.persons; p++) {
    const row = p * W;
    // One pass over the person's weeks: the first censor code (a code before the
    // matrix's window, see read/wide keepWeeks, censors from the start) and the
    // first start inside each entry window (a start = in programme after a week
    // not in programme, or in the first week). A start at or after a censor code
    // does not count.
    let firstCensor = x.censoredBeforeFirstWeek?.[p] === 1 ? -1 : NO_CENSOR;
    let entry0 = -1;
    let entry1 = -1;
    let startedAfterCensor = false;
    for (let j = 0; j < W; j++) {
      const code = x.codes[row + j];
      if (firstCensor === NO_CENSOR && censor[code] === 1) firstCensor = j;
      if (j > lastEntry) {
        if (firstCensor !== NO_CENSOR) break;
        continue;
      }
      if (programme[code] === 0 || (j > 0 && programme[x.codes[row + j - 1]] === 1)) continue;
      const inWindow0 = entry0 < 0 && j >= windows[0].from && j <= windows[0].to;
      const inWindow1 = entry1 < 0 && j >= windows[1].from && j <= windows[1].to;
      if (!inWindow0 && !inWindow1) continue;
      if (firstCensor !== NO_CENSOR) {
        startedAfterCensor = true;
        continue;
      }
      if (inWindow0) entry0 = j;
      if (inWindow1) entry1 = j;
    }
    const entries = [entry0, entry1];
    const n = (entries[0] >= 0 ? 1 : 0) + (entries[1] >= 0 ? 1 : 0);
    if (n === 0) {
      excluded[startedAfterCensor ? 'censored before entry' : 'no start in an entry window']++;
      continue;
    }
    const level = kom.codes[p];
    if (missingKom[level]) {
      excluded['missing municipality']++;
      continue;
    }
    inCohort++;
    if (n === 2) inBoth++;
    const isTreated = treatedSet.has(kom.levels[level]) ? 1 : 0;
    for (let c = 0; c < 2; c++) {
      if (entries[c] < 0) continue;
      person[m] = p;
      during[m] = c;
      treated[m] = isTreated;
      komLevel[m] = level;
      entry[m] = entries[c];
      censorAt[m] = firstCensor;
      m++;
    }
  }

  // Clusters: the municipalities members live in, sorted for stable output.
  const used = new Set<number>();
  for (let i = 0; i < m; i++) used.add(komLevel[i]);
  const clusters = [...used].map((l) => kom.levels[l]).sort(compareCodes);
  const clusterOfLevel = new Int32Array(kom.levels.length).fill(-1);
  clusters.forEach((c, g) => {
    clusterOfLevel[kom.levels.indexOf(c)] = g;
  });
  const cluster = new Int32Array(m);
  const cellSizes: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < m; i++) {
    cluster[i] = clusterOfLevel[komLevel[i]];
    cellSizes[cellIndex(treated[i], during[i])]++;
  }
  const present = new Set(clusters);
  return {
    members: {
      size: m,
      person: person.slice(0, m),
      during: during.slice(0, m),
      treated: treated.slice(0, m),
      cluster,
      entry: entry.slice(0, m),
      censorAt: censorAt.slice(0, m),
    },
    clusters,
    persons: { read: x.persons, inCohort, inBoth, excluded },
    cellSizes,
    treatedWithoutMembers: spec.treated.filter((t) => !present.has(t)),
  };
}

/** Municipality codes sort numerically when they are numbers ("99" < "101"). */
export function compareCodes(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
