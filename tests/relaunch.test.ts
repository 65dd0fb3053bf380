import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactsCache, hasBuildCache } from '../src/engine/facts-cache.js';
import { BUDGET_FLAG, POOL_FLAG, relaunchFlags, relaunchIfWorthIt, ruledOut, shouldRelaunch, type RelaunchFacts } from '../src/relaunch.js';
import { CLI, ROOT, scratchDir } from './helpers.js';

const MB = 1_000_000;
// A cold run of an archive on two cores: the case the relaunch is for.
const archive: RelaunchFacts = { cores: 2, env: {}, execArgv: [], jobs: undefined, cold: true, textBytes: 94 * MB };

describe('relaunch with fewer V8 background threads', () => {
  it('relaunches a cold run that starts workers on two cores or fewer', () => {
    expect(shouldRelaunch(archive)).toBe(true);
    expect(shouldRelaunch({ ...archive, cores: 1 })).toBe(true);
    expect(shouldRelaunch({ ...archive, textBytes: 5 * MB })).toBe(true);
    expect(shouldRelaunch({ ...archive, textBytes: 2 * MB })).toBe(true);
    expect(shouldRelaunch({ ...archive, jobs: 2, textBytes: 1000 })).toBe(true);
  });

  it('does not relaunch a warm run, a small one, one without workers, or on more cores', () => {
    expect(shouldRelaunch({ ...archive, cold: false })).toBe(false);
    expect(shouldRelaunch({ ...archive, textBytes: 1 * MB })).toBe(false);
    expect(shouldRelaunch({ ...archive, jobs: 1 })).toBe(false);
    expect(shouldRelaunch({ ...archive, cores: 4 })).toBe(false);
  });

  it('never twice, never over the user’s own pool size, never under a debugger; CITE_LINT_RELAUNCH decides', () => {
    expect(shouldRelaunch({ ...archive, env: { CITE_LINT_RELAUNCHED: '1' } })).toBe(false);
    expect(shouldRelaunch({ ...archive, env: { NODE_OPTIONS: '--v8-pool-size=2' } })).toBe(false);
    expect(shouldRelaunch({ ...archive, execArgv: ['--v8-pool-size=3'] })).toBe(false);
    expect(shouldRelaunch({ ...archive, execArgv: ['--inspect'] })).toBe(false);
    expect(shouldRelaunch({ ...archive, env: { NODE_OPTIONS: '--max-old-space-size=4096 --inspect-brk=9230' } })).toBe(false);
    expect(shouldRelaunch({ ...archive, env: { CITE_LINT_RELAUNCH: '0' } })).toBe(false);
    expect(shouldRelaunch({ ...archive, cores: 8, cold: false, env: { CITE_LINT_RELAUNCH: '1' } })).toBe(true);
    expect(shouldRelaunch({ ...archive, env: { CITE_LINT_RELAUNCH: '1', CITE_LINT_RELAUNCHED: '1' } })).toBe(false);
  });

  it('rules a relaunch out before reading anything: in the second Node, and on more cores', () => {
    const machine = { cores: 2, env: {}, execArgv: [] };
    expect(ruledOut(machine)).toBe(false);
    expect(ruledOut({ ...machine, env: { CITE_LINT_RELAUNCHED: '1' } })).toBe(true);
    expect(ruledOut({ ...machine, cores: 4 })).toBe(true);
    expect(ruledOut({ ...machine, cores: 4, env: { CITE_LINT_RELAUNCH: '1' } })).toBe(false);
  });

  it('delays the optimising compiler only when workers share the cores', () => {
    expect(relaunchFlags(archive)).toEqual([POOL_FLAG, BUDGET_FLAG]);
    expect(relaunchFlags({ ...archive, jobs: 2, textBytes: 5 * MB })).toEqual([POOL_FLAG, BUDGET_FLAG]);
    expect(relaunchFlags({ ...archive, textBytes: 2 * MB })).toEqual([POOL_FLAG, BUDGET_FLAG]);
    // One worker, on one core: nothing shares it with the worker but V8's own threads.
    expect(relaunchFlags({ ...archive, cores: 1, textBytes: 5 * MB })).toEqual([POOL_FLAG]);
    expect(relaunchFlags({ ...archive, cores: 1, textBytes: 2 * MB })).toBeNull();
    expect(relaunchFlags({ ...archive, cold: false })).toBeNull();
    // The user's own budget stands.
    expect(relaunchFlags({ ...archive, execArgv: ['--interrupt-budget=1000'] })).toEqual([POOL_FLAG]);
  });

  it('knows a cache of this build from none', () => {
    const dir = scratchDir('cite-lint-relaunch-');
    expect(hasBuildCache(dir)).toBe(false);
    const cache = new FactsCache(dir, 'config');
    cache.put('k', 'v');
    cache.close();
    expect(hasBuildCache(dir)).toBe(true);
  });

  const cli = (args: string[], env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CITE_LINT_TIMING: '1', ...env } });
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  };

  it('runs the same command line in the second Node: same report, same exit code', () => {
    const args = ['--offline', '--no-cache', '-f', 'json', 'fixtures/briefs'];
    const here = cli(args, { CITE_LINT_RELAUNCH: '0' });
    const there = cli(args, { CITE_LINT_RELAUNCH: '1' });
    expect(here.stderr).not.toContain('relaunched');
    // The sample briefs are small: one worker at most, so only the pool flag.
    expect(there.stderr).toMatch(new RegExp(`cite-lint timing: relaunched with ${POOL_FLAG} +\\d`));
    expect(here.code).toBe(1);
    expect(there.code).toBe(here.code);
    expect(JSON.parse(there.stdout)).toEqual(JSON.parse(here.stdout));
    // A usage error the first Node does not check is the second's to report, with its exit code.
    const wrong = cli(['--offline', '-f', 'nope', 'fixtures/briefs'], { CITE_LINT_RELAUNCH: '1' });
    expect(wrong.stderr).toContain('relaunched');
    expect(wrong.stderr).toContain('cite-lint: unknown format "nope"');
    expect(wrong.code).toBe(2);
    // One the first Node meets is reported once, by it.
    const bad = cli(['--jobs', '0', 'fixtures/briefs'], { CITE_LINT_RELAUNCH: '1' });
    expect(bad.stderr).not.toContain('relaunched');
    expect(bad.stderr.match(/--jobs needs a whole number/g)).toHaveLength(1);
    expect(bad.code).toBe(2);
  });

  it.skipIf(process.platform === 'win32')('runs here when the second Node refuses a flag or cannot start, and passes on any other exit code', async () => {
    const dir = scratchDir('cite-lint-node-');
    const fakeNode = (name: string, code: number) => {
      const file = join(dir, name);
      writeFileSync(file, `#!/bin/sh\nexit ${code}\n`);
      chmodSync(file, 0o755);
      return file;
    };
    const run = { paths: ['fixtures/briefs'], config: undefined, jobs: undefined, factsCache: false };
    const before = process.env.CITE_LINT_RELAUNCH;
    process.env.CITE_LINT_RELAUNCH = '1';
    try {
      // 9: a Node that does not know a flag (a later V8 dropped it, say) exits with it before running anything.
      expect(await relaunchIfWorthIt(CLI, ['fixtures/briefs'], run, ROOT, fakeNode('refuses', 9))).toBeNull();
      expect(await relaunchIfWorthIt(CLI, ['fixtures/briefs'], run, ROOT, join(dir, 'missing'))).toBeNull();
      // Any other code is the run's own answer.
      expect(await relaunchIfWorthIt(CLI, ['fixtures/briefs'], run, ROOT, fakeNode('lints', 1))).toBe(1);
      expect(await relaunchIfWorthIt(CLI, ['fixtures/briefs'], run, ROOT, fakeNode('usage', 2))).toBe(2);
    } finally {
      if (before === undefined) delete process.env.CITE_LINT_RELAUNCH;
      else process.env.CITE_LINT_RELAUNCH = before;
    }
  });

  // The processes whose parent is `pid`, read from /proc.
  const childrenOf = (pid: number) =>
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it.skipIf(process.platform !== 'linux')('passes a signal on to the second Node, and ends by it', async () => {
    // A cited server that takes the connection and never answers keeps the second Node checking it.
    const sockets: Socket[] = [];
    const server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as { port: number };
    const dir = scratchDir('cite-lint-signal-');
    writeFileSync(join(dir, 'a.md'), `# A\n\nA claim.[^1]\n\n[^1]: Source, 2 February 2021, http://127.0.0.1:${port}/x\n`);
    const connected = once(server, 'connection');
    const first = spawn(process.execPath, [CLI, '--no-cache', '--allow-private', '--timeout', '60000', dir], { env: { ...process.env, CITE_LINT_RELAUNCH: '1' }, stdio: 'ignore' });
    const exited = once(first, 'exit');
    let second: number[] = [];
    try {
      await connected;
      second = childrenOf(first.pid!);
      expect(second).toHaveLength(1);
      first.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
      // The second Node was told too, not left checking a link for a minute.
      for (let waited = 0; alive(second[0]) && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(alive(second[0])).toBe(false);
    } finally {
      first.kill('SIGKILL');
      for (const pid of second) if (alive(pid)) process.kill(pid, 'SIGKILL');
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
