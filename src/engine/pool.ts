import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExtractReply, ExtractTask } from './extract-task.js';

export type { ExtractReply, ExtractTask };

/**
 * Each worker's old-generation heap. A worker holds one or two briefs at a time (under 180 MB in
 * use, garbage included, on the 10,000-brief archive); left to itself V8 lets a heap grow far
 * beyond that before collecting hard, which put a 10,000-brief run over 1 GiB. A brief that
 * needs more kills its worker and is extracted on the main thread instead, with no limit.
 */
const WORKER_HEAP_MB = 256;
/**
 * Each worker's young generation, where V8 puts new objects: it gives a third to each semi-space,
 * rounded up to a power of two, so 96 MB makes 32 MB semi-spaces where the default 48 MB makes 16.
 * Extracting a brief makes many objects that live a few milliseconds; with the default, a worker
 * scavenges twice as often and copies more of them. One worker extracting 2,000 briefs of the
 * benchmark's archive, alternated with the default: GC pauses 0.84-1.16 -> 0.27-0.34 s, the task
 * 6.7-8.4 -> 5.6-6.4 s. Whole cold runs of the archive are too noisy here to show it every time
 * (4 alternated rounds: medians 29.0 -> 27.0 s; 4 more: no different); peak RSS +95 MiB. 192 MB
 * was no faster and took the run over 1 GiB; 6 MB (2 MB semi-spaces) took it from 30 s to 50 s.
 */
const WORKER_YOUNG_MB = 96;
/** Workers started in place of ones that died, per run, before the main thread takes the rest. */
const MAX_RESTARTS = 4;
/**
 * Tasks sent to a worker in one message, at most, and answered in one. A reply per brief woke the
 * main thread 10,000 times on the benchmark's archive, and each time it took a core from a
 * worker: 10 cold runs alternated with the build before, medians 33.1 -> 29.7 s, faster in 7.
 */
const BATCH = 8;

/**
 * On one core, from this much text, one worker extracts instead of the main thread: it has the
 * larger young generation (see `WORKER_YOUNG_MB`), which the main thread cannot be given once it
 * runs, and that repays starting it. Measured on two cores, cold, offline, alternated, main thread
 * against one worker: 2.8 MB 1.89-2.25 s against 2.25-2.42 s; 5.6 MB 2.80-2.98 s against
 * 2.57-2.84 s; 9.4 MB 4.11-4.52 s against 3.71-3.98 s (and 320 against 285 MiB).
 */
const ONE_WORKER_MIN_BYTES = 4_000_000;
/**
 * From this much text, a worker per core. On two cores, with the relaunch's flags
 * (`src/relaunch.ts`) and the extractor's arrays and objects of one shape each, two workers beat
 * the main thread and one worker from about 1 MB. Cold, offline, 8 rounds alternated, medians:
 * 1.86 MB, main thread 1.42 s, two workers 1.25 s (1.60 s without the relaunch); 0.93 MB, 1.08
 * against 1.05 s (a draw); 5.6 MB, one worker 2.43 s, two 2.16 s (6 rounds); 9.4 MB (1,000
 * briefs), one worker 3.70 s, two 3.14 s (6 rounds). It was 20 MB before those: then a second
 * worker cost as much CPU as it saved time (19 MB: 8.4-9.4 against 11.1-11.3 s of CPU).
 */
const POOL_MIN_BYTES = 1_500_000;
/**
 * While the main thread checks links, far less text repays the workers: a brief parsed on the
 * main thread holds up every reply that arrives meanwhile (and with it the next request to a host
 * that allows only a few in flight).
 */
const NETWORK_BUSY_MIN_BYTES = 32_000;

/**
 * From this many briefs, a run starts a worker before it knows what to extract (`SpareWorker`):
 * a warm run has that many records to rebuild meanwhile (about 75 ms of work), and a cold one
 * needs a pool anyway. On the 10,000-brief archive, one edited brief's extraction then cost the
 * main thread 12-41 ms of waiting, against 135-216 ms for a worker started once it was found,
 * and 190-260 ms in this thread.
 */
const SPARE_MIN_BRIEFS = 2000;

/** Whether a run over this many briefs starts a worker before it knows what to extract (see `SPARE_MIN_BRIEFS`). */
export function worthASpare(jobs: number | undefined, briefs: number): boolean {
  return jobs === undefined && availableParallelism() >= 2 && briefs >= SPARE_MIN_BRIEFS;
}

/**
 * Worker threads for a run; 0 means extraction in this thread. `jobs` when given (1 = no
 * workers), else one per core when there is enough text to repay starting them, or, on one core,
 * one worker when there is enough for its young generation to repay it (see the thresholds above).
 */
