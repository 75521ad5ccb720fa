/**
 * Runs the sequencer's windows across component hosts: the commands a host must carry out
 * first, then each window's deliveries to every host at once, then the results merged back in
 * seq order. A host is never asked for the next window before all answered the last, which is
 * what keeps the trace identical whatever the placement.
 */
import type { DeliveryWindow, RemoteResult, Sequencer } from '../engine/index.ts';
import type { HostClient } from './hosts/hostClient.ts';
import type { Placement } from './placement.ts';

export class WindowDriver {
  constructor(
    private readonly sequencer: Sequencer,
    private readonly placement: Placement,
    private readonly hosts: ReadonlyMap<string, HostClient>,
    /** Called when a component with a host of its own stopped: its process can end for real. */
    private readonly onDedicatedHostStopped: (host: string) => void = () => {},
    /** Replaces a host whose worker died with a fresh one. */
    private readonly onHostFailed: (host: string) => void = () => {},
  ) {}

  /** Carries out the starts and stops the sequencer queued for remote hosts. */
  async flushCommands(): Promise<void> {
    const commands = this.sequencer.takeCommands();
    if (commands.length === 0) return;
    const byHost = this.group(commands, (c) => c.id);
    // A host whose worker died is replaced before it is asked to start anything.
    for (const [host, list] of byHost)
      if (this.host(host).failure !== undefined && list.some((c) => c.op === 'start'))
        this.onHostFailed(host);
    const replies = await Promise.all(
      [...byHost].map(async ([host, list]) => ({
        list,
        reply: await this.host(host).request({ type: 'commands', commands: list }),
      })),
    );
    for (const { list, reply } of replies) {
      const results = new Map(reply.starts.map((s) => [s.seq, s.result]));
      for (const command of list) {
        if (command.op === 'stop' && this.placement.hostOf(command.id) === command.id)
          this.onDedicatedHostStopped(command.id);
        if (command.op === 'start')
          this.sequencer.completeStart(command, results.get(command.cause)!);
      }
    }
  }

  /**
   * Delivers the next window (messages due by `until`, at most `maxCount`). Returns how many
   * messages it handled; 0 when nothing is due.
   */
  async runWindow(
    until = Number.POSITIVE_INFINITY,
    maxCount = Number.POSITIVE_INFINITY,
  ): Promise<number> {
    await this.flushCommands();
    const window = this.sequencer.beginWindow(until, maxCount);
    if (window.items.length === 0) return 0;
    const results = await this.deliverRemote(window);
    this.sequencer.finishWindow(window, results);
    return window.items.length;
  }

  /**
   * Sends each host its deliveries. A host that fails (its worker died) crashes the components
   * it was asked to run, with the reason, like a process killed under them; the others go on.
   */
  private async deliverRemote(window: DeliveryWindow): Promise<Map<number, RemoteResult>> {
    const results = new Map<number, RemoteResult>();
    if (window.remote.length === 0) return results;
    const byHost = this.group(window.remote, (item) => item.envelope.to);
    const replies = await Promise.allSettled(
      [...byHost].map(([host, items]) => this.host(host).request({ type: 'deliver', items })),
    );
    [...byHost.values()].forEach((items, i) => {
      const reply = replies[i]!;
      if (reply.status === 'fulfilled') {
        for (const { seq, result } of reply.value.results) results.set(seq, result);
        return;
      }
      const error = reply.reason instanceof Error ? reply.reason.message : String(reply.reason);
      for (const { envelope, seq } of items)
        results.set(seq, {
          out: [],
          notes: [],
          error,
          sent: this.sequencer.sentBy(envelope.to),
        });
    });
    return results;
  }

  private group<T>(items: T[], idOf: (item: T) => string): Map<string, T[]> {
    const byHost = new Map<string, T[]>();
    for (const item of items) {
      const host = this.placement.hostOf(idOf(item));
      if (host === null) throw new Error(`${idOf(item)} runs beside the sequencer, not in a host`);
      let list = byHost.get(host);
      if (!list) byHost.set(host, (list = []));
      list.push(item);
    }
    return byHost;
  }

  private host(name: string): HostClient {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host ${name}`);
    return host;
  }
}
