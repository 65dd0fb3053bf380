import { FactsCache, type FactsCacheStats } from './facts-cache.js';
import { deserializeGroupFindings, serializeGroupFindings, type KeptGroup } from './facts.js';
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
    this.store = new FactsCache(cacheDir, JSON.stringify({ groups: 4, rules: config.rules, claims: config.claims }), maxLogs, true);
  }

  get stats(): FactsCacheStats {
    return { hits: this.hits, misses: this.misses, rejected: this.store.stats.rejected };
  }

  /** Reads the memo's logs now (while another thread extracts, say) rather than on first use. */
  preload(): void {
    this.store.preload();
  }

  keyOf(signature: string): string {
    let key = this.keys.get(signature);
    if (key === undefined) {
      key = this.store.keyOf(signature, 'group');
      this.keys.set(signature, key);
    }
    return key;
  }

  /** A group's findings by store key, or null (counted as rejected when damaged). */
  private kept(key: string): KeptGroup | null {
    const json = this.store.get(key);
    if (json === null) return null;
    try {
      return deserializeGroupFindings(json);
    } catch {
      this.store.reject();
      return null;
    }
  }

  get(signature: string): KeptGroup | null {
    const found = this.kept(this.keyOf(signature));
    if (found) this.hits++;
    else this.misses++;
    return found;
  }

  put(signature: string, findings: GroupFinding[]): KeptGroup {
    const { json, digests } = serializeGroupFindings(findings);
    this.store.put(this.keyOf(signature), json);
    return { findings, digests };
  }

  getPart(signature: string): KeptGroup[] | null {
    const json = this.store.get(this.store.keyOf(signature, 'part'));
    let keys: unknown;
    try {
      keys = json === null ? null : JSON.parse(json);
    } catch {
      this.store.reject();
    }
    const groups: KeptGroup[] = [];
    let whole = Array.isArray(keys);
    for (const key of whole ? (keys as unknown[]) : []) {
      const found = typeof key === 'string' ? this.kept(key) : null;
      if (!found) {
        // One group gone (merged away) or damaged: the part is checked group by group.
        whole = false;
        break;
      }
      groups.push(found);
    }
    if (whole) this.hits++;
    else this.misses++;
    return whole ? groups : null;
  }

  putPart(signature: string, groups: string[]): void {
    this.store.put(this.store.keyOf(signature, 'part'), JSON.stringify(groups.map((g) => this.keyOf(g))));
  }

  close(): void {
    this.store.close();
  }
}