export function workerCount(jobs: number | undefined, totalBytes: number, networkBusy = false, cores = availableParallelism()): number {
  if (jobs !== undefined) return jobs <= 1 ? 0 : jobs;
  if (cores >= 2 && totalBytes >= (networkBusy ? NETWORK_BUSY_MIN_BYTES : POOL_MIN_BYTES)) return cores;
  return totalBytes >= ONE_WORKER_MIN_BYTES ? 1 : 0;
}

// Tests run the TypeScript sources; a worker needs the compiled file.
function workerFile(): URL {
  const here = new URL('./extract-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/src/engine/extract-worker.js', import.meta.url);
}

/**
 * A worker started before its tasks are known: it loads the parser and extractor (about 0.2 s)
 * while the main thread finds, stats and rebuilds an archive's briefs, so that a changed brief
 * is extracted as soon as it is found. Give it to `extractEach`, or `stop` it.
 */
export class SpareWorker {
  private worker: Worker | null;
  private exited = false;

  constructor(heapMb = WORKER_HEAP_MB) {
    this.worker = new Worker(workerFile(), workerOptions(heapMb));
    // Until it is taken, a failure only means it is not used.
    this.worker.on('error', () => undefined);
    this.worker.on('exit', () => {
      this.exited = true;
    });
  }

  /** The worker, still running, for the caller to own; null if it has stopped or been taken. */
  take(): Worker | null {
    const worker = this.exited ? null : this.worker;
    this.worker = null;
    return worker;
  }

  stop(): void {
    void this.take()?.terminate();
  }
}

function workerOptions(heapMb: number) {
  return { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } };
}

/**
 * Extracts facts from every task, in `size` worker threads (in this thread when size is 0), and
 * hands each reply to `onReply` as it arrives, so that no more than a few batches of replies are
 * held at once. A worker that dies takes no brief with it: its unfinished tasks are extracted here.
 */
export async function extractEach(
  tasks: ExtractTask[],
  size: number,
  onReply: (reply: ExtractReply) => void,
  /** Old-generation heap of each worker, in MB (see `WORKER_HEAP_MB`). */
  heapMb = WORKER_HEAP_MB,
  /** A worker already started, used first (see `SpareWorker`). */
  spare: SpareWorker | null = null,
): Promise<void> {
  // Which tasks have been answered; the replies themselves are not kept.
  const answered: boolean[] = new Array(tasks.length).fill(false);
  const answer = (i: number, reply: ExtractReply) => {
    answered[i] = true;
    onReply(reply);
  };
  // The parser is loaded here only if this thread has to extract after all.
  const extractHere = async (task: ExtractTask) => (await import('./extract-task.js')).extractHere(task);
  if (size < 1) {
    for (let i = 0; i < tasks.length; i++) answer(i, await extractHere(tasks[i]));
    return;
  }
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  let next = 0;
  // Two batches in flight per worker, so a worker never waits for the main thread between tasks.
  const IN_FLIGHT = 2;
  let restarts = 0;
  const runWorker = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = spare?.take() ?? new Worker(workerFile(), workerOptions(heapMb));
      const mine = new Set<number>();
      let batches = 0;
      const feed = () => {
        while (batches < IN_FLIGHT && next < tasks.length) {
          // Batches wake the main thread less often; they shrink towards the end so that no worker is left alone with the last ones.
          const size = Math.max(1, Math.min(BATCH, Math.floor((tasks.length - next) / (4 * IN_FLIGHT))));
          const batch = tasks.slice(next, next + size);
          next += batch.length;
          for (const task of batch) mine.add(task.id);
          batches++;
          worker.postMessage(batch);
        }
        if (mine.size === 0) void worker.terminate().then(() => resolve());
      };
      worker.on('message', (replies: ExtractReply[]) => {
        batches--;
        for (const reply of replies) {
          mine.delete(reply.id);
          answer(index.get(reply.id)!, reply);
        }
        feed();
      });
      // A worker that dies (out of memory on a huge brief, say) takes no brief with it: what it
      // held is extracted here, and a fresh worker takes its place.
      worker.on('error', async () => {
        for (const id of mine) answer(index.get(id)!, await extractHere(tasks[index.get(id)!]));
        mine.clear();
        resolve(next < tasks.length && restarts++ < MAX_RESTARTS ? runWorker() : undefined);
      });
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, runWorker));
  // Tasks no worker took (every worker died early) are done here.
  for (let i = 0; i < tasks.length; i++) if (!answered[i]) answer(i, await extractHere(tasks[i]));
}
