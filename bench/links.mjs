// npm run bench:links: cite-lint vs linkinator vs markdown-link-check on the same links.
// H hosts × P paths on loopback, L ms per answer, 5 % 404. Scenarios: "open" (any load) and
// "guarded" (k in flight per host, 429 + Retry-After: 1 beyond). Alternating runs, medians.
// Options: --hosts 20 --paths 100 --latency 50 --runs 5 --peers linkinator,mlc
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { check as linkinatorCheck } from 'linkinator';
import markdownLinkCheck from 'markdown-link-check';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const H = Number(arg('hosts', 20));
const P = Number(arg('paths', 100));
const L = Number(arg('latency', 50));
const RUNS = Number(arg('runs', 5));
const PEERS = arg('peers', 'linkinator,mlc').split(',').filter(Boolean);
const root = new URL('..', import.meta.url).pathname;

async function startServers(mode) {
  const child = spawn(process.execPath, [join(root, 'bench/link-server.mjs'), String(H), String(L), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((r) => createInterface({ input: child.stdout }).once('line', r));
  return { child, ...JSON.parse(line) };
}

function writeBriefs(ports) {
  const dir = mkdtempSync(join(tmpdir(), 'cite-lint-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const files = [];
  ports.forEach((port, h) => {
    const links = Array.from({ length: P }, (_, p) => `- [source ${p}](http://127.0.0.1:${port}/doc/${p})`).join('\n');
    const file = join(dir, `host-${h}.md`);
    writeFileSync(file, `# Brief ${h}\n\n${links}\n`);
    files.push(file);
  });
  return { dir, files };
}

const expectedDead = (url) => Number(url.split('/').pop()) % 20 === 7;

async function runCiteLint(dir) {
  // Archive lookups for dead links are off: the peers do none, and the bench measures checking.
  const config = join(dir, 'cite-lint.config.json');
  writeFileSync(config, JSON.stringify({ links: { archive: null } }));
  const r = spawnSync(process.execPath, [join(root, 'dist/bundle/cli.js'), '--format', 'json', '--allow-private', '--no-cache', '--config', config, dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const report = JSON.parse(r.stdout);
  const verdicts = new Map();
  for (const f of report.files) {
    const text = readFileSync(join(dir, f.path.split('/').pop()), 'utf8');
    for (const m of text.matchAll(/\((http:[^)]+)\)/g)) verdicts.set(m[1], 'alive');
    for (const m of f.messages) {
      const url = /(http:\/\/127\.0\.0\.1:\d+\/doc\/\d+)/.exec(m.message)?.[1];
      if (url) verdicts.set(url, m.ruleId === 'link-dead' ? 'dead' : m.ruleId);
    }
  }
  return verdicts;
}

async function runLinkinator(files) {
  // linkinator serves local files itself; with several files it needs their folder as the root.
  const dir = files[0].slice(0, files[0].lastIndexOf('/'));
  const result = await linkinatorCheck({ path: files.map((f) => f.slice(dir.length + 1)), serverRoot: dir, markdown: true, concurrency: 100, retry: true, retryErrors: true, retryErrorsCount: 3, timeout: 20000 });
  const verdicts = new Map();
  for (const l of result.links) if (l.url.includes('/doc/')) verdicts.set(l.url, l.state === 'BROKEN' ? (l.status === 404 ? 'dead' : `broken ${l.status}`) : l.state === 'OK' ? 'alive' : l.state);
  return verdicts;
}

async function runMlc(files) {
  const verdicts = new Map();
  // markdown-link-check checks one file at a time with two links in flight; run the files in parallel, its best setting.
  await Promise.all(
    files.map(
      (file) =>
        new Promise((resolve) =>
          markdownLinkCheck(readFileSync(file, 'utf8'), { retryOn429: true, retryCount: 3, timeout: '20s' }, (err, results) => {
            for (const r of results ?? []) verdicts.set(r.link, r.status === 'dead' ? (r.statusCode === 404 ? 'dead' : `dead ${r.statusCode}`) : r.status);
            resolve();
          }),
        ),
    ),
  );
  return verdicts;
}

function wrong(verdicts, files) {
  const all = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\((http:[^)]+)\)/g)].map((m) => m[1]));
  const errors = all.filter((u) => (verdicts.get(u) ?? 'missing') !== (expectedDead(u) ? 'dead' : 'alive'));
  return { count: errors.length, examples: [...new Set(errors.map((u) => verdicts.get(u) ?? 'missing'))].slice(0, 3) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tools = { 'cite-lint': (b) => runCiteLint(b.dir), linkinator: (b) => runLinkinator(b.files), 'markdown-link-check': (b) => runMlc(b.files) };
const chosen = ['cite-lint', ...(PEERS.includes('linkinator') ? ['linkinator'] : []), ...(PEERS.includes('mlc') ? ['markdown-link-check'] : [])];

console.log(`links: ${H} hosts × ${P} paths = ${H * P} links, ${L} ms per answer, 5 % 404; medians of ${RUNS} alternating runs`);
for (const mode of ['open', 'guarded']) {
  const times = Object.fromEntries(chosen.map((t) => [t, []]));
  const wrongs = Object.fromEntries(chosen.map((t) => [t, null]));
  const perHostMax = Object.fromEntries(chosen.map((t) => [t, 0]));
  let ks = [];
  for (let run = 0; run < RUNS; run++) {
    for (const tool of chosen) {
      const servers = await startServers(mode);
      ks = servers.k;
      const briefs = writeBriefs(servers.ports);
      const t = process.hrtime.bigint();
      const verdicts = await tools[tool](briefs);
      times[tool].push(Number(process.hrtime.bigint() - t) / 1e9);
      const stats = await (await fetch(`http://127.0.0.1:${servers.ports[0]}/__stats`)).json();
      perHostMax[tool] = Math.max(perHostMax[tool], ...stats.map((s) => s.max));
      servers.child.kill();
      if (run === 0) wrongs[tool] = wrong(verdicts, briefs.files);
    }
  }
  const best = Math.min(...chosen.filter((t) => t !== 'cite-lint').map((t) => median(times[t])));
  const bound = Math.max(...ks.map((k) => (P * L) / k / 1000));
  console.log(`\n${mode}${mode === 'guarded' ? ` (k per host ${Math.min(...ks)}–${Math.max(...ks)}; bound max P·L/k = ${bound.toFixed(2)} s)` : ''}:`);
  for (const tool of chosen) {
    const w = wrongs[tool];
    console.log(`  ${tool.padEnd(20)} median ${median(times[tool]).toFixed(2)} s   wrong verdicts ${w.count}${w.count ? ` (${w.examples.join(', ')})` : ''}   max in flight to one host ${perHostMax[tool]}`);
  }
  const mine = median(times['cite-lint']);
  if (Number.isFinite(best)) console.log(`  ratio fastest peer / cite-lint: ${(best / mine).toFixed(2)}×${mode === 'open' ? `   target ≥ 2×: ${best / mine >= 2 ? 'PASS' : 'FAIL'}` : ''}`);
  if (mode === 'guarded') console.log(`  cite-lint / bound: ${(mine / bound).toFixed(2)}   target ≤ 2: ${mine / bound <= 2 ? 'PASS' : 'FAIL'}`);
}
process.exit(0);
