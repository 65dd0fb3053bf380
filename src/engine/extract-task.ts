import type { ClaimOptions } from '../extract/claims.js';
import { buildDocument } from '../extract/document.js';
import type { InputFormat } from '../extract/format.js';
import { serializeFacts } from './facts.js';

export interface ExtractTask {
  id: number;
  path: string;
  text: string;
  format: InputFormat;
  claimOptions: ClaimOptions;
}

/** Facts as JSON, or the message of an extractor failure on that one brief. */
export type ExtractReply = { id: number; facts: string; error?: undefined } | { id: number; error: string; facts?: undefined };

/** One task: the workers and, when there are none, the main thread run this same function. */
export function extractHere(task: ExtractTask): ExtractReply {
  try {
    return { id: task.id, facts: serializeFacts(buildDocument(task.path, task.text, task.format, task.claimOptions)) };
  } catch (err) {
    return { id: task.id, error: (err as Error).message };
  }
}
