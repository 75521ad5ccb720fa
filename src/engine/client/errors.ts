/**
 * Classifying replies as k8s.io/apimachinery/pkg/api/errors does (IsNotFound, IsConflict, ...),
 * on anything with a status code and a body: a ClientResponse, or an api.response payload.
 */
import type { PlainObject } from '../../shared/index.ts';
import { isStatus, type StatusReason } from '../api/status.ts';

export interface Reply {
  code: number;
  body: PlainObject;
  timedOut?: boolean;
}

export function isSuccess(r: Reply): boolean {
  return r.code >= 200 && r.code < 300;
}

/** The Status reason of a failed reply ('NotFound', 'Conflict', ...), if it carries one. */
export function reasonOf(r: Reply): StatusReason | undefined {
  return isStatus(r.body) ? r.body.reason : undefined;
}

/** The Status message of a failed reply. */
export function messageOf(r: Reply): string {
  return isStatus(r.body) ? (r.body.message ?? '') : '';
}

export const isNotFound = (r: Reply): boolean => r.code === 404 && reasonOf(r) === 'NotFound';
export const isAlreadyExists = (r: Reply): boolean => reasonOf(r) === 'AlreadyExists';
export const isConflict = (r: Reply): boolean => reasonOf(r) === 'Conflict';
export const isInvalid = (r: Reply): boolean => reasonOf(r) === 'Invalid';
export const isForbidden = (r: Reply): boolean => r.code === 403;
/** 410: a resourceVersion the server no longer has ('Expired' from the watch cache, or 'Gone'). */
export const isResourceExpired = (r: Reply): boolean =>
  r.code === 410 || reasonOf(r) === 'Expired' || reasonOf(r) === 'Gone';
export const isTooManyRequests = (r: Reply): boolean => r.code === 429;
/** No reply before the client's deadline, or the server's own timeout (504). */
export const isTimeout = (r: Reply): boolean => r.timedOut === true || r.code === 504;
