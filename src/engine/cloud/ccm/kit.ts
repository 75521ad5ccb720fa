/**
 * What the cloud-controller-manager's controllers share: the shared node and service
 * informers, one API client, the cloud client, and each controller's own event recorder.
 * Replies are routed back to the controller named in their tag ("service:ensured").
 */
import type { JsonValue } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import {
  recordEvent,
  type ClientState,
  type EventRecorderState,
  type EventType,
  type Informer,
} from '../../client/index.ts';
import type { StepContext } from '../../sim/component.ts';
import type { Envelope } from '../../sim/envelope.ts';
import { CLOUD } from '../cloudProvider.ts';
import type { CloudRequest } from '../protocol.ts';

export interface CloudCall {
  tag: string;
  data?: JsonValue;
  method: CloudRequest['method'];
}

/** Cloud calls awaiting their reply, by request message id. */
export type CloudCalls = Record<string, CloudCall>;

export interface CloudReply {
  tag: string;
  data?: JsonValue;
  response?: Record<string, unknown>;
  error?: string;
}

export function takeCloudReply(calls: CloudCalls, message: Envelope): CloudReply | undefined {
  const p = message.payload;
  if (p.kind !== 'cloud.response') return undefined;
  const call = calls[p.inReplyTo];
  if (!call) return undefined;
  delete calls[p.inReplyTo];
  return {
    tag: call.tag,
    ...(call.data !== undefined ? { data: call.data } : {}),
    ...(p.response ? { response: p.response } : {}),
    ...(p.error !== undefined ? { error: p.error } : {}),
  };
}

export interface CcmKit {
  readonly ctx: StepContext;
  readonly clusterName: string;
  readonly nodes: Informer;
  readonly services: Informer;
  readonly client: ClientState;
  /** Tags for API requests and cloud calls: the controller name is prefixed. */
  tag(tag: string): string;
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  cloud(request: CloudRequest, tag: string, data?: JsonValue): void;
}

export function makeKit(
  ctx: StepContext,
  controller: string,
  shared: {
    clusterName: string;
    nodes: Informer;
    services: Informer;
    client: ClientState;
    calls: CloudCalls;
    recorder: EventRecorderState;
  },
): CcmKit {
  return {
    ctx,
    clusterName: shared.clusterName,
    nodes: shared.nodes,
    services: shared.services,
    client: shared.client,
    tag: (tag) => `${controller}:${tag}`,
    event: (obj, type, reason, message) =>
      void recordEvent(shared.recorder, shared.client, ctx, obj, type, reason, message),
    cloud: (request, tag, data) => {
      const id = ctx.send(CLOUD, { kind: 'cloud.request', request });
      shared.calls[id] = {
        tag: `${controller}:${tag}`,
        ...(data !== undefined ? { data } : {}),
        method: request.method,
      };
    },
  };
}
