/**
 * Serves a ComponentHost over an endpoint: the body of a component-host Web Worker, and of the
 * in-process hosts tests and the fallback use. The host runs whatever the sequencer tells it, in
 * the order it is told; it never advances time on its own.
 */
import {
  answerQuery,
  ComponentHost,
  storeChangesSince,
  type ComponentRegistry,
  type ComponentSlot,
  type DeliveryResult,
  type EtcdState,
  type HostCommand,
  type RemoteResult,
} from '../../engine/index.ts';
import {
  checkVersion,
  PROTOCOL_VERSION,
  type HostEnvelope,
  type HostReplyBody,
  type HostReplyEnvelope,
  type HostRequest,
} from '../protocol.ts';
import type { Endpoint } from '../transport.ts';

export class HostServer {
  private current: ComponentHost | undefined;

  constructor(private readonly registry: ComponentRegistry) {}

  private get host(): ComponentHost {
    if (!this.current) throw new Error('host used before init');
    return this.current;
  }

  handle(request: HostRequest): HostReplyBody {
    switch (request.type) {
      case 'init':
        this.current = new ComponentHost(this.registry, request.network, request.seed);
        return { type: 'init' };
      case 'commands':
        return { type: 'commands', starts: this.run(request.commands) };
      case 'deliver':
        return {
          type: 'deliver',
          results: request.items.map(({ envelope, seq }) => ({
            seq,
            result: this.host.slots.has(envelope.to)
              ? this.withCounter(envelope.to, this.host.deliver(envelope, seq))
              : // This host replaced one whose worker died: the component went with it.
                this.withCounter(envelope.to, {
                  out: [],
                  notes: [],
                  error: 'its worker died and was replaced: the process is gone',
                }),
          })),
        };
      case 'snapshot':
        return { type: 'snapshot', slots: structuredClone([...this.host.slots.values()]) };
      case 'restore':
        this.restore(request.slots);
        return { type: 'restore' };
      case 'storeChanges': {
        const etcd = this.host.slots.get('etcd')?.state as EtcdState | undefined;
        return {
          type: 'storeChanges',
          changes: etcd ? storeChangesSince(etcd, request.since) : null,
        };
      }
      case 'inspect':
        return { type: 'inspect', state: structuredClone(this.host.slots.get(request.id)?.state) };
      case 'query':
        return {
          type: 'query',
          answer: answerQuery(this.host.slots.get(request.id)?.state, request.query),
        };
    }
  }

  private run(commands: HostCommand[]): { seq: number; result: RemoteResult }[] {
    const starts: { seq: number; result: RemoteResult }[] = [];
    for (const command of commands) {
      if (command.op === 'stop') {
        this.host.stop(command.id);
        continue;
      }
      // The sequencer keeps each component's message counter across restarts and hosts.
      this.host.slots.delete(command.id);
      this.host.retiredCounters.set(command.id, command.sent);
      const result = this.host.start(
        command.id,
        command.type,
        command.config,
        command.now,
        command.cause,
        command.generation,
      );
      starts.push({ seq: command.cause, result: this.withCounter(command.id, result) });
    }
    return starts;
  }

  private withCounter(id: string, result: DeliveryResult): RemoteResult {
    const sent = this.host.slots.get(id)?.sent ?? this.host.retiredCounters.get(id) ?? 0;
    return {
      out: result.out,
      notes: result.notes,
      ...(result.error !== undefined ? { error: result.error } : {}),
      sent,
    };
  }

  private restore(slots: ComponentSlot[]): void {
    this.host.slots.clear();
    for (const slot of structuredClone(slots)) this.host.slots.set(slot.id, slot);
  }
}

/** Answers host requests arriving on an endpoint until it closes. */
export function serveHost(
  endpoint: Endpoint<HostEnvelope, HostReplyEnvelope>,
  server: HostServer,
): () => void {
  return endpoint.listen((message) => {
    try {
      checkVersion(message);
      endpoint.post({ v: PROTOCOL_VERSION, id: message.id, reply: server.handle(message.request) });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      endpoint.post({ v: PROTOCOL_VERSION, id: message.id, error });
    }
  });
}
