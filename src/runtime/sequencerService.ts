/**
 * The sequencer's side of the runtime: it owns the cluster's virtual time and the only copy of
 * the run's order, starts a component host per placement, and drives windows across them. It is
 * what the sequencer Web Worker runs, and what runs on the page itself when Workers cannot start
 * (and in Node tests). It never touches the DOM.
 */
import {
  answerQuery,
  DEFAULT_NETWORK,
  KubevizCluster,
  storeChangesSince,
  type ClusterCheckpoint,
  type ComponentAnswer,
  type ComponentSlot,
  type ComponentQuery,
  type EtcdState,
  type FullClusterOptions,
  type StoreChanges,
} from '../engine/index.ts';
import { WindowDriver } from './driver.ts';
import { HostClient } from './hosts/hostClient.ts';
import type { Placement } from './placement.ts';
import type { HostEnvelope, HostReplyEnvelope } from './protocol.ts';
import { StoreMirror } from './storeMirror.ts';
import type { Endpoint } from './transport.ts';

export type HostEndpoint = Endpoint<HostReplyEnvelope, HostEnvelope>;

/** A copy of the whole run at one moment: the sequencer's side and every host's components. */
export interface RunCheckpoint {
  cluster: ClusterCheckpoint;
  hosts: [string, ComponentSlot[]][];
}

export interface ServiceOptions {
  seed: number;
  placement: Placement;
  /** Starts a component host (a Web Worker, or an in-process server) and returns its endpoint. */
  spawnHost: (name: string) => HostEndpoint;
  cluster?: Omit<FullClusterOptions, 'seed' | 'isRemote' | 'network'>;
}

export class SequencerService {
  readonly cluster: KubevizCluster;
  private readonly hosts = new Map<string, HostClient>();
  private readonly driver: WindowDriver;
  /** etcd's contents, when etcd runs in another host. */
  private readonly mirror: StoreMirror | undefined;
  /** Work runs one piece at a time: a window, an action, a refresh. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: ServiceOptions,
    hostNames: string[],
  ) {
    for (const name of hostNames) this.hosts.set(name, this.spawn(name));
    const { placement } = options;
    this.cluster = new KubevizCluster({
      ...options.cluster,
      seed: options.seed,
      isRemote: (id) => placement.hostOf(id) !== null,
    });
    if (placement.hostOf('etcd') !== null) {
      this.mirror = new StoreMirror();
      this.cluster.storeReader = this.mirror;
    }
    this.driver = new WindowDriver(
      this.cluster.sequencer,
      placement,
      this.hosts,
      (host) => this.restartHost(host),
      (host) => this.restartHost(host),
    );
  }

  /** Builds the cluster with its hosts started and every component's init done. */
  static async create(options: ServiceOptions): Promise<SequencerService> {
    const service = new SequencerService(options, options.placement.hosts);
    await Promise.all(
      [...service.hosts.values()].map((h) =>
        h.request({ type: 'init', seed: options.seed, network: DEFAULT_NETWORK }),
      ),
    );
    await service.driver.flushCommands();
    await service.refreshStore();
    return service;
  }

  get placement(): Placement {
    return this.options.placement;
  }

  get sequencer() {
    return this.cluster.sequencer;
  }

  /** Runs `work` after everything queued before it (actions never land inside a window). */
  serial<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Delivers everything due up to `time` (inclusive) and moves the clock there, unless
   * `shouldYield` says to stop early (the wall-clock budget of a frame) or the trace reaches
   * `maxIndex` events (time travel stops at a recorded action). Returns deliveries.
   */
  advanceTo(
    time: number,
    shouldYield: () => boolean = () => false,
    maxIndex = Number.POSITIVE_INFINITY,
  ): Promise<number> {
    return this.serial(() => this.runTo(time, shouldYield, maxIndex));
  }

  /** Moves the clock `ms` on from wherever it is when the work before this is done. */
  advance(ms: number): Promise<number> {
    return this.serial(() => this.runTo(this.sequencer.now + ms, () => false));
  }

  private async runTo(
    time: number,
    shouldYield: () => boolean,
    maxIndex = Number.POSITIVE_INFINITY,
  ): Promise<number> {
    const s = this.sequencer;
    let count = 0;
    while (!shouldYield()) {
      const room = maxIndex - s.trace.length;
      if (room <= 0) break;
      const next = s.peekTime();
      if (next === undefined || next > time) {
        s.now = Math.max(s.now, time);
        break;
      }
      count +=
        this.hosts.size === 0
          ? this.localWindow(time, room)
          : await this.driver.runWindow(time, room);
    }
    await this.driver.flushCommands();
    return count;
  }

