import { describe, expect, it } from 'vitest';
import { buildDocument } from '../src/extract/document.js';
import { findDates, inferDateOrder, readPlainDate } from '../src/extract/dates.js';
import { repairSplitUrl, scanUrls, trimUrl } from '../src/extract/urls.js';
import { findDateline, splitAuthors } from '../src/extract/metadata.js';

const pos = (doc: ReturnType<typeof buildDocument>, offset: number) => doc.lines.point(offset);

describe('positions', () => {
  const body = 'Title\n\nOne claim.[1]\n\n[1] Source, 2/2/2021, available at: https://www.sahelwatch.org/x\n';
  it('are exact for LF text', () => {
    const doc = buildDocument('a.txt', body);
    expect(doc.markers[0].range.start).toMatchObject({ line: 3, column: 11 });
    expect(doc.footnotes[0].range.start).toMatchObject({ line: 5, column: 1 });
  });
  it('are exact for CRLF text', () => {
    const doc = buildDocument('a.txt', body.replace(/\n/g, '\r\n'));
    expect(doc.markers[0].range.start).toMatchObject({ line: 3, column: 11 });
    expect(doc.markers[0].range.end).toMatchObject({ line: 3, column: 14 });
    expect(doc.footnotes[0].range.start).toMatchObject({ line: 5, column: 1 });
    expect(doc.links[0].range.start).toMatchObject({ line: 5, column: 37 });
  });
  it('ignore a BOM: line 1 column 1 is the first real character', () => {
    const doc = buildDocument('a.md', '\uFEFF# T\n\nText[^x].\r\n\r\n[^x]: Note, 2021, https://www.sahelwatch.org/y\r\n');
    expect(doc.title).toBe('T');
    expect(doc.markers[0].range.start).toMatchObject({ line: 3, column: 5 });
    expect(doc.footnotes[0].range.start).toMatchObject({ line: 5, column: 1 });
    expect(doc.links[0].range.start).toMatchObject({ line: 5, column: 19 });
  });
  it('count UTF-16 code units in columns', () => {
    const doc = buildDocument('a.txt', 'T\n\n😀 é text.[1]\n\n[1] S, 2/2/2021, https://www.sahelwatch.org/z\n');
    // 😀 is two UTF-16 code units: 2 + ' é text.' (8) puts the marker at column 11.
    expect(doc.markers[0].range.start).toMatchObject({ line: 3, column: 11 });
  });
});

