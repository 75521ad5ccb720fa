/**
 * Every message the engine's components exchange: a discriminated union on `kind`.
 * Messages are plain data (structured-cloneable) because they cross Web Worker boundaries.
 */
import type { JsonValue } from '../shared/index.ts';
import type {
  ApiRequestPayload,
  ApiResponsePayload,
  ApiWatchClosePayload,
  ApiWatchEndPayload,
  ApiWatchEventPayload,
} from './api/protocol.ts';
import type { EtcdRequestPayload, EtcdResponsePayload, EtcdWatchPayload } from './etcd/protocol.ts';
import type {
  CriEventPayload,
  CriRequestPayload,
  CriResponsePayload,
} from './node/cri/protocol.ts';
import type { FaultPayload } from './faults/protocol.ts';
import type {
  LoadPayload,
  LoadSetPayload,
  MetricsReportPayload,
  MetricsScrapePayload,
} from './metrics/protocol.ts';
import type { TrafficPayload } from './traffic/protocol.ts';
import type { CloudRequestPayload, CloudResponsePayload } from './cloud/protocol.ts';

/** A wake-up a component scheduled for itself with ctx.setTimer. */
export interface TimerPayload {
  kind: 'timer';
  name: string;
  data?: JsonValue;
}

export type Payload =
  | TimerPayload
  | EtcdRequestPayload
  | EtcdResponsePayload
  | EtcdWatchPayload
  | ApiRequestPayload
  | ApiResponsePayload
  | ApiWatchEventPayload
  | ApiWatchClosePayload
  | ApiWatchEndPayload
  | CriRequestPayload
  | CriResponsePayload
  | CriEventPayload
  | FaultPayload
  | MetricsScrapePayload
  | MetricsReportPayload
  | LoadPayload
  | LoadSetPayload
  | TrafficPayload
  | CloudRequestPayload
  | CloudResponsePayload;

export type PayloadKind = Payload['kind'];
