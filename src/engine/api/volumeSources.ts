/**
 * The members of core/v1 VolumeSource, in the order the type declares them. A Volume sets exactly
 * one: validation reports none or several, and defaulting falls back to emptyDir when none is set.
 */
import type { JsonObject } from '../../shared/json.ts';

export const VOLUME_SOURCES: readonly string[] = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
];

/** The volume sources a Volume sets (a null member counts as unset), in declaration order. */
export function setVolumeSources(vol: JsonObject): string[] {
  return VOLUME_SOURCES.filter((s) => vol[s] !== undefined && vol[s] !== null);
}
