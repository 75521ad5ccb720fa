/**
 * Compaction: forget every version older than a revision. For each key the newest version at or
 * before the compaction revision stays (unless it is a tombstone: a deleted key is then gone for
 * good), so the store can still be read at that revision but at none before it. The watch history
 * is trimmed the same way.
 */
import { sortedKeysOf } from './mvcc.ts';
import { ErrCompacted, ErrFutureRev, fail, ok, type EtcdResult } from './errors.ts';
import type { MvccStore } from './mvcc.ts';
import type { CompactResponse } from './protocol.ts';

export interface CompactStats {
  /** Versions (values and tombstones) dropped from key histories. */
  versions: number;
  /** Keys that no longer exist at all. */
  keys: number;
}

function compactKeys(store: MvccStore, rev: number): CompactStats {
  const stats: CompactStats = { versions: 0, keys: 0 };
  const kept: string[] = [];
  for (const key of sortedKeysOf(store)) {
    const versions = store.keys.get(key)!;
    // The newest version at or before rev is the one a read at rev sees; older ones go.
    let keep = 0;
    while (keep + 1 < versions.length && versions[keep + 1]!.revision <= rev) keep++;
    let drop = versions[keep]!.revision <= rev ? keep : 0;
    // A tombstone at or before rev hides nothing anyone can still read: it goes too.
    if (versions[drop]!.revision <= rev && versions[drop]!.kv === null) drop++;
    if (drop > 0) {
      versions.splice(0, drop);
      stats.versions += drop;
    }
    if (versions.length === 0) {
      store.keys.delete(key);
      stats.keys++;
    } else kept.push(key);
  }
  store.sortedKeys = kept;
  return stats;
}

/**
 * Trims the watch history: revisions before `rev` go; at `rev` itself only the PUTs survive
 * (etcd keeps those values and drops the tombstones), so a watch from `rev` still works.
 */
function compactHistory(store: MvccStore, rev: number): void {
  const history = store.history.filter((entry) => entry.revision >= rev);
  const first = history[0];
  if (first && first.revision === rev) {
    const puts = first.events.filter((e) => e.type === 'PUT');
    if (puts.length === 0) history.shift();
    else history[0] = { revision: rev, events: puts };
  }
  store.history = history;
}

export function compact(store: MvccStore, rev: number): EtcdResult<CompactResponse> {
  if (rev <= store.compactRevision) return fail(ErrCompacted);
  if (rev > store.revision) return fail(ErrFutureRev);
  store.compactRevision = rev;
  const stats = compactKeys(store, rev);
  compactHistory(store, rev);
  const note = `compacted to rev ${rev}: dropped ${stats.versions} old version(s), ${stats.keys} key(s) gone`;
  return ok({ op: 'compact', header: { revision: store.revision } }, note);
}
