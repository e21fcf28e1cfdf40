/**
 * The data-generating process: persons one at a time, each written into
 * one reused record (typed arrays), so neither the writer nor the
 * calibration checker ever holds more than one person.
 *
 * A person's weeks are built in segments: background benefit spells before
 * entry, a programme spell (771) with internships (772) inside it, benefit
 * spells after leaving, possibly a new spell, and from death or emigration
 * on the absorbing code 997/998. Monthly hours follow from the week states.
 * README.md (this folder) states the process in words.
 */
import { isoWeekOfSerial, monthOfSerial, serialOfLabel } from '../calendar/isoweek.js';
import { type SimParams, STATE } from './params.js';
import { Random } from './random.js';

/** Mean weeks per year, for yearly trends on a weekly axis. */
const WEEKS_PER_YEAR = 52.1775;

/** The extract's calendar: week serials, week column labels and month columns. */
export interface ExtractCalendar {
  /** Week serial (isoweek.ts) of the first extract week. */
  first: number;
  /** Number of week columns. */
  weeks: number;
  /** Column names y_YYWW, one per week. */
  weekColumns: string[];
  /** Months that hold the Thursday of some extract week, in order. */
  months: { year: number; month: number }[];
  /** Column names timer_YYYY_MM, one per month. */
  monthColumns: string[];
  /** Month index of each week (the month of its Thursday). */
  monthOfWeek: Int32Array;
  /** First week index of each month. */
  firstWeekOfMonth: Int32Array;
}

/** Build the calendar of an extract from its first and last ISO week. */
export function extractCalendar(firstWeek: string, lastWeek: string): ExtractCalendar {
  const first = serialOfLabel(firstWeek);
  const last = serialOfLabel(lastWeek);
  if (last < first) throw new RangeError(`lastWeek ${lastWeek} is before firstWeek ${firstWeek}`);
  const weeks = last - first + 1;
  const weekColumns: string[] = [];
  const months: { year: number; month: number }[] = [];
  const monthOfWeek = new Int32Array(weeks);
  const firsts: number[] = [];
  for (let j = 0; j < weeks; j++) {
    const w = isoWeekOfSerial(first + j);
    weekColumns.push(
      `y_${String(w.year % 100).padStart(2, '0')}${String(w.week).padStart(2, '0')}`,
    );
    const m = monthOfSerial(first + j);
    const prev = months[months.length - 1];
    if (!prev || prev.year !== m.year || prev.month !== m.month) {
      months.push(m);
      firsts.push(j);
    }
    monthOfWeek[j] = months.length - 1;
  }
  const monthColumns = months.map((m) => `timer_${m.year}_${String(m.month).padStart(2, '0')}`);
  return {
    first,
    weeks,
    weekColumns,
    months,
    monthColumns,
    monthOfWeek,
    firstWeekOfMonth: Int32Array.from(firsts),
  };
}

/** One simulated person. The generator overwrites the same record on every call. */
export interface SimPerson {
  /** 0-based row number. */
  index: number;
  /** Pseudonymous person id (8 digits, unique within an extract). */
  pnr: number;
  /** Municipality code (kom). */
  kom: string;
  treated: boolean;
  /** Age in whole years (alder). */
  alder: number;
  koen: 'K' | 'M';
  herkomst: 'dansk' | 'vestlig' | 'ikke-vestlig';
  civilstand: 'gift' | 'ugift';
  /** Week states, index into CODE_TABLE, one per extract week. */
  codes: Uint8Array;
  /** Ordinary hours per month column; 0 = none. */
  hours: Float64Array;
}

