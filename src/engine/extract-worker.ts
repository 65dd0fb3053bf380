import { parentPort } from 'node:worker_threads';
import { extractHere, type ExtractTask } from './extract-task.js';

// A worker of the extraction pool: text in, facts (JSON) out. The syntax tree lives only inside
// buildDocument, so nothing but the facts outlives a task.
parentPort!.on('message', (tasks: ExtractTask[]) => parentPort!.postMessage(tasks.map(extractHere)));
