import type { ClaimOptions } from '../extract/claims.js';
import { buildDocument } from '../extract/document.js';
import type { InputFormat } from '../extract/format.js';
import { serializeCitations, serializeFacts, serializeRecord } from './facts.js';
import type { ResolvedConfig } from './config.js';
import { documentFindings } from './linter.js';
import { rules } from '../../rules/index.js';
import { ignorePatterns } from '../consistency.js';

export interface ExtractTask {
  id: number;
  path: string;
  text: string;
  format: InputFormat;
  claimOptions: ClaimOptions;
  /** Lint: run the document rules with this config and reply with a record, not the whole facts. */
  lint?: ResolvedConfig;
}

/**
 * Facts (or a lint record, and its citation rows apart) as JSON, or the message of an extractor
 * failure on that one brief.
 */
export type ExtractReply = { id: number; facts: string; citations?: string; error?: undefined } | { id: number; error: string; facts?: undefined };

/** One task: the workers and, when there are none, the main thread run this same function. */
export function extractHere(task: ExtractTask): ExtractReply {
  try {
    const doc = buildDocument(task.path, task.text, task.format, task.claimOptions);
    if (!task.lint) return { id: task.id, facts: serializeFacts(doc) };
    return { id: task.id, facts: serializeRecord(doc, documentFindings(doc, rules, task.lint), ignorePatterns(task.lint.claims)), citations: serializeCitations(doc) };
  } catch (err) {
    return { id: task.id, error: (err as Error).message };
  }
}
