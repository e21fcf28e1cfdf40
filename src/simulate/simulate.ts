/**
 * Generate a DREAM-style extract person by person and stream it to disk:
 * one reused byte buffer, flushed in 8 MB chunks, so 10^6 persons never sit
 * in memory. The process is described in params.ts and the README.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { formatSerial, monthOfSerial, serialOfLabel } from '../calendar/isoweek.js';
import { CODES, type SimParams } from './params.js';
import { Random } from './random.js';

/** Week-state codes, index into CODE_TEXT. */
const NONE = 0, PROG = 1, INTERN = 2, CASH = 3, SICK = 4, DEATH = 5, EMIG = 6;
const CODE_TEXT = ['', CODES.programme, CODES.internship, CODES.cash, CODES.sickness, CODES.death, CODES.emigration];

export interface SimulatedPerson {
  id: string;
  municipality: string;
  treated: boolean;
  age: number;
  sex: 'K' | 'M';
  origin: 'dansk' | 'vestlig' | 'ikke-vestlig';
  civil: 'gift' | 'ugift';
  /** Week states (index into CODE_TEXT) per extract week. */
  weeks: Uint8Array;
  /** Hours per month column. */
  hours: Float64Array;
}

/** The calendar of an extract: week serials and the month columns with the week each month is read from. */
export function simCalendar(p: SimParams) {
  const first = serialOfLabel(p.firstWeek);
  const last = serialOfLabel(p.lastWeek);
  const W = last - first + 1;
  const months: { year: number; month: number }[] = [];
  const monthOfWeek = new Int32Array(W);
  for (let j = 0; j < W; j++) {
    const m = monthOfSerial(first + j);
    const prev = months[months.length - 1];
    if (!prev || prev.year !== m.year || prev.month !== m.month) months.push(m);
    monthOfWeek[j] = months.length - 1;
  }
  return { first, W, months, monthOfWeek };
}