  private localWindow(time: number, maxCount: number): number {
    const window = this.sequencer.beginWindow(time, maxCount);
    this.sequencer.finishWindow(window);
    return window.items.length;
  }

  /** Delivers exactly the next message (step mode). */
  step(): Promise<number> {
    return this.serial(() => this.driver.runWindow(Number.POSITIVE_INFINITY, 1));
  }

  /** Runs a user action on the cluster between windows, then carries out what it started. */
  act<T>(action: (cluster: KubevizCluster) => T): Promise<T> {
    return this.serial(async () => {
      await this.refreshStoreNow();
      const result = action(this.cluster);
      await this.driver.flushCommands();
      return result;
    });
  }

  /** Brings the etcd mirror up to date (no-op when etcd runs here). */
  refreshStore(): Promise<void> {
    return this.serial(() => this.refreshStoreNow());
  }

  /** etcd's changes since a revision, wherever etcd runs. */
  storeChanges(since: number): Promise<StoreChanges | null> {
    return this.serial(async () => {
      const host = this.options.placement.hostOf('etcd');
      if (host === null) {
        const etcd = this.sequencer.stateOf<EtcdState>('etcd');
        return etcd ? storeChangesSince(etcd, since) : null;
      }
      const reply = await this.hosts.get(host)!.request({ type: 'storeChanges', since });
      return reply.changes;
    });
  }

  /** A copy of one component's state, wherever it runs (for the inspector). */
  inspect(id: string): Promise<unknown> {
    return this.serial(async () => {
      const host = this.options.placement.hostOf(id);
      if (host === null) return structuredClone(this.sequencer.stateOf(id));
      return (await this.hosts.get(host)!.request({ type: 'inspect', id })).state;
    });
  }

  /** Copies the whole run, every host's components included (between windows). */
  checkpoint(): Promise<RunCheckpoint> {
    return this.serial(async () => {
      await this.driver.flushCommands();
      const cluster = this.cluster.checkpoint();
      const hosts = await Promise.all(
        [...this.hosts].map(async ([name, host]): Promise<[string, ComponentSlot[]]> => [
          name,
          (await host.request({ type: 'snapshot' })).slots,
        ]),
      );
      return { cluster, hosts };
    });
  }

  /**
   * Puts the whole run back to a checkpoint: the sequencer (its trace cut there), every host's
   * components (a host that died is replaced first), and the etcd mirror.
   */
  restore(checkpoint: RunCheckpoint): Promise<void> {
    return this.serial(async () => {
      this.cluster.restore(checkpoint.cluster);
      const slots = new Map(checkpoint.hosts);
      await Promise.all(
        [...this.hosts.keys()].map((name) => {
          if (this.hosts.get(name)!.failure !== undefined) this.restartHost(name);
          return this.hosts.get(name)!.request({ type: 'restore', slots: slots.get(name) ?? [] });
        }),
      );
      this.mirror?.reset();
      await this.refreshStoreNow();
    });
  }

  /** Asks one component a read-only question, wherever it runs. */
  query(id: string, query: ComponentQuery): Promise<ComponentAnswer> {
    return this.serial(async () => {
      const host = this.options.placement.hostOf(id);
      if (host === null) return answerQuery(this.sequencer.stateOf(id), query);
      return (await this.hosts.get(host)!.request({ type: 'query', id, query })).answer;
    });
  }

  /** Terminates every host. */
  close(): void {
    for (const host of this.hosts.values()) host.close();
  }

  private async refreshStoreNow(): Promise<void> {
    const host = this.options.placement.hostOf('etcd');
    if (!this.mirror || host === null) return;
    const reply = await this.hosts.get(host)!.request({
      type: 'storeChanges',
      since: this.mirror.revision(),
    });
    if (reply.changes) this.mirror.apply(reply.changes);
  }

  /**
   * Ends a stopped component's worker for real and puts a fresh, empty one in its place: a
   * restarted component then starts from nothing and must re-list and re-watch.
   */
  private restartHost(name: string): void {
    this.hosts.get(name)?.close();
    const fresh = this.spawn(name);
    this.hosts.set(name, fresh);
    // Requests are answered in order, so nothing can reach the new host before its init.
    void fresh.request({ type: 'init', seed: this.options.seed, network: DEFAULT_NETWORK });
  }

  private spawn(name: string): HostClient {
    return new HostClient(name, this.options.spawnHost(name));
  }
}
