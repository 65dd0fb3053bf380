import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FactsCache, hasBuildCache } from '../src/engine/facts-cache.js';
import { POOL_FLAG, shouldRelaunch, type RelaunchFacts } from '../src/relaunch.js';
import { CLI, ROOT, scratchDir } from './helpers.js';

const MB = 1_000_000;
// A cold run of an archive on two cores: the case the relaunch is for.
const archive: RelaunchFacts = { cores: 2, env: {}, execArgv: [], jobs: undefined, cold: true, textBytes: 94 * MB };

describe('relaunch with fewer V8 background threads', () => {
  it('relaunches a cold run that starts workers on two cores or fewer', () => {
    expect(shouldRelaunch(archive)).toBe(true);
    expect(shouldRelaunch({ ...archive, cores: 1 })).toBe(true);
    expect(shouldRelaunch({ ...archive, textBytes: 5 * MB })).toBe(true);
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
    expect(there.stderr).toContain(`cite-lint timing: relaunched with ${POOL_FLAG}`);
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
});
