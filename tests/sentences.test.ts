import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/extract/sentences.js';

const sentences = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('sentence splitting', () => {
  it('does not end a sentence at an abbreviation or an initial', () => {
    expect(sentences('Gen. Ruiz met the U.S. envoy on 3 Sept. 2020. Talks ended. See op. cit. p. 4 for more.')).toEqual([
      'Gen. Ruiz met the U.S. envoy on 3 Sept. 2020.',
      'Talks ended.',
      'See op. cit. p. 4 for more.',
    ]);
    expect(sentences('Le président a démissionné. Über die Lage. Zoë ist hier. É. Macron spoke.')).toEqual([
      'Le président a démissionné.',
      'Über die Lage.',
      'Zoë ist hier.',
      'É. Macron spoke.',
    ]);
  });

  it('keeps closing quotes and parentheses with their sentence', () => {
    expect(sentences('He said "it is over." Then he left. Was it? "Yes." (It was.) Done')).toEqual([
      'He said "it is over."',
      'Then he left.',
      'Was it?',
      '"Yes." (It was.)',
      'Done',
    ]);
  });

  it('starts a sentence at each list item and bullet', () => {
    expect(sentences('Three points:\n- first point\n- second point\n1. numbered one\n12) numbered two')).toEqual([
      'Three points:',
      '- first point',
      '- second point',
      '1. numbered one',
      '12) numbered two',
    ]);
    expect(sentences('Facts • 4,500 troops • 5,100 troops ▪ later')).toEqual(['Facts', '4,500 troops', '5,100 troops', 'later']);
  });

  it('ends a short or punctuated paragraph at a blank line, whatever the line ends', () => {
    const long = 'A paragraph that runs on without a full stop at the end of its line and keeps going past eighty characters';
    expect(sentences(`A short heading\n\n${long}\n\nNext one.`)).toEqual(['A short heading', `${long}\n\nNext one.`]);
    expect(sentences('First line.\r\nSecond line\r\n\r\nThird.\rFourth.')).toEqual(['First line.', 'Second line', 'Third.', 'Fourth.']);
  });

  it('in double-spaced PDF text, ends sentences at punctuation and Title-Case headings only', () => {
    const pdf = [
      'Operation Barkhane In Mali', 'France kept about 5,100 troops in', 'the Sahel until the drawdown,', 'which began in 2021.',
      'The Coup Of August 2020', 'Soldiers detained the president', 'on 18 August.', 'Afterwards, talks', 'followed.', '',
    ].join('\n\n');
    expect(sentences(pdf)).toEqual([
      'Operation Barkhane In Mali',
      'France kept about 5,100 troops in\n\nthe Sahel until the drawdown,\n\nwhich began in 2021.',
      'The Coup Of August 2020',
      'Soldiers detained the president\n\non 18 August.',
      'Afterwards, talks\n\nfollowed.',
    ]);
    // A line of fifteen capitalised words is prose, not a heading; nor is one ending in a comma.
    const title = 'The French And Malian Forces Met In Gao To Plan The Next Phase Of The Operation';
    const withLong = pdf.replace('Operation Barkhane In Mali', title);
    expect(sentences(withLong)[0]).toBe(`${title}\n\nFrance kept about 5,100 troops in\n\nthe Sahel until the drawdown,\n\nwhich began in 2021.`);
    expect(sentences(pdf.replace('Operation Barkhane In Mali', 'Operation Barkhane In Mali,'))[0]).toMatch(/^Operation Barkhane In Mali,\n\nFrance/);
    // Blanked notes leave lines of spaces; they neither end a sentence nor hide the text before them.
    const blanked = [
      'Operation Barkhane In Mali', 'France kept about 5,100 troops in', ' '.repeat(10), ' '.repeat(20), 'the Sahel until the drawdown,',
      ' '.repeat(5), 'which began in 2021.', 'The Coup Of August 2020', 'on 18 August', ' '.repeat(8), 'Afterwards, talks', 'followed.', '',
    ].join('\n\n');
    expect(sentences(blanked).map((s) => s.replace(/\s+/g, ' '))).toEqual([
      'Operation Barkhane In Mali',
      'France kept about 5,100 troops in the Sahel until the drawdown, which began in 2021.',
      'The Coup Of August 2020',
      'on 18 August Afterwards, talks followed.',
    ]);
    // The same lines single-spaced: short unpunctuated lines before a blank line end there.
    expect(sentences(pdf.replace(/\n\n/g, '\n'))).toEqual([
      'Operation Barkhane In Mali\nFrance kept about 5,100 troops in\nthe Sahel until the drawdown,\nwhich began in 2021.',
      'The Coup Of August 2020\nSoldiers detained the president\non 18 August.',
      'Afterwards, talks\nfollowed.',
    ]);
  });
});
