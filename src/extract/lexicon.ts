/**
 * The vocabulary of claims: what is counted (unit classes and their head nouns), who and where
 * (a small gazetteer of the briefs' world, extended by `claims.aliases`), and event triggers.
 */

/** Head nouns by unit class; nouns in one class are the same quantity (troops ≈ soldiers ≈ forces). */
export const UNIT_NOUNS: Record<string, string[]> = {
  troops: ['troops', 'soldiers', 'forces', 'military personnel', 'personnel', 'servicemen', 'service members', 'military'],
  peacekeepers: ['peacekeepers', 'blue helmets', 'uniformed personnel'],
  advisers: ['advisers', 'advisors', 'military advisers', 'trainers', 'instructors'],
  civilians: ['civilians'],
  deaths: ['deaths', 'dead', 'killed', 'fatalities', 'lives'],
  wounded: ['wounded', 'injured'],
  incidents: ['incidents', 'attacks', 'violent incidents', 'violent events'],
  seats: ['seats'],
  protesters: ['protesters', 'protestors', 'demonstrators'],
  people: ['people', 'persons', 'individuals', 'residents', 'inhabitants'],
  displaced: ['displaced', 'refugees', 'internally displaced people', 'idps'],
  officers: ['officers'],
  km: ['km', 'kilometres', 'kilometers', 'kms'],
  miles: ['miles'],
};

/** Unit classes counted as stocks: a level that holds for months, so nearby times are comparable. */
export const STOCK_UNITS = new Set(['troops', 'peacekeepers', 'advisers', 'officers', 'seats', 'km', 'miles', 'displaced']);

/** Head noun (lower case) → unit class. */
export const NOUN_TO_UNIT = new Map<string, string>(
  Object.entries(UNIT_NOUNS).flatMap(([unit, nouns]) => nouns.map((n) => [n, unit] as [string, string])),
);

/** Canonical entity → surface forms (exact case). Demonyms map to their country. */
export const ENTITIES: Record<string, string[]> = {
  Mali: ['Mali', 'Malian', 'Malians', 'Bamako government'],
  France: ['France', 'French', 'Paris', 'Barkhane', 'Operation Barkhane', 'Serval', 'Operation Serval', 'Sabre'],
  Niger: ['Niger', 'Nigerien', 'Nigeriens'],
  Nigeria: ['Nigeria', 'Nigerian', 'Nigerians'],
  Chad: ['Chad', 'Chadian', 'Chadians'],
  'Burkina Faso': ['Burkina Faso', 'Burkinabe', 'Burkinabè'],
  Mauritania: ['Mauritania', 'Mauritanian'],
  Algeria: ['Algeria', 'Algerian', 'Algerians'],
  Libya: ['Libya', 'Libyan'],
  Senegal: ['Senegal', 'Senegalese'],
  Guinea: ['Guinea', 'Guinean'],
  "Côte d'Ivoire": ["Côte d'Ivoire", "Cote d'Ivoire", 'Ivory Coast', 'Ivorian'],
  Ghana: ['Ghana', 'Ghanaian'],
  Benin: ['Benin', 'Beninese'],
  Togo: ['Togo', 'Togolese'],
  Sudan: ['Sudan', 'Sudanese'],
  Russia: ['Russia', 'Russian', 'Russians', 'Moscow', 'Wagner', 'Wagner Group'],
  'United States': ['United States', 'U.S.', 'US', 'USA', 'America', 'American', 'Americans', 'Washington', 'Pentagon'],
  China: ['China', 'Chinese', 'Beijing'],
  Germany: ['Germany', 'German', 'Germans', 'Berlin'],
  'United Kingdom': ['United Kingdom', 'UK', 'U.K.', 'Britain', 'British'],
  Europe: ['Europe', 'European', 'Europeans'],
  Afghanistan: ['Afghanistan', 'Afghan'],
  UN: ['UN', 'U.N.', 'United Nations'],
  MINUSMA: ['MINUSMA'],
  EU: ['EU', 'European Union', 'EUTM'],
  ECOWAS: ['ECOWAS'],
  'African Union': ['African Union', 'AU'],
  NATO: ['NATO'],
  'G5 Sahel': ['G5 Sahel', 'G5'],
  Takuba: ['Takuba', 'Task Force Takuba'],
  Sahel: ['Sahel', 'Sahelian'],
  'West Africa': ['West Africa', 'West African'],
  Bamako: ['Bamako'],
  Kati: ['Kati'],
  Timbuktu: ['Timbuktu'],
  Gao: ['Gao'],
  Kidal: ['Kidal'],
};

