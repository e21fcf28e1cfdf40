/**
 * Stage 3: week-by-week shares (docs/definitions.md, "Share outcomes").
 *
 * One pass over memberships × weeks per outcome accumulates, for every week
 * on both axes, the per-(municipality, cell) counts the estimators need:
 * the share of a cell is Σ events / Σ n over its municipalities, and the DiD
 * with clustered errors needs nothing more than these sums. The same pass
 * totals each membership's person-weeks in the pooled window, for the
 * covariate-adjusted model.
 */

import type { CohortBuild } from '../cohorts/cohorts.js';
import {
  CELL_COUNT,
  CELLS,
  type CohortName,
  cellLabel,
  type Group,
  memberCell,
} from '../design/cells.js';
import { type CellSums, cellTotals, emptyCellSums } from '../design/cellsums.js';
import type { Extract } from '../read/extract.js';
import { hoursThreshold } from '../read/extract.js';
import type { CompiledSpec } from '../spec/compile.js';
import type { ShareOutcome } from '../spec/spec.js';

export type Axis = 'calendar' | 'since-entry';

export interface ShareSeries {
  axis: Axis;
  /** Week number per entry: t = 1.. on the calendar axis, k = 0.. since entry. */
  weeks: number[];
  sums: CellSums[];
}

export interface ShareCell {
  group: Group;
  cohort: CohortName;
  week: number;
  /** Persons followed that week; null when hidden as a small cell (--min-cell). */
  n: number | null;
  /** Persons in the state; null when hidden. */
  events: number | null;
  share: number | null;
}

export interface ShareResult {
  outcome: ShareOutcome;
  calendar: ShareSeries;
  sinceEntry: ShareSeries;
  /** Per membership: person-weeks in the pooled calendar weeks and the number in the state. */
  pooledWeeks: Float64Array;
  pooledEvents: Float64Array;
}

/** Compute one share outcome for all memberships. */
export function computeShares(
  x: Extract,
  plan: CompiledSpec,
  built: CohortBuild,
  outcome: ShareOutcome,
): ShareResult {
  const { members, clusters } = built;
  const programme = plan.programme;
  const state = plan.states.get(outcome.id)!;
  const stateCodes = state.codes;
  // Hours thresholds compare the exact stored hours with a cut-off per hours column.
  const hoursCut = state.hoursAbove === null ? null : hoursThreshold(x, state.hoursAbove);
  const inProgrammeOnly = outcome.population === 'in-programme';
  const W = x.weeks;
  const H = x.hoursLabels.length;
  const defs = plan.cohorts;
  const T = plan.calendarWeeks;
  const K = plan.followUp;
  const G4 = CELL_COUNT * clusters.length;
  // One flat array per statistic and axis, slot-major while accumulating (a
  // member's weeks are then consecutive addresses), transposed to week-major
  // views at the end: plain typed-array increments, no per-week objects.
  const calN = new Float64Array(T * G4);
  const calY = new Float64Array(T * G4);
  const kN = new Float64Array(K * G4);
  const kY = new Float64Array(K * G4);
  const [pooledFrom, pooledTo] = plan.spec.pooled.weeks;
  const pooledWeeks = new Float64Array(members.size);
  const pooledEvents = new Float64Array(members.size);
  const codes = x.codes;
  const hours = x.hours;
  const weekToHours = x.weekToHours;

  const week: MemberWeeks = {
    codes,
    hours,
    weekToHours,
    programme,
    inProgrammeOnly,
    stateCodes,
    hoursCut,
    calN,
    calY,
    kN,
    kY,
    pooledFrom,
    pooledTo,
    pooled: [0, 0],
  };
  for (let m = 0; m < members.size; m++) {
    const def = defs[members.during[m]];
    const windowStart = def.entryFrom; // matrix index of calendar week 1
    const last = Math.min(def.until, members.censorAt[m] - 1);
    const slot = members.cluster[m] * CELL_COUNT + memberCell(members, m);
    // + j gives the slot-major index of calendar week j − windowStart + 1
    const calBase = slot * T - windowStart;
    const kBase = slot * K - members.entry[m];
    memberWeeks(
      week,
      members.person[m] * W,
      members.person[m] * H,
      members.entry[m],
      last,
      windowStart,
      calBase,
      kBase,
    );
    pooledWeeks[m] = week.pooled[0];
    pooledEvents[m] = week.pooled[1];
  }
  const calendar: ShareSeries = {
    axis: 'calendar',
    weeks: range(1, T),
    sums: weekViews(clusters, calN, calY, T),
  };
  const sinceEntry: ShareSeries = {
    axis: 'since-entry',
    weeks: range(0, K - 1),
    sums: weekViews(clusters, kN, kY, K),
  };
  return { outcome, calendar, sinceEntry, pooledWeeks, pooledEvents };
}

