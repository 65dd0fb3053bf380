import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { LinkStatus } from '../src/net/types.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { buildDocument } from '../src/extract/document.js';
import { defaultConfig } from '../src/engine/config.js';
import { lintDocuments } from '../src/engine/linter.js';
import { ROOT, ruleCases } from './helpers.js';

interface Expected {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message?: string;
}

const cases = ruleCases();

describe('rule fixture cases', () => {
  it.each(cases.map((c) => [`${c.rule}/${c.name}`, c] as const))('%s', (_, c) => {
    const inputs = readdirSync(c.dir).filter((f) => !['expected.json', 'config.json', 'statuses.json'].includes(f)).sort();
    const docs = inputs.map((f) => buildDocument(f, readFileSync(join(c.dir, f), 'utf8')));
    // Link rules read verdicts; a case gives them in statuses.json instead of a network.
    const statusFile = join(c.dir, 'statuses.json');
    const statuses = existsSync(statusFile) ? new Map<string, LinkStatus>(Object.entries(JSON.parse(readFileSync(statusFile, 'utf8')))) : new Map();
    const all = lintDocuments(docs, rules, defaultConfig(), statuses);

    // Every finding of every rule must sit inside its text and have its placeholders filled.
    for (const doc of docs) {
      for (const d of all.get(doc.path) ?? []) {
        expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
        expect(d.range.end.offset).toBeLessThanOrEqual(doc.text.length);
        expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
        expect(doc.lines.point(d.range.start.offset)).toEqual(d.range.start);
        expect(d.message).not.toMatch(/\{\w+\}/);
      }
    }

    const expected: Expected[] = JSON.parse(readFileSync(join(c.dir, 'expected.json'), 'utf8'));
    const actual = [...all.entries()].flatMap(([file, ds]) =>
      ds
        .filter((d) => d.ruleId === c.rule)
        .map((d) => ({
          file,
          line: d.range.start.line,
          column: d.range.start.column,
          endLine: d.range.end.line,
          endColumn: d.range.end.column,
          message: d.message,
        })),
    );
    expect(actual).toEqual(expected.map((e) => (e.message === undefined ? { ...e, message: expect.any(String) } : e)));
    if (c.name.startsWith('fire')) expect(expected.length).toBeGreaterThan(0);
    if (c.name.startsWith('ok')) expect(expected).toEqual([]);
  });

  it('gives every rule cases that must fire and cases that must not, and a README', () => {
    for (const rule of rules) {
      const mine = cases.filter((c) => c.rule === rule.id);
      expect(mine.some((c) => c.name.startsWith('fire')), `${rule.id} has a firing case`).toBe(true);
      expect(mine.some((c) => c.name.startsWith('ok')), `${rule.id} has a quiet case`).toBe(true);
      expect(readFileSync(join(ROOT, 'rules', rule.id, 'README.md'), 'utf8')).toContain(`# ${rule.id}`);
    }
  });
});
