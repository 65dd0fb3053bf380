import { scratchDir } from './helpers.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkChecker, parseRetryAfter, type CheckerOptions } from '../src/net/checker.js';
import { LinkCache } from '../src/net/cache.js';
import { checkLinks, likelyUrls, LinkRun } from '../src/net/links.js';
import { isPrivateAddress } from '../src/net/address.js';
import { buildDocument } from '../src/extract/document.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base: string;
let port: number;
const hits = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;

const routes: Record<string, Handler> = {
  '/ok': (_q, s) => s.end('<title>Report</title>'),
  '/missing': (_q, s) => { s.statusCode = 404; s.end(); },
  '/gone': (_q, s) => { s.statusCode = 410; s.end(); },
  '/moved': (_q, s) => { s.writeHead(301, { location: '/moved-2' }).end(); },
  '/moved-2': (_q, s) => { s.writeHead(308, { location: '/ok' }).end(); },
  '/temporary': (_q, s) => { s.writeHead(302, { location: '/ok' }).end(); },
  '/loop-a': (_q, s) => { s.writeHead(301, { location: '/loop-b' }).end(); },
  '/loop-b': (_q, s) => { s.writeHead(301, { location: '/loop-a' }).end(); },
  '/flaky': (q, s) => { if (count(q) <= 2) { s.statusCode = 500; s.end(); } else s.end('ok'); },
  '/down': (_q, s) => { s.statusCode = 503; s.end(); },
  '/rate': (q, s) => { if (count(q) <= 1) { s.writeHead(429, { 'retry-after': '1' }).end(); } else s.end('ok'); },
  '/forbidden': (_q, s) => { s.statusCode = 403; s.end(); },
  '/linkedin': (_q, s) => { s.statusCode = 999; s.end(); },
  '/challenge': (_q, s) => { s.writeHead(403, { 'cf-mitigated': 'challenge' }).end('Just a moment...'); },
  '/soft': (q, s) => { if (q.method === 'HEAD') { s.statusCode = 405; s.end(); } else s.end('<html><title>Page not found</title></html>'); },
  '/deep/article-7': (_q, s) => { s.writeHead(301, { location: '/' }).end(); },
  '/': (_q, s) => s.end('<title>Home</title>'),
  '/slow': (_q, s) => { setTimeout(() => s.end('late'), 3000); },
  '/reset': (q) => { q.socket.destroy(); },
  '/endless': (q, s) => {
    if (q.method === 'HEAD') { s.statusCode = 405; s.end(); return; }
    s.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => { while (s.write(chunk)) { /* fill the socket buffer */ } };
    s.on('drain', pump);
    pump();
  },
  '/head-refused': (q, s) => { if (q.method === 'HEAD') { s.statusCode = 405; s.end(); } else s.end('ok'); },
  '/to-private': (_q, s) => { s.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end(); },
};