/** What one outcome's pass reads and adds to, for memberWeeks. */
interface MemberWeeks {
  codes: Uint16Array;
  hours: Uint32Array | Float64Array;
  weekToHours: Int32Array;
  programme: Uint8Array;
  inProgrammeOnly: boolean;
  stateCodes: Uint8Array | null;
  hoursCut: Float64Array | null;
  calN: Float64Array;
  calY: Float64Array;
  kN: Float64Array;
  kY: Float64Array;
  pooledFrom: number;
  pooledTo: number;
  /** Out: the member's person-weeks in the pooled window and those in the state. */
  pooled: [number, number];
}

/**
 * One membership's weeks e … last added to the sums. A small function of its own: the engine
 * optimises it after a few members, where the whole pass would run unoptimised for a small
 * extract (computeShares took ~90 ms of a 3,000-person run's CPU).
 */
function memberWeeks(
  w: MemberWeeks,
  row: number,
  hrow: number,
  e: number,
  last: number,
  windowStart: number,
  calBase: number,
  kBase: number,
): void {
  const { codes, programme, stateCodes, hoursCut, calN, calY, kN, kY } = w;
  let pw = 0;
  let pe = 0;
  for (let j = e; j <= last; j++) {
    const code = codes[row + j];
    if (w.inProgrammeOnly && programme[code] === 0) continue;
    let y = stateCodes === null || stateCodes[code] === 1 ? 1 : 0;
    if (y === 1 && hoursCut !== null) {
      const h = w.weekToHours[j];
      y = h >= 0 && w.hours[hrow + h] > hoursCut[h] ? 1 : 0;
    }
    const t = j - windowStart + 1;
    calN[calBase + j]++;
    calY[calBase + j] += y;
    kN[kBase + j]++;
    kY[kBase + j] += y;
    if (t >= w.pooledFrom && t <= w.pooledTo) {
      pw++;
      pe += y;
    }
  }
  w.pooled[0] = pw;
  w.pooled[1] = pe;
}

/** Transpose slot-major sums (slot·weeks + week) into one CellSums per week. */
function weekViews(
  clusters: string[],
  n: Float64Array,
  y: Float64Array,
  weeks: number,
): CellSums[] {
  const G4 = CELL_COUNT * clusters.length;
  const wn = new Float64Array(weeks * G4);
  const wy = new Float64Array(weeks * G4);
  for (let slot = 0; slot < G4; slot++) {
    for (let w = 0; w < weeks; w++) {
      wn[w * G4 + slot] = n[slot * weeks + w];
      wy[w * G4 + slot] = y[slot * weeks + w];
    }
  }
  // Outcomes are 0/1, so Σy² = Σy: the same array serves both.
  return range(0, weeks - 1).map((w) => ({
    clusters,
    n: wn.subarray(w * G4, (w + 1) * G4),
    sumY: wy.subarray(w * G4, (w + 1) * G4),
    sumYY: wy.subarray(w * G4, (w + 1) * G4),
  }));
}

/** Cell rows (n, events, share) of a series, in week, group, cohort order. */
export function shareCells(series: ShareSeries): ShareCell[] {
  const rows: ShareCell[] = [];
  series.sums.forEach((s, i) => {
    const tot = cellTotals(s);
    for (const cell of CELLS) {
      const { group, cohort } = cellLabel(cell);
      rows.push({
        group,
        cohort,
        week: series.weeks[i],
        n: tot.n[cell],
        events: tot.sumY[cell],
        share: tot.n[cell] > 0 ? tot.sumY[cell] / tot.n[cell] : null,
      });
    }
  });
  return rows;
}

/**
 * Sum of per-week sums over calendar weeks from..to (inclusive): the pooled model's sufficient
 * statistics.
 */
export function poolSums(series: ShareSeries, from: number, to: number): CellSums {
  const out = emptyCellSums(series.sums[0].clusters);
  series.sums.forEach((s, i) => {
    const w = series.weeks[i];
    if (w < from || w > to) return;
    for (let k = 0; k < s.n.length; k++) {
      out.n[k] += s.n[k];
      out.sumY[k] += s.sumY[k];
      out.sumYY[k] += s.sumYY[k];
    }
  });
  return out;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}
