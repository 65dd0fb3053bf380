import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocument } from '../src/extract/document.js';
import { ROOT, lintTexts } from './helpers.js';

const brief = (name: string) => {
  const path = `fixtures/briefs/${name}`;
  return buildDocument(path, readFileSync(join(ROOT, path), 'utf8'));
};

describe('sample briefs (one per seed shape)', () => {
  it('endnote list with short forms: every short form resolves to its source', () => {
    const doc = brief('sahel-counterterrorism-after-the-coup.txt');
    expect(doc.markers).toHaveLength(19);
    expect(doc.footnotes).toHaveLength(19);
    const resolved = Object.fromEntries(
      doc.footnotes.filter((f) => f.citation?.kind === 'shortform').map((f) => [f.label, f.citation!.resolvesTo]),
    );
    expect(resolved).toEqual({ '5': '4', '6': '1', '9': '2', '10': '1', '12': '2', '13': '8', '19': '16' });
    const dates = Object.fromEntries(doc.footnotes.filter((f) => f.citation?.date).map((f) => [f.label, f.citation!.date!.start]));
    expect(dates).toMatchObject({ '1': '2020-08-23', '2': '2020-08-19', '3': '2020-08-20', '16': '2020-08-25', '18': '2020-09-01' });
  });

  it('bracket markers with a `N Title, Publisher, date, URL` list and a glued dateline', () => {
    const doc = brief('deja-vu-in-mali.txt');
    expect(doc).toMatchObject({ title: 'Déjà vu in Bamako', authors: ['Fatou Diallo'] });
    expect(doc.published?.start).toBe('2020-09-12');
    expect(doc.footnotes.map((f) => f.citation?.date?.start ?? null)).toEqual([
      null, '2012-03-24', '2020-08-21', '2020-08-20', '2020-08-21', '2020-08-19',
    ]);
    expect(doc.footnotes[4].citation).toMatchObject({ publisher: 'BBC', title: 'Mali coup: Thousands take to Bamako streets to celebrate' });
  });

  it('PDF export: glued markers, page-bottom notes, a URL broken across lines', () => {
    const doc = brief('barkhane-future-pdf-export.txt');
    expect(doc.markers.map((m) => m.label)).toEqual(['1', '2', '3', '4']);
    expect(doc.footnotes.map((f) => f.citation?.kind)).toEqual(['source', 'note', 'note', 'note']);
    expect(doc.links[0].repaired?.url).toBe(
      'https://www.lejdd.fr/Politique/exclusif-immigration-terrorisme-colonisation-les-confidences-de-macron-en-afrique-4048401',
    );
  });

  it('CMS paste with Markdown links to `#`: each one is flagged', () => {
    const path = 'fixtures/briefs/second-coup-in-mali.md';
    const messages = lintTexts({ [path]: readFileSync(join(ROOT, path), 'utf8') }).get(path)!;
    expect(messages.filter((m) => m.ruleId === 'citation-placeholder-url')).toHaveLength(5);
  });
});
