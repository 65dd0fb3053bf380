import { performance } from 'node:perf_hooks';

// CITE_LINT_TIMING=1 prints how long each phase of a run took, on standard error, when the
// process exits: what a profiler shows too, without its overhead (which skews a 1 s run).
const enabled = process.env.CITE_LINT_TIMING === '1';
const phases: Array<[string, number]> = [];
let last = 0;

/** Ends the phase `name` (begun where the previous one ended, the first at process start). */
export function phase(name: string): void {
  if (!enabled) return;
  const now = performance.now();
  phases.push([name, now - last]);
  last = now;
}

if (enabled) {
  process.on('exit', () => {
    const width = Math.max(...phases.map(([n]) => n.length));
    for (const [name, ms] of phases) process.stderr.write(`cite-lint timing: ${name.padEnd(width)} ${ms.toFixed(1).padStart(8)} ms\n`);
    process.stderr.write(`cite-lint timing: ${'total'.padEnd(width)} ${performance.now().toFixed(1).padStart(8)} ms\n`);
  });
}
