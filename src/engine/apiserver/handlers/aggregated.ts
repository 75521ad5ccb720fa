/**
 * The aggregation layer: API groups served by another server (APIService objects; here a fixed
 * table). kube-apiserver authenticates and authorizes the request, then proxies it to the
 * extension server and relays the answer; if the backend does not answer in time the client gets
 * 503 ServiceUnavailable, as a real aggregated API does when its service is down.
 */
import type { StepContext } from '../../sim/component.ts';
import type { ApiRequestPayload, ApiResponsePayload } from '../../api/protocol.ts';
import { statusErrors } from '../../api/status.ts';
import { reply } from '../respond.ts';
import type { ApiServerState } from '../state.ts';

/** group -> { version, component that serves it } (what `kubectl get apiservices` would list). */
export const API_SERVICES: Readonly<Record<string, { version: string; service: string }>> = {
  'metrics.k8s.io': { version: 'v1beta1', service: 'metrics-server' },
};

const PROXY_TIMEOUT_MS = 10_000;

export function proxyRequest(
  state: ApiServerState,
  from: string,
  id: string,
  p: ApiRequestPayload,
  group: string,
  ctx: StepContext,
): void {
  const target = API_SERVICES[group]!;
  const forwarded: ApiRequestPayload = { ...p };
  delete forwarded.credentials;
  const forwardId = ctx.send(target.service, forwarded);
  state.proxied[forwardId] = { client: from, id };
  ctx.note(
    `aggregation layer: proxying to ${target.service} (APIService ${target.version}.${group})`,
  );
  ctx.setTimer(PROXY_TIMEOUT_MS, 'proxyTimeout', forwardId);
}

/** A reply from an extension server; returns false if it was not a proxied request's. */
export function relayResponse(
  state: ApiServerState,
  p: ApiResponsePayload,
  ctx: StepContext,
): boolean {
  const origin = state.proxied[p.inReplyTo];
  if (!origin) return false;
  delete state.proxied[p.inReplyTo];
  reply(ctx, origin.client, origin.id, p.code, p.body);
  return true;
}

export function proxyTimedOut(state: ApiServerState, forwardId: string, ctx: StepContext): void {
  const origin = state.proxied[forwardId];
  if (!origin) return;
  delete state.proxied[forwardId];
  const status = statusErrors.unavailable('the server is currently unable to handle the request');
  reply(ctx, origin.client, origin.id, status.code, status);
}
