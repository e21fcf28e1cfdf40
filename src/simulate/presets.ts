/**
 * Presets of the data-generating process, and parameter overrides.
 *
 * `brf` is calibrated so that effekt, run on its extract, lands on the
 * published figures of Projekt Bedre Ressourceforløb (2019) within sampling
 * error; README.md (this folder) says how. `none` is the same population
 * with no effect, no trends, no random effects and no group differences:
 * a neutral starting point for power calculations and the user's own
 * designs — every parameter can be overridden.
 */

import { parseWeekLabel, serialOfLabel } from '../calendar/isoweek.js';
import { InputError } from '../errors.js';
import { BRF_TREATED, municipalitySizes } from './kommuner.js';
import type { SimParams } from './params.js';

/** A preset: every parameter but the run's size and seed. */
export type PresetParams = Omit<SimParams, 'persons' | 'seed'>;

const brf: PresetParams = {
  title: 'Bedre Ressourceforløb (synthetic extract, preset brf)',
  firstWeek: '2015-W01',
  lastWeek: '2019-W52',

  municipalities: municipalitySizes(),
  exactSizes: false,
  treated: Object.keys(BRF_TREATED),
  centreMunicipalityEffects: true,
  municipalitySd: 0.25,
  municipalityTrendSd: 0.15,
  hoursMunicipalitySd: 0.2,

  inflowFrom: '2016-W01',
  inflowTo: '2018-W52',
  entrantShare: 0.89,
  earlyShare: 0.05,
  lateShare: 0.03,
  inflowGrowth: 1.05,
  inflowHolidayDip: 0.3,

  exitHazardFirstYear: 0.003,
  exitHazard: 0.005,
  reentryHazard: 0.002,

  internshipHazard: 0.0065,
  internshipDelayWeeks: 4,
  repeatInternship: 1.5,
  internshipWeeks: 30,
  internshipMinWeeks: 4,
  internshipTrend: 1,
  internshipWeeksTrend: 1.1,
  treatedInternshipLevel: 0.82,
  frailtySd: 0.4,
  ageOnInternship: -0.1,
  nonWesternOnInternship: -0.15,

  hoursBackground: 0.03,
  hoursInProgramme: 0.019,
  hoursProgression: 1.25,
  hoursAfterExit: 0.085,
  hoursPersistence: 0.6,
  hoursTrend: 1,
  treatedHoursLevel: 0.75,
  ageOnHours: -0.1,
  nonWesternOnHours: -0.2,
  hoursMedian: 35,
  hoursSpread: 0.7,

  cashOrigin: 0.45,
  cashOriginTreated: 0.6,
  benefitSpellWeeks: 26,
  benefitGapWeeks: 8,
  leadInWeeks: 30,
  afterExitCash: 0.35,
  afterExitSickness: 0.1,

  meanAge: 40,
  ageSd: 10,
  ageGap: 1.5,
  women: 0.56,
  nonWestern: 0.16,
  nonWesternTreated: 0.22,
  western: 0.05,
  married: 0.32,
  marriedTreated: 0.27,

  deathHazard: 0.0003,
  emigrationHazard: 0.0001,

  programmeEffect: true,
  effect: 1,
  effectFrom: '2017-W01',
  rounds: 1,
  roundWeeks: 26,
  preTrend: 0,
  effectScope: 'new-entrants',
  internshipEffect: 1.8,
  internshipEffectSd: 0.6,
  effectRampWeeks: 13,
  effectDelayWeeks: 8,
  internshipWeeksEffect: 1.6,
  hoursEffect: 2.5,
  hoursEffectSd: 0.3,
};

const none: PresetParams = {
  ...brf,
  title: 'Synthetic extract (preset none)',
  municipalities: municipalitySizes(),
  treated: Object.keys(BRF_TREATED),
  municipalitySd: 0,
  municipalityTrendSd: 0,
  hoursMunicipalitySd: 0,
  inflowGrowth: 1,
  inflowHolidayDip: 0,
  internshipTrend: 1,
  internshipWeeksTrend: 1,
  treatedInternshipLevel: 1,
  frailtySd: 0,
  ageOnInternship: 0,
  nonWesternOnInternship: 0,
  hoursTrend: 1,
  hoursProgression: 1,
  treatedHoursLevel: 1,
  ageOnHours: 0,
  nonWesternOnHours: 0,
  cashOriginTreated: brf.cashOrigin,
  ageGap: 0,
  nonWesternTreated: brf.nonWestern,
  marriedTreated: brf.married,
  internshipEffect: 1,
  internshipEffectSd: 0,
  effectDelayWeeks: 0,
  internshipWeeksEffect: 1,
  hoursEffect: 1,
  hoursEffectSd: 0,
};

