/**
 * A copy of what etcd holds, kept up to date from StoreChanges diffs. The sequencer keeps one
 * when etcd runs in another worker (for actions that read the store), and the UI thread keeps
 * one fed by the frames it receives: neither ever needs the whole store again.
 */
import type { KubeObject, StoreChanges, StoreReader } from '../engine/index.ts';

export class StoreMirror implements StoreReader {
  private readonly objects = new Map<string, KubeObject>();
  private current = 0;
  /**
   * Prefix lists, each reused until a change falls under its prefix: a list nothing touched keeps
   * its identity, so views that show it (a panel, a hidden tab) need not render again.
   */
  private readonly lists = new Map<string, KubeObject[]>();

  revision(): number {
    return this.current;
  }

  /** Forgets everything (etcd went back in time): the next diff must be read from revision 0. */
  reset(): void {
    this.objects.clear();
    this.lists.clear();
    this.current = 0;
  }

  /** Applies a diff; returns whether anything changed. */
  apply(changes: StoreChanges): boolean {
    if (changes.reset) this.objects.clear();
    for (const [key, object] of changes.put) this.objects.set(key, object);
    for (const key of changes.deleted) this.objects.delete(key);
    const changed = changes.reset || changes.put.length > 0 || changes.deleted.length > 0;
    if (changes.reset) this.lists.clear();
    else if (changed)
      for (const prefix of [...this.lists.keys()])
        if (
          changes.put.some(([key]) => key.startsWith(prefix)) ||
          changes.deleted.some((key) => key.startsWith(prefix))
        )
          this.lists.delete(prefix);
    this.current = changes.revision;
    return changed;
  }

  /** The objects under a key prefix, in key order (as an etcd range returns them). */
  stored(prefix: string): KubeObject[] {
    let list = this.lists.get(prefix);
    if (!list) {
      const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      list = keys.map((k) => this.objects.get(k)!);
      this.lists.set(prefix, list);
    }
    return list;
  }
}