/** Municipality-level draws, made once per extract from their own random stream. */
export interface MunicipalityDraws {
  codes: string[];
  treated: Uint8Array;
  /** Internship hazard level (multiplier). */
  level: Float64Array;
  /** Own yearly log drift of the internship hazard. */
  trend: Float64Array;
  /** Hours share level (multiplier). */
  hoursLevel: Float64Array;
  /**
   * Relative deviation of the internship hazard ratio (treated only): HR_m = HR · (1 + deviation).
   */
  effectDeviation: Float64Array;
  /** Weeks after effectFrom before the ramp starts (treated only). */
  effectDelay: Float64Array;
  /**
   * Weeks from effectFrom to the municipality's own start (its round; 0 for the first round and for
   * comparison municipalities).
   */
  roundOffset: Float64Array;
  /** Log deviation of the hours effect (treated only). */
  hoursEffectDeviation: Float64Array;
}

/**
 * Draw the municipality effects. Normal draws are centred within each group
 * (size-weighted) when `centreMunicipalityEffects` is set, so the average
 * truth does not depend on the seed — København alone is a third of the
 * participants, and its draw would otherwise move the average effect.
 */
export function drawMunicipalities(p: SimParams): MunicipalityDraws {
  const rng = new Random(p.seed, 1);
  const codes = Object.keys(p.municipalities);
  const M = codes.length;
  const treatedSet = new Set(p.treated);
  const treated = Uint8Array.from(codes, (c) => (treatedSet.has(c) ? 1 : 0));
  const size = Float64Array.from(codes, (c) => p.municipalities[c]);
  // Deviations that matter for the DiD shrink with size: a large municipality averages over many
  // jobcentre teams. Scale min(1, √(median size / size)) — København's is about a third of a median
  // one's.
  const sorted = [...size].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)];
  const shrink = size.map((s) => Math.min(1, Math.sqrt(median / s)));
  const normals = (sd: number, onlyTreated: boolean, bySize = false): Float64Array => {
    const z = new Float64Array(M);
    // always draw, so streams stay aligned
    for (let m = 0; m < M; m++) z[m] = rng.normal() * sd * (bySize ? shrink[m] : 1);
    for (let m = 0; m < M; m++) if (onlyTreated && !treated[m]) z[m] = 0;
    if (p.centreMunicipalityEffects) {
      for (const g of [0, 1]) {
        let sw = 0;
        let swz = 0;
        for (let m = 0; m < M; m++)
          if (treated[m] === g) {
            sw += size[m];
            swz += size[m] * z[m];
          }
        if (sw > 0 && !(onlyTreated && g === 0))
          for (let m = 0; m < M; m++) if (treated[m] === g) z[m] -= swz / sw;
      }
    }
    return z;
  };
  const level = normals(p.municipalitySd, false).map(Math.exp);
  const trend = normals(p.municipalityTrendSd, false, true);
  const hoursLevel = normals(p.hoursMunicipalitySd, false).map(Math.exp);
  const effectDeviation = normals(p.internshipEffectSd, true, true);
  const hoursEffectDeviation = normals(p.hoursEffectSd, true, true);
  const effectDelay = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    const d = rng.uniform() * p.effectDelayWeeks;
    effectDelay[m] = treated[m] ? d : 0;
  }
  const roundOffset = new Float64Array(M);
  const roundOf = roundsOf(p);
  for (let m = 0; m < M; m++) roundOffset[m] = (roundOf.get(codes[m]) ?? 0) * p.roundWeeks;
  return {
    codes,
    treated,
    level,
    trend,
    hoursLevel,
    effectDeviation,
    effectDelay,
    roundOffset,
    hoursEffectDeviation,
  };
}

/**
 * Persons per municipality when sizes are honoured exactly: `sizes` scaled to
 * `persons` and rounded by largest remainder (ties to the earlier
 * municipality), so the counts add up to `persons`; sizes that are whole
 * numbers adding up to `persons` come back unchanged.
 */
export function exactCounts(sizes: readonly number[], persons: number): Int32Array {
  const total = sizes.reduce((a, b) => a + b, 0);
  const quota = sizes.map((s) => (total > 0 ? (s * persons) / total : 0));
  const out = Int32Array.from(quota, (q) => Math.floor(q + 1e-9));
  let left = persons - out.reduce((a, b) => a + b, 0);
  const order = quota.map((q, m) => ({ m, r: q - out[m] })).sort((a, b) => b.r - a.r || a.m - b.m);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--)
    out[order[k].m]++;
  return out;
}

