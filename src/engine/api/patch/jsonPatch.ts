/**
 * JSON patch (RFC 6902, `application/json-patch+json`) as the apiserver applies it
 * (evanphx/json-patch v4.12, vendored by Kubernetes v1.30), with its error messages, e.g.
 * `testing value /spec/replicas failed: test failed` or
 * `add operation does not apply: doc is missing path: "/a/b": missing value`.
 *
 * Faithful quirks: `replace` of a missing object key adds it (v4 does not check objects);
 * negative array indices count from the end; a missing `value` means null.
 */
import { deepCopy, deepEqual, isJsonObject } from '../../../shared/json.ts';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';

export class JsonPatchError extends Error {
  /** 400 for a patch that is not an operation list, 422 for one that does not apply. */
  constructor(
    message: string,
    readonly code: 400 | 422,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

type Container = JsonObject | JsonValue[];

/** RFC 6901 token decoding. */
const decodeKey = (k: string): string => k.replace(/~1/g, '/').replace(/~0/g, '~');

/** findObject: the container holding the last token, or undefined. */
function findContainer(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let con: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: JsonValue | undefined;
    try {
      next = get(con, decodeKey(part));
    } catch {
      return undefined;
    }
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    con = next;
  }
  return { con, key: decodeKey(split[split.length - 1] ?? '') };
}

/** strconv.Atoi, with its error text. */
function atoi(key: string): number {
  if (!/^[+-]?[0-9]+$/.test(key))
    throw new Error(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

function index(arr: JsonValue[], key: string, extra = 0): number {
  let idx = atoi(key);
  const len = arr.length + extra;
  if (idx < 0) {
    if (idx < -len) throw new Error(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
    idx += len;
  }
  if (idx >= len) throw new Error(`Unable to access invalid index: ${atoi(key)}: ${INVALID_INDEX}`);
  return idx;
}

/** Reads a member; undefined for a missing object key, throws for a bad array index. */
function get(con: Container, key: string): JsonValue | undefined {
  if (!Array.isArray(con))
    return Object.prototype.hasOwnProperty.call(con, key) ? con[key] : undefined;
  return con[index(con, key)];
}

function add(con: Container, key: string, val: JsonValue): void {
  if (!Array.isArray(con)) {
    con[key] = val;
    return;
  }
  if (key === '-') {
    con.push(val);
    return;
  }
  let idx: number;
  try {
    idx = index(con, key, 1);
  } catch (e) {
    if (!/^[+-]?[0-9]+$/.test(key))
      throw new Error(`value was not a proper array index: '${key}': ${(e as Error).message}`, {
        cause: e,
      });
    throw e;
  }
  con.splice(idx, 0, val);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!Object.prototype.hasOwnProperty.call(con, key))
      throw new Error(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete con[key];
    return;
  }
  con.splice(index(con, key), 1);
}

interface Op {
  op: string;
  path?: string;
  from?: string;
  value: JsonValue;
}

/** The type name encoding/json puts in an UnmarshalTypeError. */
const jsonType = (v: unknown): string =>
  Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;

function readOps(patch: unknown): Op[] {
  if (patch === null) return []; // json.Unmarshal of null leaves the slice nil: no operations.
  if (!Array.isArray(patch))
    throw new JsonPatchError(
      `json: cannot unmarshal ${jsonType(patch)} into Go value of type jsonpatch.Patch`,
      400,
    );
  return patch.map((raw: unknown) => {
    if (raw !== null && !isJsonObject(raw))
      throw new JsonPatchError(
        `json: cannot unmarshal ${jsonType(raw)} into Go value of type jsonpatch.Operation`,
        400,
      );
    const o = raw ?? {};
    return {
      op: typeof o.op === 'string' ? o.op : 'unknown',
      path: typeof o.path === 'string' ? o.path : undefined,
      from: typeof o.from === 'string' ? o.from : undefined,
      value: o.value === undefined ? null : o.value,
    };
  });
}

function need(v: string | undefined, what: string): string {
  if (v === undefined) throw new Error(`${what}: ${MISSING}`);
  return v;
}

function wrap<T>(fn: () => T, prefix: string): T {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${prefix}: ${(e as Error).message}`, { cause: e });
  }
}

function applyOp(root: { doc: Container }, op: Op): void {
  const locate = (path: string, msg: string): { con: Container; key: string } => {
    const found = findContainer(root.doc, path);
    if (!found) throw new Error(`${msg}: ${MISSING}`);
    return found;
  };
  switch (op.op) {
    case 'add': {
      const path = need(op.path, 'add operation failed to decode path');
      const { con, key } = locate(
        path,
        `add operation does not apply: doc is missing path: "${path}"`,
      );
      wrap(() => add(con, key, deepCopy(op.value)), `error in add for path: '${path}'`);
      return;
    }
    case 'remove': {
      const path = need(op.path, 'remove operation failed to decode path');
      const { con, key } = locate(
        path,
        `remove operation does not apply: doc is missing path: "${path}"`,
      );
      wrap(() => remove(con, key), `error in remove for path: '${path}'`);
      return;
    }
    case 'replace': {
      const path = need(
        op.path,
        'replace operation failed to decode path: operation missing path field',
      );
      if (path === '') {
        // v4 wraps a nil error here, so a scalar value is silently ignored.
        if (typeof op.value === 'object' && op.value !== null) root.doc = deepCopy(op.value);
        return;
      }
      const { con, key } = locate(
        path,
        `replace operation does not apply: doc is missing path: ${path}`,
      );
      if (Array.isArray(con)) {
        let idx: number;
        try {
          idx = index(con, key);
        } catch {
          throw new Error(
            `replace operation does not apply: doc is missing key: ${path}: ${MISSING}`,
          );
        }
        con[idx] = deepCopy(op.value);
      } else con[key] = deepCopy(op.value);
      return;
    }
    case 'move': {
      const from = need(
        op.from,
        'move operation failed to decode from: operation, missing from field',
      );
      const src = locate(from, `move operation does not apply: doc is missing from path: ${from}`);
      const val = wrap(() => get(src.con, src.key), `error in move for path: '${src.key}'`);
      wrap(() => remove(src.con, src.key), `error in move for path: '${src.key}'`);
      const path = need(
        op.path,
        'move operation failed to decode path: operation missing path field',
      );
      const dst = locate(
        path,
        `move operation does not apply: doc is missing destination path: ${path}`,
      );
      wrap(() => add(dst.con, dst.key, val ?? null), `error in move for path: '${path}'`);
      return;
    }
    case 'copy': {
      const from = need(
        op.from,
        'copy operation failed to decode from: operation, missing from field',
      );
      const src = locate(from, `copy operation does not apply: doc is missing from path: ${from}`);
      const val = wrap(() => get(src.con, src.key), `error in copy for from: '${from}'`);
      const path = need(op.path, 'copy operation failed to decode path');
      const dst = locate(
        path,
        `copy operation does not apply: doc is missing destination path: ${path}`,
      );
      wrap(
        () => add(dst.con, dst.key, deepCopy(val ?? null)),
        'error while adding value during copy',
      );
      return;
    }
    case 'test': {
      const path = need(
        op.path,
        'test operation failed to decode path: operation missing path field',
      );
      const failed = `testing value ${path} failed: test failed`;
      if (path === '') {
        if (!deepEqual(root.doc, op.value)) throw new Error(failed);
        return;
      }
      const { con, key } = locate(path, `test operation does not apply: is missing path: ${path}`);
      const val = wrap(() => get(con, key), `error in test for path: '${path}'`);
      if (val === undefined || val === null) {
        if (op.value !== null) throw new Error(failed);
        return;
      }
      if (!deepEqual(val, op.value)) throw new Error(failed);
      return;
    }
    default:
      throw new Error(`Unexpected kind: ${op.op}`);
  }
}

/**
 * Applies an RFC 6902 patch to a copy of `doc`. Throws JsonPatchError: 400 when the patch is
 * not a list of operations, 422 when an operation does not apply (as the apiserver answers).
 */
export function applyJsonPatch(doc: JsonObject | JsonValue[], patch: unknown): JsonValue {
  const ops = readOps(patch);
  const root = { doc: deepCopy(doc) };
  for (const op of ops) {
    try {
      applyOp(root, op);
    } catch (e) {
      throw new JsonPatchError((e as Error).message, 422, { cause: e });
    }
  }
  return root.doc;
}
