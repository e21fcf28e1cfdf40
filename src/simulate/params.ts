/**
 * Every parameter of the simulator's data-generating process.
 *
 * Conventions: a "weekly hazard" is the probability that an event happens in
 * a given week for someone at risk; a "monthly share" is the long-run
 * fraction of months with ordinary hours in that state; multipliers are
 * hazard (or share) ratios, 1 = no difference; "log SD" is the standard
 * deviation of a normal random effect on the log scale. Weeks are ISO labels
 * ("2017-W01"). The process itself is described in src/simulate/README.md.
 */

export { BRF_TREATED, COMPARISON } from './kommuner.js';

/** How far the programme's effect reaches (see `effectScope`). */
export type EffectScope = 'new-entrants' | 'all-in-programme';

export interface SimParams {
  // ---------------------------------------------------------------- run
  /** Number of persons (rows) in the extract. */
  persons: number;
  /** Seed of the random streams: same seed and parameters → byte-identical files. */
  seed: number;
  /** Title written into spec.json. */
  title: string;
  /**
   * First and last extract week (ISO labels). Default 2015-W01 … 2019-W52 (261 weeks; 2015 has a
   * week 53).
   */
  firstWeek: string;
  lastWeek: string;

  // ---------------------------------------------------------------- municipalities
  /** Municipality code → relative size; persons are drawn in proportion. */
  municipalities: Record<string, number>;
  /**
   * false: each person's municipality is drawn in proportion to `municipalities` (sizes vary by
   * chance).
   * true: the sizes are honoured exactly: persons are dealt to municipalities in blocks whose sizes
   * are
   * `municipalities` scaled to `persons` by largest remainder (exactly the given counts when they
   * add up
   * to `persons`). For `effekt audit`, which copies a design's persons per municipality.
   */
  exactSizes: boolean;
  /**
   * Participating (treated) municipality codes; every other code in `municipalities` is comparison.
   */
  treated: string[];
  /**
   * Centre each municipality random effect within its group (size-weighted
   * mean 0 on the log scale), so the realised average truth is the stated
   * one for every seed. false draws them freely (for coverage studies).
   */
  centreMunicipalityEffects: boolean;
  /** Log SD of the municipality level of the internship hazard (constant over time). */
  municipalitySd: number;
  /**
   * Log SD of a municipality's own yearly drift of the internship hazard: makes the DiD vary by
   * cluster,
   * so clustering matters. This SD, and those of the effect deviations, apply to a municipality of
   * median
   * size and shrink by √(median / size) for larger ones (a large municipality averages over many
   * teams).
   */
  municipalityTrendSd: number;
  /** Log SD of the municipality level of the chance of ordinary hours. */
  hoursMunicipalitySd: number;

  // ---------------------------------------------------------------- who is in the extract
  /** Weeks in which new programme spells start (the cohorts' entry windows lie inside). */
  inflowFrom: string;
  inflowTo: string;
  /** Share of persons whose first programme spell starts in inflowFrom … inflowTo. */
  entrantShare: number;
  /**
   * Share already in a programme spell that started up to two years before inflowFrom (no start in
   * a window unless they re-enter).
   */
  earlyShare: number;
  /** Share whose first spell starts after inflowTo (outside both windows). The rest never enter. */
  lateShare: number;
  /** Yearly multiplier of the weekly inflow (1 = the same number of entrants each year). */
  inflowGrowth: number;
  /** Fraction fewer entries in the holiday weeks (ISO weeks 28–31 and 51–1). */
  inflowHolidayDip: number;

  // ---------------------------------------------------------------- programme spells (code 771)
  /**
   * Weekly hazard of leaving the programme in the first 52 weeks of a spell (also from an
   * internship).
   */
  exitHazardFirstYear: number;
  /** Weekly hazard of leaving the programme after 52 weeks. */
  exitHazard: number;
  /** Weekly hazard of a new programme spell after leaving one. */
  reentryHazard: number;

  // ---------------------------------------------------------------- company internships (code 772,
  // inside the programme)
  /**
   * Weekly hazard of starting a first internship: comparison, at inflowFrom, person and
   * municipality effects 1.
   */
  internshipHazard: number;
  /** No internship starts in the first weeks of a spell (assessment and planning). */
  internshipDelayWeeks: number;
  /**
   * Multiplier of the hazard for a second or later internship (those who have had one take another
   * more readily).
   */
  repeatInternship: number;
  /** Mean internship length in weeks (minimum plus a geometric remainder). */
  internshipWeeks: number;
  /** Shortest internship in weeks. */
  internshipMinWeeks: number;
  /** Yearly multiplier of the internship hazard for everyone (calendar trend). */
  internshipTrend: number;
  /**
   * Yearly multiplier of internship length beyond the minimum, for everyone (calendar trend:
   * shorter internships nationally over 2016–18).
   */
  internshipWeeksTrend: number;
  /**
   * Multiplier of the internship hazard in participating municipalities, before and during (a level
   * difference DiD removes).
   */
  treatedInternshipLevel: number;
  /**
   * Log SD of a person's frailty on the internship hazard (unobserved heterogeneity; bends the
   * survival curves).
   */
  frailtySd: number;
  /** Log hazard ratio of internship per 10 years of age above 40. */
  ageOnInternship: number;
  /** Log hazard ratio of internship for non-Western origin. */
  nonWesternOnInternship: number;

