/**
 * The kubelet's own connections to pod IPs: HTTP and TCP probes and httpGet hooks are made by
 * the kubelet's prober straight to the pod's address, not through the runtime. Here a connection
 * is a `traffic` request to the runtime that owns the pod's network namespace, answered with a
 * status (200 from whatever listens there) or 'connection refused'.
 */
import type { StepContext } from '../../sim/component.ts';
import type { TrafficPayload } from '../../traffic/protocol.ts';
import type { Dial, KubeletState } from './state.ts';

export function dial(
  state: KubeletState,
  ctx: StepContext,
  ip: string,
  port: number,
  purpose: Dial,
): void {
  const requestId = `${ctx.self}/dial/${++state.dialSeq}`;
  state.dials.set(requestId, purpose);
  const request: TrafficPayload = {
    kind: 'traffic',
    requestId,
    destination: `${ip}:${port}`,
    protocol: 'TCP',
    source: state.config.internalIP,
    hops: [ctx.self],
  };
  ctx.send(state.config.runtime, request);
}

/** Claims the answer to one of our connections. */
export function takeDialReply(
  state: KubeletState,
  p: TrafficPayload,
): { purpose: Dial; response: NonNullable<TrafficPayload['response']> } | undefined {
  const purpose = state.dials.get(p.requestId);
  if (!purpose || !p.response) return undefined;
  state.dials.delete(p.requestId);
  return { purpose, response: p.response };
}

/**
 * probe.ResolveContainerPort: a probe's port, a number or the name of one of the container's
 * ports, or the error that makes the probe errored rather than failed (no connection is made).
 * httpGet hooks resolve their port the same way (NewRequestForHTTPGetAction).
 */
export function resolveProbePort(
  port: number | string | undefined,
  ports: readonly { name?: string; containerPort: number }[] | undefined,
): number | { error: string } {
  let n = port;
  if (typeof port === 'string') {
    n = ports?.find((p) => p.name === port)?.containerPort;
    if (n === undefined) return { error: `port ${JSON.stringify(port)} not found` };
  }
  if (typeof n === 'number' && n > 0 && n < 65536) return n;
  return { error: `invalid port number: ${n ?? -1}` };
}
