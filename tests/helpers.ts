import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocument } from '../src/extract/document.js';
import { defaultConfig } from '../src/engine/config.js';
import { lintDocuments } from '../src/engine/linter.js';
import { rules } from '../rules/index.js';
import type { Diagnostic } from '../src/types.js';

export const ROOT = join(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist/src/cli.js');

/** Lints in-memory briefs (path → text) with the default config. */
export function lintTexts(files: Record<string, string>): Map<string, Diagnostic[]> {
  const docs = Object.entries(files).map(([path, text]) => buildDocument(path, text));
  return lintDocuments(docs, rules, defaultConfig());
}

/** Findings of one rule over in-memory briefs, flattened. */
export function findings(files: Record<string, string>, ruleId: string): Diagnostic[] {
  return [...lintTexts(files).values()].flat().filter((d) => d.ruleId === ruleId);
}

/** Every case folder under fixtures/rules/<rule-id>/. */
export function ruleCases(): Array<{ rule: string; name: string; dir: string }> {
  const base = join(ROOT, 'fixtures/rules');
  if (!existsSync(base)) return [];
  return readdirSync(base).flatMap((rule) =>
    readdirSync(join(base, rule))
      .filter((name) => statSync(join(base, rule, name)).isDirectory())
      .map((name) => ({ rule, name, dir: join(base, rule, name) })),
  );
}
