/** Builds PodInfo and NodeInfo for plugin unit tests, through the same code the cache uses. */
import { newCache, setNode, setPod } from '../cache.ts';
import { newPodInfo } from '../podInfo.ts';
import type { NodeInfo, PodInfo } from '../types.ts';
import { nodeObject, podObject, type NodeSpec } from './helpers.ts';

export function podInfo(...args: Parameters<typeof podObject>): PodInfo {
  const pod = podObject(...args);
  return newPodInfo(pod);
}

/** A NodeInfo holding the given pods (assigned to it). */
export function nodeInfo(name: string, spec: NodeSpec = {}, pods: PodInfo[] = []): NodeInfo {
  const cache = newCache();
  const info = setNode(cache, nodeObject(name, spec));
  for (const p of pods) setPod(cache, { ...p, nodeName: name });
  return info;
}
