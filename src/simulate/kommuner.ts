/**
 * Relative sizes of the 94 municipalities the simulator draws persons in:
 * approximate population in thousands (Statistics Denmark, around 2017,
 * rounded). Persons are drawn in proportion, so København is the largest
 * cluster and Dragør or Langeland among the smallest — cluster sizes vary
 * as in real extracts. The four small islands are left out as in
 * src/domain/municipalities.ts.
 */
import { BRF_TREATED, COMPARISON } from '../domain/municipalities.js';

export { BRF_TREATED, COMPARISON };

/** Approximate population (thousands) per municipality code. */
export const POPULATION_THOUSANDS: Readonly<Record<string, number>> = {
  // The 17 participating municipalities of Projekt Bedre Ressourceforløb.
  '101': 602,
  '157': 76,
  '165': 28,
  '185': 43,
  '259': 60,
  '270': 41,
  '316': 70,
  '430': 51,
  '479': 58,
  '540': 75,
  '550': 38,
  '575': 43,
  '615': 88,
  '740': 91,
  '760': 57,
  '766': 46,
  '849': 38,
  // The rest: comparison municipalities.
  '147': 104,
  '151': 48,
  '153': 35,
  '155': 14,
  '159': 68,
  '161': 23,
  '163': 28,
  '167': 53,
  '169': 50,
  '173': 55,
  '175': 40,
  '183': 23,
  '187': 16,
  '190': 40,
  '201': 25,
  '210': 40,
  '217': 62,
  '219': 50,
  '223': 25,
  '230': 56,
  '240': 43,
  '250': 45,
  '253': 50,
  '260': 31,
  '265': 87,
  '269': 22,
  '306': 33,
  '320': 36,
  '326': 48,
  '329': 34,
  '330': 78,
  '336': 23,
  '340': 30,
  '350': 27,
  '360': 42,
  '370': 82,
  '376': 61,
  '390': 45,
  '400': 40,
  '410': 38,
  '420': 41,
  '440': 24,
  '450': 32,
  '461': 200,
  '480': 29,
  '482': 12,
  '510': 56,
  '530': 27,
  '561': 116,
  '573': 50,
  '580': 59,
  '607': 51,
  '621': 92,
  '630': 113,
  '657': 88,
  '661': 58,
  '665': 20,
  '671': 21,
  '706': 42,
  '707': 37,
  '710': 48,
  '727': 22,
  '730': 97,
  '746': 60,
  '751': 336,
  '756': 41,
  '773': 21,
  '779': 46,
  '787': 44,
  '791': 96,
  '810': 36,
  '813': 60,
  '820': 37,
  '840': 29,
  '846': 42,
  '851': 212,
  '860': 65,
};

/** Every simulated municipality with its relative size, treated ones first. */
export function municipalitySizes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const code of [...Object.keys(BRF_TREATED), ...Object.keys(COMPARISON)]) {
    out[code] = POPULATION_THOUSANDS[code] ?? 40;
  }
  return out;
}