/** Round (0-based) of each participating municipality: dealt in turn in the order of `treated`. */
export function roundsOf(p: Pick<SimParams, 'treated' | 'rounds'>): Map<string, number> {
  return new Map(p.treated.map((c, i) => [c, i % Math.max(1, p.rounds)]));
}

/** Is the ISO week of a serial a holiday week with fewer entries (weeks 28–31, 51–53, 1)? */
function holidayWeek(serial: number): boolean {
  const w = isoWeekOfSerial(serial).week;
  return (w >= 28 && w <= 31) || w >= 51 || w === 1;
}

/** Kinds of persons by when (whether) their first programme spell starts. */
const KIND_ENTRANT = 0,
  KIND_EARLY = 1,
  KIND_LATE = 2,
  KIND_NEVER = 3;

export interface PersonGenerator {
  calendar: ExtractCalendar;
  municipalities: MunicipalityDraws;
  /** Generate the next person into the shared record and return it. */
  next(): SimPerson;
}

/** A generator of persons for a parameter set; call `next()` `persons` times. */
export function personGenerator(p: SimParams): PersonGenerator {
  const cal = extractCalendar(p.firstWeek, p.lastWeek);
  const W = cal.weeks;
  const mun = drawMunicipalities(p);
  const M = mun.codes.length;
  // One stream per person (row i uses stream i + 2; 1 is the municipalities'): the same person
  // lives the
  // same life in runs that differ only in the effect, which makes the true effect a paired
  // difference.
  const rng = new Random(p.seed, 2);
  const cumSize = new Float64Array(M);
  for (let m = 0; m < M; m++)
    cumSize[m] = (m ? cumSize[m - 1] : 0) + p.municipalities[mun.codes[m]];
  // exactSizes: rows are dealt to municipalities in blocks of exactly these counts (in the order of
  // `codes`).
  let blockEnd: Float64Array | null = null;
  if (p.exactSizes) {
    const counts = exactCounts(
      mun.codes.map((c) => p.municipalities[c]),
      p.persons,
    );
    blockEnd = new Float64Array(M);
    for (let m = 0; m < M; m++) blockEnd[m] = (m ? blockEnd[m - 1] : 0) + counts[m];
  }
  let block = 0;

  // Week indices (relative to the extract's first week) of the fixed calendar points.
  const inflowFrom = serialOfLabel(p.inflowFrom) - cal.first;
  const inflowTo = serialOfLabel(p.inflowTo) - cal.first;
  const effectFrom = serialOfLabel(p.effectFrom) - cal.first;
  const yearsAt = (j: number) => (j - inflowFrom) / WEEKS_PER_YEAR;

  // Entry weeks of entrants: weekly inflow weights (growth and holiday dips), cumulative.
  const inflowWeeks = inflowTo - inflowFrom + 1;
  const cumInflow = new Float64Array(Math.max(1, inflowWeeks));
  for (let i = 0; i < inflowWeeks; i++) {
    const j = inflowFrom + i;
    const w =
      p.inflowGrowth ** yearsAt(j) * (holidayWeek(cal.first + j) ? 1 - p.inflowHolidayDip : 1);
    cumInflow[i] = (i ? cumInflow[i - 1] : 0) + w;
  }

  // Per municipality × week: baseline internship hazard, effect hazard ratio and internship-length
  // multiplier.
  const effectOn = p.programmeEffect && p.effect !== 0;
  const hazBase = new Float64Array(M * W);
  const effHR = new Float64Array(M * W).fill(1);
  const effLen = new Float64Array(M * W).fill(1);
  // Calendar trend of internship length (applies to the geometric remainder).
  const lenTrend = Float64Array.from({ length: W }, (_, j) => p.internshipWeeksTrend ** yearsAt(j));
  const logLen = Math.log(p.internshipWeeksEffect);
  for (let m = 0; m < M; m++) {
    const tr = mun.treated[m] === 1;
    for (let j = 0; j < W; j++) {
      const y = yearsAt(j);
      hazBase[m * W + j] =
        p.internshipHazard *
        mun.level[m] *
        Math.exp(mun.trend[m] * y + (tr ? p.preTrend * y : 0)) *
        p.internshipTrend ** y *
        (tr ? p.treatedInternshipLevel : 1);
      const start = effectFrom + mun.roundOffset[m];
      if (tr && effectOn && j >= start) {
        const ramp =
          p.effectRampWeeks > 0
            ? (j - start - mun.effectDelay[m]) / p.effectRampWeeks
            : j - start >= mun.effectDelay[m]
              ? 1
              : 0;
        const strength = Math.min(1, Math.max(0, ramp)) * p.effect;
        effHR[m * W + j] = Math.exp(
          strength * Math.log(Math.max(0.1, p.internshipEffect * (1 + mun.effectDeviation[m]))),
        );
        effLen[m * W + j] = Math.exp(strength * logLen);
      }
    }
  }
  // Per municipality × month: hours share multiplier (level, trend, group); per municipality: the
  // hours effect.
  const months = cal.months.length;
  const hoursBase = new Float64Array(M * months);
  const hoursEff = new Float64Array(M).fill(1);
  for (let m = 0; m < M; m++) {
    const tr = mun.treated[m] === 1;
    for (let mo = 0; mo < months; mo++) {
      hoursBase[m * months + mo] =
        mun.hoursLevel[m] *
        p.hoursTrend ** yearsAt(cal.firstWeekOfMonth[mo]) *
        (tr ? p.treatedHoursLevel : 1);
    }
    if (tr && effectOn)
      hoursEff[m] = Math.exp(p.effect * (Math.log(p.hoursEffect) + mun.hoursEffectDeviation[m]));
  }

  const registerHazard = p.deathHazard + p.emigrationHazard;
  const deathShare = registerHazard > 0 ? p.deathHazard / registerHazard : 0;
  const internshipTail = 1 / Math.max(1, p.internshipWeeks - p.internshipMinWeeks + 1);
  // Ids: 10,000,000 + (7919·row + offset) mod 90,000,000 — a bijection on rows (7919 is prime to
  // 9·10^7), so unique.
  const pnrOffset =
    ((((Math.trunc(p.seed) % 90_000_000) * 104_729) % 90_000_000) + 90_000_000) % 90_000_000;
  const record: SimPerson = {
    index: -1,
    pnr: 0,
    kom: '',
    treated: false,
    alder: 0,
    koen: 'K',
    herkomst: 'dansk',
    civilstand: 'ugift',
    codes: new Uint8Array(W),
    hours: new Float64Array(months),
  };
  const codes = record.codes;
  const hours = record.hours;
  /**
   * Start week of the programme spell each programme week belongs to (may be negative: before the
   * extract).
   */
  const spellOf = new Int32Array(W);

  /**
   * Benefit spells over weeks [from, to): alternating on/off spells of
   * geometric length; an on-spell carries `code` (or, with chance
   * `otherShare`, `other`). Starts on with the stationary chance.
   */
  const benefitSpells = (
    from: number,
    to: number,
    code: number,
    other: number,
    otherShare: number,
  ): void => {
    const on = p.benefitSpellWeeks;
    const off = p.benefitGapWeeks;
    let j = from;
    let isOn = rng.uniform() < on / (on + off);
    while (j < to) {
      const len = 1 + rng.geometric(1 / (isOn ? on : off));
      const end = Math.min(to, j + len);
      if (isOn) codes.fill(rng.uniform() < otherShare ? other : code, j, end);
      j = end;
      isOn = !isOn;
    }
  };

  return {
    calendar: cal,
    municipalities: mun,
    next(): SimPerson {
      const i = ++record.index;
      rng.reseed(p.seed, i + 2);
      codes.fill(STATE.none);
      hours.fill(0);

      // --- who: municipality and covariates
      // The draw is made either way, so every later draw of the person stays on the same stream.
      const drawn = rng.pick(cumSize);
      if (blockEnd) while (block < M - 1 && i >= blockEnd[block]) block++;
      const m = blockEnd ? block : drawn;
      const treated = mun.treated[m] === 1;
      const myStart = effectFrom + mun.roundOffset[m];
      record.pnr = 10_000_000 + ((i * 7919 + pnrOffset) % 90_000_000);
      record.kom = mun.codes[m];
      record.treated = treated;
      const age = Math.round(p.meanAge + (treated ? p.ageGap : 0) + p.ageSd * rng.normal());
      record.alder = Math.min(64, Math.max(18, age));
      record.koen = rng.uniform() < p.women ? 'K' : 'M';
      const ou = rng.uniform();
      const nw = treated ? p.nonWesternTreated : p.nonWestern;
      record.herkomst = ou < nw ? 'ikke-vestlig' : ou < nw + p.western ? 'vestlig' : 'dansk';
      record.civilstand =
        rng.uniform() < (treated ? p.marriedTreated : p.married) ? 'gift' : 'ugift';
      const nonWestern = record.herkomst === 'ikke-vestlig' ? 1 : 0;
      const ageTens = (record.alder - 40) / 10;

      // --- when: first programme spell, and leaving the register
      const ku = rng.uniform();
      const kind =
        ku < p.entrantShare
          ? KIND_ENTRANT
          : ku < p.entrantShare + p.earlyShare
            ? KIND_EARLY
            : ku < p.entrantShare + p.earlyShare + p.lateShare
              ? KIND_LATE
              : KIND_NEVER;
      let entry = Infinity;
      if (kind === KIND_ENTRANT && inflowWeeks > 0) entry = inflowFrom + rng.pick(cumInflow);
      else if (kind === KIND_EARLY) entry = inflowFrom - 1 - rng.int(104);
      else if (kind === KIND_LATE && inflowTo + 1 < W)
        entry = inflowTo + 1 + rng.int(W - inflowTo - 1);
      // Death or emigration: counted from the first spell's start for those who have one (the
      // extract is
      // drawn among persons alive when their spell starts), else from the first extract week.
      const gone = Math.min(
        W,
        Math.max(0, Number.isFinite(entry) ? entry + 1 : 0) + rng.geometric(registerHazard),
      );
      const goneCode = rng.uniform() < deathShare ? STATE.death : STATE.emigration;
      const cashOrigin = rng.uniform() < (treated ? p.cashOriginTreated : p.cashOrigin);
      const origin = cashOrigin ? STATE.cash : STATE.sickness;
      const otherOrigin = cashOrigin ? STATE.sickness : STATE.cash;

      // Person factors on the internship hazard and the hours share.
      const frailty = Math.exp(p.frailtySd * rng.normal() - (p.frailtySd * p.frailtySd) / 2);
      const personHazard =
        frailty * Math.exp(p.ageOnInternship * ageTens + p.nonWesternOnInternship * nonWestern);
      const personHours = Math.exp(p.ageOnHours * ageTens + p.nonWesternOnHours * nonWestern);

      // --- weeks
      let firstExit = Infinity; // first week after leaving a programme spell
      let boostedExit = Infinity; // first week after leaving a spell the effect reached
      const end = gone; // weeks from `gone` on are 997/998
      // Before the first spell: benefit spells, ending in a lead-in on the origin benefit.
      const preEnd = Math.min(end, Math.max(0, entry));
      if (preEnd > 0) {
        benefitSpells(0, preEnd, origin, otherOrigin, 0.15);
        if (entry < end) {
          const lead = Math.min(preEnd, 1 + rng.geometric(1 / p.leadInWeeks));
          codes.fill(origin, preEnd - lead, preEnd);
        }
      }
      let spellStart = entry;
      let j = Math.max(0, entry);
      while (j < end) {
        // A programme spell from spellStart; weeks j … in it.
        const eligible =
          effectOn && treated && (p.effectScope === 'all-in-programme' || spellStart >= myStart);
        let internships = 0;
        let exitAt = end;
        while (j < end) {
          const k = j - spellStart;
          const pExit = k < 52 ? p.exitHazardFirstYear : p.exitHazard;
          const at = m * W + j;
          const eff = eligible ? effHR[at] : 1; // 1 before effectFrom
          const pIntern =
            k < p.internshipDelayWeeks
              ? 0
              : Math.min(
                  0.9,
                  hazBase[at] * eff * personHazard * (internships > 0 ? p.repeatInternship : 1),
                );
          const u = rng.uniform();
          if (u < pExit) {
            exitAt = j;
            break;
          }
          if (u < pExit + pIntern) {
            // An internship: minimum length plus a geometric remainder, longer where the effect
            // reaches.
            const len =
              p.internshipMinWeeks +
              rng.geometric(
                Math.min(1, internshipTail / (lenTrend[j] * (eligible ? effLen[at] : 1))),
              );
            // The spell can also end during the internship (e.g. into a fleksjob at the same
            // employer), at the
            // exit hazard of the internship's first week; that week is the first one out of the
            // programme.
            const leave = 1 + rng.geometric(pExit);
            const stop = Math.min(end, j + Math.min(len, leave));
            codes.fill(STATE.internship, j, stop);
            spellOf.fill(spellStart, j, stop);
            internships++;
            j = stop;
            if (leave < len && stop < end) {
              exitAt = stop;
              break;
            }
            continue;
          }
          codes[j] = STATE.programme;
          spellOf[j] = spellStart;
          j++;
        }
        if (exitAt >= end) break;
        // After the spell: back on cash or sickness benefit, or none (job, fleksjob, other).
        if (exitAt < firstExit) firstExit = exitAt;
        if (eligible && exitAt >= myStart && exitAt < boostedExit) boostedExit = exitAt;
        const du = rng.uniform();
        const back = rng.geometric(p.reentryHazard);
        const next = Math.min(end, exitAt + 1 + back);
        if (du < p.afterExitCash) benefitSpells(exitAt, next, STATE.cash, STATE.sickness, 0.1);
        else if (du < p.afterExitCash + p.afterExitSickness)
          benefitSpells(exitAt, next, STATE.sickness, STATE.cash, 0.1);
        spellStart = next;
        j = next;
      }
      if (end < W) codes.fill(goneCode, end, W);

      // --- monthly ordinary hours, a persistent on/off chain whose share follows the month's state
      let on = false;
      for (let mo = 0; mo < months; mo++) {
        const j0 = cal.firstWeekOfMonth[mo];
        if (j0 >= end) break;
        const s = codes[j0];
        let share: number;
        if (s === STATE.programme || s === STATE.internship)
          share = p.hoursInProgramme * p.hoursProgression ** ((j0 - spellOf[j0]) / WEEKS_PER_YEAR);
        else if (j0 >= firstExit) share = p.hoursAfterExit * (j0 >= boostedExit ? hoursEff[m] : 1);
        else share = p.hoursBackground;
        share = Math.min(0.95, share * hoursBase[m * months + mo] * personHours);
        const stay = Math.max(p.hoursPersistence, share);
        on = on ? rng.uniform() < stay : rng.uniform() < (share * (1 - stay)) / (1 - share);
        if (on) {
          const h = p.hoursMedian * Math.exp(p.hoursSpread * rng.normal());
          hours[mo] = Math.min(160, Math.max(1, Math.round(h * 10) / 10));
        }
      }
      return record;
    },
  };
}
