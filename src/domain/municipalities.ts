/**
 * Danish municipalities (kommuner) by the codes DREAM and Statistics
 * Denmark use, so reports can name them ("København (101)") instead of
 * printing bare codes.
 */

/**
 * Real municipality codes. The 17 participating municipalities of Projekt Bedre Ressourceforløb.
 */
export const BRF_TREATED: Record<string, string> = {
  '165': 'Albertslund',
  '430': 'Faaborg-Midtfyn',
  '157': 'Gentofte',
  '270': 'Gribskov',
  '766': 'Hedensted',
  '316': 'Holbæk',
  '615': 'Horsens',
  '849': 'Jammerbugt',
  '101': 'København',
  '259': 'Køge',
  '760': 'Ringkøbing-Skjern',
  '740': 'Silkeborg',
  '479': 'Svendborg',
  '540': 'Sønderborg',
  '185': 'Tårnby',
  '550': 'Tønder',
  '575': 'Vejen',
};

/**
 * The other municipalities but the four small islands (Ærø, Fanø, Samsø, Læsø):
 * the comparison municipalities the simulator draws persons in.
 */
export const COMPARISON: Record<string, string> = {
  '147': 'Frederiksberg',
  '151': 'Ballerup',
  '153': 'Brøndby',
  '155': 'Dragør',
  '159': 'Gladsaxe',
  '161': 'Glostrup',
  '163': 'Herlev',
  '167': 'Hvidovre',
  '169': 'Høje-Taastrup',
  '173': 'Lyngby-Taarbæk',
  '175': 'Rødovre',
  '183': 'Ishøj',
  '187': 'Vallensbæk',
  '190': 'Furesø',
  '201': 'Allerød',
  '210': 'Fredensborg',
  '217': 'Helsingør',
  '219': 'Hillerød',
  '223': 'Hørsholm',
  '230': 'Rudersdal',
  '240': 'Egedal',
  '250': 'Frederikssund',
  '253': 'Greve',
  '260': 'Halsnæs',
  '265': 'Roskilde',
  '269': 'Solrød',
  '306': 'Odsherred',
  '320': 'Faxe',
  '326': 'Kalundborg',
  '329': 'Ringsted',
  '330': 'Slagelse',
  '336': 'Stevns',
  '340': 'Sorø',
  '350': 'Lejre',
  '360': 'Lolland',
  '370': 'Næstved',
  '376': 'Guldborgsund',
  '390': 'Vordingborg',
  '400': 'Bornholm',
  '410': 'Middelfart',
  '420': 'Assens',
  '440': 'Kerteminde',
  '450': 'Nyborg',
  '461': 'Odense',
  '480': 'Nordfyns',
  '482': 'Langeland',
  '510': 'Haderslev',
  '530': 'Billund',
  '561': 'Esbjerg',
  '573': 'Varde',
  '580': 'Aabenraa',
  '607': 'Fredericia',
  '621': 'Kolding',
  '630': 'Vejle',
  '657': 'Herning',
  '661': 'Holstebro',
  '665': 'Lemvig',
  '671': 'Struer',
  '706': 'Syddjurs',
  '707': 'Norddjurs',
  '710': 'Favrskov',
  '727': 'Odder',
  '730': 'Randers',
  '746': 'Skanderborg',
  '751': 'Aarhus',
  '756': 'Ikast-Brande',
  '773': 'Morsø',
  '779': 'Skive',
  '787': 'Thisted',
  '791': 'Viborg',
  '810': 'Brønderslev',
  '813': 'Frederikshavn',
  '820': 'Vesthimmerlands',
  '840': 'Rebild',
  '846': 'Mariagerfjord',
  '851': 'Aalborg',
  '860': 'Hjørring',
};

const ISLANDS: Record<string, string> = {
  '492': 'Ærø',
  '563': 'Fanø',
  '741': 'Samsø',
  '825': 'Læsø',
};

/** Name of a municipality code, or undefined for a code not among the 98 municipalities. */
export function municipalityName(code: string): string | undefined {
  return BRF_TREATED[code] ?? COMPARISON[code] ?? ISLANDS[code];
}

/** "København (101)", or the bare code when unknown. */
export function municipalityLabel(code: string): string {
  const name = municipalityName(code);
  return name ? `${name} (${code})` : code;
}
