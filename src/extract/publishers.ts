/** Publishers of sites that briefs cite often, by registered domain: the fallback when a footnote names none. */
export const PUBLISHERS: Record<string, string> = {
  'africacenter.org': 'Africa Center for Strategic Studies',
  'aljazeera.com': 'Al Jazeera',
  'apnews.com': 'AP News',
  'atalayar.com': 'Atalayar',
  'barrons.com': "Barron's",
  'bbc.co.uk': 'BBC',
  'bbc.com': 'BBC',
  'crisisgroup.org': 'International Crisis Group',
  'crossfirekm.org': 'Crossfire KM',
  'csis.org': 'CSIS',
  'dw.com': 'DW',
  'foreignaffairs.com': 'Foreign Affairs',
  'france24.com': 'France 24',
  'lefigaro.fr': 'Le Figaro',
  'lejdd.fr': 'Le Journal du Dimanche',
  'lemonde.fr': 'Le Monde',
  'lepoint.fr': 'Le Point',
  'nytimes.com': 'The New York Times',
  'pism.pl': 'PISM',
  'rand.org': 'RAND Corporation',
  'reuters.com': 'Reuters',
  'rfi.fr': 'RFI',
  'sofrep.com': 'SOFREP',
  'theguardian.com': 'The Guardian',
  'un.org': 'United Nations',
  'usip.org': 'United States Institute of Peace',
  'washingtonpost.com': 'The Washington Post',
};

/** The publisher a URL's host implies, if it is in the table. */
export function publisherOfUrl(url: string): string | null {
  let host: string;
  try {
    host = new URL(/^www\./i.test(url) ? `https://${url}` : url).hostname.toLowerCase();
  } catch {
    return null;
  }
  const parts = host.split('.');
  for (let i = 0; i < parts.length - 1; i++) {
    const domain = parts.slice(i).join('.');
    // Own keys only: a host such as `constructor` must not find Object.prototype.constructor.
    if (Object.hasOwn(PUBLISHERS, domain)) return PUBLISHERS[domain];
  }
  return null;
}
