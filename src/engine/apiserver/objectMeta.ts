/**
 * The metadata the apiserver itself fills in (rest.FillObjectMetaSystemFields and friends):
 * uid, creationTimestamp, generated names, generation.
 */
import { formatRfc3339, randomString, randomUuid, type PrngState } from '../../shared/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { ResourceInfo } from '../api/resources.ts';

/** The alphabet of generated name suffixes: no vowels (no accidental words), no 0, 1, 3. */
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_NAME_LENGTH = 63;
const SUFFIX_LENGTH = 5;

/** generateName "web-7c9d4-" becomes "web-7c9d4-x2kqp": the base cut so the whole stays within 63. */
export function generateName(base: string, rng: PrngState): string {
  const cut =
    base.length > MAX_NAME_LENGTH - SUFFIX_LENGTH
      ? base.slice(0, MAX_NAME_LENGTH - SUFFIX_LENGTH)
      : base;
  return cut + randomString(rng, SUFFIX_LENGTH, NAME_SUFFIX_ALPHABET);
}

/** Resources whose strategy tracks metadata.generation (bumped on each spec change). */
const GENERATION_TRACKED = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/daemonsets',
  'batch/jobs',
  'autoscaling/horizontalpodautoscalers',
]);

export function tracksGeneration(info: ResourceInfo): boolean {
  return GENERATION_TRACKED.has(`${info.group}/${info.resource}`);
}

export function wallClock(startSeconds: number, nowMs: number): string {
  return formatRfc3339(startSeconds + nowMs / 1000);
}

/** Sets the fields a client may not choose on create. */
export function fillSystemFields(
  obj: KubeObject,
  info: ResourceInfo,
  rng: PrngState,
  timestamp: string,
): void {
  const meta = obj.metadata;
  meta.uid = randomUuid(rng);
  meta.creationTimestamp = timestamp;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (tracksGeneration(info)) meta.generation = 1;
  else delete meta.generation;
}
