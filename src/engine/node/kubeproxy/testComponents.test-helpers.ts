/**
 * Stand-ins for kube-proxy's traffic tests: a container runtime that answers for the pods it
 * is told about, and a client ('user') that records the replies it gets.
 */
import type { Component } from '../../sim/component.ts';
import type { TrafficPayload } from '../../traffic/protocol.ts';

export interface FakeContainerdState {
  /** podIP -> pod name. */
  pods: Record<string, string>;
  served: number;
}

export const fakeContainerd: Component<FakeContainerdState, { pods: Record<string, string> }> = {
  type: 'fake-containerd',
  init: (config) => ({ pods: config.pods, served: 0 }),
  step(state, message, ctx) {
    const p = message.payload;
    if (p.kind !== 'traffic' || p.response) return state;
    const ip = p.destination.slice(0, p.destination.lastIndexOf(':'));
    const pod = state.pods[ip];
    state.served++;
    ctx.send(message.from, {
      ...p,
      hops: [...p.hops, ctx.self],
      response: pod ? { status: 200, servedBy: pod } : { status: 0, error: 'connection refused' },
    });
    return state;
  },
};

export interface TrafficUserState {
  replies: Record<string, TrafficPayload>;
}

export const trafficUser: Component<TrafficUserState> = {
  type: 'traffic-user',
  init: () => ({ replies: {} }),
  step(state, message) {
    const p = message.payload;
    if (p.kind === 'traffic' && p.response) state.replies[p.requestId] = p;
    return state;
  },
};
