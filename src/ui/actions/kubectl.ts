/**
 * What the actions share with kubectl: a request as a promise, and how kubectl prints what comes
 * back. The actions send the requests kubectl itself would send, so the message log and the
 * diagram show the real traffic of each command.
 */
import {
  formatKubectlError,
  type ApiResponsePayload,
  type HttpMethod,
  type KubeObject,
  type RequestOptions,
  type StatusObject,
} from '../../engine/display.ts';
import type { RuntimeClient } from '../../runtime/runtimeClient.ts';

/** Sends one API request as kubectl and resolves with its response. */
export type Call = (
  method: HttpMethod,
  path: string,
  options?: RequestOptions,
) => Promise<ApiResponsePayload>;

export function caller(runtime: RuntimeClient): Call {
  return (method, path, options) =>
    new Promise((resolve) => runtime.request(method, path, options, resolve));
}

export function succeeded(response: ApiResponsePayload): boolean {
  return response.code >= 200 && response.code < 300;
}

/** kubectl's stderr for a failed request: `Error from server (NotFound): ...`. */
export function serverError(response: ApiResponsePayload): string {
  return formatKubectlError(response.body as StatusObject).trimEnd();
}

/** A Status's bare message, as kubectl prints errors it wraps (`error: failed to patch ...`). */
export function statusMessage(response: ApiResponsePayload): string {
  return (response.body as StatusObject).message ?? `the server answered ${response.code}`;
}

export function asObject(response: ApiResponsePayload): KubeObject {
  return response.body as unknown as KubeObject;
}

/** What a command printed: its lines, and whether it ended well (stderr otherwise). */
export interface Outcome {
  ok: boolean;
  lines: string[];
}

export const done = (...lines: string[]): Outcome => ({ ok: true, lines });
export const failed = (...lines: string[]): Outcome => ({ ok: false, lines });

/** `-n team-a` when the namespace is not kubectl's default. */
export function namespaceFlag(namespace: string): string {
  return namespace === 'default' ? '' : ` -n ${namespace}`;
}
