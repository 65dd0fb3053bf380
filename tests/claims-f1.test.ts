import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocument } from '../src/extract/document.js';
import type { DateClaim, QuantityClaim } from '../src/extract/claims.js';
import { isoAt } from '../src/formatters/extract.js';
import { ROOT } from './helpers.js';

interface Expected {
  text: string;
  value: number | string;
  unit: string;
  subjects: string[];
}

const labels: { briefs: Record<string, Expected[]> } = JSON.parse(readFileSync(join(ROOT, 'fixtures/claims/labels.json'), 'utf8'));

/** A claim as (value, unit, subjects), the way the labels describe it. */
function describeClaim(c: QuantityClaim | DateClaim) {
  if (c.kind === 'date') return { value: isoAt(c.date)!, unit: c.event, subjects: c.subjects };
  return { value: c.value, unit: c.unit, subjects: c.subjects };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** F1 of a one-to-one greedy matching between predicted and expected items. */
function f1<P, E>(predicted: P[], expected: E[], match: (p: P, e: E) => boolean) {
  const left = [...predicted];
  let tp = 0;
  for (const e of expected) {
    const i = left.findIndex((p) => match(p, e));
    if (i >= 0) {
      tp++;
      left.splice(i, 1);
    }
  }
  const precision = tp / Math.max(1, predicted.length);
  const recall = tp / Math.max(1, expected.length);
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

describe('claim extraction against hand labels', () => {
  const predicted: Array<{ file: string; value: number | string; unit: string; subjects: string[] }> = [];
  const expected: Array<Expected & { file: string }> = [];
  for (const [file, claims] of Object.entries(labels.briefs)) {
    const path = `fixtures/briefs/${file}`;
    const doc = buildDocument(path, readFileSync(join(ROOT, path), 'utf8'));
    for (const c of doc.claims) predicted.push({ file, ...describeClaim(c as QuantityClaim | DateClaim) });
    expected.push(...claims.map((c) => ({ ...c, file })));
  }

  it('value F1 ≥ 0.90 and value+unit+subject F1 ≥ 0.80', () => {
    const value = f1(predicted, expected, (p, e) => p.file === e.file && p.value === e.value);
    const full = f1(predicted, expected, (p, e) => p.file === e.file && p.value === e.value && p.unit === e.unit && sameSet(p.subjects, e.subjects));
    console.log(
      `claim extraction: value P ${value.precision.toFixed(3)} R ${value.recall.toFixed(3)} F1 ${value.f1.toFixed(3)}; ` +
        `value+unit+subject P ${full.precision.toFixed(3)} R ${full.recall.toFixed(3)} F1 ${full.f1.toFixed(3)} ` +
        `(${predicted.length} predicted, ${expected.length} expected)`,
    );
    expect(value.f1).toBeGreaterThanOrEqual(0.9);
    expect(full.f1).toBeGreaterThanOrEqual(0.8);
  });
});
