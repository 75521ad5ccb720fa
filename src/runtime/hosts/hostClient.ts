/** The sequencer's handle on one component host: requests out, replies matched back by id. */
import {
  PROTOCOL_VERSION,
  checkVersion,
  type HostEnvelope,
  type HostReplyBody,
  type HostReplyEnvelope,
  type HostRequest,
} from '../protocol.ts';
import type { Endpoint } from '../transport.ts';

type ReplyOf<T extends HostRequest['type']> = Extract<HostReplyBody, { type: T }>;

export class HostClient {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (reply: HostReplyBody) => void; reject: (error: Error) => void }
  >();
  private readonly unlisten: () => void;
  /** Set once the host has failed or been terminated: every later request fails at once. */
  failure: string | undefined;

  constructor(
    readonly name: string,
    private readonly endpoint: Endpoint<HostReplyEnvelope, HostEnvelope>,
  ) {
    this.unlisten = endpoint.listen((message) => this.receive(message));
    endpoint.onFailure?.((reason) => this.fail(`host ${name} failed: ${reason}`));
  }

  request<T extends HostRequest['type']>(
    request: Extract<HostRequest, { type: T }>,
  ): Promise<ReplyOf<T>> {
    if (this.failure) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    return new Promise<ReplyOf<T>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (reply: HostReplyBody) => void, reject });
      this.endpoint.post({ v: PROTOCOL_VERSION, id, request });
    });
  }

  /** Marks the host failed (its worker threw at top level) and fails what it owed. */
  fail(reason: string): void {
    this.failure = reason;
    for (const { reject } of this.waiting.values()) reject(new Error(reason));
    this.waiting.clear();
  }

  /** Terminates the host for real. */
  close(): void {
    this.fail(`host ${this.name} was stopped`);
    this.unlisten();
    this.endpoint.close();
  }

  private receive(message: HostReplyEnvelope): void {
    checkVersion(message);
    const waiter = this.waiting.get(message.id);
    if (!waiter) return;
    this.waiting.delete(message.id);
    if (message.error !== undefined || !message.reply)
      waiter.reject(new Error(`host ${this.name}: ${message.error ?? 'empty reply'}`));
    else waiter.resolve(message.reply);
  }
}
