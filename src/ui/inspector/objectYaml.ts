/**
 * An object as `kubectl get -o yaml` prints it. kubectl marshals the decoded JSON through
 * go-yaml v2: map keys sorted, sequences not indented under their key, and YAML 1.1 scalar
 * rules, so strings such as "true", "1" or a timestamp are quoted to stay strings.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../engine/index.ts';

export function objectYaml(obj: KubeObject): string {
  return stringify(obj, { sortMapEntries: true, indentSeq: false, lineWidth: 0, version: '1.1' });
}
