/**
 * The Kubernetes REST API as messages. A request is what an HTTP client would send (method, path,
 * query, body, credentials); a response is the status code and the decoded body. A watch is a GET
 * with ?watch=true whose response opens a stream of watch-event messages.
 */
import type { PlainObject } from '../../shared/index.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type PatchContentType =
  | 'application/merge-patch+json'
  | 'application/strategic-merge-patch+json'
  | 'application/json-patch+json';

/**
 * How a client proves who it is. Control-plane components present client certificates (the
 * common name is the user, organizations are groups); a missing credential is anonymous.
 */
export type Credentials =
  { type: 'x509'; commonName: string; organizations?: string[] } | { type: 'token'; token: string };

export interface ApiQuery {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: string;
  continue?: string;
  watch?: string;
  allowWatchBookmarks?: string;
  dryRun?: string;
  fieldManager?: string;
  propagationPolicy?: string;
  gracePeriodSeconds?: string;
  [key: string]: string | undefined;
}

export interface ApiRequestPayload {
  kind: 'api.request';
  method: HttpMethod;
  /** e.g. /api/v1/namespaces/default/pods or /apis/apps/v1/namespaces/default/deployments/web/scale */
  path: string;
  query?: ApiQuery;
  /** The request body: a decoded object, or raw text as an HTTP body would carry it. */
  body?: unknown;
  contentType?: PatchContentType | 'application/json';
  credentials?: Credentials;
}

export interface ApiResponsePayload {
  kind: 'api.response';
  inReplyTo: string;
  /** HTTP status code. */
  code: number;
  /** The object, list or Status. For a successful watch, `{kind: 'WatchStarted'}`: events follow. */
  body: PlainObject;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ApiWatchEventPayload {
  kind: 'api.watch';
  /** The id of the watch request message. */
  watchId: string;
  type: WatchEventType;
  /** The object; for ERROR, a Status. */
  object: PlainObject;
}

/** The client closes a watch (as closing the HTTP connection would). */
export interface ApiWatchClosePayload {
  kind: 'api.watchClose';
  watchId: string;
}

/** The server ended a watch (its timeout passed, or the apiserver is shutting down). */
export interface ApiWatchEndPayload {
  kind: 'api.watchEnd';
  watchId: string;
}
