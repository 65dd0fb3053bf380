import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import pLimit from 'p-limit';
import { isPrivateAddress } from './address.js';
import type { LinkStatus } from './types.js';
import { TOOL } from '../version.js';

/** How the checker behaves; every field has a default. */
export interface CheckerOptions {
  /** Per-request time limit in ms (headers, idle body, and the whole request). */
  timeout?: number;
  /** Most checks in flight at once, over all hosts. */
  concurrency?: number;
  /** Most requests in flight to one host; halves on 429/503 and grows back after successes. */
  perHost?: number;
  /** Retries for timeouts, resets, 5xx, 408 and 429. */
  retries?: number;
  allowPrivate?: boolean;
  userAgent?: string;
  /** How much of a body a GET reads before it aborts the rest. */
  maxBodyBytes?: number;
  maxRedirects?: number;
  /** Longest wait a `Retry-After` can impose, in ms. */
  retryAfterCap?: number;
  /** First retry delay in ms; doubles each retry, plus jitter. */
  backoffBase?: number;
  /** Per-host overrides: concurrency, extra headers, statuses to accept as alive. */
  hosts?: Record<string, { concurrency?: number; headers?: Record<string, string>; accept?: number[] }>;
  /** DNS resolution (tests map names to loopback). */
  lookup?: typeof dnsLookup;
  /** Which resolved addresses are private (tests treat a named host as public). */
  isPrivate?: (ip: string, host: string) => boolean;
}

interface HostState {
  active: number;
  limit: number;
  /** The most the host may get now: the configured cap, or what a 429 taught. */
  cap: number;
  configured: number;
  /** When the host last answered 429 or 503 (ms since the epoch). */
  lastThrottled: number;
  notBefore: number;
  waiters: Array<() => void>;
  maxActive: number;
  successes: number;
  /** The host sent something unparseable after a HEAD (a body, say): close the socket after each HEAD from now on. */
  headPoisons: boolean;
}

