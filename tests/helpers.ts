import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { buildDocument } from '../src/extract/document.js';
import { defaultConfig } from '../src/engine/config.js';
import { lintDocuments } from '../src/engine/linter.js';
import { rules } from '../rules/index.js';
import type { Diagnostic } from '../src/types.js';

export const ROOT = join(import.meta.dirname, '..');
// The CLI as `cite-lint` runs it: the bundle (scripts/bundle.mjs).
export const CLI = join(ROOT, 'dist/bundle/cli.js');

const scratch = new Set<string>();
// Registered while each test file is collected (it imports this module): its folders go with it.
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  scratch.clear();
});

/** A new empty folder in the system's temp folder, removed once the test file has run. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.add(dir);
  return dir;
}

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