describe('footnote styles', () => {
  it('reads bracket markers with a bracketed endnote list', () => {
    const doc = buildDocument('a.txt', 'T\n\nA.[1] B.[2]\n\n[1] X, 1/1/2020, https://www.sahelwatch.org/1\n\n[2] Idem.\n');
    expect(doc.footnotes.map((f) => f.label)).toEqual(['1', '2']);
    expect(doc.markers.map((m) => m.label)).toEqual(['1', '2']);
  });
  it('reads bracket markers with a `1 Title, Publisher, date, URL` list', () => {
    const doc = buildDocument('a.txt', 'T\n\nA.[1] B.[2]\n\n\n\n1 Report, Rand, Pg 2, https://www.sahelwatch.org/1\n\n2 Story, BBC, 21 August, 2020, https://www.sahelwatch.org/2\n');
    expect(doc.footnotes.map((f) => [f.label, f.style])).toEqual([['1', 'numbered'], ['2', 'numbered']]);
  });
  it('reads PDF text: markers glued to words, notes at page bottoms, double spacing', () => {
    const text = [
      'Title', '', 'Macron said the forces would "leave".1 ', '', 'France intervened under SERVAL.2 ', '',
      '                                   ', '1 Author Name, "A title," Journal du ', '', 'Dimanche  (29.5.2021)   ', '',
      'https://www.www.sahelwatch.org/path-', '', 'rest-4048401 ', '', '', '', ' ', ' ', 'Page two text goes on here. ', '',
      '2 Operation Serval was a French-led operation in Mali. It began on January 11, 2013 and ended ', '',
      'in July 2014 when it was folded into a wider regional mission. ', '',
    ].join('\n');
    const doc = buildDocument('a.txt', text);
    expect(doc.markers.map((m) => [m.label, m.style])).toEqual([['1', 'glued'], ['2', 'glued']]);
    expect(doc.footnotes.map((f) => f.label)).toEqual(['1', '2']);
    expect(doc.footnotes[0].text).toContain('Dimanche');
    expect(doc.footnotes[0].text).not.toContain('Page two');
    expect(doc.footnotes[1].citation?.kind).toBe('note');
    expect(doc.links[0].repaired?.url).toBe('https://www.www.sahelwatch.org/path-rest-4048401');
  });
  it('reads PDF notes that start right under a separator rule, so their titles are not claims', () => {
    const text = [
      ' NIGER: Sanctions and their limits ', '', 'The junta took power in a coup on 26 July 2023. Sanctions followed.1 Talks went on in August 2023.2 ', '',
      'Aid fell by 2.3 percent. Turnout was 40.5 percent in 2023.3 ', '',
      '________________________________________',
      '1 Niger after the coup, Reuters, 27/4/2022', '', 'https://www.reuters.com/world/africa/2023/niger-coup-4278', '',
      '2 Niger between two transitions, BBC News, 9 August 2023', '', 'https://www.bbc.com/news/world-africa-2023/niger-talks-7006', '',
      '3 Niger in figures, Le Monde, 16 July 2023', '', 'https://www.lemonde.fr/afrique/article/2023/niger-troops-5236', '',
    ].join('\n');
    const doc = buildDocument('a.txt', text);
    // `August 2023.2` is a marker after a year: it fills the gap between 1 and 3. `2.3 percent` is a decimal.
    expect(doc.markers.map((m) => [m.label, m.style, text.slice(m.range.start.offset - 5, m.range.end.offset)])).toEqual([
      ['1', 'glued', 'owed.1'],
      ['2', 'glued', '2023.2'],
      ['3', 'glued', '2023.3'],
    ]);
    expect(doc.footnotes.map((f) => f.label)).toEqual(['1', '2', '3']);
    // Only the body's coup date is a claim; the note's `after the coup, … 27/4/2022` is not.
    expect(doc.claims.filter((c) => c.kind === 'date').map((c) => c.text)).toEqual(['26 July 2023']);
  });
  it('does not take numbered points, years, articles or page numbers for markers', () => {
    const text = [
      'Title', '', 'Costs: 1) the states could break apart; 2) a defeat (Dien Bien Phu 2) would follow.', '',
      'NATO acted under Article 5 in 2001 and the G5 Sahel was formed in 2017, see p.4 and No.3.', '',
    ].join('\n');
    const doc = buildDocument('a.txt', text);
    expect(doc.markers).toEqual([]);
    expect(doc.footnotes).toEqual([]);
  });
  it('does not take a numbered list without markers for footnotes', () => {
    const doc = buildDocument('a.txt', 'T\n\nIntro.\n\n1 First point of the plan\n\n2 Second point of the plan\n');
    expect(doc.footnotes).toEqual([]);
  });
  it('reads GFM footnotes and undefined GFM references', () => {
    const doc = buildDocument('a.md', '# T\n\nA[^a] b[^nope].\n\n[^a]: Source, 2021, https://www.sahelwatch.org/a\n');
    expect(doc.markers.map((m) => m.label)).toEqual(['a', 'nope']);
    expect(doc.footnotes.map((f) => f.label)).toEqual(['a']);
    expect(doc.links[0]).toMatchObject({ origin: 'footnote', footnote: 'a' });
  });
  it('ignores markers inside code in Markdown', () => {
    const doc = buildDocument('a.md', '# T\n\n`array[1]` and\n\n```\nx[2]\n```\n');
    expect(doc.markers).toEqual([]);
  });
});