/** A generator of persons for a parameter set; call `next()` persons times. */
export function personGenerator(p: SimParams) {
  const rng = new Random(p.seed);
  const cal = simCalendar(p);
  const codes = Object.keys(p.municipalities);
  const treatedSet = new Set(p.treated);
  const cum = new Float64Array(codes.length);
  codes.forEach((c, i) => (cum[i] = (i ? cum[i - 1] : 0) + p.municipalities[c]));
  // Municipality random effects, drawn once: level of the internship hazard and the effect's size.
  const level = codes.map(() => Math.exp(p.municipalitySd * rng.normal()));
  const effectOf = codes.map(() => Math.exp(Math.log(Math.max(p.effect, 1e-9)) + p.effectSd * rng.normal()));
  const windowFrom = serialOfLabel('2016-W01') - cal.first;
  const windowTo = serialOfLabel('2018-W52') - cal.first;
  const effectFrom = serialOfLabel(p.effectFrom) - cal.first;
  const week2016 = serialOfLabel('2016-W01') - cal.first;
  let count = 0;

  /** A two-state on/off chain with stationary share `share` and persistence 0.9. */
  const spell = (on: boolean, share: number): boolean => {
    const stay = 0.9;
    return on ? rng.chance(stay) : rng.chance((share * (1 - stay)) / Math.max(1e-9, 1 - share));
  };

  return {
    calendar: cal,
    next(): SimulatedPerson {
      const i = count++;
      const m = rng.pick(cum);
      const treated = treatedSet.has(codes[m]);
      const W = cal.W;
      const weeks = new Uint8Array(W);
      const u = rng.uniform();
      let entry = -1;
      if (u < p.entrants) entry = windowFrom + rng.int(windowTo - windowFrom + 1);
      else if (u < p.entrants + p.earlyEntrants) entry = rng.int(Math.max(1, windowFrom));
      // Death or emigration: a geometric week, absorbing.
      let death = W;
      if (p.deathHazard > 0) {
        const d = Math.floor(Math.log(rng.uniform()) / Math.log(1 - p.deathHazard));
        if (d < W) death = d;
      }
      const cashShare = treated ? p.cashHistoryTreated : p.cashHistory;
      const sickShare = treated ? p.sicknessHistoryTreated : p.sicknessHistory;
      const frailty = Math.exp(p.personSd * rng.normal() - (p.personSd * p.personSd) / 2);
      const boosted = p.programmeEffect && treated && entry >= effectFrom;
      const fullEffect = boosted ? effectOf[m] : 1;
      const internshipWeeks = p.internshipWeeks * (boosted ? 1 + (p.internshipWeeksEffect - 1) : 1);
      let exit = W;
      let cash = rng.chance(cashShare);
      let sick = false;
      let intern = false;
      for (let j = 0; j < W; j++) {
        if (j >= death) {
          weeks[j] = j === death ? (rng.chance(0.6) ? DEATH : EMIG) : NONE;
          continue;
        }
        if (entry < 0 || j < entry) {
          // Background benefits; the week before entry is never a programme week.
          sick = !cash && spell(sick, sickShare);
          cash = !sick && spell(cash, cashShare);
          weeks[j] = sick ? SICK : cash ? CASH : NONE;
          continue;
        }
        if (j < exit) {
          if (j >= entry + 4 && rng.chance(p.exitHazard)) {
            exit = j;
          } else {
            if (intern) {
              if (rng.chance(1 / internshipWeeks)) intern = false;
            } else {
              const years = (j - week2016) / 52.18;
              const ramp = boosted ? Math.min(1, Math.max(0, (j - effectFrom) / p.effectRampWeeks)) : 0;
              const effect = 1 + (fullEffect - 1) * ramp;
              const hazard = p.internshipHazard * (treated ? p.treatedLevel : 1) * p.yearlyTrend ** years * level[m] * frailty * effect;
              if (rng.chance(Math.min(0.9, hazard))) intern = true;
            }
            weeks[j] = intern ? INTERN : PROG;
            continue;
          }
        }
        // After the programme: cash benefit spells or nothing.
        cash = spell(cash, 0.35);
        weeks[j] = cash ? CASH : NONE;
      }
      // Monthly ordinary hours, decided from the state of the month's first week.
      const hours = new Float64Array(cal.months.length);
      let seen = -1;
      for (let j = 0; j < W; j++) {
        const mo = cal.monthOfWeek[j];
        if (mo === seen) continue;
        seen = mo;
        if (j >= death) continue;
        const years = (j - week2016) / 52.18;
        let chance: number;
        if (entry >= 0 && j >= entry && j < exit) chance = p.hoursInProgramme;
        else if (entry >= 0 && j >= exit) chance = p.hoursAfterExit * (boosted ? p.hoursEffect : 1);
        else chance = p.hoursInProgramme;
        chance *= (treated ? p.hoursTreatedLevel : 1) * p.hoursTrend ** years;
        if (rng.chance(chance)) hours[mo] = Math.round((8 + rng.uniform() * 140) * 10) / 10;
      }
      const ageMean = p.meanAge + (treated ? p.ageGap : 0);
      const age = Math.min(64, Math.max(18, Math.round(ageMean + 10 * rng.normal())));
      const nw = treated ? p.nonWesternTreated : p.nonWestern;
      const ou = rng.uniform();
      return {
        id: String(10000000 + i * 37),
        municipality: codes[m],
        treated,
        age,
        sex: rng.chance(0.5) ? 'K' : 'M',
        origin: ou < nw ? 'ikke-vestlig' : ou < nw + 0.07 ? 'vestlig' : 'dansk',
        civil: rng.chance(treated ? p.marriedTreated : p.married) ? 'gift' : 'ugift',
        weeks,
        hours,
      };
    },
  };
}

