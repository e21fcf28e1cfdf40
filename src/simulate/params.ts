/**
 * The data-generating process of the simulator, every parameter named and
 * documented. Weekly hazards are per week; shares are fractions.
 */

/** Real municipality codes. The 17 participating municipalities of Projekt Bedre Ressourceforløb. */
export const BRF_TREATED: Record<string, string> = {
  '165': 'Albertslund', '430': 'Faaborg-Midtfyn', '157': 'Gentofte', '270': 'Gribskov', '766': 'Hedensted',
  '316': 'Holbæk', '615': 'Horsens', '849': 'Jammerbugt', '101': 'København', '259': 'Køge',
  '760': 'Ringkøbing-Skjern', '740': 'Silkeborg', '479': 'Svendborg', '540': 'Sønderborg', '185': 'Tårnby',
  '550': 'Tønder', '575': 'Vejen',
};

/** The other municipalities: the comparison group. */
export const COMPARISON: Record<string, string> = {
  '147': 'Frederiksberg', '151': 'Ballerup', '153': 'Brøndby', '155': 'Dragør', '159': 'Gladsaxe', '161': 'Glostrup',
  '163': 'Herlev', '167': 'Hvidovre', '169': 'Høje-Taastrup', '173': 'Lyngby-Taarbæk', '175': 'Rødovre', '183': 'Ishøj',
  '187': 'Vallensbæk', '190': 'Furesø', '201': 'Allerød', '210': 'Fredensborg', '217': 'Helsingør', '219': 'Hillerød',
  '223': 'Hørsholm', '230': 'Rudersdal', '240': 'Egedal', '250': 'Frederikssund', '253': 'Greve', '260': 'Halsnæs',
  '265': 'Roskilde', '269': 'Solrød', '306': 'Odsherred', '320': 'Faxe', '326': 'Kalundborg', '329': 'Ringsted',
  '330': 'Slagelse', '336': 'Stevns', '340': 'Sorø', '350': 'Lejre', '360': 'Lolland', '370': 'Næstved',
  '376': 'Guldborgsund', '390': 'Vordingborg', '400': 'Bornholm', '410': 'Middelfart', '420': 'Assens', '440': 'Kerteminde',
  '450': 'Nyborg', '461': 'Odense', '480': 'Nordfyns', '482': 'Langeland', '510': 'Haderslev', '530': 'Billund',
  '561': 'Esbjerg', '573': 'Varde', '580': 'Aabenraa', '607': 'Fredericia', '621': 'Kolding', '630': 'Vejle',
  '657': 'Herning', '661': 'Holstebro', '665': 'Lemvig', '671': 'Struer', '706': 'Syddjurs', '707': 'Norddjurs',
  '710': 'Favrskov', '727': 'Odder', '730': 'Randers', '746': 'Skanderborg', '751': 'Aarhus', '756': 'Ikast-Brande',
  '773': 'Morsø', '779': 'Skive', '787': 'Thisted', '791': 'Viborg', '810': 'Brønderslev', '813': 'Frederikshavn',
  '820': 'Vesthimmerlands', '840': 'Rebild', '846': 'Mariagerfjord', '851': 'Aalborg', '860': 'Hjørring',
};

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
