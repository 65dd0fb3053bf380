import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { knownRuleIds } from './engine/engine.js';
import { loadConfig } from './engine/config.js';
import { hasBuildCache } from './engine/facts-cache.js';
import { findFiles } from './engine/files.js';
import { workerCount } from './engine/pool.js';
import { phase } from './timing.js';

/**
 * The flag a cold run on two cores is relaunched with. Node gives V8 four threads for background
 * work (garbage collection, optimising compilation) whatever the cores; on two cores they take
 * time from the workers. Measured on this project's 2-core VM, runs alternated (the numbers and
 * what did not show it are in docs/performance.md): 1,000 briefs cold (one worker), relaunched
 * or not, 5 rounds: 4.33-4.68 -> 3.81-4.41 s; 10,000 briefs, the flag given by hand, 7 rounds:
 * faster in 6, medians about 1.3 s lower; relaunched, 9 rounds: medians 24.6 -> 24.1-24.2 s,
 * within the VM's noise. A warm run is not changed by the flag (8 rounds each, medians 1.15 and
 * 1.10 s), so it is not relaunched: a second Node and the check cost it 0.2-0.3 s.
 * Only a command-line flag sets the pool: V8 creates it before any script runs.
 */
export const POOL_FLAG = '--v8-pool-size=1';
/**
 * And, when two workers or more share the cores, with V8's optimising compiler waiting for
 * functions to run 8 times longer before it takes them (unless the user set that budget). A fresh
 * thread extracting briefs spends about a third of its CPU compiling (TurboFan, on a background
 * thread: with `--no-concurrent-recompilation`, 2,000 briefs took 8.3 s instead of 5.7 s), much
 * of it on functions that run a few times, or recompiling big ones after a deoptimisation. Two workers extracting 2,000 briefs each in one process, 3 rounds alternated:
 * 9.55 s (median; 16.8-18.2 s of CPU) by default, 8.6 s with 4 times the budget, 8.04 s
 * (14.6-16.0 s of CPU) with 8 times. Whole cold runs of the archive, 3 rounds alternated: 24.4-26.4
 * -> 22.0-23.9 s. Not for one worker: there the compiler had a core to itself, and 1,000 briefs
 * took 4.0-4.3 s without the flag and 4.2-4.8 s with it. A Node without the flag (exit code 9,
 * `bad option`) makes the run go on in the first Node.
 */
export const BUDGET_FLAG = '--interrupt-budget=540672';

/** What decides a relaunch: the machine, how Node was started, and the run ahead. */
export interface RelaunchFacts {
  cores: number;
  env: NodeJS.ProcessEnv;
  execArgv: readonly string[];
  /** `--jobs`, when given. */
  jobs: number | undefined;
  /** Whether the facts cache has nothing of this build (or is off): every brief will be extracted. */
  cold: boolean;
  /** Bytes of the files to lint, counted until as many workers as there will be would start (see `workerCount`). */
  textBytes: number;
}

/** What a run is asked to read, as far as a relaunch cares. */
export interface RelaunchRun {
  paths: string[];
  config: string | undefined;
  jobs: number | undefined;
  factsCache: boolean;
}

/**
 * What rules a relaunch out before anything is read: the second Node itself, more than two cores,
 * a pool size the user set, a debugger (the second Node would want its port), or
 * `CITE_LINT_RELAUNCH=0`. `CITE_LINT_RELAUNCH=1` relaunches whenever it is allowed (tests).
 */
export function ruledOut(m: Pick<RelaunchFacts, 'cores' | 'env' | 'execArgv'>): boolean {
  if (m.env.CITE_LINT_RELAUNCHED === '1' || m.env.CITE_LINT_RELAUNCH === '0') return true;
  const nodeOptions = m.env.NODE_OPTIONS ?? '';
  if (nodeOptions.includes('--v8-pool-size') || m.execArgv.some((a) => a.startsWith('--v8-pool-size'))) return true;
  if ([...m.execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--(?:inspect|debug)/.test(a))) return true;
  return m.env.CITE_LINT_RELAUNCH !== '1' && m.cores > 2;
}

