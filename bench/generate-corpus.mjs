// A deterministic synthetic archive of briefs for the scale benchmark (issue 8): N briefs in every
// shape the seeds have, sized like them (about 9 KB), with footnotes, URLs, numeric claims and
// event dates. The same N and seed always give the same bytes.
//
//   node bench/generate-corpus.mjs <folder> <N> [seed]
import { mkdirSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small, fast PRNG whose sequence depends only on its seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['Mali', 'Niger', 'Chad', 'Burkina Faso', 'Guinea', 'Mauritania', 'Nigeria', 'Senegal'];
const ACTORS = ['France', 'the United States', 'Germany', 'the EU', 'the UN', 'ECOWAS', 'Russia'];
const OPERATIONS = ['Operation Barkhane', 'Task Force Takuba', 'MINUSMA', 'the G5 Sahel joint force'];
const NOUNS = ['troops', 'soldiers', 'peacekeepers', 'military personnel', 'civilians', 'displaced people', 'protesters'];
const PUBLISHERS = [
  ['Reuters', 'https://www.reuters.com/world/africa/'],
  ['Al Jazeera', 'https://www.aljazeera.com/news/'],
  ['BBC News', 'https://www.bbc.com/news/world-africa-'],
  ['Le Monde', 'https://www.lemonde.fr/afrique/article/'],
  ['Crisis Group', 'https://www.crisisgroup.org/africa/sahel/'],
  ['The Washington Post', 'https://www.washingtonpost.com/world/'],
];
const AUTHORS = ['Ana Ruiz', 'Umar Ahmed', 'Fatou Diallo', 'Jean Martin', 'Leila Haddad', 'Tom Becker', 'Mariam Traoré'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FILLER = [
  'The transition authorities have promised a return to civilian rule, but the timetable keeps slipping.',
  'Regional diplomats describe the talks as tense and the positions as far apart.',
  'Armed groups have exploited the vacuum left by the withdrawal of state services from rural districts.',
  'Humanitarian agencies warn that access to the worst affected areas remains limited.',
  'Analysts disagree on whether the sanctions changed the junta’s calculations at all.',
  'The government denies that foreign contractors take part in operations in the centre of the country.',
  'Local officials say the security situation has deteriorated since the start of the rainy season.',
  'Neighbouring states fear that the instability will spill across their borders.',
  'Critics argue that the strategy has focused on military answers to political problems.',
  'Donors have asked for guarantees before releasing further budget support.',
];

/** The archive's ground truth: one value per fact, so briefs mostly agree, as real ones do. */
function truth(key, lo, hi) {
  let h = 2166136261;
  for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 16777619);
  return lo + ((h >>> 0) % (hi - lo + 1));
}

export function generateBrief(i, random) {
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const country = pick(COUNTRIES);
  const year = int(2012, 2023);
  const day = int(1, 28);
  const month = int(1, 12);
  const author = pick(AUTHORS);
  const format = ['gfm', 'endnotes-md', 'bracket-txt', 'numbered-web', 'pdf'][i % 5];
  const markdown = format === 'gfm' || format === 'endnotes-md';

  // Sources are dated before the brief.
  const dateText = () => {
    const y = year - int(0, 1);
    const m = y < year ? int(1, 12) : int(1, month);
    const d = y < year || m < month ? int(1, 28) : int(1, day);
    return pick([`${d} ${MONTHS[m - 1]} ${y}`, `${MONTHS[m - 1]} ${d}, ${y}`, `${d}/${m}/${y}`, `${MONTHS[m - 1]} ${y}`]);
  };
  // About one brief in twenty-five gets a fact wrong: the conflicts the linter is for.
  const fact = (key, lo, hi) => {
    const v = truth(key, lo, hi);
    return random() < 0.04 ? Math.max(lo, Math.min(hi, Math.round(v * pick([0.7, 0.8, 1.25, 1.4])))) : v;
  };
  const shown = (n) => (n >= 1000 ? n.toLocaleString('en-US') : String(n));
  // One coup per country in the whole archive, as in the seeds' story.
  const coupYear = truth(`${country}|coup`, 2012, 2023);
  const eventDay = truth(`${country}|coup|day`, 1, 28);
  const eventMonth = truth(`${country}|coup|month`, 1, 12);
  const claimSentence = () =>
    pick([
      () => {
        const actor = pick(ACTORS);
        const noun = pick(NOUNS.slice(0, 4));
        return `${actor} had ${pick(['about ', 'around ', 'nearly ', 'some ', ''])}${shown(fact(`${actor}|${country}|${year}`, 3, 60) * 100)} ${noun} in ${country} in ${MONTHS[month - 1]} ${year}.`;
      },
      () => {
        const op = pick(OPERATIONS);
        const what = pick(['attacks', 'violent incidents', 'deaths']);
        // Attacks and violent incidents are one quantity to the linter (and to readers): one truth.
        const counted = what === 'deaths' ? 'deaths' : 'incidents';
        return `${op} counted ${shown(fact(`${op}|${counted}|${country}|${year}`, 30, 900))} ${what} in ${country} in ${MONTHS[month - 1]} ${year}.`;
      },
      () => `Turnout in the ${year} vote in ${country} was ${fact(`${country}|turnout|${year}`, 5, 80)}.${truth(`${country}|${year}`, 0, 9)} percent, and the ruling party won ${fact(`${country}|seats|${year}`, 10, 140)} seats.`,
      () => {
        const actor = pick(ACTORS);
        const m = fact(`${actor}|pledge|${year}`, 20, 900);
        return `In ${year}, ${actor} pledged ${m} million euros (${Math.round(m * 1.18)} million dollars) to ${country}.`;
      },
      () => `The coup in ${country} on ${random() < 0.03 ? eventDay + 1 : eventDay} ${MONTHS[eventMonth - 1]} ${coupYear} ended a year of protests.`,
      () => `On ${WEEKDAYS[new Date(Date.UTC(coupYear, eventMonth - 1, eventDay)).getUTCDay()]} (${eventDay} ${MONTHS[eventMonth - 1]} ${coupYear}), soldiers in ${country} detained the president and the prime minister.`,
      () => `At least ${pick(['six', 'eighteen', 'a dozen'])} ${pick(NOUNS.slice(4))} were killed in ${pick(['Bamako', 'Gao', 'Niamey', 'Kidal'])} on ${day} ${MONTHS[month - 1]} ${year}.`,
    ])();

  const notes = [];
  const note = () => {
    const [publisher, base] = pick(PUBLISHERS);
    const slug = `${country.toLowerCase().replace(/ /g, '-')}-${pick(['coup', 'sanctions', 'elections', 'troops', 'talks'])}-${int(1000, 99999)}`;
    notes.push({ title: `${country} ${pick(['after the coup', 'and its neighbours', 'between two transitions', 'in figures'])}`, publisher, date: dateText(), url: `${base}${year}/${slug}` });
    return notes.length;
  };
  const marker = (n) => (format === 'gfm' ? `[^${n}]` : format === 'pdf' || format === 'numbered-web' ? String(n) : `[${n}]`);

  const paragraphs = [];
  const paragraphCount = int(13, 20);
  for (let p = 0; p < paragraphCount; p++) {
    const sentences = [];
    const count = int(3, 6);
    for (let s = 0; s < count; s++) {
      let sentence = random() < 0.35 ? claimSentence() : pick(FILLER);
      if (random() < 0.3) sentence = sentence.replace(/\.$/, `.${marker(note())}`);
      sentences.push(sentence);
    }
    if (markdown && random() < 0.05) sentences.push(`See [the earlier brief](#) on ${country}.`);
    paragraphs.push(sentences.join(' '));
  }

  const title = `${country.toUpperCase()}: ${pick(['A second coup deals another blow', 'The long transition', 'Foreign forces rethink their role', 'Sanctions and their limits'])}`;
  const noteLines = notes.map((n, k) => {
    const source = `${n.title}, ${n.publisher}, ${n.date}`;
    if (format === 'gfm') return `[^${k + 1}]: ${source}, <${n.url}>`;
    if (format === 'numbered-web') return `${k + 1} ${source}, ${n.url}`;
    if (format === 'pdf' && random() < 0.3) {
      const cut = Math.floor(n.url.length / 2);
      return `${k + 1} ${source}\n\n${n.url.slice(0, cut)}\n\n${n.url.slice(cut)}`;
    }
    if (format === 'pdf') return `${k + 1} ${source}\n\n${n.url}`;
    return `[${k + 1}] ${author}, ${source}, available at: ${n.url}`;
  });

  let text;
  if (format === 'gfm') {
    text = `---\ntitle: "${title}"\ndate: ${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}\nauthor: ${author}\n---\n\n# ${title}\n\n${paragraphs.join('\n\n')}\n\n${noteLines.join('\n')}\n`;
  } else if (format === 'endnotes-md') {
    text = `# ${title}\n\n*${author}, ${day} ${MONTHS[month - 1]} ${year}*\n\n${paragraphs.join('\n\n')}\n\n## Notes\n\n${noteLines.join('\n\n')}\n`;
  } else if (format === 'numbered-web') {
    text = `${title}\n${author} ${author}${day}th ${MONTHS[month - 1]} ${year}${int(3, 9)} min\n\n${paragraphs.join('\n\n')}\n\nReferences\n\n${noteLines.join('\n\n')}\n\nRelated Publications\nView all publications\n`;
  } else if (format === 'pdf') {
    // Double-spaced lines of about 90 characters, the notes after the body.
    const lines = paragraphs.flatMap((para) =>
      para.split(' ').reduce((acc, w) => {
        const last = acc[acc.length - 1];
        if (last !== undefined && last.length + w.length < 90) acc[acc.length - 1] = `${last} ${w}`;
        else acc.push(w);
        return acc;
      }, []),
    );
    text = ` ${title} \n\n${lines.map((l) => `${l} `).join('\n\n')}\n\n${'_'.repeat(40)}\n${noteLines.join('\n\n')}\n`;
  } else {
    text = `${title}\n\n${author}\n\n${day}/${month}/${year}\n\n${paragraphs.join('\n\n')}\n\nEndnotes\n\n${noteLines.join('\n')}\n`;
  }
  return { name: `brief-${String(i).padStart(5, '0')}.${markdown ? 'md' : 'txt'}`, text };
}

/** Writes N briefs into a folder (emptied first); returns their paths and total bytes. */
export function generateCorpus(folder, n, seed = 20261122) {
  const stamp = join(folder, '.generated');
  const want = `${n}:${seed}:v2`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const random = prng(seed);
  for (let i = 0; i < n; i++) {
    const { name, text } = generateBrief(i, random);
    writeFileSync(join(folder, name), text);
  }
  writeFileSync(stamp, want);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [folder, n, seed] = process.argv.slice(2);
  if (!folder || !n) {
    console.error('usage: node bench/generate-corpus.mjs <folder> <N> [seed]');
    process.exit(2);
  }
  generateCorpus(folder, Number(n), seed ? Number(seed) : undefined);
}
