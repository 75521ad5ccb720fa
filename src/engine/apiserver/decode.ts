/**
 * Reading and decoding a request body the way the apiserver's handlers do, after the filters
 * (authentication, authorization): the body is read up to the size limit (over it is 413; a
 * patch checks its media type first, a delete-collection its selectors); it must be a JSON
 * object; a missing apiVersion or kind is filled from the endpoint; a different group/version or
 * kind is a 400 BadRequest. A decoded object is a private deep copy the handler may change.
 */
import { deepCopy, isJsonObject, textByteSize } from '../../shared/index.ts';
import { copyWithBound, jsonLongerThan, longerThanItsBound } from '../etcd/jsonBound.ts';
import type { KubeObject } from '../api/objects.ts';
import { statusErrors, type StatusObject } from '../api/status.ts';
import { apiVersionOf, type ResourceInfo } from '../api/resources.ts';
import type { FieldError } from '../api/fieldErrors.ts';
import { isDecodeError } from './validation/fields.ts';

export type Decoded = { ok: true; object: KubeObject } | { ok: false; message: string };

export function parseBody(
  body: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (typeof body !== 'string') return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    return {
      ok: false,
      message: `couldn't get version/kind; json parse error: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Decodes a body meant to be an object of the given kind (or `expectedKind` for subresources). */
export function decodeObject(
  body: unknown,
  info: ResourceInfo,
  expectedKind = info.kind,
  expectedApiVersion = apiVersionOf(info),
): Decoded {
  const parsed = parseBody(body);
  if (!parsed.ok) return parsed;
  // JSON text parses into objects of the handler's own; an object body is shared with its sender.
  return decodeValue(
    parsed.value,
    typeof body === 'string',
    info,
    expectedKind,
    expectedApiVersion,
  );
}

export type ReadBody = { ok: true; object: KubeObject } | { ok: false; status: StatusObject };

/** limitedReadBody's refusal. */
function tooLarge(maxBytes: number): StatusObject {
  return statusErrors.tooLarge(`Request entity too large: limit is ${maxBytes}`);
}

/**
 * What a create or update handler does with its body: read at most `maxBytes` (413 past that,
 * whatever the body holds), then decodeObject (400 when it does not decode). An object body is
 * measured while it is copied, in one walk.
 */
export function readObjectBody(
  body: unknown,
  maxBytes: number,
  info: ResourceInfo,
  expectedKind = info.kind,
  expectedApiVersion = apiVersionOf(info),
): ReadBody {
  let decoded: Decoded;
  if (body === undefined || typeof body === 'string') {
    const refused = bodyTooLarge(body, maxBytes);
    if (refused) return { ok: false, status: refused };
    decoded = decodeObject(body, info, expectedKind, expectedApiVersion);
  } else {
    const { copy, bound } = copyWithBound(body);
    if (longerThanItsBound(body, bound, maxBytes)) return { ok: false, status: tooLarge(maxBytes) };
    decoded = decodeValue(copy, true, info, expectedKind, expectedApiVersion);
  }
  return decoded.ok ? decoded : { ok: false, status: statusErrors.badRequest(decoded.message) };
}

/** The 413 of a handler that reads a body it does not decode as an object (patch, delete). */
export function bodyTooLarge(body: unknown, maxBytes: number): StatusObject | undefined {
  return bodyLongerThan(body, maxBytes) ? tooLarge(maxBytes) : undefined;
}

function decodeValue(
  value: unknown,
  owned: boolean,
  info: ResourceInfo,
  expectedKind: string,
  expectedApiVersion: string,
): Decoded {
  if (value === undefined) return { ok: false, message: 'the body of the request was empty' };
  if (!isJsonObject(value)) {
    return {
      ok: false,
      message: `couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    };
  }
  const apiVersion = value.apiVersion ?? expectedApiVersion;
  const kind = value.kind ?? expectedKind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return {
      ok: false,
      message: `couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName(typeof apiVersion !== 'string' ? apiVersion : kind)} into Go struct field .${typeof apiVersion !== 'string' ? 'apiVersion' : 'kind'} of type string`,
    };
  }
  if (apiVersion !== expectedApiVersion) {
    return {
      ok: false,
      message: `the API version in the data (${apiVersion}) does not match the expected API version (${expectedApiVersion})`,
    };
  }
  if (kind !== expectedKind) {
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1]! : apiVersion;
    return {
      ok: false,
      message: `${kind} in version "${version}" cannot be handled as a ${expectedKind}: the kind in the data (${kind}) does not match the expected kind (${expectedKind})`,
    };
  }
  if (value.metadata !== undefined && !isJsonObject(value.metadata)) {
    return {
      ok: false,
      message: `${kind} in version "${apiVersion}" cannot be handled as a ${expectedKind}: json: cannot unmarshal ${goTypeName(value.metadata)} into Go struct field ${expectedKind}.metadata of type v1.ObjectMeta`,
    };
  }
  const object = (owned ? value : deepCopy(value)) as KubeObject;
  object.apiVersion = apiVersion;
  object.kind = kind;
  object.metadata = (object.metadata ?? {}) as KubeObject['metadata'];
  return { ok: true, object };
}

/** Whether a body on the wire is longer than `cap` bytes (the request size limit). */
function bodyLongerThan(body: unknown, cap: number): boolean {
  if (body === undefined) return false;
  if (typeof body === 'string') return textByteSize(body, cap) > cap;
  return jsonLongerThan(body, cap);
}

/**
 * The 400 the real apiserver answers when a body does not fit its Go types (it fails while
 * decoding, before validation): `Deployment in version "v1" cannot be handled as a Deployment:
 * json: cannot unmarshal string into Go struct field Deployment.spec.replicas of type int32`.
 */
export function decodeFailure(info: ResourceInfo, errors: FieldError[]): string | undefined {
  const first = errors.find(isDecodeError);
  if (!first) return undefined;
  const detail = first.detail ?? '';
  const unmarshal = /^cannot unmarshal (\S+) into Go value of type (.+)$/.exec(detail);
  const why = unmarshal
    ? `json: cannot unmarshal ${unmarshal[1]} into Go struct field ${info.kind}.${first.field} of type ${unmarshal[2]}`
    : detail;
  return `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${why}`;
}