/**
 * Whether the command line should run again in a Node started with `POOL_FLAG`: a cold run that
 * starts workers (`workerCount`) to extract every brief, unless `ruledOut`.
 */
export function shouldRelaunch(f: RelaunchFacts): boolean {
  if (ruledOut(f)) return false;
  return f.env.CITE_LINT_RELAUNCH === '1' || (f.cold && workerCount(f.jobs, f.textBytes, false, f.cores) > 0);
}

/** The flags to relaunch with (see `POOL_FLAG`, `BUDGET_FLAG`), or null: no relaunch. */
export function relaunchFlags(f: RelaunchFacts): string[] | null {
  if (!shouldRelaunch(f)) return null;
  const shared = workerCount(f.jobs, f.textBytes, false, f.cores) >= 2 && !f.execArgv.some((a) => a.startsWith('--interrupt-budget='));
  return shared ? [POOL_FLAG, BUDGET_FLAG] : [POOL_FLAG];
}

/**
 * The facts of the run `argv` asks for, on this machine, or null when it is no run (a usage error:
 * the run itself reports it).
 */
async function factsOf(argv: RelaunchRun, cwd: string, machine: Pick<RelaunchFacts, 'cores' | 'env' | 'execArgv'>): Promise<RelaunchFacts | null> {
  try {
    const config = loadConfig(cwd, argv.config, knownRuleIds());
    const cold = !argv.factsCache || !hasBuildCache(resolve(cwd, config.cacheDir));
    let textBytes = 0;
    if (cold) {
      for (const file of await findFiles(argv.paths.length ? argv.paths : ['.'], cwd, config.extensions)) {
        if (file.problem) continue;
        textBytes += statSync(file.absolute, { throwIfNoEntry: false })?.size ?? 0;
        // Enough to know: summing every file of an archive would cost a stat each.
        if (workerCount(argv.jobs, textBytes, false, machine.cores) >= Math.min(2, machine.cores)) break;
      }
    }
    return { ...machine, jobs: argv.jobs, cold, textBytes };
  } catch {
    return null;
  }
}

/**
 * Runs the command line again in a Node with `relaunchFlags` when `shouldRelaunch` says so, and
 * resolves with its exit code (standard streams are shared, signals passed on); null: run here.
 */
export async function relaunchIfWorthIt(
  script: string,
  args: string[],
  run: RelaunchRun,
  cwd = process.cwd(),
  /** The Node to start: this one, but for tests of one that refuses a flag or cannot start. */
  node = process.execPath,
): Promise<number | null> {
  // The second Node, and any run on more cores, go on without reading the config or the files twice.
  const machine = { cores: availableParallelism(), env: process.env, execArgv: process.execArgv };
  if (ruledOut(machine)) return null;
  const facts = await factsOf(run, cwd, machine);
  const flags = facts && relaunchFlags(facts);
  if (!flags) return null;
  phase('relaunch check');
  return new Promise((done) => {
    const child = spawn(node, [...process.execArgv, ...flags, script, ...args], {
      stdio: 'inherit',
      env: { ...process.env, CITE_LINT_RELAUNCHED: '1' },
    });
    // This process waits for the other's answer and passes signals on: one sent to this process
    // alone (a CI runner cancelling a step) must stop the run, and one sent to both (Ctrl-C) finds
    // the other already ending.
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, () => void child.kill(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      for (const [s, h] of handlers) process.off(s, h);
      if (code !== null) phase(`relaunched with ${flags.join(' ')}`);
      done(code);
    };
    // Not started (no processes left, say): run here after all. Once started, it answers.
    child.on('error', () => {
      if (child.pid === undefined) settle(null);
    });
    child.on('exit', (code, signal) => {
      if (signal) {
        // Ended by a signal: so does this process, as a shell expects.
        settle(128);
        process.kill(process.pid, signal);
        return;
      }
      // 9: Node refused a flag (one a later V8 dropped, say), before any of this run's output.
      settle(code === 9 ? null : (code ?? 2));
    });
  });
}