  // ---------------------------------------------------------------- ordinary hours (eIndkomst,
  // monthly timer_YYYY_MM)
  /**
   * Monthly share with hours before a person's first programme spell (and for those never in one).
   */
  hoursBackground: number;
  /** Monthly share with hours while in the programme. */
  hoursInProgramme: number;
  /**
   * Yearly multiplier of the in-programme share by time since the spell started (progression
   * towards ordinary hours).
   */
  hoursProgression: number;
  /** Monthly share with hours after leaving the programme. */
  hoursAfterExit: number;
  /** Chance that a month with hours is followed by another (persistence of small jobs). */
  hoursPersistence: number;
  /** Yearly multiplier of every hours share (calendar trend). */
  hoursTrend: number;
  /**
   * Multiplier of the hours shares in participating municipalities (less employment history, as the
   * seed says).
   */
  treatedHoursLevel: number;
  /** Log ratio of the hours share per 10 years of age above 40. */
  ageOnHours: number;
  /** Log ratio of the hours share for non-Western origin. */
  nonWesternOnHours: number;
  /** Median hours in a month with hours, and the log SD around it. */
  hoursMedian: number;
  hoursSpread: number;

  // ---------------------------------------------------------------- other benefits (codes 130 cash
  // benefit, 890 sickness benefit)
  /**
   * Share coming to the programme from cash benefit (the rest from sickness benefit), comparison
   * and participating municipalities.
   */
  cashOrigin: number;
  cashOriginTreated: number;
  /** Mean length of a benefit spell and of a gap between spells, in weeks, before entry. */
  benefitSpellWeeks: number;
  benefitGapWeeks: number;
  /** Mean weeks on the origin benefit right before entry (the spell people come from). */
  leadInWeeks: number;
  /**
   * After leaving the programme: share back on cash benefit, on sickness benefit; the rest have no
   * benefit (job, fleksjob, other).
   */
  afterExitCash: number;
  afterExitSickness: number;

  // ---------------------------------------------------------------- covariates (alder, koen,
  // herkomst, civilstand)
  /**
   * Mean and SD of age (years, at inflowFrom, kept within 18–64), comparison; participants are
   * ageGap years older.
   */
  meanAge: number;
  ageSd: number;
  ageGap: number;
  /** Share of women (koen K). */
  women: number;
  /** Share of non-Western origin, comparison and participating municipalities. */
  nonWestern: number;
  nonWesternTreated: number;
  /** Share of Western (non-Danish) origin. */
  western: number;
  /** Share married (civilstand gift), comparison and participating municipalities. */
  married: number;
  marriedTreated: number;

  // ---------------------------------------------------------------- leaving the register
  // (absorbing)
  /** Weekly hazard of death (code 997, every week from then on). */
  deathHazard: number;
  /** Weekly hazard of emigration (code 998, every week from then on). */
  emigrationHazard: number;

  // ---------------------------------------------------------------- the programme's effect
  // (participating municipalities only)
  /** Master switch: false turns every effect off, all else unchanged. */
  programmeEffect: boolean;
  /** Strength relative to the stated sizes: 1 = as stated, 0 = none, 0.5 = half (log scale). */
  effect: number;
  /**
   * First week of the project period (of the first round when the programme rolls out in rounds).
   */
  effectFrom: string;
  /**
   * Roll-out in rounds: the participating municipalities, in the order of
   * `treated`, are dealt to `rounds` rounds in turn; round r starts
   * r·roundWeeks weeks after effectFrom. 1 = everyone starts at effectFrom.
   */
  rounds: number;
  /**
   * Weeks between the starts of consecutive rounds (a multiple of 13, so each start opens a
   * quarter-long entry period).
   */
  roundWeeks: number;
  /**
   * A deliberate violation of parallel trends: the yearly change of the log
   * internship hazard in participating municipalities relative to the others
   * (0 = parallel). It runs over the whole extract, so entry periods before
   * the start show a linear pre-trend the event study's pre-test should catch.
   */
  preTrend: number;
  /**
   * 'new-entrants': spells starting from effectFrom (the project's target group);
   * 'all-in-programme': every programme week from effectFrom, so the before cohort is touched too.
   */
  effectScope: EffectScope;
  /** Hazard ratio of internship starts (first and later) at full strength. */
  internshipEffect: number;
  /**
   * SD of a participating municipality's hazard ratio relative to the average: HR_m = HR · (1 + SD
   * · z),
   * at least 0.1 (linear, not log, so municipalities can lose as well as gain, as the seed
   * reports).
   */
  internshipEffectSd: number;
  /**
   * Weeks over which a municipality's effect grows from 0 to full strength (it learns the model).
   */
  effectRampWeeks: number;
  /**
   * Each participating municipality starts its ramp after a delay drawn uniformly from 0 … this
   * many weeks.
   */
  effectDelayWeeks: number;
  /** Multiplier of the mean internship length at full strength (firmer internships). */
  internshipWeeksEffect: number;
  /**
   * Multiplier of the hours share after leaving the programme, for those who left a spell the
   * effect reached.
   */
  hoursEffect: number;
  /** Log SD of the municipality deviation of the hours effect. */
  hoursEffectSd: number;
}

/** The benefit codes the simulator writes, as text (codes are strings everywhere). */
export const CODES = {
  programme: '771',
  internship: '772',
  cash: '130',
  sickness: '890',
  death: '997',
  emigration: '998',
} as const;

/** Code table of the in-memory week states: index → text; index 0 is "no benefit". */
export const CODE_TABLE = [
  '',
  CODES.programme,
  CODES.internship,
  CODES.cash,
  CODES.sickness,
  CODES.death,
  CODES.emigration,
] as const;

/** Indices into CODE_TABLE. */
export const STATE = {
  none: 0,
  programme: 1,
  internship: 2,
  cash: 3,
  sickness: 4,
  death: 5,
  emigration: 6,
} as const;