describe('citations', () => {
  const notes = [
    '[1] Milena Caye, Recent Coup: Implications, 23/8/2020, available at: https://www.sahelwatch.org/1',
    '[2] Judd Devermont, The Military Ousts a Government, August 19, 2020 , available at: https://www.csis.org/analysis/x',
    '[3] Jan Kowalski, Coup in Mali, PISM, No.  62/2020, 20 August 2020, p.1, 2.',
    '[4] Raúl Redondo, Russia and the coup, 24/8/2020, available at: https://www.sahelwatch.org/4',
    '[5] Idem.',
    '[6] Milena Caye, op. cit.',
    '[7] Judd devermont, op.cit.',
    '[8] Nobody Known, op. cit.',
    '[9] Ibid.',
    '[10] See supra note 4.',
  ];
  const doc = buildDocument('a.txt', `T\n\n${notes.map((_, i) => `Claim.[${i + 1}]`).join(' ')}\n\n${notes.join('\n\n')}\n`);
  const c = (label: string) => doc.footnotes.find((f) => f.label === label)!.citation!;

  it('parses authors, title, publisher, date, URL, pages and report numbers', () => {
    expect(c('1')).toMatchObject({ kind: 'source', authors: ['Milena Caye'], title: 'Recent Coup: Implications', url: 'https://www.sahelwatch.org/1' });
    expect(c('1').date?.start).toBe('2020-08-23');
    expect(c('2')).toMatchObject({ publisher: 'CSIS', title: 'The Military Ousts a Government' });
    expect(c('2').date?.start).toBe('2020-08-19');
    expect(c('3')).toMatchObject({ kind: 'source', publisher: 'PISM', pages: '1, 2', reportNumber: '62/2020', url: null });
  });
  it('resolves Idem, op. cit. (case-insensitive) and supra, and leaves the rest unresolved with a reason', () => {
    expect(c('5')).toMatchObject({ kind: 'shortform', resolvesTo: '4' });
    expect(c('6').resolvesTo).toBe('1');
    expect(c('7').resolvesTo).toBe('2');
    expect(c('8')).toMatchObject({ resolvesTo: null });
    expect(c('8').unresolvedReason).toContain('Nobody Known');
    expect(c('9').resolvesTo).toBeNull();
    expect(c('9').unresolvedReason).toContain('itself unresolved');
    expect(c('10').resolvesTo).toBe('4');
  });
  it('keeps op. cit. unresolved when two earlier sources share the surname', () => {
    const d = buildDocument('a.txt', 'T\n\nA.[1] B.[2] C.[3]\n\n[1] Ann Smith, One, 2/2/2020, https://www.sahelwatch.org/1\n\n[2] Bob Smith, Two, 3/2/2020, https://www.sahelwatch.org/2\n\n[3] Smith, op. cit.\n');
    expect(d.footnotes[2].citation).toMatchObject({ resolvesTo: null });
    expect(d.footnotes[2].citation?.unresolvedReason).toMatch(/2 earlier footnotes/);
  });
  it('does not resolve Ibid. to a footnote that cites several sources', () => {
    const d = buildDocument('a.txt', 'T\n\nA.[1] B.[2]\n\n[1] One, 2/2/2020, https://www.sahelwatch.org/1; Two, 3/2/2020, https://www.sahelwatch.org/2\n\n[2] Ibid.\n');
    expect(d.footnotes[1].citation?.unresolvedReason).toMatch(/several sources/);
  });
  it('prefers a quoted title that opens its segment', () => {
    const d = buildDocument('a.txt', 'T\n\nA.[1]\n\n[1] François Clemenceau, "Immigration, terrorism ... confidences," Journal du Dimanche (29.5.2021) https://www.lejdd.fr/x\n');
    expect(d.footnotes[0].citation).toMatchObject({ authors: ['François Clemenceau'], title: 'Immigration, terrorism ... confidences', publisher: 'Journal du Dimanche' });
    expect(d.footnotes[0].citation?.date?.start).toBe('2021-05-29');
  });
});

