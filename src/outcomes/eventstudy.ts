/**
 * Stage 3 for the event study (docs/definitions.md, "Event study over entry
 * periods"):
 * one pass over persons gives each person's event-study entry — the first
 * start inside P_1 ∪ … ∪ P_n — and, for every event-study outcome, the
 * sufficient statistics per (municipality × entry period): person-weeks N,
 * Σ y over the horizon's weeks since entry, and persons n. y is 0/1, so
 * Σ y² = Σ y and nothing else is needed for the cell means and their
 * cluster-robust covariance. A municipality's group (its start period, or
 * never-treated) is fixed, so (municipality, period) determines the cell
 * (g, p).
 *
 * Periods whose entrants cannot all be followed over the whole horizon inside
 * the extract take no part; their persons are still counted.
 */
import { compareCodes } from '../cohorts/cohorts.js';
import { firstWeekOfPeriod, lastWeekOfPeriod } from '../design/periods.js';
import { startPeriodOf } from '../design/rounds.js';
import type { Extract } from '../read/extract.js';
import type { CompiledSpec } from '../spec/compile.js';
import type { EventStudyDef, ShareOutcome } from '../spec/spec.js';

/** One entry period (index 0 = P_1). */
export interface EntryPeriod {
  /** 0-based period index (P_{index + 1}). */
  index: number;
  /** Week serials of its first and last week. */
  firstWeek: number;
  lastWeek: number;
  /** Persons whose event-study entry falls in it (used or not). */
  persons: number;
  /** Whether every entrant can be followed over the whole horizon inside the extract. */
  used: boolean;
}

/** Per (municipality × period) sums of one outcome; index m·P + p (p 0-based). */
export interface EventStudySums {
  outcome: ShareOutcome;
  /** Person-weeks N (observations). */
  n: Float64Array;
  /** Σ y. */
  sumY: Float64Array;
}

export interface EventStudyData {
  /** Municipalities with an event-study member, sorted (the clusters). */
  clusters: string[];
  /** Start period of each cluster (0-based entry period; NEVER for never-treated). */
  startPeriod: Float64Array;
  periods: EntryPeriod[];
  /** Persons per (municipality × period), index m·P + p: n(g, p) sums these. */
  persons: Float64Array;
  /** Per person (extract order): the week serial of the event-study entry, or −1 without one. */
  entryWeek: Int32Array;
  /** Persons with an event-study entry / without one, by reason. */
  members: number;
  excluded: {
    'no start in an entry period': number;
    'censored before entry': number;
    'missing municipality': number;
  };
  outcomes: EventStudySums[];
}

const NO_CENSOR = 0x3fffffff;

/** The periods with their week ranges and whether they can take part (persons filled in later). */
export function periodRows(es: EventStudyDef, lastExtractWeek: number): EntryPeriod[] {
  const out: EntryPeriod[] = [];
  for (let p = 0; p < es.entry.periods; p++) {
    const firstWeek = firstWeekOfPeriod(es.entry, p);
    const lastWeek = lastWeekOfPeriod(es.entry, p);
    out.push({
      index: p,
      firstWeek,
      lastWeek,
      persons: 0,
      used: lastWeek + es.horizon[1] <= lastExtractWeek,
    });
  }
  return out;
}

/**
 * Event-study entries and per (municipality × period) sums of every event-study outcome, in one
 * pass over persons.
 */
