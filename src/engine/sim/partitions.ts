import type { ComponentId, Envelope } from './envelope.ts';

/**
 * Messages that travel on a long-lived connection (a watch's HTTP stream). TCP never loses a
 * segment in the middle of a stream: while a partition lasts it retransmits, and the data
 * arrives in order once the path is back (or the connection dies, which the client sees). So a
 * partition holds these instead of dropping them; a watch can never silently skip an event.
 */
const STREAM_KINDS: ReadonlySet<string> = new Set(['api.watch', 'api.watchEnd', 'api.watchClose']);

/** The network partitions in force, and the stream messages waiting for one to heal. */
export class Partitions {
  readonly partitioned = new Set<ComponentId>();
  /** Which side of a partition each cut-off component is on; components on one side still talk. */
  readonly islands = new Map<ComponentId, string>();
  held: Envelope[] = [];

  set(id: ComponentId, partitioned: boolean, island: string): void {
    if (partitioned) {
      this.partitioned.add(id);
      this.islands.set(id, island);
    } else {
      this.partitioned.delete(id);
      this.islands.delete(id);
    }
  }

  /** Whether anything is partitioned now (nearly never): every delivery asks. */
  get active(): boolean {
    return this.partitioned.size > 0;
  }

  /** Whether a partition lies between two components. */
  cutOff(from: ComponentId, to: ComponentId): boolean {
    // Checked for every delivery: no lookups while nothing is partitioned (nearly always).
    if (this.partitioned.size === 0) return false;
    return (
      from !== to &&
      (this.partitioned.has(from) || this.partitioned.has(to)) &&
      this.islands.get(from) !== this.islands.get(to)
    );
  }

  /** Holds a stream message that cannot cross a partition yet; true if it was held. */
  hold(envelope: Envelope): boolean {
    if (this.partitioned.size === 0 || !STREAM_KINDS.has(envelope.payload.kind)) return false;
    if (!this.cutOff(envelope.from, envelope.to)) return false;
    this.held.push(envelope);
    return true;
  }

  /** The held stream messages whose path is open again, in their original order, due `now`. */
  release(now: number): Envelope[] {
    const still: Envelope[] = [];
    const released: Envelope[] = [];
    for (const envelope of this.held) {
      if (this.cutOff(envelope.from, envelope.to)) still.push(envelope);
      else released.push({ ...envelope, deliverAt: Math.max(envelope.deliverAt, now) });
    }
    this.held = still;
    return released;
  }

  restore(partitioned: ComponentId[], islands: [ComponentId, string][], held: Envelope[]): void {
    this.partitioned.clear();
    for (const id of partitioned) this.partitioned.add(id);
    this.islands.clear();
    for (const [id, island] of islands) this.islands.set(id, island);
    this.held = held;
  }
}