describe('dates', () => {
  it.each([
    ['23/8/2020', '2020-08-23'],
    ['1 /9/ 2020', '2020-09-01'],
    ['Aug. 25, 2020', '2020-08-25'],
    ['21 August, 2020', '2020-08-21'],
    ['29.5.2021', '2021-05-29'],
    ['10th September 2020', '2020-09-10'],
    ['18 août 2020', '2020-08-18'],
  ])('reads %s', (text, iso) => {
    const [d] = findDates(text, { order: 'dmy' });
    expect(d.value).toMatchObject({ start: iso, granularity: 'day' });
  });
  it('gives months as whole-month intervals', () => {
    expect(findDates('in August 2020')[0].value).toEqual({ start: '2020-08-01', end: '2020-08-31', granularity: 'month' });
  });
  it('infers day-first or month-first from unambiguous dates', () => {
    expect(inferDateOrder('23/8/2020 and 1/9/2020')).toBe('dmy');
    expect(inferDateOrder('8/23/2020 and 1/9/2020')).toBe('mdy');
    expect(inferDateOrder('1/9/2020')).toBeNull();
  });
  it('keeps both readings of an ambiguous date when the convention is unknown', () => {
    const [d] = findDates('1/9/2020');
    expect(d.value.start).toBe('2020-09-01');
    expect(d.value.alternatives?.[0].start).toBe('2020-01-09');
    expect(findDates('1/9/2020', { order: 'mdy' })[0].value).toMatchObject({ start: '2020-01-09' });
    expect(findDates('1/9/2020', { order: 'dmy' })[0].value.alternatives).toBeUndefined();
  });
  it('finds a dateline glued to a byline and a read time, and not a photo caption', () => {
    expect(findDateline(['Umar Ahmed Umar Ahmed10th September 20206 min'])).toMatchObject({
      published: { start: '2020-09-10' },
      authors: ['Umar Ahmed'],
    });
    expect(findDateline(['Soldiers patrol an air base in Bamako, Mali, Jan. 16, 2013. (Marco Gualazzini/The New York Times)'])).toBeNull();
    expect(splitAuthors('By Ann Lee and Bo Chan')).toEqual(['Ann Lee', 'Bo Chan']);
  });
});

describe('claim times and spans', () => {
  const quantity = (doc: ReturnType<typeof buildDocument>, text: RegExp) =>
    doc.claims.find((c) => c.kind !== 'date' && text.test(c.text)) as { text: string; time: { start: string; end: string } | null; range: { start: { line: number; column: number } } };
  it('gives a quantity timed by a yearless date the year that date takes', () => {
    const doc = buildDocument('a.txt', 'Mali after the coup\n\nThe junta seized power on 18 August 2020. It held a rally attended by thousands of people on August 21.\n');
    expect(doc.claims.find((c) => c.kind === 'date' && c.text === 'August 21')).toMatchObject({ date: { start: '2020-08-21' } });
    expect(quantity(doc, /thousands/).time).toMatchObject({ start: '2020-08-21', end: '2020-08-21' });
  });
  it('starts a claim at its approximator, not at the line break before it', () => {
    const doc = buildDocument('a.txt', 'Barkhane\n\nOperation Barkhane is led by France. Currently,\naround 5,100 soldiers serve in it.\n');
    const claim = quantity(doc, /5,100/);
    expect(claim.text).toBe('around 5,100 soldiers');
    expect(claim.range.start).toMatchObject({ line: 4, column: 1 });
  });
});