export function computeEventStudyData(
  x: Extract,
  plan: CompiledSpec,
  es: EventStudyDef,
): EventStudyData {
  const W = x.weeks;
  const H = x.hoursLabels.length;
  const P = es.entry.periods;
  const L_ = es.entry.length;
  const { programme, censor } = plan;
  const periods = periodRows(es, x.firstWeek + W - 1);
  const first = es.entry.from - x.firstWeek; // matrix index of P_1's first week
  const lastEntry = Math.min(lastWeekOfPeriod(es.entry, P - 1) - x.firstWeek, W - 1);
  const [h0, h1] = es.horizon;
  const used = Uint8Array.from(periods, (p) => (p.used ? 1 : 0));
  const kom = x.municipality;
  const L = kom.levels.length;
  const missingKom = kom.levels.map((l) => l === '' || l.toUpperCase() === 'NA' || l === '.');
  const tests = es.outcomes.map((o) => ({
    o,
    inProgrammeOnly: o.population === 'in-programme',
    state: plan.states.get(o.id)!,
    n: new Float64Array(L * P),
    y: new Float64Array(L * P),
  }));
  const persons = new Float64Array(L * P);
  const excluded = {
    'no start in an entry period': 0,
    'censored before entry': 0,
    'missing municipality': 0,
  };
  let members = 0;
  const entryWeek = new Int32Array(x.persons).fill(-1);
  const { codes, hours, weekToHours, weeksPerHoursColumn: weeksPer } = x;

  for (let pi = 0; pi < x.persons; pi++) {
    const row = pi * W;
    // The first start inside the periods that comes before any censor code
    // (a start at or after one does not count, as for the cohorts).
    let censorAt = x.censoredBeforeFirstWeek?.[pi] === 1 ? -1 : NO_CENSOR;
    let entry = -1;
    let startedAfterCensor = false;
    for (let j = 0; j <= lastEntry; j++) {
      const code = codes[row + j];
      if (censorAt === NO_CENSOR && censor[code] === 1) censorAt = j;
      if (j < first || programme[code] === 0 || (j > 0 && programme[codes[row + j - 1]] === 1))
        continue;
      if (censorAt !== NO_CENSOR) {
        startedAfterCensor = true;
        break;
      }
      entry = j;
      break;
    }
    if (entry < 0) {
      excluded[startedAfterCensor ? 'censored before entry' : 'no start in an entry period']++;
      continue;
    }
    const level = kom.codes[pi];
    if (missingKom[level]) {
      excluded['missing municipality']++;
      continue;
    }
    members++;
    entryWeek[pi] = x.firstWeek + entry;
    const p = Math.floor((entry - first) / L_); // 0-based period
    periods[p].persons++;
    const slot = level * P + p;
    persons[slot]++;
    if (used[p] === 0) continue;
    // Observation weeks: entry + h0 … entry + h1, before the first censor code.
    const from = entry + h0;
    const to = entry + h1;
    if (censorAt === NO_CENSOR) {
      for (let j = entry + 1; j <= to; j++) {
        if (censor[codes[row + j]] === 1) {
          censorAt = j;
          break;
        }
      }
    }
    const last = Math.min(to, censorAt - 1);
    const hrow = pi * H;
    for (const t of tests) {
      const stateCodes = t.state.codes;
      const hoursAbove = t.state.hoursAbove;
      let nw = 0;
      let ny = 0;
      for (let j = from; j <= last; j++) {
        const code = codes[row + j];
        if (t.inProgrammeOnly && programme[code] === 0) continue;
        let y = stateCodes === null || stateCodes[code] === 1 ? 1 : 0;
        if (y === 1 && hoursAbove !== null) {
          const h = weekToHours[j];
          y = (h < 0 ? 0 : hours[hrow + h] / weeksPer[h]) > hoursAbove ? 1 : 0;
        }
        nw++;
        ny += y;
      }
      t.n[slot] += nw;
      t.y[slot] += ny;
    }
  }

  // Clusters: municipalities with a member, sorted; compress level-indexed sums.
  const levels: number[] = [];
  for (let l = 0; l < L; l++) {
    let any = 0;
    for (let p = 0; p < P; p++) any += persons[l * P + p];
    if (any > 0) levels.push(l);
  }
  levels.sort((a, b) => compareCodes(kom.levels[a], kom.levels[b]));
  const clusters = levels.map((l) => kom.levels[l]);
  const compress = (v: Float64Array): Float64Array => {
    const out = new Float64Array(levels.length * P);
    levels.forEach((l, m) => {
      out.set(v.subarray(l * P, (l + 1) * P), m * P);
    });
    return out;
  };
  return {
    clusters,
    startPeriod: Float64Array.from(clusters, (c) => startPeriodOf(es.rounds, c)),
    periods,
    persons: compress(persons),
    entryWeek,
    members,
    excluded,
    outcomes: tests.map((t) => ({ outcome: t.o, n: compress(t.n), sumY: compress(t.y) })),
  };
}
