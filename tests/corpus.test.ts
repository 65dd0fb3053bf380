import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { buildDocument } from '../src/extract/document.js';
import { defaultConfig } from '../src/engine/config.js';
import { lintDocuments } from '../src/engine/linter.js';
import { ROOT } from './helpers.js';

interface Label {
  file: string;
  text: string;
  rule?: string;
  id?: string;
  why?: string;
}

const dir = join(ROOT, 'fixtures/corpus');
const labels: { conflicts: Label[]; negatives: Label[] } = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
const CLAIM_RULES = new Set(['claim-inconsistent-number', 'claim-inconsistent-date', 'claim-weekday-mismatch']);

describe('labelled consistency corpus', () => {
  const docs = readdirSync(dir)
    .filter((f) => /\.(md|txt)$/.test(f))
    .map((f) => buildDocument(f, readFileSync(join(dir, f), 'utf8')));
  const findings = [...lintDocuments(docs, rules, defaultConfig()).entries()].flatMap(([file, ds]) =>
    ds.filter((d) => d.ruleId && CLAIM_RULES.has(d.ruleId)).map((d) => ({ file, rule: d.ruleId!, d })),
  );
  // A finding matches a label when it sits on the labelled text in the labelled file.
  const covers = (label: Label, f: (typeof findings)[number]) => {
    const doc = docs.find((x) => x.path === label.file)!;
    const at = doc.text.indexOf(label.text);
    expect(at, `label text "${label.text}" is in ${label.file}`).toBeGreaterThanOrEqual(0);
    return f.file === label.file && f.d.range.start.offset < at + label.text.length && at < f.d.range.end.offset && (!label.rule || label.rule === f.rule);
  };

  it('has at least 10 briefs, 15 planted conflicts and 15 negatives', () => {
    expect(docs.length).toBeGreaterThanOrEqual(10);
    expect(new Set(labels.conflicts.map((c) => c.id)).size).toBeGreaterThanOrEqual(15);
    expect(labels.negatives.length).toBeGreaterThanOrEqual(15);
  });

  it('finds the planted conflicts with precision ≥ 0.90 and recall ≥ 0.80', () => {
    const truePositives = findings.filter((f) => labels.conflicts.some((l) => covers(l, f)));
    const falsePositives = findings.filter((f) => !labels.conflicts.some((l) => covers(l, f)));
    const found = labels.conflicts.filter((l) => findings.some((f) => covers(l, f)));
    const precision = truePositives.length / Math.max(1, findings.length);
    const recall = found.length / labels.conflicts.length;
    const missed = labels.conflicts.filter((l) => !found.includes(l)).map((l) => `${l.file}: ${l.text}`);
    console.log(`consistency corpus: precision ${precision.toFixed(3)} (${truePositives.length}/${findings.length}), recall ${recall.toFixed(3)} (${found.length}/${labels.conflicts.length}); missed: ${missed.join('; ') || 'none'}`);
    expect(falsePositives.map((f) => `${f.file}:${f.d.range.start.line} ${f.d.message}`)).toEqual([]);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('never flags a negative', () => {
    for (const n of labels.negatives) {
      const hit = findings.find((f) => covers(n, f));
      expect(hit?.d.message, `${n.file}: ${n.text} (${n.why})`).toBeUndefined();
    }
  });
});
