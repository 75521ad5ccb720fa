/** Shared by the printer tests: a fixed "now" and objects created some seconds before it. */
import type { KubeObject } from '../api/objects.ts';
import { DEFAULT_START_SECONDS, formatRfc3339 } from '../../shared/time.ts';

export const NOW = DEFAULT_START_SECONDS + 10 * 86400;
export const DAY = 86400;
export const ago = (s: number) => formatRfc3339(NOW - s);

export function obj(
  apiVersion: string,
  kind: string,
  name: string,
  age: number,
  rest: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: 'default', creationTimestamp: ago(age), ...meta },
    ...rest,
  };
}
