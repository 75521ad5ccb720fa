/**
 * Requests the HPA sends beyond the typed verbs: the metrics.k8s.io read, which no ResourceInfo
 * describes (the apiserver proxies it to metrics-server), and the error text client-go would give.
 */
import type { ApiQuery, ApiRequestPayload } from '../../api/protocol.ts';
import { isStatus } from '../../api/status.ts';
import type { ClientResponse, ClientState } from '../../client/index.ts';
import type { JsonValue } from '../../../shared/index.ts';
import type { StepContext } from '../../sim/component.ts';

/** GET a raw path through the client, so the reply is routed back like any other (tag, data). */
export function sendGetPath(
  client: ClientState,
  ctx: StepContext,
  path: string,
  query: ApiQuery,
  tag: string,
  data: JsonValue,
): string {
  const payload: ApiRequestPayload = { kind: 'api.request', method: 'GET', path, query };
  if (client.credentials) payload.credentials = client.credentials;
  const id = ctx.send(client.apiserver, payload);
  client.pending.set(id, {
    tag,
    data,
    deadline: ctx.now + client.timeoutMs,
    sentAt: ctx.now,
    method: 'GET',
    path,
  });
  return id;
}

/** err.Error() of a failed request: the Status message, or client-go's generic text. */
export function errorText(r: ClientResponse, verb: string, groupResource: string): string {
  if (r.timedOut)
    return `the server was unable to return a response in the time allotted, but may still be processing the request (${verb} ${groupResource})`;
  if (isStatus(r.body) && r.body.message) return r.body.message;
  const generic: Record<number, string> = {
    404: 'the server could not find the requested resource',
    503: 'the server is currently unable to handle the request',
    403: 'forbidden',
  };
  return `${generic[r.code] ?? `an error on the server ("unknown") has prevented the request from succeeding`} (${verb} ${groupResource})`;
}
