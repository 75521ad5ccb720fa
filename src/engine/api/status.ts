/**
 * Errors as the apiserver returns them: metav1.Status objects with the real reason, code and
 * message wording (k8s.io/apimachinery/pkg/api/errors).
 */
import { aggregate, errorBody, formatFieldError, type FieldError } from './fieldErrors.ts';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Gone'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'TooManyRequests';

export interface StatusDetails {
  [field: string]: unknown;
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { type?: string; message?: string; field?: string }[];
}

export interface StatusObject {
  [field: string]: unknown;
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

export function isStatus(body: unknown): body is StatusObject {
  return (
    typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status'
  );
}

function failure(
  code: number,
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
): StatusObject {
  const s: StatusObject = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) s.details = details;
  return s;
}

/** What a Status names: the resource ("pods", "deployments.apps") and its group and kind. */
export interface Qualified {
  /** "pods", "deployments.apps" */
  groupResource: string;
  group: string;
  /** The resource (plural) as Status details.kind carries it for most errors. */
  resource: string;
}

export const statusErrors = {
  notFound: (q: Qualified, name: string) =>
    failure(404, 'NotFound', `${q.groupResource} "${name}" not found`, {
      name,
      group: q.group,
      kind: q.resource,
    }),

  alreadyExists: (q: Qualified, name: string) =>
    failure(409, 'AlreadyExists', `${q.groupResource} "${name}" already exists`, {
      name,
      group: q.group,
      kind: q.resource,
    }),

  /** The optimistic-concurrency failure every controller learns to retry. */
  conflict: (
    q: Qualified,
    name: string,
    why = 'the object has been modified; please apply your changes to the latest version and try again',
  ) =>
    failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${q.groupResource} "${name}": ${why}`,
      {
        name,
        group: q.group,
        kind: q.resource,
      },
    ),

  /** `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be ...` */
  invalid: (
    qualifiedKind: string,
    group: string,
    kind: string,
    name: string,
    errors: FieldError[],
  ) => {
    const message = errors.length
      ? `${qualifiedKind} "${name}" is invalid: ${aggregate(errors.map(formatFieldError))}`
      : `${qualifiedKind} "${name}" is invalid`;
    return failure(422, 'Invalid', message, {
      name,
      group,
      kind,
      causes: errors.map((e) => ({ type: e.type, message: errorBody(e), field: e.field })),
    });
  },

  badRequest: (message: string) => failure(400, 'BadRequest', message),

  /** RBAC's denial: `pods "web" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"` */
  forbidden: (q: Qualified, name: string, reason: string) =>
    failure(
      403,
      'Forbidden',
      name
        ? `${q.groupResource} "${name}" is forbidden: ${reason}`
        : `${q.groupResource} is forbidden: ${reason}`,
      {
        ...(name ? { name } : {}),
        group: q.group,
        kind: q.resource,
      },
    ),

  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),

  /** A watch or list from a resourceVersion the cache no longer holds. */
  resourceExpired: (message: string) => failure(410, 'Expired', message),

  gone: (message: string) => failure(410, 'Gone', message),

  methodNotAllowed: (method: string, q?: Qualified) =>
    failure(
      405,
      'MethodNotAllowed',
      `the server does not allow this method on the requested resource`,
      q ? { group: q.group, kind: q.resource } : undefined,
    ),

  /** A path no resource serves. */
  pathNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource'),

  unsupportedMediaType: (contentType: string) =>
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`,
    ),

  tooLarge: (message = 'the request is too large') =>
    failure(413, 'RequestEntityTooLarge', message),

  internal: (message: string) =>
    failure(500, 'InternalError', `Internal error occurred: ${message}`),

  unavailable: (message: string) => failure(503, 'ServiceUnavailable', message),
};

export function successStatus(details?: StatusDetails): StatusObject {
  const s: StatusObject = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 200,
  };
  if (details) s.details = details;
  return s;
}
