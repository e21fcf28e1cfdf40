/**
 * Calibration checker: the target statistics of the Bedre Ressourceforløb
 * evaluation computed straight from person records, with the
 * definitions of docs/definitions.md and nothing of the
 * simulator's internals — only the text codes, municipality codes, the week
 * range and the monthly hours, as a reader of dream.csv would see them.
 *
 * It is deliberately a second, small implementation (no estimator code is
 * shared with the pipeline): shares per cell and calendar week, the weekly
 * and pooled DiD (the saturated 2×2 LPM's interaction equals the DiD of cell
 * means), per-municipality DiD on the pooled weeks, Kaplan–Meier "started
 * within k weeks", and the Cox hazard ratio of treated·during with Breslow
 * ties, computed through its exact Poisson (piecewise-exponential, one
 * interval per week) equivalence. No standard errors: this is for tuning
 * and for CI tolerances, not for inference.
 */
import { monthOfSerial, serialOfLabel } from '../calendar/isoweek.js';
import { cellIndex, cellKey, cellLabel, CELLS as DESIGN_CELLS } from '../design/cells.js';
import { CODE_TABLE, CODES, type SimParams } from './params.js';
import { personGenerator } from './process.js';

/** The parts of an evaluation spec the statistics depend on. */
export interface CalibrationDesign {
  codes: { programme: string[]; internship: string[]; censor: string[] };
  treated: string[];
  cohorts: Record<'before' | 'during', { entry: [string, string]; until: string }>;
  /** Calendar weeks pooled for the pooled DiD (inclusive). */
  pooled: [number, number];
}

/** The design of the reference evaluation, for a given treated list. */
export function brfDesign(treated: string[]): CalibrationDesign {
  return {
    codes: {
      programme: [CODES.programme, CODES.internship],
      internship: [CODES.internship],
      censor: [CODES.death, CODES.emigration],
    },
    treated,
    cohorts: {
      before: { entry: ['2016-W01', '2016-W52'], until: '2017-W52' },
      during: { entry: ['2017-W01', '2018-W52'], until: '2018-W52' },
    },
    pooled: [53, 104],
  };
}

/**
 * What the checker knows of an extract: its weeks, its month columns and the text of each code
 * index.
 */
export interface ExtractShape {
  /** Week serial (isoweek.ts) of the first week column. */
  firstWeek: number;
  weeks: number;
  /** Month of each hours column. */
  months: { year: number; month: number }[];
  /** Code index → code text ('' = no benefit). */
  codeTable: readonly string[];
}

/** Cell keys ("treated.during") in the design's cell order (design/cells). */
export const CELLS: readonly CellName[] = DESIGN_CELLS.map((c) => {
  const { group, cohort } = cellLabel(c);
  return cellKey(group, cohort);
});
export type CellName = ReturnType<typeof cellKey>;

export interface ShareSeries {
  /** n[cell][t], events[cell][t] for calendar weeks t = 1 … T (index 0 unused). */
  n: number[][];
  events: number[][];
}

export interface CellSurvival {
  members: number;
  events: number;
  /**
   * 1 − KM survival at 26, 52 and 104 weeks since entry (null when nobody is at risk that long).
   */
  started26: number | null;
  started52: number | null;
  started104: number | null;
}

export interface CalibrationStats {
  /** Weeks per cohort axis (T). */
  weeks: number;
  persons: number;
  /** Persons with no programme start in either entry window (excluded by design). */
  excluded: number;
  members: Record<CellName, number>;
  /** Share series per outcome: internship (in programme), hours (started), hoursInProgramme. */
  series: Record<'internship' | 'hours' | 'hoursInProgramme', ShareSeries>;
  /** share(outcome, cell, t). */
  share(outcome: 'internship' | 'hours' | 'hoursInProgramme', cell: CellName, t: number): number;
  /**
   * Weekly DiD (treated·during − treated·before) − (comparison·during − comparison·before) at week
   * t.
   */
  did(outcome: 'internship' | 'hours' | 'hoursInProgramme', t: number): number;
  /** Pooled DiD over the design's pooled weeks (person-week means). */
  pooled: Record<'internship' | 'hours' | 'hoursInProgramme', number>;
  /** Per treated municipality: pooled DiD against the whole comparison group. */
  municipalities: Record<'internship' | 'hours', Record<string, number>>;
  survival: Record<CellName, CellSurvival>;
  /** Cox hazard ratio of treated·during (Breslow ties), time to first internship. */
  hazardRatio: number;
}

type Outcome = 'internship' | 'hours' | 'hoursInProgramme';

