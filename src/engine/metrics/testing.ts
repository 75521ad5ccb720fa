/**
 * Test stand-ins around the metrics pipeline:
 * - `aggregatingApiServer` wraps the kube-apiserver and proxies /apis/metrics.k8s.io to
 *   metrics-server as the aggregation layer does (until the apiserver serves that proxy itself);
 * - `fakeKubelet` answers metrics.scrape with the usage a test sets, and records load.demand.
 */
import { formatRfc3339, DEFAULT_START_SECONDS } from '../../shared/index.ts';
import { kubeApiServer } from '../apiserver/apiServer.ts';
import type { Component } from '../sim/component.ts';
import type { ComponentId } from '../sim/envelope.ts';
import { METRICS_SERVER, type PodUsage } from './protocol.ts';

interface AggregatorState {
  inner: unknown;
  /** Proxied request id -> the original request. */
  proxied: Record<string, { from: ComponentId; id: string }>;
}

export const aggregatingApiServer: Component<AggregatorState, unknown> = {
  type: 'kube-apiserver',
  init(config, ctx) {
    return { inner: kubeApiServer.init(config as never, ctx), proxied: {} };
  },
  step(state, message, ctx) {
    const p = message.payload;
    if (p.kind === 'api.request' && p.path.startsWith('/apis/metrics.k8s.io/')) {
      const id = ctx.send(METRICS_SERVER, { ...p });
      state.proxied[id] = { from: message.from, id: message.id };
      return state;
    }
    if (p.kind === 'api.response' && state.proxied[p.inReplyTo]) {
      const original = state.proxied[p.inReplyTo]!;
      delete state.proxied[p.inReplyTo];
      ctx.send(original.from, { ...p, inReplyTo: original.id });
      return state;
    }
    state.inner = kubeApiServer.step(state.inner as never, message, ctx);
    return state;
  },
};

export interface FakeKubeletConfig {
  node: string;
  startSeconds?: number;
}

export interface FakeKubeletState {
  node: string;
  startSeconds: number;
  /** `namespace/name` -> millicores the pod uses; set by the test. */
  usage: Record<string, number>;
  /** Every load.demand received, in order. */
  demands: Record<string, number>[];
  scrapes: number;
}

export const fakeKubelet: Component<FakeKubeletState, FakeKubeletConfig> = {
  type: 'fake-kubelet',
  init(config) {
    return {
      node: config.node,
      startSeconds: config.startSeconds ?? DEFAULT_START_SECONDS,
      usage: {},
      demands: [],
      scrapes: 0,
    };
  },
  step(state, message, ctx) {
    const p = message.payload;
    if (p.kind === 'metrics.scrape') {
      state.scrapes++;
      const timestamp = formatRfc3339(state.startSeconds + ctx.now / 1000);
      const pods: PodUsage[] = Object.entries(state.usage).map(([key, milli]) => {
        const [namespace = '', name = ''] = key.split('/');
        return {
          namespace,
          name,
          containers: [{ name: 'app', cpuMilli: milli, memoryBytes: 64 * 1024 * 1024 }],
          timestamp,
          windowSeconds: 15,
        };
      });
      ctx.send(message.from, {
        kind: 'metrics.report',
        inReplyTo: message.id,
        node: state.node,
        pods,
      });
    } else if (p.kind === 'load.demand') {
      state.demands.push(p.demand);
    }
    return state;
  },
};
