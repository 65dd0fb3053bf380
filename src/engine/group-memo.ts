import { FactsCache, type FactsCacheStats } from './facts-cache.js';
import { deserializeGroupFindings, serializeGroupFindings } from './facts.js';
import type { GroupFinding, GroupMemo } from './linter.js';
import type { ResolvedConfig } from './config.js';

/**
 * The findings of grouped project rules by group, and each part as the list of its groups, in the
 * facts cache beside the records (a store of its own per rule settings and build): a warm run
 * replays every part and group whose members are unchanged and checks only the groups a changed
 * brief is in.
 */
export class CachedGroupMemo implements GroupMemo {
  private readonly store: FactsCache;
  /** Parts replayed and groups found (hits), parts and groups not found (misses). */
  private hits = 0;
  private misses = 0;
  /** Store keys of the group signatures this run has looked up or written. */
  private readonly keys = new Map<string, string>();

  constructor(cacheDir: string, config: ResolvedConfig, maxLogs?: number) {
    // Severities, rule options and `claims` settings all shape the findings.
    // Every edit writes new entries for the groups it touches, and the old ones are never read
    // again: a merge keeps only what its run used (a run over other briefs checks its groups anew).
    this.store = new FactsCache(cacheDir, JSON.stringify({ groups: 2, rules: config.rules, claims: config.claims }), maxLogs, true);
  }

  get stats(): FactsCacheStats {
    return { hits: this.hits, misses: this.misses, rejected: this.store.stats.rejected };
  }

  private groupKey(signature: string): string {
    let key = this.keys.get(signature);
    if (key === undefined) {
      key = this.store.keyOf(signature, 'group');
      this.keys.set(signature, key);
    }
    return key;
  }

  /** A group's findings by store key, or null (counted as rejected when damaged). */
  private findings(key: string): GroupFinding[] | null {
    const json = this.store.get(key);
    if (json === null) return null;
    try {
      return deserializeGroupFindings(json);
    } catch {
      this.store.reject();
      return null;
    }
  }

  get(signature: string): GroupFinding[] | null {
    const found = this.findings(this.groupKey(signature));
    if (found) this.hits++;
    else this.misses++;
    return found;
  }

  put(signature: string, findings: GroupFinding[]): void {
    this.store.put(this.groupKey(signature), serializeGroupFindings(findings));
  }

  getPart(signature: string): GroupFinding[] | null {
    const json = this.store.get(this.store.keyOf(signature, 'part'));
    let keys: unknown;
    try {
      keys = json === null ? null : JSON.parse(json);
    } catch {
      this.store.reject();
    }
    const all: GroupFinding[] = [];
    let whole = Array.isArray(keys);
    for (const key of whole ? (keys as unknown[]) : []) {
      const found = typeof key === 'string' ? this.findings(key) : null;
      if (!found) {
        // One group gone (merged away) or damaged: the part is checked group by group.
        whole = false;
        break;
      }
      for (const f of found) all.push(f);
    }
    if (whole) this.hits++;
    else this.misses++;
    return whole ? all : null;
  }

  putPart(signature: string, groups: string[]): void {
    this.store.put(this.store.keyOf(signature, 'part'), JSON.stringify(groups.map((g) => this.groupKey(g))));
  }

  close(): void {
    this.store.close();
  }
}
