import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOL } from '../version.js';

/**
 * What the code behind a cache entry looks like: the version alone would keep serving stale
 * entries to anyone running a build between two releases. Entries hold facts and (for a lint) the
 * findings of document rules, so every source file and every rule counts.
 */
let fingerprint: string | null = null;
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(TOOL.version);
  const here = dirname(fileURLToPath(import.meta.url));
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path);
      else if (/\.(?:js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) hash.update(e.name).update(readFileSync(path));
    }
  };
  if (basename(here) === 'bundle') {
    // Bundled (scripts/bundle.mjs), all of our code that runs is in the bundle's few files:
    // walking every compiled file and rule source beside it as well took 19 ms of each run.
    visit(here);
  } else {
    const src = dirname(here);
    visit(src);
    visit(join(dirname(src), 'rules'));
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** Whether the cache under `cacheDir` holds anything of this build (a run of another build removes it). */
export function hasBuildCache(cacheDir: string): boolean {
  return existsSync(join(cacheDir, 'facts', codeFingerprint().slice(0, 16)));
}

/**
 * What a run knew of a file it read: size, modification and change times, inode, and the cache
 * key of its content. A later run that finds all four the same takes the key without reading.
 */
export type FileStamp = [size: number, mtimeMs: number, ctimeMs: number, ino: number, key: string];

/** A file changed this close to the stamps being written may have changed again unseen within the same clock tick. */
const RACY_MS = 2000;

/** Counts of a run's cache lookups (the tests read them). */
export interface FactsCacheStats {
  hits: number;
  misses: number;
  /** Entries that existed but could not be trusted (unreadable, wrong key, not facts). */
  rejected: number;
}

/** Where one entry sits: in a log read into memory (`log`), or in an open log read on demand (`fd`). */
interface Slot {
  log: Buffer | null;
  fd: number;
  start: number;
  end: number;
}

/** The file stamps of the last run (see `FileStamp`). */
const STAMPS = 'files.json';

/** Logs this process has started, for unique names. */
let logCount = 0;

/** The folder of a config no run has used for this long is removed. */
const STALE_CONFIG_MS = 30 * 24 * 3600 * 1000;
/** Appended entries are written in batches of about this many bytes. */
const FLUSH_BYTES = 1 << 20;
const NEWLINE = Buffer.from('\n');

/** Once a folder holds this many logs, a run merges them into one. */
const MAX_LOGS = 16;

/** An entry is `{"key":"<64 hex>","facts":<JSON>}`; this is all of it before the facts (ASCII: as many bytes as characters). */
const entryHead = (key: string) => `{"key":"${key}","facts":`;

/**
 * Beside a log read lazily, its index: where each entry is (`<key> <start> <bytes>` a line, under
 * a line that names the log's size and the count). Reading an entry's header a system call at a
 * time cost a warm run of the 10,000-brief archive 30,000 reads; the index is one. It is written
 * when the run that owns the log closes it, so a log cut short has none, and one whose size
 * is not the log's is not used; an entry it misplaces fails the check every entry gets when read.
 */
const INDEX_SUFFIX = '.idx';
const INDEX_HEAD = /^cite-lint log index 1 (\d+) (\d+)$/;

/**
 * Extracted facts (or lint records) per brief, in `<cacheDir>/facts/<build>/<kind and config>/`,
 * keyed by the brief's content, the tool's code and the config that shapes them.
 *
 * Entries are appended to one log file per run (`<time>-<pid>-<n>.log`, each entry
 * `<key> <bytes>\n{"key":…,"facts":…}\n`): one file per brief cost a file creation each, 4–8 s of
 * system time for 10,000 briefs on this machine's disk. A later log wins over an earlier one for
 * the same key. An entry that cannot be read, or does not hold what its key says, is a miss and
 * is written again; a log cut short by a crash keeps the entries before the cut. Once there are
 * `MAX_LOGS` logs, a run merges them, keeping the latest entry of every key: a run that lints a
 * few briefs never drops the entries of the others. Entries of other builds, and of configs
 * unused for a month, are removed.
 */
export class FactsCache {
  readonly stats: FactsCacheStats = { hits: 0, misses: 0, rejected: 0 };
  private readonly salt: string;
  /** Entries of this build of the tool, for this kind of entry and config. */
  private readonly dir: string;
  private index: Map<string, Slot> | null = null;
  /** The logs `load` read: the only ones a merge may remove (a concurrent run may be writing another). */
  private readonly loaded: string[] = [];
  /** Keys this run wrote: their entries in older logs are superseded. */
  private readonly written = new Set<string>();
  /** Keys this run read. */
  private readonly used = new Set<string>();
  private out: { fd: number; file: string } | null = null;
  /** This run's log so far: its length in bytes, and a line of its index per entry (see `INDEX_SUFFIX`). */
  private outBytes = 0;
  private readonly outIndex: string[] = [];
  /** Entries appended and not yet written (see `flush`). */
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Logs held open for entries read on demand (see `lazy`). */
  private readonly open: number[] = [];
  private writeFailed = false;

  constructor(
    cacheDir: string,
    /** The extraction-relevant config (claim aliases, tolerance …), as stable JSON. */
    configKey: string,
    /** Logs that make a run merge them (tests lower it). */
    private readonly maxLogs = MAX_LOGS,
    /**
     * Whether a merge keeps only the entries this run read or wrote. Right for entries that a
     * change replaces (a group's findings: every edit writes new ones and the old are never read
     * again), wrong for per-brief records (a run over one brief would drop all the others).
     */
    private readonly keepOnlyUsed = false,
    /**
     * Read each entry when it is asked for, not every log whole: for stores a run reads a small
     * part of (records, whose summaries a warm run rebuilds for a few briefs). The logs stay open
     * until `close`, and entries are read up to then.
     */
    private readonly lazy = false,
  ) {
    const code = codeFingerprint();
    this.salt = createHash('sha256').update(code).update('\0').update(configKey).digest('hex');
    // One folder per build, and in it one per kind of entry and config: a run merges only its
    // own logs, so lint records and whole facts (`extract`, HTML reports) never evict each other.
    const build = join(cacheDir, 'facts', code.slice(0, 16));
    this.dir = join(build, this.salt.slice(0, 16));
    try {
      const now = Date.now();
      for (const other of readdirSync(build)) {
        const folder = join(build, other);
        // A config nobody has used for a month is not coming back soon.
        if (other !== this.salt.slice(0, 16) && now - statSync(folder).mtimeMs > STALE_CONFIG_MS) rmSync(folder, { recursive: true, force: true });
      }
    } catch {
      // No cache yet, or one this user cannot clean.
    }
    // Entries of other builds can never be read again: without this, every upgrade would leave
    // an archive's worth of dead entries behind.
    try {
      for (const other of readdirSync(join(cacheDir, 'facts'))) {
        if (other !== code.slice(0, 16)) rmSync(join(cacheDir, 'facts', other), { recursive: true, force: true });
      }
    } catch {
      // No cache yet, or one this user cannot clean: not this run's problem.
    }
  }

  /**
   * The stamps of the files the last run read, those a run may trust: changed (by their change
   * time, which no tool can set back) well before the stamps were written.
   */
  readStamps(): Map<string, FileStamp> {
    const trusted = new Map<string, FileStamp>();
    try {
      const saved = JSON.parse(this.readBeside(STAMPS) ?? 'null') as { written?: unknown; files?: unknown };
      if (typeof saved.written !== 'number' || !saved.files || typeof saved.files !== 'object') return trusted;
      for (const [path, stamp] of Object.entries(saved.files as Record<string, unknown>)) {
        if (!Array.isArray(stamp) || stamp.length !== 5 || typeof stamp[4] !== 'string' || !stamp.slice(0, 4).every((n) => typeof n === 'number')) continue;
        if ((stamp[2] as number) < saved.written - RACY_MS) trusted.set(path, stamp as FileStamp);
      }
    } catch {
      // None yet, or unreadable: every file is read.
    }
    return trusted;
  }

  /** Replaces the stamps (written whole, then renamed into place; if that fails, the next run reads every file). */
  writeStamps(files: Map<string, FileStamp>): void {
    this.writeBeside(STAMPS, JSON.stringify({ written: Date.now(), files: Object.fromEntries(files) }));
  }

  /** A file kept beside the logs (see `readStamps`), or null when there is none or it cannot be read. */
  readBeside(name: string): string | null {
    try {
      return readFileSync(join(this.dir, name), 'utf8');
    } catch {
      return null;
    }
  }

  /**
   * Replaces a file kept beside the logs (written whole, then renamed into place, so a reader
   * sees the old or the new one). What it holds must be worth only time: if the write fails, a
   * later run does without it.
   */
  writeBeside(name: string, text: string): void {
    if (this.writeFailed) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const temporary = join(this.dir, `${name}.${process.pid}.tmp`);
      writeFileSync(temporary, text);
      renameSync(temporary, join(this.dir, name));
    } catch {
      // Slower next time, never wrong.
    }
  }

  /** Counts a look-up answered from a file beside the logs as a hit. */
  countHit(): void {
    this.stats.hits++;
  }

  /** The entry key of one brief's text in one format. */
  keyOf(text: string | ReadonlyArray<string | Uint8Array>, format: string): string {
    const hash = createHash('sha256').update(this.salt).update('\0').update(format).update('\0');
    // In parts, the same key as their concatenation: a file's bytes hash without encoding its text again.
    for (const part of typeof text === 'string' ? [text] : text) hash.update(part);
    return hash.digest('hex');
  }

  private logs(): string[] {
    try {
      return readdirSync(this.dir).filter((n) => n.endsWith('.log')).sort();
    } catch {
      return [];
    }
  }

  /** Reads every log once (or, lazily, every entry's header): key → where its latest entry is. */
  private load(): Map<string, Slot> {
    const index = new Map<string, Slot>();
    try {
      // Marks this config's folder as in use, even by a run that only reads it.
      const now = new Date();
      utimesSync(this.dir, now, now);
    } catch {
      // Not there yet.
    }
    const header = Buffer.allocUnsafe(96);
    for (const name of this.logs()) {
      let log: Buffer | null = null;
      let fd = -1;
      let size: number;
      try {
        if (this.lazy) {
          fd = openSync(join(this.dir, name), 'r');
          this.open.push(fd);
          size = fstatSync(fd).size;
        } else {
          log = readFileSync(join(this.dir, name));
          size = log.length;
        }
      } catch {
        continue;
      }
      this.loaded.push(name);
      const listed = this.lazy ? this.readIndex(name, size) : null;
      if (listed) {
        for (const [key, start, end] of listed) index.set(key, { log, fd, start, end });
        continue;
      }
      let at = 0;
      while (at < size) {
        let eol: number;
        let line: string;
        if (log) {
          eol = log.indexOf(10, at) - at;
          line = eol < 0 ? '' : log.toString('latin1', at, at + eol);
        } else {
          const got = readSync(fd, header, 0, header.length, at);
          eol = header.subarray(0, got).indexOf(10);
          line = eol < 0 ? '' : header.toString('latin1', 0, eol);
        }
        if (eol < 0 || eol > 90) break;
        const found = /^([0-9a-f]{64}(?::[ch])?) (\d+)$/.exec(line);
        if (!found) break;
        const start = at + eol + 1;
        const end = start + Number(found[2]);
        // Cut short (a crash while writing): the entries before the cut still count. (Read
        // lazily, an entry's closing line break is checked when it is read.)
        if (end >= size || (log && log[end] !== 10)) break;
        index.set(found[1], { log, fd, start, end });
        at = end + 1;
      }
    }
    return index;
  }

  /** A lazy log's index as `[key, start, end]`, or null when it has none or none that fits it (see `INDEX_SUFFIX`). */
  private readIndex(name: string, size: number): Array<[string, number, number]> | null {
    let text: string;
    try {
      text = readFileSync(join(this.dir, name + INDEX_SUFFIX), 'latin1');
    } catch {
      return null;
    }
    const eol = text.indexOf('\n');
    const head = INDEX_HEAD.exec(text.slice(0, eol));
    if (!head || Number(head[1]) !== size) return null;
    const out: Array<[string, number, number]> = [];
    // A line at a time without splitting the text: 30,000 lines on an archive.
    for (let at = eol + 1; at < text.length; ) {
      const space = text.indexOf(' ', at);
      const second = space < 0 ? -1 : text.indexOf(' ', space + 1);
      const end = second < 0 ? -1 : text.indexOf('\n', second + 1);
      if (end < 0) return null;
      const start = Number(text.slice(space + 1, second));
      const stop = start + Number(text.slice(second + 1, end));
      if (space === at || !Number.isSafeInteger(start) || !Number.isSafeInteger(stop) || start < 0 || stop < start || stop >= size) return null;
      out.push([text.slice(at, space), start, stop]);
      at = end + 1;
    }
    if (out.length !== Number(head[2])) return null;
    return out;
  }

  /** Reads the logs (or their entries' headers) now rather than at the first look-up. */
  preload(): void {
    this.index ??= this.load();
  }

  /** An entry's bytes, with its closing line break checked when read from an open log; null if it is not there. */
  private bytesOf(slot: Slot): Buffer | null {
    if (slot.log) return slot.log.subarray(slot.start, slot.end);
    const bytes = Buffer.allocUnsafe(slot.end - slot.start + 1);
    try {
      if (readSync(slot.fd, bytes, 0, bytes.length, slot.start) !== bytes.length || bytes[bytes.length - 1] !== 10) return null;
    } catch {
      return null;
    }
    return bytes.subarray(0, bytes.length - 1);
  }

  /** The stored facts JSON for a key, or null. */
  get(key: string): string | null {
    return this.getBytes(key)?.toString('utf8') ?? null;
  }

  /**
   * The stored facts JSON for a key as bytes (a view into the log read into memory, or the entry
   * read now), or null: what is kept of them stays out of the JavaScript heap.
   */
  getBytes(key: string, counted = true): Buffer | null {
    this.index ??= this.load();
    const stats = counted ? this.stats : { hits: 0, misses: 0, rejected: 0 };
    const slot = this.index.get(key);
    if (!slot) {
      stats.misses++;
      return null;
    }
    // The key must match and the facts must be whole.
    const head = entryHead(key);
    const entry = this.bytesOf(slot);
    if (entry === null || entry.length <= head.length || entry.toString('latin1', 0, head.length) !== head || entry[entry.length - 1] !== 0x7d) {
      stats.rejected++;
      stats.misses++;
      return null;
    }
    stats.hits++;
    if (this.keepOnlyUsed) this.used.add(key);
    return entry.subarray(head.length, entry.length - 1);
  }

  private closeLogs(): void {
    for (const fd of this.open.splice(0)) {
      try {
        closeSync(fd);
      } catch {
        // Already closed: nothing to release.
      }
    }
  }

  /** Called when an entry that looked whole still failed to load: counted as a miss after all. */
  reject(): void {
    this.stats.hits--;
    this.stats.rejected++;
    this.stats.misses++;
  }

  private append(key: string, entry: Buffer | string): void {
    if (this.writeFailed) return;
    try {
      if (!this.out) {
        // The logs are listed before this run's own exists: a merge must never count it as one it read.
        this.index ??= this.load();
        mkdirSync(this.dir, { recursive: true });
        // A new file, never one another run (or an earlier cache in this process) writes or reads.
        const file = join(this.dir, `${Date.now().toString().padStart(15, '0')}-${process.pid}-${++logCount}.log`);
        this.out = { fd: openSync(file, 'wx'), file };
      }
      const bytes = typeof entry === 'string' ? Buffer.from(entry) : entry;
      const header = Buffer.from(`${key} ${bytes.length}\n`);
      this.pending.push(header, bytes, NEWLINE);
      if (this.lazy) this.outIndex.push(`${key} ${this.outBytes + header.length} ${bytes.length}\n`);
      this.outBytes += header.length + bytes.length + 1;
      this.pendingBytes += bytes.length;
      if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    } catch {
      // A read-only or full disk costs the next run its speed-up, never this run its result.
      this.writeFailed = true;
    }
  }

  /** Writes the entries appended since the last flush (a write per entry cost 40,000 system calls on an archive's cold run). */
  private flush(): void {
    if (!this.out || this.pending.length === 0) return;
    const bytes = Buffer.concat(this.pending.splice(0));
    this.pendingBytes = 0;
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.out.fd, bytes, at, bytes.length - at);
    } catch {
      this.writeFailed = true;
    }
  }

  /** Stores facts in this run's log. */
  put(key: string, factsJson: string): void {
    this.append(key, `${entryHead(key)}${factsJson}}`);
    this.written.add(key);
  }

  /**
   * An entry's bytes for `putEntry`, and the facts' bytes within them: a view, so that a caller
   * keeping the facts keeps them outside the JavaScript heap, encoded once for both.
   */
  entryOf(key: string, factsJson: string): { entry: Buffer; facts: Buffer } {
    const head = entryHead(key);
    const entry = Buffer.from(`${head}${factsJson}}`);
    return { entry, facts: entry.subarray(head.length, entry.length - 1) };
  }

  /** Stores an entry made by `entryOf` in this run's log. */
  putEntry(key: string, entry: Buffer): void {
    this.append(key, entry);
    this.written.add(key);
  }

  /**
   * Ends the run's writes. Once there are `maxLogs` logs, the latest entry of every key this run
   * did not write (with `keepOnlyUsed`, that it read) is copied into its log and the logs it read
   * are removed.
   */
  close(): void {
    if (this.index && this.loaded.length >= this.maxLogs) {
      for (const [key, slot] of this.index) {
        if (this.written.has(key) || (this.keepOnlyUsed && !this.used.has(key))) continue;
        const entry = this.bytesOf(slot);
        if (entry) this.append(key, entry);
      }
      // Written before the logs it replaces are removed, and only if it was.
      this.flush();
      this.closeLogs();
      if (!this.writeFailed) {
        for (const name of this.loaded) {
          try {
            rmSync(join(this.dir, name), { force: true });
            rmSync(join(this.dir, name + INDEX_SUFFIX), { force: true });
          } catch {
            // Held open elsewhere (Windows): a later run removes it.
          }
        }
      }
    }
    this.flush();
    if (this.out) {
      try {
        closeSync(this.out.fd);
      } catch {
        // Nothing left to lose: every write has been made or given up.
      }
      // Only for a log whole on disk (`writeBeside` writes nothing after a failed write): without
      // its index, a log is read as before.
      if (this.lazy) this.writeBeside(basename(this.out.file) + INDEX_SUFFIX, `cite-lint log index 1 ${this.outBytes} ${this.outIndex.length}\n${this.outIndex.join('')}`);
    }
    this.out = null;
    this.outBytes = 0;
    this.outIndex.length = 0;
    this.closeLogs();
    this.index = null;
    this.written.clear();
  }
}