/** Accumulates persons one at a time; `result()` gives the statistics. */
export class CalibrationTally {
  private readonly isProgramme: Uint8Array;
  private readonly isInternship: Uint8Array;
  private readonly isCensor: Uint8Array;
  private readonly hoursColumnOfWeek: Int32Array;
  private readonly treated: Set<string>;
  private readonly windows: { from: number; to: number; until: number }[];
  private readonly T: number;
  private readonly pooledFrom: number;
  private readonly pooledTo: number;
  private readonly n: Record<Outcome, Float64Array[]>;
  private readonly e: Record<Outcome, Float64Array[]>;
  /** Pooled sums per municipality and cohort: [n, events] for internship and hours. */
  private readonly byKom = new Map<string, Float64Array>();
  /** Survival: at-risk counts (by exit time) and events per cell and duration. */
  private readonly exitsAt: Float64Array[];
  private readonly eventsAt: Float64Array[];
  private readonly memberCount = [0, 0, 0, 0];
  private persons = 0;
  private excluded = 0;

  constructor(
    design: CalibrationDesign,
    private readonly shape: ExtractShape,
  ) {
    const table = shape.codeTable;
    const mask = (set: string[]) => Uint8Array.from(table, (c) => (set.includes(c) ? 1 : 0));
    this.isProgramme = mask(design.codes.programme);
    this.isInternship = mask(design.codes.internship);
    this.isCensor = mask(design.codes.censor);
    // A week's hours are those of the month holding its Thursday; -1 when no column covers it (0
    // hours).
    const key = (y: number, m: number) => y * 12 + m;
    const col = new Map(shape.months.map((m, i) => [key(m.year, m.month), i]));
    this.hoursColumnOfWeek = new Int32Array(shape.weeks);
    for (let j = 0; j < shape.weeks; j++) {
      const m = monthOfSerial(shape.firstWeek + j);
      this.hoursColumnOfWeek[j] = col.get(key(m.year, m.month)) ?? -1;
    }
    this.treated = new Set(design.treated);
    this.windows = (['before', 'during'] as const).map((c) => {
      const d = design.cohorts[c];
      return {
        from: serialOfLabel(d.entry[0]) - shape.firstWeek,
        to: serialOfLabel(d.entry[1]) - shape.firstWeek,
        until: serialOfLabel(d.until) - shape.firstWeek,
      };
    });
    this.T = Math.max(...this.windows.map((w) => w.until - w.from + 1));
    [this.pooledFrom, this.pooledTo] = design.pooled;
    const arrays = () => [0, 1, 2, 3].map(() => new Float64Array(this.T + 1));
    this.n = { internship: arrays(), hours: arrays(), hoursInProgramme: arrays() };
    this.e = { internship: arrays(), hours: arrays(), hoursInProgramme: arrays() };
    this.exitsAt = [0, 1, 2, 3].map(() => new Float64Array(this.T + 2));
    this.eventsAt = [0, 1, 2, 3].map(() => new Float64Array(this.T + 2));
  }

  /** Add one person: municipality code, code index per week, hours per month column. */
  add(kom: string, codes: ArrayLike<number>, hours: ArrayLike<number>): void {
    this.persons++;
    const W = this.shape.weeks;
    const prog = this.isProgramme;
    let censorAt = Infinity;
    for (let j = 0; j < W; j++) {
      if (this.isCensor[codes[j]]) {
        censorAt = j;
        break;
      }
    }
    const treated = this.treated.has(kom) ? 1 : 0;
    let member = false;
    for (let c = 0; c < 2; c++) {
      const w = this.windows[c];
      // Entry: the first start (in programme after a week not in it, or in the first extract week)
      // in the window.
      let entry = -1;
      for (let j = Math.max(0, w.from); j <= Math.min(w.to, W - 1); j++) {
        if (prog[codes[j]] && (j === 0 || !prog[codes[j - 1]])) {
          entry = j;
          break;
        }
      }
      if (entry < 0 || entry >= censorAt) continue;
      member = true;
      const cell = cellIndex(treated, c);
      this.memberCount[cell]++;
      let kom2 = this.byKom.get(kom);
      if (!kom2) {
        kom2 = new Float64Array(8);
        this.byKom.set(kom, kom2);
      }
      const last = Math.min(w.until, censorAt - 1, W - 1);
      for (let j = entry; j <= last; j++) {
        const t = j - w.from + 1;
        const h = this.hoursColumnOfWeek[j];
        const hasHours = h >= 0 && hours[h] > 0 ? 1 : 0;
        this.n.hours[cell][t]++;
        this.e.hours[cell][t] += hasHours;
        const inProg = prog[codes[j]] === 1;
        const intern = this.isInternship[codes[j]];
        if (inProg) {
          this.n.internship[cell][t]++;
          this.e.internship[cell][t] += intern;
          this.n.hoursInProgramme[cell][t]++;
          this.e.hoursInProgramme[cell][t] += hasHours;
        }
        if (t >= this.pooledFrom && t <= this.pooledTo) {
          if (inProg) {
            kom2[4 * c] += 1;
            kom2[4 * c + 1] += intern;
          }
          kom2[4 * c + 2] += 1;
          kom2[4 * c + 3] += hasHours;
        }
      }
      // Survival: first internship week at or after entry, observed through `last`.
      let time = last - entry + 1;
      let event = 0;
      for (let j = entry; j <= last; j++) {
        if (this.isInternship[codes[j]]) {
          time = j - entry + 1;
          event = 1;
          break;
        }
      }
      if (time >= 1) {
        this.exitsAt[cell][Math.min(time, this.T + 1)]++;
        this.eventsAt[cell][Math.min(time, this.T + 1)] += event;
      }
    }
    if (!member) this.excluded++;
  }