/** Entities that are places: after `in`/`across` they give a claim's scope. */
export const PLACES = new Set([
  'Mali', 'Niger', 'Nigeria', 'Chad', 'Burkina Faso', 'Mauritania', 'Algeria', 'Libya', 'Senegal', 'Guinea',
  "Côte d'Ivoire", 'Ghana', 'Benin', 'Togo', 'Sudan', 'Afghanistan', 'Sahel', 'West Africa', 'Bamako', 'Kati',
  'Timbuktu', 'Gao', 'Kidal', 'Europe', 'France', 'Russia', 'United States', 'China', 'Germany', 'United Kingdom',
]);

/** Cities and towns → their country, so `the Kati garrison` places an event in Mali. */
export const CITY_COUNTRY: Record<string, string> = { Bamako: 'Mali', Kati: 'Mali', Timbuktu: 'Mali', Gao: 'Mali', Kidal: 'Mali' };

/** Countries, for an event's country. */
export const COUNTRIES = new Set([...PLACES].filter((p) => !['Sahel', 'West Africa', 'Bamako', 'Kati', 'Timbuktu', 'Gao', 'Kidal', 'Europe'].includes(p)));

/** Event trigger words → event class. Multi-word forms first. */
export const TRIGGERS: Array<[RegExp, string]> = [
  [/\b(?:arrested|detained|seized|captured)\s+by\s+(?:the\s+)?(?:military|soldiers|officers|mutineers|army|troops|junta)\b/gi, 'coup'],
  [/\bcoups?(?:\s+d['’]\s?[ée]tat)?\b|\bputsch(?:es)?\b|\bmutin(?:y|ies|ied|ous)\b|\bmutineers\b|\bseized\s+power\b|\bmilitary\s+takeover\b|\boverthr(?:ew|own|ow)\b|\btoppled\b|\bdeposed\b|\bremoved\b[^.;]{0,60}?\bfrom\s+(?:office|power)\b/gi, 'coup'],
  [/\bresign(?:ed|ation|s)?\b|\bstepped\s+down\b/gi, 'resignation'],
  [/\belections?\b|\belected\b|\bpolls?\b|\bvot(?:e|ed|ing)\b/gi, 'election'],
  [/\bagreements?\b|\baccords?\b|\bsigned\b|\btreaty\b/gi, 'agreement'],
  [/\bwithdr(?:awal|ew|aw|awn)\b|\bpull-?out\b/gi, 'withdrawal'],
  [/\bannounc(?:ed|ement|ing)\b|\bdeclared\b|\bproclaimed\b|\bsaid\b|\bstretched\b|\bextended\b|\bamended\b|\bpostponed\b/gi, 'announcement'],
  [/\bprotests?\b|\bdemonstrations?\b|\brall(?:y|ies)\b|\bstrikes?\b|\bmarch(?:ed|es)\b/gi, 'protest'],
  [/\btransition(?:al)?\b|\bhanded\s+(?:over\s+)?power\b/gi, 'transition'],
  [/\bintervened\b|\bintervention\b|\bbegan\b|\blaunched\b|\bended\b/gi, 'operation'],
  [/\battacks?\b|\bambush(?:ed)?\b|\bassault\b/gi, 'attack'],
  [/\bkidnapp(?:ed|ing)\b|\babducted\b/gi, 'kidnapping'],
  [/\barrested\b|\bdetained\b|\barrests?\b/gi, 'arrest'],
];

/** Events that happen once per country at a time: two dates for one of them are a contradiction. */
export const SINGULAR_EVENTS = new Set(['coup', 'resignation']);

/** Spelled numbers. */
export const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90, hundred: 100, 'a hundred': 100, 'a dozen': 12, dozen: 12,
  'a thousand': 1000, 'a million': 1e6, 'a billion': 1e9,
};

/** Scale words after a number. */
export const SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, mln: 1e6, billion: 1e9, bn: 1e9, b: 1e9, trillion: 1e12,
};

/** Currency words and signs → ISO code. */
export const CURRENCIES: Array<[RegExp, string]> = [
  [/^(?:euros?|eur|€)$/i, 'EUR'],
  [/^(?:(?:us\s?)?dollars?|usd|us\$|\$)$/i, 'USD'],
  [/^(?:(?:cfa\s)?francs?(?:\scfa)?|fcfa|xof)$/i, 'XOF'],
  [/^(?:pounds?(?:\ssterling)?|gbp|£)$/i, 'GBP'],
];

export function currencyOf(word: string): string | null {
  for (const [re, code] of CURRENCIES) if (re.test(word.trim())) return code;
  return null;
}