describe('plain dates read without chrono', () => {
  it('read every plain span exactly as chrono does, and leave the rest to chrono', () => {
    const months = ['January', 'Jan', 'February', 'Feb', 'March', 'Mar', 'April', 'Apr', 'May', 'June', 'Jun', 'July', 'Jul', 'August', 'Aug', 'September', 'Sept', 'Sep', 'October', 'Oct', 'November', 'Nov', 'December', 'Dec', 'AUGUST', 'Junk'];
    const spans: string[] = [];
    const ordinals: string[] = [];
    const gapped: string[] = [];
    for (const y of [1999, 2020, 2024]) {
      for (const m of months) {
        spans.push(`${m} ${y}`);
        for (const d of [1, 9, 10, 28, 29, 30, 31, 32]) spans.push(`${d} ${m} ${y}`, `${m} ${d}, ${y}`);
        // Ordinals, with the right suffix and with wrong ones (chrono reads `2th` as the 2nd too).
        for (const d of [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 30, 31]) {
          for (const suffix of ['st', 'nd', 'rd', 'th']) ordinals.push(`${d}${suffix} ${m} ${y}`, `${m} ${d}${suffix}, ${y}`);
        }
        // Other spaces between the parts: text pasted from a PDF puts a year after a blank line.
        for (const gap of ['  ', '   ', ' \n', ' \n\n', '\n\n', '\n \n', '\n', '\t', '\u00a0', ' \n \n', '    ']) {
          gapped.push(`${m}${gap}${y}`, `28${gap}${m}${gap}${y}`, `9th${gap}${m} ${y}`, `${m}${gap}9, ${y}`, `${m} 9,${gap}${y}`);
        }
      }
      for (let a = 0; a <= 32; a += a < 13 ? 1 : 6) for (const b of [1, 2, 7, 12, 13, 29, 31]) spans.push(`${a}/${b}/${y}`, `${String(a).padStart(2, '0')}/${b}/${y}`);
    }
    // How many spans (times orders) the plain reader reads, each read exactly as chrono does.
    const readAsChronoDoes = (list: string[], orders: ReadonlyArray<'dmy' | 'mdy' | undefined>) => {
      let plain = 0;
      for (const span of list) {
        for (const order of orders) {
          const fast = readPlainDate(span, { order });
          if (fast === null) continue;
          plain++;
          expect({ span, order, dates: fast }).toEqual({ span, order, dates: findDates(span, { order }) });
        }
      }
      return plain;
    };
    // Most months and days are real, whatever the suffix.
    expect(readAsChronoDoes(ordinals, [undefined])).toBeGreaterThan(ordinals.length / 2);
    // Up to three spaces of any kind between the parts; a comma's space stays a space.
    expect(readAsChronoDoes(gapped, [undefined])).toBeGreaterThan(gapped.length / 2);
    // Most of the grid is plain; what is not (a 32nd, \`Junk 2020\`, a month 13) went to chrono.
    expect(readAsChronoDoes(spans, [undefined, 'dmy', 'mdy'])).toBeGreaterThan(spans.length * 2);
    expect(readPlainDate('Junk 2020')).toBeNull();
    expect(readPlainDate('31 June 2020')).toBeNull();
    expect(readPlainDate('Monday, 24 May 2021')).toBeNull();
    expect(readPlainDate('2th May 2021')?.[0].value.start).toBe('2021-05-02');
    expect(readPlainDate('January \n\n2013')?.[0].value).toMatchObject({ start: '2013-01-01', end: '2013-01-31', granularity: 'month' });
    expect(readPlainDate('May 9,\n2021')).toBeNull();
    expect(readPlainDate('22nd May 2021')?.[0].value.start).toBe('2021-05-22');
  });
});

describe('URLs', () => {
  it.each([
    ['https://www.sahelwatch.org/x.', 'https://www.sahelwatch.org/x'],
    ['https://www.sahelwatch.org/x),', 'https://www.sahelwatch.org/x'],
    ['https://en.wikipedia.org/wiki/Mali_(country)', 'https://en.wikipedia.org/wiki/Mali_(country)'],
    ['https://www.sahelwatch.org/x]', 'https://www.sahelwatch.org/x'],
    ['https://www.sahelwatch.org/x”.', 'https://www.sahelwatch.org/x'],
  ])('trims %s', (raw, url) => expect(trimUrl(raw)).toBe(url));
  it('finds Markdown-style links pasted into plain text, including empty and `#` targets', () => {
    const found = scanUrls('See [Chad](#) and [x]() and https://www.sahelwatch.org/p.', { textLinks: true, repair: false });
    expect(found.map((u) => u.url)).toEqual(['#', '', 'https://www.sahelwatch.org/p']);
  });
  it('rejoins a URL split across lines after a hyphen, and not onto a sentence', () => {
    const t = 'https://www.sahelwatch.org/long-path-\n\nrest-123 \n';
    expect(repairSplitUrl(t, 0, t.indexOf('\n'))?.url).toBe('https://www.sahelwatch.org/long-path-rest-123');
    const s = 'https://www.sahelwatch.org/done\nThe next sentence starts here.';
    expect(repairSplitUrl(s, 0, s.indexOf('\n'))).toBeNull();
  });
});