interface Attempt {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
  error?: { code: string; message: string };
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT', 'ECONNABORTED', 'EAI_AGAIN']);
const NO_GET_AFTER = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_AGAIN', 'ECONNREFUSED', 'ECITELINTPRIVATE', 'TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const NOT_FOUND_TITLE = /<(?:title|h1)[^>]*>[^<]{0,200}\b(?:404|not\s+found|page\s+(?:does\s+not|doesn['’]t)\s+exist|no\s+longer\s+(?:available|exists)|page\s+introuvable|n['’]existe\s+pas)\b/i;
const CHALLENGE = /checking\s+your\s+browser|just\s+a\s+moment\.\.\.|attention\s+required|enable\s+javascript\s+and\s+cookies\s+to\s+continue|cf-browser-verification/i;

/** A throttled host is offered one more concurrent request after this many successes, and no sooner than this. */
const PROBE_AFTER_SUCCESSES = 20;
const PROBE_INTERVAL_MS = 30_000;

/** undici's HTTPParserError carries `HPE_…` only for some causes; its name is always there. */
const isParserError = (code: string) => code.startsWith('HPE_') || code === 'HTTPParserError';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `Retry-After` as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Checks URLs for liveness: one shared agent, polite per host, SSRF-safe, bounded in time and memory. */
export class LinkChecker {
  private readonly o: Required<Omit<CheckerOptions, 'hosts' | 'lookup' | 'isPrivate'>> & CheckerOptions;
  private readonly agent: Agent;
  private readonly hostsState = new Map<string, HostState>();
  /** Requests sent, for benchmarks and tests. */
  requests = 0;
  private readonly global: ReturnType<typeof pLimit>;

  constructor(options: CheckerOptions = {}) {
    this.o = {
      timeout: 20_000,
      concurrency: 256,
      perHost: 8,
      retries: 2,
      allowPrivate: false,
      userAgent: `cite-lint/${TOOL.version} (+https://github.com/cite-lint/cite-lint)`,
      maxBodyBytes: 256 * 1024,
      maxRedirects: 10,
      retryAfterCap: 60_000,
      backoffBase: 500,
      ...options,
    };
    this.global = pLimit(this.o.concurrency);
    const baseLookup = options.lookup ?? dnsLookup;
    const isPrivate = options.isPrivate ?? ((ip: string) => isPrivateAddress(ip));
    const allowPrivate = this.o.allowPrivate;
    // The address rule is applied to what the name resolves to, at connect time, so a public
    // name that points at 127.0.0.1 (or is rebound to it) is refused like a literal address.
    const guardedLookup = (hostname: string, opts: LookupOptions, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      baseLookup(hostname, { ...opts, all: true }, (err, addresses) => {
        if (err) return cb(err, '', 0);
        const list = addresses as LookupAddress[];
        const bad = allowPrivate ? undefined : list.find((a) => isPrivate(a.address, hostname));
        if (bad) {
          const e = Object.assign(new Error(`${hostname} resolves to ${bad.address}, a private address`), { code: 'ECITELINTPRIVATE' });
          return cb(e, '', 0);
        }
        if (opts.all) cb(null, list);
        else cb(null, list[0].address, list[0].family);
      });
    };
    this.agent = new Agent({
      connections: this.o.perHost,
      keepAliveTimeout: 10_000,
      connect: { lookup: guardedLookup as never, timeout: this.o.timeout },
      headersTimeout: this.o.timeout,
      bodyTimeout: this.o.timeout,
    });
  }

  /** Most requests ever in flight to one origin (`host:port`). */
  maxInFlight(host: string): number {
    return this.hostsState.get(host)?.maxActive ?? 0;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Checks each distinct URL once; the map is keyed by the URLs as given. */
  async check(urls: string[]): Promise<Map<string, LinkStatus>> {
    const distinct = [...new Set(urls)];
    // Every check starts at once and queues for its host; the global cap applies only to requests
    // actually on the wire, so links waiting for a busy host never hold a slot another host could use.
    const results = await Promise.all(
      distinct.map(async (url) => [url, await this.checkOne(url)] as const),
    );
    return new Map(results);
  }

  /** The state of one origin (host and port): limits are per origin, as undici's pools are. */
  private host(url: URL): HostState {
    let h = this.hostsState.get(url.host);
    if (!h) {
      const cap = this.o.hosts?.[url.host]?.concurrency ?? this.o.hosts?.[url.hostname]?.concurrency ?? this.o.perHost;
      h = { active: 0, limit: cap, cap, configured: cap, lastThrottled: 0, notBefore: 0, waiters: [], maxActive: 0, successes: 0, headPoisons: false };
      this.hostsState.set(url.host, h);
    }
    return h;
  }

  private async acquire(h: HostState): Promise<void> {
    for (;;) {
      const wait = h.notBefore - Date.now();
      if (wait > 0) await sleep(wait);
      else if (h.active < h.limit) break;
      else await new Promise<void>((r) => h.waiters.push(r));
    }
    h.active++;
    h.maxActive = Math.max(h.maxActive, h.active);
  }

  private release(h: HostState): void {
    h.active--;
    h.waiters.shift()?.();
  }

  /**
   * Slow down on 429/503: the server was accepting the requests still in flight, so that becomes
   * the host's limit (and its ceiling), and nothing is sent before its Retry-After. Learning the
   * limit once beats halving and growing back, which hits the limit (and the wait) again and again.
   */
  private backOff(h: HostState, delay: number): void {
    h.limit = Math.max(1, Math.min(h.limit - 1, h.active));
    h.cap = h.limit;
    h.successes = 0;
    h.lastThrottled = Date.now();
    h.notBefore = Math.max(h.notBefore, Date.now() + delay);
  }

  /**
   * Speed up again after successes: at most once every PROBE_INTERVAL_MS a throttled host is
   * offered one request more than it last accepted, so a host is not pushed into 429s (and
   * everyone's Retry-After) over and over.
   */
  private recover(h: HostState): void {
    if (++h.successes < PROBE_AFTER_SUCCESSES || Date.now() - h.lastThrottled < PROBE_INTERVAL_MS) return;
    h.successes = 0;
    if (h.cap < h.configured) h.cap++;
    if (h.limit < h.cap) {
      h.limit++;
      h.waiters.shift()?.();
    }
  }

  /**
   * One request through undici's dispatch API: no stream objects per request, and a GET stops
   * reading (and drops the socket) once it has `maxBodyBytes`. The whole request, body included,
   * is bounded by `timeout`.
   */
  private send(url: string, method: 'HEAD' | 'GET', h: HostState): Promise<Attempt> {
    const u = new URL(url);
    const extra = this.o.hosts?.[u.hostname]?.headers ?? {};
    const maxBody = this.o.maxBodyBytes;
    this.requests++;
    return new Promise<Attempt>((resolve) => {
      let status = 0;
      let headers: Attempt['headers'];
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      let control: Dispatcher.DispatchController | null = null;
      const settle = (a: Attempt) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(a);
      };
      const finish = () => settle({ status, headers, body: method === 'GET' ? Buffer.concat(chunks).subarray(0, maxBody).toString('latin1') : undefined });
      const timer = setTimeout(() => {
        settle({ error: { code: 'TIMEOUT', message: `no complete answer within ${this.o.timeout} ms` } });
        control?.abort(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
      }, this.o.timeout);
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (controller) => {
          control = controller;
          if (settled) controller.abort(new Error('timed out'));
        },
        onResponseStart: (_c, statusCode, responseHeaders) => {
          status = statusCode;
          headers = responseHeaders as Attempt['headers'];
        },
        onResponseData: (controller, chunk) => {
          if (method !== 'GET') return;
          chunks.push(chunk);
          size += chunk.length;
          // Enough to judge the page: answer now and drop the rest (and its socket).
          if (size >= maxBody) {
            finish();
            controller.abort(new Error('body limit reached'));
          }
        },
        onResponseEnd: () => finish(),
        onResponseError: (_c, err) => {
          const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
          const code = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'TIMEOUT' : (e.code ?? e.cause?.code ?? e.name ?? 'ERROR');
          settle({ error: { code, message: e.cause?.message ?? e.message } });
        },
      };
      try {
        this.agent.dispatch(
          {
            origin: u.origin,
            path: u.pathname + u.search,
            method,
            // undici closes the socket after every HEAD unless told otherwise (in case a server sends a
            // body anyway): a new TCP and TLS handshake per link. Keep it open, unless this host has
            // shown that it does send one.
            reset: method === 'HEAD' ? h.headPoisons : undefined,
            headers: { 'user-agent': this.o.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...extra },
          },
          handler,
        );
      } catch (err) {
        handler.onResponseError!(null as never, err as Error);
      }
    });
  }

  /** One hop: HEAD, then GET when HEAD fails or is refused; retries with backoff. */
  private async fetchHop(url: string): Promise<Attempt & { attempts: number }> {
    const h = this.host(new URL(url));
    let attempts = 0;
    for (let retry = 0; ; retry++) {
      await this.acquire(h);
      let res: Attempt;
      try {
        attempts++;
        res = await this.global(() => this.send(url, 'HEAD', h));
        // An unparseable response on a kept-alive socket is most likely the leftover body of an
        // earlier HEAD to this host: the GET below settles this link, and HEADs to the host close
        // their socket from now on.
        if (res.error && isParserError(res.error.code)) h.headPoisons = true;
        // GET when HEAD fails or is refused (some servers reject HEAD), but not when a GET
        // cannot do better: no such name, connection refused, a private address, a timeout.
        // A 429 or 503 asks the checker to wait, not to try another method at once.
        const needGet = res.error ? !NO_GET_AFTER.has(res.error.code) : res.status! >= 400 && res.status !== 429 && res.status !== 503;
        if (needGet) {
          attempts++;
          res = await this.global(() => this.send(url, 'GET', h));
        }
      } finally {
        this.release(h);
      }
      const status = res.status ?? 0;
      // A parser error is retried too: a GET can land on a socket spoiled by an earlier HEAD.
      const retryable = res.error ? RETRYABLE_CODES.has(res.error.code) || isParserError(res.error.code) : status >= 500 || status === 408 || status === 429;
      if (!retryable) {
        if (status && status < 400) this.recover(h);
        return { ...res, attempts };
      }
      const retryAfter = parseRetryAfter(res.headers?.['retry-after']);
      if (status === 429 || status === 503) this.backOff(h, Math.min(retryAfter ?? this.o.backoffBase, this.o.retryAfterCap));
      if (retry >= this.o.retries) return { ...res, attempts };
      const backoff = this.o.backoffBase * 2 ** retry + Math.random() * this.o.backoffBase;
      await sleep(Math.min(retryAfter ?? backoff, this.o.retryAfterCap));
    }
  }

  /** Follows redirects by hand (each hop passes the address rule) and classifies the outcome. */
  async checkOne(url: string): Promise<LinkStatus> {
    let current: string;
    try {
      current = new URL(url).href;
    } catch {
      return { url, verdict: 'dead', detail: 'not a valid URL', attempts: 0 };
    }
    const seen = new Set([current]);
    let permanent = true;
    let attempts = 0;
    for (let hop = 0; ; hop++) {
      const u = new URL(current);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') {
        return { url, verdict: 'refused', detail: `${u.protocol} links are not checked`, attempts };
      }
      const literal = u.hostname.replace(/^\[|\]$/g, '');
      if (isIP(literal) && !this.o.allowPrivate && (this.o.isPrivate ?? ((ip: string) => isPrivateAddress(ip)))(literal, literal)) {
        return { url, verdict: 'refused', detail: `${hop ? 'redirected to ' : ''}${literal}, a private address (use --allow-private to check it)`, attempts };
      }
      const res = await this.fetchHop(current);
      attempts += res.attempts;
      if (res.error) return { url, ...classifyError(res.error, hop), attempts };
      const status = res.status!;
      const location = res.headers?.location;
      if (status >= 300 && status < 400 && location) {
        if (hop + 1 > this.o.maxRedirects) return { url, verdict: 'unreachable', status, detail: `more than ${this.o.maxRedirects} redirects`, attempts };
        const next = new URL(Array.isArray(location) ? location[0] : location, current).href;
        if (seen.has(next)) return { url, verdict: 'unreachable', status, detail: `redirect loop at ${next}`, attempts };
        if (status !== 301 && status !== 308) permanent = false;
        seen.add(next);
        current = next;
        continue;
      }
      const accepted = this.o.hosts?.[u.hostname]?.accept?.includes(status);
      const outcome = accepted ? { verdict: 'alive' as const, detail: `${status} (accepted for ${u.hostname})` } : classifyResponse(status, res.headers ?? {}, res.body);
      if (outcome.verdict === 'alive' && hop > 0) {
        const from = new URL(url);
        if (from.pathname.length > 1 && new URL(current).pathname === '/' && from.hostname.replace(/^www\./, '') === new URL(current).hostname.replace(/^www\./, '')) {
          return { url, verdict: 'soft-404', status, finalUrl: current, detail: `redirected to the site's home page ${current}`, attempts };
        }
        if (permanent) return { url, verdict: 'redirect', status, finalUrl: current, detail: `moved permanently to ${current}`, attempts };
      }
      return { url, ...outcome, status, ...(hop > 0 ? { finalUrl: current } : {}), attempts };
    }
  }
}

function classifyResponse(status: number, headers: Record<string, string | string[] | undefined>, body?: string): Pick<LinkStatus, 'verdict' | 'detail'> {
  const challenge = headers['cf-mitigated'] === 'challenge' || (body !== undefined && CHALLENGE.test(body));
  if (challenge) return { verdict: 'blocked', detail: `${status} bot challenge: the site would not let a checker in` };
  if (status >= 200 && status < 300) {
    if (body && NOT_FOUND_TITLE.test(body)) return { verdict: 'soft-404', detail: `${status}, but the page says it was not found` };
    return { verdict: 'alive', detail: String(status) };
  }
  if (status === 401 || status === 403 || status === 429 || status === 999) return { verdict: 'blocked', detail: `${status}: the site refused the checker` };
  if (status === 404 || status === 410) return { verdict: 'dead', detail: `${status} ${status === 404 ? 'Not Found' : 'Gone'}` };
  if (status >= 500) return { verdict: 'unreachable', detail: `${status} server error, still failing after retries` };
  return { verdict: 'dead', detail: `${status}` };
}

function classifyError(error: { code: string; message: string }, hop: number): Pick<LinkStatus, 'verdict' | 'detail'> {
  const where = hop ? ' (after a redirect)' : '';
  switch (error.code) {
    case 'ECITELINTPRIVATE':
      return { verdict: 'refused', detail: `${error.message}${where} (use --allow-private to check it)` };
    case 'ENOTFOUND':
    case 'EAI_NONAME':
      return { verdict: 'dead', detail: `DNS name not found${where}` };
    case 'ECONNREFUSED':
      return { verdict: 'dead', detail: `connection refused${where}` };
    case 'TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { verdict: 'unreachable', detail: `timed out${where}` };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return { verdict: 'unreachable', detail: `connection reset${where}` };
    default:
      if (/CERT|TLS|SSL/i.test(error.code)) return { verdict: 'unreachable', detail: `TLS failure (${error.code})${where}` };
      return { verdict: 'unreachable', detail: `${error.code}: ${error.message}${where}` };
  }
}
