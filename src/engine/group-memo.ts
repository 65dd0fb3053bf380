import { FactsCache, type FactsCacheStats } from './facts-cache.js';
import { deserializeGroupFindings, serializeGroupFindings } from './facts.js';
import type { GroupFinding, GroupMemo } from './linter.js';
import type { ResolvedConfig } from './config.js';

/**
 * The findings of grouped project rules by group, in the facts cache beside the records (a store
 * of its own per rule settings and build): a warm run replays every group whose members are
 * unchanged and checks only the groups a changed brief is in.
 */
export class CachedGroupMemo implements GroupMemo {
  private readonly store: FactsCache;

  constructor(cacheDir: string, config: ResolvedConfig, maxLogs?: number) {
    // Severities, rule options and `claims` settings all shape the findings.
    // Every edit writes new entries for the groups it touches, and the old ones are never read
    // again: a merge keeps only what its run used (a run over other briefs checks its groups anew).
    this.store = new FactsCache(cacheDir, JSON.stringify({ groups: 1, rules: config.rules, claims: config.claims }), maxLogs, true);
  }

  get stats(): FactsCacheStats {
    return this.store.stats;
  }

  get(signature: string): GroupFinding[] | null {
    const json = this.store.get(this.store.keyOf(signature, 'group'));
    if (json === null) return null;
    try {
      return deserializeGroupFindings(json);
    } catch {
      this.store.reject();
      return null;
    }
  }

  put(signature: string, findings: GroupFinding[]): void {
    this.store.put(this.store.keyOf(signature, 'group'), serializeGroupFindings(findings));
  }

  close(): void {
    this.store.close();
  }
}