  result(): CalibrationStats {
    const T = this.T;
    const series = {} as CalibrationStats['series'];
    const pooled = {} as CalibrationStats['pooled'];
    for (const o of ['internship', 'hours', 'hoursInProgramme'] as const) {
      series[o] = {
        n: this.n[o].map((a) => Array.from(a)),
        events: this.e[o].map((a) => Array.from(a)),
      };
      const mean = [0, 1, 2, 3].map((c) => {
        let n = 0;
        let e = 0;
        for (let t = this.pooledFrom; t <= Math.min(this.pooledTo, T); t++) {
          n += this.n[o][c][t];
          e += this.e[o][c][t];
        }
        return e / n;
      });
      pooled[o] = mean[3] - mean[2] - (mean[1] - mean[0]);
    }
    const share = (o: Outcome, cell: CellName, t: number) => {
      const c = CELLS.indexOf(cell);
      return this.e[o][c][t] / this.n[o][c][t];
    };
    const did = (o: Outcome, t: number) =>
      share(o, 'treated.during', t) -
      share(o, 'treated.before', t) -
      (share(o, 'comparison.during', t) - share(o, 'comparison.before', t));

    // Per municipality: its own treated cells against the whole comparison group.
    const comp = new Float64Array(8);
    for (const [kom, a] of this.byKom)
      if (!this.treated.has(kom)) for (let i = 0; i < 8; i++) comp[i] += a[i];
    const municipalities: CalibrationStats['municipalities'] = { internship: {}, hours: {} };
    for (const kom of [...this.byKom.keys()].filter((k) => this.treated.has(k)).sort()) {
      const a = this.byKom.get(kom)!;
      for (const [o, off] of [
        ['internship', 0],
        ['hours', 2],
      ] as const) {
        if (a[off] > 0 && a[4 + off] > 0) {
          municipalities[o][kom] =
            a[4 + off + 1] / a[4 + off] -
            a[off + 1] / a[off] -
            (comp[4 + off + 1] / comp[4 + off] - comp[off + 1] / comp[off]);
        }
      }
    }

    // Kaplan–Meier per cell; risk sets for the Cox fit.
    const survival = {} as CalibrationStats['survival'];
    const atRisk = [0, 1, 2, 3].map(() => new Float64Array(T + 2));
    for (let c = 0; c < 4; c++) {
      let risk = 0;
      for (let d = T + 1; d >= 1; d--) {
        risk += this.exitsAt[c][d];
        atRisk[c][d] = risk;
      }
      let s = 1;
      const startedBy: (number | null)[] = [];
      for (let d = 1; d <= T + 1; d++) {
        if (atRisk[c][d] > 0) s *= 1 - this.eventsAt[c][d] / atRisk[c][d];
        startedBy[d] = atRisk[c][d] > 0 ? 1 - s : null;
      }
      let events = 0;
      for (let d = 1; d <= T + 1; d++) events += this.eventsAt[c][d];
      survival[CELLS[c]] = {
        members: this.memberCount[c],
        events,
        started26: startedBy[26] ?? null,
        started52: startedBy[52] ?? null,
        started104: startedBy[Math.min(104, T)] ?? null,
      };
    }
    const members = Object.fromEntries(CELLS.map((c, i) => [c, this.memberCount[i]])) as Record<
      CellName,
      number
    >;
    return {
      weeks: T,
      persons: this.persons,
      excluded: this.excluded,
      members,
      series,
      share,
      did,
      pooled,
      municipalities,
      survival,
      hazardRatio: coxBreslowHazardRatio(atRisk, this.eventsAt),
    };
  }
}

