/**
 * PATCH for the apiserver: dispatches on the request's Content-Type to JSON merge patch,
 * strategic merge patch or JSON patch, and turns failures into the message and HTTP code the
 * apiserver would answer (400 BadRequest, 415 UnsupportedMediaType, 422, 500).
 */
import { isJsonObject } from '../../../shared/json.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { PatchError } from './errors.ts';
import { applyJsonPatch, JsonPatchError } from './jsonPatch.ts';
import { applyMergePatch } from './mergePatch.ts';
import { applyStrategicMergePatch } from './strategic.ts';

export { applyMergePatch, createMergePatch } from './mergePatch.ts';
export { applyJsonPatch, JsonPatchError } from './jsonPatch.ts';
export { applyStrategicMergePatch } from './strategic.ts';
export { PatchError } from './errors.ts';
export { PATCH_TYPES, patchTypeForKind } from './schema.ts';
export type { PatchField, PatchType } from './schema.ts';

export type PatchContentType =
  | 'application/merge-patch+json'
  | 'application/strategic-merge-patch+json'
  | 'application/json-patch+json';

export type PatchResult =
  { ok: true; object: JsonObject } | { ok: false; error: string; code: 400 | 415 | 422 | 500 };

/** The body a patch produced must still be an object. */
const notAnObject = (v: unknown): PatchResult => ({
  ok: false,
  code: 400,
  error: `json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`,
});

/**
 * `share`: a strategic merge patch's result may keep the parts of `original` it did not touch
 * (see applyStrategicMergePatch); other patch types always return a private copy.
 */
export function applyPatch(
  contentType: string,
  kind: string,
  original: JsonObject,
  patch: unknown,
  share = false,
): PatchResult {
  try {
    switch (contentType) {
      case 'application/merge-patch+json': {
        // evanphx MergePatch: a null or non-object, non-array patch is ErrBadJSONPatch.
        if (!isJsonObject(patch) && !Array.isArray(patch))
          return { ok: false, code: 400, error: 'Invalid JSON Patch' };
        const out = applyMergePatch(original, patch);
        return isJsonObject(out) ? { ok: true, object: out } : notAnObject(out);
      }
      case 'application/strategic-merge-patch+json': {
        if (patch === null)
          return { ok: true, object: applyStrategicMergePatch(kind, original, {}, share) };
        if (!isJsonObject(patch)) return notAnObject(patch);
        return { ok: true, object: applyStrategicMergePatch(kind, original, patch, share) };
      }
      case 'application/json-patch+json': {
        const out = applyJsonPatch(original, patch);
        return isJsonObject(out) ? { ok: true, object: out } : notAnObject(out);
      }
      default:
        return {
          ok: false,
          code: 415,
          error:
            'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
        };
    }
  } catch (e) {
    if (e instanceof PatchError || e instanceof JsonPatchError)
      return { ok: false, error: e.message, code: e.code };
    throw e;
  }
}