export const PRESETS: Readonly<Record<'brf' | 'none', PresetParams>> = { brf, none };
export type PresetName = keyof typeof PRESETS;

/**
 * A preset with persons, seed and overrides applied, then checked.
 * Overrides come from `--set key=value`: numbers, booleans and strings as
 * the parameter's type wants; `treated` as a comma list of codes;
 * `municipalities` as "101:602,147:104,…". Unknown keys and wrong types are
 * an InputError.
 */
export function resolveParams(
  preset: PresetName,
  persons: number,
  seed: number,
  overrides: Record<string, unknown> = {},
): SimParams {
  const base = PRESETS[preset];
  if (!base)
    throw new InputError(
      `unknown preset "${String(preset)}" (known: ${Object.keys(PRESETS).join(', ')})`,
    );
  const p: SimParams = {
    ...base,
    persons,
    seed,
    treated: [...base.treated],
    municipalities: { ...base.municipalities },
  };
  const rec = p as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(overrides)) {
    if (k === 'persons' || k === 'seed') throw new InputError(`--set ${k}: use --${k} instead`);
    if (!(k in p))
      throw new InputError(
        `--set ${k}: unknown parameter (known: ${Object.keys(base).join(', ')})`,
      );
    const cur = rec[k];
    if (k === 'treated') {
      rec[k] = String(v)
        .split(/[\s,]+/)
        .filter(Boolean);
    } else if (k === 'municipalities') {
      const out: Record<string, number> = {};
      for (const part of String(v)
        .split(/[\s,]+/)
        .filter(Boolean)) {
        const m = /^(\w+):([\d.]+)$/.exec(part);
        if (!m)
          throw new InputError(
            `--set municipalities: expected code:size pairs like 101:602,147:104, got "${part}"`,
          );
        out[m[1]] = Number(m[2]);
      }
      rec[k] = out;
    } else if (typeof cur === 'boolean') {
      if (typeof v !== 'boolean')
        throw new InputError(`--set ${k}: expected true or false, got "${String(v)}"`);
      rec[k] = v;
    } else if (typeof cur === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InputError(`--set ${k}: expected a number, got "${String(v)}"`);
      rec[k] = v;
    } else {
      rec[k] = String(v);
    }
  }
  checkParams(p);
  return p;
}