/**
 * Cox model with one parameter per cell (equivalent to treated, during and
 * treated·during) and Breslow ties, fitted as the Poisson model
 * events[c][d] ~ atRisk[c][d] · λ_d · exp(β_c), which has the same
 * estimates. Alternating closed-form updates; returns exp(β_TD − β_TB − β_CD + β_CB).
 */
export function coxBreslowHazardRatio(
  atRisk: ArrayLike<number>[],
  events: ArrayLike<number>[],
): number {
  const C = atRisk.length;
  const D = atRisk[0].length;
  const rr = new Float64Array(C).fill(1);
  const lambda = new Float64Array(D);
  const eventsByCell = new Float64Array(C);
  const eventsByWeek = new Float64Array(D);
  for (let c = 0; c < C; c++) {
    for (let d = 0; d < D; d++) {
      eventsByCell[c] += events[c][d];
      eventsByWeek[d] += events[c][d];
    }
  }
  for (let iter = 0; iter < 500; iter++) {
    for (let d = 0; d < D; d++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += atRisk[c][d] * rr[c];
      lambda[d] = s > 0 ? eventsByWeek[d] / s : 0;
    }
    let change = 0;
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += atRisk[c][d] * lambda[d];
      const next = s > 0 ? eventsByCell[c] / s : 1;
      change = Math.max(change, Math.abs(Math.log(next / rr[c])));
      rr[c] = next;
    }
    if (change < 1e-10) break;
  }
  return (rr[3] * rr[0]) / (rr[2] * rr[1]);
}

/** Simulate `p` in memory (one person at a time) and compute the statistics. */
export function calibrate(
  p: SimParams,
  design: CalibrationDesign = brfDesign(p.treated),
): CalibrationStats {
  const gen = personGenerator(p);
  const tally = new CalibrationTally(design, {
    firstWeek: gen.calendar.first,
    weeks: gen.calendar.weeks,
    months: gen.calendar.months,
    codeTable: CODE_TABLE,
  });
  for (let i = 0; i < p.persons; i++) {
    const person = gen.next();
    tally.add(person.kom, person.codes, person.hours);
  }
  return tally.result();
}

/** The effect the simulator put in, measured as a paired difference (see `trueEffect`). */
export interface TrueEffect {
  /** treated·during share with the effect minus without, at calendar week t (index t; 0 unused). */
  weekly: Record<Outcome, number[]>;
  /** The same on the pooled person-weeks. */
  pooled: Record<Outcome, number>;
  /**
   * DiD estimates with the effect switched off: the part of the DiD that is not effect (≈ 0 when
   * parallel trends hold for shares).
   */
  didWithoutEffect: { weekly: Record<Outcome, number[]>; pooled: Record<Outcome, number> };
  /** Both runs' statistics. */
  on: CalibrationStats;
  off: CalibrationStats;
}

/**
 * The true effect on the treated·during cells. Every person draws from a
 * stream of their own, so running the same parameters with the effect
 * switched off gives each person's counterfactual life; the difference of
 * the treated·during shares is the effect on the treated (ATT) in this very
 * sample. DiD(on) − DiD(off) equals it exactly when only treated·during
 * persons are touched, which holds up to the few participants of the before
 * cohort who start a new spell in the project period.
 */
export function trueEffect(
  p: SimParams,
  design: CalibrationDesign = brfDesign(p.treated),
): TrueEffect {
  const on = calibrate(p, design);
  const off = calibrate({ ...p, programmeEffect: false }, design);
  const outcomes: Outcome[] = ['internship', 'hours', 'hoursInProgramme'];
  const weekly = {} as Record<Outcome, number[]>;
  const pooled = {} as Record<Outcome, number>;
  const offWeekly = {} as Record<Outcome, number[]>;
  const cell = CELLS.indexOf('treated.during');
  const [from, to] = design.pooled;
  for (const o of outcomes) {
    weekly[o] = [NaN];
    offWeekly[o] = [NaN];
    for (let t = 1; t <= on.weeks; t++) {
      weekly[o].push(on.share(o, 'treated.during', t) - off.share(o, 'treated.during', t));
      offWeekly[o].push(off.did(o, t));
    }
    const mean = (s: CalibrationStats) => {
      let n = 0;
      let e = 0;
      for (let t = from; t <= Math.min(to, s.weeks); t++) {
        n += s.series[o].n[cell][t];
        e += s.series[o].events[cell][t];
      }
      return e / n;
    };
    pooled[o] = mean(on) - mean(off);
  }
  return { weekly, pooled, didWithoutEffect: { weekly: offWeekly, pooled: off.pooled }, on, off };
}