function count(q: IncomingMessage): number {
  // HEAD and GET of one attempt count once: count GETs and HEADs that are answered alone.
  const key = `${q.url}`;
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  return q.method === 'HEAD' ? n : n;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/busy/')) {
      setTimeout(() => res.end('ok'), 30);
      return;
    }
    (routes[path] ?? ((_q: IncomingMessage, s: ServerResponse) => { s.statusCode = 404; s.end(); }))(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

// Names for tests: *.test resolve to loopback, nowhere.test resolves to nothing.
const lookup = ((host: string, opts: unknown, cb: (e: Error | null, a?: unknown, f?: number) => void) => {
  if (host === 'nowhere.test') return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
  const all = [{ address: '127.0.0.1', family: 4 }];
  return (opts as { all?: boolean }).all ? cb(null, all) : cb(null, '127.0.0.1', 4);
}) as unknown as CheckerOptions['lookup'];

const checker = (o: CheckerOptions = {}) => new LinkChecker({ allowPrivate: true, backoffBase: 20, timeout: 1000, lookup, ...o });

async function verdict(path: string, o: CheckerOptions = {}) {
  const c = checker(o);
  try {
    return await c.checkOne(path.startsWith('http') ? path : `${base}${path}`);
  } finally {
    await c.close();
  }
}

describe('verdicts against a server on 127.0.0.1', () => {
  it.each([
    ['/ok', 'alive'],
    ['/missing', 'dead'],
    ['/gone', 'dead'],
    ['/moved', 'redirect'],
    ['/temporary', 'alive'],
    ['/loop-a', 'unreachable'],
    ['/down', 'unreachable'],
    ['/forbidden', 'blocked'],
    ['/linkedin', 'blocked'],
    ['/challenge', 'blocked'],
    ['/soft', 'soft-404'],
    ['/deep/article-7', 'soft-404'],
    ['/head-refused', 'alive'],
  ])('%s is %s', async (path, expected) => {
    const s = await verdict(path);
    expect(s.verdict).toBe(expected);
  });

  it('gives the final URL of a permanent redirect chain', async () => {
    expect(await verdict('/moved')).toMatchObject({ verdict: 'redirect', finalUrl: `${base}/ok` });
    expect((await verdict('/loop-a')).detail).toMatch(/redirect loop/);
  });

  it('retries 5xx and succeeds: 500, 500, then 200 is alive', async () => {
    hits.delete('/flaky');
    expect(await verdict('/flaky', { retries: 2 })).toMatchObject({ verdict: 'alive' });
  });

  it('waits for Retry-After on 429 and then succeeds, never calling it dead', async () => {
    hits.delete('/rate');
    const t = Date.now();
    const s = await verdict('/rate', { retries: 2 });
    expect(s.verdict).toBe('alive');
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
  });

  it('gives up on a server slower than the timeout, in bounded time', async () => {
    const t = Date.now();
    const s = await verdict('/slow', { timeout: 300, retries: 1 });
    expect(s).toMatchObject({ verdict: 'unreachable' });
    expect(s.detail).toMatch(/timed out/);
    expect(Date.now() - t).toBeLessThan(2500);
  });

  it('reports a reset connection as unreachable', async () => {
    expect(await verdict('/reset', { retries: 1 })).toMatchObject({ verdict: 'unreachable' });
  });

  it('reads a bounded prefix of a never-ending body', async () => {
    const t = Date.now();
    const before = process.memoryUsage().rss;
    const s = await verdict('/endless', { maxBodyBytes: 256 * 1024 });
    expect(s.verdict).toBe('alive');
    expect(Date.now() - t).toBeLessThan(3000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('reports names that do not resolve and refused connections as dead, without retries', async () => {
    expect(await verdict(`http://nowhere.test:${port}/x`)).toMatchObject({ verdict: 'dead', detail: 'DNS name not found', attempts: 1 });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await verdict(`http://127.0.0.1:${closedPort}/x`)).toMatchObject({ verdict: 'dead', detail: 'connection refused' });
  });
});

describe('SSRF safety', () => {
  it('refuses a name that resolves to a loopback address unless private addresses are allowed', async () => {
    const s = await verdict(`http://site.test:${port}/ok`, { allowPrivate: false });
    expect(s.verdict).toBe('refused');
    expect(s.detail).toMatch(/site\.test resolves to 127\.0\.0\.1, a private address/);
    expect((await verdict(`http://site.test:${port}/ok`, { allowPrivate: true })).verdict).toBe('alive');
    expect((await verdict(`${base}/ok`, { allowPrivate: false })).verdict).toBe('refused');
  });

  it('refuses a redirect from an allowed host to a private address', async () => {
    // public.test stands for a public host: it is allowed, but its redirect to 127.0.0.1 is not.
    const s = await verdict(`http://public.test:${port}/to-private`, {
      allowPrivate: false,
      isPrivate: (ip, host) => host !== 'public.test' && isPrivateAddress(ip),
    });
    expect(s.verdict).toBe('refused');
    expect(s.detail).toMatch(/redirected to 127\.0\.0\.1/);
  });

  it('knows the private ranges', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect(isPrivateAddress(ip), ip).toBe(false);
  });
});

describe('politeness', () => {
  it('checks each URL once and never exceeds the per-host cap', async () => {
    maxInFlight = 0;
    const c = checker({ perHost: 4, concurrency: 64 });
    const urls = Array.from({ length: 40 }, (_, i) => `${base}/busy/${i}`);
    const statuses = await c.check([...urls, ...urls]);
    await c.close();
    expect(statuses.size).toBe(40);
    expect([...statuses.values()].every((s) => s.verdict === 'alive')).toBe(true);
    expect(c.maxInFlight(`127.0.0.1:${port}`)).toBeLessThanOrEqual(4);
    expect(c.maxInFlight(`127.0.0.1:${port}`)).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(4);
  });

  it('keeps connections alive across HEAD requests: no more sockets than the per-host cap', async () => {
    let sockets = 0;
    const count = () => sockets++;
    server.on('connection', count);
    try {
      const c = checker({ perHost: 4 });
      const statuses = await c.check(Array.from({ length: 40 }, (_, i) => `${base}/busy/keep-${i}`));
      await c.close();
      expect([...statuses.values()].every((s) => s.verdict === 'alive')).toBe(true);
      expect(sockets).toBeGreaterThan(0);
      expect(sockets).toBeLessThanOrEqual(4);
    } finally {
      server.off('connection', count);
    }
  });

  it('survives a server that sends a body after HEAD on a kept-alive socket', async () => {
    // Raw TCP: every request, HEAD included, gets a body, so a kept-alive socket reads the
    // leftover body as the start of the next response.
    const raw = createNetServer((socket) => {
      let buffered = '';
      socket.on('data', (d) => {
        buffered += d.toString('latin1');
        let end: number;
        while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
          const head = buffered.slice(0, end);
          buffered = buffered.slice(end + 4);
          const missing = /^\S+ \/missing/.test(head);
          const body = missing ? '<title>Not here</title>' : '<title>A report</title>';
          // The head comes after 30 ms and the body 10 ms later, when the client has already sent
          // its next request on this socket.
          setTimeout(() => {
            socket.write(`HTTP/1.1 ${missing ? '404 Not Found' : '200 OK'}\r\nconnection: keep-alive\r\ncontent-length: ${body.length}\r\n\r\n`);
            setTimeout(() => socket.writable && socket.write(body), 10);
          }, 30);
        }
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const rawBase = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
    try {
      const c = checker({ perHost: 1 });
      const urls = [...Array.from({ length: 6 }, (_, i) => `${rawBase}/page-${i}`), `${rawBase}/missing`];
      const statuses = await c.check(urls);
      await c.close();
      expect(urls.map((u) => statuses.get(u)?.verdict)).toEqual(['alive', 'alive', 'alive', 'alive', 'alive', 'alive', 'dead']);
      // One HEAD is spoiled and settled by a GET; after that HEADs to this host close their socket.
      // The 404 costs its HEAD and a GET.
      expect(c.requests).toBeLessThanOrEqual(urls.length + 2);
    } finally {
      await new Promise((r) => raw.close(r));
    }
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('checks started before parsing', () => {
  it('guesses URLs from raw text, checks each once, and reports only the links of the parsed brief', async () => {
    hits.clear();
    const text = [
      '# A',
      '',
      `See [the report](${base}/flaky#summary) and ${base}/ok.`,
      '',
      '```',
      `curl ${base}/gone`,
      '```',
      '',
    ].join('\n');
    const guessed = likelyUrls(text, {});
    expect(guessed).toEqual(expect.arrayContaining([`${base}/flaky`, `${base}/ok`, `${base}/gone`]));
    const run = new LinkRun({ cacheDir: null, allowPrivate: true, lookup, archive: null, backoffBase: 20 });
    run.prefetch(guessed);
    const { statuses } = await run.finish([buildDocument('a.md', text)]);
    // The URL in the code block was guessed and fetched, but it is not a link of the brief.
    expect([...statuses.keys()].sort()).toEqual([`${base}/flaky`, `${base}/ok`]);
    expect(statuses.get(`${base}/flaky`)?.verdict).toBe('alive');
    // /flaky answers 500, 500, then 200: three requests, so it was checked once, not again at finish.
    expect(hits.get('/flaky')).toBe(3);
  });

  it('applies include and exclude to guessed URLs too', () => {
    const text = `See https://www.csis.org/x, https://www.bbc.com/y and https://www.bbc.com/news/z.`;
    expect(likelyUrls(text, { exclude: ['bbc\\.com'], include: ['/news/'] })).toEqual(['https://www.csis.org/x', 'https://www.bbc.com/news/z']);
  });
});

describe('cache and offline runs', () => {
  it('reuses alive verdicts within the TTL and never caches failures', () => {
    const dir = scratchDir('cite-lint-cache-');
    const file = join(dir, 'links.json');
    const now = 1_700_000_000_000;
    new LinkCache(file, 3_600_000, now).save([
      { url: 'https://a.org/ok', verdict: 'alive', status: 200, detail: '200', attempts: 1 },
      { url: 'https://a.org/missing', verdict: 'dead', status: 404, detail: '404 Not Found', attempts: 1 },
    ]);
    const later = new LinkCache(file, 3_600_000, now + 1_000);
    expect(later.get('https://a.org/ok')).toMatchObject({ verdict: 'alive', cached: true });
    expect(later.get('https://a.org/missing')).toBeUndefined();
    expect(new LinkCache(file, 3_600_000, now + 7_200_000).get('https://a.org/ok')).toBeUndefined();
  });

  it('ignores a corrupt cache with a notice and rewrites it', async () => {
    const dir = scratchDir('cite-lint-cache-');
    writeFileSync(join(dir, 'links.json'), '{ not json');
    const doc = buildDocument('a.md', `# A\n\nSee ${base}/ok for details.\n`);
    const { statuses, notices } = await checkLinks([doc], { cacheDir: dir, allowPrivate: true, lookup, archive: null });
    expect(notices[0]).toMatch(/could not be read; it was ignored and will be rewritten/);
    expect(statuses.get(`${base}/ok`)?.verdict).toBe('alive');
    expect(JSON.parse(readFileSync(join(dir, 'links.json'), 'utf8')).entries[`${base}/ok`].verdict).toBe('alive');
  });

  it('prints one notice and no findings when no host resolves', async () => {
    const doc = buildDocument('a.md', '# A\n\nSee https://www.one.example.org/a and https://two.example.org/b and https://www.csis.org/c.\n');
    const offline = ((_h: string, _o: unknown, cb: (e: Error) => void) => cb(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }))) as unknown as CheckerOptions['lookup'];
    const { statuses, notices } = await checkLinks([doc], { cacheDir: null, lookup: offline });
    expect(statuses.size).toBe(0);
    expect(notices).toEqual(['network unavailable: 1 link not checked (no host name resolved)']);
  });
});

describe('archived copies of dead links', () => {
  it('suggests the 2xx capture closest before the citation date, from a Wayback CDX API', async () => {
    const queries: string[] = [];
    const archive = createServer((req, res) => {
      queries.push(req.url ?? '');
      // Captures: one before the citation, a later one (may show the broken page), a 404 capture.
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([
        ['timestamp', 'original', 'statuscode'],
        ['20190302101010', `${base}/missing`, '200'],
        ['20200715080000', `${base}/missing`, '200'],
        ['20200801000000', `${base}/missing`, '404'],
        ['20211201000000', `${base}/missing`, '200'],
      ]));
    });
    await new Promise<void>((r) => archive.listen(0, '127.0.0.1', r));
    const archiveBase = `http://127.0.0.1:${(archive.address() as AddressInfo).port}`;
    const doc = buildDocument('a.md', `# A\n\nA claim.[^1]\n\n[^1]: Report, 20 August 2020, ${base}/missing\n`);
    const { statuses } = await checkLinks([doc], { cacheDir: null, allowPrivate: true, lookup, archive: archiveBase, backoffBase: 20 });
    archive.close();
    const s = statuses.get(`${base}/missing`)!;
    expect(s.verdict).toBe('dead');
    expect(s.archived).toEqual({ url: `${archiveBase}/web/20200715080000/${base}/missing`, date: '2020-07-15' });
    expect(decodeURIComponent(queries[0])).toContain('to=20200820');
  });

  it('gives no suggestion, and no failure, when the archive is unreachable', async () => {
    const doc = buildDocument('a.md', `# A\n\nSee ${base}/gone now.\n`);
    const doc2 = buildDocument('b.md', `# B\n\nSee ${base}/missing and ${base}/soft too.\n`);
    const { statuses, notices } = await checkLinks([doc, doc2], { cacheDir: null, allowPrivate: true, lookup, archive: 'http://127.0.0.1:9', backoffBase: 20 });
    expect(statuses.get(`${base}/gone`)).toMatchObject({ verdict: 'dead' });
    expect(statuses.get(`${base}/gone`)?.archived).toBeUndefined();
    expect(notices).toEqual([expect.stringMatching(/^archived copies not looked up: http:\/\/127\.0\.0\.1:9 could not be reached/)]);
  });
});