/** Throw an InputError naming the first parameter out of its range. */
export function checkParams(p: SimParams): void {
  const fail = (k: string, why: string): never => {
    throw new InputError(`simulation parameter ${k}: ${why}`);
  };
  if (!Number.isInteger(p.persons) || p.persons < 1)
    fail('persons', `must be a whole number ≥ 1, got ${p.persons}`);
  if (!Number.isInteger(p.seed)) fail('seed', `must be a whole number, got ${p.seed}`);
  for (const k of ['firstWeek', 'lastWeek', 'inflowFrom', 'inflowTo', 'effectFrom'] as const) {
    let ok = false;
    try {
      ok = parseWeekLabel(p[k]) !== null;
    } catch (e) {
      fail(k, (e as Error).message);
    }
    if (!ok) fail(k, `"${p[k]}" is not an ISO week such as 2017-W01`);
  }
  if (serialOfLabel(p.lastWeek) < serialOfLabel(p.firstWeek))
    fail('lastWeek', `${p.lastWeek} is before firstWeek ${p.firstWeek}`);
  if (serialOfLabel(p.inflowTo) < serialOfLabel(p.inflowFrom))
    fail('inflowTo', `${p.inflowTo} is before inflowFrom ${p.inflowFrom}`);
  const codes = Object.keys(p.municipalities);
  if (codes.length === 0) fail('municipalities', 'no municipalities');
  for (const c of codes)
    if (!(p.municipalities[c] > 0)) fail('municipalities', `size of ${c} must be positive`);
  for (const c of p.treated)
    if (!(c in p.municipalities)) fail('treated', `code ${c} is not among the municipalities`);
  const shares: (keyof SimParams)[] = [
    'entrantShare',
    'earlyShare',
    'lateShare',
    'inflowHolidayDip',
    'exitHazardFirstYear',
    'exitHazard',
    'reentryHazard',
    'internshipHazard',
    'hoursBackground',
    'hoursInProgramme',
    'hoursAfterExit',
    'hoursPersistence',
    'cashOrigin',
    'cashOriginTreated',
    'afterExitCash',
    'afterExitSickness',
    'women',
    'nonWestern',
    'nonWesternTreated',
    'western',
    'married',
    'marriedTreated',
    'deathHazard',
    'emigrationHazard',
  ];
  for (const k of shares) {
    const v = p[k] as number;
    if (!(v >= 0 && v <= 1)) fail(k, `must lie in 0 … 1, got ${v}`);
  }
  if (p.entrantShare + p.earlyShare + p.lateShare > 1)
    fail('entrantShare', 'entrantShare + earlyShare + lateShare exceeds 1');
  if (p.afterExitCash + p.afterExitSickness > 1)
    fail('afterExitCash', 'afterExitCash + afterExitSickness exceeds 1');
  if (p.nonWestern + p.western > 1 || p.nonWesternTreated + p.western > 1)
    fail('western', 'origin shares exceed 1');
  const positive: (keyof SimParams)[] = [
    'inflowGrowth',
    'repeatInternship',
    'internshipTrend',
    'internshipWeeksTrend',
    'treatedInternshipLevel',
    'hoursTrend',
    'treatedHoursLevel',
    'hoursMedian',
    'hoursProgression',
    'internshipEffect',
    'internshipWeeksEffect',
    'hoursEffect',
  ];
  for (const k of positive)
    if (!((p[k] as number) > 0)) fail(k, `must be positive, got ${p[k] as number}`);
  const nonNegative: (keyof SimParams)[] = [
    'municipalitySd',
    'municipalityTrendSd',
    'hoursMunicipalitySd',
    'frailtySd',
    'hoursSpread',
    'internshipEffectSd',
    'hoursEffectSd',
    'effectRampWeeks',
    'effectDelayWeeks',
    'internshipDelayWeeks',
    'ageSd',
    'effect',
  ];
  for (const k of nonNegative)
    if (!((p[k] as number) >= 0)) fail(k, `must be ≥ 0, got ${p[k] as number}`);
  if (!(p.internshipMinWeeks >= 1)) fail('internshipMinWeeks', 'must be at least 1 week');
  if (!(p.internshipWeeks >= p.internshipMinWeeks))
    fail('internshipWeeks', 'must be at least internshipMinWeeks');
  if (!(p.benefitSpellWeeks >= 1 && p.benefitGapWeeks >= 1 && p.leadInWeeks >= 1))
    fail('benefitSpellWeeks', 'spell lengths must be at least 1 week');
  if (!(p.meanAge >= 18 && p.meanAge <= 64)) fail('meanAge', 'must lie in 18 … 64');
  if (!Number.isInteger(p.rounds) || p.rounds < 1)
    fail('rounds', `must be a whole number ≥ 1, got ${p.rounds}`);
  if (p.rounds > Math.max(1, p.treated.length))
    fail(
      'rounds',
      `${p.rounds} rounds need at least as many participating municipalities (${p.treated.length})`,
    );
  if (!Number.isInteger(p.roundWeeks) || p.roundWeeks < 13 || p.roundWeeks % 13 !== 0)
    fail('roundWeeks', `must be a multiple of 13 weeks (an entry period), got ${p.roundWeeks}`);
  if (!Number.isFinite(p.preTrend)) fail('preTrend', `must be a number, got ${p.preTrend}`);
  if (p.effectScope !== 'new-entrants' && p.effectScope !== 'all-in-programme')
    fail('effectScope', `must be new-entrants or all-in-programme, got "${String(p.effectScope)}"`);
}
