/**
 * Presets of the data-generating process. `brf` is calibrated to the
 * published figures of Projekt Bedre Ressourceforløb (see README,
 * "Reproducing the published results"); `none` has no effect, no trends and
 * no random effects, for users' own designs and power calculations.
 */
import { InputError } from '../read/errors.js';
import { BRF_TREATED, COMPARISON, type SimParams } from './params.js';

/** Deterministic municipality sizes: the large cities larger, the rest varied (0.4–1.6). */
function sizes(): Record<string, number> {
  const big: Record<string, number> = { '101': 6, '751': 4, '461': 2.5, '851': 2.5, '561': 1.6, '621': 1.5, '630': 1.5 };
  const out: Record<string, number> = {};
  for (const code of [...Object.keys(BRF_TREATED), ...Object.keys(COMPARISON)]) {
    const n = Number(code);
    out[code] = big[code] ?? 0.4 + ((n * 7919) % 97) / 80;
  }
  return out;
}

const brf: Omit<SimParams, 'persons' | 'seed'> = {
  firstWeek: '2015-W01',
  lastWeek: '2019-W52',
  treated: Object.keys(BRF_TREATED),
  municipalities: sizes(),
  entrants: 0.86,
  earlyEntrants: 0.06,
  exitHazard: 0.005,
  internshipHazard: 0.0075,
  internshipWeeks: 32,
  treatedLevel: 0.75,
  yearlyTrend: 0.97,
  municipalitySd: 0.2,
  personSd: 0.6,
  programmeEffect: true,
  effect: 1.75,
  effectFrom: '2017-W01',
  effectRampWeeks: 104,
  internshipWeeksEffect: 1.35,
  effectSd: 0.45,
  hoursEffect: 2.2,
  hoursInProgramme: 0.017,
  hoursAfterExit: 0.065,
  hoursTreatedLevel: 0.75,
  hoursTrend: 1.04,
  cashHistory: 0.45,
  cashHistoryTreated: 0.6,
  sicknessHistory: 0.2,
  sicknessHistoryTreated: 0.13,
  meanAge: 38,
  ageGap: 2,
  nonWestern: 0.2,
  nonWesternTreated: 0.26,
  married: 0.32,
  marriedTreated: 0.26,
  deathHazard: 0.0003,
};

const none: Omit<SimParams, 'persons' | 'seed'> = {
  ...brf,
  treatedLevel: 1,
  yearlyTrend: 1,
  municipalitySd: 0,
  personSd: 0,
  effect: 1,
  internshipWeeksEffect: 1,
  effectSd: 0,
  hoursEffect: 1,
  hoursTreatedLevel: 1,
  hoursTrend: 1,
  cashHistoryTreated: brf.cashHistory,
  sicknessHistoryTreated: brf.sicknessHistory,
  ageGap: 0,
  nonWesternTreated: brf.nonWestern,
  marriedTreated: brf.married,
};

export const PRESETS = { brf, none } as const;
export type PresetName = keyof typeof PRESETS;

/** A preset with persons, seed and `--set key=value` overrides applied (unknown keys are an error). */
export function resolveParams(preset: PresetName, persons: number, seed: number, overrides: Record<string, unknown> = {}): SimParams {
  const base = PRESETS[preset];
  if (!base) throw new InputError(`unknown preset "${preset}" (known: ${Object.keys(PRESETS).join(', ')})`);
  const p: SimParams = { ...base, persons, seed, treated: [...base.treated], municipalities: { ...base.municipalities } };
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in p) || k === 'municipalities') throw new InputError(`--set ${k}: unknown parameter (known: ${Object.keys(p).filter((x) => x !== 'municipalities').join(', ')})`);
    const cur = (p as unknown as Record<string, unknown>)[k];
    if (k === 'treated') {
      (p as unknown as Record<string, unknown>)[k] = String(v).split(/[ ,]+/).filter(Boolean);
    } else if (typeof cur === 'boolean') {
      if (typeof v !== 'boolean') throw new InputError(`--set ${k}: expected true or false, got "${String(v)}"`);
      (p as unknown as Record<string, unknown>)[k] = v;
    } else if (typeof cur === 'number') {
      if (typeof v !== 'number') throw new InputError(`--set ${k}: expected a number, got "${String(v)}"`);
      (p as unknown as Record<string, unknown>)[k] = v;
    } else {
      (p as unknown as Record<string, unknown>)[k] = String(v);
    }
  }
  if (!(p.persons > 0)) throw new InputError('--persons must be at least 1');
  return p;
}