describe('suppressions', () => {
  it('silence a rule on the next line, or between disable and enable', async () => {
    const { findings } = await import('./helpers.js');
    const text = [
      '# S', '', 'One[^1].', '',
      '<!-- cite-lint-disable-next-line footnote-unused -- appendix -->',
      '[^2]: Unused two, 2021, https://www.sahelwatch.org/2', '',
      '<!-- cite-lint-disable footnote-unused -->',
      '[^3]: Unused three, 2021, https://www.sahelwatch.org/3', '',
      '<!-- cite-lint-enable footnote-unused -->',
      '[^4]: Unused four, 2021, https://www.sahelwatch.org/4', '',
      '[^1]: Used, 2021, https://www.sahelwatch.org/1', '',
    ].join('\n');
    const { lintDocuments } = await import('../src/engine/linter.js');
    const { finishFile } = await import('../src/engine/linter.js');
    const { rules } = await import('../rules/index.js');
    const { defaultConfig } = await import('../src/engine/config.js');
    const doc = buildDocument('s.md', text);
    const result = finishFile(doc, 's.md', lintDocuments([doc], rules, defaultConfig()).get('s.md')!);
    expect(result.messages.map((m) => m.message)).toEqual([expect.stringContaining('Footnote 4')]);
    expect(result.suppressed.map((m) => [m.range.start.line, m.suppressed?.justification])).toEqual([[6, 'appendix'], [9, undefined]]);
    expect(findings({ 's.md': text }, 'footnote-unused')).toHaveLength(3);
  });
});

describe('lookup tables', () => {
  it('never read through the object prototype (found by the property test)', async () => {
    const doc = buildDocument('a.txt', '0 toString and 5 constructor hasOwnProperty\n\nA.[1]\n\n[1] X, 2/2/2020, http://constructor/x\n');
    expect(doc.claims.every((c) => (c.subjects as unknown[]).every((s) => typeof s === 'string'))).toBe(true);
    expect(doc.footnotes[0].citation?.publisher).toBeNull();
  });
});

describe('plain-text adapter', () => {
  it('makes paragraphs with exact positions and never a code block from indentation', async () => {
    const { parseText } = await import('../src/parse/text.js');
    const { LineIndex } = await import('../src/parse/positions.js');
    const text = 'Title\r\n\r\n    indented like code\r\nstill the same paragraph\r\n\r\n\r\nLast.';
    const tree = parseText(text, new LineIndex(text));
    expect(tree.children.map((c) => c.type)).toEqual(['paragraph', 'paragraph', 'paragraph']);
    expect(tree.children[1].position).toMatchObject({ start: { line: 3, column: 1 }, end: { line: 4, column: 25 } }); // end is exclusive
    expect(tree.children[2].position?.start).toMatchObject({ line: 7, column: 1, offset: text.indexOf('Last') });
  });
});

describe('tidied dates', () => {
  it('keep their whole original text and offsets', () => {
    const [d] = findDates('see 1 /9/ 2020, then', { order: 'dmy' });
    expect(d).toMatchObject({ text: '1 /9/ 2020', start: 4, end: 14 });
    expect(findDates('23/8/2020 and 29.5.2021').map((x) => x.text)).toEqual(['23/8/2020', '29.5.2021']);
  });
});
