/**
 * The data-generating process of the simulator, every parameter named and
 * documented. Weekly hazards are per week; shares are fractions.
 */

import { BRF_TREATED, COMPARISON } from '../domain/municipalities.js';

export { BRF_TREATED, COMPARISON };

export interface SimParams {
  persons: number;
  seed: number;
  /** Extract weeks, ISO labels. */
  firstWeek: string;
  lastWeek: string;
  /** Participating municipality codes (the rest of `municipalities` is comparison). */
  treated: string[];
  /** All municipality codes with relative sizes (persons are drawn in proportion). */
  municipalities: Record<string, number>;

  // --- inflow
  /** Share of persons who enter the programme in 2016-W01 … 2018-W52 (uniformly over weeks). */
  entrants: number;
  /** Share already in the programme before 2016 (no start in a window: excluded by design). */
  earlyEntrants: number;
  /** The rest never start (background benefit recipients: excluded by design). */

  // --- programme
  /** Weekly hazard of leaving the programme. */
  exitHazard: number;
  /** Weekly hazard of starting a company internship while in the programme, comparison, 2016. */
  internshipHazard: number;
  /** Mean internship spell in weeks (geometric). */
  internshipWeeks: number;
  /** Multiplier of the internship hazard in participating municipalities (all cohorts, level difference). */
  treatedLevel: number;
  /** Yearly multiplicative trend of the internship hazard (everyone), e.g. 0.8 = −20 % a year. */
  yearlyTrend: number;
  /** SD of the municipality random effect on log internship hazard (so clustering matters). */
  municipalitySd: number;
  /** SD of the person frailty on log internship hazard. */
  personSd: number;

  // --- the programme's effect (participating municipalities, entrants from effectFrom on)
  /** Switch: false turns every effect off (internship and hours), keeping all else as it is. */
  programmeEffect: boolean;
  /** Hazard ratio of internship starts at full strength; 1 = no effect. */
  effect: number;
  /** The effect applies to entrants from this week in participating municipalities. */
  effectFrom: string;
  /** Weeks over which the effect ramps up from 1 to full strength (municipalities learn). */
  effectRampWeeks: number;
  /** Multiplier of the mean internship spell for those the programme reaches (longer, firmer internships). */
  internshipWeeksEffect: number;
  /** SD of the municipality-level heterogeneity of the log effect. */
  effectSd: number;
  /** Multiplier on the monthly chance of ordinary hours after leaving the programme (participants, during). */
  hoursEffect: number;

  // --- ordinary hours (eIndkomst, monthly)
  /** Monthly chance of ordinary paid hours while in the programme. */
  hoursInProgramme: number;
  /** Monthly chance after leaving the programme. */
  hoursAfterExit: number;
  /** Multiplier for participating municipalities (level difference). */
  hoursTreatedLevel: number;
  /** Yearly multiplicative trend of the chance of hours. */
  hoursTrend: number;

  // --- background and covariates
  /** Share of pre-entry weeks on cash benefit (130), comparison; participants have `cashHistoryTreated`. */
  cashHistory: number;
  cashHistoryTreated: number;
  /** Share of pre-entry weeks on sickness benefit (890). */
  sicknessHistory: number;
  sicknessHistoryTreated: number;
  /** Mean age, comparison; participants are `ageGap` years older. */
  meanAge: number;
  ageGap: number;
  /** Share of non-Western origin, comparison and participants. */
  nonWestern: number;
  nonWesternTreated: number;
  /** Share married, comparison and participants. */
  married: number;
  marriedTreated: number;
  /** Weekly hazard of death or emigration (codes 997 / 998). */
  deathHazard: number;
}

/** Codes the simulator writes. */
export const CODES = { programme: '771', internship: '772', cash: '130', sickness: '890', death: '997', emigration: '998' } as const;
