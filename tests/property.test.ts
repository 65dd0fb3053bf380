import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDocument } from '../src/extract/document.js';
import { lintTexts } from './helpers.js';
import { groupedFigure } from '../src/claim-format.js';

// Fragments that exercise the extractors' edge cases more often than random text would.
const fragment = fc.oneof(
  fc.string(),
  fc.constantFrom('[1]', '[^a]', '[^a]: ', '\n\n', '\r\n', '\uFEFF', '1 ', '2 ', '.3 ', 'http://', 'https://x.org/a-', '(', ')', '[', '](#)', '`', '```\n', '<!-- cite-lint-disable -->', 'Ibid.', 'op. cit.', '23/8/2020', 'August 2020', '5,100', '---\ntitle: x\n---\n', '\t', '  ', '😀'),
);
const brief = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

function assertInside(text: string, offsets: number[]) {
  for (const o of offsets) {
    expect(o).toBeGreaterThanOrEqual(0);
    expect(o).toBeLessThanOrEqual(text.length);
  }
}

describe('arbitrary input', () => {
  for (const path of ['a.txt', 'a.md']) {
    it(`never throws and keeps every position inside the text (${path})`, () => {
      fc.assert(
        fc.property(brief, (text) => {
          const doc = buildDocument(path, text);
          const ranges = [
            ...doc.markers.map((m) => m.range),
            ...doc.footnotes.map((f) => f.range),
            ...doc.links.map((l) => l.range),
            ...doc.claims.map((c) => c.range),
          ];
          assertInside(doc.text, ranges.flatMap((r) => [r.start.offset, r.end.offset]));
          for (const r of ranges) expect(doc.lines.point(r.start.offset)).toEqual(r.start);
          const messages = [...lintTexts({ [path]: text }).values()].flat();
          assertInside(doc.text, messages.flatMap((m) => [m.range.start.offset, m.range.end.offset]));
        }),
        { numRuns: 300, seed: 20261122 },
      );
    });
  }
});

describe('figures in messages', () => {
  it('are written as Intl.NumberFormat en-US with two decimals at most would write them', () => {
    const icu = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
    // Halves at the third decimal, whole numbers, tiny and huge values, and any double at all.
    const figure = fc.oneof(
      fc.integer({ min: -1e9, max: 1e12 }),
      fc.integer({ min: -100000, max: 100000 }).map((n) => n / 1000 + 0.0005),
      fc.integer({ min: 0, max: 1e7 }).map((n) => n / 200),
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -0, 0.005, 1.005, 2.675, 999.995, 999999.995, -0.004, 1e20, 1e21, 123456789012345680000, Infinity, -Infinity, NaN),
    );
    fc.assert(
      fc.property(figure, (v) => {
        expect(groupedFigure(v)).toBe(icu.format(v));
      }),
      { numRuns: 5000, seed: 20261202 },
    );
  });
});
