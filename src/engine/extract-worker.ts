import { parentPort } from 'node:worker_threads';
import { buildDocument } from '../extract/document.js';
import { serializeFacts } from './facts.js';
import type { ExtractTask, ExtractReply } from './pool.js';

// A worker of the extraction pool: text in, facts (JSON) out. The syntax tree lives only inside
// buildDocument, so nothing but the facts outlives a task.
parentPort!.on('message', (task: ExtractTask) => {
  let reply: ExtractReply;
  try {
    reply = { id: task.id, facts: serializeFacts(buildDocument(task.path, task.text, task.format, task.claimOptions)) };
  } catch (err) {
    reply = { id: task.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