/** The evaluation spec that goes with a simulated extract. */
export function simulatedSpec(p: SimParams, name: string): Record<string, unknown> {
  return {
    name,
    title: p.treated.length === 17 ? 'Bedre Ressourceforløb (synthetic reproduction)' : `Synthetic evaluation ${name}`,
    data: { path: 'dream.csv', id: 'pnr', municipality: 'kom', covariates: ['alder', 'koen', 'herkomst', 'civilstand'] },
    codes: { programme: [CODES.programme, CODES.internship], internship: [CODES.internship], censor: [CODES.death, CODES.emigration] },
    treated: p.treated,
    cohorts: {
      before: { entry: ['2016-W01', '2016-W52'], until: '2017-W52' },
      during: { entry: ['2017-W01', '2018-W52'], until: '2018-W52' },
    },
    outcomes: [
      { id: 'internship', type: 'share', state: 'internship', population: 'in-programme', title: 'Share in company internship' },
      { id: 'hours', type: 'share', state: 'hours', population: 'started', title: 'Share with ordinary paid hours' },
      { id: 'hours-in-programme', type: 'share', state: 'hours', population: 'in-programme', title: 'Share with ordinary paid hours, still in the programme' },
      { id: 'time-to-internship', type: 'survival', event: 'internship', title: 'Time from programme start to first internship' },
    ],
    pooled: { weeks: [53, 104] },
    inference: { level: 0.95, cluster: 'municipality', bootstrap: 999, seed: 1 },
  };
}

export interface SimulateResult {
  csvPath: string;
  specPath: string;
  persons: number;
  bytes: number;
}

/** Write dream.csv and spec.json into outDir. */
export function simulateToFiles(p: SimParams, outDir: string, onProgress?: (done: number, total: number) => void, name = path.basename(path.resolve(outDir))): SimulateResult {
  mkdirSync(outDir, { recursive: true });
  const gen = personGenerator(p);
  const cal = gen.calendar;
  const header = ['pnr', 'kom', 'alder', 'koen', 'herkomst', 'civilstand'];
  for (let j = 0; j < cal.W; j++) {
    const label = formatSerial(cal.first + j); // 2017-W01
    header.push(`y_${label.slice(2, 4)}${label.slice(6)}`);
  }
  for (const m of cal.months) header.push(`timer_${m.year}_${String(m.month).padStart(2, '0')}`);
  const csvPath = path.join(outDir, 'dream.csv');
  const fd = openSync(csvPath, 'w');
  const CHUNK = 8 << 20;
  const buf = Buffer.allocUnsafe(CHUNK + (1 << 16));
  let pos = 0;
  let bytes = 0;
  const flush = () => {
    writeSync(fd, buf, 0, pos);
    bytes += pos;
    pos = 0;
  };
  const codeBytes = CODE_TEXT.map((t) => Buffer.from(t));
  pos += buf.write(`${header.join(',')}\n`, pos);
  try {
    for (let i = 0; i < p.persons; i++) {
      const person = gen.next();
      pos += buf.write(`${person.id},${person.municipality},${person.age},${person.sex},${person.origin},${person.civil}`, pos);
      for (let j = 0; j < cal.W; j++) {
        buf[pos++] = 44;
        const b = codeBytes[person.weeks[j]];
        for (let k = 0; k < b.length; k++) buf[pos++] = b[k];
      }
      for (let m = 0; m < person.hours.length; m++) {
        buf[pos++] = 44;
        if (person.hours[m] > 0) pos += buf.write(person.hours[m].toFixed(1), pos);
      }
      buf[pos++] = 10;
      if (pos >= CHUNK) flush();
      if (onProgress && (i + 1) % 5000 === 0) onProgress(i + 1, p.persons);
    }
    flush();
  } finally {
    closeSync(fd);
  }
  onProgress?.(p.persons, p.persons);
  const specPath = path.join(outDir, 'spec.json');
  writeFileSync(specPath, `${JSON.stringify(simulatedSpec(p, name), null, 2)}\n`);
  return { csvPath, specPath, persons: p.persons, bytes };
}
